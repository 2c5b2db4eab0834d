"""Search: query translation, accent modes, snippets from the original text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import make_record as record

from govcrawl.research.search import (
    SearchError,
    fts_query,
    query_terms,
    search,
    snippet,
)
from govcrawl.store.connection import connect
from govcrawl.store.writer import ArchiveWriter


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    writer = ArchiveWriter(connect(tmp_path / "govcrawl.db"))
    texts = {
        "https://a.vn/1": (
            "Hội thảo tại Đà Nẵng về đổi mới sáng tạo",
            "Đà Nẵng đón đoàn công tác. KH&CN phát triển.",
        ),
        "https://a.vn/2": (
            "Workshop in Da Nang",
            "The Da Nang workshop on innovation and science.",
        ),
        "https://a.vn/3": (
            "Thể thao tỉnh nhà",
            "Thế mạnh của tỉnh là thể thao và du lịch ở Đà Lạt.",
        ),
    }
    records = [
        record(url=url, title=title, text=text, content_hash=url)
        for url, (title, text) in texts.items()
    ]
    writer.write_batch(records)
    return writer.db


def test_query_runs_are_folded_phrases() -> None:
    assert fts_query("Đà Nẵng") == '"da nang"'
    assert fts_query(unicodedata.normalize("NFD", "đổi mới")) == '"doi moi"'
    assert fts_query("Đà Nẵng", any_order=True) == '"da" "nang"'


def test_any_text_is_valid_fts() -> None:
    assert fts_query("KH&CN").startswith('("khoa hoc va cong nghe" OR')
    assert fts_query('"unbalanced') == '"unbalanced"'
    assert fts_query("!!! ...") == '""'
    assert fts_query("NOT x") == '"x"'
    assert fts_query("(a (b") == '( ( "a" AND ( "b" ) ) )'  # FTS5: no implicit AND by a group
    assert fts_query("a OR ) NOT") == '"a"'


def test_terms_skip_operators_and_mark_prefixes() -> None:
    terms = query_terms('"đổi mới" OR công* NOT xăng')
    assert [(t.typed.folded, t.prefix) for t in terms] == [
        (("doi", "moi"), False),
        (("cong",), True),
    ]


def ids(hits: list) -> set[str]:  # type: ignore[type-arg]
    return {h.url for h in hits}


def test_accent_insensitive_and_exact(db) -> None:  # type: ignore[no-untyped-def]
    assert ids(search(db, "da nang")) == {"https://a.vn/1", "https://a.vn/2"}
    assert ids(search(db, "Đà Nẵng")) == {"https://a.vn/1", "https://a.vn/2"}
    assert ids(search(db, "Đà Nẵng", exact=True)) == {"https://a.vn/1"}
    assert ids(search(db, "Da Nang", exact=True)) == {"https://a.vn/2"}
    nfd = unicodedata.normalize("NFD", "Đà Nẵng")
    assert ids(search(db, nfd, exact=True)) == {"https://a.vn/1"}


def test_folding_merges_distinct_words_but_exact_separates_them(db) -> None:  # type: ignore[no-untyped-def]
    assert ids(search(db, "thế", exact=True)) == {"https://a.vn/3"}
    assert len(search(db, "the")) == 2  # "thể", "thế" and English "the" fold together


def test_title_hits_rank_first(db) -> None:  # type: ignore[no-untyped-def]
    hits = search(db, "workshop")
    assert hits[0].url == "https://a.vn/2"


def test_fts_syntax_and_fallbacks(db) -> None:  # type: ignore[no-untyped-def]
    assert ids(search(db, '"doi moi sang tao"')) == {"https://a.vn/1"}
    assert ids(search(db, "da NOT nang")) == {"https://a.vn/3"}
    assert ids(search(db, "Đà Lạt OR workshop")) == {"https://a.vn/2", "https://a.vn/3"}
    assert ids(search(db, "KH&CN")) == {"https://a.vn/1"}
    assert ids(search(db, "thao*")) == {"https://a.vn/1", "https://a.vn/3"}
    assert search(db, '"unbalanced') == []


def test_no_words_is_an_error(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SearchError):
        search(db, "  ")


def test_limit(db) -> None:  # type: ignore[no-untyped-def]
    assert len(search(db, "da", limit=1)) == 1


def test_snippet_marks_matches_in_the_original_text() -> None:
    text = " ".join(
        ["Mở đầu."] * 40 + ["Sở KH&CN thành phố Đà Nẵng tổ chức hội nghị."] + ["Kết."] * 40
    )
    result = snippet(text, query_terms("da nang"))
    assert "[Đà Nẵng]" in result
    assert result.startswith("…") and result.endswith("…")
    assert snippet(text, query_terms("Da Nang"), exact=True).count("[") == 0
    assert snippet("", query_terms("x")) == ""


@pytest.fixture
def words_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Articles where syllables of a query occur apart, abbreviated, or in the other spelling."""
    writer = ArchiveWriter(connect(tmp_path / "govcrawl.db"))
    texts = {
        "https://b.vn/danang": ("Tin Đà Nẵng", "UBND thành phố Đà Nẵng họp."),
        "https://b.vn/apart": ("Đà Lạt", "Tỉnh đã kiểm tra, nâng cao chất lượng du lịch Đà Lạt."),
        "https://b.vn/adjacent": ("Tin vắn", "Tỉnh đã nâng mức hỗ trợ."),
        "https://b.vn/full": ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Hòa Bình làm việc."),
        "https://b.vn/newstyle": ("Hoà Bình", "Hội nghị kĩ thuật tại Hoà Bình."),
        "https://b.vn/khcn": ("Sở KH&CN", "Sở KHCN tổ chức hội thảo về kỹ thuật."),
    }
    writer.write_batch([record(url=url, title=title, text=text, content_hash=url)
                        for url, (title, text) in texts.items()])  # fmt: skip
    return writer.db


