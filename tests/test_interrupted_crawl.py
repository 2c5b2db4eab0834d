"""A crawl killed or stopped halfway leaves a consistent archive, and the next run completes it."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FAST, ROOT, guarded_env, scrapy_crawl

from govcrawl.demo.server import DemoPortal

pytestmark = pytest.mark.e2e

SLOW = ["-s", "DOWNLOAD_DELAY=0.25", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "GOVCRAWL_ARCHIVE_BATCH_SIZE=1"]  # fmt: skip


def count(archive: Path, sql: str) -> int:
    if not archive.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{archive}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def start_slow_crawl(base_url: str, archive: Path) -> subprocess.Popen[bytes]:
    """Start a crawl that archives one article at a time; its log goes to ARCHIVE.log."""
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={base_url}",
               "-s", f"GOVCRAWL_ARCHIVE={archive}", "-s", f"LOG_FILE={archive}.log", *SLOW]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=guarded_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_for_articles(process: subprocess.Popen[bytes], archive: Path, wanted: int) -> None:
    deadline = time.monotonic() + 90
    while count(archive, "SELECT count(*) FROM articles") < wanted:
        assert process.poll() is None, "the crawl ended before it could be interrupted"
        assert time.monotonic() < deadline, "no articles archived in time"
        time.sleep(0.1)


def assert_consistent(archive: Path) -> None:
    with sqlite3.connect(archive) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        orphans = (
            "SELECT count(*) FROM article_urls WHERE article_id NOT IN (SELECT id FROM articles)"
        )
        assert conn.execute(orphans).fetchone()[0] == 0
        assert (
            conn.execute(
                "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM article_urls)"
            ).fetchone()[0]
            == 0
        )


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM])
def test_interrupted_crawl_is_consistent_and_resumable(
    demo_server: str, tmp_path: Path, stop: int
) -> None:
    archive = tmp_path / "govcrawl.db"
    process = start_slow_crawl(demo_server, archive)
    try:
        wait_for_articles(process, archive, 3)
        committed = count(archive, "SELECT count(*) FROM articles")
        process.send_signal(stop)  # by PID, never by pattern
        returncode = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert_consistent(archive)
    assert count(archive, "SELECT count(*) FROM articles") >= committed
    if stop == signal.SIGKILL:
        assert count(archive, "SELECT count(*) FROM crawl_runs WHERE finished_at IS NULL") == 1
    else:
        assert returncode == 1, "a crawl stopped by a signal is a failure for cron"
        assert (
            count(archive, "SELECT count(*) FROM crawl_runs WHERE finish_reason = 'shutdown'") == 1
        )

    result = scrapy_crawl("-a", f"url={demo_server}", "-s", f"GOVCRAWL_ARCHIVE={archive}", *FAST)
    assert result.returncode == 0, result.stderr[-2000:]
    assert_consistent(archive)
    assert count(archive, "SELECT count(*) FROM articles") == len(DemoPortal.load().articles)
    assert count(archive, "SELECT count(DISTINCT content_hash) FROM articles") == len(
        DemoPortal.load().articles
    )
