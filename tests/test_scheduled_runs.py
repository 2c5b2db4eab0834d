"""Scheduled runs end to end: incremental re-crawls, revisits and versions, removed articles,
the archive lock, per-portal crawl_runs, `govcrawl crawl` and `govcrawl status`."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FAST, ROOT, cli, govcrawl, guarded_env, scrapy_crawl
from portals import base, upload_cms, wordpress
from portals.recrawl import recrawl_family

REVISIT_ALL = ["-s", "GOVCRAWL_REVISIT_DAYS=36500", "-s", "GOVCRAWL_REVISIT_INTERVAL_HOURS=0"]


def rows(archive: Path, sql: str, *parameters: object) -> list[sqlite3.Row]:
    with sqlite3.connect(archive) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, parameters).fetchall()


def integrity(archive: Path) -> str:
    with sqlite3.connect(archive) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.mark.e2e
@pytest.mark.parametrize("family", ["wordpress", "sharepoint", "desktopmodule"])
def test_recrawl_fetches_new_articles_and_little_else(family: str, tmp_path: Path) -> None:
    """First crawl; 5 articles published; re-crawl archives all 5; a re-crawl of the unchanged
    portal costs at most 5% of the first crawl's requests."""
    report = recrawl_family(family, tmp_path / "a.db", guarded_env(), count=150, added=5)
    assert report.added_archived == report.added
    assert report.missing == []
    assert report.unchanged_share <= 0.05, report.row()
    walks = [r["walk"] for r in rows(tmp_path / "a.db", "SELECT walk FROM crawl_runs ORDER BY id")]
    assert walks == ["first", "incremental", "incremental"]
    assert (
        rows(
            tmp_path / "a.db", "SELECT count(*) FROM article_urls GROUP BY url HAVING count(*) > 1"
        )
        == []
    )


@pytest.fixture
def wordpress_portal() -> base.FixturePortal:
    return wordpress.build()