def short(hits: list) -> set[str]:  # type: ignore[type-arg]
    return {h.url.rsplit("/", 1)[1] for h in hits}


def test_a_run_of_words_is_a_phrase(words_db) -> None:  # type: ignore[no-untyped-def]
    assert short(search(words_db, "da nang")) == {"danang", "adjacent"}  # "đã nâng" folds alike
    assert search(words_db, "Đà Nẵng")[0].url.endswith("danang")  # accents rank
    assert short(search(words_db, "Đà Nẵng", exact=True)) == {"danang"}
    assert short(search(words_db, "da nang", any_order=True)) == {"danang", "adjacent", "apart"}
    assert short(search(words_db, '"da lat" nang')) == {"apart"}
    assert short(search(words_db, "đà nẵng OR đà lạt")) == {"danang", "adjacent", "apart"}


def test_abbreviations_are_searched_both_ways(words_db) -> None:  # type: ignore[no-untyped-def]
    assert short(search(words_db, "UBND")) == {"danang", "full"}
    assert short(search(words_db, "ủy ban nhân dân")) == {"danang", "full"}
    assert short(search(words_db, "khoa học và công nghệ")) == {"khcn"}
    assert short(search(words_db, "Sở KH&CN")) == {"khcn"}


def test_one_orthography(words_db) -> None:  # type: ignore[no-untyped-def]
    assert short(search(words_db, "Hoà Bình", exact=True)) == {"full", "newstyle"}
    assert short(search(words_db, "Hòa Bình", exact=True)) == {"full", "newstyle"}
    assert short(search(words_db, "kĩ thuật")) == {"newstyle", "khcn"}
    assert short(search(words_db, "ky thuat")) == {"newstyle", "khcn"}
    hit = search(words_db, "Hoà Bình")[0]
    assert "[Hòa Bình]" in hit.snippet or "[Hoà Bình]" in hit.snippet


def test_exact_counts_whole_phrases(words_db) -> None:  # type: ignore[no-untyped-def]
    assert search(words_db, "Đà Nẵng")[0].exact_terms == 1
    assert "[Đà Nẵng]" in search(words_db, "da nang")[0].snippet


def test_broad_queries_list_title_hits_newest_first(words_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from govcrawl.research import search as module

    monkeypatch.setattr(module, "BROAD_MIN", 1)
    monkeypatch.setattr(module, "BROAD_SHARE", 0.1)
    assert module.is_broad(words_db, fts_query("UBND"))
    assert not module.is_broad(words_db, fts_query("Techmart"))
    assert [h.url.rsplit("/", 1)[1] for h in search(words_db, "UBND")] == ["full", "danang"]
    assert [h.url.rsplit("/", 1)[1] for h in search(words_db, "hoi")] == ["khcn", "newstyle"]
    assert short(search(words_db, "UBND", exact=True)) == {"full", "danang"}
