"""Scheduled re-crawls of a fixture portal, for real: a first crawl, a re-crawl after the portal
published new articles, and a re-crawl of the unchanged portal; requests counted by the portal."""

from __future__ import annotations

import importlib
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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
                            timeout=600, check=False)  # fmt: skip
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
