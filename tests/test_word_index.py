"""The word index (articles_words): its terms, the same hits as articles_fts for every labelled
query, kept in step by govcrawl's writes, and never wrong after another tool writes."""

from __future__ import annotations

import sqlite3
import sys
import tomllib
import unicodedata
from pathlib import Path

import pytest
import sqlite_utils
from conftest import cli, make_record

from govcrawl.research import search as search_module
from govcrawl.research.search import FOLDED_INDEX, WORD_INDEX, search
from govcrawl.store import word_index
from govcrawl.store.connection import connect
from govcrawl.store.integrity import fts_check
from govcrawl.store.writer import ArchiveWriter
from govcrawl.text.index_terms import index_terms, pair_phrase, syllables

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from relevance_corpus import articles  # noqa: E402


def test_terms_are_folded_syllables_and_their_pairs() -> None:
    assert syllables("Kĩ thuật, Sở KH&CN Đà Nẵng") == [
        "ky",
        "thuat",
        "so",
        "kh",
        "cn",
        "da",
        "nang",
    ]
    assert index_terms("Hòa Bình — hoà_bình") == ("hoa binh hoa binh", "hoa_binh binh_hoa hoa_binh")
    assert index_terms(None) == ("", "")
    assert index_terms("Một") == ("mot", "")
    assert pair_phrase(["khoa", "hoc", "va"]) == "khoa_hoc hoc_va"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> sqlite_utils.Database:
    """The relevance corpus (224 real fixture articles), written as the archive writer does."""
    path = tmp_path_factory.mktemp("words") / "govcrawl.db"
    writer = ArchiveWriter(connect(path))
    records = [
        make_record(url=f"https://example.gov.vn/{a['key']}", site=a["site"], title=a["title"],
                    text=a["text"], content_hash=a["key"], published=None, author=None)
        for a in articles()
    ]  # fmt: skip
    for start in range(0, len(records), 50):
        writer.write_batch(records[start : start + 50])
    assert word_index.ready(writer.db)
    return writer.db


def _queries() -> list[str]:
    judged = tomllib.loads((BENCHMARKS / "search_relevance.toml").read_text(encoding="utf-8"))
    found = [query["query"] for query in judged["query"]]
    extra = ['"đổi mới" NOT "sáng tạo"', "công nghệ*", "(UBND OR HĐND) tỉnh", "kĩ thuật", "ti*",
             "hi*", "Quảng Ti*", "chuyển đổi s*", "tỉnh*"]  # fmt: skip
    return [*found, *extra]


def _ids(db: sqlite_utils.Database, index: search_module.Index, query: str) -> set[int]:
    expression = search_module._parse(query, False, index)[0]
    sql = f"SELECT rowid FROM {index.table} WHERE {index.table} MATCH ?"
    return {row[0] for row in db.execute(sql, [expression])}


def test_both_indexes_find_the_same_articles(corpus: sqlite_utils.Database) -> None:
    queries = _queries()
    assert len(queries) > 60
    differ = {q: (_ids(corpus, FOLDED_INDEX, q), _ids(corpus, WORD_INDEX, q)) for q in queries}
    assert {q: sides for q, sides in differ.items() if sides[0] != sides[1]} == {}
    assert sum(1 for folded, _ in differ.values() if folded) > 50  # the queries find things


