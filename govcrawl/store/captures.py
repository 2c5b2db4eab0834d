"""The ``captures`` table: one row per WARC record of a fetched response (or revisit), and
what it is looked up by: the next id a crawl gives, the original response of a payload digest
(for revisit records), and a row's response read back (``captured_response``). Rows are inserted only once their record is on disk
(govcrawl.store.warc_writer hands them over after an fsync)."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

import sqlite_utils

from govcrawl.store.warc import CapturedResponse, CaptureError, read_capture


@dataclass(frozen=True)
class CaptureRow:
    """A ``captures`` row (archive/README.md documents each column)."""

    id: int
    run_id: int | None
    url: str
    fetched_at: str  # UTC, ISO 8601
    status: int | None  # the crawl always records one; NULL is allowed by the schema
    content_type: str | None
    warc_file: str  # relative to the WARC folder
    offset: int
    length: int  # compressed bytes of the record's gzip member
    record_id: str  # '<urn:uuid:...>'
    record_type: str  # 'response' or 'revisit'
    payload_digest: str  # 'sha1:BASE32'
    refers_to: int | None = None  # a revisit's original response


# the columns of CaptureRow, in its order: "SELECT {CAPTURE_COLUMNS} FROM captures" makes rows
CAPTURE_COLUMNS = ", ".join(field.name for field in fields(CaptureRow))


@dataclass(frozen=True)
class Original:
    """The first response captured with a payload digest: what a revisit record refers to."""

    id: int
    url: str
    fetched_at: str  # UTC, ISO 8601
    record_id: str


def next_capture_id(db: sqlite_utils.Database) -> int:
    """The id the next capture gets (one crawl writes an archive at a time: store.lock)."""
    return int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM captures").fetchone()[0])


def insert_captures(db: sqlite_utils.Database, rows: Iterable[CaptureRow]) -> None:
    """Insert ``rows`` (their records durably written) in one transaction."""
    with db.atomic():
        marks = ", ".join("?" * len(fields(CaptureRow)))
        db.conn.executemany(
            f"INSERT INTO captures ({CAPTURE_COLUMNS}) VALUES ({marks})",
            [astuple(row) for row in sorted(rows, key=lambda row: row.id)],
        )


def original_of(conn: sqlite3.Connection, digest: str) -> Original | None:
    """The earliest response captured with payload ``digest``, or None."""
    row = conn.execute(
        "SELECT id, url, fetched_at, record_id FROM captures "
        "WHERE payload_digest = ? AND record_type = 'response' ORDER BY id LIMIT 1",
        [digest],
    ).fetchone()
    return Original(*row) if row else None


def capture_row(db: sqlite_utils.Database, capture_id: int) -> CaptureRow | None:
    """The ``captures`` row ``capture_id``, or None."""
    row = db.execute(
        f"SELECT {CAPTURE_COLUMNS} FROM captures WHERE id = ?", [capture_id]
    ).fetchone()
    return CaptureRow(*row) if row else None


def captured_response(
    db: sqlite_utils.Database, warc_folder: Path, capture_id: int
) -> CapturedResponse:
    """The response captured as ``capture_id``; a revisit record's body is its original's.

    Raises CaptureError when the row or its record cannot be read.
    """
    row = capture_row(db, capture_id)
    if row is None:
        raise CaptureError(f"no capture {capture_id} in the archive's captures table")
    response = read_capture(warc_folder, row.warc_file, row.offset)
    if row.record_type == "revisit" and row.refers_to is not None:
        original = captured_response(db, warc_folder, row.refers_to)
        response = dataclasses.replace(response, body=original.body)
    return response
