"""The WARC folder and reading a capture back: where a crawl's WARC files live (``warc_dir``)
and the HTTP response a ``captures`` row points at (``read_capture``), its body decoded as the
crawl saw it. Written by govcrawl.store.warc_writer.

Settings: GOVCRAWL_WARC_DIR (read here only, by ``warc_dir``).
"""

from __future__ import annotations

import gzip
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


def warc_dir(archive: Path, settings: BaseSettings | None = None) -> Path:
    """The WARC folder of the archive at ``archive``: GOVCRAWL_WARC_DIR when set, else the
    folder ``warc`` beside the archive file (``archive/warc/`` for ``archive/govcrawl.db``)."""
    folder = settings.get("GOVCRAWL_WARC_DIR") if settings is not None else None
    return Path(folder) if folder else Path(archive).parent / "warc"


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
    """``body`` with its Content-Encoding (gzip, deflate, br) undone; unknown ones kept."""
    encodings = [
        part.strip().lower()
        for name, value in headers if name.lower() == "content-encoding"
        for part in value.split(",") if part.strip()
    ]  # fmt: skip
    for encoding in reversed(encodings):
        if encoding in ("gzip", "x-gzip"):
            body = gzip.decompress(body)
        elif encoding == "deflate":
            try:
                body = zlib.decompress(body)
            except zlib.error:  # raw deflate, as some servers send it
                body = zlib.decompress(body, -zlib.MAX_WBITS)
        elif encoding == "br":
            body = brotli.decompress(body)
        elif encoding != "identity":
            break
    return body
