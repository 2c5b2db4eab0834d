"""Real `scrapy crawl` runs of a fixture portal through the frontier: stopped by SIGTERM or
killed with SIGKILL halfway, the next run resumes (fewer requests than a full crawl) and the
union is complete, without duplicate rows; complete runs each walk the portal again."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FAST, ROOT, guarded_env, scrapy_crawl
from portals import wordpress
from portals.base import FixturePortal, serve
from portals.report import path_and_query
from test_interrupted_crawl import assert_consistent, count

pytestmark = pytest.mark.e2e

SLOW = ["-s", "DOWNLOAD_DELAY=0.2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "GOVCRAWL_ARCHIVE_BATCH_SIZE=4",
        "-s", "GOVCRAWL_FRONTIER_COMMIT_INTERVAL=0.2"]  # fmt: skip


@pytest.fixture
def portal() -> Iterator[FixturePortal]:
    """The WordPress fixture portal (32 articles) on 127.0.0.1; its request log."""
    site = wordpress.build()
    server, _ = serve(site)
    yield site
    server.shutdown()
    server.server_close()


def crawl(portal: FixturePortal, archive: Path) -> subprocess.CompletedProcess[str]:
    result = scrapy_crawl(
        "-a", f"url={portal.base_url}/", "-s", f"GOVCRAWL_ARCHIVE={archive}", *FAST
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def archived_paths(archive: Path) -> set[str]:
    with sqlite3.connect(archive) as conn:
        return {path_and_query(url) for (url,) in conn.execute("SELECT url FROM article_urls")}


def last_stats(archive: Path) -> dict[str, object]:
    with sqlite3.connect(archive) as conn:
        (stats,) = conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC").fetchone()
    return json.loads(stats)


def stop_halfway(portal: FixturePortal, archive: Path, stop: int) -> None:
    """Crawl slowly, archiving 4 articles per batch; stop the crawl once 8 are archived."""
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={portal.base_url}/",
               "-s", f"GOVCRAWL_ARCHIVE={archive}", "-s", f"LOG_FILE={archive}.log", *SLOW]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env=guarded_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 90
        while count(archive, "SELECT count(*) FROM articles") < 8:
            assert process.poll() is None, "the crawl ended before it could be stopped"
            assert time.monotonic() < deadline, "no articles archived in time"
            time.sleep(0.05)
        process.send_signal(stop)  # by PID
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_stopped_crawl_is_resumed_not_restarted(
    portal: FixturePortal, tmp_path: Path, stop: int
) -> None:
    crawl(portal, tmp_path / "reference.db")
    full_crawl = portal.requests()
    assert archived_paths(tmp_path / "reference.db") == portal.article_paths

    archive = tmp_path / "govcrawl.db"
    portal.log.clear()
    stop_halfway(portal, archive, stop)
    assert_consistent(archive)
    first = portal.requests()
    assert count(archive, "SELECT count(*) FROM frontier WHERE state != 'done'") > 0

    portal.log.clear()
    crawl(portal, archive)
    resumed = portal.requests()
    assert_consistent(archive)
    assert archived_paths(archive) == portal.article_paths  # nothing lost
    assert count(archive, "SELECT count(*) FROM articles") == len(portal.articles)  # no duplicate
    assert count(archive, "SELECT count(DISTINCT content_hash) FROM articles") == len(
        portal.articles
    )
    print("requests: full crawl", full_crawl, "stopped run", first, "resumed run", resumed)
    assert resumed < full_crawl, (first, resumed, full_crawl)  # it resumed
    assert ("GET", "/") not in portal.log  # the start page was walked by the stopped run
    assert last_stats(archive)["govcrawl/frontier/resumed"] > 0
    assert count(archive, "SELECT count(*) FROM frontier") == 0  # finished: the crawl is over


def test_complete_runs_each_walk_the_portal(portal: FixturePortal, tmp_path: Path) -> None:
    archive = tmp_path / "govcrawl.db"
    crawl(portal, archive)
    first = portal.requests()
    crawl(portal, archive)
    assert portal.log.count(("GET", "/")) == 2  # duplicates are filtered per run, not forever
    assert portal.requests() - first < first / 4  # incremental: archived articles not fetched
    stats = last_stats(archive)
    assert "govcrawl/frontier/resumed" not in stats
    assert "govcrawl/frontier/unsettled" not in stats  # every row was settled
    assert count(archive, "SELECT count(*) FROM frontier") == 0
