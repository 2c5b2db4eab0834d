"""Issue 17, an archive file that defends itself: paths with ``#``, ``?``, ``%`` and spaces; the
read-only open and its immutable fallback (logic; the real unprivileged user is in
test_archive_defence_e2e); an archive of a newer govcrawl; a damaged archive in every command;
exports written whole; ``govcrawl snapshot`` and ``govcrawl verify``."""

from __future__ import annotations

import io
import logging
import os
import sqlite3
from pathlib import Path

import pytest
from conftest import cli, make_record
from research_archive import build_research_archive

from govcrawl.research import export
from govcrawl.store import connection
from govcrawl.store.connection import ArchiveError, archive_uri, connect
from govcrawl.store.writer import ArchiveWriter

ODD = "a#b c%20?d"  # every character a URI would take for something else


def one_line_error(result: object) -> str:
    """The single stderr line of a failed command (no traceback)."""
    assert result.returncode != 0, result.stdout  # type: ignore[attr-defined]
    lines = [line for line in result.stderr.splitlines() if line.strip()]  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr, result.stderr  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return build_research_archive(tmp_path / "govcrawl.db")


def test_a_path_with_uri_characters_is_the_file_it_names(tmp_path: Path) -> None:
    path = tmp_path / ODD / "x.db"
    assert "%23" in archive_uri(path) and "%3F" in archive_uri(path, mode="ro")
    db = connect(path)
    ArchiveWriter(db).write_batch([make_record()])
    db.conn.close()
    assert connect(path, readonly=True).execute("SELECT count(*) FROM articles").fetchone() == (1,)
    assert sorted(p.name for p in tmp_path.iterdir()) == [ODD], "no stray file at 'a'"


