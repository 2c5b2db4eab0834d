"""Attachment downloads: Scrapy's FilesPipeline for the documents articles link to.

Settings: GOVCRAWL_DOWNLOAD_ATTACHMENTS, FILES_STORE.
"""

from __future__ import annotations

from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.pipelines.files import FilesPipeline


class AttachmentsPipeline(FilesPipeline):
    """Scrapy's FilesPipeline for articles' attachments, when GOVCRAWL_DOWNLOAD_ATTACHMENTS is on.

    Copies go to FILES_STORE (``archive/files`` by default); their path and SHA-1 are recorded
    in ``attachments``, with the WARC capture of the download (``capture_id``). Attachments may live on a media host of the portal (``media.<portal>``):
    they are exempt from the scope check, never from robots.txt.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("GOVCRAWL_DOWNLOAD_ATTACHMENTS"):
            raise NotConfigured
        return super().from_crawler(crawler)

    async def media_downloaded(self, response: Response, request: Request, info: Any, *,
                               item: Any = None) -> Any:  # fmt: skip
        """FilesPipeline's result, with the download's WARC capture (govcrawl.crawl.capture)."""
        result: dict[str, Any] = dict(
            await super().media_downloaded(response, request, info, item=item)
        )
        result["capture_id"] = (response.request or request).meta.get("govcrawl_capture")
        return result

    def get_media_requests(self, item: Any, info: Any) -> list[Request]:
        return [
            Request(url, meta={"govcrawl_any_host": True, "govcrawl_source": "attachment"})
            for url in ItemAdapter(item).get(self.files_urls_field, [])
        ]
