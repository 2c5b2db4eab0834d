"""Downloader middlewares: crawl scope for every request, and cookies without network lookups.

Stats: ``govcrawl/scope/filtered`` (requests outside the portal, redirects included).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from http.cookiejar import Cookie, CookieJar
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached
from tldextract import TLDExtract

from govcrawl.urls import Scope

logger = logging.getLogger(__name__)

# The public suffix list bundled with tldextract: no download, ever (Scrapy's own instance
# fetches the list from the network on first use).
_OFFLINE_SUFFIXES = TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)
# Files every host serves at its root, fetched even when the portal is a sub-site.
_HOST_LEVEL_PATHS = ("/robots.txt", "/sitemap.xml", "/sitemap_index.xml")


class OfflineCookiesMiddleware(CookiesMiddleware):
    """Scrapy's CookiesMiddleware, checking public suffixes against the bundled list only."""

    def _process_cookies(
        self, cookies: Iterable[Cookie], *, jar: CookieJar, request: Request
    ) -> None:
        hostname = urlparse_cached(request).hostname
        for cookie in cookies:
            domain = cookie.domain.removeprefix(".")
            if hostname is None:
                continue
            if domain and not _OFFLINE_SUFFIXES(domain).domain:  # a public suffix
                if domain != hostname.lower():
                    continue
                cookie.domain = hostname.lower()
            jar.set_cookie_if_ok(cookie, request)


class ScopeMiddleware:
    """Drops requests outside the spider's ``scope`` (host and path prefix), IP hosts included.

    Scrapy's OffsiteMiddleware matches domain names only; portals in tests live on 127.0.0.1.
    Requests with ``meta["govcrawl_any_host"]`` are let through.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        scopes = self._scopes(request)
        if not scopes or request.meta.get("govcrawl_any_host"):
            return
        if any(scope.contains(request.url) for scope in scopes):
            return
        if urlparse_cached(request).path in _HOST_LEVEL_PATHS and any(
            scope.same_host(request.url) for scope in scopes
        ):
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("govcrawl/scope/filtered")
        logger.debug("Out of scope: %s", request.url)
        raise IgnoreRequest(f"outside the portal's scope: {request.url}")

    def _scopes(self, request: Request) -> list[Scope]:
        """The scope of the request's target, or every target's (robots.txt, redirects)."""
        spider = self.crawler.spider
        targets = getattr(spider, "targets", None)
        if not targets:
            return []
        target = targets.get(request.meta.get("govcrawl_site", ""))
        return [target.scope] if target is not None else [t.scope for t in targets.values()]
