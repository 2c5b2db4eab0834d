"""The ``portal`` spider: crawls portals' news pages, each on its own host and sub-site.

    scrapy crawl portal -a url=https://lamdong.gov.vn/sites/skhcn/SitePages/Home.aspx
    scrapy crawl portal -a site=lam_dong_skhcn            (or -a site=KEY1,KEY2)
    scrapy crawl portal -a province="Lâm Đồng"            (every current registry site there)
    scrapy crawl portal -a url=http://127.0.0.1:8089/ -a province="Lâm Đồng" -a agency="Sở KH&CN"

Arguments: ``url``, ``site``, ``province``, ``agency``, ``prefix`` (path prefix to stay under),
``platform`` (skip detection), ``registry`` (another sites.toml), see govcrawl.registry.targets. Discovery: start pages, in-scope links,
robots.txt ``Sitemap:`` lines, /sitemap.xml, announced RSS/Atom feeds, and the platform family's
own paging (ASP.NET postbacks, AJAX endpoints). Every HTML page goes to the pipelines, which keep
only articles; links are followed from every page but those whose URL the platform family reads
as an article's. Settings: GOVCRAWL_SITEMAPS_ENABLED, GOVCRAWL_FEEDS_ENABLED,
GOVCRAWL_ARTICLE_LINKS_ENABLED. Stats:
``govcrawl/discovery/<source>`` (requests yielded per source, before Scrapy's duplicate filter),
``govcrawl/platform/<name>``, ``govcrawl/discovery/denied``, ``govcrawl/discovery/language_mirror``, ``govcrawl/trap/repeated_listing``,
``govcrawl/discovery/encrypted_paging``, ``govcrawl/fetch/not_html``, ``govcrawl/fetch/binary``, ``govcrawl/fetch/failed``,
``govcrawl/fetch/start_failed``, ``govcrawl/fetch/too_large``, ``govcrawl/fetch/too_many_redirects``,
``govcrawl/sitemap/invalid``, ``govcrawl/sitemap/truncated``, ``govcrawl/revisit/listing_skipped``.

The spider never opens the archive: it announces its plan (govcrawl.items.CrawlPlan) to the
store and the frontier, and when the crawl opens it asks the archive pipeline (a store
component, found through Scrapy's component model) how to walk each portal and which pages
are known (GOVCRAWL_INCREMENTAL, GOVCRAWL_REVISIT_DAYS, GOVCRAWL_REVISIT_INTERVAL_HOURS).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from typing import Any, Self

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.http.response.html import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector

from govcrawl import platforms
from govcrawl.clock import Clock
from govcrawl.crawl import discovery
from govcrawl.crawl.middlewares import is_failure
from govcrawl.crawl.revisit import RevisitPolicy, Revisits
from govcrawl.items import (
    AnnouncesCrawlPlan,
    CrawlPlan,
    FetchedPage,
    GonePage,
    PageVisit,
    PortalRun,
)
from govcrawl.platforms.base import Platform
from govcrawl.registry.targets import SpiderArgumentError, Target, targets_from_arguments
from govcrawl.store.archived_pages import ArchivedPages
from govcrawl.store.pipeline import ArchivePipeline
from govcrawl.urls import canonical_url, is_http_url, unique_canonical_urls

__all__ = ["PortalSpider", "SpiderArgumentError"]
# A page whose article links are the same as another page's of the same listing path repeats it.
MIN_LINKS_FOR_FINGERPRINT = 3
# URLs this crawl requested most recently, not requested again: a portal's menus repeat the
# same links on every page, and each request costs the middlewares and the frontier's duplicate
# filter its work (which would drop it anyway). Bounded: about 1 MB.
RECENT_REQUESTS = 8192
_DIGITS = re.compile(r"\d+")
# Statuses that say an archived article was removed (its row gets ``gone_at``).
GONE_STATUSES = (404, 410)
Output = scrapy.Request | FetchedPage | PageVisit


class PortalSpider(scrapy.Spider, AnnouncesCrawlPlan):
    name = "portal"
    # Settings, read in from_crawler.
    use_sitemaps: bool
    use_feeds: bool
    article_links: bool
    max_sitemap_size: int
    revisit_days: float
    revisit_hours: float
    robots_from_scrapy: bool
    clock: Clock
    revisits: Revisits
    learns: bool  # GOVCRAWL_INCREMENTAL: record what visits of listings teach

    def __init__(self, url: str | None = None, site: str | None = None, province: str | None = None,
                 agency: str | None = None, prefix: str | None = None, platform: str | None = None,
                 registry: str | None = None, **kwargs: Any):  # fmt: skip
        super().__init__(**kwargs)
        found = targets_from_arguments(url, site, province, agency, prefix, platform, registry)
        self.targets = {target.key: target for target in found}
        self.start_urls = [u for t in self.targets.values() for u in t.start_urls]
        self.listing_fingerprints: set[str] = set()
        self.recent_requests: OrderedDict[str, None] = OrderedDict()
        self.archive: ArchivedPages | None = None  # the store's answers (ask_archive)
        # How each target is walked (ArchivedPages.walk): first, full or incremental.
        self.walks = dict.fromkeys(self.targets, "first")
        self.known_since = ""  # non-articles seen since then are known (ask_archive sets it)
        self.revisited: set[str] = set()  # targets whose due listings and articles were asked

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.use_sitemaps = crawler.settings.getbool("GOVCRAWL_SITEMAPS_ENABLED")
        spider.use_feeds = crawler.settings.getbool("GOVCRAWL_FEEDS_ENABLED")
        spider.article_links = crawler.settings.getbool("GOVCRAWL_ARTICLE_LINKS_ENABLED")
        spider.max_sitemap_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        spider.revisit_days = crawler.settings.getfloat("GOVCRAWL_REVISIT_DAYS")
        spider.revisit_hours = crawler.settings.getfloat("GOVCRAWL_REVISIT_INTERVAL_HOURS")
        spider.clock = Clock.from_settings(crawler.settings)
        spider.learns = crawler.settings.getbool("GOVCRAWL_INCREMENTAL")
        spider.revisits = Revisits(
            RevisitPolicy.from_settings(crawler.settings), spider.clock,
            conditional=crawler.settings.getbool("GOVCRAWL_CONDITIONAL_REQUESTS"),
        )  # fmt: skip
        crawler.signals.connect(spider.request_reached, signal=signals.request_reached_downloader)
        # Once the pipelines are open, before any request (resumed ones too) is handled.
        crawler.signals.connect(spider.ask_archive, signal=signals.spider_opened)
        # With robots.txt obeyed, Scrapy fetches it anyway: read its Sitemap lines from there.
        spider.robots_from_scrapy = crawler.settings.getbool("ROBOTSTXT_OBEY")
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        # Registry entries' own settings (legacy TLS, timeouts); settings are not frozen yet.
        for target in spider.targets.values():
            for name, value in target.settings.items():
                crawler.settings.set(name, value, priority="spider")
        return spider

    @property
    def site_key(self) -> str:
        """The crawl's site label for crawl_runs: the target keys, comma-separated."""
        return ",".join(self.targets)

    def crawl_plan(self) -> CrawlPlan:
        """The portals this crawl covers, for the store's crawl runs and the frontier."""
        portals = tuple(PortalRun(key, tuple(t.start_urls)) for key, t in self.targets.items())
        return CrawlPlan(spider=self.name, portals=portals, start_urls=tuple(self.start_urls))

    def target_of(self, request: scrapy.Request | None) -> Target | None:
        """The target a request belongs to (by ``meta["govcrawl_site"]``)."""
        if request is None:
            return None
        return self.targets.get(request.meta.get("govcrawl_site", ""))

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for target in self.targets.values():
            for url in target.start_urls:
                yield self._request(url, self.parse_page, "start", target)
            if not self.use_sitemaps:
                continue
            scheme = target.start_urls[0].split(":", 1)[0]
            root = target.scope.root_url(scheme)
            host_root = root[: len(root) - len(target.scope.path_prefix)] + "/"
            if not self.robots_from_scrapy:
                yield self._request(host_root + "robots.txt", self.parse_robots, "robots", target)
            for base in dict.fromkeys([host_root, root]):
                yield self._sitemap_request(base + "sitemap.xml", target)

    def ask_archive(self) -> None:
        """Ask the store (the archive pipeline) how to walk each target and what it holds
        (at ``spider_opened``). Without an engine (a unit test) or an archive pipeline, every
        walk is a first one and nothing is known."""
        try:
            pipeline = self.crawler.get_item_pipeline(ArchivePipeline)
        except RuntimeError:  # no engine: nothing to ask
            return
        recrawl = pipeline.recrawl if pipeline is not None else None
        if recrawl is None:
            return
        self.walks.update(recrawl.walks)
        self.archive = recrawl.pages
        self.revisits.archive = recrawl.pages
        self.known_since = recrawl.known_since

    def _skips_archived(self, target: Target) -> bool:
        return self.archive is not None and self.walks[target.key] != "first"

    def _due_revisits(self, target: Target) -> Iterator[str]:
        if self.archive is None or not self._skips_archived(target):
            return iter(())
        return self.archive.due_revisits(
            target.key, self.clock.now(), max_age_days=self.revisit_days,
            interval_hours=self.revisit_hours,
        )  # fmt: skip

    def parse_page(self, response: Response) -> Iterator[Output]:
        # Everything that reads the page's tree runs first, then the tree (megabytes for a
        # menu-heavy listing) is let go: Scrapy keeps the response while it works through the
        # requests, and the last listing pages of a crawl are handled a dozen at a time.
        outputs = list(self._page_outputs(response))
        if isinstance(response, TextResponse):
            response._cached_selector = None  # Scrapy's cache of response.selector
        yield from outputs

    def _page_outputs(self, response: Response) -> Iterator[Output]:
        target = self.target_of(response.request)
        if target is not None and response.status == 304:  # unchanged since the last visit
            yield from self._unchanged(response, target)
            return
        if target is not None and not isinstance(response, HtmlResponse):
            # A feed linked by an ordinary <a> (a feed icon) arrives here, not in parse_feed.
            yield from self.parse_feed(response)
            return
        if target is None or not isinstance(response, HtmlResponse):
            self._count("fetch/not_html")
            return
        if discovery.looks_binary(response.body):  # a file or noise labelled text/html
            self._count("fetch/binary")
            return
        platform = self._platform(target, response)
        url_kind = platform.url_kind(response.url)
        if url_kind == "listing" and discovery.is_later_page(response.url):
            # A numbered page of a listing: its links are all it holds, and extracting it
            # would cost as much as an article.
            self._count("extract/listing_skipped")
        elif response.meta.get("govcrawl_source") != "ajax_page":  # fragments are no articles
            yield self._item(response, target, url_kind)
        if url_kind == "article" and not self.article_links:
            if self.learns and ("ETag" in response.headers or "Last-Modified" in response.headers):
                yield from self._learn(response, target, "article")
            # An article leads nowhere new (its menus and sidebars repeat the listings');
            # LinkExtractor over it costs as much as extracting it. Its own paging stays.
            yield from self._paging(response, target, platform)
            return
        # Canonical once: the listing fingerprint and the requests both use these.
        found = (canonical_url(url) for url in discovery.page_links(response) if is_http_url(url))
        links = [url for url in dict.fromkeys(found) if self._wanted(url, target)]
        if self._repeats_a_listing(response, links, platform):
            return
        source = response.meta.get("govcrawl_source")
        if source == "start":
            self.revisits.start_links.setdefault(target.key, set()).update(links)
        elif self.learns:
            listed = [u for u in links if platform.url_kind(u) == "article"] or [
                u for u in links if not discovery.is_later_page(u)
            ]
            yield from self._learn(response, target, "page", listed)
        # The next page of a listing is told this page's links: a page past the listing's end
        # (the last page again, or an empty one) links nothing new but pages, and ends the walk.
        link_keys = sorted(
            {zlib.crc32(url.encode()) for url in links if not discovery.is_later_page(url)}
        )
        # A JSON list, not a set: the frontier stores requests' meta.
        previous = response.meta.get("govcrawl_previous_links")
        if previous is not None and set(link_keys) <= set(previous):
            self._count("trap/repeated_listing")
            return
        walk_on = True
        if self._skips_archived(target):
            articles = {url for url in links if platform.url_kind(url) == "article"}
            links = self._unarchived(links)
            # The start page's links on another page are its furniture ("newest" boxes): an
            # article new there says nothing of this listing's older pages.
            furniture = (
                set() if source == "start" else self.revisits.start_links.get(target.key, set())
            )
            walk_on = self.walks[target.key] != "incremental" or any(
                url in articles and url not in furniture for url in links
            )
            if not (walk_on or articles):
                # No article in its HTML: a listing may load them (AJAX pages), which tell.
                yield from self._paging_after(response, target, platform, link_keys)
        if not walk_on:  # every article it lists is archived: older pages hold nothing new
            self._count("incremental/walk_stopped")
            if response.meta.get("govcrawl_source") != "start":
                return
            # A start page still leads to the portal's other sections, not to older pages.
            links = [url for url in links if not discovery.is_later_page(url)]
        for url in links:
            for request in self._follow(
                url, self.parse_page, "link", target, canonical=True, checked=True
            ):
                if discovery.is_later_page(url):
                    request.meta["govcrawl_previous_links"] = link_keys
                yield request
        if self.use_feeds:
            for url in discovery.feed_links(response):
                yield from self._follow(url, self.parse_feed, "feed", target)
        if walk_on:
            yield from self._paging_after(response, target, platform, link_keys)
        if source == "start":  # once the furniture and the platform family are known
            yield from self._scheduled(target, platform)

    def _scheduled(self, target: Target, platform: Platform) -> Iterator[scrapy.Request]:
        """The listings due again, and the archived articles due for a revisit (not the pages
        the family reads as listings, closed date archives, tag pages or pages fingerprinted
        as listings that extraction took for articles: they change with every new article
        and hold none; ``Revisits.revisits_as_article``), once per crawl."""
        if target.key in self.revisited:
            return
        self.revisited.add(target.key)
        for url in self.revisits.due(target.key, self.walks[target.key], target.start_urls):
            yield self._conditional(self._request(url, self.parse_page, "schedule", target))
        for url in self._due_revisits(target):
            if not self.revisits.revisits_as_article(url, platform.url_kind(url)):
                self._count("revisit/listing_skipped")
                continue
            request = self._request(url, self.parse_page, "revisit", target)
            request.meta["govcrawl_revisit"] = True
            yield self._conditional(request)

    def _unchanged(self, response: Response, target: Target) -> Iterator[PageVisit]:
        """A 304: the page did not change since the validators were given; nothing to read."""
        self._count("revisit/not_modified")
        kind = "article" if response.meta.get("govcrawl_revisit") else response.meta.get(
            "govcrawl_visit_kind", "page")  # fmt: skip
        yield from self._learn(response, target, kind, status=304)

    def _learn(self, response: Response, target: Target, kind: str, links: Any = None, *,
               status: int = 200) -> Iterator[PageVisit]:  # fmt: skip
        url = canonical_url(response.url)
        visit = self.revisits.learn(url, target.key, kind, response.headers, status=status,
                                    links=links)  # fmt: skip
        if visit is not None:
            yield visit

    def _conditional(self, request: scrapy.Request) -> scrapy.Request:
        """``request`` with the validators of its last answer (304 then comes to the callback)."""
        headers = self.revisits.headers(canonical_url(request.url))
        if not headers:
            return request
        request.headers.update(headers)
        request.meta["handle_httpstatus_list"] = [304]
        return request

    def _paging_after(self, response: HtmlResponse, target: Target, platform: Any,
                      link_keys: list[int]) -> Iterator[scrapy.Request]:  # fmt: skip
        """The listing's next pages (platform paging), told this page's links."""
        for request in self._paging(response, target, platform):
            request.meta["govcrawl_previous_links"] = link_keys
            yield request

    def _unarchived(self, links: list[str]) -> list[str]:
        """``links`` without archived articles' URLs (revisits fetch those on their schedule)
        and without pages of an article's URL shape known not to be articles."""
        assert self.archive is not None
        kept = [url for url in links if not self.archive.is_known(url, self.known_since)]
        if len(kept) < len(links):
            self._count("incremental/archived_skipped", len(links) - len(kept))
        return kept

    def _platform(self, target: Target, response: HtmlResponse) -> Platform:
        if target.platform is None:
            target.platform = platforms.detect(response.url, response.text)
            self._count(f"platform/{target.platform.name}")
            self.logger.info("%s runs on platform family %s", target.key, target.platform.name)
        return target.platform

    def _item(self, response: HtmlResponse, target: Target, url_kind: str | None) -> FetchedPage:
        return FetchedPage(
            url=canonical_url(response.url), response_url=response.url, status=response.status,
            html=response.text, fetched_at=self.clock.stamp(),
            site=target.key, province=target.province, agency=target.agency, url_kind=url_kind,
            body=response.body, source=response.meta.get("govcrawl_source"),
            capture_id=response.meta.get("govcrawl_capture"),
            aliases=tuple(dict.fromkeys(
                canonical_url(u) for u in response.meta.get("redirect_urls", ()) if is_http_url(u)
            )),
        )  # fmt: skip

    def _repeats_a_listing(self, response: HtmlResponse, links: list[str], platform: Any) -> bool:
        """True when this page lists the same articles as another page of the same listing
        path (a "next page" that repeats the last one, a filter that changes nothing)."""
        if platform.url_kind(response.url) == "article":
            return False
        articles = sorted({u for u in links if platform.url_kind(u) == "article"})
        if len(articles) < MIN_LINKS_FOR_FINGERPRINT:
            return False
        # The listing's shape: its path with page numbers blanked ("...-c21072-5.html", "/page/5/").
        shape = _DIGITS.sub("N", response.url.split("?", 1)[0])
        fingerprint = hashlib.sha1("\n".join([shape, *articles]).encode()).hexdigest()
        if fingerprint in self.listing_fingerprints:
            self._count("trap/repeated_listing")
            return True
        self.listing_fingerprints.add(fingerprint)
        return False

    def _paging(
        self, response: HtmlResponse, target: Target, platform: Any
    ) -> Iterator[scrapy.Request]:
        for request in platform.paging(response):
            request.meta.setdefault("govcrawl_source", "paging")
            request.meta["govcrawl_site"] = target.key
            self._count(f"discovery/{request.meta['govcrawl_source']}")
            yield request.replace(callback=self.parse_page, errback=self.on_error)
        if platform.opaque_paging(response):
            self._count("discovery/encrypted_paging")

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        target = self.target_of(response.request)
        if isinstance(response, TextResponse) and target is not None:
            for url in discovery.sitemaps_from_robots(response):
                yield self._sitemap_request(url, target, any_host=True)

    def _sitemap_request(
        self, url: str, target: Target, *, any_host: bool = False
    ) -> scrapy.Request:
        request = self._request(url, self.parse_sitemap, "sitemap", target, any_host=any_host)
        request.meta["govcrawl_visit_kind"] = "sitemap"
        return self._conditional(request)

    def robots_parsed(self, robotparser: Any, request: scrapy.Request) -> None:
        """Scrapy read a host's robots.txt: follow its ``Sitemap:`` lines (Protego parser)."""
        if not self.use_sitemaps:
            return
        assert self.crawler.engine is not None
        for target in self.targets.values():
            if target.scope.same_host(request.url):
                for url in getattr(getattr(robotparser, "rp", None), "sitemaps", ()):
                    self.crawler.engine.crawl(self._sitemap_request(url, target, any_host=True))

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request | PageVisit]:
        target = self.target_of(response.request)
        if target is not None and response.status == 304:
            yield from self._unchanged(response, target)
            return
        kind, entries = discovery.sitemap_entries_dated(response, max_size=self.max_sitemap_size)
        if kind == "invalid" or target is None:
            self._count("sitemap/invalid")
            return
        if len(entries) >= discovery.MAX_SITEMAP_URLS:
            self._count("sitemap/truncated")
        url = canonical_url(response.url)
        previous = self.revisits.state(url)
        if self.learns:
            listed = [f"{loc} {lastmod or ''}" for loc, lastmod in entries]
            yield from self._learn(response, target, "sitemap", listed)
        # Each page once, however often (and with whatever tracking) the sitemap lists it.
        for url in unique_canonical_urls(self._changed_entries(target, entries, previous)):
            if kind == "sitemapindex" or discovery.looks_like_sitemap(url):
                yield from self._follow(url, self.parse_sitemap, "sitemap", target, canonical=True)
            else:
                yield from self._follow(
                    url, self.parse_page, "sitemap_page", target, canonical=True
                )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request | PageVisit]:
        target = self.target_of(response.request)
        if target is not None and response.status == 304:
            yield from self._unchanged(response, target)
            return
        entries = discovery.feed_entries_dated(response) if target else []
        if not entries:
            self._count("fetch/not_html")
        if target is None:
            return
        previous = self.revisits.state(canonical_url(response.url))
        if self.learns:
            yield from self._learn(response, target, "feed", [url for url, _ in entries])
        for url in self._changed_entries(target, entries, previous):
            yield from self._follow(url, self.parse_page, "feed_page", target)

    def _changed_entries(self, target: Target, entries: list[tuple[str, str | None]],
                         previous: PageVisit | None) -> Iterator[str]:  # fmt: skip
        """The URLs of sitemap or feed ``entries`` (url, date) that are new since the last
        visit (``previous``): on an incremental walk, entries dated before it are skipped."""
        since = previous.checked_at if previous is not None else None
        incremental = self.walks[target.key] == "incremental"
        for url, date in entries:
            if incremental and since and date and discovery.is_before(date, since):
                self._count("incremental/entry_unchanged")
                continue
            yield url

    def _wanted(self, url: str, target: Target) -> bool:
        """True when ``url`` is in the target's scope and worth fetching (counts why not)."""
        if not (is_http_url(url) and target.scope.contains(url)):
            return False
        if target.platform is not None and target.platform.denies(url):
            self._count("discovery/denied")
            return False
        if target.scope.language_mirror(url, target.start_urls[0]):
            self._count("discovery/language_mirror")
            return False
        return True

    def _follow(self, url: str, callback: Any, source: str, target: Target, *,
                canonical: bool = False, checked: bool = False) -> Iterator[scrapy.Request]:  # fmt: skip
        """A request for ``url`` when it is in the target's scope and worth fetching
        (``checked``: the caller has asked ``_wanted``)."""
        if not (checked or self._wanted(url, target)):
            return
        url = url if canonical else canonical_url(url)
        if self._requested_recently(url):
            self._count("discovery/repeated")
            return
        if self.archive is not None and self._skips_archived(target):
            if source != "link" and self.archive.is_known(url, self.known_since):
                self._count("incremental/archived_skipped")  # parse_page has checked its links
                return
            if callback == self.parse_page and (
                skip := self.revisits.skip(url, self.walks[target.key])
            ):
                self._count(f"incremental/{skip}")
                return
        request = self._request(url, callback, source, target)
        if callback != self.parse_page:
            request.meta["govcrawl_visit_kind"] = "sitemap" if source == "sitemap" else "feed"
        yield self._conditional(request)

    def _requested_recently(self, url: str) -> bool:
        """True when ``url`` is among the RECENT_REQUESTS this spider followed last (it is
        remembered as the most recent either way)."""
        recent = self.recent_requests
        if url in recent:
            recent.move_to_end(url)
            return True
        recent[url] = None
        if len(recent) > RECENT_REQUESTS:
            recent.popitem(last=False)
        return False

    def _request(self, url: str, callback: Any, source: str, target: Target, *,
                 any_host: bool = False) -> scrapy.Request:  # fmt: skip
        self._count(f"discovery/{source}")
        meta = {
            "govcrawl_source": source,
            "govcrawl_site": target.key,
            "govcrawl_any_host": any_host,
        }
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta)

    def on_error(self, failure: Any) -> Iterator[GonePage]:
        source = failure.request.meta.get("govcrawl_source", "link")
        site = failure.request.meta.get("govcrawl_site", "")
        optional = source in ("robots", "sitemap")  # optional files: their absence is normal
        if failure.check(HttpError) and not optional:
            status = failure.value.response.status
            self._count(f"site/{site}/http_error")
            if status in GONE_STATUSES and self._archived(failure.request.url):
                yield GonePage(url=failure.request.url, site=site, status=status,
                               checked_at=self.clock.stamp())  # fmt: skip
        assert self.crawler.stats is not None
        if (optional and failure.check(HttpError)) or not is_failure(
            failure.value, self.crawler.stats
        ):  # robots.txt rules, scope, budget: counted where decided
            self.logger.debug("Ignored %s: %s", failure.request.url, failure.value)
            return
        if optional:
            self.logger.debug("No %s at %s: %s", source, failure.request.url, failure.value)
            return
        self._count("fetch/failed")
        self._count(f"site/{site}/failed")
        if source == "start":
            self._count("fetch/start_failed")
            self._count(f"site/{site}/start_failed")
        self.logger.warning("Failed %s: %s", failure.request.url, failure.getErrorMessage())

    def _archived(self, url: str) -> bool:
        return self.archive is not None and self.archive.is_archived(canonical_url(url))

    def request_reached(self, request: scrapy.Request, spider: scrapy.Spider) -> None:
        """Count each request sent, by portal (robots.txt by its host)."""
        site = request.meta.get("govcrawl_site")
        if site is None:
            site = next(
                (t.key for t in self.targets.values() if t.scope.same_host(request.url)), None
            )
        if site is not None:
            self._count(f"site/{site}/requests")

    def unreachable_sites(self) -> list[str]:
        """Targets whose every start page failed: down, moved or misspelt."""
        return self.crawl_plan().unreachable(self._stats.get_stats())

    @property
    def unreachable(self) -> bool:
        """True when every start page failed: the portals are down, moved or misspelt."""
        failed = int(self._stats.get_value("govcrawl/fetch/start_failed", 0))
        return failed >= len(self.start_urls)

    @property
    def _stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def _count(self, key: str, count: int = 1) -> None:
        self._stats.inc_value(f"govcrawl/{key}", count)
