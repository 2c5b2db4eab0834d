"""NFC, whitespace, folding and language detection."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcrawl.dedupe.content_hash import content_hash
from govcrawl.text.normalise import clean_line, clean_text, detect_language, fold, fold_d, nfc


def test_nfd_text_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ tỉnh Lâm Đồng")
    assert nfc(decomposed) == "Sở Khoa học và Công nghệ tỉnh Lâm Đồng"
    assert clean_line(decomposed) == "Sở Khoa học và Công nghệ tỉnh Lâm Đồng"


def test_clean_text_keeps_paragraphs_and_collapses_spaces() -> None:
    text = "  Đoạn\u00a0một   có  khoảng trắng. \n\n\n Đoạn hai.\t\n"
    assert clean_text(text) == "Đoạn một có khoảng trắng.\nĐoạn hai."


def test_clean_line_empty() -> None:
    assert clean_line(None) is None and clean_line(" \u00a0 ") is None


def test_fold_removes_accents_and_d() -> None:
    assert fold("Đà Nẵng") == "da nang"
    assert fold("Thừa Thiên Huế, người ươm") == "thua thien hue, nguoi uom"
    assert fold(unicodedata.normalize("NFD", "Đồng Nai")) == "dong nai"
    assert fold_d("Đà Nẵng") == "Dà Nẵng"  # only đ: SQLite folds the tone marks


def test_language_is_deterministic() -> None:
    text = "Sở Khoa học và Công nghệ tổ chức hội nghị triển khai nhiệm vụ năm 2020 tại Đà Lạt."
    assert {detect_language(text) for _ in range(20)} == {"vi"}
    english = "The department held a workshop on smart greenhouse technology in Da Lat."
    assert detect_language(english) == "en"


def test_too_little_text_has_no_language() -> None:
    assert detect_language("KH&CN") is None
    assert detect_language("") is None


def test_content_hash_ignores_form_not_words() -> None:
    text = "Chiều 15-1, Sở KH&CN tổ chức hội nghị.\nTrần Hằng"
    variants = [
        unicodedata.normalize("NFD", text),
        text.replace("\n", "\n\n  "),
        text.replace("hội nghị", "Hội Nghị"),
        text.replace(", ", " , "),
        text.replace("\nTrần Hằng", ""),  # a print view without the credit line
        text + "\n(Nguồn: Báo Lâm Đồng)",
    ]
    assert {content_hash(v) for v in variants} == {content_hash(text)}
    assert content_hash(text) != content_hash(text.replace("15-1", "16-1"))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hội nghị tổng kết", "vi"),  # short, but unmistakably Vietnamese
        ("Đà Nẵng", "vi"),
        ("UBND tỉnh", None),  # too little to tell
        ("Green Sunday", None),
        # An English page naming Vietnamese places stays English.
        (
            "The Da Nang People’s Committee launched the Green Sunday campaign in Hải Châu, Sơn Trà "
            "and Ngũ Hành Sơn districts, with more than 3,000 residents collecting rubbish.",
            "en",
        ),
        # A Vietnamese page quoting an English sentence stays Vietnamese.
        (
            "Sở Khoa học và Công nghệ tổ chức hội thảo về nông nghiệp công nghệ cao tại Đà Lạt.\n"
            "“Smart farming is the future of Lam Dong”, said the Dutch expert.\n"
            "Các đại biểu đã thảo luận nhiều giải pháp ứng dụng công nghệ trong sản xuất rau, hoa.",
            "vi",
        ),
        # Vietnamese typed without diacritics is left to langdetect.
        (
            "Nguoi dan tinh Lam Dong tham gia hoi nghi ve khoa hoc cong nghe va doi moi sang tao",
            "vi",
        ),
    ],
)
def test_language_rule(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


@given(st.text(max_size=500))
@settings(max_examples=200, deadline=None)
def test_language_detection_never_raises_and_is_deterministic(text: str) -> None:
    assert detect_language(text) == detect_language(text)
