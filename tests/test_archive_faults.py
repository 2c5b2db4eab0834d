"""Issue 9, archive faults not covered elsewhere: a disk that fills up during a real crawl, and
readers holding the archive open while a crawl writes it. (SIGKILL/SIGTERM: test_interrupted_crawl;
locked, read-only and corrupt archives: test_archive and test_cli.)

The full disk is SQLite's ``max_page_count`` on the crawl's own connection, set by a hook the
crawl process imports before running Scrapy's real `scrapy crawl` command line.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FAST, ROOT, guarded_env
from test_interrupted_crawl import assert_consistent, count, start_slow_crawl, wait_for_articles

from govcrawl.demo.server import DemoPortal

pytestmark = pytest.mark.e2e

# The crawl's archive may grow this many pages (4 KiB) past its empty schema, then is full.
SPARE_PAGES = 24
FULL_DISK_HOOK = f"""
import sqlite3, sys
import govcrawl.store.connection as archive
_connect = archive.connect
def connect(path, *, readonly=False):
    db = _connect(path, readonly=readonly)
    if not readonly:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {{pages + {SPARE_PAGES}}}")
    return db
archive.connect = connect
import govcrawl.store.pipeline
govcrawl.store.pipeline.connect = connect
from scrapy.cmdline import execute
execute(["scrapy", *sys.argv[1:]])
"""


def test_a_full_disk_stops_the_crawl_with_a_clear_message(demo_server: str, tmp_path: Path) -> None:
    archive = tmp_path / "govcrawl.db"
    command = [sys.executable, "-c", FULL_DISK_HOOK, "crawl", "portal", "-a", f"url={demo_server}",
               "-s", f"GOVCRAWL_ARCHIVE={archive}", "-s", "GOVCRAWL_ARCHIVE_BATCH_SIZE=1", *FAST]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=guarded_env(), capture_output=True, text=True,
                            timeout=180, check=False)  # fmt: skip
    assert result.returncode == 1, "a crawl that could not archive is a failure for cron"
    assert "Traceback" not in result.stderr
    failed = [line for line in result.stderr.splitlines() if "write failed" in line.lower()]
    assert failed and "database or disk is full" in failed[0], result.stderr[-2000:]
    assert_consistent(archive)
    stored = re.search(r"'govcrawl/archive/new': (\d+)", result.stderr)
    committed = int(stored.group(1)) if stored else 0
    assert committed >= 1, "the disk filled before the first article: raise SPARE_PAGES"
    assert count(archive, "SELECT count(*) FROM articles") == committed  # none lost, none half


def test_readers_during_a_crawl_neither_block_it_nor_see_half_a_batch(
    demo_server: str, tmp_path: Path
) -> None:
    """A reader holding a read transaction the whole crawl (a Datasette page, a long export),
    and searches while it writes: the crawl completes, every search answers."""
    archive = tmp_path / "govcrawl.db"
    process = start_slow_crawl(demo_server, archive)
    reader = None
    try:
        wait_for_articles(process, archive, 1)
        reader = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
        reader.execute("BEGIN")
        seen = reader.execute("SELECT count(*) FROM articles").fetchone()[0]
        while process.poll() is None:
            search = search_process(archive)
            assert search.returncode == 0, search.stderr
            assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == seen
            time.sleep(0.2)
        assert process.returncode == 0
    finally:
        if reader is not None:
            reader.close()
        if process.poll() is None:
            process.kill()
            process.wait()
    assert_consistent(archive)
    assert count(archive, "SELECT count(*) FROM articles") == len(DemoPortal.load().articles)


def search_process(archive: Path) -> subprocess.CompletedProcess[str]:
    """`govcrawl search` as a separate process (a user at a terminal during the crawl)."""
    return subprocess.run(
        [sys.executable, "-m", "govcrawl", "search", "khoa hoc", "--archive", str(archive)],
        cwd=ROOT, env=guarded_env(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
