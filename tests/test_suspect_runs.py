"""A crawl that notices (issue 16): when a portal's pages that should be articles (sitemap and
feed entries, article URLs) are fetched and mostly not archived, the run is ``suspect``:
``govcrawl crawl`` says so on the portal's line with the top drop reasons and exits 1, and
``crawl_runs`` and ``govcrawl status`` record it. Proven here with a classifier made to reject
every article on purpose."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import cli, govcrawl

from govcrawl.store.runs import suspect


@pytest.mark.parametrize(
    ("pages", "alarm"),
    [
        (Counter(short_text=10), "suspect: 0 of 10 article pages archived (dropped as short_text 10)"),
        (Counter(archived=1, teaser_links=5, short_text=2), "suspect: 1 of 8 article pages archived (dropped as teaser_links 5, short_text 2)"),
        (Counter(archived=2, teaser_links=2), None),  # half archived
        (Counter(short_text=3), None),  # too few to judge
        (Counter(archived=30), None),
        (Counter(), None),
    ],
)  # fmt: skip
def test_a_run_is_suspect_when_its_expected_articles_are_mostly_dropped(
    pages: Counter[str], alarm: str | None
) -> None:
    assert suspect(pages) == alarm


def crawl_demo(demo_server: str, archive: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    """`govcrawl crawl` of the demo portal into ``archive``, fast, with ``settings`` (NAME=VALUE)."""
    extra = [argument for setting in settings for argument in ("-s", setting)]
    return govcrawl(
        "crawl", "--url", demo_server, "--site", "demo", "--archive", str(archive),
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", *extra, timeout=180,
    )  # fmt: skip


@pytest.mark.e2e
def test_a_portal_whose_articles_are_all_rejected_is_suspect(
    demo_server: str, tmp_path: Path
) -> None:
    archive = tmp_path / "govcrawl.db"
    # Every article is now "short_text".
    result = crawl_demo(demo_server, archive, "GOVCRAWL_MIN_ARTICLE_CHARS=1000000")
    assert result.returncode == 1, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("demo"))
    assert "SUSPECT" in line and "0 of" in line and "short_text" in line, line
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: 1 of 1 portals failed or are suspect: demo (suspect)"
    )
    with sqlite3.connect(archive) as conn:
        status, expected, archived, drops = conn.execute(
            "SELECT status, article_pages, article_pages_archived, article_drops FROM crawl_runs"
        ).fetchone()
    assert (status, archived) == ("suspect", 0)
    assert expected >= 10 and json.loads(drops)["short_text"] == expected
    health = cli("status", "--archive", str(archive), "--format", "jsonl")
    assert json.loads(health.stdout.splitlines()[0])["last_status"] == "suspect"


@pytest.mark.e2e
def test_a_healthy_crawl_counts_its_article_pages_and_leaves_a_complete_db(
    demo_server: str, tmp_path: Path
) -> None:
    archive = tmp_path / "govcrawl.db"
    result = crawl_demo(demo_server, archive)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(archive) as conn:
        status, expected, archived = conn.execute(
            "SELECT status, article_pages, article_pages_archived FROM crawl_runs"
        ).fetchone()
    assert status == "ok" and expected >= 10 and archived >= expected / 2
    # The .db alone (copied without its -wal, as researchers share it) holds every article.
    alone = tmp_path / "copy" / "govcrawl.db"
    alone.parent.mkdir()
    shutil.copyfile(archive, alone)
    with sqlite3.connect(archive) as conn, sqlite3.connect(alone) as copy:
        total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert total > 0 and copy.execute("SELECT count(*) FROM articles").fetchone()[0] == total
