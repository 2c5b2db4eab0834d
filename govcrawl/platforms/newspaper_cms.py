"""Newspaper-style CMS with encrypted AJAX listings (family F): hanoi.gov.vn, khanhhoa.gov.vn.

Listings page through ``POST /api/NewsZone/NewsZone`` with per-host ciphertext parameters that
cannot be forged; page 1, sitemaps and feeds are the entry points. ``opaque_paging`` recognises
such a listing (stat ``govcrawl/discovery/encrypted_paging``).
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse

from govcrawl.platforms.base import Platform, markers

ENDPOINT = "/api/NewsZone/NewsZone"
# The endpoint's parameters as page 1 declares them, in a script (``Catname: 'nMSbb...'``) or in
# data attributes (``data-catname="nMSbb..."``).
_PARAM = re.compile(
    r"""(?:\b|data-)(?:catname|pagesize|languageid|site)['"]?\s*[:=]\s*['"]([^'"]+)['"]""",
    re.IGNORECASE,
)


def encrypted_paging(response: TextResponse) -> bool:
    """True when the page loads more items from the NewsZone endpoint with parameters that are
    ciphertext (not plain numbers), so its pages 2+ cannot be requested."""
    text = response.text
    if ENDPOINT.lower() not in text.lower():
        return False
    return any(not value.isdigit() for value in _PARAM.findall(text))


PLATFORM = Platform(
    name="newspaper_cms",
    markers=markers((r"afcbc-body", 3), (r"/api/NewsZone/", 3), (r'class="[^"]*detail-content', 1)),
    article_url=re.compile(r"\d{6,}\.html?$|/vi/[^/?]+-\d+$", re.IGNORECASE),
    listing_url=re.compile(r"/(?:chuyen-muc|tin-tuc)/[^/?]+/?$", re.IGNORECASE),
    opaque_paging=encrypted_paging,
)
