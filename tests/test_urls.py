"""Canonical URLs and crawl scope."""

from __future__ import annotations

import pytest

from govcrawl.urls import Scope, canonical_url, is_http_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://Example.GOV.VN:80/a?b=2&a=1#top", "http://example.gov.vn/a?a=1&b=2"),
        ("https://x.gov.vn:443/", "https://x.gov.vn/"),
        ("https://x.gov.vn", "https://x.gov.vn/"),
        (
            "http://127.0.0.1:8089/tin-tuc?page=2&utm_source=zalo",
            "http://127.0.0.1:8089/tin-tuc?page=2",
        ),
        ("http://x.vn/a?fbclid=1&gclid=2&zarsrc=3&id=5", "http://x.vn/a?id=5"),
        ("http://x.vn/a/b;jsessionid=0A1B2C?id=3", "http://x.vn/a/b?id=3"),
        ("http://x.vn/a.aspx?nid=5&ASP.NET_SessionId=zz", "http://x.vn/a.aspx?nid=5"),
        ("http://x.vn/a?PHPSESSID=abc&p=1", "http://x.vn/a?p=1"),
        (
            "http://x.vn/(S(lit3py55t21z5v55vlm25s55))/ChiTiet.aspx?nid=1",
            "http://x.vn/ChiTiet.aspx?nid=1",
        ),
        ("http://x.vn/tin-tức/Đà Lạt", "http://x.vn/tin-t%E1%BB%A9c/%C4%90%C3%A0%20L%E1%BA%A1t"),
        ("http://x.vn/tin-t%e1%bb%a9c", "http://x.vn/tin-t%E1%BB%A9c"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical
    assert canonical_url(canonical) == canonical, "canonical form is a fixed point"


def test_content_parameters_are_kept() -> None:
    url = "https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=168690&sid=12"
    assert (
        canonical_url(url)
        == "https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=168690&sid=12"
    )


@pytest.mark.parametrize(
    "url",
    ["javascript:void(0)", "mailto:a@b.vn", "file:///etc/passwd", "ftp://x.vn/", "/rel", "http://"],
)
def test_non_http_urls(url: str) -> None:
    assert not is_http_url(url)


def test_scope_of_a_subsite() -> None:
    scope = Scope.from_start_url("https://lamdong.gov.vn/sites/skhcn/SitePages/Home.aspx")
    assert scope.path_prefix == "/sites/skhcn/"
    assert scope.contains("https://lamdong.gov.vn/sites/skhcn/Trang/ChiTiet.aspx?nid=1")
    assert scope.contains("http://lamdong.gov.vn/Sites/SKHCN/Trang/a.aspx"), (
        "SharePoint is case-blind"
    )
    assert scope.contains("https://lamdong.gov.vn/sites/skhcn")
    assert not scope.contains("https://lamdong.gov.vn/sites/stttt/Trang/a.aspx")
    assert not scope.contains("https://lamdong.gov.vn/")
    assert scope.same_host("https://lamdong.gov.vn/robots.txt")


def test_scope_of_an_ip_host_with_port() -> None:
    scope = Scope.from_start_url("http://127.0.0.1:8089/")
    assert scope.contains("http://127.0.0.1:8089/tin-hoat-dong?page=2")
    assert not scope.contains("http://127.0.0.1:8090/")
    assert not scope.contains("http://127.0.0.2:8089/")
    assert not scope.contains("http://localhost:8089/")


def test_scope_explicit_prefix_and_other_hosts() -> None:
    scope = Scope.from_start_url("https://www.quangninh.gov.vn/So/soxaydung/Trang/Default.aspx")
    assert scope.path_prefix == "/So/soxaydung/"
    assert not scope.contains("https://quangninh.gov.vn/So/soxaydung/Trang/Default.aspx")
    wide = Scope.from_start_url("https://www.quangninh.gov.vn/So/soxaydung/Trang/Default.aspx", "/")
    assert wide.contains("https://www.quangninh.gov.vn/Trang/Default.aspx")
    assert not scope.contains("javascript:void(0)")
    assert not scope.contains("http://[bad")


def test_navigation_state_parameters_are_dropped() -> None:
    url = "https://danang.gov.vn/web/dng/-/bai-viet?redirect=%2Ftin-tuc&inheritRedirect=true&_101_redirect=x"
    assert canonical_url(url) == "https://danang.gov.vn/web/dng/-/bai-viet"
    assert (
        canonical_url("https://x.vn/Login.aspx?ReturnUrl=%2F&id=2")
        == "https://x.vn/Login.aspx?id=2"
    )


@pytest.mark.parametrize(
    ("start", "url", "mirror"),
    [
        ("https://x.gov.vn/", "https://x.gov.vn/en/tin-tuc", True),
        ("https://x.gov.vn/", "https://x.gov.vn/tin-tuc", False),
        (
            "https://thainguyen.gov.vn/vi_VN/thoi-su",
            "https://thainguyen.gov.vn/vi_VN/kinh-te",
            False,
        ),
        (
            "https://thainguyen.gov.vn/vi_VN/thoi-su",
            "https://thainguyen.gov.vn/en_US/economy",
            True,
        ),
        ("https://x.gov.vn/sites/skhcn/", "https://x.gov.vn/sites/skhcn/en/news", True),
    ],
)
def test_language_mirrors(start: str, url: str, mirror: bool) -> None:
    assert Scope.from_start_url(start).language_mirror(url, start) is mirror
