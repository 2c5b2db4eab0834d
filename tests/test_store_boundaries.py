"""Stage boundaries between the crawl and the store: the spider asks the archive pipeline
(found through Scrapy's component model) instead of opening the archive, the crawl announces
its plan instead of being read through getattr, the frontier's connection is the store's, and
the archive path is resolved in one place."""

from __future__ import annotations

import ast
import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import make_record, project_crawler
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from govcrawl.crawl.spiders.portal import PortalSpider
from govcrawl.items import CrawlPlan, crawl_plan
from govcrawl.store.connection import archive_path, connect
from govcrawl.store.frontier_store import open_frontier
from govcrawl.store.pipeline import ArchivePipeline
from govcrawl.store.runs import RunBook, finish_run, start_run
from govcrawl.store.writer import ArchiveWriter

ROOT = Path(__file__).resolve().parent.parent
PORTAL = "http://127.0.0.1:8089/"
KEY = "127.0.0.1:8089"  # the ad-hoc portal's label


def start_requests(spider: PortalSpider) -> list[str]:
    """The URLs of the spider's start requests (its ``start()``, iterated without an engine)."""

    async def collect() -> list[str]:
        return [request.url async for request in spider.start()]

    return asyncio.run(collect())


def test_a_spider_in_a_unit_test_opens_no_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An archive with an article at the default path (archive/govcrawl.db) of the folder.
    monkeypatch.chdir(tmp_path)
    with connect(archive_path(project_crawler().settings)) as db:
        ArchiveWriter(db).write_batch([make_record(site=KEY, url=PORTAL + "tin/1")])
    calls: list[Any] = []
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: calls.append(args))
    crawler = Crawler(PortalSpider, project_crawler().settings.copy_to_dict())
    spider = PortalSpider.from_crawler(crawler, url=PORTAL)
    crawler.stats = MemoryStatsCollector(crawler)
    assert PORTAL in start_requests(spider)
    spider.ask_archive()  # no engine: nothing to ask
    assert calls == []
    assert spider.archive is None and spider.walks == {KEY: "first"}


def archive_crawler(archive: Path, **settings: Any) -> Crawler:
    """A crawler of the portal spider over ``archive`` with its engine built (not started):
    the archive pipeline is its only item pipeline, no download handler is loaded."""
    crawler = project_crawler(
        GOVCRAWL_ARCHIVE=str(archive), DOWNLOAD_HANDLERS={"http": None, "https": None},
        ITEM_PIPELINES={"govcrawl.store.pipeline.ArchivePipeline": 800}, **settings,
    )  # fmt: skip
    crawler.spider = crawler._create_spider(url=PORTAL)
    crawler.engine = crawler._create_engine()
    return crawler


def archived_portal(archive: Path) -> None:
    """An archive holding one article of the portal and a successful first walk of it."""
    with connect(archive) as db:
        ArchiveWriter(db).write_batch([make_record(site=KEY, url=PORTAL + "tin/1")])
        started = datetime.now(UTC).isoformat(timespec="seconds")
        run = start_run(db, spider="portal", site=KEY, start_url=PORTAL, started_at=started)
        finish_run(db, run, finished_at=started, reason="finished", stats={}, counts={},
                   walk="first")  # fmt: skip


def test_the_spider_asks_the_archive_pipeline(tmp_path: Path) -> None:
    archive = tmp_path / "govcrawl.db"
    archived_portal(archive)
    crawler = archive_crawler(archive)
    spider = crawler.spider
    assert isinstance(spider, PortalSpider)
    pipeline = crawler.get_item_pipeline(ArchivePipeline)
    assert pipeline is not None
    pipeline.open_spider()  # the walk is chosen before this crawl's run is recorded
    spider.ask_archive()
    assert spider.walks == {KEY: "incremental"}
    assert spider.archive is not None and spider.archive.is_archived(PORTAL + "tin/1")
    assert list(spider._due_revisits(spider.targets[KEY])) == []  # fetched "today"
    assert crawler.stats is not None
    crawler.stats.set_value(f"govcrawl/site/{KEY}/start_failed", 1)
    pipeline.spider_closed(spider, "finished")
    with sqlite3.connect(archive) as db:
        runs = db.execute("SELECT site, start_url, walk, status, error FROM crawl_runs").fetchall()
    assert runs[-1] == (
        KEY,
        PORTAL,
        "incremental",
        "failed",
        "unreachable: every start page failed",
    )
    assert len(runs) == 2


def test_incremental_off_every_walk_is_a_first_one(tmp_path: Path) -> None:
    archive = tmp_path / "govcrawl.db"
    archived_portal(archive)
    crawler = archive_crawler(archive, GOVCRAWL_INCREMENTAL=False)
    pipeline = crawler.get_item_pipeline(ArchivePipeline)
    assert pipeline is not None and isinstance(crawler.spider, PortalSpider)
    pipeline.open_spider()
    crawler.spider.ask_archive()
    assert crawler.spider.walks == {KEY: "first"} and crawler.spider.archive is None
    pipeline.spider_closed(crawler.spider, "finished")


def test_a_spider_without_a_plan_is_one_run(tmp_path: Path) -> None:
    urls = ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"]
    plan = crawl_plan(Spider(name="plain", start_urls=urls))
    assert plan == CrawlPlan("plain", start_urls=tuple(urls))
    assert plan.sites == ["plain"] and plan.unreachable({}) == []
    with connect(tmp_path / "govcrawl.db") as db:
        runs = RunBook("group")
        runs.start(db, plan)
        row = db.execute("SELECT spider, site, start_url, run_group FROM crawl_runs").fetchone()
    assert row == ("plain", None, "http://127.0.0.1:9/a http://127.0.0.1:9/b", "group")


def test_the_frontier_connection_is_the_stores(tmp_path: Path) -> None:
    store = open_frontier(tmp_path / "new" / "govcrawl.db", max_ops=10)
    try:
        assert store.adopt(["a"]) == {}  # a migrated archive, its frontier table empty
    finally:
        store.close()


def _opens_the_archive(path: Path) -> list[str]:
    """Names through which a module could open the archive itself."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "govcrawl.store.connection":
            found += [alias.name for alias in node.names if alias.name == "connect"]
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "connect"
            and isinstance(node.value, ast.Name)
            and node.value.id == "sqlite3"
        ):
            found.append("sqlite3.connect")
    return found


@pytest.mark.parametrize(
    "module", ["crawl/spiders/portal.py", "crawl/frontier.py", "crawl/middlewares.py",
               "crawl/traps.py", "crawl/extensions.py", "crawl/discovery.py"],
)  # fmt: skip
def test_crawl_components_never_open_the_archive(module: str) -> None:
    assert _opens_the_archive(ROOT / "govcrawl" / module) == []


def test_the_archive_path_is_resolved_in_one_place() -> None:
    assert archive_path(Settings({"GOVCRAWL_ARCHIVE": "x/y.db"})) == Path("x/y.db")
    assert archive_path(Settings()) == Path("archive/govcrawl.db")
    assert archive_path(project_crawler().settings) == Path("archive/govcrawl.db")