def crawl_portal(url: str, archive: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = scrapy_crawl("-a", f"url={url}", "-s", f"GOVCRAWL_ARCHIVE={archive}", *FAST, *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.mark.e2e
def test_revisits_keep_versions_and_mark_removed_articles_gone(
    wordpress_portal: base.FixturePortal, tmp_path: Path
) -> None:
    portal, archive = wordpress_portal, tmp_path / "a.db"
    server, base_url = base.serve(portal)
    try:
        crawl_portal(base_url, archive)
        edited, removed = portal.articles[0], portal.articles[1]
        edited.title += " (cập nhật)"
        edited.paragraphs = [*edited.paragraphs, "Sở đã bổ sung thông tin về kinh phí thực hiện."]
        portal.removed[removed.path] = 410
        crawl_portal(base_url, archive, *REVISIT_ALL)
    finally:
        server.shutdown()
        server.server_close()
    [article] = rows(archive, "SELECT * FROM articles WHERE url LIKE ?", f"%{edited.path}")
    assert article["version"] == 2 and article["title"].endswith("(cập nhật)")
    assert "kinh phí thực hiện" in article["text"] and article["changed_at"]
    [old] = rows(archive, "SELECT * FROM article_versions WHERE article_id = ?", article["id"])
    assert old["version"] == 1 and "kinh phí thực hiện" not in old["text"]
    assert not old["title"].endswith("(cập nhật)")
    assert old["superseded_at"] == article["changed_at"]
    [gone] = rows(archive, "SELECT * FROM articles WHERE url LIKE ?", f"%{removed.path}")
    assert gone["gone_at"] and gone["gone_status"] == 410 and gone["text"]  # kept, never deleted
    run = rows(archive, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert (run["pages_changed"], run["pages_gone"], run["pages_new"]) == (1, 1, 0)
    assert run["status"] == "ok"
    # The index follows the edit: the new words are searchable, accent-free too.
    hits = cli("search", '"kinh phi thuc hien"', "--archive", str(archive), "--format", "jsonl")
    assert [json.loads(line)["url"] for line in hits.stdout.splitlines()] == [article["url"]]
    assert integrity(archive) == "ok"


@pytest.mark.e2e
def test_unchanged_articles_are_revisited_without_new_versions(
    wordpress_portal: base.FixturePortal, tmp_path: Path
) -> None:
    server, base_url = base.serve(wordpress_portal)
    try:
        crawl_portal(base_url, tmp_path / "a.db")
        wordpress_portal.log.clear()
        crawl_portal(base_url, tmp_path / "a.db", *REVISIT_ALL)
    finally:
        server.shutdown()
        server.server_close()
    paths = {path.split("?")[0] for _, path in wordpress_portal.log}
    assert wordpress_portal.article_paths <= paths  # every article fetched again
    assert rows(tmp_path / "a.db", "SELECT * FROM article_versions") == []
    assert rows(tmp_path / "a.db", "SELECT * FROM articles WHERE version > 1") == []


@pytest.mark.e2e
def test_govcrawl_crawl_prints_a_line_per_portal_and_names_failures(tmp_path: Path) -> None:
    first, second = wordpress.build(), wordpress.build()
    servers = [base.serve(first, "127.0.0.1"), base.serve(second, "127.0.0.2")]
    registry = tmp_path / "sites.toml"
    registry.write_text(
        "".join(
            f'[{key}]\nname = "{key}"\nprovince = "Lâm Đồng"\nstart_urls = ["{url}"]\n\n'
            for key, url in (("portal_a", servers[0][1]), ("portal_b", servers[1][1]),
                             ("portal_down", "http://127.0.0.1:9/"))
        ),
        encoding="utf-8",
    )  # fmt: skip
    archive = tmp_path / "a.db"
    try:
        result = govcrawl(
            "crawl", "--registry", str(registry), "--all", "--archive", str(archive),
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0",
            timeout=300,
        )  # fmt: skip
    finally:
        for server, _ in servers:
            server.shutdown()
            server.server_close()
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines[:3]] == [
        ["portal_a", "ok"], ["portal_b", "ok"], ["portal_down", "FAILED"],
    ]  # fmt: skip
    assert "unreachable" in lines[2]
    assert lines[3].startswith("total: 3 portals, 2 ok, 1 failed; 64 new")
    assert result.stderr.strip().splitlines()[-1] == "Error: 1 of 3 portals failed: portal_down"
    runs = rows(archive, "SELECT site, status, run_group, pages_new FROM crawl_runs ORDER BY site")
    assert [(r["site"], r["status"], r["pages_new"]) for r in runs] == [
        ("portal_a", "ok", 32), ("portal_b", "ok", 32), ("portal_down", "failed", 0),
    ]  # fmt: skip
    assert len({r["run_group"] for r in runs}) == 1

    status = cli("status", "--archive", str(archive))
    assert status.returncode == 1
    assert status.stdout.splitlines()[0].split()[:2] == ["site", "articles"]
    assert "portal_down" in status.stderr and "portal_a" not in status.stderr
    health = cli("status", "--archive", str(archive), "--format", "jsonl")
    by_site = {h["site"]: h for h in map(json.loads, health.stdout.splitlines())}
    assert by_site["portal_a"]["articles"] == 32 and not by_site["portal_a"]["stale"]
    assert by_site["portal_down"]["last_success"] is None and by_site["portal_down"]["stale"]


@pytest.mark.e2e
def test_quiet_crawl_into_a_log_file_prints_nothing_when_all_is_well(
    demo_server: str, tmp_path: Path
) -> None:
    log = tmp_path / "crawl.log"
    result = govcrawl(
        "crawl", "--url", demo_server, "--site", "demo", "--archive", str(tmp_path / "a.db"),
        "--log-file", str(log), "--quiet", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "DOWNLOAD_DELAY=0", timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert "Spider closed (finished)" in log.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--site", "atlantis"], "unknown site 'atlantis'"),
        ([], "give --site KEY"),
        (["--province", "Atlantis"], "no site for province 'Atlantis'"),
        (["--url", "http://127.0.0.1:9/", "--site", "demo", "--site", "lam_dong"], "at most one"),
    ],
)
def test_crawl_configuration_errors_exit_2(arguments: list[str], message: str) -> None:
    result = cli("crawl", *arguments)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def wait_for_lock(lock: Path, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists() and f'"pid": {process.pid}' in lock.read_text(encoding="utf-8"):
            return
        assert process.poll() is None, process.communicate()[1][-2000:]
        time.sleep(0.1)
    raise AssertionError("the first crawl never took the lock")


@pytest.mark.e2e
def test_a_second_run_exits_at_once_while_the_first_holds_the_lock(
    demo_server: str, tmp_path: Path
) -> None:
    archive = tmp_path / "a.db"
    slow = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={demo_server}",
            "-s", f"GOVCRAWL_ARCHIVE={archive}", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "DOWNLOAD_DELAY=2"]  # fmt: skip
    first = subprocess.Popen(slow, cwd=ROOT, env=guarded_env(), stderr=subprocess.PIPE, text=True)
    try:
        wait_for_lock(Path(f"{archive}.lock"), first)
        started = time.monotonic()
        second = govcrawl(
            "crawl", "--url", demo_server, "--site", "demo", "--archive", str(archive)
        )
        assert time.monotonic() - started < 30
        assert second.returncode == 75
        [line] = second.stderr.strip().splitlines()
        assert "being crawled by another run" in line and f"PID {first.pid}" in line
        also = scrapy_crawl("-a", f"url={demo_server}", "-s", f"GOVCRAWL_ARCHIVE={archive}")
        assert also.returncode == 75
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=120)
    assert integrity(archive) == "ok"
    assert rows(archive, "SELECT count(*) AS n FROM crawl_runs")[0]["n"] == 1


