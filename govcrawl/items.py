"""The records passed between stages: a fetched page (crawl -> extract), an extracted article
and its attachments (extract -> store), a removed article (crawl -> store), what a visit
taught of a listing, sitemap, feed or article (crawl <-> store), the exception a
page that is not an article is dropped with (extract -> store, through Scrapy's item_dropped),
and the crawl's plan, the portals a spider covers (crawl -> store and frontier, announced
through ``AnnouncesCrawlPlan``)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scrapy import Spider
from scrapy.exceptions import DropItem

# Discovery sources that list articles (govcrawl_source meta of the spider's requests).
ARTICLE_SOURCES = frozenset({"sitemap", "feed"})


@dataclass
class FetchedPage:
    """An HTML page as fetched; ``url`` is canonical, ``html`` decoded with the page's charset."""

    url: str
    response_url: str
    status: int
    html: str
    fetched_at: str  # UTC, ISO 8601
    site: str
    province: str | None
    agency: str | None
    url_kind: str | None = None  # "article" or "listing" when the platform's URL shapes say so
    body: bytes = b""  # the raw bytes, to re-decode a page whose charset is mis-declared
    source: str | None = None  # how the crawl found it: start, link, sitemap, feed, paging...
    capture_id: int | None = None  # its WARC record (``captures`` row); None: not captured
    # Other URLs that led here (canonical): the redirects followed to reach ``url``.
    aliases: tuple[str, ...] = ()

    @property
    def article_shaped(self) -> bool:
        """True when the crawl expects an article here: the platform family reads the URL as
        an article's, or a sitemap or feed listed it."""
        return self.url_kind == "article" or self.source in ARTICLE_SOURCES


@dataclass
class GonePage:
    """An archived article's URL that now answers ``status`` (404 or 410): it was removed."""

    url: str
    site: str
    status: int
    checked_at: str  # UTC, ISO 8601


@dataclass(frozen=True)
class Attachment:
    """A document linked from an article: canonical URL, file name, the link's text."""

    url: str
    filename: str
    link_text: str | None


@dataclass
class ArticleRecord:
    """One extracted article, ready to archive (all text NFC, times UTC ISO 8601).

    ``file_urls`` and ``files`` are Scrapy FilesPipeline's fields, for attachment downloads.
    """

    url: str
    site: str
    province: str | None
    agency: str | None
    title: str | None
    published: str | None
    author: str | None
    text: str
    lang: str | None
    content_hash: str
    fetched_at: str
    published_raw: str | None = None
    published_from: str | None = None
    modified: str | None = None
    source: str | None = None
    attachments: tuple[Attachment, ...] = ()
    file_urls: list[str] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    article_shaped: bool = False  # the page was expected to be an article (FetchedPage)
    extraction_path: str | None = None  # "trafilatura" or "induced" (govcrawl.extract.induction)
    capture_id: int | None = None  # the page's WARC record (FetchedPage.capture_id)
    aliases: tuple[str, ...] = ()  # other URLs that led to it (redirects), canonical
    extractor_version: str | None = None  # govcrawl.extract.version.EXTRACTOR_VERSION


@dataclass
class PageVisit:
    """What a crawl learned of a listing, sitemap or feed (``kind``: ``page``, ``sitemap``,
    ``feed``) or an article (``article``: its validators), for its next revisit
    (crawl -> store, the ``listing_revisits`` row; store -> crawl, the row as it stands).

    Times are UTC ISO 8601. ``fingerprint`` hashes the article links a listing lists (the
    entries of a sitemap or feed); ``changed_at`` is when it last changed and
    ``interval_hours`` how long after ``checked_at`` it is due again. ``links``: the links a
    listing seen for the first time lists, from which the store dates its last change.
    """

    url: str
    site: str
    kind: str
    checked_at: str
    changed_at: str
    interval_hours: float
    fingerprint: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200  # 304: unchanged, answered to a conditional request
    links: tuple[str, ...] = ()


class NotAnArticle(DropItem):
    """A page extraction classified as not an article; ``verdict`` says why (kind: reason)."""

    def __init__(self, message: str, *, verdict: str):
        super().__init__(message)
        self.verdict = verdict


@dataclass(frozen=True)
class PortalRun:
    """One portal a crawl covers: its registry key (or ad-hoc label) and its start URLs."""

    key: str
    start_urls: tuple[str, ...]


@dataclass(frozen=True)
class CrawlPlan:
    """What a crawl covers: the spider's name and its portals, one ``crawl_runs`` row each.

    A plan without portals (a spider that announces none) is one run for the whole crawl,
    labelled with no site, over ``start_urls``.
    """

    spider: str
    portals: tuple[PortalRun, ...] = ()
    start_urls: tuple[str, ...] = ()

    @property
    def sites(self) -> list[str]:
        """The portals' keys; the spider's name for a plan without portals."""
        return [portal.key for portal in self.portals] or [self.spider]

    def unreachable(self, stats: Mapping[str, Any]) -> list[str]:
        """Keys of the portals whose every start page failed (stats
        ``govcrawl/site/<key>/start_failed``): down, moved or misspelt."""
        return [
            portal.key for portal in self.portals
            if stats.get(f"govcrawl/site/{portal.key}/start_failed", 0) >= len(portal.start_urls)
        ]  # fmt: skip


class AnnouncesCrawlPlan(ABC):
    """A spider that tells the store and the frontier what it crawls (the portal spider)."""

    @abstractmethod
    def crawl_plan(self) -> CrawlPlan:
        """The portals this crawl covers, known from the spider's arguments."""


def crawl_plan(spider: Spider) -> CrawlPlan:
    """The plan ``spider`` announces; for a spider that announces none, one run of the crawl."""
    if isinstance(spider, AnnouncesCrawlPlan):
        return spider.crawl_plan()
    return CrawlPlan(spider=spider.name, start_urls=tuple(spider.start_urls))
