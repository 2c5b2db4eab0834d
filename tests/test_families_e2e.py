"""Every platform family's fixture portal, crawled for real by `scrapy crawl portal`.

Bars (issue: discovery): recall 100%, no non-article rows, no robots.txt violation, trap
requests bounded, at most 1.5 requests per article on a fresh crawl.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import guarded_env
from portals.report import FAMILIES, crawl_family

MAX_REQUESTS_PER_ARTICLE = 1.5
MAX_TRAP_REQUESTS = 3


@pytest.mark.parametrize("family", FAMILIES)
def test_family_portal_is_discovered_completely_and_politely(family: str, tmp_path: Path) -> None:
    report = crawl_family(family, tmp_path / "govcrawl.db", guarded_env())
    assert report.recall == 1.0, f"missed {report.articles - report.archived} articles"
    assert report.non_articles == 0
    assert report.robots_violations == 0
    assert report.trap_requests <= MAX_TRAP_REQUESTS
    assert report.requests_per_article <= MAX_REQUESTS_PER_ARTICLE, report.requests
    assert report.stats[f"govcrawl/platform/{family}"] == 1


def test_robots_crawl_delay_is_honoured(tmp_path: Path) -> None:
    """The SharePoint fixture's robots.txt asks for Crawl-delay: 0.2 (Scrapy alone ignores it)."""
    report = crawl_family("sharepoint", tmp_path / "govcrawl.db", guarded_env())
    assert report.stats["govcrawl/politeness/crawl_delay"] == 0.2
    gaps = sorted(report.gaps[2:])  # after robots.txt was read
    assert gaps[len(gaps) // 2] >= 0.15, "median spacing between requests below the Crawl-delay"