@pytest.mark.e2e
def test_a_killed_runs_stale_lock_is_taken_over(demo_server: str, tmp_path: Path) -> None:
    archive = tmp_path / "a.db"
    Path(f"{archive}.lock").write_text(
        '{"pid": 999999, "host": "old-host", "started": "2026-01-01T00:00:00+00:00"}'
    )
    result = crawl_portal(demo_server, archive)
    assert "Taking over the lock of a run that ended without releasing it" in result.stderr
    assert "PID 999999 on old-host" in result.stderr
    assert Path(f"{archive}.lock").read_text() == ""  # released at the end


@pytest.mark.e2e
def test_a_run_after_a_failed_one_walks_every_listing(demo_server: str, tmp_path: Path) -> None:
    """Pages an interrupted run never reached are found again: its next walk is full."""
    archive = tmp_path / "a.db"
    crawl_portal(demo_server, archive, "-s", "CLOSESPIDER_PAGECOUNT=8")
    with sqlite3.connect(archive) as conn:  # as a run stopped by a signal records itself
        conn.execute("UPDATE crawl_runs SET status = 'failed', finish_reason = 'shutdown'")
    crawl_portal(demo_server, archive)
    walks = [r["walk"] for r in rows(archive, "SELECT walk FROM crawl_runs ORDER BY id")]
    assert walks == ["first", "full"]
    assert rows(archive, "SELECT count(*) AS n FROM articles")[0]["n"] == 22


@pytest.mark.e2e
def test_a_listing_whose_next_link_never_ends_is_walked_to_its_end_and_no_further(
    tmp_path: Path,
) -> None:
    """41 articles, 8 a page: the 6th page lists one article, and "Trang sau" leads to a 7th,
    8th, ... that repeat it. Every article is archived (no hop limit cuts the listing) and the
    walk stops at the first repeat."""
    saved, base.ARTICLE_COUNT = base.ARTICLE_COUNT, 41
    try:
        portal = upload_cms.build()
    finally:
        base.ARTICLE_COUNT = saved
    server, base_url = base.serve(portal)
    try:
        crawl_portal(base_url, tmp_path / "a.db")
    finally:
        server.shutdown()
        server.server_close()
    listing_pages = {path for _, path in portal.log if path.startswith(upload_cms.LISTING)}
    assert len(listing_pages) <= 7  # 6 pages and the first repeat
    archived = {
        r["url"].split("/", 3)[3] for r in rows(tmp_path / "a.db", "SELECT url FROM article_urls")
    }
    assert {a.path.lstrip("/") for a in portal.articles} <= archived
