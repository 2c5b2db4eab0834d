"""A consistent copy of the archive, taken while a crawl may be writing it (``govcrawl snapshot``).

SQLite's backup API copies every page in one step inside one read transaction: the copy is the
archive as of one commit, and the crawl goes on writing meanwhile (WAL). The copy is switched to
the rollback journal (``journal_mode=DELETE``), so it opens read-only anywhere (a shared drive,
a read-only mount) without ``-wal``/``-shm`` files, checked with ``PRAGMA quick_check``, and
renamed into place only when complete (govcrawl.store.files).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from govcrawl.store.connection import ArchiveError, archive_uri, connect, explain_error
from govcrawl.store.files import written_whole
from govcrawl.store.integrity import one_line


@dataclass
class Snapshot:
    """What a snapshot holds: articles, bytes written."""

    articles: int
    size: int


def snapshot(archive: Path, out: Path, *, force: bool = False) -> Snapshot:
    """Copy ``archive`` to ``out`` consistently; raise ArchiveError (one line) when ``out`` exists
    (unless ``force``), is the archive itself, or cannot be written, or the archive is damaged."""
    if out.exists() and out.resolve() == archive.resolve():
        raise ArchiveError(f"{out} is the archive itself: name a new file for the snapshot")
    if out.is_dir():
        raise ArchiveError(
            f"{out} is a directory: name the snapshot file, e.g. {out / 'govcrawl.db'}"
        )
    if out.exists() and not force:
        raise ArchiveError(f"{out} exists: choose another name, or pass --force to replace it")
    source = connect(archive, readonly=True)
    try:
        with written_whole(out) as temporary:
            articles = _copy(source.conn, temporary, archive)
    except OSError as error:
        raise ArchiveError(f"cannot write snapshot {out}: {error.strerror or error}") from error
    finally:
        source.conn.close()
    return Snapshot(articles, out.stat().st_size)


def _copy(source: sqlite3.Connection, target: Path, archive: Path) -> int:
    """Back ``source`` up into ``target`` and check the copy; return its article count."""
    copy = sqlite3.connect(archive_uri(target, mode="rwc"), uri=True)
    try:
        source.backup(copy)  # all pages in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode = DELETE")
        problem = copy.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            raise ArchiveError(
                f"archive {archive} is damaged ({one_line(problem)}): no snapshot written; "
                f"run govcrawl verify --archive {archive}"
            )
        return int(copy.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.DatabaseError as error:
        damaged = "malformed" in str(error) or "not a database" in str(error)
        reason = explain_error(archive, error) if damaged else str(error)
        raise ArchiveError(f"no snapshot written: {reason}") from error
    finally:
        copy.close()
