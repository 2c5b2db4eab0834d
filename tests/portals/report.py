"""Crawl a fixture portal for real and measure discovery: recall, non-article rows, trap
requests, robots violations, requests per article."""

from __future__ import annotations

import importlib
import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

FAMILIES = (
    "liferay",
    "sharepoint",
    "kenhtin",
    "desktopmodule",
    "upload_cms",
    "newspaper_cms",
    "dotnetnuke",
    "joomla",
    "drupal",
    "generic",
    "wordpress",
)
# Families whose fixture has non-article rows because of a weakness outside their platform
# profile: the end-to-end test expects them (and fails once they are gone, to drop the entry).
KNOWN_GAPS: dict[str, str] = {}
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Report:
    family: str
    articles: int
    archived: int
    recall: float
    non_articles: int
    requests: int
    trap_requests: int
    robots_violations: int
    stats: dict
    gaps: list[float]  # seconds between consecutive requests the portal served

    @property
    def requests_per_article(self) -> float:
        return self.requests / self.articles

    def row(self) -> str:
        return (f"{self.family:<14} {self.articles:>8} {self.recall:>7.1%} {self.non_articles:>12} "
                f"{self.trap_requests:>14} {self.robots_violations:>17} {self.requests_per_article:>13.2f}")  # fmt: skip


HEADER = f"{'family':<14} {'articles':>8} {'recall':>7} {'non-article':>12} {'trap requests':>14} {'robots violations':>17} {'requests/art.':>13}"


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl_family(
    family: str, archive: Path, env: dict[str, str], *extra: str, tls: Any = None
) -> Report:
    """Serve the family's fixture portal (over ``tls``, an SSLContext, if given), crawl it with
    `scrapy crawl portal`, measure."""
    from portals.base import serve

    portal = importlib.import_module(f"portals.{family}").build()
    server, base_url = serve(portal, tls=tls)
    start = portal.start_path
    try:
        command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={base_url.rstrip('/')}{start}",
                   "-s", f"GOVCRAWL_ARCHIVE={archive}", "-s", "AUTOTHROTTLE_ENABLED=False",
                   "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO", *extra]  # fmt: skip
        result = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
        )
    finally:
        server.shutdown()
        server.server_close()
    if result.returncode != 0:
        raise RuntimeError(f"crawl of {family} failed:\n{result.stderr[-3000:]}")
    with sqlite3.connect(archive) as conn:
        urls_by_article: dict[int, set[str]] = {}
        for article_id, url in conn.execute("SELECT article_id, url FROM article_urls"):
            urls_by_article.setdefault(article_id, set()).add(path_and_query(url))
        stats = json.loads(
            conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC").fetchone()[0]
        )
    expected = portal.article_paths
    archived = set().union(*urls_by_article.values()) if urls_by_article else set()
    found = {p for p in expected if p in archived}
    non_articles = sum(1 for paths in urls_by_article.values() if not paths & expected)
    return Report(
        family=family, articles=len(expected), archived=len(found), recall=len(found) / len(expected),
        non_articles=non_articles, requests=portal.requests(), trap_requests=portal.trap_requests(),
        robots_violations=portal.robots_violations(), stats=stats,
        gaps=[b - a for a, b in zip(portal.times, portal.times[1:], strict=False)],
    )  # fmt: skip
