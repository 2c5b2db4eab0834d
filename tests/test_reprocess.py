"""Re-extraction from captures (govcrawl reprocess), the CDXJ lookups and the WACZ export, on an
archive whose captures are WARC records written here with warcio, in the crawl's layout
(CAPTURES: one gzip member per record under the archive's warc/ folder)."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import cli
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govcrawl.api import open_archive
from govcrawl.demo import pages
from govcrawl.demo.server import DemoPortal, to_windows_1258
from govcrawl.extract.version import EXTRACTOR_VERSION
from govcrawl.reprocess import run as reprocess_run
from govcrawl.reprocess.run import Reprocess, Selection
from govcrawl.research.captures import lookup
from govcrawl.store.captures import CaptureRow
from govcrawl.store.connection import connect

BASE = "http://127.0.0.1:8089"
WARC_FILE = "govcrawl-20250301000000-1-00000.warc.gz"
FETCHED = "2025-03-01T02:00:00+00:00"


@dataclass
class Captured:
    """A hand-built archive: its path, the demo's articles captured, and their URLs."""

    archive: Path
    articles: list[dict[str, object]]
    listing_url: str


def _record(writer: WARCWriter, out: io.BufferedWriter, url: str, body: bytes,
            content_type: str, fetched_at: str,
            request: bool = True) -> tuple[int, int, str, str]:  # fmt: skip
    """Write a response record and, as the crawl does, its request record after it; the
    response's offset, gzip member length, record id and digest."""
    offset = out.tell()
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                       http_headers=headers,
                                       warc_headers_dict={"WARC-Date": fetched_at.replace("+00:00", "Z")})  # fmt: skip
    writer.write_record(record)
    length, record_id = out.tell() - offset, record.rec_headers.get_header("WARC-Record-ID")
    if request:
        path = "/" + url.split("/", 3)[3]
        asked = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", "127.0.0.1:8089")],
                                 is_http_request=True)  # fmt: skip
        writer.write_record(writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), length=0, http_headers=asked,
            warc_headers_dict={"WARC-Date": fetched_at.replace("+00:00", "Z"),
                               "WARC-Concurrent-To": record_id}))  # fmt: skip
    return offset, length, record_id, record.rec_headers.get_header("WARC-Payload-Digest")


def build_archive(folder: Path, portal: DemoPortal) -> Captured:
    """An archive with one crawl run of ``demo`` whose captures are the demo's article pages
    (one of them windows-1258), its home page and one listing, and no article rows."""
    archive = folder / "govcrawl.db"
    db = connect(archive)
    run_id = db.execute(
        "INSERT INTO crawl_runs (spider, site, started_at) VALUES ('portal', 'demo', ?)", [FETCHED]
    ).lastrowid
    (folder / "warc").mkdir()
    shown = portal.articles[:6]
    exchanges = [(f"{BASE}/", pages.home(portal).encode(), "text/html; charset=utf-8")]
    listing_url = f"{BASE}/tin-hoat-dong"
    exchanges.append((listing_url, pages.listing(portal, "tin-hoat-dong", 1, 4).encode(),
                      "text/html; charset=utf-8"))  # fmt: skip
    for item in shown:
        if item is portal.windows_1258:
            html = to_windows_1258(pages.article(portal, item, charset=None))
            exchanges.append(
                (BASE + pages.article_path(item), html, "text/html; charset=windows-1258")
            )
        else:
            html = pages.article(portal, item).encode()
            exchanges.append((BASE + pages.article_path(item), html, "text/html; charset=utf-8"))
    with (folder / "warc" / WARC_FILE).open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        for url, body, content_type in exchanges:
            offset, length, record_id, digest = _record(
                writer, out, url, body, content_type, FETCHED
            )
            db.execute(
                """INSERT INTO captures (run_id, url, fetched_at, status, content_type, warc_file,
                       offset, length, record_id, record_type, payload_digest)
                   VALUES (?, ?, ?, 200, ?, ?, ?, ?, ?, 'response', ?)""",
                [run_id, url, FETCHED, content_type, WARC_FILE, offset, length, record_id, digest],
            )  # fmt: skip
    db.conn.commit()
    db.close()
    return Captured(archive, list(shown), listing_url)


@pytest.fixture
def captured(tmp_path: Path) -> Captured:
    return build_archive(tmp_path, DemoPortal.load())


