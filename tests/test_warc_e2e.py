"""Every response a crawl receives is kept as WARC (issue 17): read back with warcio, every
archived row resolving to a record whose payload digest matches, robots.txt, a redirect, a 404
and a gzip-encoded page captured as they came, revisit records on a re-crawl of the unchanged
portal, nothing written with capture off, and a crawl killed with SIGKILL leaving every earlier
record readable and no row pointing at a record not on disk.

One crawl of a fixture portal (the generic family's, plus an old URL that redirects, a link to
a missing page and an article served gzip-compressed) is shared by the module."""

from __future__ import annotations

import gzip
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, cli, guarded_env, scrapy_crawl
from portals import generic
from portals.base import FixturePortal, Hit, Reply, redirect, serve
from warcio.archiveiterator import ArchiveIterator

from govcrawl.api import open_archive
from govcrawl.store.captures import captured_response
from govcrawl.store.connection import connect
from govcrawl.store.warc import read_capture
from govcrawl.store.warc_writer import payload_digest

pytestmark = pytest.mark.e2e

ROW_TABLES = ("articles", "article_versions", "non_article_pages", "attachments")
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        "-s", "GOVCRAWL_EXTRACT_WORKERS=0"]  # fmt: skip
GZIPPED_ID = "123"  # news.aspx?id=123 is served with Content-Encoding: gzip


def build_portal() -> FixturePortal:
    """The generic fixture portal, its home page also linking an old address that redirects
    (301) and a page that is missing (404), one article sent gzip-compressed."""
    portal = generic.build()
    home, article = generic.home, generic.article

    def extra(hit: Hit) -> Reply | None:
        if hit.path == "/tin-cu.aspx":
            return redirect(f"{portal.base_url}/news.aspx?id=124", status=301)
        reply = home(portal, hit)
        if reply is not None:
            links = '<a href="tin-cu.aspx">Tin cũ</a> <a href="trang-da-xoa.aspx">Đã xóa</a>'
            reply.body = str(reply.body).replace("</body>", f"{links}</body>")
            return reply
        if hit.path.lower() == "/news.aspx" and hit.arg("id") == GZIPPED_ID:
            found = article(portal, hit)
            assert found is not None
            body = gzip.compress(str(found.body).encode("utf-8"), mtime=0)  # as nginx does
            return Reply(body, headers={"Content-Encoding": "gzip"})
        return None

    portal.routes.insert(0, extra)
    return portal


@dataclass
class Crawls:
    base_url: str
    archive: Path
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]

    @property
    def warc(self) -> Path:
        return self.archive.parent / "warc"

    def rows(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.archive) as conn:
            return conn.execute(sql, args).fetchall()


