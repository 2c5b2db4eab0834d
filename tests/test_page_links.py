"""discovery.page_links gives the crawl the links Scrapy's LinkExtractor would, more cheaply.

The reference is the extractor it replaced (``LinkExtractor(tags=("a", "area"), unique=True)``
with the same search/login filter), compared after the spider's own canonical form: every saved
page, a speed-benchmark listing, and pages of odd links (schemes, bad hosts, spaces, non-ASCII,
broken escapes, <base href>, a legacy charset).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from govcrawl.crawl import discovery
from govcrawl.urls import canonical_url, is_http_url

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import speed_portal

PAGES = Path(__file__).parent / "fixtures" / "pages"
REFERENCE = LinkExtractor(tags=("a", "area"), attrs=("href",), unique=True, strip=True)
ODD_HREFS = [
    "javascript:alert(1)", " JaVaScRiPt:void(0)", "mailto:a@b.gov.vn", "tel:+842633822222",
    "file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/html,<b>x</b>", "about:blank",
    "http://[::1", "http://127.0.0.1:99999/", "http:///no-host", "//", "#top", "?", "",
    "//other.gov.vn/tin-tuc/a.html", "HTTP://SKHCN.LAMDONG.GOV.VN/Tin-Tuc", "/a b/c d.html",
    "/tin-tức/khoa-học.html", "/tin?tu=khoa học&x=1", "/bad%zzescape", "/ok%20space",
    "\n  /tin-tuc/xuong-dong.html \t", "/files/bao-cao.PDF", "/files/bao-cao.pdf;jsessionid=1",
    "/anh/x.jpg?w=100", "/tin-tuc/a.html#binh-luan", "/tin-tuc/a.html", "/tim-kiem?q=x",
    "/Default.aspx?tabid=1&ctl=x", "https://skhcn.lamdong.gov.vn:443/x", "/x?utm_source=fb",
    "/\"quoted\"", "/a<b>", "/a{b}|c^d`e", "/a\\b",
]  # fmt: skip


def reference_links(response: HtmlResponse) -> list[str]:
    urls = (link.url for link in REFERENCE.extract_links(response))
    kept = (u for u in urls if not discovery.SKIP_URL.search(u) and is_http_url(u))
    return list(dict.fromkeys(canonical_url(u) for u in kept))


def lean_links(response: HtmlResponse) -> list[str]:
    urls = (u for u in discovery.page_links(response) if is_http_url(u))
    return list(dict.fromkeys(canonical_url(u) for u in urls))


def saved_pages() -> list[Path]:
    return sorted(PAGES.glob("*.html"))


@pytest.mark.parametrize("path", saved_pages(), ids=lambda p: p.stem)
def test_saved_pages_give_the_reference_links(path: Path) -> None:
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    response = HtmlResponse(meta["url"], body=path.read_bytes(), headers={
        "Content-Type": meta.get("content_type", "text/html; charset=utf-8")})  # fmt: skip
    assert lean_links(response) == reference_links(response)


def test_a_benchmark_listing_gives_the_reference_links() -> None:
    html = speed_portal.listing_html("tin-tuc", 3, 30, list(range(40, 60)), 3000)
    response = HtmlResponse("http://127.0.0.1:8000/tin-tuc/trang-3", body=html.encode(),
                            encoding="utf-8")  # fmt: skip
    found = lean_links(response)
    assert len(found) > 20 and found == reference_links(response)


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1252"])
@pytest.mark.parametrize("base", ["", '<base href="https://skhcn.lamdong.gov.vn/so/">'])
def test_odd_links_give_the_reference_links(encoding: str, base: str) -> None:
    anchors = "".join(f'<a href="{h.replace(chr(34), "&quot;")}">l</a>' for h in ODD_HREFS)
    anchors += '<map><area href="/ban-do.html"></map><a>no href</a><a href="/tin-tuc/a.html">x</a>'
    html = f'<html><head><meta charset="{encoding}">{base}</head><body>{anchors}</body></html>'
    body = html.encode(encoding, errors="replace")
    response = HtmlResponse("https://skhcn.lamdong.gov.vn/tin-tuc/", body=body, encoding=encoding)
    found = lean_links(response)
    assert "https://skhcn.lamdong.gov.vn/tin-tuc/a.html" in found or base
    assert found == reference_links(response)
