"""The archive pipeline: articles written to the archive in batched transactions, removed
articles marked gone, pages of an article's URL shape that were not articles remembered, and
the crawl recorded in ``crawl_runs`` (govcrawl.store.runs).

It is also the store component the crawl asks, through Scrapy's component model
(``crawler.get_item_pipeline(ArchivePipeline)``), what the archive already holds of the
portals (``recrawl``: the walk of each, known and due pages). What a crawl covers comes from
the spider's announced plan (govcrawl.items.crawl_plan).

Settings: GOVCRAWL_ARCHIVE (govcrawl.store.connection.archive_path), GOVCRAWL_ARCHIVE_BATCH_SIZE,
GOVCRAWL_RUN_GROUP, GOVCRAWL_FAILED_FINISH_REASONS, GOVCRAWL_INCREMENTAL,
GOVCRAWL_FULL_WALK_DAYS, GOVCRAWL_LISTING_MIN_HOURS, GOVCRAWL_LISTING_MAX_DAYS, GOVCRAWL_NOW.
Stats: ``govcrawl/revisit/listings_dated``, ``govcrawl/archive/new``, ``govcrawl/archive/duplicate``,
``govcrawl/archive/seen``, ``govcrawl/archive/changed``, ``govcrawl/archive/gone``,
``govcrawl/archive/near_duplicate``, ``govcrawl/archive/write_failed``,
``govcrawl/archive/error``, ``govcrawl/archive/index_merges``. Signal: ``pages_archived``.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from govcrawl.clock import Clock
from govcrawl.items import ArticleRecord, FetchedPage, GonePage, NotAnArticle, PageVisit, crawl_plan
from govcrawl.store.archived_pages import Recrawl, open_recrawl
from govcrawl.store.connection import ArchiveError, archive_path, checkpoint, connect
from govcrawl.store.runs import RunBook, RunEnd
from govcrawl.store.writer import ArchiveWriter

logger = logging.getLogger(__name__)

# Sent after each committed batch, with ``urls`` (the items' ``url``): the frontier marks those
# pages done, their results being durable.
pages_archived = object()


class ArchivePipeline:
    """Writes articles to GOVCRAWL_ARCHIVE in batched transactions, marks removed articles gone,
    and records the crawl in ``crawl_runs``: one row per portal, sharing a run group."""

    def __init__(self, crawler: Crawler):
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        settings = crawler.settings
        self.path = archive_path(settings)
        self.batch_size = max(1, settings.getint("GOVCRAWL_ARCHIVE_BATCH_SIZE"))
        self.incremental = settings.getbool("GOVCRAWL_INCREMENTAL")
        self.full_walk_days = settings.getfloat("GOVCRAWL_FULL_WALK_DAYS")
        self.clock = Clock.from_settings(settings)
        self.runs = RunBook(settings.get("GOVCRAWL_RUN_GROUP") or uuid.uuid4().hex[:12], self.clock)
        # Interval bounds of listings first seen, dated at the end (ArchiveWriter.date_new_listings).
        self.listing_hours = (settings.getfloat("GOVCRAWL_LISTING_MIN_HOURS"),
                              settings.getfloat("GOVCRAWL_LISTING_MAX_DAYS") * 24)  # fmt: skip
        self.visits: list[PageVisit] = []  # what the spider learned of listings, not written yet
        self.pending: list[ArticleRecord] = []
        # Pages of an article's URL shape that were not articles: (url, site, reason, time).
        self.non_articles: list[tuple[str, str, str | None, str]] = []
        self.writer: ArchiveWriter | None = None
        self.recrawl: Recrawl | None = None  # what the archive holds of the portals
        self.error: str | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def run_group(self) -> str:
        """The label the crawl's ``crawl_runs`` rows share."""
        return self.runs.run_group

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        """Count a page the crawl expected to be an article and did not archive, by reason;
        remember one with an article's URL shape that extraction found not an article (not a
        "page not found": that may be an article still to be published)."""
        if not isinstance(item, FetchedPage) or not item.article_shaped:
            return
        not_found = isinstance(exception, NotAnArticle) and exception.verdict.startswith(
            "not_found"
        )
        if not not_found:
            reason = (
                exception.verdict.split(": ")[-1]
                if isinstance(exception, NotAnArticle)
                else "dropped"
            )
            self.runs.article_page(item.site, reason)
        if item.url_kind == "article" and isinstance(exception, NotAnArticle) and not not_found:
            self.non_articles.append((item.url, item.site, exception.verdict, item.fetched_at))
            if len(self.non_articles) >= self.batch_size:
                self.flush()

    def open_spider(self) -> None:
        assert self.crawler.spider is not None
        plan = crawl_plan(self.crawler.spider)
        try:
            self.writer = ArchiveWriter(connect(self.path))
        except ArchiveError as error:
            self._fail(f"cannot open the archive: {error}")
            return
        # Before this crawl's runs are recorded: a portal's walk depends on its last run.
        self.recrawl = open_recrawl(
            self.path, [portal.key for portal in plan.portals], self.clock.now(),
            incremental=self.incremental, full_walk_days=self.full_walk_days,
        )  # fmt: skip
        self.runs.start(self.writer.db, plan)
        logger.info("Archiving into %s (crawl run group %s)", self.path, self.run_group)

    def process_item(
        self, item: ArticleRecord | GonePage | PageVisit
    ) -> ArticleRecord | GonePage | PageVisit:
        if self.writer is None:
            raise DropItem(f"archive unavailable, not stored: {item.url}", log_level="ERROR")
        if isinstance(item, PageVisit):
            self.visits.append(item)
            if len(self.visits) >= self.batch_size:
                self.flush()
            return item
        if isinstance(item, GonePage):
            self._mark_gone(item)
            return item
        if item.article_shaped:
            self.runs.article_page(item.site, "archived")
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def _mark_gone(self, page: GonePage) -> None:
        assert self.writer is not None
        try:
            gone = self.writer.mark_gone(page.url, page.status, page.checked_at)
        except ArchiveError as error:
            self._fail(f"archive write failed: {error}")
            return
        if gone:
            self._tally(page.site, "gone")
            logger.warning("Archived article gone (%d): %s", page.status, page.url)

    def flush(self) -> None:
        """Write the pending articles in one transaction (and the non-articles seen)."""
        if self.writer is None:
            return
        try:
            if self.non_articles:
                pages, self.non_articles = self.non_articles, []
                self.writer.note_non_articles(pages)
            if self.visits:
                visits, self.visits = self.visits, []
                self.writer.note_visits(visits)
        except ArchiveError as error:
            self._fail(f"archive write failed: {error}")
            return
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        try:
            outcomes = self.writer.write_records(batch)
        except ArchiveError as error:
            self.stats.inc_value("govcrawl/archive/write_failed", len(batch))
            for record in batch:
                self.stats.inc_value(f"govcrawl/site/{record.site}/write_failed")
            self._fail(f"archive write failed, {len(batch)} articles not stored: {error}")
            return
        for record, outcome in zip(batch, outcomes, strict=True):
            self._tally(record.site, outcome)
        # The frontier marks these pages done: their results are durable now.
        self.crawler.signals.send_catch_log(pages_archived, urls=[r.url for r in batch])

    def _tally(self, site: str, outcome: str) -> None:
        self.runs.tally(site, outcome)
        self.stats.inc_value(f"govcrawl/archive/{outcome}")
        self.stats.inc_value(f"govcrawl/site/{site}/{outcome}")

    def close_spider(self) -> None:
        self.flush()
        if self.writer is None or self.error:
            return
        try:
            dated = self.writer.date_new_listings(*self.listing_hours)
            self.stats.set_value("govcrawl/revisit/listings_dated", dated)
        except ArchiveError as error:  # they are due again at the minimum interval
            logger.warning("new listings not dated: %s", error)
        try:
            self.writer.compact_index()
        except ArchiveError as error:  # the articles are stored; the index merges next time
            logger.warning("near-duplicate index not compacted: %s", error)
        self.stats.set_value("govcrawl/archive/index_merges", self.writer.lsh.merges)

    def _fail(self, error: str) -> None:
        """Log ``error``, keep it for crawl_runs, and close the crawl as ``archive_error``."""
        logger.error("%s", error)
        self.error = self.error or error
        self.stats.set_value("govcrawl/archive/error", error)
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_error"))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.recrawl is not None:
            self.recrawl.close()
        if self.writer is None:
            return
        failed_reasons = set(self.crawler.settings.getlist("GOVCRAWL_FAILED_FINISH_REASONS"))
        end = RunEnd(
            reason=reason, stats=self.stats.get_stats(), failed=reason in failed_reasons,
            error=self.error, walks=self.recrawl.walks if self.recrawl else {},
        )  # fmt: skip
        try:
            self.runs.finish(self.writer.db, end)
        finally:
            checkpoint(self.writer.db)
            self.writer.db.close()
        total = self.runs.total()
        logger.info(
            "Archive %s: %d new, %d changed, %d duplicate, %d seen before, %d gone",
            self.path, total["new"] + total["near_duplicate"], total["changed"],
            total["duplicate"], total["seen"], total["gone"],
        )  # fmt: skip
