"""One orthography for matching (govcrawl.text.orthography) and the abbreviation table
(govcrawl.text.abbreviations)."""

from __future__ import annotations

import tomllib
import unicodedata

import pytest

from govcrawl.text.abbreviations import (
    ABBREVIATIONS_FILE,
    canonical_name,
    find,
    syllables,
    table,
    variants,
)
from govcrawl.text.orthography import canonical_spelling, search_fold, spelling_variants


@pytest.mark.parametrize(
    ("old", "new"),
    [("Hòa Bình", "Hoà Bình"), ("thủy sản", "thuỷ sản"), ("khỏe", "khoẻ"), ("Thụy", "Thuỵ"),
     ("ủy ban", "uỷ ban"), ("kỹ thuật", "kĩ thuật"), ("quý", "quí"), ("lý do", "lí do"),
     ("Mỹ", "Mĩ"), ("hy vọng", "hi vọng")],
)  # fmt: skip
def test_both_conventions_have_one_spelling(old: str, new: str) -> None:
    assert canonical_spelling(old) == canonical_spelling(new)
    assert search_fold(old) == search_fold(new)
    assert canonical_spelling(unicodedata.normalize("NFD", old)) == canonical_spelling(old)


@pytest.mark.parametrize(
    ("one", "other"),
    [("hoàng", "hòang"), ("thể", "thế"), ("thuý", "thúi"), ("vi phạm", "vy phạm"), ("tỉ", "tì")],
)
def test_distinct_words_stay_apart(one: str, other: str) -> None:
    assert canonical_spelling(one) != canonical_spelling(other)


def test_search_fold_and_spellings() -> None:
    assert search_fold("Đà Nẵng") == "da nang"
    assert search_fold("Kĩ thuật") == "ky thuat"
    assert spelling_variants("hòa") == ("hoà", "hòa")
    assert spelling_variants("kỹ") == ("kỹ", "kĩ")
    assert spelling_variants("Nam") == ("nam",)
    assert spelling_variants("quý") == ("quý", "quí")  # "qúy" is no spelling


def test_the_table_is_well_formed() -> None:
    entries = tomllib.loads(ABBREVIATIONS_FILE.read_text(encoding="utf-8"))["abbreviation"]
    assert len(entries) == len(table()) >= 15
    owner: dict[tuple[str, ...], str] = {}
    for entry in entries:
        assert set(entry) <= {"forms", "expansions", "ambiguous"}
        assert entry["forms"] and entry["expansions"]
        for written in entry["forms"] + entry["expansions"]:
            key = syllables(written)
            assert key, written
            assert owner.setdefault(key, entry["forms"][0]) == entry["forms"][0], written
    wanted = ["UBND", "HĐND", "KH&CN", "TN&MT", "NN&PTNT", "GD&ĐT", "LĐ-TB&XH", "VH-TT&DL",
              "TT&TT", "GTVT", "KH&ĐT", "TC", "CA", "QĐ", "NĐ-CP"]  # fmt: skip
    assert all(variants(form) for form in wanted)


def test_variants_both_ways() -> None:
    khcn = ["khoa hoc va cong nghe", "khoa hoc cong nghe", "kh cn", "khcn", "kh va cn"]
    for phrase in ("KH&CN", "KHCN", "kh-cn", "KH và CN", "Khoa học và Công nghệ"):
        assert variants(phrase) == khcn
    assert variants("ủy ban nhân dân") == variants("UBND") == ["uy ban nhan dan", "ubnd"]
    assert variants("Sở KH&CN") == []  # not an abbreviation as a whole
    assert variants("CA") == ["cong an"]  # an ambiguous form is not searched itself
    assert variants("ca") == []  # nor recognised unless in capitals


@pytest.mark.parametrize(
    ("form", "expansion"),
    [("ATTP", "an toan thuc pham"), ("CHQS", "chi huy quan su"), ("LĐLĐ", "lien doan lao dong"),
     ("GTGT", "gia tri gia tang"), ("TNCN", "thu nhap ca nhan"), ("CTCP", "cong ty co phan")],
)  # fmt: skip
def test_abbreviations_the_heldout_set_missed(form: str, expansion: str) -> None:
    # benchmarks/search_heldout.toml: pages write these in full, a researcher types the form
    assert variants(form) == [expansion, search_fold(form)]
    assert variants(expansion) == variants(form)


@pytest.mark.parametrize(
    "name",
    ["Sở KH&CN", "so khcn", "Sở Khoa học và Công nghệ", "Sở Khoa học Công nghệ", "SỞ KH-CN",
     "so kh va cn"],
)  # fmt: skip
def test_canonical_name(name: str) -> None:
    assert canonical_name(name) == "so khoa hoc va cong nghe"


def test_ambiguous_forms_need_capitals() -> None:
    assert canonical_name("CA tỉnh Lâm Đồng") == "cong an tinh lam dong"
    assert canonical_name("cà phê") == "ca phe"
    assert find(["ca", "phe"], ["cà", "phê"]) == []
