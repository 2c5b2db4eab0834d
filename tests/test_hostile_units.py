"""Issue 9's defences one by one, on hand-built inputs: binary bodies, sitemap limits, failure
classification, control characters, URL validity. tests/test_hostile_e2e.py crawls them all."""

from __future__ import annotations

import pytest
from conftest import project_crawler
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError

from govcrawl.crawl import discovery
from govcrawl.crawl.middlewares import RobotsUnreachable, is_failure
from govcrawl.text.normalise import clean_line, clean_text
from govcrawl.urls import is_http_url, unique_canonical_urls

HTML = "<html><head><title>Tin</title></head><body><p>Sở Khoa học và Công nghệ</p></body></html>"


@pytest.mark.parametrize(
    ("body", "binary"),
    [
        (HTML.encode(), False),
        (HTML.encode("utf-16"), False),  # BOM, then NULs
        (HTML.encode().replace(b"<p>", b"<p>\x00", 1), False),  # one stray NUL
        (b"\x89PNG\r\n\x1a\n" + HTML.encode(), True),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", True),
        (b"PK\x03\x04" + b"x" * 100, True),
        (bytes(range(256)) * 4, True),  # noise
        (b"", False),
    ],
)
def test_binary_bodies_served_as_html(body: bytes, binary: bool) -> None:
    assert discovery.looks_binary(body) is binary


def test_sitemaps_declaring_entities_are_invalid() -> None:
    body = b"""<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaa">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.vn/&a;</loc></url></urlset>"""
    assert discovery.sitemap_entries(XmlResponse("https://a.vn/s.xml", body=body), max_size=10**6) == ("invalid", [])  # fmt: skip


def test_sitemaps_stop_at_the_protocol_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discovery, "MAX_SITEMAP_URLS", 3)
    entries = "".join(f"<url><loc>https://a.vn/{n}</loc></url>" for n in range(10))
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    kind, urls = discovery.sitemap_entries(XmlResponse("https://a.vn/s.xml", body=body.encode()), max_size=10**6)  # fmt: skip
    assert (kind, urls) == ("urlset", ["https://a.vn/0", "https://a.vn/1", "https://a.vn/2"])


def test_each_canonical_url_once() -> None:
    urls = ["https://a.vn/1?utm_source=x", "https://A.vn/1", "javascript:x", "https://a.vn/2"]
    assert list(unique_canonical_urls(urls)) == ["https://a.vn/1", "https://a.vn/2"]


def http_error(status: int) -> HttpError:
    return HttpError(HtmlResponse("https://a.vn/", status=status, body=b""), "Ignoring")


@pytest.mark.parametrize(
    ("exception", "failure", "stat"),
    [
        (DownloadCancelledError(""), True, "govcrawl/fetch/too_large"),
        (
            IgnoreRequest(
                "Ignored response because its body (1 B compressed, 99 B "
                "decompressed so far) exceeded DOWNLOAD_MAXSIZE (9 B) during "
                "decompression."
            ),
            True,
            "govcrawl/fetch/too_large",
        ),
        (IgnoreRequest("max redirections reached"), True, "govcrawl/fetch/too_many_redirects"),
        (http_error(500), False, "httperror/response_ignored_status_count/500"),
        (RobotsUnreachable("robots.txt unreachable"), True, None),
        (DownloadTimeoutError("took longer than 3.0 seconds"), True, None),
        (IgnoreRequest("Forbidden by robots.txt"), False, None),
        (IgnoreRequest("outside the portal's scope"), False, None),
    ],
)
def test_failures_and_deliberate_drops(
    exception: Exception, failure: bool, stat: str | None
) -> None:
    stats = project_crawler().stats
    stats.open_spider()
    assert is_failure(exception, stats) is failure
    if stat:
        assert stats.get_value(stat) == 1


def test_control_characters_never_reach_titles_or_text() -> None:
    assert clean_line("Tin \x1b[2J\x1b]0;owned\x07 đỏ\x00") == "Tin [2J ]0;owned đỏ"
    assert clean_text("Dòng 1\r\nDòng\x0c 2\x1b[31m\n\nDòng 3\x85cuối") == (
        "Dòng 1\nDòng 2 [31m\nDòng 3\ncuối"
    )


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:99999/", "http://a b.vn/", "http://\x00/", "http://;sessionid=/x",
     "http://[::1", "http:///x", "javascript:alert(1)", "file:///etc/passwd"],
)  # fmt: skip
def test_links_no_server_could_answer_are_not_http_urls(url: str) -> None:
    assert not is_http_url(url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8089/", "https://sở.gov.vn/tin", "http://[::1]:80/", "http://a_b.vn/"]
)
def test_ordinary_hosts_stay_http_urls(url: str) -> None:
    assert is_http_url(url)
