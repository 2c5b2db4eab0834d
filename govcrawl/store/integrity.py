"""Is the archive sound: SQLite's own checks, the full-text index against the articles, foreign
keys (each a ``Check`` for ``govcrawl verify``), and the cheap quick check behind the "damaged"
of ``govcrawl status`` and ``govcrawl stats``.

Costs beside ``govcrawl stats`` on a synthetic archive of 100,000 articles (221 MiB, warm cache;
benchmarks/archive_checks.py): ``PRAGMA quick_check`` 0.25 ×, ``integrity_check`` 1.0 ×,
``foreign_key_check`` 0.08 ×, FTS5 ``integrity-check`` 2.5 × (stats: 2.5 s). status and stats run
the quick check on archives up to ``QUICK_CHECK_MAX_BYTES`` only; larger ones are left to
``govcrawl verify``.
"""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from govcrawl.store import word_index
from govcrawl.store.connection import BUSY_TIMEOUT_MS, ArchiveError, archive_uri, connect
from govcrawl.store.lock import ArchiveLock, ArchiveLocked

QUICK_CHECK_MAX_BYTES = 256 * 2**20  # about 100,000 articles: a third of a second
PROBLEMS_SHOWN = 10


@dataclass
class Check:
    """One check's outcome: its problems (none: passed), or why it was not run."""

    name: str
    problems: list[str] = field(default_factory=list)
    skipped: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self) -> str:
        """``name: ok``, ``name: skipped (why)`` or ``name: N problem(s): first; second``."""
        if self.skipped:
            return f"{self.name}: skipped ({self.skipped})"
        if self.ok:
            return f"{self.name}: ok" + (f" ({self.note})" if self.note else "")
        shown = "; ".join(self.problems[:PROBLEMS_SHOWN])
        more = (
            f"; … {len(self.problems) - PROBLEMS_SHOWN} more"
            if len(self.problems) > PROBLEMS_SHOWN
            else ""
        )
        return f"{self.name}: {len(self.problems)} problem(s): {shown}{more}"


def damage(db: sqlite_utils.Database, path: Path) -> str | None:
    """SQLite's first complaint about an archive of at most QUICK_CHECK_MAX_BYTES (``PRAGMA
    quick_check``), or None: sound, or too large to check cheaply (see ``govcrawl verify``)."""
    try:
        if path.stat().st_size > QUICK_CHECK_MAX_BYTES:
            return None
        first = db.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if first == "ok" else one_line(str(first))


def one_line(problem: str, width: int = 200) -> str:
    """SQLite's report of a problem (``*** in database main ***`` + lines) on one line."""
    text = "; ".join(line.strip() for line in problem.splitlines() if line.strip())
    return text if len(text) <= width else text[: width - 1] + "…"


def sqlite_check(db: sqlite_utils.Database, *, quick: bool) -> Check:
    """SQLite's ``integrity_check`` (``quick_check`` when ``quick``: no index contents)."""
    pragma = "quick_check" if quick else "integrity_check"
    check = Check(f"sqlite {pragma}")
    try:
        found = [row[0] for row in db.execute(f"PRAGMA {pragma}(100)")]
    except sqlite3.DatabaseError as error:
        found = [str(error)]
    check.problems = [one_line(problem) for problem in found if problem != "ok"]
    return check


def foreign_key_check(db: sqlite_utils.Database) -> Check:
    """Rows whose reference names a row that does not exist (``PRAGMA foreign_key_check``)."""
    check = Check("foreign keys")
    try:
        rows = db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as error:
        check.problems = [str(error)]
        return check
    check.problems = [
        f"{table} row {rowid} -> {parent} (missing)" for table, rowid, parent, _ in rows
    ]
    return check


def fts_check(path: Path, *, contents: bool = True) -> Check:
    """The full-text index against the articles (FTS5 ``integrity-check``; its structure only
    unless ``contents``).

    The command is a write: it runs in a transaction rolled back, while no crawl holds the
    archive's lock; during a crawl, or on an archive this user cannot write, on a temporary
    copy (SQLite's backup API, a consistent snapshot)."""
    check = Check("full-text index")
    try:
        with ArchiveLock(path):
            conn = sqlite3.connect(archive_uri(path, mode="rw"), uri=True,
                                   timeout=BUSY_TIMEOUT_MS / 1000)  # fmt: skip
            try:
                waiting = _fts_integrity(conn, contents)
            finally:
                conn.close()
        if waiting:
            check.note = (
                f"{waiting:,} change(s) of articles wait for the word index: written by another"
                " tool; the next govcrawl write applies them, searches meanwhile use articles_fts"
            )
        return check
    except (ArchiveLocked, OSError, sqlite3.OperationalError) as why:
        if isinstance(why, sqlite3.OperationalError) and not _cannot_write(why):
            check.problems = [str(why)]
            return check
    except sqlite3.DatabaseError as error:
        check.problems = [str(error)]
        return check
    check.note = "checked on a temporary copy: the archive is being crawled or cannot be written"
    check.problems = _fts_on_copy(path, contents)
    return check


def _fts_on_copy(path: Path, contents: bool) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="govcrawl-verify-") as folder:
        copy = sqlite3.connect(Path(folder) / "copy.db")
        try:
            source = connect(path, readonly=True).conn
            try:
                source.backup(copy)
            finally:
                source.close()
            _fts_integrity(copy, contents)
        except (sqlite3.DatabaseError, ArchiveError) as error:
            return [str(error)]
        finally:
            copy.close()
    return []


def _fts_integrity(conn: sqlite3.Connection, contents: bool) -> int:
    """Raise sqlite3.DatabaseError unless articles_fts is sound (rank 1: matches the articles)
    and so is the word index's structure (it has no content to compare); return how many
    changes of articles wait for the word index."""
    conn.execute("BEGIN")
    try:
        conn.execute(
            "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', ?)",
            [int(contents)],
        )
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ?", [word_index.TABLE]
        ).fetchone():
            return 0
        word_index.integrity_check(conn)
        waiting = int(conn.execute(f"SELECT count(*) FROM {word_index.PENDING}").fetchone()[0])
        if contents and (differ := word_index.differences(conn)):
            raise sqlite3.DatabaseError(
                f"the word index (articles_words) differs from the articles in {differ:,}"
                " entries: rebuild it with govcrawl reindex"
            )
        return waiting
    finally:
        conn.execute("ROLLBACK")


def _cannot_write(error: sqlite3.OperationalError) -> bool:
    message = str(error)
    return "readonly" in message or "unable to open" in message or "locked" in message
