"""Scheduled re-crawls of a fixture portal, for real: a first crawl, a re-crawl after the portal
published new articles, and a re-crawl of the unchanged portal; requests counted by the portal."""

from __future__ import annotations

import importlib
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portals import base
from portals.report import ROOT, path_and_query


@dataclass
class RecrawlReport:
    family: str
    articles: int  # on the portal after the new ones were published
    first_requests: int
    added: int  # articles published between the first and second crawl
    added_archived: int
    second_requests: int
    unchanged_requests: int
    missing: list[str]  # article paths not archived after the second crawl

    @property
    def unchanged_share(self) -> float:
        """Requests of a re-crawl of the unchanged portal, as a share of the first crawl's."""
        return self.unchanged_requests / self.first_requests

    def row(self) -> str:
        return (f"{self.family:<14} {self.articles:>8} {self.first_requests:>14} "
                f"{self.added_archived:>5}/{self.added:<3} {self.second_requests:>15} "
                f"{self.unchanged_requests:>17} {self.unchanged_share:>7.1%}")  # fmt: skip


HEADER = (f"{'family':<14} {'articles':>8} {'first requests':>14} {'added':>9} "
          f"{'requests after':>15} {'unchanged requests':>17} {'share':>7}")  # fmt: skip


def crawl(url: str, archive: Path, env: dict[str, str], *extra: str) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={url}",
               "-s", f"GOVCRAWL_ARCHIVE={archive}", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO", *extra]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=3600, check=False)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"crawl of {url} failed:\n{result.stderr[-3000:]}")


def archived_paths(archive: Path) -> set[str]:
    with sqlite3.connect(archive) as conn:
        return {path_and_query(url) for (url,) in conn.execute("SELECT url FROM article_urls")}


def recrawl_family(family: str, archive: Path, env: dict[str, str], *, count: int = 150,
                   added: int = 5) -> RecrawlReport:  # fmt: skip
    """Build the family's portal with ``count`` articles, the ``added`` newest held back; crawl;
    publish them; crawl again; crawl the unchanged portal once more.

    Families whose fixture derives an article's URL from its position (Joomla's category in
    ``Itemid``/``catid``) move some articles to another URL when the held-back ones are
    published; their ``missing`` lists those, archived under their first URL."""
    saved, base.ARTICLE_COUNT = base.ARTICLE_COUNT, count
    try:
        portal = importlib.import_module(f"portals.{family}").build()
    finally:
        base.ARTICLE_COUNT = saved
    held = portal.articles[:added]
    del portal.articles[:added]  # in place: the routes read this list
    server, base_url = base.serve(portal)
    url = base_url.rstrip("/") + portal.start_path
    try:
        crawl(url, archive, env)
        first = portal.requests()
        portal.articles[:0] = held
        portal.log.clear()
        crawl(url, archive, env)
        second = portal.requests()
        portal.log.clear()
        crawl(url, archive, env)
        unchanged = portal.requests()
    finally:
        server.shutdown()
        server.server_close()
    archived = archived_paths(archive)
    return RecrawlReport(
        family=family, articles=len(portal.articles), first_requests=first, added=added,
        added_archived=sum(1 for a in held if a.path in archived), second_requests=second,
        unchanged_requests=unchanged,
        missing=sorted(a.path for a in portal.articles if a.path not in archived),
    )  # fmt: skip


@dataclass
class RunCount:
    """One crawl of a ten-year portal, as the portal saw it."""

    requests: int
    search: int  # search-result pages requested
    aliases: int  # requests for another URL of an article archived before this crawl
    refetched: int  # requests for archived articles' own URLs (revisits)

    def cell(self) -> str:
        return f"{self.requests}" + (f" (search {self.search}, alias {self.aliases})"
                                     if self.search or self.aliases else "")  # fmt: skip


@dataclass
class TenYearReport:
    family: str
    articles: int
    runs: dict[str, RunCount]
    added: int
    added_archived: int

    @property
    def bar(self) -> int:
        """The most an unchanged re-crawl may cost: 2% of the first crawl, or 30."""
        return max(round(self.runs["first"].requests * 0.02), 30)

    def row(self) -> str:
        r = self.runs
        return (f"{self.family:<11} {self.articles:>8} {r['first'].cell():>22} {self.added_archived:>3}/{self.added:<3}"
                f"{r['added'].cell():>24} {r['unchanged'].cell():>22} {r['week_later'].cell():>22} {self.bar:>5}")  # fmt: skip


TENYEAR_HEADER = (f"{'family':<11} {'articles':>8} {'first':>22} {'added':>7}{'after 5 new':>24} "
                  f"{'unchanged':>22} {'a week later':>22} {'bar':>5}")  # fmt: skip


def _count(portal: Any, archived_before: set[str]) -> RunCount:
    from portals.tenyear import classify_request

    kinds = [classify_request(portal, logged) for _, logged in portal.log]
    return RunCount(
        requests=len(kinds), search=kinds.count("search"),
        aliases=sum(1 for (_, logged), kind in zip(portal.log, kinds, strict=True)
                    if kind == "alias" and _alias_target(portal, logged) in archived_before),
        refetched=sum(1 for _, logged in portal.log if logged in archived_before),
    )  # fmt: skip


def _alias_target(portal: Any, logged: str) -> str:
    site = portal.site
    return next((a.path for a in portal.articles if logged in site.alias_urls(a)), "")


def recrawl_tenyear(family: str, archive: Path, env: dict[str, str], *, count: int = 1200,
                    added: int = 5, **shape: int) -> TenYearReport:  # fmt: skip
    """Crawl the ten-year portal of ``family`` (``count`` articles, the ``added`` newest held
    back) with the crawl's clock set (GOVCRAWL_NOW): first a day before they are published,
    then a day after (they must all be archived), the unchanged portal a day later and a week
    after that."""
    from datetime import timedelta

    from portals import tenyear

    portal = tenyear.build(family, count, added=added, **shape)
    server, base_url = base.serve(portal)
    url = base_url.rstrip("/") + portal.start_path
    utc_end = tenyear.END - timedelta(hours=7)
    clocks = {"first": -1, "added": 1, "unchanged": 2, "week_later": 9}
    runs: dict[str, RunCount] = {}
    try:
        for name, days in clocks.items():
            if name == "added":
                tenyear.publish(portal)
            before = archived_paths(archive) if archive.exists() else set()
            portal.log.clear()
            now = (utc_end + timedelta(days=days)).isoformat() + "Z"
            crawl(url, archive, env, "-s", f"GOVCRAWL_NOW={now}")
            runs[name] = _count(portal, before)
    finally:
        server.shutdown()
        server.server_close()
    archived = archived_paths(archive)
    held = portal.articles[:added]
    return TenYearReport(family, len(portal.articles), runs, added,
                         sum(1 for a in held if a.path in archived))  # fmt: skip
