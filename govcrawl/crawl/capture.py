"""Capture: every HTTP exchange of the crawl handed to the archive's WARC files, by a
downloader middleware next to the downloader. It sees each response as it came from the
network (before retries, redirects and decompression act on it): pages, listings, sitemaps,
feeds, robots.txt, redirects, error pages and attachments alike. The capture's id goes into
the request's ``govcrawl_capture`` meta key, so the page item names its record.

What a record holds: the request's headers as Scrapy sends them (Twisted adds ``Host``, which
the record adds back), the response's headers as Scrapy keeps them (names in Scrapy's case, one
line per value) and its body as received, content-encoded, de-chunked.

Settings: GOVCRAWL_WARC_ENABLED (the writing: govcrawl.store.pipeline). Meta: ``govcrawl_capture``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response

from govcrawl.store.pipeline import ArchivePipeline
from govcrawl.store.warc_writer import Exchange


class CaptureMiddleware:
    """Hands every response, with its request, to the archive pipeline's WARC files."""

    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("GOVCRAWL_WARC_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.archive: ArchivePipeline | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if self.archive is None:
            self.archive = self.crawler.get_item_pipeline(ArchivePipeline)
            if self.archive is None:
                return response
        capture_id = self.archive.capture(exchange(request, response),
                                          request.meta.get("govcrawl_site"))  # fmt: skip
        if capture_id is not None:
            request.meta["govcrawl_capture"] = capture_id
        return response


def exchange(request: Request, response: Response) -> Exchange:
    """The exchange of ``request`` and its ``response``, as the WARC writer takes it."""
    return Exchange(
        url=response.url, method=request.method, request_headers=header_lines(request.headers),
        request_body=request.body, status=response.status,
        headers=header_lines(response.headers), body=response.body,
        fetched_at=datetime.now(UTC), protocol=response.protocol or "HTTP/1.1",
        ip_address=str(response.ip_address) if response.ip_address else None,
    )  # fmt: skip


def header_lines(headers: Headers) -> list[tuple[str, str]]:
    """Scrapy's headers as (name, value) lines, one per value, decoded as ISO-8859-1."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]
