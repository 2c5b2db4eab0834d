"""One definition of a portal's health: ``govcrawl stats``, ``govcrawl report`` and ``govcrawl
status`` read the same archive the same way (govcrawl.research.runs.PortalHealth)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_record
from lxml import html

from govcrawl.cli import main
from govcrawl.research.archive_stats import collect
from govcrawl.research.runs import portal_health
from govcrawl.store.connection import connect
from govcrawl.store.runs import finish_run, start_run
from govcrawl.store.writer import ArchiveWriter

NOW = datetime.now(UTC)
# What each portal's crawl history should read as: (healthy, last status, ever successful).
EXPECTED = {
    "healthy": (True, "ok", True),
    "last_failed": (False, "failed", True),  # ok before; then every start page failed
    "never_ok": (False, "failed", False),
    "killed": (False, "unfinished", True),
    "many_failed": (False, "ok", True),  # the run finished, but half of its pages failed
    "legacy_row": (True, "ok", True),  # written before crawl_runs had a status column
}
# The fields each command printed before health had one definition: they stay.
STATS_FIELDS = {"site", "runs", "unfinished", "last_started", "last_reason", "pages_new",
                "pages_duplicate", "pages_failed", "healthy"}  # fmt: skip
STATUS_FIELDS = {"site", "articles", "last_run", "last_status", "last_success",
                 "added_last_success", "failures_since_success", "days_since_success",
                 "stale"}  # fmt: skip


def run(writer: ArchiveWriter, site: str, days_ago: float, *, status: str | None = "ok",
        reason: str = "finished", new: int = 10, failed: int = 0) -> None:  # fmt: skip
    """A crawl run of ``site`` that started ``days_ago``; ``status`` None: it never ended."""
    started = (NOW - timedelta(days=days_ago)).isoformat(timespec="seconds")
    run_id = start_run(writer.db, spider="portal", site=site, start_url="u", started_at=started)
    if status is not None:
        finish_run(writer.db, run_id, finished_at=started, reason=reason, stats={},
                          counts={"new": new, "failed": failed}, status=status,
                          error=None if status == "ok" else "unreachable")  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("health") / "govcrawl.db"
    writer = ArchiveWriter(connect(path))
    writer.write_batch([make_record(site="healthy")])
    run(writer, "healthy", 2)
    run(writer, "last_failed", 3)
    run(writer, "last_failed", 1, status="failed", new=0)  # Scrapy "finished"; the portal failed
    run(writer, "never_ok", 1, status="failed", reason="shutdown", new=0)
    run(writer, "killed", 3)
    run(writer, "killed", 1, status=None)
    run(writer, "many_failed", 1, new=5, failed=5)
    writer.db.execute(
        "INSERT INTO crawl_runs (spider, site, started_at, finished_at, finish_reason, pages_new) "
        "VALUES ('portal', 'legacy_row', ?, ?, 'finished', 3)",
        [(NOW - timedelta(days=1)).isoformat(), (NOW - timedelta(days=1)).isoformat()],
    )
    writer.db.conn.commit()
    writer.db.close()
    return path


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.stdout


def test_each_portal_reads_as_expected(archive: Path) -> None:
    health = {h.site: h for h in portal_health(connect(archive, readonly=True), NOW)}
    found = {site: (h.healthy, h.last_status, h.last_success is not None)
             for site, h in health.items()}  # fmt: skip
    assert found == EXPECTED
    assert health["healthy"].articles == 1 and health["healthy"].failures_since_success == 0
    assert health["last_failed"].failures_since_success == 1
    assert health["last_failed"].last_error == "unreachable"
    assert health["never_ok"].stale(7) and not health["last_failed"].stale(7)
    assert health["killed"].unfinished == 1 and health["killed"].runs == 2
    assert health["healthy"].last_started == health["healthy"].last_run  # Archive.stats() users


def test_stats_report_and_status_agree(archive: Path, tmp_path: Path) -> None:
    stats = json.loads(invoke("stats", "--archive", str(archive), "--format", "json"))["crawls"]
    jsonl = invoke("status", "--archive", str(archive), "--format", "jsonl")
    status = [json.loads(line) for line in jsonl.splitlines()]
    report_path = tmp_path / "report.html"
    invoke("report", "--archive", str(archive), "--output", str(report_path))
    rows = html.fromstring(report_path.read_bytes()).xpath(
        "//h2[.='Crawl health']/following-sibling::table[1]//tbody/tr"
    )
    healthy = {site: expected[0] for site, expected in EXPECTED.items()}
    assert {c["site"]: c["healthy"] for c in stats} == healthy
    assert {s["site"]: s["healthy"] for s in status} == healthy
    assert {tr[0].text_content(): tr[-1].text_content() == "ok" for tr in rows} == healthy
    assert all(set(c) >= STATS_FIELDS for c in stats)
    assert all(set(s) >= STATUS_FIELDS for s in status)
    by_site = {s["site"]: s for s in status}
    for crawl in stats:  # the same facts, whichever command printed them
        shown = by_site[crawl["site"]]
        assert {k: v for k, v in crawl.items() if k != "days_since_success"} == {
            k: v for k, v in shown.items() if k not in ("days_since_success", "stale")
        }


def test_stats_hold_the_health_status_computes(archive: Path) -> None:
    stats = collect(connect(archive, readonly=True), now=NOW)
    assert [c.site for c in stats.crawls] == sorted(EXPECTED)
    assert stats.crawls == portal_health(connect(archive, readonly=True), NOW)
