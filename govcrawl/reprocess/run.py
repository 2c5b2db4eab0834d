"""A re-extraction run: every selected capture read from its WARC file, replayed into the page
the crawl's extraction takes, extracted and classified in the crawl's worker processes
(``govcrawl.extract.task.process_page``, the same options from the same settings), and written
in batches, each one transaction with the run's progress (govcrawl.store.reextraction).

Settings: GOVCRAWL_EXTRACT_WORKERS and the extraction settings a crawl reads
(govcrawl.extract.pipeline.options_from); the WARC folder (govcrawl.store.warc.warc_dir).
The archive's lock is held throughout: a crawl and a reprocess never write together.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils
from scrapy.settings import BaseSettings

from govcrawl import platforms
from govcrawl.extract.pipeline import options_from
from govcrawl.extract.task import Options, Outcome, process_page
from govcrawl.extract.version import EXTRACTOR_VERSION
from govcrawl.extract.workers import WorkerPool, worker_count
from govcrawl.items import FetchedPage
from govcrawl.platforms.base import Platform
from govcrawl.registry.sites import load_sites
from govcrawl.reprocess.replay import SiteContext, fetched_page, response_of
from govcrawl.store import reextraction, word_index
from govcrawl.store.connection import ArchiveError, checkpoint, connect
from govcrawl.store.lock import ArchiveLock
from govcrawl.store.reextraction import CaptureToRead, ReprocessBook, Tally
from govcrawl.store.warc import read_capture, warc_dir
from govcrawl.store.writer import ArchiveWriter
from govcrawl.urls import canonical_url

BATCH = 50  # pages written per transaction (with the run's progress)
WINDOW_PER_WORKER = 4  # pages in flight per worker process


@dataclass(frozen=True)
class Selection:
    """Which captures to re-extract, and how: ``site`` (a key), ``since`` (fetched at or after,
    ISO date or time, UTC), ``dry_run`` (nothing written), ``force`` (also the pages this
    extractor already made from the same capture)."""

    site: str | None = None
    since: str | None = None
    dry_run: bool = False
    force: bool = False


@dataclass(frozen=True)
class Progress:
    """How far a run is: pages done of ``total`` (this run's share), seconds, the tally."""

    done: int
    total: int
    seconds: float
    tally: Tally
    resumed_from: int = 0  # pages an interrupted run had done before


class Reprocess:
    """One reprocess of an archive; ``run`` does it, ``on_progress`` hears every batch and
    ``on_no_longer`` every article no longer recognised (id, URL, verdict)."""

    def __init__(self, archive: Path, settings: BaseSettings, selection: Selection):
        self.archive, self.selection = archive, selection
        self.options: Options = options_from(settings)
        self.workers = worker_count(settings.get("GOVCRAWL_EXTRACT_WORKERS"))
        self.warc_folder = warc_dir(archive, settings)
        self.sites: dict[str, SiteContext] = {}
        self.uncaptured = 0  # articles without a capture (archived before capture): untouched
        self.on_progress: Callable[[Progress], None] = lambda progress: None
        self.on_no_longer: Callable[[int, str, str], None] = lambda *args: None

    def run(self) -> Tally:
        """Re-extract the selected captures; return what it did (ArchiveError if it cannot)."""
        if not self.archive.exists():
            raise ArchiveError(f"no archive at {self.archive}: pass --archive")
        with ArchiveLock(self.archive):
            db = connect(self.archive)
            try:
                return self._run(db)
            finally:
                checkpoint(db)
                db.close()

    def _run(self, db: sqlite_utils.Database) -> Tally:
        if "captures" not in db.table_names():
            raise ArchiveError(f"{self.archive} holds no captures: crawl with WARC capture on")
        selection, now = self.selection, _now()
        book = ReprocessBook(db, EXTRACTOR_VERSION, selection.site, selection.since, now,
                             persist=not selection.dry_run)  # fmt: skip
        resumed = book.tally.pages
        self.uncaptured = reextraction.uncaptured_articles(db, selection.site)
        total = reextraction.count_to_reprocess(
            db, site=selection.site, since=selection.since, after=book.last_capture_id
        )
        writer, started = ArchiveWriter(db), time.perf_counter()
        batch: list[tuple[CaptureToRead, FetchedPage | None, Outcome | None]] = []
        captures = reextraction.captures_to_reprocess(
            db, site=selection.site, since=selection.since, after=book.last_capture_id
        )
        for result in self._extracted(db, list(captures)):
            batch.append(result)
            if len(batch) >= BATCH:
                self._write(writer, book, batch)
                if selection.dry_run:  # the index's cached state followed the rolled-back writes
                    writer = ArchiveWriter(db)
                self.on_progress(Progress(book.tally.pages - resumed, total,
                                          time.perf_counter() - started, book.tally, resumed))  # fmt: skip
                batch = []
        self._write(writer, book, batch)
        if not selection.dry_run:
            writer.compact_index()
            book.finish(_now())
        self.on_progress(Progress(book.tally.pages - resumed, total,
                                  time.perf_counter() - started, book.tally, resumed))  # fmt: skip
        return book.tally

    def _extracted(
        self, db: sqlite_utils.Database, captures: list[CaptureToRead]
    ) -> Iterator[tuple[CaptureToRead, FetchedPage | None, Outcome | None]]:
        """Each capture with its page and extraction outcome, in order (None: not extracted)."""
        pool = WorkerPool(self.workers) if self.workers else None
        if pool is not None:
            pool.start()
        window: deque[tuple[CaptureToRead, FetchedPage | None, Future[Outcome] | None]] = deque()
        try:
            for capture in captures:
                page = self._page(db, capture)
                future = None
                if page is not None:
                    future = (pool.future(process_page, page, self.options) if pool
                              else _done(process_page(page, self.options)))  # fmt: skip
                window.append((capture, page, future))
                while window and (len(window) > self.workers * WINDOW_PER_WORKER
                                  or window[0][2] is None):  # fmt: skip
                    yield _result(window.popleft())
            while window:
                yield _result(window.popleft())
        finally:
            if pool is not None:
                pool.close()

    def _page(self, db: sqlite_utils.Database, capture: CaptureToRead) -> FetchedPage | None:
        """The page to extract from ``capture``, or None (not a page the crawl extracts, or
        already made by this extractor from this capture)."""
        # The page's URL is the capture's, canonical (replay.fetched_page): a page this
        # extractor already made from this capture is skipped before its record is read.
        if not self.selection.force and reextraction.is_current(
            db, canonical_url(capture.url), capture.id, EXTRACTOR_VERSION
        ):
            return None
        captured = read_capture(self.warc_folder, capture.warc_file, capture.offset)
        response = response_of(capture.url, captured.status, captured.headers, captured.body)
        return fetched_page(response, capture.fetched_at, self._site(db, capture.site), capture.id)

    def _site(self, db: sqlite_utils.Database, key: str) -> SiteContext:
        if key not in self.sites:
            province, agency = reextraction.site_labels(db, key)
            entry = load_sites().get(key)
            if entry is not None:
                province, agency = province or entry.province, agency or entry.agency
            platform = _platform(entry.platform if entry else None)
            self.sites[key] = SiteContext(key, province, agency, platform)
        return self.sites[key]

    def _write(self, writer: ArchiveWriter, book: ReprocessBook,
               batch: list[tuple[CaptureToRead, FetchedPage | None, Outcome | None]]) -> None:  # fmt: skip
        """Write one batch and the run's progress in one transaction (rolled back: dry run)."""
        if not batch:
            return
        db, tally, now = writer.db, book.tally, _now()
        db.execute("BEGIN")
        try:
            for capture, page, outcome in batch:
                tally.pages += 1
                if page is None or outcome is None:
                    tally.skipped += 1
                elif outcome.record is not None:
                    reextraction.write_article(writer, outcome.record, capture.id, now, tally)
                else:
                    self._not_an_article(db, page, outcome, tally)
            book.advance(batch[-1][0].id)
            word_index.sync(db)
        except BaseException:
            if db.conn.in_transaction:  # an error may have ended it already
                db.execute("ROLLBACK")
            raise
        db.execute("ROLLBACK" if self.selection.dry_run else "COMMIT")

    def _not_an_article(self, db: sqlite_utils.Database, page: FetchedPage, outcome: Outcome,
                        tally: Tally) -> None:  # fmt: skip
        tally.not_articles += 1
        article_id = reextraction.no_longer_article(db, page.url)
        if article_id is not None:
            verdict = outcome.rejection or (outcome.drop or "dropped")
            tally.no_longer.append((article_id, page.url, verdict))
            self.on_no_longer(article_id, page.url, verdict)


def _platform(name: str | None) -> Platform | None:
    return platforms.get(name) if name else None


def _done(outcome: Outcome) -> Future[Outcome]:
    future: Future[Outcome] = Future()
    future.set_result(outcome)
    return future


def _result(
    entry: tuple[CaptureToRead, FetchedPage | None, Future[Outcome] | None],
) -> tuple[CaptureToRead, FetchedPage | None, Outcome | None]:
    capture, page, future = entry
    return capture, page, future.result() if future is not None else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
