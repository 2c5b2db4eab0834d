"""The WARC folder and reading a capture back: where a crawl's WARC files live (``warc_dir``)
and the HTTP response a ``captures`` row points at (``read_capture``), its body decoded as the
crawl saw it. Written by govcrawl.store.warc_writer.

Settings: GOVCRAWL_WARC_DIR, also an environment variable (read here only, by ``warc_dir``, so
the crawl, reprocess, show, verify, captures, the WACZ export and the Python API agree).
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING

import brotli
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

if TYPE_CHECKING:  # research reads captures without loading Scrapy
    from scrapy.settings import BaseSettings

# A captured body is decoded up to this size (Scrapy's DOWNLOAD_MAXSIZE here is 20 MiB).
MAX_DECODED = 64 * 2**20


class CaptureError(Exception):
    """A capture cannot be read (file missing, offset not a record); the message says which."""


@dataclass(frozen=True)
class CapturedResponse:
    """An HTTP response as captured: ``body`` de-chunked and content-decoded (as the crawl saw
    it; empty for a ``revisit`` record, whose payload is its original's); ``fetched_at`` UTC ISO
    8601 (the record's WARC-Date)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: str
    record_id: str
    payload_digest: str
    record_type: str = "response"
    protocol: str = "HTTP/1.1"

    def status_line(self) -> str:
        """``HTTP/1.1 200 OK``: the protocol, status and its standard reason phrase."""
        try:
            reason = HTTPStatus(self.status).phrase
        except ValueError:
            reason = ""
        return f"{self.protocol} {self.status} {reason}".rstrip()

    def raw(self) -> bytes:
        """Status line, headers and body, as printed by ``govcrawl show --raw``."""
        head = [self.status_line(), *(f"{name}: {value}" for name, value in self.headers)]
        return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8", "replace") + self.body


def warc_dir(
    archive: str | Path, settings: BaseSettings | None = None, folder: str | Path | None = None
) -> Path:
    """The WARC folder of the archive at ``archive``: ``folder`` when given (``--warc-dir``),
    else the setting GOVCRAWL_WARC_DIR (``-s``), else the environment variable of that name,
    else the folder ``warc`` beside the archive file (``archive/warc/`` for
    ``archive/govcrawl.db``)."""
    chosen = folder or (settings.get("GOVCRAWL_WARC_DIR") if settings is not None else None)
    chosen = chosen or os.environ.get("GOVCRAWL_WARC_DIR")
    return Path(chosen) if chosen else Path(archive).parent / "warc"


def read_capture(warc_folder: Path, warc_file: str, offset: int) -> CapturedResponse:
    """The response (or revisit) record at ``offset`` of ``warc_file`` in ``warc_folder``.

    Raises CaptureError with a one-line reason when the file or the record cannot be read.
    """
    path = Path(warc_folder) / warc_file
    try:
        with path.open("rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream, check_digests=False)), None)
            if record is None or record.http_headers is None:
                raise CaptureError(f"no HTTP record at offset {offset} of {path}")
            headers = [(str(n), str(v)) for n, v in record.http_headers.headers]
            raw = b"" if record.rec_type == "revisit" else record.raw_stream.read()
            rec = record.rec_headers
            return CapturedResponse(
                url=rec.get_header("WARC-Target-URI") or "",
                status=int(record.http_headers.get_statuscode() or 0),
                headers=headers, body=decoded(raw, headers),
                fetched_at=rec.get_header("WARC-Date") or "",
                record_id=rec.get_header("WARC-Record-ID") or "",
                payload_digest=rec.get_header("WARC-Payload-Digest") or "",
                record_type=record.rec_type,
                protocol=record.http_headers.protocol or "HTTP/1.1",
            )  # fmt: skip
    except OSError as error:
        raise CaptureError(f"cannot read capture {path}: {error.strerror or error}") from error
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError) as error:
        raise CaptureError(f"damaged capture at offset {offset} of {path}: {error}") from error


def decoded(body: bytes, headers: list[tuple[str, str]]) -> bytes:
    """``body`` with its Content-Encoding (gzip, deflate, br) undone; unknown ones kept.

    Raises CaptureError when a body decodes to more than MAX_DECODED bytes (a gzip bomb).
    """
    encodings = [
        part.strip().lower()
        for name, value in headers if name.lower() == "content-encoding"
        for part in value.split(",") if part.strip()
    ]  # fmt: skip
    for encoding in reversed(encodings):
        if encoding in ("gzip", "x-gzip"):
            body = _inflate(body, zlib.MAX_WBITS | 16)
        elif encoding == "deflate":
            try:
                body = _inflate(body, zlib.MAX_WBITS)
            except zlib.error:  # raw deflate, as some servers send it
                body = _inflate(body, -zlib.MAX_WBITS)
        elif encoding == "br":
            body = brotli.decompress(body)
        elif encoding != "identity":
            break
        if len(body) > MAX_DECODED:
            raise CaptureError(f"captured body decodes to more than {MAX_DECODED} bytes")
    return body


def _inflate(data: bytes, wbits: int) -> bytes:
    """``data`` inflated, at most MAX_DECODED + 1 bytes of it."""
    return zlib.decompressobj(wbits).decompress(data, MAX_DECODED + 1)
