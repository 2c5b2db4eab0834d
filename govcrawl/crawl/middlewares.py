"""Downloader middlewares: crawl scope for every request, cookies without network lookups, and
robots.txt failures answered as RFC 9309 says.

Stats: ``govcrawl/scope/filtered`` (requests outside the portal, redirects included),
``govcrawl/robots/unreachable`` (hosts whose robots.txt answered 5xx/429 or could not be fetched).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from http.cookiejar import Cookie
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from scrapy.http.cookies import CookieJar
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
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
_DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


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


class RobotsUnreachable(IgnoreRequest):
    """A request to a host whose robots.txt answered 5xx/429 or nothing: RFC 9309 disallows."""


class Rfc9309RobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with RFC 9309's rules for a robots.txt that fails.

    Scrapy parses any body as the rules (a 503 error page allows everything) and allows
    everything when robots.txt cannot be fetched. RFC 9309 (2.3.1.3, 2.3.1.4): 4xx means no
    rules, so all is allowed; 5xx or unreachable (timeout, refused, reset, after Scrapy's
    retries) means complete disallow, here RobotsUnreachable for every request to that host.
    429 counts as 5xx: the server asks us to back off. A robots.txt request Scrapy drops itself
    (IgnoreRequest: a redirect off the portal) keeps Scrapy's allow-all. Overrides Scrapy 2.x's
    ``_parse_robots``, ``_robots_error`` and ``process_request_2``.
    """

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.unreachable: dict[str, str] = {}  # netloc -> why

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500 or response.status == 429:
            self._unreachable(netloc, f"HTTP {response.status}")
            response = response.replace(body=_DISALLOW_ALL)
        elif response.status >= 400:
            response = response.replace(body=b"")  # an error page is no rules, whatever it says
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._unreachable(netloc, str(exc) or type(exc).__name__)
        waiting = self._parsers[netloc]
        parser = build_from_crawler(self._parserimpl, self.crawler, _DISALLOW_ALL)
        self._parsers[netloc] = parser
        waiting.callback(parser)  # type: ignore[union-attr]

    def process_request_2(self, rp: Any, request: Request) -> None:
        why = self.unreachable.get(urlparse_cached(request).netloc)
        if why is not None:
            self._stats.inc_value("robotstxt/forbidden")
            raise RobotsUnreachable(f"robots.txt unreachable ({why}): RFC 9309 disallows all")
        super().process_request_2(rp, request)

    def _unreachable(self, netloc: str, why: str) -> None:
        self.unreachable[netloc] = why
        self._stats.inc_value("govcrawl/robots/unreachable")
        logger.warning("robots.txt of %s unreachable (%s): nothing fetched there", netloc, why)


def is_failure(exception: BaseException, stats: StatsCollector) -> bool:
    """True when a spider errback should count ``exception`` as a failed page, not as a
    request dropped or an answer counted elsewhere (robots.txt rules, scope, budget, HTTP
    errors).

    Counts what Scrapy leaves uncounted: an HTTP error given to an errback skips
    HttpErrorMiddleware, whose ``httperror/*`` keys are set here; IgnoreRequest for a body past
    DOWNLOAD_MAXSIZE once decompressed and for a redirect chain past REDIRECT_MAX_TIMES, and a
    streamed body past DOWNLOAD_MAXSIZE cancelled without a message (Scrapy tells these apart
    only by their messages). A host whose robots.txt is unreachable fails too (counted per host
    by the middleware).
    """
    message = str(exception)
    if isinstance(exception, HttpError) and exception.response is not None:
        stats.inc_value("httperror/response_ignored_count")
        stats.inc_value(f"httperror/response_ignored_status_count/{exception.response.status}")
        return False
    too_large = isinstance(exception, DownloadCancelledError) or (  # only DOWNLOAD_MAXSIZE cancels
        isinstance(exception, IgnoreRequest) and "exceeded DOWNLOAD_MAXSIZE" in message
    )
    if too_large:
        stats.inc_value("govcrawl/fetch/too_large")
    elif isinstance(exception, IgnoreRequest) and "max redirections reached" in message:
        stats.inc_value("govcrawl/fetch/too_many_redirects")
    else:
        return isinstance(exception, RobotsUnreachable) or not isinstance(exception, IgnoreRequest)
    return True
