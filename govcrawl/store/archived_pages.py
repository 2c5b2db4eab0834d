"""What the archive already holds, as the spider asks it during a scheduled re-crawl.

A re-crawl fetches only what is new or due: it skips links to archived articles (and to their
other URLs), stops walking a listing at the first page whose article links are all archived,
fetches listings when their revisit interval has run out (``listing_revisits``, with the
validators of conditional requests), and re-fetches recently published articles on a
schedule (revisits) to catch edits and removals. Every answer comes
from SQLite (indexed lookups), so memory does not grow with the archive.

The archive pipeline opens them (``open_recrawl``) before it records the crawl's runs, and the
spider asks the pipeline for them once the engine is up: the crawl never opens the archive.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

from govcrawl.items import PageVisit
from govcrawl.store.connection import ArchiveError, connect

logger = logging.getLogger(__name__)
CACHE_KIB = 8192
_VISIT_COLUMNS = ("url, site, kind, checked_at, changed_at, interval_hours, fingerprint, etag, "
                  "last_modified")  # PageVisit's fields, in order  # fmt: skip


class ArchivedPages:
    """Read-only questions about the archive, for one crawl (govcrawl.store.writer does all writing)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        # Point lookups by primary key: a small page cache keeps the crawl's memory flat.
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")

    def is_archived(self, url: str) -> bool:
        """True when ``url`` (canonical) is the URL of an archived article."""
        return self._one("SELECT 1 FROM article_urls WHERE url = ?", url) is not None

    def is_known(self, url: str, since: str) -> bool:
        """True when ``url`` is an archived article's, or a page of an article's URL shape found
        not to be an article at ``since`` or later (an "about" page, a form)."""
        found = self._one(  # one statement: this runs for every link of a re-crawled page
            "SELECT 1 FROM article_urls WHERE url = ?1 UNION ALL "
            "SELECT 1 FROM non_article_pages WHERE url = ?1 AND last_seen >= ?2 LIMIT 1",
            url, since,
        )  # fmt: skip
        return found is not None

    def has_articles(self, site: str) -> bool:
        """True when the archive holds at least one article of ``site`` (not a first crawl)."""
        return self._one("SELECT 1 FROM articles WHERE site = ? LIMIT 1", site) is not None

    def walk(self, site: str, now: datetime, *, full_walk_days: float) -> str:
        """How to walk ``site`` this time: ``first`` (nothing archived), ``full`` (every listing,
        archived articles skipped) or ``incremental`` (listings only as far as new articles).

        A walk is full when the site's last run did not end well (a killed or failed run may
        have left pages undiscovered) or its last full walk is older than ``full_walk_days``
        (it catches articles an incremental walk cannot reach).
        """
        if not self.has_articles(site):
            return "first"
        last = self._one(
            "SELECT status FROM crawl_runs WHERE site = ? ORDER BY id DESC LIMIT 1", site
        )
        if last is None or last[0] != "ok":
            return "full"
        since = (now - timedelta(days=full_walk_days)).isoformat(timespec="seconds")
        recent_full = self._one(
            "SELECT 1 FROM crawl_runs WHERE site = ? AND status = 'ok' AND walk IN ('first', 'full') "
            "AND started_at >= ? LIMIT 1",
            site, since,
        )  # fmt: skip
        return "incremental" if recent_full else "full"

    def due_revisits(self, site: str, now: datetime, *, max_age_days: float,
                     interval_hours: float) -> Iterator[str]:  # fmt: skip
        """URLs of ``site``'s articles young enough to revisit and not fetched for
        ``interval_hours``: published (or, undated, first seen) within ``max_age_days``."""
        if max_age_days <= 0:
            return
        young = (now - timedelta(days=max_age_days)).strftime("%Y-%m-%d")
        stale = (now - timedelta(hours=interval_hours)).isoformat(timespec="seconds")
        rows = self.db.execute(
            """SELECT url FROM articles
               WHERE site = ? AND gone_at IS NULL AND last_seen < ?
                 AND coalesce(published, first_seen) >= ?
               ORDER BY coalesce(published, first_seen) DESC""",
            [site, stale, young],
        )
        for (url,) in rows:
            yield url

    def revisit_state(self, url: str) -> PageVisit | None:
        """What the last visit of ``url`` (canonical) learned: its ``listing_revisits`` row."""
        row = self.db.execute(f"SELECT {_VISIT_COLUMNS} FROM listing_revisits WHERE url = ?",
                              [url]).fetchone()  # fmt: skip
        return PageVisit(*row) if row else None

    def due_listings(self, site: str, now: datetime) -> Iterator[PageVisit]:
        """``site``'s listings (not its archived articles) whose revisit interval has run out by
        ``now``, the longest overdue first."""
        rows = self.db.execute(
            f"""SELECT {_VISIT_COLUMNS} FROM listing_revisits AS r
                WHERE site = ? AND kind = 'page'
                  AND julianday(checked_at) + interval_hours / 24.0 <= julianday(?)
                  AND NOT EXISTS (SELECT 1 FROM article_urls AS u WHERE u.url = r.url)
                ORDER BY julianday(checked_at) + interval_hours / 24.0""",
            [site, now.isoformat(timespec="seconds")],
        )
        for row in rows:
            yield PageVisit(*row)

    def _one(self, sql: str, *parameters: str) -> tuple[object, ...] | None:
        row: tuple[object, ...] | None = self.db.execute(sql, parameters).fetchone()
        return row


@dataclass
class Recrawl:
    """What the archive tells a crawl: how each portal is walked (``first``, ``full`` or
    ``incremental``) and, when it was asked, its answers about pages (``pages``)."""

    walks: dict[str, str]
    pages: ArchivedPages | None = None
    # Non-articles seen since then are known (older ones are checked again on a full walk).
    known_since: str = ""

    def close(self) -> None:
        """Close the read-only connection (at the end of the crawl)."""
        if self.pages is not None:
            self.pages.db.close()
            self.pages = None


def open_recrawl(path: Path, sites: list[str], now: datetime, *, incremental: bool,
                 full_walk_days: float) -> Recrawl:  # fmt: skip
    """How to walk ``sites`` this time, from the archive at ``path`` (read-only); every walk is
    ``first`` when ``incremental`` is off or there is no archive yet. Ask before the crawl's own
    runs are recorded: the walk depends on the last run."""
    recrawl = Recrawl(walks=dict.fromkeys(sites, "first"))
    if not incremental:
        return recrawl
    try:
        recrawl.pages = ArchivedPages(connect(path, readonly=True))
    except ArchiveError:  # no archive yet: a first crawl
        return recrawl
    recrawl.known_since = (now - timedelta(days=full_walk_days)).isoformat(timespec="seconds")
    for site in sites:
        recrawl.walks[site] = recrawl.pages.walk(site, now, full_walk_days=full_walk_days)
        logger.info("%s: %s walk", site, recrawl.walks[site])
    return recrawl
