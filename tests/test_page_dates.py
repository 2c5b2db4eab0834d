"""Which date of a page is its publication date, its update, and where each came from."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from lxml import html

from govcrawl.extract.page_dates import body_date, page_dates, split_updated

CAPTURED = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)
URL = "https://skhcn.lamdong.gov.vn/tin-hoat-dong/hoi-nghi-5479"


def page(head: str = "", byline: str = "", url: str = URL, lead: str = "") -> tuple:
    tree = html.document_fromstring(f"""<html><head>{head}</head><body>
<div class="header"><span class="current-date">Thứ Bảy, 10/01/2026</span></div>
<div class="sidebar tin-moi"><ul><li><a href="/1">Tin khác</a> (17/01/2020)</li></ul></div>
<div class="detail"><h1>Nâng cao hiệu quả hoạt động khoa học và công nghệ</h1>{byline}
<div class="content"><p>Chiều 15-1, Sở Khoa học và Công nghệ tổ chức hội nghị triển khai nhiệm vụ.</p></div>
</div></body></html>""")
    dates = page_dates(tree, tree.find(".//h1"), url, CAPTURED, lead=lead)
    published = dates.published.iso if dates.published else None
    modified = dates.modified.iso if dates.modified else None
    return published, dates.published_from, modified


def ld(**fields: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(fields)}</script>'


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ('<div class="PostDate">Thứ Tư, 15/01/2020 - 16:30</div>',
         ("2020-01-15T16:30:00+07:00", "byline", None)),
        ('<div class="date">Ngày đăng: 15/01/2020 | Cập nhật: 16/01/2020 08:00</div>',
         ("2020-01-15", "byline", "2020-01-16T08:00:00+07:00")),
        ('<div class="date">Cập nhật: 16/01/2020 08:00 | Ngày đăng: 15/01/2020</div>',
         ("2020-01-15", "byline", "2020-01-16T08:00:00+07:00")),
        ('<div class="info">Cập nhật lúc 14:30 ngày 15/01/2020</div>',
         (None, None, "2020-01-15T14:30:00+07:00")),  # an update is never the publication
        ("<p>Ngày 15 tháng 1 năm 2020</p>", ("2020-01-15", "byline", None)),  # bare date line
        ('<div class="date">Tháng 1/2020</div>', ("2020-01", "byline", None)),
        ("", (None, None, None)),  # the sidebar's and the header's dates are not the article's
    ],
)  # fmt: skip
def test_byline(byline: str, expected: tuple) -> None:
    assert page(byline=byline) == expected


def test_structured_metadata_comes_first() -> None:
    head = ld(**{"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": "2020-01-15T09:30:00Z",
                               "dateModified": "2020-01-20T01:00:00Z"}]})  # fmt: skip
    byline = '<div class="date">15/01/2020</div>'
    assert page(head, byline) == (
        "2020-01-15T16:30:00+07:00",
        "json-ld",
        "2020-01-20T08:00:00+07:00",
    )


def test_meta_tags() -> None:
    head = ('<meta property="article:published_time" content="2020-01-15T16:30:00+07:00">'
            '<meta property="article:modified_time" content="2020-02-01T10:00:00+07:00">')  # fmt: skip
    assert page(head) == ("2020-01-15T16:30:00+07:00", "meta", "2020-02-01T10:00:00+07:00")


def test_a_render_time_stamp_gives_way_to_the_byline() -> None:
    head = ld(datePublished="2026-01-10T01:00:00Z")  # the server's clock at capture
    byline = '<div class="date">15/01/2020 16:30</div>'
    assert page(head, byline) == ("2020-01-15T16:30:00+07:00", "byline", None)


def test_the_lead_settles_a_disagreement_but_is_never_the_date() -> None:
    head = ld(datePublished="2020-02-03")
    byline = '<div class="date">15/01/2020</div>'
    lead = "Chiều 15-1, Sở Khoa học và Công nghệ tổ chức hội nghị"
    assert page(head, byline, lead=lead) == ("2020-01-15", "byline", None)
    assert page(head, byline, lead="Năm 2020, Sở tổ chức") == ("2020-02-03", "json-ld", None)
    assert page(lead=lead) == (None, None, None)


def test_url_date_when_the_page_prints_none() -> None:
    url = "https://dbndthanhhoa.gov.vn/portal/pages/2025-06-12/Doan-DBQH-28734.aspx"
    assert page(url=url) == ("2025-06-12", "url", None)
    assert page(byline='<div class="date">11/06/2025</div>', url=url)[:2] == (
        "2025-06-11",
        "byline",
    )


def test_body_date_reads_only_the_lead() -> None:
    text = "Ngày 15/01/2020, UBND tỉnh tổ chức hội nghị.\nKế hoạch số 5 ngày 02/03/2019."
    assert body_date(text, CAPTURED).iso == "2020-01-15"
    assert body_date("Chiều 15-1, UBND tỉnh họp.\nNgày 02/03/2019", CAPTURED) is None


def test_split_updated_without_dates() -> None:
    assert split_updated("Lượt xem: 426", CAPTURED) is None
