"""Page classification rules on hand-built extracted pages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from govcrawl.extract.classify import classify
from govcrawl.extract.page import ExtractedPage
from govcrawl.items import Attachment

ARTICLE_TEXT = "Sáng 12-3, Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết. " * 12
PAGE = ExtractedPage(
    title="Hội nghị tổng kết công tác năm 2024", text=ARTICLE_TEXT, author=None,
    published="2025-03-12", published_raw="12/03/2025", published_from="byline", modified=None,
    source=None, anchor_texts=frozenset(), teasers=0, page_title="Hội nghị", has_form=False,
)  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "kind", "reason"),
    [
        ({}, "article", "content"),
        (
            {"title": "Không tìm thấy trang", "text": "Trang bạn yêu cầu không tồn tại."},
            "not_found",
            "soft_404",
        ),
        ({"page_title": "Lỗi 404 - Cổng thông tin"}, "not_found", "soft_404"),
        ({"title": None}, "other", "no_title"),
        ({"title": "Liên hệ"}, "other", "utility_page"),
        ({"title": "Sơ đồ trang"}, "other", "utility_page"),
        ({"has_form": True}, "other", "form_page"),
        ({"title": "Thư viện ảnh: Hội nghị tổng kết"}, "other", "gallery"),
        (
            {
                "text": "Số hiệu: 123/QĐ-UBND. Ngày ban hành: 12/03/2025. Trích yếu: Quyết định.",
                "attachments": (Attachment("https://x.vn/a.pdf", "a.pdf", "Tải về"),),
            },
            "other",
            "attachment_only",
        ),
        ({"text": "Ngắn quá."}, "other", "short_text"),
        ({"teasers": 6, "text": ARTICLE_TEXT[:800]}, "listing", "teaser_links"),
    ],
)
def test_verdicts(changes: dict, kind: str, reason: str) -> None:
    verdict = classify(replace(PAGE, **changes), min_chars=300)
    assert (verdict.kind, verdict.reason) == (kind, reason)


def test_a_long_article_quoting_not_found_words_is_an_article() -> None:
    text = ARTICLE_TEXT + " Hồ sơ không tồn tại trong hệ thống sẽ được bổ sung. " * 5
    assert classify(replace(PAGE, text=text), min_chars=300).is_article


def test_url_kind_tips_ambiguous_pages() -> None:
    page = replace(PAGE, teasers=3, text=ARTICLE_TEXT[:700])
    assert classify(page, min_chars=300, url_kind="listing").kind == "listing"
    assert classify(page, min_chars=300, url_kind="article").is_article
    busy = replace(PAGE, teasers=5, text=ARTICLE_TEXT[:700])
    assert classify(busy, min_chars=300).kind == "listing"
    assert classify(busy, min_chars=300, url_kind="article").is_article


REGISTER = "\n".join(
    ["| STT | Số hiệu | Trích yếu | Ngày ban hành |", "|---|---|---|---|"]
    + [f"| {n} | {n}23/QĐ-UBND | Quyết định về việc công tác cải cách hành chính | 0{n}/03/2025 |" for n in range(1, 9)]
)  # fmt: skip
CELLS = "\n".join(
    ["STT", "Số hiệu", "Trích yếu", "Ngày ban hành"]
    + [cell for n in range(1, 9) for cell in (str(n), f"{n}23/QĐ-UBND", "Quyết định", f"0{n}/03/2025")]
)  # fmt: skip


@pytest.mark.parametrize(
    ("title", "text", "reason"),
    [
        ("Danh mục văn bản năm 2025", REGISTER, "register"),  # a table of documents
        ("Danh mục văn bản năm 2025", CELLS, "register"),  # the same, one cell a line
        ("Chức năng, nhiệm vụ", ARTICLE_TEXT, "utility_page"),  # the agency's standing pages
        ("Cơ cấu tổ chức", ARTICLE_TEXT, "utility_page"),
        ("Văn bản quy phạm pháp luật", REGISTER, "utility_page"),
    ],
)
def test_registers_and_standing_pages_are_not_articles(title: str, text: str, reason: str) -> None:
    verdict = classify(replace(PAGE, title=title, text=text), min_chars=300)
    assert (verdict.kind, verdict.reason) == ("other", reason)


def test_an_article_with_a_table_is_an_article() -> None:
    page = replace(PAGE, text=ARTICLE_TEXT + "\n" + REGISTER)
    assert classify(page, min_chars=300).is_article


def test_a_title_that_only_starts_like_a_standing_page_is_news() -> None:
    page = replace(PAGE, title="Giới thiệu sản phẩm OCOP tại hội chợ xúc tiến thương mại")
    assert classify(page, min_chars=300).is_article