def test_every_command_works_on_such_a_path(tmp_path: Path) -> None:
    path = build_research_archive(tmp_path / ODD / "govcrawl.db")
    out = tmp_path / ODD
    commands = [
        ("search", "hội nghị"), ("stats",), ("dupes",),
        ("export", "-o", str(out / "e #1.csv"), "--format", "csv"),
        ("report", "-o", str(out / "r #1.html")), ("verify",),
        ("snapshot", str(out / "s #1.db")),
    ]  # fmt: skip
    for command in commands:
        result = cli(*command, "--archive", str(path))
        assert result.returncode == 0, (command, result.stderr)
    status = cli("status", "--archive", str(path))  # exits 1: da_nang_ubnd never succeeded
    assert "lam_dong_skhcn" in status.stdout and "never been crawled" in status.stderr
    assert (
        connect(out / "s #1.db", readonly=True)
        .execute("SELECT count(*) FROM articles")
        .fetchone()[0]
        == 16
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [ODD]


def wal_archive(path: Path) -> Path:
    db = connect(path)
    ArchiveWriter(db).write_batch([make_record()])
    db.conn.close()  # the last connection: the -wal is checkpointed and removed
    assert not Path(f"{path}-wal").exists()
    return path


def test_where_the_wal_cannot_be_used_the_archive_opens_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Root writes anything: the unwritable folder is simulated here (os.access) and real in
    test_archive_defence_e2e."""
    path = wal_archive(tmp_path / "govcrawl.db")
    monkeypatch.setattr(connection.os, "access", lambda *args: False)
    connection._said.clear()
    with caplog.at_level(logging.WARNING, "govcrawl.store.connection"):
        for _ in range(2):
            db = connect(path, readonly=True)
            assert db.execute("SELECT count(*) FROM articles").fetchone() == (1,)
            db.conn.close()
    assert [r.getMessage() for r in caplog.records] == [
        f"archive {path} cannot be written here: opened read-only as immutable "
        "(a crawl writing it meanwhile would not be seen)"
    ], "said once"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["govcrawl.db"], "nothing left behind"


def test_a_wal_beside_the_archive_is_read_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crawl is writing (its -wal exists): mode=ro, which reads the WAL, not immutable."""
    path = wal_archive(tmp_path / "govcrawl.db")
    writer = connect(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    second = make_record(url="https://skhcn.lamdong.gov.vn/tin/2", text="Bài thứ hai.",
                         content_hash="second")  # fmt: skip
    ArchiveWriter(writer).write_batch([second])
    monkeypatch.setattr(connection.os, "access", lambda *args: False)
    assert not connection.needs_immutable(path)
    reader = connect(path, readonly=True)
    assert reader.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    reader.conn.close()
    writer.conn.close()


def test_a_rollback_journal_archive_is_never_opened_immutable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snapshot (journal_mode=DELETE) opens read-only without -wal/-shm: mode=ro is enough."""
    path = wal_archive(tmp_path / "govcrawl.db")
    with monkeypatch.context() as patch:
        patch.setattr(connection.os, "access", lambda *args: False)
        assert connection.needs_immutable(path)
    cli("snapshot", str(tmp_path / "copy.db"), "--archive", str(path))
    monkeypatch.setattr(connection.os, "access", lambda *args: False)
    assert not connection.needs_immutable(tmp_path / "copy.db")


def newer_archive(path: Path) -> Path:
    db = connect(path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
               "VALUES ('govcrawl', 'm099_from_the_future', '2030-01-01')")  # fmt: skip
    db.conn.commit()
    db.conn.close()
    return path


def test_an_archive_of_a_newer_govcrawl_is_not_written(archive: Path) -> None:
    newer_archive(archive)
    with pytest.raises(ArchiveError) as refused:
        connect(archive)
    message = str(refused.value)
    assert "newer govcrawl" in message and "m099_from_the_future" in message
    assert "upgrade govcrawl" in message


def test_an_archive_of_a_newer_govcrawl_is_read_with_one_warning(archive: Path) -> None:
    newer_archive(archive)
    connection._said.clear()
    result = cli("search", "hội nghị", "--archive", str(archive), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "m099_from_the_future" in warnings[0], result.stderr
    assert result.stdout.count("\n") >= 3


def damaged_archive(path: Path) -> Path:
    """A real archive with every page of its ``articles`` table overwritten: a valid header and
    schema, unreadable rows."""
    db = connect(build_research_archive(path))
    db.conn.executemany(  # long articles: the table spans many pages
        "INSERT INTO articles (url, site, text, content_hash, first_seen, last_seen) "
        "VALUES (?, 'x', ?, ?, 't', 't')",
        [(f"https://x.gov.vn/{n}", f"Bài {n}. " + "Hội nghị khoa học. " * 300, f"long-{n}")
         for n in range(40)],
    )  # fmt: skip
    db.conn.commit()
    pages = [row[0] for row in db.execute("SELECT pageno FROM dbstat WHERE name = 'articles'")]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.conn.close()
    assert len(pages) > 10
    with open(path, "r+b") as file:
        for page in pages:
            file.seek((page - 1) * size)
            file.write(bytes([0xA5]) * size)
    return path


def test_a_damaged_archive_is_one_line_in_every_command(tmp_path: Path) -> None:
    path = damaged_archive(tmp_path / "govcrawl.db")
    out = tmp_path / "out"
    out.mkdir()
    for command in [("search", "hội nghị"), ("search", "bản tin"),
                    ("stats",), ("dupes",), ("status",), ("export",),
                    ("export", "-o", str(out / "e.csv"), "--format", "csv"),
                    ("report", "-o", str(out / "r.html")), ("snapshot", str(out / "s.db"))]:  # fmt: skip
        line = one_line_error(cli(*command, "--archive", str(path)))
        assert "damaged" in line and "govcrawl verify" in line, (command, line)
    assert list(out.iterdir()) == [], "no half-written file"
    result = cli("verify", "--archive", str(path))
    assert result.returncode == 1
    assert "sqlite integrity_check: " in result.stdout and "problem" in result.stdout
    assert "Traceback" not in result.stderr


def test_verify_a_sound_archive(archive: Path) -> None:
    result = cli("verify", "--archive", str(archive))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "sqlite integrity_check: ok", "foreign keys: ok", "full-text index: ok",
        f"captures: ok (0 record(s) in {archive.parent / 'warc'})",
        f"archive {archive}: no problems found",
    ]  # fmt: skip


def test_verify_finds_a_stale_full_text_index_and_a_dangling_reference(archive: Path) -> None:
    conn = sqlite3.connect(archive)
    conn.execute("INSERT INTO articles_fts(articles_fts, rowid, title, text) "
                 "VALUES ('delete', 1, 'hoi nghi', 'khoa hoc')")  # fmt: skip
    conn.execute("INSERT INTO article_urls (url, article_id, first_seen, last_seen) "
                 "VALUES ('https://x.gov.vn/lost', 999, 't', 't')")  # fmt: skip
    conn.commit()
    conn.close()
    result = cli("verify", "--archive", str(archive))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[1] == "foreign keys: 1 problem(s): article_urls row 1 -> articles (missing)" or (
        lines[1].startswith("foreign keys: 1 problem(s): article_urls row")
    )
    assert lines[2].startswith("full-text index: 1 problem(s):"), lines
    assert "full-text index" in result.stderr and "foreign keys" in result.stderr


def test_verify_cannot_open(tmp_path: Path) -> None:
    assert cli("verify", "--archive", str(tmp_path / "none.db")).returncode == 2
    (tmp_path / "junk.db").write_bytes(b"junk" * 1000)
    result = cli("verify", "--archive", str(tmp_path / "junk.db"))
    assert result.returncode == 2 and "not a valid SQLite archive" in one_line_error(result)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_an_export_that_fails_leaves_no_half_file(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    target = tmp_path / "out" / f"articles.{fmt}"
    target.parent.mkdir()
    target.write_text("the previous export\n")

    def rows_then_interrupt(*args: object, **kwargs: object) -> object:
        yield from original(*args, **kwargs)
        raise KeyboardInterrupt  # Ctrl-C after the last row, before the file is complete

    original = export.iter_articles
    monkeypatch.setattr(export, "iter_articles", rows_then_interrupt)
    result = cli("export", "--archive", str(archive), "--format", fmt, "-o", str(target))
    assert result.returncode != 0
    assert [p.name for p in target.parent.iterdir()] == [target.name], "no temporary left"
    assert target.read_text() == "the previous export\n", "the old file is untouched"
    monkeypatch.setattr(export, "iter_articles", original)
    result = cli("export", "--archive", str(archive), "--format", fmt, "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert target.read_bytes() != b"the previous export\n"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_an_export_into_a_missing_folder_is_one_line(archive: Path, tmp_path: Path) -> None:
    line = one_line_error(
        cli("export", "--archive", str(archive), "-o", str(tmp_path / "no" / "x.jsonl"))
    )
    assert "No such file or directory" in line


def test_snapshot_refuses_to_overwrite_and_copies_consistently(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "copy.db"
    result = cli("snapshot", str(out), "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"snapshot of {archive} written to {out}: 16 articles")
    copy = sqlite3.connect(out)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",), "opens read-only anywhere"
    assert copy.execute("SELECT count(*) FROM articles").fetchone() == (16,)
    copy.close()
    line = one_line_error(cli("snapshot", str(out), "--archive", str(archive)))
    assert "exists" in line and "--force" in line
    assert cli("snapshot", str(out), "--archive", str(archive), "--force").returncode == 0
    assert "the archive itself" in one_line_error(
        cli("snapshot", str(archive), "--archive", str(archive), "--force")
    )
    assert "directory" in one_line_error(cli("snapshot", str(tmp_path), "--archive", str(archive)))
    assert "No such file" in one_line_error(
        cli("snapshot", str(tmp_path / "no" / "x.db"), "--archive", str(archive))
    )
    missing = one_line_error(
        cli("snapshot", str(tmp_path / "y.db"), "--archive", str(tmp_path / "none.db"))
    )
    assert "no archive at" in missing
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert left == ["copy.db", "govcrawl.db"]


def test_snapshot_while_a_writer_holds_a_transaction(archive: Path, tmp_path: Path) -> None:
    """The copy has every committed row and none of an open write transaction's."""
    writer = connect(archive)
    writer.conn.execute("BEGIN IMMEDIATE")
    writer.conn.execute("DELETE FROM crawl_runs")
    ArchiveWriter(writer)  # the writer's connection stays inside its transaction
    writer.conn.execute("INSERT INTO crawl_runs (spider, started_at) VALUES ('portal', 't')")
    result = cli("snapshot", str(tmp_path / "copy.db"), "--archive", str(archive))
    writer.conn.execute("ROLLBACK")
    writer.conn.close()
    assert result.returncode == 0, result.stderr
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("SELECT count(*) FROM crawl_runs").fetchone()[0] == 3
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# The captures table comes with the schema (migration m012_captures).
PAGE = "<html><body><h1>Hội nghị khoa học</h1></body></html>".encode()


def write_warc(path: Path) -> list[tuple[object, ...]]:
    """A gzip WARC/1.1 file as CAPTURES.md describes (warcinfo, response + request, revisit);
    the captures rows of its response and revisit records."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    url = "https://skhcn.lamdong.gov.vn/tin/1"
    with open(path, "wb") as file:
        writer = WARCWriter(file, gzip=True, warc_version="WARC/1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "govcrawl"}))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")  # fmt: skip
        response = writer.create_warc_record(url, "response", payload=io.BytesIO(PAGE),
                                             http_headers=headers)  # fmt: skip
        write(writer, response)
        request = writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders("GET /tin/1 HTTP/1.1", [], is_http_request=True))  # fmt: skip
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        write(writer, request)
        digest = response.rec_headers.get_header("WARC-Payload-Digest")
        revisit = writer.create_revisit_record(url, digest, url, "2026-01-10T03:00:00Z",
                                               http_headers=headers)  # fmt: skip
        write(writer, revisit)
    rows = []
    with open(path, "rb") as file:
        iterator = ArchiveIterator(file)
        for record in iterator:
            if record.rec_type in ("response", "revisit"):
                record.content_stream().read()
                rows.append((len(rows) + 1, url, "2026-01-10T03:00:00+00:00", 200, "text/html",
                             path.name, iterator.get_record_offset(), iterator.get_record_length(),
                             record.rec_headers.get_header("WARC-Record-ID"), record.rec_type,
                             record.rec_headers.get_header("WARC-Payload-Digest"),
                             1 if record.rec_type == "revisit" else None))  # fmt: skip
    return rows


def write(writer: object, record: object) -> None:
    """Write ``record``; close the temporary file warcio buffered its payload in to digest it."""
    writer.write_record(record)  # type: ignore[attr-defined]
    record.raw_stream.close()  # type: ignore[attr-defined]


def archive_with_captures(archive: Path) -> tuple[Path, list[tuple[object, ...]]]:
    folder = archive.parent / "warc"
    folder.mkdir()
    rows = write_warc(folder / "govcrawl-20260110030000-1-00000.warc.gz")
    conn = sqlite3.connect(archive)
    conn.executemany("INSERT INTO captures (id, url, fetched_at, status, content_type, warc_file, "
                     "offset, length, record_id, record_type, payload_digest, refers_to) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)  # fmt: skip
    conn.commit()
    conn.close()
    return folder, rows


def test_verify_resolves_every_capture_to_its_record(archive: Path) -> None:
    folder, rows = archive_with_captures(archive)
    assert [row[9] for row in rows] == ["response", "revisit"]
    result = cli("verify", "--archive", str(archive))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"captures: ok (2 record(s) in {folder})" in result.stdout.splitlines()


def test_verify_reports_captures_that_do_not_resolve(archive: Path) -> None:
    folder, rows = archive_with_captures(archive)
    conn = sqlite3.connect(archive)
    conn.execute("UPDATE captures SET payload_digest = 'sha1:AAAA' WHERE id = 2")
    conn.execute("INSERT INTO captures SELECT 3, run_id, url, fetched_at, status, content_type, "
                 "'gone.warc.gz', offset, length, record_id, record_type, payload_digest, NULL "
                 "FROM captures WHERE id = 1")  # fmt: skip
    conn.execute("INSERT INTO captures SELECT 4, run_id, url, fetched_at, status, content_type, "
                 "warc_file, offset + 7, length, record_id, record_type, payload_digest, NULL "
                 "FROM captures WHERE id = 1")  # fmt: skip
    conn.commit()
    conn.close()
    warc = folder / rows[0][5]  # type: ignore[operator]
    data = bytearray(warc.read_bytes())
    offset, length = rows[0][6], rows[0][7]
    data[offset + length - 12 : offset + length - 8] = b"\0\0\0\0"  # type: ignore[operator]
    warc.write_bytes(bytes(data))
    result = cli("verify", "--archive", str(archive))
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if x.startswith("captures:"))
    assert line.startswith("captures: 4 problem(s): "), line
    # zeroed bytes inside the deflate stream: a bad CRC, or inflated garbage that fails its digests
    assert "capture 1: damaged gzip member at offset" in line or (
        "capture 1: block digest failed" in line and "payload digest failed" in line
    ), line
    assert "capture 2: payload digest 'sha1:" in line and "'sha1:AAAA' in the archive" in line
    assert "capture 3: WARC file gone.warc.gz missing" in line
    assert "capture 4: no WARC record starts at offset" in line
