"""Issue 9, network faults: one real `scrapy crawl portal` of a hostile portal (every fault case
side by side with good articles, tests/portals/hostile.py) and of three portals whose robots.txt
answers 503, 404 or never. Each case must be counted and contained; the crawl must finish fast,
in bounded memory, with every good article archived; hostile text is stored and shown inert.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner
from conftest import guarded_env
from portals import hostile
from portals.faults import CHECKS, FaultCrawl, crawl_faults

from govcrawl.cli import main

MAX_SECONDS = 45
MAX_MEMORY_GROWTH = 400 * 1024 * 1024  # bytes over startup: 50 MB pages and 200 MB bombs in play
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> FaultCrawl:
    return crawl_faults(tmp_path_factory.mktemp("hostile"), guarded_env())


@pytest.mark.e2e
def test_the_crawl_finishes_quickly_and_cleanly(faults: FaultCrawl) -> None:
    """Exit status 1: two of the four portals are unreachable (robots.txt 5xx and timeout)."""
    assert faults.result.returncode == 1, faults.result.stderr[-3000:]
    assert {key: run["status"] for key, run in faults.runs.items()} == {
        "hostile": "ok", "robots_404": "ok", "robots_5xx": "failed", "robots_timeout": "failed"
    }  # fmt: skip
    assert all(run["finish_reason"] == "finished" for run in faults.runs.values())
    assert faults.seconds < MAX_SECONDS
    assert "Traceback" not in faults.result.stderr
    assert not [key for key in faults.stats if key.startswith("spider_exceptions")]


@pytest.mark.e2e
def test_every_good_article_is_archived(faults: FaultCrawl) -> None:
    assert faults.lost() == []


@pytest.mark.e2e
def test_memory_stays_bounded(faults: FaultCrawl) -> None:
    growth = faults.stats["memusage/max"] - faults.stats["memusage/startup"]
    assert growth < MAX_MEMORY_GROWTH


@pytest.mark.e2e
def test_the_archive_is_intact(faults: FaultCrawl) -> None:
    assert faults.integrity == "ok"


@pytest.mark.e2e
@pytest.mark.parametrize("case", sorted(CHECKS))
def test_fault_case_is_counted_and_contained(faults: FaultCrawl, case: str) -> None:
    relevant = {k: v for k, v in faults.stats.items() if "sitemap" in k or k.startswith("retry")}
    served = {path: n for path, n in Counter(u.split("?", 1)[0] for _, u in faults.main.portal.log).items()
              if "sitemap" in path}  # fmt: skip
    assert CHECKS[case](faults), f"{case}: see tests/portals/faults.py CHECKS; {relevant} {served}"


def test_every_case_of_the_portal_is_checked() -> None:
    assert {c.name for c in hostile.CASES} <= set(CHECKS)


@pytest.mark.e2e
def test_failures_are_in_the_crawl_run_row(faults: FaultCrawl) -> None:
    """The run's stats JSON carries every failure counter; pages_failed is not zero."""
    for key in ("govcrawl/fetch/failed", "govcrawl/fetch/too_large", "govcrawl/fetch/binary",
                "govcrawl/fetch/too_many_redirects", "govcrawl/robots/unreachable",
                "govcrawl/sitemap/invalid", "govcrawl/sitemap/truncated", "retry/max_reached"):  # fmt: skip
        assert faults.stats.get(key, 0) >= 1, key
    assert faults.run["pages_failed"] >= 1


def test_sizes_are_capped_by_the_project_settings() -> None:
    from govcrawl import settings

    assert hostile.BIG_PAGE_BYTES > settings.DOWNLOAD_MAXSIZE > settings.DOWNLOAD_WARNSIZE
    assert hostile.BOMB_BYTES > settings.DOWNLOAD_MAXSIZE


@pytest.mark.e2e
@pytest.mark.parametrize("output", ["table", "jsonl"])
def test_hostile_text_is_shown_inert_by_search(faults: FaultCrawl, output: str) -> None:
    archive = faults.result.args[faults.result.args.index("-s") + 1].split("=", 1)[1]
    result = CliRunner().invoke(
        main, ["search", "onerror", "--archive", archive, "--format", output]
    )
    assert result.exit_code == 0, result.output
    assert not _TERMINAL_CONTROLS.search(result.stdout)
    if output == "jsonl":
        hit = json.loads(result.stdout.splitlines()[0])
        assert hit["title"].startswith(hostile.XSS_TITLE)  # the text, for consumers to escape
    else:
        assert hostile.XSS_TITLE in result.stdout
