"""NFC, whitespace, folding and language detection."""

from __future__ import annotations

import unicodedata

from govcrawl.dedupe import content_hash
from govcrawl.normalise import clean_line, clean_text, detect_language, fold, fold_d, nfc


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
        text.upper(),
        text.replace(", ", " , "),
    ]
    assert {content_hash(v) for v in variants} == {content_hash(text)}
    assert content_hash(text) != content_hash(text.replace("15-1", "16-1"))
