"""The WARC writer and reader without a crawl: records read back with warcio, revisits within a
crawl and against earlier ones, rotation by size, a record cut short by a kill, one-line errors,
content decoding, and the capture middleware's place and exchange."""

from __future__ import annotations

import gzip
import sqlite3
import zlib
from datetime import UTC, datetime
from pathlib import Path

import brotli
import pytest
from conftest import project_crawler
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from warcio.archiveiterator import ArchiveIterator

from govcrawl.crawl.capture import CaptureMiddleware, exchange
from govcrawl.store.captures import captured_response, insert_captures
from govcrawl.store.connection import connect
from govcrawl.store.warc import CaptureError, decoded, read_capture, warc_dir
from govcrawl.store.warc_writer import Exchange, WarcLog, payload_digest

PAGE = "<html><head><title>Hội nghị khoa học</title></head><body>Đà Lạt</body></html>".encode()
WHEN = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)


def page(url: str, body: bytes = PAGE, status: int = 200) -> Exchange:
    return Exchange(
        url=url, method="GET", request_headers=[("User-Agent", "govcrawl/0.1")],
        request_body=b"", status=status, body=body, fetched_at=WHEN,
        headers=[("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")],
    )  # fmt: skip


def log(folder: Path, db_path: Path | None = None, **options: int) -> WarcLog:
    lookup = (lambda: sqlite3.connect(db_path)) if db_path else None
    return WarcLog(folder, prefix="govcrawl-20260110030000-1", next_id=options.get("next_id", 1),
                   max_bytes=options.get("max_bytes", 10**9), info={"software": "govcrawl/test"},
                   lookup=lookup)  # fmt: skip


def test_records_read_back_and_identical_payloads_are_revisits(tmp_path: Path) -> None:
    warc = log(tmp_path)
    ids = [warc.capture(page(f"http://a.gov.vn/{n}")) for n in ("tin-1", "tin-1-print")]
    ids.append(warc.capture(page("http://a.gov.vn/cu", b"", 301)))
    rows = warc.close()
    assert [row.id for row in rows] == ids == [1, 2, 3]
    first, again, moved = rows
    assert (first.record_type, again.record_type, moved.record_type) == (
        "response", "revisit", "response",
    )  # fmt: skip
    assert again.refers_to == 1 and again.payload_digest == first.payload_digest
    assert first.payload_digest == payload_digest(PAGE)
    response = read_capture(tmp_path, first.warc_file, first.offset)
    assert response.body == PAGE and response.status_line() == "HTTP/1.1 200 OK"
    assert ("X-Archive-Orig-Transfer-Encoding", "chunked") in response.headers
    revisit = read_capture(tmp_path, again.warc_file, again.offset)
    assert revisit.record_type == "revisit" and revisit.body == b""
    with (tmp_path / first.warc_file).open("rb") as stream:
        kinds = [r.rec_type for r in ArchiveIterator(stream, check_digests=True)]
    assert kinds == ["warcinfo", "response", "request", "revisit", "request", "response", "request"]


def test_a_later_crawl_revisits_what_an_earlier_one_captured(tmp_path: Path) -> None:
    archive = tmp_path / "govcrawl.db"
    db = connect(archive)
    db.execute("INSERT INTO crawl_runs (spider, started_at) VALUES ('portal', '2026-01-10')")
    earlier = log(tmp_path / "warc")
    earlier.capture(page("http://a.gov.vn/tin-1"))
    insert_captures(db, earlier.close())
    later = log(tmp_path / "warc", archive, next_id=2)
    later.capture(page("http://a.gov.vn/tin-1"))
    (row,) = later.close()
    assert row.record_type == "revisit" and row.refers_to == 1
    assert row.warc_file.endswith("-00001.warc.gz")  # a new file, even of the same name stem
    insert_captures(db, [row])
    assert captured_response(db, tmp_path / "warc", 2).body == PAGE  # the original's payload


def test_files_rotate_by_size_each_with_its_warcinfo(tmp_path: Path) -> None:
    warc = log(tmp_path, max_bytes=1)
    for n in range(3):
        warc.capture(page(f"http://a.gov.vn/{n}", PAGE + bytes([n])))
    rows = warc.close()
    assert sorted({row.warc_file for row in rows}) == [
        f"govcrawl-20260110030000-1-0000{n}.warc.gz" for n in range(3)
    ]
    for path in tmp_path.iterdir():
        with path.open("rb") as stream:
            assert next(iter(ArchiveIterator(stream))).rec_type == "warcinfo"


