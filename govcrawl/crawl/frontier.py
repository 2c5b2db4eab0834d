"""Crash-safe crawl frontier: Scrapy's scheduler and duplicate filter, kept in the archive.

Every request the engine schedules is a row of the archive's ``frontier`` table (migration
``m008_frontier``), never a Python object kept for the whole crawl: memory stays bounded by
the concurrency, not by the crawl's size. A row goes ``pending`` -> ``in_flight`` -> ``done``
or ``failed``; it is ``done`` once its results are durable: its child requests written here
and, for a page whose item is archived, the archive batch committed (signal
``pages_archived``, sent by ArchivePipeline). A run that does not finish (signal, SIGKILL,
page cap) leaves its rows; the next run for the same sites adopts them, fetches the
``pending`` and ``in_flight`` ones and filters what was already fetched. A run that finishes
deletes its rows: duplicates are filtered per crawl, not forever.

Writes are buffered and committed in one short transaction every
GOVCRAWL_FRONTIER_COMMIT_INTERVAL seconds, every GOVCRAWL_FRONTIER_COMMIT_OPS operations and
before a slot's next requests are read; no transaction outlives the call that opened it, so the
archive writer's connection never waits for this one. The table and its connection are the
store's (govcrawl.store.frontier_store.open_frontier): this module never opens the archive.

Settings: GOVCRAWL_FRONTIER_ENABLED, GOVCRAWL_FRONTIER_COMMIT_INTERVAL,
GOVCRAWL_FRONTIER_COMMIT_OPS, GOVCRAWL_ARCHIVE (through govcrawl.store.connection.archive_path).
Stats: ``scheduler/enqueued``, ``scheduler/dequeued``, ``dupefilter/filtered``, ``govcrawl/frontier/resumed`` (requests
adopted from an interrupted run), ``govcrawl/frontier/commits``, ``govcrawl/frontier/failed``,
``govcrawl/frontier/unsettled`` (rows still in flight when a run finished),
``govcrawl/frontier/unserializable`` (requests kept in memory only).
"""

from __future__ import annotations

import gc
import logging
import sqlite3
import weakref
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import Request, Spider, signals
from scrapy.core.downloader import Downloader
from scrapy.core.scheduler import BaseScheduler, Scheduler
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.conf import build_component_list
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object

from govcrawl.items import PageVisit, crawl_plan
from govcrawl.store.connection import ArchiveError, archive_path
from govcrawl.store.frontier_store import (
    FrontierStore,
    decode_request,
    encode_request,
    open_frontier,
)
from govcrawl.store.pipeline import ArchivePipeline, pages_archived

logger = logging.getLogger(__name__)

# Request meta key: the frontier row a dequeued request came from.
ROW_KEY = "govcrawl_frontier_row"
# Requests read per slot in one go (marked in flight together).
WINDOW = 32

__all__ = ["FrontierScheduler", "decode_request", "encode_request"]


@dataclass
class _Live:
    """A dequeued row until it is settled: released by Scrapy, its items archived or dropped."""

    items: int = 0
    released: bool = False
    failed: bool = False


