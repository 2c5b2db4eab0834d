"""What the spider hands the pipelines: one fetched HTML page with its portal labels."""

from __future__ import annotations

from dataclasses import dataclass


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
