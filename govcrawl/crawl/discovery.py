"""Discovery: the URLs a response leads to (pages, sitemaps, feeds), as pure functions.

The spider turns these URLs into requests; scope and canonical form are applied there.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlparse

from lxml import etree
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.gz import gunzip
from scrapy.utils.response import get_base_url
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

# Pages never worth fetching: on-site search (WordPress ?s=, /tim-kiem, /search, ?keyword=,
# PHP-Nuke's name=Search, Joomla's com_search and com_finder, Drupal's ?keys=, SharePoint's
# results page), accounts, and print views.
SKIP_URL = re.compile(
    r"/(?:tim-kiem|timkiem|search|dang-nhap|dangnhap|login|logout|dang-ky|register|"
    r"ket-qua-tim-kiem|ketquatimkiem|search-results?|searchresults?|osssearchresults|"
    r"_layouts/(?:authenticate|signout))(?:[/.?-]|$)|"
    r"[?&](?:q|s|keyword|keywords|tukhoa|tu_khoa|search|searchword|query|keys)=|"
    r"[?&](?:name=search|option=com_(?:search|finder))(?:&|$)|"
    r"[?&](?:(?:print|printable|in)=(?:1|true|yes)|(?:file|op|view)=print)(?:&|$)|"
    r"^(?:javascript|mailto|tel|file|ftp|data):",
    re.IGNORECASE,
)
# The sitemaps.org protocol's limit of URLs per sitemap file; entries past it are ignored.
MAX_SITEMAP_URLS = 50_000
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_FILE_SIGNATURES = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b",
    b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf",
)  # fmt: skip
_CONTROL_BYTES = bytes([*range(9), *range(14, 32), 127])  # not tab, newlines, form feed
_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, recover=True, huge_tree=False
)
# A page number in a listing URL: ?page=2, ?PageIndex=3, Liferay's ..._cur=2, DotNetNuke grids'
# ...ChangePage=2_8, Joomla's ?start=20, /page/2/, /trang-2, "-c21072-5.html" categories.
_PAGE_NUMBER = re.compile(
    r"[?&;][\w.-]*?(?:page|paged|cur|trang|pageindex|pagenum|pagenumber|currentpage|pg|"
    r"changepage|start|limitstart|offset)=(\d+)|/(?:page|trang)[/-](\d+)/?(?:$|\?)|"
    r"-c\d+-(\d+)\.html?$",
    re.IGNORECASE,
)
_DENIED_EXTENSIONS = tuple(f".{extension}" for extension in IGNORED_EXTENSIONS)
# What a URL needs percent-encoded (w3lib's safe_url_string): anything but RFC 3986's
# characters, and a "%" that starts no escape.
_NEEDS_QUOTING = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")


def page_links(response: TextResponse) -> Iterator[str]:
    """Absolute http(s) URLs of a page's ``<a>`` and ``<area>`` links, each once, in page order:
    documents only (Scrapy's IGNORED_EXTENSIONS), no search, login or action links.

    The URLs Scrapy's ``LinkExtractor(tags=("a", "area"), unique=True)`` gives, without its
    per-link work this crawl does not use (anchor texts, nofollow, a canonical form for each:
    the spider makes its own). On menu-heavy listings that work cost as much as the rest of
    the page's handling in the crawl process.
    """
    base, encoding = get_base_url(response), response.encoding
    seen: set[str] = set()
    for element in response.selector.root.iter("a", "area"):
        href = element.get("href")
        if href is None:
            continue
        try:
            url = urljoin(base, strip_html5_whitespace(href))
            if _NEEDS_QUOTING.search(url):
                url = urljoin(response.url, safe_url_string(url, encoding=encoding))
            path = urlparse(url).path.lower()
        except ValueError:  # a bogus link ("http://[::1")
            continue
        if url in seen or not url[:8].lower().startswith(("http://", "https://")):
            continue
        seen.add(url)
        if not path.endswith(_DENIED_EXTENSIONS) and not SKIP_URL.search(url):
            yield url


def is_later_page(url: str) -> bool:
    """True for a listing page past the first (a page number or offset of 1 or more)."""
    found = _PAGE_NUMBER.search(url)
    return found is not None and int(next(g for g in found.groups() if g)) >= 1


def looks_binary(body: bytes) -> bool:
    """True when a body served as HTML is a file (image, PDF, archive, Office document) or
    noise: a known file signature, or control bytes in over a tenth of its first KB."""
    head = body[:1024]
    if head.startswith(_FILE_SIGNATURES):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs
        return False
    return len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) / 10


def feed_links(response: TextResponse) -> Iterator[str]:
    """Absolute URLs of the RSS/Atom feeds an HTML page announces in ``<link rel=alternate>``."""
    for link in response.xpath('//link[@rel="alternate"][@href]'):
        if (link.attrib.get("type") or "").lower() in _FEED_TYPES:
            yield response.urljoin(link.attrib["href"])


def sitemaps_from_robots(response: TextResponse) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt response."""
    return list(sitemap_urls_from_robots(response.body, base_url=response.url))


def sitemap_entries(response: Response, *, max_size: int) -> tuple[str, list[str]]:
    """Return a sitemap's type (``urlset``, ``sitemapindex`` or ``invalid``) and its URLs
    (see ``sitemap_entries_dated``)."""
    kind, entries = sitemap_entries_dated(response, max_size=max_size)
    return kind, [loc for loc, _ in entries]


def sitemap_entries_dated(
    response: Response, *, max_size: int
) -> tuple[str, list[tuple[str, str | None]]]:
    """Return a sitemap's type (``urlset``, ``sitemapindex`` or ``invalid``) and its entries:
    URL and ``<lastmod>`` (None without).

    Reads gzip bodies (up to ``max_size`` bytes uncompressed) and flat sitemaps that list
    sub-sitemaps as ordinary URLs; keeps the first MAX_SITEMAP_URLS entries. A sitemap that
    declares entities is invalid.
    """
    body = response.body
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=max_size)
        except (OSError, ValueError):
            return "invalid", []
    if b"<!ENTITY" in body:  # entity expansion ("billion laughs") or XXE: no sitemap needs it
        return "invalid", []
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, ValueError):
        return "invalid", []
    if sitemap.type not in ("urlset", "sitemapindex"):
        return "invalid", []
    locs = ((entry["loc"], entry.get("lastmod")) for entry in sitemap if entry.get("loc"))
    return sitemap.type, list(itertools.islice(locs, MAX_SITEMAP_URLS))


