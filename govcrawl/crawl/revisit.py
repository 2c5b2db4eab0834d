"""The adaptive revisit policy of listings, sitemaps and feeds on re-crawls.

Each listing keeps when it last changed, judged by a fingerprint of the article links it lists
(not its HTML: counters, polls and "newest" boxes change on every page; nor the links of its
portal's start page, the furniture) and whether one of them is not archived yet, and an
interval: a visit that finds it unchanged doubles the interval up to
GOVCRAWL_LISTING_MAX_DAYS, one that finds it changed sets it back to
GOVCRAWL_LISTING_MIN_HOURS. Start pages are fetched every run, and the news sections they link
while active (at the minimum interval); any other listing when its interval has run out. Date
archives of closed periods (``/2019/05/``, ``?thang=5&nam=2019``), tag pages and a listing's
later pages are fetched only on a full walk (GOVCRAWL_FULL_WALK_DAYS), a later page on an
incremental walk only while the page before it had new articles. Settings:
GOVCRAWL_LISTING_MIN_HOURS, GOVCRAWL_LISTING_MAX_DAYS, GOVCRAWL_CONDITIONAL_REQUESTS.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from govcrawl.clock import Clock
from govcrawl.crawl import discovery
from govcrawl.items import PageVisit
from govcrawl.store.archived_pages import ArchivedPages

# Links of a listing seen for the first time sent to the store to date its last change.
MAX_DATING_LINKS = 200
# Vietnam's time: a month archive is closed once its month has ended there.
VIETNAM = timezone(timedelta(hours=7))
_YEAR = r"((?:19|20)\d\d)"
_MONTH = r"(0?[1-9]|1[0-2])"
# /2019/05/, /2019/05/page/2/, /archive/2019/05, /2019/ (a year).
_PATH_PERIOD = re.compile(rf"/{_YEAR}(?:/{_MONTH})?/?(?:page/\d+/?)?$")
_QUERY_YEAR = re.compile(rf"[?&](?:nam|year|y)={_YEAR}(?:&|$)", re.IGNORECASE)
_QUERY_MONTH = re.compile(rf"[?&](?:thang|month|mo)={_MONTH}(?:&|$)", re.IGNORECASE)
_QUERY_YEAR_MONTH = re.compile(rf"[?&]m={_YEAR}(\d\d)(?:&|$)")  # WordPress ?m=201905
# Tag and keyword pages: WordPress /tag/, "thẻ" and "từ khóa" slugs, Joomla's tags component.
_TAG = re.compile(
    r"/(?:tag|tags|the|tu-khoa|tukhoa|keyword|keywords|topic)/|[?&](?:tag|tags|tagid)=|"
    r"option=com_tags|[?&]op=tag(?:&|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RevisitPolicy:
    """The interval bounds, in hours (GOVCRAWL_LISTING_MIN_HOURS, GOVCRAWL_LISTING_MAX_DAYS)."""

    min_hours: float = 20.0
    max_hours: float = 30 * 24.0

    @classmethod
    def from_settings(cls, settings: Any) -> RevisitPolicy:
        return cls(settings.getfloat("GOVCRAWL_LISTING_MIN_HOURS"),
                   settings.getfloat("GOVCRAWL_LISTING_MAX_DAYS") * 24)  # fmt: skip

    def after(self, previous: PageVisit | None, fingerprint: str | None, now: str, *,
              fresh: bool = True) -> tuple[str, float]:  # fmt: skip
        """``(changed_at, interval_hours)`` after a visit at ``now`` that found ``fingerprint``
        (None: the server said 304, unchanged). A listing changed when its article links
        differ from the last visit's and one of them is ``fresh`` (not archived yet): one
        that only lost or reordered archived articles has nothing new to lead to."""
        if previous is None:
            return now, self.min_hours
        if fingerprint is not None and fingerprint != previous.fingerprint and fresh:
            return now, self.min_hours
        return previous.changed_at, min(max(previous.interval_hours, self.min_hours) * 2,
                                        self.max_hours)  # fmt: skip


def period(url: str) -> tuple[int, int | None] | None:
    """The (year, month or None) a date archive URL lists, or None for any other URL."""
    path, _, query = url.partition("?")
    path = path.split("://", 1)[-1]
    found = _PATH_PERIOD.search(path)
    if found and path.count("/") >= 2 and not query:
        return int(found.group(1)), int(found.group(2)) if found.group(2) else None
    if (both := _QUERY_YEAR_MONTH.search("?" + query)) is not None:
        return int(both.group(1)), int(both.group(2))
    year = _QUERY_YEAR.search("?" + query)
    if year is None:
        return None
    month = _QUERY_MONTH.search("?" + query)
    return int(year.group(1)), int(month.group(1)) if month else None


def is_closed_period(url: str, now: datetime) -> bool:
    """True for a date archive whose month (or year) has ended in Vietnam by ``now``."""
    found = period(url)
    if found is None:
        return False
    year, month = found
    today = now.astimezone(VIETNAM)
    if month is None:
        return year < today.year
    return (year, month) < (today.year, today.month)


def is_tag_page(url: str) -> bool:
    return _TAG.search(url) is not None


def full_walk_only(url: str, now: datetime) -> bool:
    """True for pages an incremental walk leaves for the full walk: date archives of closed
    periods, tag pages and a listing's later pages."""
    return is_tag_page(url) or is_closed_period(url, now) or discovery.is_later_page(url)