def test_search_uses_the_word_index_when_it_is_up_to_date(
    corpus: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[str] = []
    run = search_module._run_match
    monkeypatch.setattr(search_module, "_run_match",
                        lambda db, e, sql, p: used.append(sql) or run(db, e, sql, p))  # fmt: skip
    hits = search(corpus, "Sở KH&CN", limit=500)
    assert hits and all("articles_words" in sql for sql in used)
    monkeypatch.setattr(search_module.word_index, "ready", lambda db: False)
    assert {h.id for h in search(corpus, "Sở KH&CN", limit=500)} == {h.id for h in hits}
    assert "articles_fts" in used[-1]


def _foreign(path: Path) -> sqlite3.Connection:
    """A connection as the sqlite3 shell or a researcher's script opens it: no govcrawl code."""
    return sqlite3.connect(path, isolation_level=None)


def test_another_tools_writes_never_make_a_search_wrong(tmp_path: Path) -> None:
    path = tmp_path / "govcrawl.db"
    writer = ArchiveWriter(connect(path))
    writer.write_batch([make_record(url="https://a.vn/1", title="Tin Đà Lạt", content_hash="1",
                                    text="Hội nghị tại Đà Lạt về chuyển đổi số.")])  # fmt: skip
    writer.db.conn.close()
    with _foreign(path) as other:  # an edit, an insert and a delete, without govcrawl
        other.execute("UPDATE articles SET text = 'Hội nghị tại Đà Nẵng.' WHERE id = 1")
        other.execute(
            "INSERT INTO articles (id, url, site, title, text, content_hash, first_seen, last_seen)"
            " VALUES (2, 'https://a.vn/2', 's', 'Nông thôn mới', 'Xây dựng nông thôn mới.', 'h',"
            " 't', 't')"
        )
        other.execute("UPDATE articles SET text = 'Nông thôn mới ở Hòa Vang.' WHERE id = 2")
    reader = connect(path, readonly=True)
    assert not word_index.ready(reader) and word_index.pending(reader) == 3
    assert [h.id for h in search(reader, "Đà Nẵng")] == [1]  # articles_fts meanwhile
    assert search(reader, "chuyển đổi số") == []
    assert [h.id for h in search(reader, "Hòa Vang")] == [2]
    note = fts_check(path).note or ""
    assert "3 change(s) of articles wait for the word index" in note

    connect(path).conn.close()  # govcrawl's next writable open applies them
    db = connect(path, readonly=True)
    assert word_index.ready(db)
    assert [h.id for h in search(db, "Đà Nẵng")] == [1]
    assert search(db, "chuyển đổi số") == [] and search(db, "xây dựng") == []
    assert [h.id for h in search(db, "Hòa Vang")] == [2]
    with _foreign(path) as other:
        other.execute("DELETE FROM articles WHERE id = 2")
    connect(path).conn.close()
    db = connect(path, readonly=True)
    assert word_index.ready(db) and search(db, "nông thôn mới") == []
    assert fts_check(path).ok


def test_an_archive_from_before_the_word_index_is_searched_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "govcrawl.db"
    writer = ArchiveWriter(connect(path))
    writer.write_batch([make_record(url="https://a.vn/1", title="Sở KH&CN Lâm Đồng",
                                    content_hash="1", text="Khoa học và công nghệ.")])  # fmt: skip
    db = writer.db
    with db.conn:  # as an archive written before m015 is
        for name in ("bi", "ai", "ad", "au"):
            db.execute(f"DROP TRIGGER articles_words_{name}")
        db.execute("DROP TABLE articles_words")
        db.execute("DROP TABLE word_index_pending")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm015_word_index'")
    db.conn.close()
    old = connect(path, readonly=True)
    assert not word_index.exists(old) and [h.id for h in search(old, "Sở KH&CN")] == [1]
    old.conn.close()
    upgraded = connect(path)  # the migration builds the index from every article
    assert word_index.ready(upgraded)
    assert [h.id for h in search(upgraded, "Sở Khoa học và Công nghệ")] == [1]
    assert fts_check(path).ok


@pytest.mark.parametrize("any_order", [False, True])
def test_groups_beside_words_are_valid_on_both_indexes(
    corpus: sqlite_utils.Database, any_order: bool
) -> None:
    """FTS5 refuses its implicit AND next to a parenthesis ("(a OR b) c"): written out, with
    the precedence it has (tighter than NOT)."""
    queries = ["(UBND OR HĐND) tỉnh", "Lâm Đồng (du lịch OR nông nghiệp)", "UBND tỉnh",
               "hội nghị NOT (UBND tỉnh)", "KH&CN Lâm Đồng", "(a OR b) (c OR d) e"]  # fmt: skip
    for query in queries:
        for index in (FOLDED_INDEX, WORD_INDEX):
            expression = search_module._parse(query, any_order, index)[0]
            corpus.execute(f"SELECT count(*) FROM {index.table} WHERE {index.table} MATCH ?",
                           [expression])  # fmt: skip
    both = _ids(corpus, FOLDED_INDEX, "(UBND OR HĐND) tỉnh")
    assert both and both == _ids(corpus, WORD_INDEX, "(UBND OR HĐND) tỉnh")
    assert _ids(corpus, FOLDED_INDEX, "hội nghị NOT (UBND tỉnh)") == (
        _ids(corpus, FOLDED_INDEX, "hội nghị") - _ids(corpus, FOLDED_INDEX, "UBND tỉnh")
    )


def test_replacing_and_renumbering_rows_keep_the_index_right(tmp_path: Path) -> None:
    """INSERT OR REPLACE deletes without a DELETE trigger in the sqlite3 shell, and an id can be
    changed: both are queued, and verify compares the index with the articles anew."""
    path = tmp_path / "govcrawl.db"
    writer = ArchiveWriter(connect(path))
    writer.write_batch([make_record(url=f"https://a.vn/{n}", title=f"Bài số {n}", content_hash=str(n),
                                    text=f"Nội dung bài số {n}.") for n in range(3)])  # fmt: skip
    writer.db.conn.close()
    with _foreign(path) as other:
        other.execute(
            "INSERT OR REPLACE INTO articles (id, url, site, title, text, content_hash, first_seen,"
            " last_seen) VALUES (1, 'https://a.vn/x', 's', 'Mới', 'Hòa Vang mới', 'h', 't', 't')"
        )
        other.execute("UPDATE articles SET id = 100 WHERE id = 2")
    db = connect(path)
    assert word_index.ready(db)
    assert search(db, "bài số 0") == [] and [h.id for h in search(db, "Hòa Vang")] == [1]
    assert [h.id for h in search(db, "bài số 1")] == [100]
    db.execute("BEGIN")
    assert word_index.differences(db.conn) == 0  # (articles_fts's own triggers miss both)
    db.execute("ROLLBACK")


def test_verify_finds_a_word_index_that_differs_and_reindex_rebuilds_it(tmp_path: Path) -> None:
    path = tmp_path / "govcrawl.db"
    writer = ArchiveWriter(connect(path))
    writer.write_batch([make_record(url="https://a.vn/1", title="Tin", content_hash="1",
                                    text="Khoa học và công nghệ Lâm Đồng.")])  # fmt: skip
    db = writer.db
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_words_au'")
    sql = trigger.fetchone()[0]
    with db.conn:  # a change the queue never saw (what a bug or an old tool could leave)
        db.execute("DROP TRIGGER articles_words_au")
        db.execute("UPDATE articles SET text = 'Nông thôn mới' WHERE id = 1")
        db.execute(sql)
    db.conn.close()
    check = fts_check(path)
    assert not check.ok and "differs from the articles" in check.problems[0]
    assert "govcrawl reindex" in check.problems[0]
    assert fts_check(path, contents=False).ok  # --quick: the structure only
    done = cli("reindex", "--archive", str(path))
    assert done.returncode == 0 and "word index of" in done.stdout, done.stderr
    assert fts_check(path).ok
    assert [h.id for h in search(connect(path, readonly=True), "nông thôn mới")] == [1]
    missing = cli("reindex", "--archive", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and "no archive at" in missing.stderr


def test_decomposed_text_is_indexed_as_composed(tmp_path: Path) -> None:
    writer = ArchiveWriter(connect(tmp_path / "govcrawl.db"))
    decomposed = unicodedata.normalize("NFD", "Lễ hội pháo hoa Thành phố Đà Nẵng")
    writer.write_batch([make_record(url="https://a.vn/1", title="Tin", text=decomposed,
                                    content_hash="1")])  # fmt: skip
    assert word_index.ready(writer.db)
    for query in ("Đà Nẵng", "pháo hoa", "thành phố"):
        assert [h.id for h in search(writer.db, query)] == [1], query