def looks_like_sitemap(url: str) -> bool:
    """True for URLs that name a sitemap file (``.xml``, ``.xml.gz``) rather than a page."""
    return bool(re.search(r"\.xml(?:\.gz)?(?:\?|$)", url, re.IGNORECASE))


def feed_entries(response: Response) -> list[str]:
    """Article URLs of an RSS 2.0, RSS 1.0 (RDF) or Atom feed; empty for anything else."""
    return [url for url, _ in feed_entries_dated(response)]


def feed_entries_dated(response: Response) -> list[tuple[str, str | None]]:
    """The entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed: article URL and its date as the
    feed gives it (``pubDate``, ``dc:date``, ``updated``, ``published``; None without)."""
    try:
        root = etree.fromstring(response.body, parser=_XML_PARSER)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    entries: list[tuple[str, str | None]] = []
    for item in root.xpath("//*[local-name()='item' or local-name()='entry']"):
        if etree.QName(item).localname == "item":
            links = [t.strip() for t in item.xpath("*[local-name()='link']/text()")]
        else:
            links = item.xpath("*[local-name()='link'][not(@rel) or @rel='alternate']/@href")
        dates = item.xpath("*[local-name()='pubDate' or local-name()='date' or "
                           "local-name()='updated' or local-name()='published']/text()")  # fmt: skip
        if links and links[0]:
            entries.append((response.urljoin(links[0]), dates[0].strip() if dates else None))
    return entries


def is_before(date: str, since: str) -> bool:
    """True when a sitemap or feed ``date`` (W3C datetime, or RFC 822 as RSS has it) is
    surely earlier than ``since`` (ISO 8601); a date alone counts to the end of its day, and
    an unreadable one is never earlier."""
    when = _parse_date(date.strip())
    return when is not None and when < datetime.fromisoformat(since)


def _parse_date(text: str) -> datetime | None:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.fromisoformat(text).replace(tzinfo=UTC) + timedelta(days=1)
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
