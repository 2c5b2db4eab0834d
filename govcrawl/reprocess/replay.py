"""A captured response back into the page a crawl's extraction takes.

The captured URL, status, headers and body become the Scrapy response the crawl received (the
class Scrapy's ``responsetypes`` picks, so the charset is decoded the same way), and the page
goes to extraction only where the spider would have sent it: a 2xx HTML page that is not
binary noise and not a numbered page of a listing. A site's labels (province, agency) come
from its archived articles, else the site registry; its platform family from the registry,
else detected on the first of its pages replayed (as the spider detects it on its first).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scrapy.http import Headers, HtmlResponse, Response
from scrapy.responsetypes import responsetypes

from govcrawl import platforms
from govcrawl.crawl import discovery
from govcrawl.items import FetchedPage
from govcrawl.platforms.base import Platform
from govcrawl.urls import canonical_url


@dataclass
class SiteContext:
    """What the crawl knew of a site: its key, labels and platform family (None: detect)."""

    key: str
    province: str | None = None
    agency: str | None = None
    platform: Platform | None = None


def response_of(url: str, status: int, headers: Iterable[tuple[str, str]], body: bytes) -> Response:
    """The Scrapy response (HtmlResponse, TextResponse, ...) a crawl built for this exchange."""
    scrapy_headers = Headers()
    for name, value in headers:
        scrapy_headers.appendlist(name, value)
    cls = responsetypes.from_args(headers=scrapy_headers, url=url, body=body)
    return cls(url=url, status=status, headers=scrapy_headers, body=body)


def fetched_page(response: Response, fetched_at: str, site: SiteContext,
                 capture_id: int | None = None) -> FetchedPage | None:  # fmt: skip
    """The page the spider would have sent to extraction, or None where it sends none."""
    if not isinstance(response, HtmlResponse) or not 200 <= response.status < 300:
        return None
    if discovery.looks_binary(response.body):
        return None
    if site.platform is None:
        site.platform = platforms.detect(response.url, response.text)
    url_kind = site.platform.url_kind(response.url)
    if url_kind == "listing" and discovery.is_later_page(response.url):
        return None
    return FetchedPage(
        url=canonical_url(response.url), response_url=response.url, status=response.status,
        html=response.text, fetched_at=fetched_at, site=site.key, province=site.province,
        agency=site.agency, url_kind=url_kind, body=response.body, capture_id=capture_id,
    )  # fmt: skip