def crawl(base_url: str, archive: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    return scrapy_crawl(
        "-a", f"url={base_url}/", "-s", f"GOVCRAWL_ARCHIVE={archive}", *FAST, *settings
    )


@pytest.fixture(scope="module")
def portal_url() -> Iterator[str]:
    portal = build_portal()
    server, base_url = serve(portal)
    base_url = base_url.rstrip("/")
    portal.base_url = base_url
    yield base_url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def crawls(portal_url: str, tmp_path_factory: pytest.TempPathFactory) -> Crawls:
    """A first crawl of the portal, then a full re-crawl of it unchanged (every page again)."""
    archive = tmp_path_factory.mktemp("warc") / "govcrawl.db"
    first = crawl(portal_url, archive)
    assert first.returncode == 0, first.stderr[-3000:]
    second = crawl(portal_url, archive, "-s", "GOVCRAWL_INCREMENTAL=False")
    assert second.returncode == 0, second.stderr[-3000:]
    return Crawls(portal_url, archive, first, second)


def records(path: Path) -> list[tuple[str, dict[str, str], bytes]]:
    """Every record of a WARC file: type, WARC headers, raw payload (content-encoded)."""
    found = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            headers = dict(record.rec_headers.headers)
            found.append((record.rec_type, headers, record.raw_stream.read()))
    return found


def test_warcio_reads_every_record_one_warcinfo_per_file(crawls: Crawls) -> None:
    files = sorted(crawls.warc.glob("*.warc.gz"))
    assert len(files) == 2  # one per crawl: a new run never appends to an earlier file
    responses = set()
    for path in files:
        found = records(path)
        assert [kind for kind, _, _ in found].count("warcinfo") == 1
        kind, headers, payload = found[0]
        assert kind == "warcinfo" and b"software: govcrawl/" in payload
        assert headers["WARC-Filename"] == path.name
        assert path.name.startswith("govcrawl-") and path.name.endswith("-00000.warc.gz")
        for kind, headers, _ in found[1:]:
            assert kind in ("response", "revisit", "request")
            if kind == "request":
                assert headers["WARC-Concurrent-To"] in responses
            else:
                responses.add(headers["WARC-Record-ID"])
    (count,) = crawls.rows("SELECT count(*) FROM captures")[0]
    assert count == len(responses)


def test_every_archived_row_resolves_to_its_record(crawls: Crawls) -> None:
    articles = crawls.rows("SELECT count(*), count(capture_id) FROM articles")[0]
    assert articles[0] >= 20 and articles[0] == articles[1]
    checked = 0
    for table in ROW_TABLES:
        for capture_id, url in crawls.rows(
            f"SELECT c.id, c.url FROM {table} JOIN captures AS c ON c.id = capture_id"
        ):
            (warc_file, offset, digest, kind, original) = crawls.rows(
                "SELECT warc_file, offset, payload_digest, record_type, refers_to "
                "FROM captures WHERE id = ?", capture_id,
            )[0]  # fmt: skip
            captured = read_capture(crawls.warc, str(warc_file), int(str(offset)))
            assert captured.url == url and captured.payload_digest == digest
            if kind == "response":
                with (crawls.warc / str(warc_file)).open("rb") as stream:
                    stream.seek(int(str(offset)))
                    raw = next(iter(ArchiveIterator(stream))).raw_stream.read()
                assert payload_digest(raw) == digest
            else:
                assert original is not None
            checked += 1
    assert checked >= articles[0]


def test_robots_redirect_404_and_gzip_are_captured_as_received(crawls: Crawls) -> None:
    base = crawls.base_url
    statuses = {
        str(url).removeprefix(base): status
        for url, status in crawls.rows("SELECT url, status FROM captures")
    }
    assert statuses["/robots.txt"] == 200
    assert statuses["/tin-cu.aspx"] == 301
    assert statuses["/trang-da-xoa.aspx"] == 404
    (capture_id,) = crawls.rows(
        "SELECT id FROM captures WHERE url = ? ORDER BY id LIMIT 1",
        f"{base}/news.aspx?id={GZIPPED_ID}",
    )[0]
    db = connect(crawls.archive, readonly=True)
    response = captured_response(db, crawls.warc, int(str(capture_id)))
    db.conn.close()
    assert ("Content-Encoding", "gzip") in response.headers
    assert b"<html" in response.body  # decoded as the crawl saw it


def test_recrawl_of_the_unchanged_portal_writes_revisits(crawls: Crawls) -> None:
    first_run, second_run = (row[0] for row in crawls.rows("SELECT id FROM crawl_runs ORDER BY id"))
    kinds = dict(
        crawls.rows(
            "SELECT record_type, count(*) FROM captures WHERE run_id = ? GROUP BY record_type", second_run,
        )
    )  # fmt: skip
    (fresh,) = crawls.rows(
        "SELECT count(*) FROM captures AS c JOIN captures AS o ON o.id = c.refers_to "
        "WHERE c.run_id = ? AND o.run_id = ?", second_run, first_run,
    )[0]  # fmt: skip
    assert kinds.get("revisit", 0) >= 20 and fresh == kinds["revisit"]
    # Only pages whose bytes change between fetches (none here) and empty bodies are responses.
    (responses_with_body,) = crawls.rows(
        "SELECT count(*) FROM captures WHERE run_id = ? AND record_type = 'response' "
        "AND payload_digest != 'sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ'", second_run,
    )[0]  # fmt: skip
    assert responses_with_body == 0
    files = sorted(crawls.warc.glob("*.warc.gz"))
    assert files[1].stat().st_size < files[0].stat().st_size / 3


def test_show_raw_prints_the_captured_response(crawls: Crawls) -> None:
    (article_id, title) = crawls.rows("SELECT id, title FROM articles ORDER BY id LIMIT 1")[0]
    result = cli("show", str(article_id), "--raw", "--archive", str(crawls.archive))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "HTTP/1.0 200 OK" and "Content-Type: text/html; charset=utf-8" in lines
    assert str(title) in result.stdout
    shown = cli("show", str(article_id), "--archive", str(crawls.archive))
    assert shown.returncode == 0 and shown.stdout.startswith(str(title))
    with open_archive(crawls.archive) as archive:
        response = archive.raw_response(int(str(article_id)))
    assert response is not None and response.status == 200


def test_capture_off_writes_nothing(portal_url: str, tmp_path: Path) -> None:
    archive = tmp_path / "govcrawl.db"
    result = crawl(portal_url, archive, "-s", "GOVCRAWL_WARC_ENABLED=False",
                   "-s", "CLOSESPIDER_PAGECOUNT=4")  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (tmp_path / "warc").exists()
    with sqlite3.connect(archive) as conn:
        assert conn.execute("SELECT count(*) FROM captures").fetchone()[0] == 0
        assert conn.execute("SELECT count(capture_id), count(*) FROM articles").fetchone()[1] > 0
        assert conn.execute("SELECT count(capture_id) FROM articles").fetchone()[0] == 0
    article_id = 1
    refused = cli("show", str(article_id), "--raw", "--archive", str(archive))
    assert refused.returncode == 1 and "no captured response" in refused.stderr
    assert "Traceback" not in refused.stderr


def count(archive: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{archive}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_sigkill_mid_crawl_leaves_every_earlier_record_readable(
    portal_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "govcrawl.db"
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={portal_url}/",
               "-s", f"GOVCRAWL_ARCHIVE={archive}", "-s", f"LOG_FILE={archive}.log",
               "-s", "DOWNLOAD_DELAY=0.1", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", "GOVCRAWL_ARCHIVE_BATCH_SIZE=1", "-s", "GOVCRAWL_EXTRACT_WORKERS=0"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=guarded_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while count(archive, "SELECT count(*) FROM articles") < 3:
            assert process.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline, "no articles archived in time"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)  # by PID
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    warc = tmp_path / "warc"
    (killed,) = list(warc.glob("*.warc.gz"))
    size = killed.stat().st_size
    with sqlite3.connect(archive) as conn:
        rows = conn.execute("SELECT id, warc_file, offset, length FROM captures").fetchall()
        dangling = conn.execute(
            "SELECT count(*) FROM articles WHERE capture_id IS NOT NULL "
            "AND capture_id NOT IN (SELECT id FROM captures)"
        ).fetchone()[0]
    assert rows and dangling == 0
    for _, warc_file, offset, length in rows:  # every row's record whole on disk
        assert offset + length <= size
        read_capture(warc, warc_file, offset)
    # Each record its own gzip member: everything before the cut reads, whatever the cut.
    with killed.open("rb") as stream:
        offsets = []
        iterator = ArchiveIterator(stream)
        try:
            for _ in iterator:
                offsets.append(iterator.get_record_offset())
        except Exception:  # the record the kill cut short, if any
            pass
    assert {offset for _, _, offset, _ in rows} <= set(offsets)
    resumed = crawl(portal_url, archive, "-s", "CLOSESPIDER_PAGECOUNT=3")
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert len(list(warc.glob("*.warc.gz"))) == 2 and killed.stat().st_size == size
