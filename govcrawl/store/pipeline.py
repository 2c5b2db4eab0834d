"""The archive pipeline: articles written to the archive in batched transactions, removed
articles marked gone, pages of an article's URL shape that were not articles remembered, and
the crawl recorded in ``crawl_runs`` (govcrawl.store.runs).

It is also the store component the crawl asks, through Scrapy's component model
(``crawler.get_item_pipeline(ArchivePipeline)``), what the archive already holds of the
portals (``recrawl``: the walk of each, known and due pages). What a crawl covers comes from
the spider's announced plan (govcrawl.items.crawl_plan).

It keeps the crawl's WARC files (govcrawl.store.warc_writer): the capture middleware
(govcrawl.crawl.capture) hands each exchange to ``capture``; every flush first syncs them and
inserts the ``captures`` rows of the records on disk, so no committed row points at a record
that is not.

Settings: GOVCRAWL_ARCHIVE (govcrawl.store.connection.archive_path), GOVCRAWL_ARCHIVE_BATCH_SIZE,
GOVCRAWL_RUN_GROUP, GOVCRAWL_FAILED_FINISH_REASONS, GOVCRAWL_INCREMENTAL,
GOVCRAWL_FULL_WALK_DAYS, GOVCRAWL_WARC_ENABLED, GOVCRAWL_WARC_DIR, GOVCRAWL_WARC_MAX_BYTES. Stats: ``govcrawl/archive/new``, ``govcrawl/archive/duplicate``,
``govcrawl/archive/seen``, ``govcrawl/archive/changed``, ``govcrawl/archive/gone``,
``govcrawl/archive/near_duplicate``, ``govcrawl/archive/write_failed``,
``govcrawl/archive/error``, ``govcrawl/archive/index_merges``, ``govcrawl/warc/records``,
``govcrawl/warc/revisits``, ``govcrawl/warc/bytes``, ``govcrawl/warc/files``. Signal: ``pages_archived``.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from govcrawl.items import ArticleRecord, FetchedPage, GonePage, NotAnArticle, crawl_plan
from govcrawl.store.archived_pages import Recrawl, open_recrawl
from govcrawl.store.captures import CaptureRow, next_capture_id
from govcrawl.store.connection import ArchiveError, archive_path, checkpoint, connect
from govcrawl.store.runs import RunBook, RunEnd
from govcrawl.store.warc import warc_dir
from govcrawl.store.warc_writer import Exchange, WarcError, WarcLog
from govcrawl.store.writer import ArchiveWriter

logger = logging.getLogger(__name__)

# Captures handed over between two flushes at most (their rows then wait in memory).
CAPTURES_PER_FLUSH = 500

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
        self.runs = RunBook(settings.get("GOVCRAWL_RUN_GROUP") or uuid.uuid4().hex[:12])
        self.pending: list[ArticleRecord] = []
        # Pages of an article's URL shape that were not articles: (url, site, reason, time).
        self.non_articles: list[tuple[str, str, str | None, str, int | None]] = []
        self.writer: ArchiveWriter | None = None
        self.warc_enabled = settings.getbool("GOVCRAWL_WARC_ENABLED")
        self.warc: WarcLog | None = None
        self.unsynced = 0  # captures handed over since the last flush
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
            self.non_articles.append(
                (item.url, item.site, exception.verdict, item.fetched_at, item.capture_id)
            )
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
            self.path, [portal.key for portal in plan.portals], datetime.now(UTC),
            incremental=self.incremental, full_walk_days=self.full_walk_days,
        )  # fmt: skip
        self.runs.start(self.writer.db, plan)
        if self.warc_enabled:
            self.warc = self._open_warc(self.writer)
        logger.info("Archiving into %s (crawl run group %s)", self.path, self.run_group)

    def _open_warc(self, writer: ArchiveWriter) -> WarcLog:
        """The crawl's WARC files: named by its start and first run, ids after the last."""
        run_ids = sorted(self.runs.run_ids.values())
        started = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        settings = self.crawler.settings
        info = {
            "software": f"govcrawl/{version('govcrawl')}",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": self.run_group,
            "govcrawl-runs": " ".join(map(str, run_ids)),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": settings.get("USER_AGENT") or "",
        }  # fmt: skip
        path = self.path
        return WarcLog(
            warc_dir(path, settings), prefix=f"govcrawl-{started}-{run_ids[0]}",
            next_id=next_capture_id(writer.db), info=info,
            max_bytes=settings.getint("GOVCRAWL_WARC_MAX_BYTES"),
            lookup=lambda: sqlite3.connect(path, timeout=10),
        )  # fmt: skip

    def capture(self, exchange: Exchange, site: str | None) -> int | None:
        """Queue ``exchange`` (of portal ``site``) for the WARC files; return its capture id,
        or None when capture is off or failed."""
        if self.warc is None or self.error:
            return None
        run_id = self.runs.run_ids.get(site, self.runs.run_ids.get(None))
        if run_id is None and self.runs.run_ids:
            run_id = min(self.runs.run_ids.values())
        capture_id = self.warc.capture(dataclasses.replace(exchange, run_id=run_id))
        self.unsynced += 1
        if self.unsynced >= CAPTURES_PER_FLUSH:
            self.flush()
        return capture_id

    def process_item(self, item: ArticleRecord | GonePage) -> ArticleRecord | GonePage:
        if self.writer is None:
            raise DropItem(f"archive unavailable, not stored: {item.url}", log_level="ERROR")
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
        if self.warc is not None and not self._sync_captures(self.warc.sync):
            return
        if self.non_articles:
            pages, self.non_articles = self.non_articles, []
            try:
                self.writer.note_non_articles(pages)
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

    def _sync_captures(self, sync: Callable[[], list[CaptureRow]]) -> bool:
        """Insert the ``captures`` rows of the records now on disk; False when that failed."""
        assert self.writer is not None
        self.unsynced = 0
        try:
            rows = sync()
            self.writer.note_captures(rows)
        except (WarcError, ArchiveError) as error:
            if self.warc is not None:
                self.warc.stop()
            self.warc = None
            self._fail(f"archive write failed: {error}")
            return False
        self.stats.inc_value("govcrawl/warc/records", len(rows))
        self.stats.inc_value(
            "govcrawl/warc/revisits", sum(row.record_type == "revisit" for row in rows)
        )
        return True

    def _tally(self, site: str, outcome: str) -> None:
        self.runs.tally(site, outcome)
        self.stats.inc_value(f"govcrawl/archive/{outcome}")
        self.stats.inc_value(f"govcrawl/site/{site}/{outcome}")

    def close_spider(self) -> None:
        self.flush()
        if self.warc is not None:
            warc, self.warc = self.warc, None
            if self._sync_captures(warc.close):
                self.stats.set_value("govcrawl/warc/bytes", warc.bytes_written)
                self.stats.set_value("govcrawl/warc/files", len(warc.files))
        if self.writer is None or self.error:
            return
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
