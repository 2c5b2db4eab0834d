"""Item pipelines: extraction and classification, then batched writes to the archive.

Settings: GOVCRAWL_MIN_ARTICLE_CHARS, GOVCRAWL_LANGDETECT_SAMPLE_CHARS, GOVCRAWL_EXTRACT_WORKERS,
GOVCRAWL_INDUCTION_*, GOVCRAWL_ARCHIVE, GOVCRAWL_ARCHIVE_BATCH_SIZE. Stats:
``govcrawl/extract/unparseable``, ``govcrawl/classify/<reason>`` (pages that are not articles),
``govcrawl/extract/articles``, ``govcrawl/extract/path_<path>`` (articles per extraction path),
``govcrawl/induction/<event>``, ``govcrawl/induction/min_f1`` (lowest checked agreement),
``govcrawl/extract/worker_failed`` (pages lost with a worker that died; the pool is restarted),
``govcrawl/archive/new``, ``govcrawl/archive/duplicate``, ``govcrawl/archive/seen``.
"""

from __future__ import annotations

import logging
import sqlite3
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.pipelines.files import FilesPipeline
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future

from govcrawl.archive import ArchiveError, ArchiveWriter, ArticleRecord, connect
from govcrawl.article_task import Options, Outcome, process_page
from govcrawl.items import FetchedPage
from govcrawl.workers import WorkerPool, worker_count

logger = logging.getLogger(__name__)


def utc_now() -> str:
    """Return the current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class ExtractionPipeline:
    """Turns a FetchedPage into an ArticleRecord in a worker process, or drops it (at DEBUG)
    when not an article.

    Pages go to GOVCRAWL_EXTRACT_WORKERS processes (govcrawl.workers) and come back without
    blocking the reactor. Back-pressure is Scrapy's: a page's response counts towards
    SCRAPER_SLOT_MAX_ACTIVE_SIZE until its item leaves this pipeline, and above that the engine
    fetches nothing new; CONCURRENT_ITEMS bounds the items of one response in flight.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.options = Options(
            min_chars=settings.getint("GOVCRAWL_MIN_ARTICLE_CHARS"),
            lang_sample=settings.getint("GOVCRAWL_LANGDETECT_SAMPLE_CHARS"),
            induction=settings.getbool("GOVCRAWL_INDUCTION_ENABLED"),
            check_every=settings.getint("GOVCRAWL_INDUCTION_CHECK_EVERY"),
            verify_pages=settings.getint("GOVCRAWL_INDUCTION_VERIFY_PAGES"),
        )
        processes = worker_count(settings.get("GOVCRAWL_EXTRACT_WORKERS"))
        self.pool = WorkerPool(processes) if processes else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        if self.pool is not None:
            self.pool.start()
            logger.info("Extracting in %d worker processes", self.pool.processes)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.close()

    async def process_item(self, item: FetchedPage) -> ArticleRecord:
        if self.pool is None:
            outcome = process_page(item, self.options)
        else:
            try:
                outcome = await maybe_deferred_to_future(
                    self.pool.submit(process_page, item, self.options)
                )
            except BrokenProcessPool as error:  # a worker died (out of memory, a crash in lxml)
                self.stats.inc_value("govcrawl/extract/worker_failed")
                self.pool.recover()
                message = f"extraction worker died on {item.url}"
                raise DropItem(message, log_level="ERROR") from error
        self._count(outcome)
        if outcome.record is None:
            level = "INFO" if outcome.drop == "extract/unparseable" else None
            raise DropItem(outcome.message, log_level=level)
        self.stats.inc_value("govcrawl/extract/articles")
        return outcome.record

    def _count(self, outcome: Outcome) -> None:
        if outcome.drop:
            self.stats.inc_value(f"govcrawl/{outcome.drop}")
        elif outcome.path:
            self.stats.inc_value(f"govcrawl/extract/path_{outcome.path}")
        if outcome.event:
            self.stats.inc_value(f"govcrawl/induction/{outcome.event}")
        if outcome.f1 is not None:
            self.stats.min_value("govcrawl/induction/min_f1", round(outcome.f1, 4))


