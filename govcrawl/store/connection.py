"""Opening the archive: one SQLite file in WAL mode, created and migrated on a writable open;
one-line ``ArchiveError`` reasons for a missing, corrupt, foreign or locked file.

Settings: GOVCRAWL_ARCHIVE (read here only, by ``archive_path``).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

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


def connect(path: str | Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open the archive at ``path``; a writable one is created and migrated to the latest schema.

    Raises ArchiveError with a one-line reason for a missing, corrupt or foreign file.
    """
    path = Path(path)
    if readonly and not path.exists():
        raise ArchiveError(
            f"no archive at {path}: crawl into it first (see README) or pass --archive"
        )
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB if readonly else WRITER_CACHE_KIB}")
        if not readonly:
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
            SCHEMA.apply(db)
        elif "articles" not in db.table_names():
            raise ArchiveError(
                f"{path} is an SQLite file but not a govcrawl archive (no articles table)"
            )
    except sqlite3.DatabaseError as error:
        raise ArchiveError(explain_error(path, error)) from error
    except OSError as error:
        raise ArchiveError(f"cannot open archive {path}: {error.strerror or error}") from error
    return db


def explain_error(path: Path, error: sqlite3.DatabaseError) -> str:
    """A one-line reason for an SQLite error on the archive at ``path``, naming what to do."""
    message = str(error)
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
