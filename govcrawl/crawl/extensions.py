"""Extensions: quiet network failures, and politeness beyond Scrapy's defaults.

A portal that is down, moved or misspelt is an everyday condition for an archiver, not a bug;
Scrapy's robots.txt middleware logs such failures with a full traceback: QuietNetworkErrors keeps
the message (and the stats) and drops the traceback (GOVCRAWL_QUIET_NETWORK_ERRORS).
CrawlDelay and PoliteAutoThrottle apply robots.txt Crawl-delay (GOVCRAWL_MAX_CRAWL_DELAY).
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request, signals
from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    NotConfigured,
    ResponseDataLossError,
)
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response

logger = logging.getLogger(__name__)

NETWORK_ERRORS = (
    CannotResolveHostError, DownloadConnectionRefusedError, DownloadFailedError,
    DownloadTimeoutError, ResponseDataLossError, OSError, TimeoutError,
)  # fmt: skip
_NOISY_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.core.scraper")


class _DropNetworkTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NETWORK_ERRORS):
            record.exc_info = None
            record.exc_text = None
        return True


class QuietNetworkErrors:
    """Installs the filter on Scrapy's loggers for the crawl's duration."""

    def __init__(self) -> None:
        self.filter = _DropNetworkTraceback()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("GOVCRAWL_QUIET_NETWORK_ERRORS"):
            raise NotConfigured
        extension = cls()
        for name in _NOISY_LOGGERS:
            logging.getLogger(name).addFilter(extension.filter)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self) -> None:
        for name in _NOISY_LOGGERS:
            logging.getLogger(name).removeFilter(self.filter)


# Added to a Crawl-delay: Scrapy spaces requests from when it takes them off the queue, and the
# wire sees each a few milliseconds later or sooner (an unseen portal asking for 2 s saw gaps of
# 1.96 s); the margin keeps every gap the server sees at the delay or more.
CRAWL_DELAY_MARGIN = 0.1


class CrawlDelay:
    """Honours robots.txt ``Crawl-delay`` (Scrapy parses it but never applies it).

    When Scrapy has parsed a host's robots.txt, the delay asked for our user agent (capped at
    GOVCRAWL_MAX_CRAWL_DELAY seconds) becomes that host's download-slot delay, and a floor that
    PoliteAutoThrottle never goes below. A Crawl-delay means one request at a time with at least
    that gap between them: the slot's concurrency drops to 1 (CONCURRENT_REQUESTS_PER_DOMAIN is
    2) and its delay gets no jitter (DOWNLOAD_DELAY_JITTER would wait 0.5 to 1.5 times it).
    Stats: ``govcrawl/politeness/crawl_delay`` (seconds, the largest applied).
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("GOVCRAWL_MAX_CRAWL_DELAY")
        self.user_agent = crawler.settings.get("USER_AGENT")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.robots_parsed, signal=signals.robots_parsed)
        return extension

    def robots_parsed(self, robotparser: object, request: Request) -> None:
        protego = getattr(robotparser, "rp", None)
        delay = protego.crawl_delay(self.user_agent) if protego is not None else None
        if not delay:
            return
        delay = min(float(delay), self.cap)
        assert self.crawler.engine is not None and self.crawler.stats is not None
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        spacing = delay + CRAWL_DELAY_MARGIN
        polite = {"delay": spacing, "concurrency": 1, "jitter": 0.0}
        downloader.per_slot_settings.setdefault(key, {}).update(polite)
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, spacing)
            slot.concurrency, slot.jitter = 1, 0.0
        self.crawler.stats.max_value("govcrawl/politeness/crawl_delay", delay)
        logger.info(
            "robots.txt of %s asks for Crawl-delay %.1f s: one request at a time, that far apart",
            key, delay,
        )  # fmt: skip


class PoliteAutoThrottle(AutoThrottle):
    """AutoThrottle that never goes below a slot's own delay (robots.txt Crawl-delay)."""

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        super()._adjust_delay(slot, latency, response)
        floor = self._floor(slot)
        if floor:
            slot.delay = max(slot.delay, floor)

    def _floor(self, slot: Slot) -> float | None:
        """The delay a slot's own settings give it (Crawl-delay), found by the slot itself:
        the response's request is not set yet when AutoThrottle adjusts (Scrapy 2.19)."""
        if self.crawler.engine is None:
            return None
        downloader = self.crawler.engine.downloader
        for key, known in downloader.slots.items():
            if known is slot:
                delay = downloader.per_slot_settings.get(key, {}).get("delay")
                return float(delay) if delay else None
        return None
