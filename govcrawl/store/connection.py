"""Opening the archive: one SQLite file in WAL mode, created and migrated on a writable open;
one-line ``ArchiveError`` reasons for a missing, corrupt, damaged, foreign, newer or locked file.

Paths are passed to SQLite as ``file:`` URIs built by pathlib (``#``, ``?``, ``%`` and spaces
escaped). A read-only open uses ``mode=ro``; where the write-ahead log cannot be used (a folder
or file the reader cannot write, and no ``-wal`` beside it) it opens the file ``immutable``,
which leaves nothing behind, and says so once. An archive written by a newer govcrawl
(migrations this code does not know) is refused for writing and read with a warning.

Settings: GOVCRAWL_ARCHIVE (read here only, by ``archive_path``).
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from govcrawl.store import word_index
from govcrawl.store.schema import SCHEMA

if TYPE_CHECKING:  # research opens archives without loading Scrapy
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 10_000
# SQLite page cache per connection (KiB). Readers (search, export, reports) scan: a large cache
# serves a query's repeated pages. A writer's work is point lookups and appends, as fast from
# the operating system's cache (benchmarks/neardup_insert.py: same time with 8 or 64 MiB at
# 100,000 articles), so its memory stays flat as the archive grows.
CACHE_KIB = 65_536
WRITER_CACHE_KIB = 8_192


DEFAULT_ARCHIVE = "archive/govcrawl.db"


class ArchiveError(Exception):
    """The archive cannot be opened or written; the message says why and what to do."""


def archive_path(settings: BaseSettings) -> Path:
    """The archive file a crawl uses: GOVCRAWL_ARCHIVE (relative paths from the working folder)."""
    return Path(settings.get("GOVCRAWL_ARCHIVE") or DEFAULT_ARCHIVE)


def archive_uri(path: str | Path, **query: str) -> str:
    """The ``file:`` URI of ``path`` (absolute, percent-escaped) with ``query`` parameters."""
    uri = Path(path).resolve().as_uri()
    return uri + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def connect(path: str | Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open the archive at ``path``; a writable one is created and migrated to the latest schema.

    Raises ArchiveError with a one-line reason for a missing, corrupt or foreign file, and for
    a writable open of an archive written by a newer govcrawl.
    """
    path = Path(path)
    if readonly and not path.exists():
        raise ArchiveError(
            f"no archive at {path}: crawl into it first (see README) or pass --archive"
        )
    try:
        if readonly:
            conn = _open_readonly(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = _sqlite(archive_uri(path, mode="rwc"))
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB if readonly else WRITER_CACHE_KIB}")
        newer = unknown_migrations(db)
        if not readonly:
            if newer:
                raise ArchiveError(
                    f"archive {path} was written by a newer govcrawl (migrations "
                    f"{', '.join(newer)}): upgrade govcrawl (pip install -U govcrawl) to write it"
                )
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
            SCHEMA.apply(db)
            word_index.sync_now(db)  # changes other tools made since govcrawl last wrote
        elif "articles" not in db.table_names():
            raise ArchiveError(
                f"{path} is an SQLite file but not a govcrawl archive (no articles table)"
            )
        elif newer:
            say_once(f"archive {path} was written by a newer govcrawl (migrations "
                     f"{', '.join(newer)}): reading what this version knows; upgrade govcrawl")  # fmt: skip
    except sqlite3.DatabaseError as error:
        raise ArchiveError(explain_error(path, error)) from error
    except OSError as error:
        raise ArchiveError(f"cannot open archive {path}: {error.strerror or error}") from error
    return db


def _sqlite(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def _open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection: ``mode=ro``, or ``immutable`` where the WAL cannot be used."""
    if needs_immutable(path):
        return _open_immutable(path)
    conn = _sqlite(archive_uri(path, mode="ro"))
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        conn.close()
        if "readonly" not in str(error) and "unable to open" not in str(error):
            raise
        return _open_immutable(path, wal_skipped=Path(f"{path}-wal").exists())
    return conn


def _open_immutable(path: Path, *, wal_skipped: bool = False) -> sqlite3.Connection:
    unseen = "its -wal file, the newest changes, is not read" if wal_skipped else (
        "a crawl writing it meanwhile would not be seen")  # fmt: skip
    say_once(f"archive {path} cannot be written here: opened read-only as immutable ({unseen})")
    return _sqlite(archive_uri(path, immutable="1"))


def needs_immutable(path: Path) -> bool:
    """True when a ``mode=ro`` open of ``path`` would fail or leave ``-wal``/``-shm`` files: a
    WAL archive without a ``-wal`` beside it, in a folder or file this user cannot write."""
    if Path(f"{path}-wal").exists() or not _is_wal(path):
        return False
    folder = path.resolve().parent
    return not (os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK))


def _is_wal(path: Path) -> bool:
    """True when the file's header says WAL mode (bytes 18 and 19, the format versions, are 2)."""
    try:
        with open(path, "rb") as file:
            header = file.read(20)
    except OSError:
        return False
    return len(header) == 20 and header[18:20] == b"\x02\x02"


_said: set[str] = set()


def say_once(message: str) -> None:
    """Log ``message`` as a warning, once per process."""
    if message not in _said:
        _said.add(message)
        logger.warning("%s", message)


@functools.cache
def known_migrations() -> tuple[str, ...]:
    """The names of every migration this govcrawl knows, in order."""
    return tuple(m.name for m in SCHEMA.pending(sqlite_utils.Database(memory=True)))


def unknown_migrations(db: sqlite_utils.Database) -> list[str]:
    """Migrations applied to the archive that this govcrawl does not know (a newer one wrote it)."""
    if "_sqlite_migrations" not in db.table_names():
        return []
    known = set(known_migrations())
    return [m.name for m in SCHEMA.applied(db) if m.name not in known]


def explain_error(path: Path, error: sqlite3.DatabaseError) -> str:
    """A one-line reason for an SQLite error on the archive at ``path``, naming what to do."""
    message = str(error)
    if "malformed" in message and "schema" not in message:
        return (
            f"archive {path} is damaged ({message}): run govcrawl verify --archive {path}, "
            "then restore it from a backup or a snapshot"
        )
    if "not a database" in message or "malformed" in message:
        return f"{path} is not a valid SQLite archive ({message}): restore it from a backup or choose another --archive"
    if "locked" in message or "busy" in message:
        return f"archive {path} is locked by another process ({message}): wait for it to finish and retry"
    if "readonly" in message or "unable to open" in message:
        return f"cannot write archive {path} ({message}): check the path and its permissions"
    return f"archive {path}: {message}"


def checkpoint(db: sqlite_utils.Database) -> None:
    """Move the write-ahead log into the archive file and empty it, so the ``.db`` alone holds
    every committed row (a copy of the file, or a reader that ignores the WAL, sees them all).
    A reader still holding an old snapshot can keep part of it back: logged, never raised."""
    try:
        busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as error:
        logger.warning("archive not checkpointed: %s", error)
        return
    if busy:
        logger.info("archive checkpoint incomplete: a reader holds an older snapshot")
