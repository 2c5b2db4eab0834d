"""Captures by URL and time, and the archive's CDXJ index built on demand from them.

The ``captures`` table (written by the crawl, govcrawl.store.warc) holds what a CDX index holds:
URL, time, status, media type, payload digest, WARC file, offset and length; so lookups are
indexed SQL (``captures(url, fetched_at)``), and a CDXJ index (the format of pywb and
cdxj-indexer: ``SURT-key 14-digit-timestamp {json}``, sorted) is written from it when asked,
never kept apart to go stale. ``lookup`` follows the CDX server API's ``closest``: with a time,
the nearest capture first. A ``Capture`` is a ``captures`` row (govcrawl.store.captures.CaptureRow)
with what lookups and CDXJ need; its WARC file is in the archive's WARC folder (``path``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
import surt

from govcrawl.store.captures import CAPTURE_COLUMNS, CaptureRow
from govcrawl.urls import canonical_url

_SELECT = f"SELECT {CAPTURE_COLUMNS} FROM captures"


class CaptureLookupError(Exception):
    """A lookup cannot be answered (no captures table, a malformed time); says what to do."""


@dataclass(frozen=True)
class Capture(CaptureRow):
    """One captured response (or revisit): where its WARC record is and what it holds (the
    fields of a ``captures`` row: ``url``, ``fetched_at``, ``status``, ``warc_file``, ``offset``,
    ``length``, ``record_id``, ``record_type``, ``payload_digest``, ``refers_to``, ``run_id``)."""

    @property
    def timestamp(self) -> str:
        """The 14-digit UTC timestamp of web archives (``20250210095000``)."""
        return _when(self.fetched_at).strftime("%Y%m%d%H%M%S")

    def cdxj(self) -> str:
        """The capture's CDXJ line (pywb's format; ``filename`` relative to the WARC folder)."""
        fields = {"url": self.url, "mime": _mime(self.content_type, self.record_type),
                  "status": str(self.status or ""), "digest": self.payload_digest,
                  "length": str(self.length), "offset": str(self.offset),
                  "filename": self.warc_file}  # fmt: skip
        return f"{surt.surt(self.url)} {self.timestamp} {json.dumps(fields, ensure_ascii=False)}"

    def path(self, warc_folder: Path) -> Path:
        """The WARC file of the record in ``warc_folder`` (govcrawl.store.warc.warc_dir)."""
        return Path(warc_folder) / self.warc_file

    def as_dict(self) -> dict[str, object]:
        """Every field, plus ``timestamp``, for JSON output."""
        return {**asdict(self), "timestamp": self.timestamp}


def has_captures(db: sqlite_utils.Database) -> bool:
    """True when the archive has a ``captures`` table (written by a crawl with WARC capture)."""
    return "captures" in db.table_names()


def lookup(db: sqlite_utils.Database, url: str, at: str | None = None) -> list[Capture]:
    """The captures of ``url`` (as given or canonical): with ``at`` (ISO date or time, or a
    14-digit timestamp, UTC) the closest first, else the oldest first."""
    _require(db)
    urls = list(dict.fromkeys([url, canonical_url(url)]))
    marks = ", ".join("?" * len(urls))
    cursor = db.conn.execute(f"{_SELECT} WHERE url IN ({marks}) ORDER BY fetched_at, id", urls)
    found = [Capture(*row) for row in cursor]
    if at is not None:
        target = parse_time(at)
        found.sort(key=lambda capture: abs((_when(capture.fetched_at) - target).total_seconds()))
    return found


def by_id(db: sqlite_utils.Database, capture_ids: list[int]) -> list[Capture]:
    """The captures with these ids, in that order (unknown ids left out)."""
    _require(db)
    found: dict[int, Capture] = {}
    for start in range(0, len(capture_ids), 500):
        chunk = capture_ids[start : start + 500]
        cursor = db.conn.execute(f"{_SELECT} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        found.update((row[0], Capture(*row)) for row in cursor)
    return [found[i] for i in capture_ids if i in found]


def iter_captures(db: sqlite_utils.Database) -> Iterator[Capture]:
    """Every capture, by id."""
    _require(db)
    for row in db.conn.execute(f"{_SELECT} ORDER BY id"):
        yield Capture(*row)


def cdxj_index(captures: Iterable[Capture]) -> list[str]:
    """The CDXJ lines of ``captures``, sorted as a CDXJ index is (SURT key, then time)."""
    return sorted(capture.cdxj() for capture in captures)


def parse_time(text: str) -> datetime:
    """A UTC time from an ISO date or time, or a 4- to 14-digit timestamp (CDX style)."""
    if re.fullmatch(r"\d{4}(-\d{2})?", text):  # a year or a month: its first moment
        text = text.replace("-", "")
    try:
        if text.isdigit() and 4 <= len(text) <= 14 and len(text) % 2 == 0:
            padded = text + "0101000000"[len(text) - 4 :] if len(text) < 14 else text
            return datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        return _when(text)
    except ValueError as error:
        raise CaptureLookupError(
            f"{text!r} is not a time: give YYYY-MM-DD, an ISO time or a timestamp (20250210)"
        ) from error


def _when(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _mime(content_type: str | None, record_type: str) -> str:
    if record_type == "revisit":
        return "warc/revisit"
    return (content_type or "unk").split(";")[0].strip() or "unk"


def _require(db: sqlite_utils.Database) -> None:
    if not has_captures(db):
        raise CaptureLookupError(
            "this archive has no captures table: it predates WARC capture (crawl it again)"
        )
