"""The archive pipeline: articles written to the archive in batched transactions, removed
articles marked gone, pages of an article's URL shape that were not articles remembered, and
the crawl recorded in ``crawl_runs``.

Settings: GOVCRAWL_ARCHIVE, GOVCRAWL_ARCHIVE_BATCH_SIZE, GOVCRAWL_RUN_GROUP,
GOVCRAWL_FAILED_FINISH_REASONS. Stats: ``govcrawl/archive/new``, ``govcrawl/archive/duplicate``,
``govcrawl/archive/seen``, ``govcrawl/archive/changed``, ``govcrawl/archive/gone``,
``govcrawl/archive/near_duplicate``, ``govcrawl/archive/write_failed``,
``govcrawl/archive/error``, ``govcrawl/archive/index_merges``. Signal: ``pages_archived``.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from govcrawl.items import ArticleRecord, FetchedPage, GonePage, NotAnArticle
from govcrawl.store.connection import ArchiveError, connect
from govcrawl.store.writer import ArchiveWriter

logger = logging.getLogger(__name__)

# Sent after each committed batch, with ``urls`` (the items' ``url``): the frontier marks those
# pages done, their results being durable.
pages_archived = object()


def utc_now() -> str:
    """Return the current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


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
