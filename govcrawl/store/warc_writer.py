"""Writing a crawl's WARC files: every exchange the crawl hands over becomes a ``response``
record (a ``revisit`` when its payload digest was captured before, by this run or an earlier
one) and its ``request`` record, gzip WARC/1.1, one gzip member per record, in files rotated by
size, each opened by a ``warcinfo`` record.

Digests, compression and writes run in one thread, off Scrapy's reactor; ``capture`` only
queues. ``sync`` waits for the queue, flushes and fsyncs the file, and hands over the
``captures`` rows of the records now on disk: the archive pipeline inserts them before it
commits rows that point at them. A record cut short by a crash is never handed over, and every
crawl writes files of its own: earlier records stay readable.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import os
import queue
import sqlite3
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govcrawl.store.captures import CaptureRow, Original, original_of

logger = logging.getLogger(__name__)
# Compression level of each record's gzip member: 6 writes ~3x faster than warcio's 9 for
# about 3% more bytes (benchmarks/warc_cost.py).
GZIP_LEVEL = 6
# Response headers renamed in the record: the body is stored de-chunked (Twisted undoes the
# transfer coding), and a reader must not try to undo it again.
_RENAMED = {"transfer-encoding": "X-Archive-Orig-Transfer-Encoding"}


class WarcError(Exception):
    """The WARC folder cannot be written; the message says why."""


@dataclass(frozen=True)
class Exchange:
    """One HTTP exchange as the crawl saw it: the request, and the response as it came from
    the network (content-encoded body, before Scrapy decompresses it)."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime  # UTC
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None
    run_id: int | None = None


@dataclass
class _Sync:
    done: threading.Event = field(default_factory=threading.Event)
    rows: list[CaptureRow] = field(default_factory=list)