def fingerprint(links: Iterable[str]) -> str:
    """A listing's fingerprint: a hash of the set of article links it lists."""
    return hashlib.sha1("\n".join(sorted(set(links))).encode()).hexdigest()


def is_due(state: PageVisit, now: datetime) -> bool:
    """True when ``state``'s interval has run out by ``now``."""
    checked = datetime.fromisoformat(state.checked_at)
    return checked + timedelta(hours=state.interval_hours) <= now


def validators(state: PageVisit | None) -> dict[str, str]:
    """The conditional request headers ``state``'s validators allow (none without)."""
    if state is None:
        return {}
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


class Revisits:
    """The spider's side of the policy: which links an incremental walk leaves to their
    schedule, the listings due again, the conditional headers of a request, and what a visit
    learned (a ``PageVisit`` for the store). ``archive`` is the store's answers
    (govcrawl.store.archived_pages.ArchivedPages), None on a first crawl without an archive."""

    def __init__(self, policy: RevisitPolicy, clock: Clock, *, conditional: bool):
        self.policy = policy
        self.clock = clock
        self.conditional = conditional
        self.archive: ArchivedPages | None = None
        # The links of each portal's start pages in this crawl: furniture on every page.
        self.start_links: dict[str, set[str]] = {}
        self.scheduled: set[str] = set()  # portals whose due listings were requested

    def state(self, url: str) -> PageVisit | None:
        return self.archive.revisit_state(url) if self.archive is not None else None

    def skip(self, url: str, walk: str) -> str | None:
        """Why an incremental walk does not follow a link to ``url`` (None: it does): a page
        with a revisit schedule (``scheduled``: it is requested when due) or one left for the
        full walk (``full_walk_only``). A listing's later pages follow the walk's own rule."""
        if walk != "incremental" or discovery.is_later_page(url):
            return None
        state = self.state(url)
        if state is not None and state.kind == "page":
            return "scheduled"
        if full_walk_only(url, self.clock.now()):
            return "full_walk_only"
        return None

    def due(self, site: str, walk: str, start_urls: Iterable[str]) -> list[str]:
        """The listings of ``site`` due again, once per crawl, on an incremental walk: those
        whose interval has run out, and the news sections its start pages link that are
        active (their interval is the minimum: they changed at their last visit, or list
        the portal's newest articles), fetched every run until they stop changing."""
        if walk != "incremental" or self.archive is None or site in self.scheduled:
            return []
        self.scheduled.add(site)
        now, starts = self.clock.now(), set(start_urls)
        due = [v.url for v in self.archive.due_listings(site, now)]
        for url in sorted(self.start_links.get(site, ())):
            state = self.state(url)
            if (state is not None and state.kind == "page"
                    and state.interval_hours <= self.policy.min_hours
                    and not self.archive.is_archived(url)):  # fmt: skip
                due.append(url)
        return [url for url in dict.fromkeys(due)
                if url not in starts and not full_walk_only(url, now)]  # fmt: skip

    def revisits_as_article(self, url: str, url_kind: str | None) -> bool:
        """True when an archived ``url`` due for a revisit is fetched again as an article: not
        a page the family reads as a listing (``url_kind``), a closed date archive or a tag
        page, nor a page whose last visit fingerprinted it as a listing (a category page
        that extraction took for an undated article: it changes with every new article and
        holds none), unless its URL has an article's shape (articles read for their links)."""
        if url_kind == "listing" or full_walk_only(url, self.clock.now()):
            return False
        if url_kind == "article":
            return True
        state = self.state(url)
        return state is None or state.kind != "page" or state.fingerprint is None

    def headers(self, url: str) -> dict[str, str]:
        """Conditional request headers for ``url`` (none when switched off or unknown)."""
        return validators(self.state(url)) if self.conditional else {}

    def learn(self, url: str, site: str, kind: str, response_headers: Any, *, status: int = 200,
              links: Iterable[str] | None = None) -> PageVisit | None:  # fmt: skip
        """What a visit of ``url`` learned (``links``: what it lists; None with a 304).
        A page's links count without the portal's start-page links (its furniture); before
        a start page of the portal was read, a page teaches nothing."""
        previous, now = self.state(url), self.clock.stamp()
        listed: list[str] = []
        if links is not None:
            if kind == "page":
                if site not in self.start_links:
                    return None
                furniture = self.start_links[site]
                listed = [link for link in links if link not in furniture]
            else:
                listed = list(links)
        mark = None if status == 304 or kind == "article" else fingerprint(listed)
        fresh = self.archive is None or not all(map(self.archive.is_archived, listed))
        changed_at, interval = self.policy.after(previous, mark, now, fresh=fresh)
        return PageVisit(
            url=url, site=site, kind=kind, checked_at=now, changed_at=changed_at,
            interval_hours=interval, fingerprint=mark, etag=_header(response_headers, "ETag"),
            last_modified=_header(response_headers, "Last-Modified"), status=status,
            links=tuple(listed[:MAX_DATING_LINKS]) if previous is None and kind == "page" else (),
        )  # fmt: skip


def _header(headers: Any, name: str) -> str | None:
    value = headers.get(name) if headers is not None else None
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value
