"""Crawl runs: one ``crawl_runs`` row per portal a crawl covers, sharing a run group; started
when the archive pipeline opens, finished with Scrapy's finish reason and stats, the portal's
page counts, a status (``ok`` or ``failed`` and why) and how the portal was walked.

``RunBook`` is the archive pipeline's bookkeeping of one crawl (its rows and per-portal
outcome counts); ``start_run`` and ``finish_run`` are the rows' SQL.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from govcrawl.clock import Clock
from govcrawl.items import CrawlPlan

logger = logging.getLogger(__name__)

# Stats summed into a whole crawl's ``pages_failed`` (a run of a plan without portals).
CRAWL_FAILURE_STATS = ("retry/max_reached", "httperror/response_ignored_count",
                       "govcrawl/extract/unparseable", "govcrawl/archive/write_failed")  # fmt: skip
# Per-portal stats (``govcrawl/site/<key>/<name>``) summed into a portal's ``pages_failed``.
PORTAL_FAILURE_STATS = ("failed", "http_error", "unparseable", "write_failed")


def utc_now() -> str:
    """Return the current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def start_run(db: sqlite_utils.Database, *, spider: str, site: str | None,
              start_url: str | None, started_at: str, run_group: str | None = None) -> int:  # fmt: skip
    """Record the start of a crawl of one portal; return its ``crawl_runs.id``.

    The rows of the portals crawled by one process share ``run_group``.
    """
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO crawl_runs (spider, site, start_url, started_at, run_group) "
            "VALUES (?, ?, ?, ?, ?)",
            [spider, site, start_url, started_at, run_group],
        )
    return int(cursor.lastrowid or 0)


def finish_run(db: sqlite_utils.Database, run_id: int, *, finished_at: str, reason: str,
               stats: dict[str, Any], counts: dict[str, int], status: str = "ok",
               error: str | None = None, walk: str | None = None,
               article_pages: Counter[str] | None = None) -> None:  # fmt: skip
    """Record how crawl ``run_id`` ended: Scrapy's finish reason and stats, the page counts
    (``new``, ``duplicate``, ``failed``, ``changed``, ``gone``, ``requests``), and
    ``status`` ``ok``, ``failed`` or ``suspect`` with the ``error`` that says why, how the
    portal was ``walk``ed (govcrawl.store.archived_pages), and what became of the pages it
    expected to be articles (``article_pages``: ``archived`` or a drop reason -> count)."""
    pages = article_pages or Counter()
    drops = {reason: n for reason, n in pages.most_common() if reason != "archived"}
    with db.atomic():
        db.execute(
            """UPDATE crawl_runs SET finished_at = ?, finish_reason = ?, stats = ?,
                   pages_new = ?, pages_duplicate = ?, pages_failed = ?, pages_changed = ?,
                   pages_gone = ?, requests = ?, status = ?, error = ?, walk = ?,
                   article_pages = ?, article_pages_archived = ?, article_drops = ?
               WHERE id = ?""",
            [finished_at, reason, json.dumps(stats, default=str, sort_keys=True),
             counts.get("new", 0), counts.get("duplicate", 0), counts.get("failed", 0),
             counts.get("changed", 0), counts.get("gone", 0), counts.get("requests", 0),
             status, error, walk, pages.total(), pages["archived"],
             json.dumps(drops, ensure_ascii=False) if drops else None, run_id],
        )  # fmt: skip


# A run is suspect when it archived none of this many pages it expected to be articles, or
# under half of them (of at least SUSPECT_MIN_SHARE_PAGES): its extraction, not the portal,
# is likely wrong, and nothing else would say so (the crawl itself ended well).
SUSPECT_MIN_PAGES = 10
SUSPECT_MIN_SHARE_PAGES = 4
SUSPECT_SHARE = 0.5
# Top drop reasons named in a suspect run's error.
SUSPECT_REASONS = 3


def suspect(article_pages: Counter[str]) -> str | None:
    """Why a run whose expected articles were mostly dropped is suspect, or None."""
    expected, archived = article_pages.total(), article_pages["archived"]
    if not (
        (expected >= SUSPECT_MIN_PAGES and archived == 0)
        or (expected >= SUSPECT_MIN_SHARE_PAGES and archived < SUSPECT_SHARE * expected)
    ):
        return None
    drops = [(r, n) for r, n in article_pages.most_common() if r != "archived"]
    reasons = ", ".join(f"{reason} {n}" for reason, n in drops[:SUSPECT_REASONS])
    return f"suspect: {archived} of {expected} article pages archived (dropped as {reasons})"