def payload_digest(body: bytes) -> str:
    """``sha1:BASE32`` of ``body``, as WARC-Payload-Digest."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(when: datetime) -> str:
    """``2026-12-07T20:15:03.123456Z``: a WARC/1.1 date, UTC with microseconds."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class WarcLog:
    """The WARC files of one crawl, written by a thread of their own.

    ``lookup`` opens a connection (in the thread) to find digests captured by earlier crawls;
    ``info`` is the warcinfo record's fields (software, run).
    """

    def __init__(self, folder: Path, *, prefix: str, next_id: int, max_bytes: int,
                 info: dict[str, str], lookup: Callable[[], sqlite3.Connection] | None = None):  # fmt: skip
        self.folder = Path(folder)
        self.prefix = prefix  # govcrawl-<UTC start>-<run id>
        self.next_id = next_id
        self.max_bytes = max(1, max_bytes)
        self.info = info
        self.lookup = lookup
        self.error: str | None = None
        self.files: list[str] = []
        self.bytes_written = 0
        self._seen: dict[str, Original] = {}  # digests captured by this crawl
        self._done: list[CaptureRow] = []
        self._out: IO[bytes] | None = None
        self._conn: sqlite3.Connection | None = None
        self._jobs: queue.SimpleQueue[tuple[int, Exchange] | _Sync | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="govcrawl-warc", daemon=True)
        self._thread.start()

    def capture(self, exchange: Exchange) -> int | None:
        """Queue ``exchange``; return the capture id its row will have (None once failed)."""
        if self.error is not None:
            return None
        capture_id, self.next_id = self.next_id, self.next_id + 1
        self._jobs.put((capture_id, exchange))
        return capture_id

    def sync(self) -> list[CaptureRow]:
        """Wait until every queued exchange is written, flushed and fsync'ed; return the rows
        of the records written since the last sync. Raises WarcError when writing failed."""
        marker = _Sync()
        self._jobs.put(marker)
        marker.done.wait()
        if self.error is not None:
            raise WarcError(self.error)
        return marker.rows

    def close(self) -> list[CaptureRow]:
        """Sync, stop the thread and close the file; return the last rows."""
        try:
            return self.sync()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the thread once the queue is written, and close the file."""
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            if isinstance(job, _Sync):
                self._sync(job)
            elif self.error is None:
                try:
                    self._write(*job)
                except (OSError, sqlite3.Error) as error:
                    self.error = f"cannot write WARC files in {self.folder}: {error}"
                    logger.error("%s", self.error)
        self._close_file()
        if self._conn is not None:
            self._conn.close()

    def _sync(self, marker: _Sync) -> None:
        try:
            if self._out is not None:
                self._out.flush()
                os.fsync(self._out.fileno())
        except OSError as error:
            self.error = self.error or f"cannot write WARC files in {self.folder}: {error}"
        marker.rows, self._done = ([] if self.error else self._done), []
        marker.done.set()

    def _write(self, capture_id: int, exchange: Exchange) -> None:
        digest = payload_digest(exchange.body)
        original = self._original(digest) if exchange.body else None
        response, record_id = self._response(exchange, digest, original)
        request = self._request(exchange, record_id)
        out = self._file()
        offset = out.tell()
        out.write(response)
        out.write(request)
        self.bytes_written += len(response) + len(request)
        fetched_at = exchange.fetched_at.astimezone(UTC).isoformat(timespec="seconds")
        content_type = next((v for n, v in exchange.headers if n.lower() == "content-type"), None)
        self._done.append(CaptureRow(
            id=capture_id, run_id=exchange.run_id, url=exchange.url, fetched_at=fetched_at,
            status=exchange.status, content_type=content_type, warc_file=self.files[-1],
            offset=offset, length=len(response), record_id=record_id,
            record_type="revisit" if original else "response", payload_digest=digest,
            refers_to=original.id if original else None,
        ))  # fmt: skip
        if original is None and exchange.body:
            self._seen[digest] = Original(capture_id, exchange.url, fetched_at, record_id)
        if out.tell() >= self.max_bytes:
            self._close_file()

    def _original(self, digest: str) -> Original | None:
        if digest in self._seen:
            return self._seen[digest]
        if self.lookup is None:
            return None
        if self._conn is None:
            self._conn = self.lookup()
        return original_of(self._conn, digest)

    def _response(self, exchange: Exchange, digest: str,
                  original: Original | None) -> tuple[bytes, str]:  # fmt: skip
        """The gzip member of the response (or revisit) record, and its record id."""
        writer = _writer()
        headers = [(_RENAMED.get(n.lower(), n), v) for n, v in exchange.headers]
        http = StatusAndHeaders(_status(exchange.status), headers, protocol=exchange.protocol)
        fields = {"WARC-Date": warc_date(exchange.fetched_at), "WARC-Payload-Digest": digest}
        if exchange.ip_address:
            fields["WARC-IP-Address"] = exchange.ip_address
        if original is None:
            record = writer.create_warc_record(
                exchange.url, "response", payload=io.BytesIO(exchange.body),
                length=len(exchange.body), http_headers=http, warc_headers_dict=fields,
            )  # fmt: skip
        else:
            refers_date = warc_date(datetime.fromisoformat(original.fetched_at))
            record = writer.create_revisit_record(
                exchange.url, digest, original.url, refers_date, http_headers=http,
                warc_headers_dict={**fields, "WARC-Refers-To": original.record_id},
            )  # fmt: skip
        return _member(writer, record), record.rec_headers.get_header("WARC-Record-ID")

    def _request(self, exchange: Exchange, response_id: str) -> bytes:
        writer = _writer()
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = exchange.request_headers
        if not any(name.lower() == "host" for name, _ in headers):
            headers = [("Host", parts.netloc), *headers]
        http = StatusAndHeaders(f"{exchange.method} {target} HTTP/1.1", headers,
                                is_http_request=True)  # fmt: skip
        fields = {"WARC-Date": warc_date(exchange.fetched_at), "WARC-Concurrent-To": response_id}
        record = writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(exchange.request_body),
            length=len(exchange.request_body), http_headers=http, warc_headers_dict=fields,
        )  # fmt: skip
        return _member(writer, record)

    def _file(self) -> IO[bytes]:
        """The open WARC file; a new one (with its warcinfo record) when none is open."""
        if self._out is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            serial = len(self.files)
            while (self.folder / (name := f"{self.prefix}-{serial:05d}.warc.gz")).exists():
                serial += 1  # a folder shared by two archives: never write into another's file
            self._out = (self.folder / name).open("xb")
            self.files.append(name)
            writer = _writer()
            self._out.write(_member(writer, writer.create_warcinfo_record(name, self.info)))
        return self._out

    def _close_file(self) -> None:
        if self._out is None:
            return
        out, self._out = self._out, None
        try:
            out.flush()
            os.fsync(out.fileno())
        finally:
            out.close()


def _writer() -> WARCWriter:
    return WARCWriter(io.BytesIO(), gzip=False, warc_version="1.1")


def _member(writer: WARCWriter, record: object) -> bytes:
    """``record`` serialised and compressed as one gzip member."""
    buffer = io.BytesIO()
    writer.out = buffer
    writer.write_record(record)
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(buffer.getvalue()) + compressor.flush()


def _status(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)