def reprocess(archive: Path, **selection: object) -> Reprocess:
    from govcrawl.cli.reprocess import settings_of

    job = Reprocess(archive, settings_of(("GOVCRAWL_EXTRACT_WORKERS=0",)), Selection(**selection))  # type: ignore[arg-type]
    return job


def rows(archive: Path, sql: str) -> list[tuple[object, ...]]:
    db = connect(archive, readonly=True)
    try:
        return [tuple(row) for row in db.execute(sql).fetchall()]
    finally:
        db.close()


def test_pages_now_recognised_are_added_linked_to_their_capture(captured: Captured) -> None:
    tally = reprocess(captured.archive).run()
    assert tally.added == len(captured.articles)
    found = rows(captured.archive, "SELECT a.url, a.extractor_version, c.url FROM articles AS a "
                                   "JOIN captures AS c ON c.id = a.capture_id")  # fmt: skip
    assert sorted(row[0] for row in found) == sorted(
        BASE + pages.article_path(item)
        for item in captured.articles  # type: ignore[arg-type]
    )
    assert all(version == EXTRACTOR_VERSION and own == url for url, version, own in found)
    assert tally.not_articles >= 2  # the home page and the listing
    (row,) = rows(captured.archive, "SELECT finished_at IS NOT NULL, last_capture_id, counts "
                                    "FROM reprocess_runs")  # fmt: skip
    assert row[0] == 1 and json.loads(str(row[2]))["added"] == len(captured.articles)
    again = reprocess(captured.archive).run()  # made by this extractor from these captures
    assert (again.added, again.changed, again.skipped) == (0, 0, len(captured.articles))
    assert again.not_articles == 2  # judged again: a newer extractor may recognise them


def test_changed_fields_become_a_version_with_the_old_extractor(captured: Captured) -> None:
    reprocess(captured.archive).run()
    db = connect(captured.archive)
    article_id, title = db.execute("SELECT id, title FROM articles ORDER BY id LIMIT 1").fetchone()
    with db.atomic():  # as an older extractor made it: another title, no author
        db.execute("UPDATE articles SET title = 'Trang chủ', author = NULL, "
                   "extractor_version = 'old' WHERE id = ?", [article_id])  # fmt: skip
    db.close()
    tally = reprocess(captured.archive).run()
    assert (tally.changed, tally.added) == (1, 0)
    (version,) = rows(captured.archive, "SELECT version, title, author, extractor_version FROM "
                                        f"article_versions WHERE article_id = {article_id}")  # fmt: skip
    assert version == (1, "Trang chủ", None, "old")
    (now,) = rows(
        captured.archive,
        f"SELECT version, title, extractor_version FROM articles WHERE id = {article_id}",
    )
    assert now == (2, title, EXTRACTOR_VERSION)


def test_rows_no_longer_recognised_are_reported_never_deleted(captured: Captured) -> None:
    reprocess(captured.archive).run()
    db = connect(captured.archive)
    with db.atomic():  # an earlier extractor took the listing for an article
        db.execute("""INSERT INTO articles (url, site, title, text, content_hash, first_seen,
                          last_seen, extractor_version) VALUES (?, 'demo', 'Tin hoạt động',
                          'một hai ba', 'h', ?, ?, 'old')""",
                   [captured.listing_url, FETCHED, FETCHED])  # fmt: skip
        db.execute("INSERT INTO article_urls (url, article_id, first_seen, last_seen) "
                   "SELECT url, id, first_seen, last_seen FROM articles WHERE url = ?",
                   [captured.listing_url])  # fmt: skip
    db.close()
    result = cli(
        "reprocess", "--archive", str(captured.archive), "-s", "GOVCRAWL_EXTRACT_WORKERS=0"
    )
    assert result.returncode == 0, result.stderr
    assert "no longer an article (listing: " in result.stdout
    assert (
        captured.listing_url in result.stdout and "1 no longer recognised (kept)" in result.stdout
    )
    assert rows(
        captured.archive, f"SELECT count(*) FROM articles WHERE url = '{captured.listing_url}'"
    ) == [(1,)]


def test_dry_run_writes_nothing(captured: Captured) -> None:
    result = cli("reprocess", "--archive", str(captured.archive), "--dry-run",
                 "-s", "GOVCRAWL_EXTRACT_WORKERS=0")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"{len(captured.articles)} pages would be added as articles" in result.stdout
    assert rows(captured.archive, "SELECT count(*) FROM articles") == [(0,)]
    assert rows(captured.archive, "SELECT count(*) FROM reprocess_runs") == [(0,)]


