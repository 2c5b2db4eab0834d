"""Which date on a page is its publication date, which its last update, and where each came from.

Sources, most trusted first: JSON-LD (``datePublished``), meta tags (``article:published_time``,
microdata ``itemprop``), the byline near the headline, a date in the URL path, and last a dated
lead sentence in the body. Dates labelled "Cập nhật" / "updated" go to ``modified``, never to
``published``. A structured date stamped at the capture time while the byline says otherwise is a
render-time stamp, not a publication date (pure functions over an lxml tree).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml.html import HtmlElement

from govcrawl.extract.boilerplate import CHROME, FOREIGN, in_block, marker
from govcrawl.extract.main_block import is_headline_link
from govcrawl.text.dates import FoundDate, date_from_url, find_dates, lead_clue, parse_date

_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "datecreated",
)  # fmt: skip
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
_DATEISH = re.compile(r"date|time|ngay|thoigian|publish|posted|created|byline|meta|info", re.I)
_DATE_LABEL = re.compile(r"ngày đăng|đăng ngày|đăng tải|ngày:|ngày \d|posted|published", re.I)
# A label that makes the date after it a last-update date.
_UPDATED = re.compile(r"cập nhật|sửa đổi|chỉnh sửa|updated|modified|last update", re.I)
_SKIPPED_TAGS = {"script", "style", "a", "option", "title"}
# The longest byline without a date-like class ("Ngày đăng: 15/01/2020 | Cập nhật: ...").
_LABELLED_MAX = 90
# How far after the headline (in elements) a bare date line still counts as the byline.
_BYLINE_WINDOW = 25
# A structured date this close to the capture time may be the server's clock, not the article's.
_RENDER_STAMP = timedelta(hours=36)


@dataclass(frozen=True)
class PageDates:
    """The publication date and its origin (json-ld, meta, byline, url, body), and the update."""

    published: FoundDate | None = None
    published_from: str | None = None
    modified: FoundDate | None = None


# A teaser's date sits this close (levels) to its item, and a teaser is this short (chars).
_TEASER_DEPTH = 4
_TEASER_CHARS = 400


def page_dates(
    tree: HtmlElement, headline: HtmlElement | None, url: str, now: datetime, lead: str = ""
) -> PageDates:
    """Return the page's publication and update dates; ``now`` is the capture time (UTC).

    ``lead`` is the article's first sentence: its year-less date ("Chiều 15-1") settles a
    disagreement between structured metadata and the byline, and is never a date by itself.
    """
    structured, modified = _structured(tree, now)
    byline, byline_modified = _byline(tree, headline, now)
    modified = modified or byline_modified
    for origin, found in structured:
        if (
            byline
            and byline.iso[:10] != found.iso[:10]
            and _prefer_byline(found, byline, now, lead)
        ):
            break
        return PageDates(found, origin, modified)
    if byline:
        return PageDates(byline, "byline", modified)
    from_url = date_from_url(url, now=now)
    if from_url:
        return PageDates(from_url, "url", modified)
    return PageDates(None, None, modified)


def body_date(text: str, now: datetime) -> FoundDate | None:
    """A complete date in the lead (first line) of the body text: the last resort."""
    lead = text.split("\n", 1)[0][:300]
    found = find_dates(lead, now=now)
    return found[0] if found else None


def _prefer_byline(structured: FoundDate, byline: FoundDate, now: datetime, lead: str) -> bool:
    """True when a structured date that disagrees with the byline should give way to it."""
    if _near_capture(structured, now):
        return True
    return _matches_clue(byline, lead) and not _matches_clue(structured, lead)


def _near_capture(found: FoundDate, now: datetime) -> bool:
    moment = datetime.fromisoformat(found.iso) if "T" in found.iso else None
    if moment is None:
        return found.iso == now.date().isoformat()
    return abs(now - moment) <= _RENDER_STAMP


def _structured(
    tree: HtmlElement, now: datetime
) -> tuple[list[tuple[str, FoundDate]], FoundDate | None]:
    """Publication dates from JSON-LD and meta tags, in trust order, and the first update date."""
    published: list[tuple[str, FoundDate]] = []
    modified: list[FoundDate] = []
    for origin, key, value in _structured_values(tree):
        found = parse_date(value, now=now)
        if found is None:
            continue
        if key in _MODIFIED_META or key == "datemodified":
            modified.append(found)
        else:
            published.append((origin, found))
    return published, (modified[0] if modified else None)


def _structured_values(tree: HtmlElement) -> Iterator[tuple[str, str, str]]:
    """(origin, lower-cased key, value) of every date-carrying JSON-LD field and meta tag."""
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for node in _json_nodes(data):
            for key in ("datePublished", "dateCreated", "dateModified"):
                value = node.get(key)
                if isinstance(value, str):
                    yield "json-ld", key.lower(), value
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _PUBLISHED_META or key in _MODIFIED_META:
            yield "meta", key, meta.get("content")
    for element in tree.xpath("//*[@itemprop='datePublished' or @itemprop='dateModified']"):
        value = element.get("datetime") or element.get("content")
        if value:
            yield "meta", element.get("itemprop").lower(), value


def _json_nodes(data: object) -> Iterator[dict[str, object]]:
    """Every object of a JSON-LD document, including those under ``@graph`` and in lists."""
    if isinstance(data, list):
        for item in data:
            yield from _json_nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _json_nodes(data.get("@graph", []))


def _byline(
    tree: HtmlElement, headline: HtmlElement | None, now: datetime
) -> tuple[FoundDate | None, FoundDate | None]:
    """The first dated byline after the headline (else the first outside chrome and lists).

    Right after the headline, a short line holding only a date counts even without a date-like
    class ("Ngày 15 tháng 1 năm 2020" in a Word export). Returns (published, modified).
    """
    before: tuple[FoundDate | None, FoundDate | None] | None = None
    after_headline, distance = headline is None, 0
    for element in tree.iter():
        if element is headline:
            after_headline = True
            continue
        if not isinstance(element.tag, str) or element.tag in _SKIPPED_TAGS:
            continue
        distance += after_headline
        found = _dates_in(element, now, bare=after_headline and distance <= _BYLINE_WINDOW)
        if found is None or in_block(element, CHROME) or in_block(element, FOREIGN):
            continue
        if _in_teaser(element):
            continue
        if after_headline:
            return found
        before = before or found
    return before or (None, None)


def _in_teaser(element: HtmlElement) -> bool:
    """True for a date that belongs to a teaser of another article: its item (the nearest
    element with a headline link, short) has siblings of the same kind that link headlines too
    ("Tin liên quan" items whose list carries no class a reader of markup would know)."""
    for depth, item in enumerate((element, *element.iterancestors())):
        if depth > _TEASER_DEPTH or item.tag in ("body", "html"):
            return False
        if _headline_links(item):
            break
    else:
        return False
    parent = item.getparent()
    if parent is None or len(item.text_content()) > _TEASER_CHARS:
        return False
    return any(
        sibling is not item and sibling.tag == item.tag
        and sibling.get("class") == item.get("class") and _headline_links(sibling)
        for sibling in parent
    )  # fmt: skip


def _headline_links(element: HtmlElement) -> bool:
    return any(is_headline_link(a) for a in element.iter("a"))


def _dates_in(
    element: HtmlElement, now: datetime, *, bare: bool
) -> tuple[FoundDate | None, FoundDate | None] | None:
    """(published, modified) read from a byline-like element, or None if it is not one."""
    own = " ".join((element.text or "").split())
    labelled = bool(_DATE_LABEL.search(own) or _UPDATED.search(own))
    dated = bool(_DATEISH.search(marker(element)) or element.tag == "time")
    if not (dated or labelled or bare):
        return None
    text = element.get("datetime") or _time_datetime(element) or element.text_content()
    # A byline is short; a lead that opens "Ngày 15/01/2020, ..." is body, not byline.
    if len(text) > (200 if dated else _LABELLED_MAX if labelled else 60):
        return None
    return split_updated(text, now)


def _time_datetime(element: HtmlElement) -> str | None:
    """The ``datetime`` of a ``<time>`` inside a short byline: more precise than its text."""
    values = element.xpath(".//time/@datetime")
    return values[0] if len(values) == 1 and len(element.text_content()) <= _LABELLED_MAX else None


def split_updated(text: str, now: datetime) -> tuple[FoundDate | None, FoundDate | None] | None:
    """(published, modified) in a byline: a date after "Cập nhật"/"updated" is the update.

    Returns None when ``text`` holds no date.
    """
    published = modified = None
    previous_end = 0
    for found in find_dates(text, now=now):
        label = text[previous_end : found.start]
        if _UPDATED.search(label):
            modified = modified or found
        else:
            published = published or found
        previous_end = found.start + len(found.raw)
    if published is None and modified is None:
        month = parse_date(text, now=now)  # only a month: "Tháng 1/2020"
        return (month, None) if month and not _UPDATED.search(text[: month.start]) else None
    return published, modified


def _matches_clue(found: FoundDate, lead: str) -> bool:
    """True when ``found`` is the lead's year-less day ("Chiều 15-1") or the day after it."""
    clue = lead_clue(lead)
    if clue is None or len(found.iso) < 10:
        return False
    day = datetime.fromisoformat(found.iso[:10])
    return any(
        ((day - timedelta(days=s)).day, (day - timedelta(days=s)).month) == clue for s in (0, 1)
    )
