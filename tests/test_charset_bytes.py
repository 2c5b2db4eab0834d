"""A UTF-8 page served as ISO-8859-1: with the raw bytes, the text comes back exactly."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.http import HtmlResponse

from govcrawl.extract.page import extract_page

# "học", "Ý kiến", "Đọc": their UTF-8 bytes include 0x8D and 0x9D, which windows-1252 (what
# browsers and w3lib read for ISO-8859-1) leaves undefined: the decoded text has lost them (U+FFFD)
# or kept them as C1 controls (the WHATWG decoder of w3lib 2.6), depending on the w3lib version.
BODY = "Hội nghị khoa học về Ý kiến đóng góp. " * 30
PAGE = f"""<html><head><title>Hội nghị khoa học - Cổng TTĐT tỉnh Hưng Yên</title></head><body>
<h1>Hội nghị khoa học tỉnh Hưng Yên năm 2025</h1><div class="post-date">Ngày đăng: 05/03/2025</div>
<div class="content-detail"><p>{BODY}</p><p>Đọc thêm ý kiến của các nhà khoa học.</p></div></body></html>"""


def test_misdeclared_utf8_is_recovered_from_the_bytes() -> None:
    response = HtmlResponse(
        "https://hungyen.gov.vn/hoi-nghi-123.html", body=PAGE.encode("utf-8"),
        headers={"Content-Type": "text/html; charset=iso-8859-1"},
    )  # fmt: skip
    assert "Hội nghị" not in response.text  # the decoded text is a mis-reading
    page = extract_page(
        response.text, response.url, fetched_at=datetime(2026, 1, 1, tzinfo=UTC), body=response.body
    )
    assert page is not None
    assert page.title == "Hội nghị khoa học tỉnh Hưng Yên năm 2025"
    assert BODY.strip() in page.text and "Đọc thêm ý kiến" in page.text
    assert "\ufffd" not in page.text
    assert page.published == "2025-03-05"


def test_windows_1258_served_as_utf8_is_recovered_from_the_bytes() -> None:
    from govcrawl.demo.server import to_windows_1258

    response = HtmlResponse(
        "https://sotp.quangtri.gov.vn/tin/hoi-nghi.html", body=to_windows_1258(PAGE),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )  # fmt: skip
    assert "\ufffd" in response.text
    page = extract_page(
        response.text, response.url, fetched_at=datetime(2026, 1, 1, tzinfo=UTC), body=response.body
    )
    assert page is not None and page.title == "Hội nghị khoa học tỉnh Hưng Yên năm 2025"
    assert BODY.strip() in page.text and "\ufffd" not in page.text