def test_an_interrupted_reprocess_resumes_where_it_stopped(
    captured: Captured, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reprocess_run, "BATCH", 3)
    job = reprocess(captured.archive)

    def stop(progress: reprocess_run.Progress) -> None:
        raise KeyboardInterrupt

    job.on_progress = stop
    with pytest.raises(KeyboardInterrupt):
        job.run()
    ((done, last),) = rows(captured.archive, "SELECT pages, last_capture_id FROM reprocess_runs")
    assert done == 3 and last == 3
    seen: list[reprocess_run.Progress] = []
    job = reprocess(captured.archive)
    job.on_progress = seen.append
    tally = job.run()
    assert seen[-1].resumed_from == 3 and seen[-1].done == seen[-1].total == 5
    assert tally.pages == 8 and tally.added == len(captured.articles)
    assert rows(
        captured.archive, "SELECT count(*), max(finished_at IS NOT NULL) FROM reprocess_runs"
    ) == [(1, 1)]


def test_reprocess_bad_input_is_one_line(tmp_path: Path, captured: Captured) -> None:
    result = cli("reprocess", "--archive", str(tmp_path / "none.db"))
    assert result.returncode == 1 and result.stderr.startswith("Error: no archive at")
    result = cli("reprocess", "--archive", str(captured.archive), "--since", "last week")
    assert result.returncode == 2 and "--since 'last week'" in result.stderr
    (captured.archive.parent / "warc" / WARC_FILE).write_bytes(b"not a warc")
    result = cli(
        "reprocess", "--archive", str(captured.archive), "-s", "GOVCRAWL_EXTRACT_WORKERS=0"
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_lookup_by_url_and_time(captured: Captured) -> None:
    url = BASE + pages.article_path(captured.articles[0])  # type: ignore[arg-type]
    db = connect(captured.archive, readonly=True)
    (capture,) = lookup(db, url, "2025-03")
    assert capture.timestamp == "20250301020000" and capture.status == 200
    assert lookup(db, url + "#top") == [capture]  # the canonical URL
    result = cli("captures", url, "--archive", str(captured.archive), "--format", "cdxj")
    key, stamp, fields = result.stdout.split(" ", 2)
    assert key.startswith("1,0,0,127:8089)/") and stamp == "20250301020000"
    assert json.loads(fields)["filename"] == WARC_FILE
    index = cli("captures", "--all", "--archive", str(captured.archive), "--format", "cdxj").stdout
    lines = index.splitlines()
    assert len(lines) == 2 + len(captured.articles) and lines == sorted(lines)
    assert (
        cli("captures", url, "--archive", str(captured.archive), "--closest", "soon").returncode
        == 1
    )


def test_wacz_export_captures_and_the_api_follow_the_warc_folder(
    captured: Captured, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GOVCRAWL_WARC_DIR (or --warc-dir) is where the crawl wrote: every reader looks there."""
    monkeypatch.delenv("GOVCRAWL_WARC_DIR", raising=False)
    reprocess(captured.archive).run()
    elsewhere = tmp_path / "elsewhere"
    (captured.archive.parent / "warc").rename(elsewhere)
    archive, url = str(captured.archive), BASE + pages.article_path(captured.articles[0])  # type: ignore[arg-type]
    output = tmp_path / "portal.wacz"
    lost = cli("export", "--archive", archive, "--format", "wacz", "-o", str(output))
    assert lost.returncode == 1 and "is the WARC folder elsewhere?" in lost.stderr
    assert len(lost.stderr.strip().splitlines()) == 1 and not output.exists()
    found = cli("export", "--archive", archive, "--format", "wacz", "-o", str(output),
                "--warc-dir", str(elsewhere))  # fmt: skip
    assert found.returncode == 0, found.stderr
    monkeypatch.setenv("GOVCRAWL_WARC_DIR", str(elsewhere))
    output.unlink()
    assert (
        cli("export", "--archive", archive, "--format", "wacz", "-o", str(output)).returncode == 0
    )
    table = cli("captures", url, "--archive", archive).stdout
    assert f" {elsewhere / WARC_FILE}@" in table
    (line,) = cli("captures", url, "--archive", archive, "--format", "jsonl").stdout.splitlines()
    fields = json.loads(line)
    assert fields["warc_path"] == str(elsewhere / WARC_FILE) and fields["warc_file"] == WARC_FILE
    assert fields["run_id"] == 1 and fields["timestamp"] == "20250301020000"
    cdxj = cli("captures", url, "--archive", archive, "--format", "cdxj").stdout
    assert json.loads(cdxj.split(" ", 2)[2])["filename"] == WARC_FILE  # relative, as pywb's
    with open_archive(captured.archive) as api:
        assert api.warc_folder == elsewhere
        (capture,) = api.lookup(url)
        assert isinstance(capture, CaptureRow) and capture.path(api.warc_folder).is_file()
        assert api.raw_response(1) is not None


def add_attachment(captured: Captured) -> str:
    """Capture a PDF linked from the first article, as a download with attachments on would."""
    url = f"{BASE}/Portals/0/van-ban/ke-hoach-57.pdf"
    db = connect(captured.archive)
    with (captured.archive.parent / "warc" / WARC_FILE).open("ab") as out:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        offset, length, record_id, digest = _record(writer, out, url, b"%PDF-1.4 ...",
                                                    "application/pdf", FETCHED, request=False)  # fmt: skip
    with db.atomic():
        capture = db.execute(
            """INSERT INTO captures (run_id, url, fetched_at, status, content_type, warc_file,
                   offset, length, record_id, record_type, payload_digest)
               VALUES (1, ?, ?, 200, 'application/pdf', ?, ?, ?, ?, 'response', ?)""",
            [url, FETCHED, WARC_FILE, offset, length, record_id, digest],
        ).lastrowid  # fmt: skip
        db.execute("""INSERT INTO attachments (article_id, url, filename, first_seen, capture_id)
                      VALUES ((SELECT min(id) FROM articles), ?, 'ke-hoach-57.pdf', ?, ?)""",
                   [url, FETCHED, capture])  # fmt: skip
    db.close()
    return url


def test_wacz_export_holds_the_articles_records(captured: Captured, tmp_path: Path) -> None:
    """The package's parts (``wacz validate`` and replay: tests/test_reprocess_e2e.py)."""
    reprocess(captured.archive).run()
    attachment = add_attachment(captured)
    (tmp_path / "out").mkdir()
    output = tmp_path / "out" / "portal.wacz"
    result = cli(
        "export", "--archive", str(captured.archive), "--format", "wacz", "-o", str(output)
    )
    assert result.returncode == 0, result.stderr
    records = 2 * len(captured.articles) + 1  # each with its request; the attachment's alone
    assert f"{len(captured.articles)} articles, {records} WARC records" in result.stderr
    assert [p.name for p in output.parent.iterdir()] == ["portal.wacz"]  # the temporary one renamed
    urls = {BASE + pages.article_path(item) for item in captured.articles}  # type: ignore[arg-type]
    with zipfile.ZipFile(output) as package:
        assert {"datapackage.json", "indexes/index.cdx.gz", "pages/pages.jsonl",
                "archive/govcrawl.warc.gz"} <= set(package.namelist())  # fmt: skip
        listed = package.read("pages/pages.jsonl").decode().splitlines()[1:]
        assert {json.loads(line)["url"] for line in listed} == urls
        index = gzip.decompress(package.read("indexes/index.cdx.gz")).decode().splitlines()
        indexed = {json.loads(line.split(" ", 2)[2])["url"] for line in index}
        assert indexed == urls | {attachment}
        warc = package.read("archive/govcrawl.warc.gz")
    kept = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
             r.rec_headers.get_header("WARC-Record-ID"),
             r.rec_headers.get_header("WARC-Concurrent-To"))
            for r in ArchiveIterator(io.BytesIO(warc))]  # fmt: skip
    assert [kind for kind, *_ in kept] == ["warcinfo"] + ["response", "request"] * len(
        captured.articles
    ) + ["response"]
    for (_, url, record_id, _), (_, asked, _, to) in zip(kept[1:-1:2], kept[2::2], strict=True):
        assert (asked, to) == (url, record_id)  # each response followed by its own request
    result = cli("export", "--archive", str(captured.archive), "--format", "wacz")
    assert result.returncode == 1 and "needs --output" in result.stderr
    result = cli("export", "--archive", str(captured.archive), "--format", "wacz",
                 "--since", "2099-01-01", "-o", str(tmp_path / "none.wacz"))  # fmt: skip
    assert result.returncode == 1 and "nothing to export" in result.stderr
    assert not (tmp_path / "none.wacz").exists()
