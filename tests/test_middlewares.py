"""Downloader middlewares with hand-built requests: scope (IP hosts, sub-sites), offline cookies."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from govcrawl.crawl.middlewares import OfflineCookiesMiddleware, ScopeMiddleware
from govcrawl.crawl.spiders.portal import PortalSpider


def scope_middleware(url: str) -> ScopeMiddleware:
    crawler = get_crawler(PortalSpider)
    crawler.spider = crawler._create_spider(url=url)
    return ScopeMiddleware.from_crawler(crawler)


def test_ip_host_scope() -> None:
    middleware = scope_middleware("http://127.0.0.1:8089/")
    assert middleware.process_request(Request("http://127.0.0.1:8089/tin-hoat-dong")) is None
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("http://127.0.0.2:8089/tin-hoat-dong"))
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("https://example.com/"))
    assert middleware.crawler.stats.get_value("govcrawl/scope/filtered") == 2


def test_subsite_scope_allows_host_level_files() -> None:
    middleware = scope_middleware("https://lamdong.gov.vn/sites/skhcn/SitePages/Home.aspx")
    assert (
        middleware.process_request(Request("https://lamdong.gov.vn/sites/skhcn/Trang/a.aspx"))
        is None
    )
    assert middleware.process_request(Request("https://lamdong.gov.vn/robots.txt")) is None
    assert middleware.process_request(Request("https://lamdong.gov.vn/sitemap.xml")) is None
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("https://lamdong.gov.vn/sites/stttt/Trang/a.aspx"))


def test_any_host_meta_is_let_through() -> None:
    middleware = scope_middleware("http://127.0.0.1:8089/")
    request = Request("https://cdn.example.org/sitemap.xml", meta={"govcrawl_any_host": True})
    assert middleware.process_request(request) is None


def test_cookies_without_network() -> None:
    crawler = get_crawler(PortalSpider)
    middleware = OfflineCookiesMiddleware.from_crawler(crawler)
    request = Request("https://skhcn.lamdong.gov.vn/tin")
    response = Response(
        request.url, request=request,
        headers={"Set-Cookie": ["ASP.NET_SessionId=abc; path=/", "evil=1; Domain=gov.vn; path=/"]},
    )  # fmt: skip
    middleware.process_response(request, response)  # the network guard refuses any lookup
    follow = Request("https://skhcn.lamdong.gov.vn/tin-2")
    middleware.process_request(follow)
    cookie = follow.headers.get("Cookie", b"").decode()
    assert "ASP.NET_SessionId=abc" in cookie
    assert "evil" not in cookie  # gov.vn is a public suffix: no supercookie
