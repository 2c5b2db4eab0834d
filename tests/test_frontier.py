"""The frontier scheduler against a temporary archive: order, duplicates, settling, resume."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.http import FormRequest
from scrapy.utils.test import get_crawler

from govcrawl.crawl.frontier import (
    ROW_KEY,
    FrontierScheduler,
    decode_request,
    encode_request,
    pages_archived,
)
from govcrawl.items import AnnouncesCrawlPlan, CrawlPlan, PortalRun


class UnitSpider(Spider, AnnouncesCrawlPlan):
    name = "unit"

    def __init__(self, sites: tuple[str, ...] = ("a",), **kwargs: Any):
        super().__init__(**kwargs)
        self.sites = sites

    def crawl_plan(self) -> CrawlPlan:
        return CrawlPlan(self.name, tuple(PortalRun(site, ()) for site in self.sites))

    def parse_page(self, response: Any) -> None:
        pass

    def on_error(self, failure: Any) -> None:
        pass


def scheduler(archive: Path, sites: tuple[str, ...] = ("a",), **settings: Any) -> FrontierScheduler:
    """An open frontier scheduler over ``archive`` (no commit timer: no reactor here)."""
    crawler = get_crawler(
        UnitSpider,
        settings_dict={
            "GOVCRAWL_ARCHIVE": str(archive), "GOVCRAWL_FRONTIER_ENABLED": True,
            "GOVCRAWL_FRONTIER_COMMIT_INTERVAL": 0, "GOVCRAWL_FRONTIER_COMMIT_OPS": 500,
            **settings,
        },
    )  # fmt: skip
    spider = UnitSpider(sites)
    crawler.spider = spider
    crawler.stats.open_spider()
    frontier = FrontierScheduler.from_crawler(crawler)
    assert isinstance(frontier, FrontierScheduler)
    frontier.open(spider)
    return frontier


def request(path: str, site: str = "a", host: str = "a.example", **kwargs: Any) -> Request:
    meta = {"govcrawl_site": site, "govcrawl_source": "link"}
    return Request(f"https://{host}{path}", meta=meta, **kwargs)


def drain(frontier: FrontierScheduler) -> list[str]:
    """Dequeue everything; each request is processed (released) at once."""
    urls = []
    while (next_request := frontier.next_request()) is not None:
        urls.append(next_request.url)
        frontier.release(next_request.meta[ROW_KEY])
    return urls


def rows(archive: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(archive) as conn:
        return conn.execute("SELECT url, state FROM frontier ORDER BY id").fetchall()


def test_priority_first_then_fifo(tmp_path: Path) -> None:
    frontier = scheduler(tmp_path / "a.db")
    for path, priority in (("/1", 0), ("/2", 1), ("/3", 0), ("/4", -1), ("/5", 1)):
        assert frontier.enqueue_request(request(path, priority=priority))
    assert len(frontier) == 5 and frontier.has_pending_requests()
    assert [u.rsplit("/", 1)[1] for u in drain(frontier)] == ["2", "5", "1", "3", "4"]
    assert not frontier.has_pending_requests()
    stats = frontier.stats.get_stats()
    assert stats["scheduler/enqueued"] == stats["scheduler/dequeued"] == 5


def test_duplicates_are_filtered_unless_dont_filter(tmp_path: Path) -> None:
    frontier = scheduler(tmp_path / "a.db")
    assert frontier.enqueue_request(request("/x"))
    assert not frontier.enqueue_request(request("/x"))  # still buffered
    frontier.store.flush()  # type: ignore[union-attr]
    assert not frontier.enqueue_request(request("/x"))  # in the table
    assert drain(frontier) == ["https://a.example/x"]
    assert not frontier.enqueue_request(request("/x"))  # fetched in this run
    assert frontier.enqueue_request(request("/x", dont_filter=True))
    assert frontier.stats.get_value("dupefilter/filtered") == 3


def test_a_new_higher_priority_request_overtakes_the_loaded_window(tmp_path: Path) -> None:
    frontier = scheduler(tmp_path / "a.db")
    for number in range(5):
        frontier.enqueue_request(request(f"/low{number}", priority=-2))
    assert frontier.next_request().url.endswith("/low0")  # type: ignore[union-attr]
    frontier.enqueue_request(request("/high", priority=3))
    assert drain(frontier)[0].endswith("/high")


def test_hosts_take_turns(tmp_path: Path) -> None:
    frontier = scheduler(tmp_path / "a.db")
    for number in range(3):
        frontier.enqueue_request(request(f"/{number}", host="one.example"))
    for number in range(3):
        frontier.enqueue_request(request(f"/{number}", host="two.example"))
    hosts = [url.split("/")[2] for url in drain(frontier)]
    assert hosts == ["one.example", "two.example"] * 3


def test_no_write_transaction_outlives_a_call(tmp_path: Path) -> None:
    frontier = scheduler(tmp_path / "a.db", GOVCRAWL_FRONTIER_COMMIT_OPS=3)
    conn = frontier.store.conn  # type: ignore[union-attr]
    for number in range(7):
        frontier.enqueue_request(request(f"/{number}"))
        assert not conn.in_transaction
    assert frontier.next_request() is not None
    assert not conn.in_transaction
    # Another connection (the archive writer's) can write at once.
    with sqlite3.connect(tmp_path / "a.db", timeout=0) as other:
        other.execute("INSERT INTO crawl_runs (spider, started_at) VALUES ('x', 'now')")


def test_a_page_with_an_item_is_done_only_once_archived(tmp_path: Path) -> None:
    archive = tmp_path / "a.db"
    frontier = scheduler(archive)
    frontier.enqueue_request(request("/article"))
    frontier.enqueue_request(request("/listing"))
    article = frontier.next_request()
    listing = frontier.next_request()
    assert article is not None and listing is not None
    frontier.expect_item("https://a.example/article", article.meta[ROW_KEY])
    frontier.release(article.meta[ROW_KEY])
    frontier.release(listing.meta[ROW_KEY])
    frontier.store.flush()  # type: ignore[union-attr]
    assert rows(archive) == [
        ("https://a.example/article", "in_flight"),
        ("https://a.example/listing", "done"),
    ]
    frontier.crawler.signals.send_catch_log(pages_archived, urls=["https://a.example/article"])
    frontier.store.flush()  # type: ignore[union-attr]
    assert rows(archive)[0] == ("https://a.example/article", "done")


def test_failed_requests_are_marked(tmp_path: Path) -> None:
    archive = tmp_path / "a.db"
    frontier = scheduler(archive)
    frontier.enqueue_request(request("/gone"))
    failed = frontier.next_request()
    assert failed is not None
    frontier.mark_failed(failed.meta[ROW_KEY])
    frontier.release(failed.meta[ROW_KEY])
    frontier.store.flush()  # type: ignore[union-attr]
    assert rows(archive) == [("https://a.example/gone", "failed")]


def test_a_request_scrapy_dropped_is_released_at_the_next_call(tmp_path: Path) -> None:
    """The fallback when no component released a request: Scrapy no longer holds it."""
    archive = tmp_path / "a.db"
    frontier = scheduler(archive)
    frontier.enqueue_request(request("/page"))
    dropped = frontier.next_request()
    del dropped
    gc.collect()
    assert frontier.next_request() is None  # drains the freed rows
    frontier.store.flush()  # type: ignore[union-attr]
    assert rows(archive) == [("https://a.example/page", "done")]


def test_an_interrupted_run_is_resumed_by_the_next(tmp_path: Path) -> None:
    archive = tmp_path / "a.db"
    first = scheduler(archive)
    for number in range(5):
        first.enqueue_request(request(f"/{number}"))
    first.enqueue_request(request("/other", site="b"))
    done = first.next_request()
    held = first.next_request()  # in flight when the crawl stops
    assert done is not None and held is not None
    first.release(done.meta[ROW_KEY])
    first.close("shutdown")

    second = scheduler(archive)
    assert second.stats.get_value("govcrawl/frontier/resumed") == 4  # 3 pending + 1 in flight
    assert not second.enqueue_request(request("/0"))  # fetched by the first run
    assert not second.enqueue_request(request("/4"))  # queued by the first run
    assert sorted(drain(second)) == [f"https://a.example/{n}" for n in range(1, 5)]
    second.close("finished")
    # Site b's row waits for a run of site b; site a's rows are gone with the finished run.
    assert rows(archive) == [("https://a.example/other", "pending")]
    third = scheduler(archive)
    assert third.enqueue_request(request("/0"))  # a new crawl: fetched again


def test_a_killed_run_leaves_its_rows_for_the_next(tmp_path: Path) -> None:
    """No close at all (SIGKILL): whatever was committed is resumed."""
    archive = tmp_path / "a.db"
    first = scheduler(archive)
    for number in range(3):
        first.enqueue_request(request(f"/{number}"))
    assert first.next_request() is not None  # commits the queue, one in flight
    first.store.conn.close()  # type: ignore[union-attr]
    first.store = None  # the process is gone
    second = scheduler(archive)
    assert len(second) == 3
    assert len(drain(second)) == 3


def test_request_round_trip() -> None:
    spider = UnitSpider()
    original = FormRequest(
        "https://a.example/Trang/tin.aspx", formdata={"__VIEWSTATE": "đ\x00ÿ", "p": "2"},
        callback=spider.parse_page, errback=spider.on_error, priority=-3,
        meta={"govcrawl_site": "a", "depth": 2, "redirect_urls": ["https://a.example/x"]},
        headers={"Referer": "https://a.example/"},
    )  # fmt: skip
    copy = decode_request(encode_request(original, spider), spider)
    assert type(copy) is FormRequest
    assert (copy.url, copy.method, copy.body, copy.priority) == (
        original.url, original.method, original.body, original.priority,
    )  # fmt: skip
    assert copy.callback == spider.parse_page and copy.errback == spider.on_error
    assert copy.meta == original.meta
    assert copy.headers.to_unicode_dict() == original.headers.to_unicode_dict()


def test_unserializable_requests_stay_in_memory(tmp_path: Path) -> None:
    frontier = scheduler(tmp_path / "a.db")
    assert frontier.enqueue_request(Request("https://a.example/", meta={"obj": object()}))
    assert frontier.stats.get_value("govcrawl/frontier/unserializable") == 1
    assert frontier.next_request() is not None


@pytest.mark.parametrize("enabled", [False])
def test_disabled_frontier_is_scrapys_scheduler(tmp_path: Path, enabled: bool) -> None:
    crawler = get_crawler(
        UnitSpider,
        settings_dict={
            "GOVCRAWL_ARCHIVE": str(tmp_path / "a.db"),
            "GOVCRAWL_FRONTIER_ENABLED": enabled,
        },
    )
    assert type(FrontierScheduler.from_crawler(crawler)).__name__ == "Scheduler"


def test_a_retry_or_redirect_settles_the_request_it_continues(tmp_path: Path) -> None:
    archive = tmp_path / "a.db"
    frontier = scheduler(archive)
    frontier.enqueue_request(request("/flaky"))
    frontier.enqueue_request(request("/target"))
    first = frontier.next_request()
    assert first is not None
    assert frontier.enqueue_request(first.replace(dont_filter=True))  # a retry: meta copied
    redirected = frontier.next_request()
    assert redirected is not None
    assert not frontier.enqueue_request(redirected.replace(url="https://a.example/flaky"))
    frontier.store.flush()  # type: ignore[union-attr]
    assert rows(archive) == [
        ("https://a.example/flaky", "done"),  # replaced by its retry
        ("https://a.example/target", "done"),  # redirected to a URL already queued
        ("https://a.example/flaky", "pending"),
    ]