class AttachmentsPipeline(FilesPipeline):
    """Scrapy's FilesPipeline for articles' attachments, when GOVCRAWL_DOWNLOAD_ATTACHMENTS is on.

    Copies go to FILES_STORE (``archive/files`` by default); their path and SHA-1 are recorded
    in ``attachments``. Attachments may live on a media host of the portal (``media.<portal>``):
    they are exempt from the scope check, never from robots.txt.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("GOVCRAWL_DOWNLOAD_ATTACHMENTS"):
            raise NotConfigured
        return super().from_crawler(crawler)

    def get_media_requests(self, item: Any, info: Any) -> list[Request]:
        return [
            Request(url, meta={"govcrawl_any_host": True, "govcrawl_source": "attachment"})
            for url in ItemAdapter(item).get(self.files_urls_field, [])
        ]


class ArchivePipeline:
    """Writes articles to GOVCRAWL_ARCHIVE in batched transactions and records the crawl run."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.path = crawler.settings.get("GOVCRAWL_ARCHIVE")
        self.batch_size = max(1, crawler.settings.getint("GOVCRAWL_ARCHIVE_BATCH_SIZE"))
        self.pending: list[ArticleRecord] = []
        self.counts = {"new": 0, "near_duplicate": 0, "duplicate": 0, "seen": 0}
        self.writer: ArchiveWriter | None = None
        self.run_id: int | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        try:
            self.writer = ArchiveWriter(connect(self.path))
        except ArchiveError as error:
            logger.error("Cannot open the archive: %s", error)
            self.stats.set_value("govcrawl/archive/error", str(error))
            self._close("archive_error")
            return
        self.run_id = self.writer.start_run(
            spider=spider.name, site=getattr(spider, "site_key", None),
            start_url=" ".join(getattr(spider, "start_urls", [])), started_at=utc_now(),
        )  # fmt: skip
        logger.info("Archiving into %s (crawl run %s)", self.path, self.run_id)

    def process_item(self, item: ArticleRecord) -> ArticleRecord:
        if self.writer is None:
            raise DropItem(f"archive unavailable, not stored: {item.url}", log_level="ERROR")
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        """Write the pending articles in one transaction."""
        if not self.pending or self.writer is None:
            return
        batch, self.pending = self.pending, []
        try:
            counts = self.writer.write_batch(batch)
        except ArchiveError as error:
            logger.error("Archive write failed, %d articles not stored: %s", len(batch), error)
            self.stats.inc_value("govcrawl/archive/write_failed", len(batch))
            self._close("archive_error")
            return
        for outcome, count in counts.items():
            self.counts[outcome] += count
            self.stats.inc_value(f"govcrawl/archive/{outcome}", count)

    def close_spider(self) -> None:
        self.flush()

    def _close(self, reason: str) -> None:
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.writer is None or self.run_id is None:
            return
        stats = self.stats.get_stats()
        failed = sum(
            int(stats.get(key, 0))
            for key in ("retry/max_reached", "httperror/response_ignored_count",
                        "govcrawl/extract/unparseable", "govcrawl/archive/write_failed")
        )  # fmt: skip
        counts = {
            "new": self.counts["new"] + self.counts["near_duplicate"],
            "duplicate": self.counts["duplicate"] + self.counts["seen"],
            "failed": failed,
        }
        try:
            self.writer.finish_run(
                self.run_id, finished_at=utc_now(), reason=reason, stats=stats, counts=counts
            )
        except sqlite3.Error as error:  # the run row is bookkeeping: never mask the crawl result
            logger.error("Could not record the end of crawl run %s: %s", self.run_id, error)
        finally:
            self.writer.db.close()
        logger.info(
            "Archive %s: %d new, %d duplicate, %d seen before, %d failed pages",
            self.path, self.counts["new"], self.counts["duplicate"], self.counts["seen"], failed,
        )  # fmt: skip
