"""Speed of ``govcrawl reprocess`` against a crawl's extraction, side by side in one run.

    .venv/bin/python benchmarks/reprocess_speed.py                 # N = 300 article pages
    .venv/bin/python benchmarks/reprocess_speed.py --sizes 300 1000

For each N: the synthetic portal of the speed benchmark (benchmarks/speed_portal.py: 50-120 KB
article pages, heavy boilerplate, listings, a sitemap) is served on 127.0.0.1 and crawled for
real (``scrapy crawl portal``, WARC capture on, politeness lifted for the one local host); the
server is stopped, then, on the same captured pages:

(a) a crawl's extraction: ``govcrawl.extract.task.process_page`` (what the crawl's extraction
    pipeline runs for each page) over the pages, in memory, in GOVCRAWL_EXTRACT_WORKERS worker
    processes (one per core), as the crawl runs it: pages/s;
(b) ``govcrawl reprocess --force`` over the archive (every capture read from its WARC file,
    replayed, extracted in the same workers, compared and written): pages extracted per second,
    worker start-up included;
(c) the crawl itself, end to end: article pages archived per second of wall time.

(a) is measured before and after (b) and averaged: the machine is shared. The headline is
(b)/(a): re-extraction costs what extraction costs, plus reading the WARC and the writes.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import speed_portal

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "guard")]

from conftest import guarded_env  # noqa: E402

from govcrawl.cli.reprocess import settings_of  # noqa: E402
from govcrawl.extract.pipeline import options_from  # noqa: E402
from govcrawl.extract.task import process_page  # noqa: E402
from govcrawl.extract.workers import WorkerPool, worker_count  # noqa: E402
from govcrawl.items import FetchedPage  # noqa: E402
from govcrawl.reprocess.replay import SiteContext, fetched_page, response_of  # noqa: E402
from govcrawl.reprocess.run import Reprocess, Selection  # noqa: E402
from govcrawl.store.warc import read_capture  # noqa: E402


def crawl(base_url: str, archive: Path) -> float:
    """(c): the real crawl into ``archive``; article pages archived per second of wall time."""
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={base_url}/",
               "-s", f"GOVCRAWL_ARCHIVE={archive}",
               "-s", f"LOG_FILE={archive.parent / 'crawl.log'}", *speed_portal.LIFTED]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=guarded_env(), check=True)
    wall = time.monotonic() - started
    with sqlite3.connect(archive) as conn:
        (archived,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    return float(archived) / wall


def captured_pages(archive: Path) -> list[FetchedPage]:
    """The HTML pages the crawl captured, replayed as the crawl's extraction received them."""
    with sqlite3.connect(archive) as conn:
        rows = conn.execute(
            "SELECT c.id, c.url, c.fetched_at, c.warc_file, c.offset, r.site FROM captures AS c "
            "JOIN crawl_runs AS r ON r.id = c.run_id WHERE c.record_type = 'response' "
            "AND c.status = 200 AND c.content_type LIKE '%html%' ORDER BY c.id"
        ).fetchall()
    sites: dict[str, SiteContext] = {}
    pages = []
    for capture_id, url, fetched_at, warc_file, offset, site in rows:
        captured = read_capture(archive.parent / "warc", warc_file, offset)
        response = response_of(url, captured.status, captured.headers, captured.body)
        page = fetched_page(response, fetched_at, sites.setdefault(site, SiteContext(site)),
                            capture_id)  # fmt: skip
        if page is not None:
            pages.append(page)
    return pages


def extraction(pages: list[FetchedPage], workers: int) -> float:
    """(a): pages/s of process_page over ``pages`` in ``workers`` processes (pool start-up
    included, as in (b))."""
    options = options_from(settings_of(()))
    started = time.monotonic()
    pool = WorkerPool(workers)
    pool.start()
    try:
        futures = [pool.future(process_page, page, options) for page in pages]
        for future in futures:
            future.result()
    finally:
        pool.close()
    return len(pages) / (time.monotonic() - started)


def reprocess(archive: Path) -> tuple[float, int]:
    """(b): ``govcrawl reprocess --force``; pages extracted per second, and their count."""
    job = Reprocess(archive, settings_of(()), Selection(force=True))
    started = time.monotonic()
    tally = job.run()
    extracted = tally.pages - tally.skipped
    return extracted / (time.monotonic() - started), extracted


def measure(n: int) -> str:
    with tempfile.TemporaryDirectory(prefix=f"reprocess-{n}-") as tmp:
        folder = Path(tmp)
        portal = speed_portal.build(folder / "site", n)
        server, port = speed_portal.serve_in_thread(portal.root)
        try:
            base_url = f"http://127.0.0.1:{port}"
            speed_portal.finish(portal, base_url)
            archive = folder / "archive" / "govcrawl.db"
            archive.parent.mkdir()
            crawled = crawl(base_url, archive)
        finally:
            server.shutdown()
            server.server_close()
        pages = captured_pages(archive)
        workers = worker_count(os.environ.get("GOVCRAWL_EXTRACT_WORKERS", "auto"))
        before = extraction(pages, workers)
        replayed, extracted = reprocess(archive)
        after = extraction(pages, workers)
        bound = statistics.mean([before, after])
        return (f"{n:>6} {len(pages):>6} {extracted:>9} {crawled:>9.1f} {bound:>12.1f} "
                f"({before:.1f}/{after:.1f}) {replayed:>10.1f} {replayed / bound:>8.2f} "
                f"{replayed / crawled:>8.2f}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300])
    args = parser.parse_args(argv)
    print(f"{'N':>6} {'pages':>6} {'extracted':>9} {'crawl/s':>9} {'extraction/s':>12} "
          f"{'(a: before/after)':>17} {'reprocess/s':>10} {'b/a':>8} {'b/c':>8}")  # fmt: skip
    for n in args.sizes:
        print(measure(n), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
