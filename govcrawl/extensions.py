"""Extensions: network failures logged as one line, without a traceback.

A portal that is down, moved or misspelt is an everyday condition for an archiver, not a bug;
Scrapy's robots.txt middleware logs such failures with a full traceback. The filter keeps the
message (and the stats), drops the traceback. Setting: GOVCRAWL_QUIET_NETWORK_ERRORS.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    NotConfigured,
    ResponseDataLossError,
)

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
