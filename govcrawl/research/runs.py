"""What the ``crawl_runs`` table says about crawls: one run's per-portal summary, and each
portal's health over time, the one definition used by ``govcrawl status``, ``govcrawl stats``
and the report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlite_utils


@dataclass
class PortalRun:
    """One portal's part of a crawl (a ``crawl_runs`` row).

    A run that never finished (its process killed) recorded no counts: its new, changed and gone
    articles are read from ``articles``; its failed pages and requests are not known (None).
    """

    site: str
    status: str  # ok, failed, suspect (its expected articles mostly dropped), or unfinished
    error: str | None
    walk: str | None
    new: int
    changed: int
    gone: int
    failed: int | None
    requests: int | None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def line(self, width: int) -> str:
        """One line for the crawl summary."""
        failed, requests = (
            "?" if count is None else str(count) for count in (self.failed, self.requests)
        )
        counts = (
            f"{self.new:>5} new {self.changed:>4} changed {self.gone:>4} gone "
            f"{failed:>4} failed {requests:>6} requests"
        )
        if self.ok:
            return f"{self.site:<{width}}  ok      {counts}  ({self.walk or '?'} walk)"
        label = "SUSPECT" if self.status == "suspect" else "FAILED"
        return f"{self.site:<{width}}  {label:<7} {counts}  {self.error or self.status}"


# A finished run's counts are its own; an unfinished one's are what it committed to `articles`.
_GROUP = """
SELECT r.site, coalesce(r.status, 'unfinished'), r.error, r.walk,
       CASE WHEN r.finished_at IS NOT NULL THEN r.pages_new ELSE
           (SELECT count(*) FROM articles AS a
            WHERE a.site = r.site AND a.first_seen >= r.started_at) END,
       CASE WHEN r.finished_at IS NOT NULL THEN coalesce(r.pages_changed, 0) ELSE
           (SELECT count(*) FROM articles AS a
            WHERE a.site = r.site AND a.changed_at >= r.started_at) END,
       CASE WHEN r.finished_at IS NOT NULL THEN coalesce(r.pages_gone, 0) ELSE
           (SELECT count(*) FROM articles AS a
            WHERE a.site = r.site AND a.gone_at >= r.started_at) END,
       CASE WHEN r.finished_at IS NOT NULL THEN r.pages_failed END,
       CASE WHEN r.finished_at IS NOT NULL THEN coalesce(r.requests, 0) END
FROM crawl_runs AS r WHERE r.run_group = ? ORDER BY r.site
"""


def runs_of_group(db: sqlite_utils.Database, run_group: str) -> list[PortalRun]:
    """The portals crawled by the process that labelled its rows ``run_group``."""
    return [PortalRun(*row) for row in db.execute(_GROUP, [run_group]).fetchall()]


# A portal is healthy when its latest run succeeded and at most this share of that run's pages
# failed.
FAILED_SHARE_ALERT = 0.2


@dataclass
class PortalHealth:
    """A portal's crawl history and whether it is healthy: the one definition behind
    ``govcrawl status``, ``govcrawl stats`` and the report's crawl health.

    ``last_*`` and ``pages_*`` describe the latest run; ``last_status`` is ``ok``, ``failed`` or
    ``unfinished`` (running, or killed); ``last_reason`` is Scrapy's finish reason. Times are
    UTC ISO 8601; ``days_since_success`` is None when the portal was never crawled successfully.
    """

    site: str
    articles: int
    last_run: str
    last_status: str
    last_success: str | None
    added_last_success: int | None
    failures_since_success: int
    days_since_success: float | None
    runs: int
    unfinished: int
    last_reason: str | None
    last_error: str | None
    pages_new: int
    pages_duplicate: int
    pages_failed: int

    @property
    def last_started(self) -> str:
        """``last_run`` under the name ``govcrawl stats`` and ``Archive.stats()`` gave it."""
        return self.last_run

    @property
    def failed_share(self) -> float:
        """Failed pages over all pages of the latest run (0.0 when it saw none)."""
        total = self.pages_new + self.pages_duplicate + self.pages_failed
        return self.pages_failed / total if total else 0.0

    @property
    def healthy(self) -> bool:
        """True when the latest run succeeded and few of its pages failed."""
        return self.last_status == "ok" and self.failed_share <= FAILED_SHARE_ALERT

    def stale(self, max_days: float) -> bool:
        """True when the portal has not been crawled successfully for ``max_days``."""
        return self.days_since_success is None or self.days_since_success > max_days

    def as_dict(self) -> dict[str, Any]:
        """The fields, ``last_started`` and ``healthy``."""
        return {**asdict(self), "last_started": self.last_run, "healthy": self.healthy}


# Each run's outcome: the status the archive pipeline recorded (ok, failed from
# GOVCRAWL_FAILED_FINISH_REASONS and unreachable portals, or suspect); for a row without one, unfinished
# while it has no end, else ok when Scrapy finished normally. A run's portal is its registry
# key, else its start URL.
_HEALTH = """
WITH runs AS MATERIALIZED (
    SELECT id, coalesce(site, start_url, '(unknown)') AS portal, started_at, finished_at,
           finish_reason, error, pages_new, pages_duplicate, pages_failed,
           coalesce(status, CASE WHEN finished_at IS NULL THEN 'unfinished'
                                 WHEN finish_reason = 'finished' THEN 'ok' ELSE 'failed' END)
               AS outcome
    FROM crawl_runs
), last AS (
    SELECT portal, max(id) AS id, count(*) AS runs, sum(finished_at IS NULL) AS unfinished
    FROM runs GROUP BY portal
), success AS (
    SELECT portal, max(id) AS id FROM runs WHERE outcome = 'ok' GROUP BY portal
), failures AS (
    SELECT runs.portal, count(*) AS n FROM runs LEFT JOIN success USING (portal)
    WHERE runs.id > coalesce(success.id, 0) AND runs.outcome != 'ok' GROUP BY runs.portal
)
SELECT last.portal AS site,
       (SELECT count(*) FROM articles WHERE articles.site = last.portal) AS articles,
       l.started_at AS last_run, l.outcome AS last_status, s.finished_at AS last_success,
       s.pages_new AS added_last_success, coalesce(failures.n, 0) AS failures_since_success,
       last.runs, last.unfinished, l.finish_reason AS last_reason, l.error AS last_error,
       l.pages_new, l.pages_duplicate, l.pages_failed
FROM last JOIN runs AS l ON l.id = last.id
LEFT JOIN success USING (portal)
LEFT JOIN runs AS s ON s.id = success.id
LEFT JOIN failures USING (portal)
ORDER BY last.portal
"""


def portal_health(db: sqlite_utils.Database, now: datetime) -> list[PortalHealth]:
    """Every portal the archive has crawl runs of, by name: its last run and last success."""
    cursor = db.execute(_HEALTH)
    columns = [description[0] for description in cursor.description]
    health = []
    for row in cursor:
        fields = dict(zip(columns, row, strict=True))
        success = fields["last_success"]
        days = (now - datetime.fromisoformat(success)).total_seconds() / 86400 if success else None
        health.append(PortalHealth(**fields, days_since_success=days))
    return health
