"""Newspaper-style CMS with encrypted AJAX listings (family F): hanoi.gov.vn, khanhhoa.gov.vn.

Listings page through ``POST /api/NewsZone/NewsZone`` with per-host ciphertext parameters that
cannot be forged; page 1, sitemaps and feeds are the entry points.
"""

from __future__ import annotations

import re

from govcrawl.platforms.base import Platform, markers

PLATFORM = Platform(
    name="newspaper_cms",
    markers=markers((r"afcbc-body", 3), (r"/api/NewsZone/", 3), (r'class="[^"]*detail-content', 1)),
    article_url=re.compile(r"\d{6,}\.html?$|/vi/[^/?]+-\d+$", re.IGNORECASE),
    listing_url=re.compile(r"/(?:chuyen-muc|tin-tuc)/[^/?]+/?$", re.IGNORECASE),
)
