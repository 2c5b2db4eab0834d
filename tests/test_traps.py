"""Trap guards on hand-built requests: reasons, query shapes, page budgets."""

from __future__ import annotations

import pytest
from conftest import project_crawler
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from govcrawl.crawl.traps import PageBudgetMiddleware, TrapGuardMiddleware, trap_reason


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://x.gov.vn/view_content/737358-a.html/en/en/vi/en/vi", "repeated_segments"),
        ("https://x.gov.vn/en/vi/tin-tuc", "nested_language"),
        ("https://x.gov.vn/" + "a/" * 20, "deep_path"),
        ("https://x.gov.vn/tin?" + "&".join(f"f{i}=1" for i in range(20)), "long_url"),
        ("https://x.gov.vn/x?q=" + "a" * 2000, "long_url"),
        ("https://x.gov.vn/lich-cong-tac/?date=2087-01-01", "calendar"),
        ("https://x.gov.vn/calendar/1970/01", "calendar"),
        ("https://x.gov.vn/tin-tuc?page=3", None),
        ("https://x.gov.vn/lich-cong-tac/?date=2024-05-06", None),
        (
            "https://x.gov.vn/web/guest/tin-tuc?p_p_id=101_INSTANCE_abc&_101_INSTANCE_abc_cur=2",
            None,
        ),
        ("https://x.gov.vn/vi/chuyen-muc/tin-tuc?page=2", None),
    ],
)
def test_trap_reasons(url: str, reason: str | None) -> None:
    assert trap_reason(url, max_length=1024, max_segments=15) == reason


def guard(**settings: object) -> TrapGuardMiddleware:
    return TrapGuardMiddleware.from_crawler(project_crawler(**settings))


def test_faceted_filters_are_bounded_but_paging_is_not() -> None:
    middleware = guard(GOVCRAWL_MAX_QUERY_SHAPES=3)
    pages = [Request(f"https://x.gov.vn/tin?page={n}") for n in range(100)]
    facets = [Request(f"https://x.gov.vn/tin?{name}=1") for name in ("a", "b", "c", "d", "e")]
    kept = list(middleware.process_spider_output(None, pages + facets))  # type: ignore[arg-type]
    assert len(kept) == 100 + 2  # one shape for ?page=, two more before the limit
    assert middleware.crawler.stats.get_value("govcrawl/trap/query_shapes") == 3


def test_calendar_walks_are_cut() -> None:
    middleware = guard(GOVCRAWL_MAX_DATED_PAGES_PER_PATH=3)
    weeks = [Request(f"https://x.gov.vn/lich-cong-tac?date=2025-{m:02d}-01") for m in range(1, 13)]
    assert len(list(middleware.process_spider_output(None, weeks))) == 3  # type: ignore[arg-type]
    assert middleware.crawler.stats.get_value("govcrawl/trap/calendar") == 9


@pytest.mark.parametrize(
    "pattern",
    ["https://x.gov.vn/lich-cong-tac/2019-{m:02d}", "https://x.gov.vn/calendar/month/2025-{m:02d}",
     "https://x.gov.vn/lich-tuan?tuan={m}&nam=2025"],
)  # fmt: skip
def test_calendars_in_paths_and_week_numbers_are_cut(pattern: str) -> None:
    middleware = guard(GOVCRAWL_MAX_DATED_PAGES_PER_PATH=3)
    months = [Request(pattern.format(m=m)) for m in range(1, 10)]
    assert len(list(middleware.process_spider_output(None, months))) == 3  # type: ignore[arg-type]


def test_wordpress_permalinks_are_not_calendars() -> None:
    middleware = guard(GOVCRAWL_MAX_DATED_PAGES_PER_PATH=3)
    posts = [Request(f"https://x.gov.vn/2024/05/{d:02d}/bai-viet-{d}/") for d in range(1, 20)]
    assert len(list(middleware.process_spider_output(None, posts))) == 19  # type: ignore[arg-type]


def test_start_and_sitemap_requests_are_never_traps() -> None:
    middleware = guard()
    start = Request("https://x.gov.vn/en/vi/", meta={"govcrawl_source": "start"})
    assert list(middleware.process_spider_output(None, [start, "an item"])) == [start, "an item"]  # type: ignore[arg-type]


def test_page_budget_per_site() -> None:
    crawler = project_crawler(GOVCRAWL_MAX_PAGES_PER_SITE=2)
    middleware = PageBudgetMiddleware.from_crawler(crawler)
    for n in range(2):
        middleware.process_request(Request(f"https://a.gov.vn/{n}", meta={"govcrawl_site": "a"}))
    middleware.process_request(Request("https://b.gov.vn/", meta={"govcrawl_site": "b"}))
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("https://a.gov.vn/3", meta={"govcrawl_site": "a"}))
    assert crawler.stats.get_value("govcrawl/trap/budget") == 1