def test_a_record_cut_short_leaves_the_earlier_ones_readable(tmp_path: Path) -> None:
    warc = log(tmp_path)
    for n in range(3):
        warc.capture(page(f"http://a.gov.vn/{n}", PAGE * (n + 1)))
    rows = warc.close()
    path = tmp_path / rows[0].warc_file
    whole = path.read_bytes()
    path.write_bytes(whole[: rows[2].offset + rows[2].length // 2])  # killed mid-write
    for row in rows[:2]:
        assert read_capture(tmp_path, row.warc_file, row.offset).body == PAGE * (row.id)
    with pytest.raises(CaptureError):
        read_capture(tmp_path, rows[2].warc_file, rows[2].offset)


def test_unreadable_captures_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="cannot read capture"):
        read_capture(tmp_path, "missing.warc.gz", 0)
    warc = log(tmp_path)
    warc.capture(page("http://a.gov.vn/1"))
    (row,) = warc.close()
    with pytest.raises(CaptureError):
        read_capture(tmp_path, row.warc_file, row.offset + 7)


def test_bodies_are_decoded_as_the_crawl_saw_them() -> None:
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    for body, encoding in [
        (gzip.compress(PAGE), "gzip"), (zlib.compress(PAGE), "deflate"),
        (raw_deflate.compress(PAGE) + raw_deflate.flush(), "deflate"),
        (brotli.compress(PAGE), "br"), (PAGE, "identity"),
    ]:  # fmt: skip
        assert decoded(body, [("Content-Encoding", encoding)]) == PAGE
    bomb = gzip.compress(bytes(65 * 2**20))  # a sitemap gzip bomb, as a portal may serve one
    with pytest.raises(CaptureError, match="decodes to more than"):
        decoded(bomb, [("Content-Encoding", "gzip")])


def test_the_warc_folder_is_beside_the_archive_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVCRAWL_WARC_DIR", raising=False)
    assert warc_dir(Path("archive/govcrawl.db")) == Path("archive/warc")
    assert warc_dir("archive/govcrawl.db", project_crawler().settings) == Path("archive/warc")
    crawler = project_crawler(GOVCRAWL_WARC_DIR="/data/warc")
    assert warc_dir(Path("archive/govcrawl.db"), crawler.settings) == Path("/data/warc")
    # the environment variable, for the crawl (its settings leave it unset) and every reader;
    # -s and --warc-dir before it
    monkeypatch.setenv("GOVCRAWL_WARC_DIR", "/env/warc")
    assert warc_dir(Path("archive/govcrawl.db"), project_crawler().settings) == Path("/env/warc")
    assert warc_dir(Path("archive/govcrawl.db")) == Path("/env/warc")
    assert warc_dir(Path("archive/govcrawl.db"), crawler.settings) == Path("/data/warc")
    assert warc_dir("archive/govcrawl.db", folder="/option/warc") == Path("/option/warc")


def test_the_middleware_sits_next_to_the_downloader_and_keeps_bodies_as_sent() -> None:
    crawler = project_crawler()
    order = crawler.settings.getwithbase("DOWNLOADER_MIDDLEWARES")
    capture = order["govcrawl.crawl.capture.CaptureMiddleware"]
    for before in ("HttpCompressionMiddleware", "RedirectMiddleware", "RetryMiddleware",
                   "DownloaderStats"):  # fmt: skip
        name = next(key for key in order if str(key).endswith(before))
        assert order[name] < capture  # its process_response runs after ours
    body = gzip.compress(PAGE)
    request = Request("http://a.gov.vn/tin-1", headers={"Accept-Encoding": "gzip"})
    response = Response(request.url, body=body, request=request, protocol="HTTP/1.1",
                        headers={"Content-Encoding": "gzip", "Set-Cookie": ["a=1", "b=2"]})  # fmt: skip
    captured = exchange(request, response)
    assert captured.body == body and captured.status == 200
    assert ("Set-Cookie", "a=1") in captured.headers and ("Set-Cookie", "b=2") in captured.headers
    assert ("Accept-Encoding", "gzip") in captured.request_headers


def test_capture_off_means_no_middleware() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(CaptureMiddleware, project_crawler(GOVCRAWL_WARC_ENABLED=False))


def test_sync_hands_over_records_once_on_disk_each_once(tmp_path: Path) -> None:
    warc = log(tmp_path)
    first = warc.capture(page("http://a.gov.vn/1"))
    assert first is not None
    rows = warc.sync(first)
    assert [row.id for row in rows] == [first]
    assert read_capture(tmp_path, rows[0].warc_file, rows[0].offset).body == PAGE
    warc.capture(page("http://a.gov.vn/2", PAGE + b" "))
    assert [row.id for row in warc.close()] == [first + 1]
