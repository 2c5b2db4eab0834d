"""The ASP.NET "DesktopModule" CMS (family D): ninhbinh, cantho, sonla, caobang portals.

Page 1 of a listing is HTML; pages 2+ arrive by an AJAX POST to ``LoadArticle`` whose
parameters (category, site, page size, ``maxPage = parseInt(N)``) sit in page 1's inline script.
``paging`` builds those posts; when the parameters are encrypted (not numbers) it makes none and
page 1, sitemaps and feeds remain the entry (stat ``govcrawl/discovery/encrypted_paging``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scrapy import FormRequest, Request
from scrapy.http import TextResponse

from govcrawl.platforms.base import Platform, markers

ENDPOINT = "/DesktopModule/UIArticleInMenu/ArticleInMenuPagination.aspx/LoadArticle"
_PARAM = re.compile(
    r"""\b(article_category_id|categoryIds|site_id|page_size)\s*[:=]\s*['"]?([^'",;\s}]+)"""
)
_MAX_PAGE = re.compile(r"maxPage\s*=\s*parseInt\(\s*['\"]?(\d+)")
# Pages fetched through the endpoint per listing, whatever maxPage claims.
MAX_AJAX_PAGES = 500


def _paging_script(response: TextResponse) -> tuple[dict[str, str], int] | None:
    """The LoadArticle parameters and maxPage declared in page 1's inline script, if any."""
    script = " ".join(response.xpath("//script[not(@src)]/text()").getall())
    params = dict(_PARAM.findall(script))
    max_page = _MAX_PAGE.search(script)
    if not max_page or "article_category_id" not in params:
        return None
    return params, int(max_page.group(1))


def _numeric(params: dict[str, str]) -> bool:
    return all(value.lstrip("-").isdigit() for value in params.values())


def encrypted_paging(response: TextResponse) -> bool:
    """True when the page declares AJAX paging whose parameters are encrypted."""
    found = _paging_script(response)
    return found is not None and not _numeric(found[0])


def ajax_pages(response: TextResponse) -> Iterator[Request]:
    """POST requests for pages 2..maxPage of a listing whose page 1 declares the paging script."""
    found = _paging_script(response)
    if found is None or not _numeric(found[0]) or response.url.endswith(ENDPOINT):
        return
    params, max_page = found
    size = params.get("page_size", "10")
    for page in range(2, min(max_page, MAX_AJAX_PAGES) + 1):
        formdata = {
            "article_category_id": params["article_category_id"],
            "categoryIds": params.get("categoryIds", params["article_category_id"]),
            "site_id": params.get("site_id", "0"), "page": str(page), "page_size": size,
            "keyword": "", "date_begin": "", "date_end": "", "show_post_date": "true",
            "no": f"-{size}", "articlelang": "vi-VN",
        }  # fmt: skip
        yield FormRequest(
            response.urljoin(ENDPOINT), formdata=formdata, headers={"Referer": response.url},
            meta={"govcrawl_source": "ajax_page"},
        )  # fmt: skip


PLATFORM = Platform(
    name="desktopmodule",
    markers=markers(
        (r"ArticleDetailControl", 3),
        (r"UIArticleInMenu", 3),
        (r"/DesktopModules?/", 2),
        (r'class="[^"]*\bNgaydang\b', 2),
        (r"ArticleInMenuPagination", 3),
    ),
    article_url=re.compile(r"/[^/?]+-\d{3,}(?:\.html)?$"),
    listing_url=re.compile(r"[?&]page=\d+|^https?://[^/]+/[a-z0-9-]+/?$"),
    paging=ajax_pages,
    opaque_paging=encrypted_paging,
)
