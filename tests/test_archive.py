"""The archive: schema, deduplicating writes, the folded FTS index and crawl runs."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils
from conftest import make_record
from sqlite_utils import Migrations

from govcrawl.research.search import search
from govcrawl.store.connection import ArchiveError, connect
from govcrawl.store.runs import finish_run, start_run
from govcrawl.store.schema import SCHEMA, m001_initial
from govcrawl.store.writer import ArchiveWriter

record = make_record


@pytest.fixture
def writer(tmp_path: Path) -> ArchiveWriter:
    return ArchiveWriter(connect(tmp_path / "a" / "govcrawl.db"))


def test_new_file_gets_schema_in_wal_mode(tmp_path: Path) -> None:
    db = connect(tmp_path / "new" / "govcrawl.db")
    assert {"articles", "article_urls", "crawl_runs", "articles_fts"} <= set(db.table_names())
    assert "articles_search" in db.view_names()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    again = connect(tmp_path / "new" / "govcrawl.db")  # migrations are applied once
    assert SCHEMA.pending(again) == []  # migrations are applied once, all of them
    applied = [
        row[0] for row in again.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")
    ]
    assert applied == [migration.name for migration in SCHEMA._migrations] == [
        "m001_initial", "m002_metadata_provenance", "m003_attachments", "m004_near_duplicates",
        "m005_cron", "m006_extraction_path", "m007_research_indexes", "m008_frontier",
        "m009_lsh_generations", "m010_lsh_bloom_filters", "m011_suspect_runs", "m012_captures",
        "m013_listing_revisits", "m014_extractor_version", "m015_word_index",
    ]  # fmt: skip
    assert "articles_catalogue" in again.view_names()
    assert "idx_articles_province_published" in {i.name for i in again["articles"].indexes}


def test_an_archive_of_the_first_schema_gains_the_provenance_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    first = Migrations("govcrawl")
    first()(m001_initial)
    old = sqlite_utils.Database(path)
    first.apply(old)
    old.execute(
        "INSERT INTO articles (url, site, text, content_hash, first_seen, last_seen, published) "
        "VALUES ('https://x.gov.vn/1', 'x', 'Bài cũ', 'h', 't', 't', '2019-05-07')"
    )
    old.conn.commit()
    old.close()
    db = connect(path)
    row = db.execute("SELECT published, published_raw, published_from, modified, source "
                     "FROM articles").fetchone()  # fmt: skip
    assert row == ("2019-05-07", None, None, None, None)


def test_provenance_and_source_are_stored(writer: ArchiveWriter) -> None:
    writer.write_batch([record(
        published="2020-01-15T16:30:00+07:00", published_raw="15/01/2020 - 16:30",
        published_from="byline", modified="2020-01-16T08:00:00+07:00", source="Báo Lâm Đồng",
    )])  # fmt: skip
    row = writer.db.execute(
        "SELECT published_raw, published_from, modified, source FROM articles"
    ).fetchone()
    assert row == ("15/01/2020 - 16:30", "byline", "2020-01-16T08:00:00+07:00", "Báo Lâm Đồng")


def test_same_url_twice_is_seen(writer: ArchiveWriter) -> None:
    assert writer.write_batch([record()]) == {
        "new": 1,
        "near_duplicate": 0,
        "duplicate": 0,
        "seen": 0,
        "changed": 0,
    }
    later = record(fetched_at="2026-02-01T00:00:00+00:00")
    assert writer.write_batch([later]) == {
        "new": 0,
        "near_duplicate": 0,
        "duplicate": 0,
        "seen": 1,
        "changed": 0,
    }
    row = writer.db.execute("SELECT first_seen, last_seen FROM articles").fetchone()
    assert row == ("2026-01-10T03:00:00+00:00", "2026-02-01T00:00:00+00:00")


def test_same_text_under_another_url_is_a_duplicate(writer: ArchiveWriter) -> None:
    counts = writer.write_batch([record(), record(url="https://skhcn.lamdong.gov.vn/in-bai/1")])
    assert counts == {"new": 1, "near_duplicate": 0, "duplicate": 1, "seen": 0, "changed": 0}
    assert writer.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    urls = writer.db.execute("SELECT url FROM article_urls ORDER BY url").fetchall()
    assert [u[0] for u in urls] == [
        "https://skhcn.lamdong.gov.vn/in-bai/1",
        "https://skhcn.lamdong.gov.vn/tin/1",
    ]


def test_same_text_on_another_portal_is_its_own_row_linked_to_the_original(
    writer: ArchiveWriter,
) -> None:
    counts = writer.write_batch([record(), record(url="https://lamdong.gov.vn/x", site="lam_dong")])
    assert (counts["new"], counts["near_duplicate"]) == (1, 1)
    rows = writer.db.execute("SELECT id, site, duplicate_of FROM articles ORDER BY id").fetchall()
    assert rows == [(1, "lam_dong_skhcn", None), (2, "lam_dong", 1)]


def test_an_earlier_original_arriving_later_becomes_the_root(writer: ArchiveWriter) -> None:
    copies = [
        record(url=f"https://site{n}.vn/x", site=f"site{n}", published=f"2020-01-1{n}")
        for n in (6, 7)
    ]
    writer.write_batch(copies)
    writer.write_batch([record(url="https://origin.vn/x", site="origin", published="2020-01-15")])
    rows = writer.db.execute("SELECT site, duplicate_of FROM articles ORDER BY id").fetchall()
    assert rows == [("site6", 3), ("site7", 3), ("origin", None)]


def test_template_notices_stay_apart(writer: ArchiveWriter) -> None:
    template = (
        "Sở Khoa học và Công nghệ thông báo lịch tiếp công dân định kỳ của Giám đốc Sở "
        "vào ngày {day} tại trụ sở số 35 Trần Hưng Đạo, phường Xuân Hương, Đà Lạt. "
        "Công dân có nhu cầu liên hệ Văn phòng Sở qua số điện thoại 0263.3822.{phone} để đăng ký. "
    )
    notices = [
        record(
            url=f"https://x.vn/tb-{n}",
            text=template.format(day=f"{n}/0{n}/2024", phone=f"4{n}{n}") * 3,
        )
        for n in (3, 4, 5)
    ]
    counts = writer.write_batch(notices)
    assert (counts["new"], counts["near_duplicate"]) == (3, 0)


def test_fts_index_follows_inserts_updates_and_deletes(writer: ArchiveWriter) -> None:
    writer.write_batch([record()])
    assert [h.title for h in search(writer.db, "da lat")] == [record().title]
    with writer.db.atomic():
        writer.db.execute("UPDATE articles SET title = 'Hội thảo ở Đồng Nai', text = 'Đồng Nai'")
    assert search(writer.db, "da lat") == []
    assert len(search(writer.db, "dong nai")) == 1
    with writer.db.atomic():
        writer.db.execute("DELETE FROM article_urls")
        writer.db.execute("DELETE FROM articles")
    assert search(writer.db, "dong nai") == []
    writer.db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_a_failed_batch_leaves_nothing_behind(writer: ArchiveWriter) -> None:
    bad = replace(record(url="https://x.vn/2"), text=None, content_hash="0")  # text NOT NULL
    with pytest.raises(ArchiveError):
        writer.write_batch([record(), bad])
    assert writer.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert writer.db.execute("SELECT count(*) FROM article_urls").fetchone()[0] == 0


def test_crawl_run_lifecycle(writer: ArchiveWriter) -> None:
    run_id = start_run(
        writer.db, spider="portal", site="demo", start_url="http://127.0.0.1/", started_at="t0"
    )
    unfinished = writer.db.execute("SELECT finished_at, finish_reason FROM crawl_runs").fetchone()
    assert unfinished == (None, None)
    finish_run(writer.db, run_id, finished_at="t1", reason="finished", stats={"a": 1},
               counts={"new": 3, "duplicate": 1, "failed": 2})  # fmt: skip
    row = writer.db.execute(
        "SELECT finish_reason, stats, pages_new, pages_duplicate, pages_failed FROM crawl_runs"
    ).fetchone()
    assert row == ("finished", '{"a": 1}', 3, 1, 2)


def test_readonly_open_errors(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no archive at"):
        connect(tmp_path / "missing.db", readonly=True)
    (tmp_path / "junk.db").write_bytes(b"junk" * 1000)
    with pytest.raises(ArchiveError, match="not a valid SQLite archive"):
        connect(tmp_path / "junk.db", readonly=True)
    with pytest.raises(ArchiveError, match="not a valid SQLite archive"):
        connect(tmp_path / "junk.db")
    assert (tmp_path / "junk.db").read_bytes() == b"junk" * 1000


def test_readonly_archive_cannot_be_written(tmp_path: Path) -> None:
    path = tmp_path / "govcrawl.db"
    connect(path).close()
    db = connect(path, readonly=True)
    with pytest.raises(sqlite3.OperationalError):
        db.execute("DELETE FROM articles")


def test_writing_a_readonly_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "govcrawl.db"
    connect(path).close()
    writer = ArchiveWriter(connect(path, readonly=True))
    with pytest.raises(ArchiveError, match="cannot write"):
        writer.write_batch([record()])


def test_locked_archive_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "govcrawl.db"
    connect(path).close()
    monkeypatch.setattr("govcrawl.store.connection.BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        writer = ArchiveWriter(connect(path))  # WAL: opening and reading still work
        with pytest.raises(ArchiveError, match="is locked by another process"):
            writer.write_batch([record()])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
