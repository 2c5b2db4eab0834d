"""WACZ export: the WARC records of the filtered articles, packaged for replay (ReplayWeb.page,
pywb) with their CDXJ index and page list.

Each selected article contributes the record of its capture (a revisit with the response it
refers to) and the records of its attachments' captures, each with the ``request`` record the
crawl wrote right after it (``WARC-Concurrent-To`` its record id: the method, headers and a
POST's body, which pywb and ReplayWeb.page match POST requests on; a record without one, as
hand-made ones, travels alone). The records are copied byte for byte
(one gzip member each, digests unchanged) into one WARC file after a ``warcinfo`` record, and
``pages.jsonl`` lists the articles (URL, capture time, title). The ``wacz`` package (optional:
``pip install 'govcrawl[wacz]'``) indexes the WARC (CDXJ via cdxj-indexer) and writes the
package; the file is written beside the output under a temporary name and renamed when
complete, so a failed export never leaves a partial ``.wacz``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import sqlite_utils
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.warcwriter import WARCWriter

from govcrawl.research.captures import Capture, by_id
from govcrawl.research.export import ExportError, iter_articles
from govcrawl.research.filters import Filters

COPY_CHUNK = 1 << 20
# a request record longer than this (a POST of a huge form) is left out
MAX_REQUEST = 1 << 20


@dataclass(frozen=True)
class WaczSummary:
    """What a WACZ holds: articles (pages), WARC records (of which ``requests`` are request
    records), and articles left out (no capture)."""

    articles: int
    records: int
    uncaptured: int
    requests: int = 0


def write_wacz(db: sqlite_utils.Database, filters: Filters, warc_folder: Path, output: str | Path,
               *, title: str = "govcrawl archive") -> WaczSummary:  # fmt: skip
    """Write the WACZ of the articles ``filters`` keep to ``output``; return what it holds.

    Raises ExportError (one line) when the package cannot be written.
    """
    try:
        from wacz.main import main as wacz_main
    except ImportError as error:
        raise ExportError(
            "WACZ export needs the wacz package: pip install 'govcrawl[wacz]'"
        ) from error
    output = Path(output)
    pages, capture_ids, uncaptured = _selection(db, filters)
    if not pages:
        raise ExportError(
            "no archived article with a capture matches the filters: nothing to export"
        )
    captures = _with_originals(db, by_id(db, capture_ids))
    with tempfile.TemporaryDirectory(prefix=".wacz-", dir=output.parent) as scratch:
        warc, page_list = Path(scratch) / "govcrawl.warc.gz", Path(scratch) / "pages.jsonl"
        with warc.open("wb") as out:
            _warcinfo(out, title)
            requests = sum(_copy_record(warc_folder, capture, out) for capture in captures)
        _write_pages(page_list, pages, title)
        partial = Path(scratch) / output.name
        with contextlib.redirect_stdout(io.StringIO()) as said:
            status = wacz_main(["create", "-o", str(partial), "-p", str(page_list), str(warc),
                                "--title", title])  # fmt: skip
        if status not in (None, 0):
            raise ExportError(
                f"the wacz package could not package the export: {said.getvalue()[-300:]}"
            )
        os.replace(partial, output)
    return WaczSummary(len(pages), len(captures) + requests, uncaptured, requests)


def _selection(db: sqlite_utils.Database, filters: Filters,
               ) -> tuple[list[dict[str, object]], list[int], int]:  # fmt: skip
    """The articles' pages (url, ts, title), the captures to copy, and the uncaptured count."""
    pages: list[dict[str, object]] = []
    capture_ids: list[int] = []
    uncaptured = 0
    rows = list(iter_articles(db, filters, ("id", "title", "capture_id")))
    for row in rows:
        if row.get("capture_id") is None:
            uncaptured += 1
            continue
        capture_ids.append(int(str(row["capture_id"])))
        pages.append({"capture_id": row["capture_id"], "title": row["title"]})
    captured = {c.id: c for c in by_id(db, capture_ids)}
    listed = [
        {"url": captured[int(str(p["capture_id"]))].url,
         "ts": _iso(captured[int(str(p["capture_id"]))].timestamp), "title": p["title"] or ""}
        for p in pages if int(str(p["capture_id"])) in captured
    ]  # fmt: skip
    article_ids = [int(str(row["id"])) for row in rows if row.get("capture_id") is not None]
    capture_ids += _attachment_captures(db, article_ids)
    return listed, list(dict.fromkeys(capture_ids)), uncaptured


