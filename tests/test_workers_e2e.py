"""Extraction in worker processes during real crawls: every article archived, the path each
took recorded, and no worker outliving its crawl however the crawl ends."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from conftest import FAST, ROOT, guarded_env, scrapy_crawl

from govcrawl.extract.workers import WorkerPool, worker_count

sys.path.insert(0, str(ROOT / "benchmarks"))
import speed_portal

ARTICLES = 40


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A synthetic portal of ARTICLES heavy article pages on 127.0.0.1; its base URL."""
    built = speed_portal.build(tmp_path_factory.mktemp("portal"), ARTICLES)
    server, port = speed_portal.serve_in_thread(built.root)
    base_url = f"http://127.0.0.1:{port}"
    speed_portal.finish(built, base_url)
    yield base_url
    server.shutdown()
    server.server_close()


def test_worker_count() -> None:
    assert worker_count("auto") >= 1
    assert worker_count("0") == 0
    assert worker_count(3) == 3


def rows(archive: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(archive) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.e2e
@pytest.mark.parametrize("workers", ["2", "0"])
def test_every_article_is_archived_with_its_extraction_path(
    portal: str, tmp_path: Path, workers: str
) -> None:
    archive = tmp_path / "govcrawl.db"
    result = scrapy_crawl(
        "-a", f"url={portal}/", "-s", f"GOVCRAWL_ARCHIVE={archive}",
        "-s", f"GOVCRAWL_EXTRACT_WORKERS={workers}", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        *FAST,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    paths = dict(rows(archive, "SELECT extraction_path, count(*) FROM articles GROUP BY 1"))
    assert sum(paths.values()) == ARTICLES
    assert paths.get("induced", 0) >= ARTICLES // 2
    (stats,) = rows(archive, "SELECT stats FROM crawl_runs")[0]
    stats = json.loads(stats)
    assert stats["govcrawl/extract/path_induced"] == paths["induced"]
    assert stats["govcrawl/induction/min_f1"] >= 0.98
    assert "govcrawl/induction/dropped" not in stats
    # Articles lead nowhere new: their ~100 links each are never extracted.
    assert stats["govcrawl/discovery/link"] < 10 * len(speed_portal.CATEGORIES) * 20


def children(pid: int) -> list[int]:
    """The processes descending from ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(status.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [child for child, ppid in parents.items() if ppid == parent]
        found += kids
        frontier += kids
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.e2e
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_killed_crawl_leaves_no_worker_behind(portal: str, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={portal}/",
               "-s", f"GOVCRAWL_ARCHIVE={tmp_path / 'govcrawl.db'}", "-s", "DOWNLOAD_DELAY=0.2",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "GOVCRAWL_EXTRACT_WORKERS=2",
               "-s", f"LOG_FILE={tmp_path / 'crawl.log'}"]  # fmt: skip
    crawl = subprocess.Popen(command, cwd=ROOT, env=guarded_env(), stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(descendants := children(crawl.pid)) < 3:  # fork server and 2 workers
            assert crawl.poll() is None and time.monotonic() < deadline, "no workers started"
            time.sleep(0.2)
        crawl.send_signal(signal.SIGKILL)  # by PID
        crawl.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(alive(pid) for pid in descendants) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in descendants if alive(pid)]
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.wait()


def test_a_pool_whose_worker_died_is_replaced() -> None:
    pool = WorkerPool(1)
    pool.start()
    try:
        assert not pool.recover()  # nothing to replace
        executor = pool._executor
        assert executor is not None
        with pytest.raises(BrokenProcessPool):
            executor.submit(os._exit, 1).result(timeout=60)
        assert pool.recover()
        assert pool._executor is not executor
        assert pool._executor is not None
        assert pool._executor.submit(pow, 2, 5).result(timeout=60) == 32
    finally:
        pool.close()
