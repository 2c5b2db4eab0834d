"""TCVN3 and VNI text (pre-Unicode Vietnamese fonts) and mis-declared charsets, put right."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from govcrawl.text.legacy_encodings import (
    TCVN3,
    VNI,
    convert_tree,
    detect_legacy,
    tcvn3_to_unicode,
    to_unicode,
    vni_to_unicode,
)
from govcrawl.text.mojibake import repair

# Segments of a Unicode page without a letter outside Latin-1 ("Hoàng" is also VNI for "Hồng").
LATIN_1_ONLY = (
    "Nhóm 0, chính công, gia viên, nguyên công, nông phát, Hoàng Thu Trang, In bài, "
    "Tin liên quan, Cáo viên., Giá nhân sóc., An chính., Giám giám., Giáo công."
)
SENTENCE = "Sở Khoa học và Công nghệ tỉnh Lâm Đồng tổ chức hội nghị; người dân được hưởng lợi ích"


@pytest.mark.parametrize(
    ("tcvn3", "unicode"),
    [
        ("Së Khoa häc vµ C«ng nghÖ", "Sở Khoa học và Công nghệ"),
        ("tØnh L©m §ång", "tỉnh Lâm Đồng"),
        ("Ng\xadêi d©n ®\xadîc h\xadëng lîi Ých", "Người dân được hưởng lợi ích"),
        ("n¨m 2020, th¸ng 1", "năm 2020, tháng 1"),
        ("Ủy ban nh©n d©n", "Ủy ban nhân dân"),  # Unicode letters pass through
        ("HéI NGHÞ", "HỘI NGHỊ"),  # typed in the capital font .VnTimeH
        ("§BQH tØnh", "ĐBQH tỉnh"),
    ],
)
def test_tcvn3(tcvn3: str, unicode: str) -> None:
    assert tcvn3_to_unicode(tcvn3) == unicode


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [
        ("Sôû Khoa hoïc vaø Coâng ngheä", "Sở Khoa học và Công nghệ"),
        ("tænh Laâm Ñoàng", "tỉnh Lâm Đồng"),
        ("Ngöôøi daân ñöôïc höôûng lôïi ích", "Người dân được hưởng lợi ích"),
        ("naêm 2020, thaùng 1, ngaøy 15", "năm 2020, tháng 1, ngày 15"),
        ("UÛY BAN NHAÂN DAÂN", "ỦY BAN NHÂN DÂN"),
        ("Ñaø Naüng, Ñaék Laék", "Đà Nẵng, Đắk Lắk"),
        (
            "lyù, tyû, kyõ, Myõ, kyø, yù kieán, hoà sô, thuûy",
            "lý, tỷ, kỹ, Mỹ, kỳ, ý kiến, hồ sơ, thủy",
        ),
    ],
)
def test_vni(vni: str, unicode: str) -> None:
    assert vni_to_unicode(vni) == unicode


def test_tables_cover_every_vietnamese_lower_case_letter() -> None:
    letters = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    assert set(letters) <= set(TCVN3.values())
    assert set(letters) <= set(VNI.values())
    assert set(letters.upper()) <= set(VNI.values())
    assert all(unicodedata.is_normalized("NFC", v) for v in [*TCVN3.values(), *VNI.values()])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Së Khoa häc vµ C«ng nghÖ tØnh L©m §ång", "tcvn3"),
        ("Sôû Khoa hoïc vaø Coâng ngheä tænh Laâm Ñoàng", "vni"),
        (SENTENCE, None),
        ("The department held a workshop in Da Lat.", None),
        ("Café crème à Paris, où l'été est chaud.", None),
        ("Giá: 150.000 đ © 2020", None),
        ("© 2020 Cổng thông tin", None),
        ("", None),
        # Unicode words with Latin-1 letters only: VNI pairs ("iê", "oà"), no VNI signature.
        (LATIN_1_ONLY, None),
        ("Hoaøng Thu Trang, Tin lieân quan, Chuû tòch UBND tænh", "vni"),
    ],
)
def test_detect_legacy(text: str, kind: str | None) -> None:
    assert detect_legacy(text) == kind


def test_a_page_converts_only_its_legacy_segments() -> None:
    tree = html.document_fromstring(
        "<html><head><title>Së Khoa häc - Cæng th«ng tin</title></head><body>"
        "<div class='menu'>Trang chủ | Giới thiệu</div>"
        "<p><font face='.VnTime'>ChiÒu 15-1, Së Khoa häc vµ C«ng nghÖ tæ chøc héi nghÞ.</font></p>"
        "<p><font face='.VnTime'>TrÇn H»ng</font></p></body></html>"
    )
    assert convert_tree(tree) == "tcvn3"
    assert tree.findtext(".//title") == "Sở Khoa học - Cổng thông tin"
    assert tree.xpath("string(//div)") == "Trang chủ | Giới thiệu"
    assert [p.text_content() for p in tree.iter("p")] == [
        "Chiều 15-1, Sở Khoa học và Công nghệ tổ chức hội nghị.",
        "Trần Hằng",
    ]


def test_a_unicode_page_whose_chrome_has_latin_1_letters_only_is_left_alone() -> None:
    # The credit, menu items and "Tin liên quan" of tests/fixtures/induction/speed_portal_*.
    segments = "".join(f"<li>{word}</li>" for word in LATIN_1_ONLY.split(", "))
    tree = html.document_fromstring(
        f"<html><body><ul>{segments}</ul><p>{SENTENCE}</p></body></html>"
    )
    assert convert_tree(tree) is None
    assert tree.xpath("//li/text()") == LATIN_1_ONLY.split(", ")


def test_a_unicode_page_is_left_alone() -> None:
    tree = html.document_fromstring(f"<html><body><p>{SENTENCE}</p><p>© 2020 µ</p></body></html>")
    assert convert_tree(tree) is None
    assert tree.findtext(".//p") == SENTENCE


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_converters_never_raise_and_stay_nfc_for_nfc_input(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    for converted in (tcvn3_to_unicode(text), vni_to_unicode(text), to_unicode(text), repair(text)):
        assert isinstance(converted, str)
    assert unicodedata.is_normalized("NFC", vni_to_unicode(text)) or not text.isascii()


LETTERS = "".join(sorted(set(TCVN3.values()) & set(VNI.values())))


@given(
    st.lists(
        st.text(alphabet=LETTERS + "bcdghklmnpqrstvx", min_size=1, max_size=8),
        min_size=1,
        max_size=20,
    )
)
@settings(max_examples=200, deadline=None)
def test_typed_for_old_fonts_reads_back(words: list[str]) -> None:
    text = " ".join(words).lower()
    tcvn3 = "".join({v: k for k, v in TCVN3.items()}.get(c, c) for c in text)
    vni = "".join({v: k for k, v in VNI.items()}.get(c, c) for c in text)
    assert tcvn3_to_unicode(tcvn3) == text
    assert vni_to_unicode(vni) == text


# --- mis-declared charsets ---------------------------------------------------------------------

PAGE = f'<html><head><meta charset="{{charset}}"></head><body><p>{SENTENCE}. Đoàn công tác về học nghề lúc 7 giờ.</p></body></html>'


def cp1258(text: str) -> bytes:
    """windows-1258 bytes as Word writes them: base letter, then a tone-mark byte."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += base.encode("cp1258") + "".join(c for c in parts if c in tones).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("wrong", ["cp1252", "cp1258"])
