"""The records passed between stages: a fetched page (crawl -> extract), an extracted article
and its attachments (extract -> store), a removed article (crawl -> store), and the exception a
page that is not an article is dropped with (extract -> store, through Scrapy's item_dropped)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scrapy.exceptions import DropItem


@dataclass
class FetchedPage:
    """An HTML page as fetched; ``url`` is canonical, ``html`` decoded with the page's charset."""

    url: str
    response_url: str
    status: int
    html: str
    fetched_at: str  # UTC, ISO 8601
    site: str
    province: str | None
    agency: str | None
    url_kind: str | None = None  # "article" or "listing" when the platform's URL shapes say so
    body: bytes = b""  # the raw bytes, to re-decode a page whose charset is mis-declared


@dataclass
class GonePage:
    """An archived article's URL that now answers ``status`` (404 or 410): it was removed."""

    url: str
    site: str
    status: int
    checked_at: str  # UTC, ISO 8601


@dataclass(frozen=True)
class Attachment:
    """A document linked from an article: canonical URL, file name, the link's text."""

    url: str
    filename: str
    link_text: str | None


@dataclass
class ArticleRecord:
    """One extracted article, ready to archive (all text NFC, times UTC ISO 8601).

    ``file_urls`` and ``files`` are Scrapy FilesPipeline's fields, for attachment downloads.
    """

    url: str
    site: str
    province: str | None
    agency: str | None
    title: str | None
    published: str | None
    author: str | None
    text: str
    lang: str | None
    content_hash: str
    fetched_at: str
    published_raw: str | None = None
    published_from: str | None = None
    modified: str | None = None
    source: str | None = None
    attachments: tuple[Attachment, ...] = ()
    file_urls: list[str] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    extraction_path: str | None = None  # "trafilatura" or "induced" (govcrawl.extract.induction)


class NotAnArticle(DropItem):
    """A page extraction classified as not an article; ``verdict`` says why (kind: reason)."""

    def __init__(self, message: str, *, verdict: str):
        super().__init__(message)
        self.verdict = verdict
