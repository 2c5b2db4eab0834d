"""A sample crawl for ``govcrawl check``: what a crawl of a portal would archive, archiving nothing.

``sample_settings`` gives the settings of such a crawl (``scrapy crawl portal -s ...``): the
archive pipeline, attachments and the frontier replaced by ``PageOutcomes``, at most a budget of
pages per portal, robots.txt and every politeness setting as in a real crawl. ``PageOutcomes``
(an extension, enabled by GOVCRAWL_CHECK_OUTPUT) writes one JSON line per page the pipelines
decided on (``{"page": ...}``: the verdict, ``article`` or the classifier's ``kind: reason``, and
an article's title, date, where the date was read, author) and at the end one line of what the
crawl found (``{"crawl": ...}``: the platform family of each portal, discovery counts per source,
the sitemaps and feeds fetched, pages fetched, the finish reason).

Settings: GOVCRAWL_CHECK_OUTPUT (the JSON-lines file; unset, the extension is off).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import IO, Any, Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse

from govcrawl import settings as project
from govcrawl.items import ArticleRecord, FetchedPage

logger = logging.getLogger(__name__)

# What a sample crawl leaves out: every write to an archive, and downloads of attachments.
WRITING_PIPELINES = ("govcrawl.store.pipeline.ArchivePipeline",
                     "govcrawl.crawl.attachments.AttachmentsPipeline")  # fmt: skip
OUTCOMES_EXTENSION = "govcrawl.crawl.check.PageOutcomes"
_FEED_MARKS = (b"<rss", b"<feed", b"<rdf:RDF")


def sample_settings(output: Path, scratch_archive: Path, pages: int) -> dict[str, str]:
    """Settings (as ``-s NAME=VALUE`` strings) of a crawl that fetches at most ``pages`` pages
    per portal and records each page's outcome in ``output``; ``scratch_archive`` is the file
    `scrapy crawl` locks and opens (a temporary one: nothing is written into it)."""
    pipelines = {**project.ITEM_PIPELINES, **dict.fromkeys(WRITING_PIPELINES)}
    extensions = {**project.EXTENSIONS, OUTCOMES_EXTENSION: 900}
    return {
        "GOVCRAWL_CHECK_OUTPUT": str(output),
        "GOVCRAWL_ARCHIVE": str(scratch_archive),
        "GOVCRAWL_FRONTIER_ENABLED": "False",
        "SCHEDULER": "scrapy.core.scheduler.Scheduler",
        "ITEM_PIPELINES": json.dumps(pipelines),
        "EXTENSIONS": json.dumps(extensions),
        "GOVCRAWL_DOWNLOAD_ATTACHMENTS": "False",
        "GOVCRAWL_WARC_ENABLED": "False",  # nothing kept: no WARC files either
        "GOVCRAWL_INCREMENTAL": "False",
        "GOVCRAWL_REVISIT_DAYS": "0",
        "GOVCRAWL_MAX_PAGES_PER_SITE": str(pages),
        # The budget's pages and a robots.txt: then stop, rather than skip the queue's rest.
        "CLOSESPIDER_PAGECOUNT": str(pages + 1),
        "GOVCRAWL_EXTRACT_WORKERS": "0",  # a few pages: no worker processes to start
    }


class PageOutcomes:
    """Writes each page's outcome, and at the end what the crawl found, to GOVCRAWL_CHECK_OUTPUT."""

    def __init__(self, crawler: Crawler, output: Path):
        self.crawler = crawler
        self.file: IO[str] = output.open("w", encoding="utf-8")
        self.sitemaps: list[str] = []
        self.feeds: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        output = crawler.settings.get("GOVCRAWL_CHECK_OUTPUT")
        if not output:
            raise NotConfigured
        extension = cls(crawler, Path(output))
        connect = crawler.signals.connect
        connect(extension.item_scraped, signal=signals.item_scraped)
        connect(extension.item_dropped, signal=signals.item_dropped)
        connect(extension.item_error, signal=signals.item_error)
        connect(extension.response_received, signal=signals.response_received)
        connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Any, response: Response | None) -> None:
        if isinstance(item, ArticleRecord):
            # The record's own ``source`` is the publication it credits; how the crawl found
            # the page is its request's.
            found = response.meta.get("govcrawl_source") if response is not None else None
            self._write("page", {**article_outcome(item), "source": found})

    def item_dropped(self, item: Any, response: Response | None, exception: BaseException) -> None:
        if isinstance(item, FetchedPage):
            verdict = getattr(exception, "verdict", None) or f"dropped: {exception}"
            self._write("page", {"url": item.url, "verdict": verdict, "source": item.source,
                                 "title": page_title(response)})  # fmt: skip

    def item_error(self, item: Any, failure: Any) -> None:
        if isinstance(item, FetchedPage):
            message = failure.getErrorMessage()
            self._write("page", {"url": item.url, "verdict": f"error: {message}",
                                 "source": item.source})  # fmt: skip

    def response_received(self, response: Response, request: Request) -> None:
        """Remember the sitemaps and feeds the crawl read."""
        if response.status != 200:
            return
        source = request.meta.get("govcrawl_source")
        if source == "sitemap":
            self.sitemaps.append(response.url)
        elif source != "robots" and is_feed(response):
            self.feeds.append(response.url)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        self._write("crawl", {
            "platforms": platforms_of(spider, stats),
            "discovery": {key.removeprefix("govcrawl/discovery/"): value
                          for key, value in sorted(stats.items())
                          if key.startswith("govcrawl/discovery/")},
            "sitemaps": list(dict.fromkeys(self.sitemaps)),
            "feeds": list(dict.fromkeys(self.feeds)),
            "responses": stats.get("response_received_count", 0),
            "budget_spent": bool(stats.get("govcrawl/trap/budget")),
            "finish_reason": reason,
        })  # fmt: skip
        self.file.close()

    def _write(self, kind: str, record: dict[str, Any]) -> None:
        self.file.write(json.dumps({kind: record}, ensure_ascii=False) + "\n")
        self.file.flush()


def article_outcome(record: ArticleRecord) -> dict[str, Any]:
    """What ``govcrawl check`` shows of an article."""
    return {
        "url": record.url, "verdict": "article", "title": record.title, "published": record.published,
        "published_from": record.published_from, "author": record.author,
    }  # fmt: skip


def platforms_of(spider: Spider, stats: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """Each portal's platform family, and whether it was detected or named by the registry."""
    detected = {key.removeprefix("govcrawl/platform/") for key in stats
                if key.startswith("govcrawl/platform/")}  # fmt: skip
    found: dict[str, dict[str, str | None]] = {}
    for key, target in getattr(spider, "targets", {}).items():
        name = target.platform.name if target.platform is not None else None
        how = "detected" if name in detected else ("registry" if name else None)
        found[key] = {"platform": name, "from": how}
    return found


def page_title(response: Response | None) -> str | None:
    """The ``<title>`` of an HTML page, whitespace collapsed (a non-article has no headline)."""
    if not isinstance(response, HtmlResponse):
        return None
    title = response.xpath("normalize-space(//title)").get()
    return title or None


def is_feed(response: Response) -> bool:
    """True for an RSS or Atom document (not an HTML page, not a sitemap)."""
    if isinstance(response, HtmlResponse) or not isinstance(response, TextResponse):
        return False
    head = response.body[:1024]
    return any(mark in head for mark in _FEED_MARKS)
