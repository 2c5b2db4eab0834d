"""Nightly re-crawls of a small generated portal (the ten-year portals' shapes: date and tag
archives, search pages, redirecting aliases, print views, validators), crawled for real four
times with the crawl's clock set: first, after 5 new articles, unchanged a day later and a
week after that (tests/portals/recrawl.py; the 1,200-article portals are the benchmark's)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import guarded_env
from portals.recrawl import recrawl_tenyear

SMALL = {"years": 1, "categories": 3, "tags": 14}


@pytest.mark.e2e
def test_an_unchanged_portal_costs_a_handful_of_requests(tmp_path: Path) -> None:
    """WordPress: ``/?s=`` search links, ``/?p=N`` redirects, print views, monthly archives,
    tag pages, a sitemap index with ``<lastmod>``, a feed with dates, ETags."""
    report = recrawl_tenyear("wordpress", tmp_path / "a.db", guarded_env(), count=40, added=5,
                             **SMALL)  # fmt: skip
    runs = report.runs
    assert report.added_archived == report.added, report.row()
    assert all(run.search == 0 for run in runs.values()), report.row()
    assert all(run.aliases == 0 for run in runs.values()), report.row()
    assert runs["unchanged"].requests <= report.bar, report.row()
    assert runs["week_later"].requests <= report.bar, report.row()
    assert runs["unchanged"].requests < runs["first"].requests / 5, report.row()
    with sqlite3.connect(tmp_path / "a.db") as conn:
        walks = [walk for (walk,) in conn.execute("SELECT walk FROM crawl_runs ORDER BY id")]
        listings = conn.execute("SELECT count(*) FROM listing_revisits WHERE kind = 'page'")
        assert listings.fetchone()[0] > 0
    assert walks == ["first", "incremental", "incremental", "incremental"]
