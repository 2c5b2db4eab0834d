"""The ``portal`` spider: crawls one portal's news pages, staying on its host and sub-site.

    scrapy crawl portal -a url=https://lamdong.gov.vn/sites/skhcn/SitePages/Home.aspx
    scrapy crawl portal -a site=lam_dong_skhcn
    scrapy crawl portal -a url=http://127.0.0.1:8089/ -a province="Lâm Đồng" -a agency="Sở KH&CN"

Arguments: ``url`` (start URL; several separated by spaces), ``site`` (registry key),
``province``, ``agency``, ``prefix`` (path prefix to stay under, e.g. ``/sites/skhcn/``).
Discovery: the start pages, every in-scope link, robots.txt ``Sitemap:`` lines, /sitemap.xml and
announced RSS/Atom feeds. Every HTML page goes to the pipelines, which keep only articles.
Settings: GOVCRAWL_SITEMAPS_ENABLED, GOVCRAWL_FEEDS_ENABLED. Stats: ``govcrawl/discovery/<source>``
(requests made per discovery source), ``govcrawl/fetch/not_html``, ``govcrawl/fetch/failed``,
``govcrawl/fetch/start_failed``, ``govcrawl/sitemap/invalid``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, Self

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.http.response.html import HtmlResponse

from govcrawl import discovery
from govcrawl.items import FetchedPage
from govcrawl.sites import Site, get_site
from govcrawl.urls import Scope, canonical_url, is_http_url


class SpiderArgumentError(ValueError):
    """A spider argument is wrong; the message says which and what to pass instead."""


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, url: str | None = None, site: str | None = None, province: str | None = None,
                 agency: str | None = None, prefix: str | None = None, **kwargs: Any):  # fmt: skip
        super().__init__(**kwargs)
        entry: Site | None = get_site(site) if site else None
        urls = url.split() if url else list(entry.start_urls if entry else [])
        if not urls:
            raise SpiderArgumentError(
                "give a start URL (-a url=https://...) or a registry key (-a site=KEY)"
            )
        for start in urls:
            if not is_http_url(start):
                raise SpiderArgumentError(
                    f"not an http(s) URL: {start!r} (use -a url=https://host/path)"
                )
        self.start_urls = [canonical_url(u) for u in urls]
        self.scope = Scope.from_start_url(
            self.start_urls[0], prefix or (entry.path_prefix if entry else None)
        )
        self.site_key = entry.key if entry else self._scope_label()
        self.province = province or (entry.province if entry else None)
        self.agency = agency or (entry.agency if entry else None)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.use_sitemaps = crawler.settings.getbool("GOVCRAWL_SITEMAPS_ENABLED")
        spider.use_feeds = crawler.settings.getbool("GOVCRAWL_FEEDS_ENABLED")
        spider.max_sitemap_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        # With robots.txt obeyed, Scrapy fetches it anyway: read its Sitemap lines from there.
        spider.robots_from_scrapy = crawler.settings.getbool("ROBOTSTXT_OBEY")
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    def _scope_label(self) -> str:
        netloc = (
            self.scope.host if self.scope.port is None else f"{self.scope.host}:{self.scope.port}"
        )
        return netloc + self.scope.path_prefix.rstrip("/")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            yield self._request(url, self.parse_page, "start")
        if self.use_sitemaps:
            scheme = self.start_urls[0].split(":", 1)[0]
            root = self.scope.root_url(scheme)
            host_root = root[: len(root) - len(self.scope.path_prefix)] + "/"
            if not self.robots_from_scrapy:
                yield self._request(host_root + "robots.txt", self.parse_robots, "robots")
            for base in dict.fromkeys([host_root, root]):
                yield self._request(base + "sitemap.xml", self.parse_sitemap, "sitemap")

    def parse_page(self, response: Response) -> Iterator[scrapy.Request | FetchedPage]:
        if not isinstance(response, HtmlResponse):
            self._count("fetch/not_html")
            return
        yield FetchedPage(
            url=canonical_url(response.url), response_url=response.url, status=response.status,
            html=response.text, fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            site=self.site_key, province=self.province, agency=self.agency,
        )  # fmt: skip
        for url in discovery.page_links(response):
            yield from self._follow(url, self.parse_page, "link")
        if self.use_feeds:
            for url in discovery.feed_links(response):
                yield from self._follow(url, self.parse_feed, "feed")

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if isinstance(response, TextResponse):
            for url in discovery.sitemaps_from_robots(response):
                yield self._request(url, self.parse_sitemap, "sitemap", any_host=True)

    def robots_parsed(self, robotparser: Any, request: scrapy.Request) -> None:
        """Scrapy read a host's robots.txt: follow its ``Sitemap:`` lines (Protego parser)."""
        if not self.use_sitemaps or not self.scope.same_host(request.url):
            return
        assert self.crawler.engine is not None
        for url in getattr(getattr(robotparser, "rp", None), "sitemaps", ()):
            self.crawler.engine.crawl(
                self._request(url, self.parse_sitemap, "sitemap", any_host=True)
            )

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        kind, urls = discovery.sitemap_entries(response, max_size=self.max_sitemap_size)
        if kind == "invalid":
            self._count("sitemap/invalid")
            return
        for url in urls:
            if kind == "sitemapindex" or discovery.looks_like_sitemap(url):
                yield from self._follow(url, self.parse_sitemap, "sitemap")
            else:
                yield from self._follow(url, self.parse_page, "sitemap_page")

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        for url in discovery.feed_entries(response):
            yield from self._follow(url, self.parse_page, "feed_page")

    def _follow(self, url: str, callback: Any, source: str) -> Iterator[scrapy.Request]:
        if is_http_url(url) and self.scope.contains(url):
            yield self._request(canonical_url(url), callback, source)

    def _request(
        self, url: str, callback: Any, source: str, *, any_host: bool = False
    ) -> scrapy.Request:
        self._count(f"discovery/{source}")
        meta = {"govcrawl_source": source, "govcrawl_any_host": any_host}
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta)

    def on_error(self, failure: Any) -> None:
        source = failure.request.meta.get("govcrawl_source", "link")
        if failure.check(IgnoreRequest):  # robots.txt, scope: counted by their middlewares
            self.logger.debug("Ignored %s: %s", failure.request.url, failure.value)
            return
        if source in ("robots", "sitemap"):  # optional files: their absence is normal
            self.logger.debug("No %s at %s: %s", source, failure.request.url, failure.value)
            return
        self._count("fetch/failed")
        if source == "start":
            self._count("fetch/start_failed")
        self.logger.warning("Failed %s: %s", failure.request.url, failure.getErrorMessage())

    @property
    def unreachable(self) -> bool:
        """True when every start page failed: the portal is down, moved or misspelt."""
        assert self.crawler.stats is not None
        failed = self.crawler.stats.get_value("govcrawl/fetch/start_failed", 0)
        return failed >= len(self.start_urls)

    def _count(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"govcrawl/{key}")
