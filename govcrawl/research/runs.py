"""What the ``crawl_runs`` table says about scheduled crawls: one run's per-portal summary, and
each portal's health over time (``govcrawl status``)."""

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
    status: str  # ok, failed, or unfinished (killed)
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
        return f"{self.site:<{width}}  FAILED  {counts}  {self.error or self.status}"


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


@dataclass
class PortalHealth:
    """A portal's crawl history, as ``govcrawl status`` shows it."""

    site: str
    articles: int
    last_run: str
    last_status: str
    last_success: str | None
    added_last_success: int | None
    failures_since_success: int
    days_since_success: float | None

    def stale(self, max_days: float) -> bool:
        """True when the portal has not been crawled successfully for ``max_days``."""
        return self.days_since_success is None or self.days_since_success > max_days

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_HEALTH = """
WITH last AS (
    SELECT site, max(id) AS id FROM crawl_runs WHERE site IS NOT NULL GROUP BY site
), success AS (
    SELECT site, max(id) AS id FROM crawl_runs WHERE status = 'ok' GROUP BY site
)
SELECT last.site,
       (SELECT count(*) FROM articles WHERE articles.site = last.site),
       l.started_at, coalesce(l.status, CASE WHEN l.finished_at IS NULL THEN 'unfinished' END, '?'),
       s.finished_at, s.pages_new,
       (SELECT count(*) FROM crawl_runs AS f
        WHERE f.site = last.site AND f.id > coalesce(s.id, 0) AND coalesce(f.status, '') != 'ok')
FROM last JOIN crawl_runs AS l ON l.id = last.id
LEFT JOIN success ON success.site = last.site
LEFT JOIN crawl_runs AS s ON s.id = success.id
ORDER BY last.site
"""


def portal_health(db: sqlite_utils.Database, now: datetime) -> list[PortalHealth]:
    """Every portal the archive has crawl runs of, with its last run and last success."""
    health = []
    for site, articles, last_run, status, success, added, failures in db.execute(_HEALTH):
        days = None
        if success:
            days = (now - datetime.fromisoformat(success)).total_seconds() / 86400
        health.append(
            PortalHealth(site, articles, last_run, status, success, added, failures, days)
        )
    return health
