"""The extraction pipeline: each fetched page extracted and classified in a worker process.

Settings: GOVCRAWL_MIN_ARTICLE_CHARS, GOVCRAWL_LANGDETECT_SAMPLE_CHARS, GOVCRAWL_EXTRACT_WORKERS,
GOVCRAWL_INDUCTION_*. Stats: ``govcrawl/extract/unparseable``, ``govcrawl/classify/<reason>``
(pages that are not articles), ``govcrawl/extract/articles``, ``govcrawl/extract/path_<path>``
(articles per extraction path), ``govcrawl/induction/<event>``, ``govcrawl/induction/min_f1``
(lowest body token F1 of a page extracted both ways), ``govcrawl/induction/mismatch/<cause>``
(what a disagreeing page differed in: a field, ``verdict``, ``block`` or ``body``),
``govcrawl/extract/worker_failed`` (pages lost with a worker that died; the pool is restarted).
"""

from __future__ import annotations

import logging
from concurrent.futures.process import BrokenProcessPool
from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future

from govcrawl.extract.induction import Agreement
from govcrawl.extract.task import Options, Outcome, process_page
from govcrawl.extract.workers import WorkerPool, worker_count
from govcrawl.items import ArticleRecord, FetchedPage, GonePage, NotAnArticle, PageVisit

logger = logging.getLogger(__name__)


def options_from(settings: BaseSettings) -> Options:
    """The extraction options GOVCRAWL_* settings give (a crawl's, and ``govcrawl reprocess``)."""
    return Options(
        min_chars=settings.getint("GOVCRAWL_MIN_ARTICLE_CHARS"),
        lang_sample=settings.getint("GOVCRAWL_LANGDETECT_SAMPLE_CHARS"),
        induction=settings.getbool("GOVCRAWL_INDUCTION_ENABLED"),
        check_every=settings.getint("GOVCRAWL_INDUCTION_CHECK_EVERY"),
        check_every_max=settings.getint("GOVCRAWL_INDUCTION_CHECK_EVERY_MAX"),
        verify_pages=settings.getint("GOVCRAWL_INDUCTION_VERIFY_PAGES"),
    )


class ExtractionPipeline:
    """Turns a FetchedPage into an ArticleRecord in a worker process, or drops it (at DEBUG)
    when not an article.

    Pages go to GOVCRAWL_EXTRACT_WORKERS processes (govcrawl.extract.workers) and come back without
    blocking the reactor. Back-pressure is Scrapy's: a page's response counts towards
    SCRAPER_SLOT_MAX_ACTIVE_SIZE until its item leaves this pipeline, and above that the engine
    fetches nothing new; CONCURRENT_ITEMS bounds the items of one response in flight.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.options = options_from(settings)
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

    async def process_item(
        self, item: FetchedPage | GonePage | PageVisit
    ) -> ArticleRecord | GonePage | PageVisit:
        if isinstance(item, GonePage | PageVisit):  # for the archive pipeline
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
        if outcome.rejection is not None:
            raise NotAnArticle(outcome.message, verdict=outcome.rejection)
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
