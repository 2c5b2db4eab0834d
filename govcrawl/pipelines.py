"""Item pipelines: extraction and classification, then batched writes to the archive.

Settings: GOVCRAWL_MIN_ARTICLE_CHARS, GOVCRAWL_LANGDETECT_SAMPLE_CHARS, GOVCRAWL_EXTRACT_WORKERS,
GOVCRAWL_INDUCTION_*, GOVCRAWL_ARCHIVE, GOVCRAWL_ARCHIVE_BATCH_SIZE. Stats:
``govcrawl/extract/unparseable``, ``govcrawl/classify/<reason>`` (pages that are not articles),
``govcrawl/extract/articles``, ``govcrawl/extract/path_<path>`` (articles per extraction path),
``govcrawl/induction/<event>``, ``govcrawl/induction/min_f1`` (lowest body token F1 of a page
extracted both ways), ``govcrawl/induction/mismatch/<cause>`` (what a disagreeing page differed
in: a field, ``verdict``, ``block`` or ``body``),
``govcrawl/extract/worker_failed`` (pages lost with a worker that died; the pool is restarted),
``govcrawl/archive/new``, ``govcrawl/archive/duplicate``, ``govcrawl/archive/seen``.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections import Counter, defaultdict
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
from govcrawl.frontier import pages_archived
from govcrawl.induction import Agreement
from govcrawl.items import FetchedPage, GonePage
from govcrawl.workers import WorkerPool, worker_count

logger = logging.getLogger(__name__)


class NotAnArticle(DropItem):
    """A page extraction classified as not an article; ``verdict`` says why (kind: reason)."""

    def __init__(self, message: str, *, verdict: str):
        super().__init__(message)
        self.verdict = verdict


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
            check_every_max=settings.getint("GOVCRAWL_INDUCTION_CHECK_EVERY_MAX"),
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

    async def process_item(self, item: FetchedPage | GonePage) -> ArticleRecord | GonePage:
        if isinstance(item, GonePage):  # for the archive pipeline
            return item
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
        self._count(outcome, item.url)
        if outcome.drop == "extract/unparseable":
            self.stats.inc_value(f"govcrawl/site/{item.site}/unparseable")
        if outcome.verdict is not None:
            raise NotAnArticle(outcome.message, verdict=outcome.verdict)
        if outcome.record is None:
            level = "INFO" if outcome.drop == "extract/unparseable" else None
            raise DropItem(outcome.message, log_level=level)
        self.stats.inc_value("govcrawl/extract/articles")
        return outcome.record

    def _count(self, outcome: Outcome, url: str) -> None:
        if outcome.drop:
            self.stats.inc_value(f"govcrawl/{outcome.drop}")
        elif outcome.path:
            self.stats.inc_value(f"govcrawl/extract/path_{outcome.path}")
        if outcome.event:
            self.stats.inc_value(f"govcrawl/induction/{outcome.event}")
        if outcome.check is not None:
            self._count_check(outcome.check, outcome.event, url)

    def _count_check(self, check: Agreement, event: str | None, url: str) -> None:
        """Count a page extracted both ways; log what a disagreeing one differed in (a trusted
        selector dropped is a warning, a candidate rejected while verified is not)."""
        if check.f1 is not None:
            self.stats.min_value("govcrawl/induction/min_f1", round(check.f1, 4))
        for cause in check.causes:
            self.stats.inc_value(f"govcrawl/induction/mismatch/{cause}")
        if check.causes:
            level = logging.WARNING if event == "dropped" else logging.INFO
            logger.log(level, "Induced selector %s, page archived from the whole page: %s: %s",
                       event, url, check.describe())  # fmt: skip


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
    """Writes articles to GOVCRAWL_ARCHIVE in batched transactions, marks removed articles gone,
    and records the crawl in ``crawl_runs``: one row per portal, sharing a run group."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.path = crawler.settings.get("GOVCRAWL_ARCHIVE")
        self.batch_size = max(1, crawler.settings.getint("GOVCRAWL_ARCHIVE_BATCH_SIZE"))
        self.run_group = crawler.settings.get("GOVCRAWL_RUN_GROUP") or uuid.uuid4().hex[:12]
        self.pending: list[ArticleRecord] = []
        # Pages of an article's URL shape that were not articles: (url, site, reason, time).
        self.non_articles: list[tuple[str, str, str | None, str]] = []
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)  # site -> outcome -> n
        self.writer: ArchiveWriter | None = None
        self.run_ids: dict[str | None, int] = {}  # site key (None: a non-portal spider) -> row
        self.error: str | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        """Remember a page with an article's URL shape that extraction found not an article
        (not a "page not found": that may be an article still to be published)."""
        # A "page not found" may be an article not published yet: it is not remembered.
        if (
            isinstance(item, FetchedPage)
            and item.url_kind == "article"
            and isinstance(exception, NotAnArticle)
            and not exception.verdict.endswith("soft_404")
        ):
            self.non_articles.append((item.url, item.site, exception.verdict, item.fetched_at))
            if len(self.non_articles) >= self.batch_size:
                self.flush()

    def open_spider(self) -> None:
        spider = self.crawler.spider
        try:
            self.writer = ArchiveWriter(connect(self.path))
        except ArchiveError as error:
            self._fail(f"cannot open the archive: {error}")
            return
        targets = getattr(spider, "targets", None) or {None: None}
        started_at = utc_now()
        for key, target in targets.items():
            start_url = " ".join(target.start_urls if target else getattr(spider, "start_urls", []))
            self.run_ids[key] = self.writer.start_run(
                spider=spider.name, site=key, start_url=start_url, started_at=started_at,
                run_group=self.run_group,
            )  # fmt: skip
        logger.info("Archiving into %s (crawl run group %s)", self.path, self.run_group)

    def process_item(self, item: ArticleRecord | GonePage) -> ArticleRecord | GonePage:
        if self.writer is None:
            raise DropItem(f"archive unavailable, not stored: {item.url}", log_level="ERROR")
        if isinstance(item, GonePage):
            self._mark_gone(item)
            return item
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

    def _tally(self, site: str, outcome: str) -> None:
        self.counts[site][outcome] += 1
        self.stats.inc_value(f"govcrawl/archive/{outcome}")
        self.stats.inc_value(f"govcrawl/site/{site}/{outcome}")

    def close_spider(self) -> None:
        self.flush()
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
        if self.writer is None:
            return
        stats = self.stats.get_stats()
        failed_reasons = set(self.crawler.settings.getlist("GOVCRAWL_FAILED_FINISH_REASONS"))
        unreachable = set(getattr(spider, "unreachable_sites", list)())
        try:
            for key, run_id in self.run_ids.items():
                status, error = "ok", self.error
                if reason in failed_reasons:
                    status, error = "failed", error or f"crawl stopped: {reason}"
                elif key in unreachable:
                    status, error = "failed", "unreachable: every start page failed"
                self.writer.finish_run(
                    run_id, finished_at=utc_now(), reason=reason, stats=stats,
                    counts=self._run_counts(key, stats), status=status, error=error,
                    walk=getattr(spider, "walks", {}).get(key),
                )  # fmt: skip
        except sqlite3.Error as error:  # the run row is bookkeeping: never mask the crawl result
            logger.error(
                "Could not record the end of crawl run group %s: %s", self.run_group, error
            )
        finally:
            self.writer.db.close()
        total = sum(self.counts.values(), Counter())
        logger.info(
            "Archive %s: %d new, %d changed, %d duplicate, %d seen before, %d gone",
            self.path, total["new"] + total["near_duplicate"], total["changed"],
            total["duplicate"], total["seen"], total["gone"],
        )  # fmt: skip

    def _run_counts(self, key: str | None, stats: dict[str, Any]) -> dict[str, int]:
        """The crawl_runs counts of portal ``key`` (None: every page of the crawl)."""
        counts = self.counts[key] if key is not None else sum(self.counts.values(), Counter())
        if key is None:
            failed = sum(
                int(stats.get(name, 0))
                for name in ("retry/max_reached", "httperror/response_ignored_count",
                             "govcrawl/extract/unparseable", "govcrawl/archive/write_failed")
            )  # fmt: skip
            requests = int(stats.get("downloader/request_count", 0))
        else:
            prefix = f"govcrawl/site/{key}/"
            failed = sum(
                int(stats.get(prefix + name, 0))
                for name in ("failed", "http_error", "unparseable", "write_failed")
            )
            requests = int(stats.get(prefix + "requests", 0))
        return {
            "new": counts["new"] + counts["near_duplicate"],
            "duplicate": counts["duplicate"] + counts["seen"],
            "changed": counts["changed"], "gone": counts["gone"],
            "failed": failed, "requests": requests,
        }  # fmt: skip