def _attachment_captures(db: sqlite_utils.Database, article_ids: list[int]) -> list[int]:
    """The captures of these articles' downloaded attachments."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(attachments)")}
    if "capture_id" not in columns:
        return []
    found: list[int] = []
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found += [row[0] for row in db.execute(
            f"SELECT capture_id FROM attachments WHERE article_id IN ({marks}) "
            "AND capture_id IS NOT NULL ORDER BY id", chunk)]  # fmt: skip
    return found


def _with_originals(db: sqlite_utils.Database, captures: list[Capture]) -> list[Capture]:
    """``captures`` with, before each revisit, the response it refers to (once)."""
    originals = {c.id: c for c in by_id(db, [c.refers_to for c in captures if c.refers_to])}
    ordered: dict[int, Capture] = {}
    for capture in captures:
        original = originals.get(capture.refers_to or 0)
        if original is not None:
            ordered.setdefault(original.id, original)
        ordered.setdefault(capture.id, capture)
    return list(ordered.values())


def _copy_record(warc_folder: Path, capture: Capture, out: IO[bytes]) -> int:
    """Copy the capture's gzip member from its WARC file, byte for byte, then its request
    record's when the crawl wrote one after it; 1 when it did, else 0."""
    path = capture.path(warc_folder)
    try:
        with path.open("rb") as source:
            _copy(source, capture.offset, capture.length, out, path)
            request = _request_length(source, capture)
            if request:
                _copy(source, capture.offset + capture.length, request, out, path)
            return 1 if request else 0
    except FileNotFoundError as error:
        raise ExportError(
            f"cannot read capture {path}: no such file; is the WARC folder elsewhere? "
            "(--warc-dir, GOVCRAWL_WARC_DIR)"
        ) from error
    except OSError as error:
        raise ExportError(f"cannot read capture {path}: {error.strerror or error}") from error


def _copy(source: IO[bytes], offset: int, length: int, out: IO[bytes], path: Path) -> None:
    """Copy ``length`` bytes of ``source`` from ``offset`` to ``out``."""
    source.seek(offset)
    left = length
    while left > 0:
        chunk = source.read(min(COPY_CHUNK, left))
        if not chunk:
            raise ExportError(f"{path} ends before the record at offset {offset}")
        out.write(chunk)
        left -= len(chunk)


def _request_length(source: IO[bytes], capture: Capture) -> int:
    """The length of the gzip member after the capture's record when it is the capture's
    request record (WARC-Concurrent-To its record id), else 0 (none, another record, cut
    short by a crash, longer than MAX_REQUEST). Reads the next record's headers only, unless
    it is the request."""
    source.seek(capture.offset + capture.length)
    records = ArchiveIterator(source, check_digests=False)
    try:
        record = next(records, None)
        if record is None or record.rec_type != "request":
            return 0
        if record.rec_headers.get_header("WARC-Concurrent-To") != capture.record_id:
            return 0
        records.read_to_end(record)
        length = int(records.get_record_length() or 0)
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError):
        return 0
    return length if length <= MAX_REQUEST else 0


def _warcinfo(out: IO[bytes], title: str) -> None:
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    info = {"software": f"govcrawl {_version()}", "format": "WARC File Format 1.1",
            "description": f"{title}: records exported from a govcrawl archive"}  # fmt: skip
    writer.write_record(writer.create_warcinfo_record("govcrawl.warc.gz", info))


def _write_pages(path: Path, pages: Iterable[dict[str, object]], title: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"format": "json-pages-1.0", "id": "pages", "title": title}) + "\n")
        for page in pages:
            out.write(json.dumps(page, ensure_ascii=False) + "\n")


def _iso(timestamp: str) -> str:
    """A 14-digit timestamp as the ISO time pages.jsonl takes (``2025-02-10T09:50:00Z``)."""
    t = timestamp
    return f"{t[:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:14]}Z"


def _version() -> str:
    from importlib.metadata import version

    return version("govcrawl")