class FrontierScheduler(BaseScheduler):
    """Scrapy scheduler over the ``frontier`` table: per-run duplicate filter, priority order
    (FIFO within a priority), the least busy download slot first, resume after a crash."""

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.path = archive_path(settings)
        self.interval = settings.getfloat("GOVCRAWL_FRONTIER_COMMIT_INTERVAL")
        self.max_ops = settings.getint("GOVCRAWL_FRONTIER_COMMIT_OPS")
        self.debug_dupes = settings.getbool("DUPEFILTER_DEBUG")
        self.store: FrontierStore | None = None
        self.spider: Spider | None = None
        self.waiting: dict[str, int] = {}  # slot -> requests not yet dequeued
        self.windows: dict[str, deque[tuple[int, str, int, int]]] = {}
        self.last_slot: str | None = None
        self.volatile: deque[Request] = deque()  # unserializable requests (memory only)
        self.live: dict[int, _Live] = {}
        self.by_url: dict[str, list[int]] = {}  # item url -> rows awaiting the archive
        # Rows whose request object was freed: a finalizer may run in any thread and in the
        # middle of our own calls, so it only appends here; drained at our next call.
        self.freed: deque[int] = deque()
        self.loop: Any = None
        self.downloader: Downloader | None = None  # Scrapy's, for slot keys and slots' activity
        self._logged_dupe = False
        connect_signal = crawler.signals.connect
        connect_signal(self._archived, signal=pages_archived)
        connect_signal(self._item_dropped, signal=signals.item_dropped)
        connect_signal(self._item_error, signal=signals.item_error)
        if not _archives(settings):  # no archive pipeline: an item is settled once scraped
            connect_signal(self._item_dropped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BaseScheduler:  # type: ignore[override]
        if not crawler.settings.getbool("GOVCRAWL_FRONTIER_ENABLED"):
            return Scheduler.from_crawler(crawler)
        return cls(crawler)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.downloader = getattr(_engine(self.crawler), "downloader", None)
        try:
            self.store = open_frontier(self.path, self.max_ops)
        except ArchiveError as error:
            logger.error("Cannot open the frontier in the archive: %s", error)
            raise CloseSpider("archive_error") from error
        sites = sorted(crawl_plan(spider).sites)
        self.waiting = {slot: n for slot, n in self.store.adopt(sites).items() if n}
        resumed = sum(self.waiting.values())
        if resumed:
            self.stats.set_value("govcrawl/frontier/resumed", resumed)
            logger.info("Resuming an interrupted crawl of %s: %d requests left", sites, resumed)
        if self.interval > 0:
            self.loop = create_looping_call(self._tick)
            self.loop.start(self.interval, now=False)

    def _tick(self) -> None:
        self._drain_freed()
        if self.store is not None:
            try:
                self.store.flush()
            except sqlite3.Error as error:
                self._fail(error)

    def _fail(self, error: sqlite3.Error) -> None:
        """The frontier cannot be written (a full disk, an I/O error): stop the crawl as an
        archive error; what was committed stays for the next run to resume."""
        if self.store is None:
            return
        logger.error("Frontier write failed, the crawl stops: %s", error)
        self.stats.set_value("govcrawl/frontier/error", str(error))
        store, self.store = self.store, None
        store.close()
        self.waiting.clear()
        self.windows.clear()
        engine = _engine(self.crawler)
        if engine is not None:
            deferred_from_coro(engine.close_spider_async(reason="archive_error"))

    def _drain_freed(self) -> None:
        while self.freed:
            self.release(self.freed.popleft())

    def close(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.store is None:
            return
        gc.collect()  # requests held only by reference cycles (failures) settle now
        self._drain_freed()
        store, self.store = self.store, None
        try:
            for window in self.windows.values():
                for row in window:
                    store.set_state(row[0], "pending")
            store.flush()
            if reason == "finished" and not self.stats.get_value("govcrawl/archive/write_failed"):
                unsettled = store.in_flight()
                if unsettled:
                    self.stats.set_value("govcrawl/frontier/unsettled", unsettled)
                store.finish()
        except sqlite3.Error as error:  # what was committed stays for the next run
            logger.error("Frontier write failed at the end of the crawl: %s", error)
            self.stats.set_value("govcrawl/frontier/error", str(error))
        finally:
            self.stats.set_value("govcrawl/frontier/commits", store.commits)
            store.close()

    def has_pending_requests(self) -> bool:
        return len(self) > 0

    def __len__(self) -> int:
        return sum(self.waiting.values()) + len(self.volatile)

    def enqueue_request(self, request: Request) -> bool:
        # A retry or redirect carries the row of the request it continues: that one is done
        # once this one is queued (or filtered).
        parent = request.meta.pop(ROW_KEY, None)
        try:
            queued = self._enqueue(request)
            self.release(parent)
        except sqlite3.Error as error:
            self._fail(error)
            return False
        return queued

    def _enqueue(self, request: Request) -> bool:
        assert self.spider is not None
        if self.store is None:
            self.volatile.append(request)
            return True
        fingerprint = None
        if not request.dont_filter:
            fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
            if self.store.seen(fingerprint):
                self._log_duplicate(request)
                return False
        self.stats.inc_value("scheduler/enqueued")
        try:
            blob = encode_request(request, self.spider)
        except (TypeError, ValueError) as error:
            logger.warning("Request kept in memory only (not resumable): %s: %s", request, error)
            self.stats.inc_value("govcrawl/frontier/unserializable")
            self.volatile.append(request)
            return True
        slot = self._slot_key(request)
        site = request.meta.get("govcrawl_site") or self.spider.name
        start = bool(request.meta.get("is_start_request"))
        self.store.add(site, slot, request, fingerprint, start, blob)
        self.waiting[slot] = self.waiting.get(slot, 0) + 1
        window = self.windows.get(slot)
        if window and (-request.priority, start) < (-window[-1][2], window[-1][3]):
            self._return_window(slot)  # the new request goes before some of the window's
        return True

    def _return_window(self, slot: str) -> None:
        assert self.store is not None
        for row in self.windows.pop(slot):
            self.store.set_state(row[0], "pending")

    def _log_duplicate(self, request: Request) -> None:
        self.stats.inc_value("dupefilter/filtered")
        if self.debug_dupes or not self._logged_dupe:
            logger.debug("Filtered duplicate request: %s", request)
            self._logged_dupe = True

    def next_request(self) -> Request | None:
        self._drain_freed()
        if self.volatile:
            self.stats.inc_value("scheduler/dequeued")
            return self.volatile.popleft()
        while (slot := self._next_slot()) is not None:
            window = self.windows.setdefault(slot, deque())
            if not window:
                if self.store is None:
                    return None
                try:
                    window.extend(self.store.load(slot, WINDOW))
                except sqlite3.Error as error:
                    self._fail(error)
                    return None
            if not window:  # the count was off: nothing pending there
                del self.waiting[slot]
                continue
            row_id, blob, _, _ = window.popleft()
            self.waiting[slot] -= 1
            return self._hand_out(row_id, blob)
        return None

    def _hand_out(self, row_id: int, blob: str) -> Request:
        assert self.spider is not None
        request = decode_request(blob, self.spider)
        request.meta[ROW_KEY] = row_id
        self.live[row_id] = _Live()
        # Released explicitly (FrontierSpiderMiddleware, continuations, final failures) or, as
        # a fallback, when Scrapy drops the request object: it is then done with it for sure.
        finalizer = weakref.finalize(request, self.freed.append, row_id)
        finalizer.atexit = False
        self.stats.inc_value("scheduler/dequeued")
        return request

    def _slot_key(self, request: Request) -> str:
        if self.downloader is not None:
            return self.downloader.get_slot_key(request)
        return urlsplit(request.url).hostname or ""

    def _next_slot(self) -> str | None:
        """The slot with the fewest downloads in progress; ties in turn (round robin)."""
        slots = getattr(self.downloader, "slots", {})
        last = self.last_slot or ""
        best: tuple[int, bool, str] | None = None
        for slot, count in self.waiting.items():
            if count > 0:
                active = len(slots[slot].active) if slot in slots else 0
                key = (active, slot <= last, slot)  # then the next slot name after the last
                if best is None or key < best:
                    best = key
        if best is None:
            return None
        self.last_slot = best[2]
        return self.last_slot

    # --- settling rows: done when released and every item archived or dropped ------------

    def expect_item(self, url: str, row_id: int) -> None:
        """The page of ``row_id`` yielded an item for ``url``: done only once it is archived."""
        live = self.live.get(row_id)
        if live is not None:
            live.items += 1
            self.by_url.setdefault(url, []).append(row_id)

    def mark_failed(self, row_id: int | None) -> None:
        """The request of ``row_id`` failed for good (after retries)."""
        live = self.live.get(row_id) if row_id is not None else None
        if live is not None:
            live.failed = True

    def release(self, row_id: int | None) -> None:
        """Scrapy is done with the request of ``row_id``: its child requests are queued."""
        live = self.live.get(row_id) if row_id is not None else None
        if live is not None:
            live.released = True
            self._settle(row_id, live)  # type: ignore[arg-type]

    def _item_finished(self, url: str | None, *, failed: bool = False) -> None:
        rows = self.by_url.get(url or "")
        if not rows:
            return
        row_id = rows.pop(0)
        if not rows:
            del self.by_url[url or ""]
        live = self.live.get(row_id)
        if live is not None:
            live.items -= 1
            live.failed = live.failed or failed
            self._settle(row_id, live)

    def _settle(self, row_id: int, live: _Live) -> None:
        if not live.released or live.items > 0 or self.store is None:
            return
        del self.live[row_id]
        if live.failed:
            self.stats.inc_value("govcrawl/frontier/failed")
        try:
            self.store.set_state(row_id, "failed" if live.failed else "done")
        except sqlite3.Error as error:
            self._fail(error)

    def _archived(self, urls: list[str]) -> None:
        for url in urls:
            self._item_finished(url)

    def _item_dropped(self, item: Any) -> None:
        self._item_finished(ItemAdapter(item).get("url"))

    def _item_error(self, item: Any) -> None:
        self._item_finished(ItemAdapter(item).get("url"), failed=True)


def _archives(settings: Settings) -> bool:
    """True when an ArchivePipeline (or a subclass) is among the enabled item pipelines."""
    paths = build_component_list(settings.getwithbase("ITEM_PIPELINES"))
    return any(
        isinstance(cls := load_object(path), type) and issubclass(cls, ArchivePipeline)
        for path in paths
    )


def _engine(crawler: Crawler) -> Any:
    try:
        return crawler.engine
    except RuntimeError:  # not crawling (unit tests, benchmarks)
        return None


def _frontier(crawler: Crawler) -> FrontierScheduler | None:
    scheduler = getattr(_engine(crawler), "scheduler", None)
    return scheduler if isinstance(scheduler, FrontierScheduler) else None


class _FrontierMiddleware:
    """A middleware of the frontier: enabled with it (GOVCRAWL_FRONTIER_ENABLED)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("GOVCRAWL_FRONTIER_ENABLED"):
            raise NotConfigured
        return cls(crawler)


class FrontierSpiderMiddleware(_FrontierMiddleware):
    """Settles a page once its callback's output is handled: its requests are scheduled here,
    in order, before the page is released; its items are awaited until archived or dropped.
    Placed last in the output chain (order 10), it schedules exactly what the scraper would."""

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        frontier = _frontier(self.crawler)
        request = response.request
        row_id = request.meta.get(ROW_KEY) if request is not None else None
        if frontier is None or row_id is None:
            async for entry in result:
                yield entry
            return
        try:
            async for entry in result:
                if isinstance(entry, Request):
                    entry.meta.pop(ROW_KEY, None)  # a child, not a continuation
                    self.crawler.engine.crawl(entry)
                    continue
                # What a visit taught of a listing (PageVisit) is written at the next flush and
                # never archived as a page: losing it to a crash only brings the listing back.
                archived = ItemAdapter.is_item(entry) and not isinstance(entry, PageVisit)
                url = ItemAdapter(entry).get("url") if archived else None
                if url:
                    frontier.expect_item(url, row_id)
                yield entry
        except Exception:
            frontier.mark_failed(row_id)
            raise
        finally:
            frontier.release(row_id)


class FrontierDownloaderMiddleware(_FrontierMiddleware):
    """Marks requests that failed after retries (placed first: sees only final failures)."""

    def process_exception(self, request: Request, exception: Exception) -> None:
        frontier = _frontier(self.crawler)
        if frontier is not None:
            row_id = request.meta.get(ROW_KEY)
            if not isinstance(exception, IgnoreRequest):  # robots.txt, scope, budget: done
                frontier.mark_failed(row_id)
            frontier.release(row_id)
