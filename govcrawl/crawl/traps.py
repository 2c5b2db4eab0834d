"""Crawler traps: requests that would never end (calendars, nested language switches, growing
query strings, filter combinations, repeating listings) and per-site page budgets.

``TrapGuardMiddleware`` is a spider middleware: it drops such requests from a spider's output,
logs the first of each reason and counts every one as ``govcrawl/trap/<reason>``;
``PageBudgetMiddleware`` (downloader) stops a site at its page budget (``govcrawl/trap/budget``). Settings:
GOVCRAWL_MAX_PAGES_PER_SITE, GOVCRAWL_MAX_URL_LENGTH, GOVCRAWL_MAX_PATH_SEGMENTS,
GOVCRAWL_MAX_QUERY_SHAPES, GOVCRAWL_MAX_DATED_PAGES_PER_PATH.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from govcrawl.crawl.discovery import is_later_page

logger = logging.getLogger(__name__)

_LANGUAGE = re.compile(r"^(?:vi|en|vn|fr|zh|ja|ko|vi[-_]vn|en[-_]us|en[-_]gb)$", re.IGNORECASE)
_DATE_IN_URL = re.compile(
    r"(?<!\d)((?:19|20|21|22|23)\d{2})[-/]?(0[1-9]|1[0-2])(?:[-/]?([0-3]\d))?(?!\d)"
)
_CALENDAR_PATH = re.compile(
    r"/(?:calendar|lich|lich-cong-tac|event|events|su-kien)/", re.IGNORECASE
)
EARLIEST_YEAR = 1995
# Query parameters that page by period: week, month, year (Vietnamese and English).
_PERIOD_PARAMETERS = frozenset({"tuan", "week", "thang", "month", "nam", "year", "ngay", "day"})
_PATH_DATE = re.compile(r"(?:19|20)\d{2}[-/]\d{1,2}(?:[-/]\d{1,2})?")
# A query value that is a date: 2025-11-03, 03/11/2025, 2025-11, 20251103.
_QUERY_DATE = re.compile(r"\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}[/-]\d{1,2}[/-]\d{4}|(?:19|20)\d{6}")


def trap_reason(url: str, *, max_length: int, max_segments: int) -> str | None:
    """Why ``url`` looks like a trap (``long_url``, ``deep_path``, ``repeated_segments``,
    ``nested_language``, ``calendar``), or None."""
    parts = urlsplit(url)
    if len(url) > max_length or len(parse_qsl(parts.query)) > 15:
        return "long_url"
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) > max_segments:
        return "deep_path"
    if any(count >= 3 for count in Counter(s.lower() for s in segments).values()):
        return "repeated_segments"
    if sum(1 for s in segments if _LANGUAGE.match(s)) >= 2:
        return "nested_language"  # Liferay: /en/vi/en/... links nest forever
    if _calendar_out_of_range(url):
        return "calendar"
    return None


def _calendar_out_of_range(url: str) -> bool:
    """A calendar-like URL with a date before any portal existed or over a year ahead."""
    if not (
        _CALENDAR_PATH.search(url)
        or re.search(r"[?&](?:date|ngay|day|month|thang|year|nam)=", url, re.I)
    ):
        return False
    latest = datetime.now(UTC).year + 1
    return any(not EARLIEST_YEAR <= int(m.group(1)) <= latest for m in _DATE_IN_URL.finditer(url))


# Requests that page through a listing (platform paging hooks).
PAGING_SOURCES = ("paging", "postback", "ajax_page")


class TrapGuardMiddleware:
    """Drops trap requests and requests over a site's page budget from the spider's output."""

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.max_length = settings.getint("GOVCRAWL_MAX_URL_LENGTH")
        self.max_segments = settings.getint("GOVCRAWL_MAX_PATH_SEGMENTS")
        self.max_shapes = settings.getint("GOVCRAWL_MAX_QUERY_SHAPES")
        self.max_dated = settings.getint("GOVCRAWL_MAX_DATED_PAGES_PER_PATH")
        self.max_hops = settings.getint("GOVCRAWL_MAX_HOPS")
        self.dated: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        self.shapes: defaultdict[tuple[str, str], set[frozenset[str]]] = defaultdict(set)
        self.reported: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for entry in result:
            if not isinstance(entry, Request) or self._allowed(entry, response):
                yield entry

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        return (
            entry
            for entry in result
            if not isinstance(entry, Request) or self._allowed(entry, response)
        )

    def _hops(self, request: Request, response: Response | None) -> int:
        """Link hops from a start page; the pages of a listing past the first add none, so a
        long listing is walked to its end (Scrapy's DEPTH_LIMIT would cut it)."""
        paging = request.meta.get("govcrawl_source") in PAGING_SOURCES or is_later_page(request.url)
        parent = response.meta.get("govcrawl_hops", 0) if response is not None else 0
        return parent + (0 if paging else 1)

    def _allowed(self, request: Request, response: Response | None) -> bool:
        if request.meta.get("govcrawl_source") in ("start", "robots", "sitemap"):
            return True
        request.meta["govcrawl_hops"] = hops = self._hops(request, response)
        reason = "too_many_hops" if self.max_hops and hops > self.max_hops else None
        reason = reason or trap_reason(
            request.url, max_length=self.max_length, max_segments=self.max_segments
        )
        reason = reason or self._too_many_shapes(request.url) or self._calendar_walk(request.url)
        if reason is None:
            return True
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"govcrawl/trap/{reason}")
        if reason not in self.reported:
            self.reported.add(reason)
            logger.info(
                "Trap (%s), dropping %s and counting the rest in stats", reason, request.url
            )
        return False

    def _calendar_walk(self, url: str) -> str | None:
        """Calendars walk forever: one path paged by a date in the query (``?date=2025-11-03``,
        ``?tuan=24&nam=2025``) or a calendar path with a date in it (``/lich-cong-tac/2019-06``)."""
        parts = urlsplit(url)
        query = parse_qsl(parts.query)
        dated = [v for _, v in query if _QUERY_DATE.fullmatch(v.strip())]
        dated += [v for k, v in query if k.lower() in _PERIOD_PARAMETERS and v.strip().isdigit()]
        if dated:
            key, variant = (parts.netloc, parts.path), parts.query
        elif _CALENDAR_PATH.search(parts.path) and _PATH_DATE.search(parts.path):
            key, variant = (parts.netloc, _PATH_DATE.sub("D", parts.path)), parts.path
        else:
            return None
        seen = self.dated[key]
        if self.max_dated > 0 and variant not in seen and len(seen) >= self.max_dated:
            return "calendar"
        seen.add(variant)
        return None

    def _too_many_shapes(self, url: str) -> str | None:
        """Faceted filters: too many different sets of query parameter names on one path."""
        parts = urlsplit(url)
        if not parts.query or self.max_shapes <= 0:
            return None
        shapes = self.shapes[(parts.netloc, parts.path)]
        shape = frozenset(name for name, _ in parse_qsl(parts.query, keep_blank_values=True))
        if shape not in shapes and len(shapes) >= self.max_shapes:
            return "query_shapes"
        shapes.add(shape)
        return None


class PageBudgetMiddleware:
    """Downloader middleware: at most GOVCRAWL_MAX_PAGES_PER_SITE requests per crawl target.

    Counted after Scrapy's duplicate filter, so the budget is pages really fetched.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.budget = crawler.settings.getint("GOVCRAWL_MAX_PAGES_PER_SITE")
        self.requests_per_site: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if crawler.settings.getint("GOVCRAWL_MAX_PAGES_PER_SITE") <= 0:
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        site = request.meta.get("govcrawl_site", "")
        self.requests_per_site[site] += 1
        if self.requests_per_site[site] <= self.budget:
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("govcrawl/trap/budget")
        if self.requests_per_site[site] == self.budget + 1:
            logger.warning(
                "Site %s reached its budget of %d pages: the rest is skipped", site, self.budget
            )
        raise IgnoreRequest(f"page budget of {site} spent")
