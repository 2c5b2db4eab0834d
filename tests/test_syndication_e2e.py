"""Two portals sharing syndicated articles, crawled in two separate runs into one archive: each
republication is its own row pointing at the original (even when the copies were archived
first), nothing else is linked, and `govcrawl dupes` lists the clusters."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import FAST, cli, scrapy_crawl
from portals import syndication
from portals.base import serve

pytestmark = pytest.mark.e2e


def fixture_id(url: str) -> int:
    return int(re.search(r"-(\d+)(?:\.html)?/?$", url).group(1))  # type: ignore[union-attr]


def test_republications_point_at_their_originals(tmp_path: Path) -> None:
    department, provincial, pairs = syndication.build()
    servers = [serve(department, "127.0.0.2")[0], serve(provincial, "127.0.0.3")[0]]
    archive = tmp_path / "govcrawl.db"
    try:
        for portal in (provincial, department):  # the copies are archived first
            result = scrapy_crawl(
                "-a", f"url={portal.base_url}/", "-s", f"GOVCRAWL_ARCHIVE={archive}", *FAST
            )
            assert result.returncode == 0, result.stderr[-2000:]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    with sqlite3.connect(archive) as conn:
        rows = conn.execute("SELECT id, url, duplicate_of FROM articles").fetchall()
    by_fixture = {fixture_id(url): (row_id, duplicate_of) for row_id, url, duplicate_of in rows}
    assert len(rows) == len(department.articles) + len(provincial.articles) == len(by_fixture)
    expected = {copy: by_fixture[original][0] for original, copy in pairs}
    linked = {fid: dup for fid, (_, dup) in by_fixture.items() if dup is not None}
    assert {fid: dup for fid, dup in linked.items()} == expected
    assert all(by_fixture[original][1] is None for original, _ in pairs)

    listed = cli("dupes", "--archive", str(archive), "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    found = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(found) == len(pairs) and all(len(c["members"]) == 2 for c in found)
    assert all(
        c["members"][0]["is_original"] and "127.0.0.2" in c["members"][0]["url"] for c in found
    )