@dataclass
class RunEnd:
    """How a crawl ended, as its runs record it."""

    reason: str  # Scrapy's finish reason
    stats: dict[str, Any]
    failed: bool  # the reason is one of GOVCRAWL_FAILED_FINISH_REASONS
    error: str | None = None  # the archive's error, when there was one
    walks: dict[str, str] = field(default_factory=dict)  # portal key -> walk


class RunBook:
    """The ``crawl_runs`` rows of one crawl, and its outcome counts per portal."""

    def __init__(self, run_group: str, clock: Clock | None = None):
        self.run_group = run_group
        self.clock = clock or Clock()  # GOVCRAWL_NOW: the crawl's time
        self.run_ids: dict[str | None, int] = {}  # portal key (None: the whole crawl) -> row
        self.plan: CrawlPlan | None = None
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)  # site -> outcome -> n
        # Pages expected to be articles: site -> "archived" or the reason they were dropped -> n
        self.article_pages: dict[str, Counter[str]] = defaultdict(Counter)

    def start(self, db: sqlite_utils.Database, plan: CrawlPlan) -> None:
        """Record the start of every portal of ``plan`` (one row for a plan without portals)."""
        self.plan = plan
        started_at = self.clock.stamp()
        runs: list[tuple[str | None, tuple[str, ...]]] = [
            (portal.key, portal.start_urls) for portal in plan.portals
        ] or [(None, plan.start_urls)]
        for key, start_urls in runs:
            self.run_ids[key] = start_run(
                db, spider=plan.spider, site=key, start_url=" ".join(start_urls),
                started_at=started_at, run_group=self.run_group,
            )  # fmt: skip

    def tally(self, site: str, outcome: str) -> None:
        """Count one page's archive outcome (``new``, ``gone``...) for portal ``site``."""
        self.counts[site][outcome] += 1

    def article_page(self, site: str, outcome: str) -> None:
        """Count a page expected to be an article: ``archived``, or why it was dropped."""
        self.article_pages[site][outcome] += 1

    def finish(self, db: sqlite_utils.Database, end: RunEnd) -> None:
        """Record how each run ended; a bookkeeping failure is logged, never raised."""
        unreachable = set(self.plan.unreachable(end.stats)) if self.plan else set()
        try:
            for key, run_id in self.run_ids.items():
                status, error = "ok", end.error
                if end.failed:
                    status, error = "failed", error or f"crawl stopped: {end.reason}"
                elif key in unreachable:
                    status, error = "failed", "unreachable: every start page failed"
                elif (alarm := suspect(self._article_pages(key))) is not None:
                    status, error = "suspect", alarm
                finish_run(
                    db, run_id, finished_at=self.clock.stamp(), reason=end.reason, stats=end.stats,
                    counts=self.run_counts(key, end.stats), status=status, error=error,
                    walk=end.walks.get(key) if key is not None else None,
                    article_pages=self._article_pages(key),
                )  # fmt: skip
        except sqlite3.Error as error:  # the run row is bookkeeping: never mask the crawl result
            logger.error(
                "Could not record the end of crawl run group %s: %s", self.run_group, error
            )

    def _article_pages(self, key: str | None) -> Counter[str]:
        if key is None:
            return sum(self.article_pages.values(), Counter())
        return self.article_pages[key]

    def total(self) -> Counter[str]:
        """Outcome counts of the whole crawl."""
        return sum(self.counts.values(), Counter())

    def run_counts(self, key: str | None, stats: dict[str, Any]) -> dict[str, int]:
        """The crawl_runs counts of portal ``key`` (None: every page of the crawl)."""
        counts = self.counts[key] if key is not None else self.total()
        if key is None:
            failed = sum(int(stats.get(name, 0)) for name in CRAWL_FAILURE_STATS)
            requests = int(stats.get("downloader/request_count", 0))
        else:
            prefix = f"govcrawl/site/{key}/"
            failed = sum(int(stats.get(prefix + name, 0)) for name in PORTAL_FAILURE_STATS)
            requests = int(stats.get(prefix + "requests", 0))
        return {
            "new": counts["new"] + counts["near_duplicate"],
            "duplicate": counts["duplicate"] + counts["seen"],
            "changed": counts["changed"], "gone": counts["gone"],
            "failed": failed, "requests": requests,
        }  # fmt: skip
