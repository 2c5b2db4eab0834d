"""What keeping every response as WARC costs on disk, measured in one run.

    .venv/bin/python benchmarks/warc_cost.py              # N = 300 article pages
    .venv/bin/python benchmarks/warc_cost.py --n 1000

A synthetic portal of N article pages (50-120 KB, heavy boilerplate, 20-teaser listings,
robots.txt and a sitemap: benchmarks/speed_portal.py) is served on 127.0.0.1 by a Python server,
then crawled three times into one archive, politeness lifted for the one local host:

1. a first crawl: every page a ``response`` record;
2. a full re-crawl of the unchanged portal (GOVCRAWL_INCREMENTAL=False: every page fetched
   again): every page a ``revisit`` record;
3. a scheduled re-crawl as cron runs it (incremental: listings, robots.txt and the sitemap).

For each: requests, articles archived, records (revisits), WARC bytes written, bytes per request
and per archived article, against the HTML bytes served and the archive file's growth. Then the
compression level of a record's gzip member: bytes and time of level 6 (what govcrawl writes)
against 9 (warcio's own) over the article pages; and the writer's cost per page, split into
what the reactor pays (``WarcLog.capture``: queueing) and what its thread does (digest, records,
compression, write, fsync at the end).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

import speed_portal

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "guard")]

from conftest import guarded_env  # noqa: E402

from govcrawl.store.warc_writer import Exchange, WarcLog  # noqa: E402

CRAWLS = [("first crawl", []), ("full re-crawl", ["-s", "GOVCRAWL_INCREMENTAL=False"]),
          ("cron re-crawl", [])]  # fmt: skip
HEADER = (f"{'crawl':<14} {'requests':>8} {'archived':>8} {'records':>8} {'revisits':>8} "
          f"{'WARC KB':>9} {'B/request':>9} {'B/article':>9} {'.db KB +':>9}")  # fmt: skip


def crawl(base_url: str, archive: Path, extra: list[str]) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={base_url}/",
               "-s", f"GOVCRAWL_ARCHIVE={archive}", "-s", f"LOG_FILE={archive}.log",
               *speed_portal.LIFTED, *extra]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=guarded_env(), check=False)
    if result.returncode != 0:
        raise RuntimeError(f"crawl failed ({result.returncode}); see {archive}.log")


def last_run(archive: Path) -> tuple[int, int, int, int]:
    """Requests, articles archived (new or seen), records and revisits of the last run."""
    with sqlite3.connect(archive) as conn:
        run_id, stats = conn.execute("SELECT id, stats FROM crawl_runs ORDER BY id DESC").fetchone()
        records, revisits = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE record_type = 'revisit') FROM captures "
            "WHERE run_id = ?", [run_id],
        ).fetchone()  # fmt: skip
    stats = json.loads(stats)
    archived = sum(int(stats.get(f"govcrawl/archive/{k}", 0)) for k in ("new", "seen", "changed"))
    return int(stats.get("downloader/request_count", 0)), archived, records, revisits


def compression(pages: list[Path]) -> str:
    """Bytes and time of gzip level 6 and 9 over ``pages``."""
    bodies = [page.read_bytes() for page in pages]
    lines = []
    for level in (6, 9):
        started = time.perf_counter()
        size = 0
        for body in bodies:
            compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
            size += len(compressor.compress(body) + compressor.flush())
        elapsed = time.perf_counter() - started
        lines.append(f"gzip level {level}: {size / len(bodies) / 1024:6.1f} KB a page, "
                     f"{elapsed / len(bodies) * 1000:5.2f} ms a page")  # fmt: skip
    raw = sum(map(len, bodies)) / len(bodies) / 1024
    return f"article pages: {raw:.1f} KB each as served\n" + "\n".join(lines)


def writer_cost(pages: list[Path], folder: Path) -> str:
    """Milliseconds a page of WarcLog.capture (on the reactor) and of the writer's thread."""
    bodies = [page.read_bytes() for page in pages]
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Server", "nginx")]
    log = WarcLog(folder, prefix="bench", next_id=1, max_bytes=10**9, info={"software": "bench"})
    started = time.perf_counter()
    for n, body in enumerate(bodies):
        log.capture(Exchange(f"http://127.0.0.1/{n}", "GET", [("User-Agent", "bench")], b"", 200,
                             headers, body, datetime.now(UTC)))  # fmt: skip
    queued = time.perf_counter() - started
    log.close()
    total = time.perf_counter() - started
    return (f"writer: {queued / len(bodies) * 1000:.3f} ms a page on the reactor (capture), "
            f"{total / len(bodies) * 1000:.2f} ms a page until written and fsync'ed (its thread)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="warc-cost-") as tmp:
        folder = Path(tmp)
        portal = speed_portal.build(folder / "site", args.n)
        server, port = speed_portal.serve_in_thread(portal.root)
        base_url = f"http://127.0.0.1:{port}"
        speed_portal.finish(portal, base_url)
        served = sum(f.stat().st_size for f in portal.root.rglob("*") if f.is_file())
        print(f"N = {args.n} articles; the portal's files: {served / 1024:.0f} KB")
        print(HEADER)
        archive = folder / "archive" / "govcrawl.db"
        archive.parent.mkdir()
        warc, written, db_size = archive.parent / "warc", 0, 0
        try:
            for label, extra in CRAWLS:
                crawl(base_url, archive, extra)
                total = sum(f.stat().st_size for f in warc.glob("*.warc.gz"))
                size = archive.stat().st_size
                requests, archived, records, revisits = last_run(archive)
                grew, written, db_grew, db_size = total - written, total, size - db_size, size
                per_article = f"{grew / archived:.0f}" if archived else "-"
                print(f"{label:<14} {requests:>8} {archived:>8} {records:>8} {revisits:>8} "
                      f"{grew / 1024:>9.0f} {grew / max(1, requests):>9.0f} "
                      f"{per_article:>9} {db_grew / 1024:>9.0f}", flush=True)  # fmt: skip
        finally:
            server.shutdown()
            server.server_close()
        pages = [portal.root / p.lstrip("/") for p in portal.articles]
        print(compression(pages))
        print(writer_cost(pages, folder / "bench-warc"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