def test_utf8_read_with_a_single_byte_charset_is_repaired(wrong: str) -> None:
    page = PAGE.format(charset="utf-8")
    misread = page.encode("utf-8").decode(wrong, errors="replace")
    assert "\ufffd" in misread  # "Đ", "ọ", "ề" lost a byte: put back from their words
    assert unicodedata.normalize("NFC", repair(misread)) == page


@pytest.mark.parametrize("wrong", ["cp1252", "cp1258"])
def test_utf8_read_the_whatwg_way_is_repaired(wrong: str) -> None:
    """A browser-style decoder (w3lib 2.6) keeps a byte the charset leaves undefined as the C1
    control of its number, not U+FFFD: that byte is known, nothing to guess."""
    page = PAGE.format(charset="utf-8")
    misread = "".join(
        chr(byte)
        if byte in range(0x80, 0xA0) and _undefined(byte, wrong)
        else bytes([byte]).decode(wrong)
        for byte in page.encode("utf-8")
    )
    assert "\x8d" in misread or "\x9d" in misread or "\x90" in misread
    assert unicodedata.normalize("NFC", repair(misread)) == page


def _undefined(byte: int, charset: str) -> bool:
    try:
        bytes([byte]).decode(charset)
    except UnicodeDecodeError:
        return True
    return False


def test_windows_1258_read_as_latin_1_is_repaired_when_the_page_says_so() -> None:
    page = PAGE.format(charset="windows-1258")
    misread = cp1258(page).decode("cp1252")
    assert unicodedata.normalize("NFC", repair(misread)) == page
    undeclared = cp1258(PAGE.format(charset="utf-8")).decode("cp1252")
    assert repair(undeclared) == undeclared  # could as well be TCVN3 or VNI


@pytest.mark.parametrize(
    "text",
    [
        PAGE.format(charset="utf-8"),
        "Café crème, où est la gare? Ça va très bien. Señor Müller à Zürich. Ã la carte.",
        "Së Khoa häc vµ C«ng nghÖ tØnh L©m §ång tæ chøc héi nghÞ",
        "Sôû Khoa hoïc vaø Coâng ngheä tænh Laâm Ñoàng toå chöùc hoäi nghò",
    ],
)
def test_correct_text_is_not_repaired(text: str) -> None:
    assert repair(text) == text
