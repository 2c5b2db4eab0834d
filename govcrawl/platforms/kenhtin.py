"""Thanh Hóa "KenhTin" portals (family C): dated article paths, channel listings."""

from __future__ import annotations

import re

from govcrawl.platforms.base import Platform, markers

PLATFORM = Platform(
    name="kenhtin",
    markers=markers(
        (r"/portal/KenhTin/", 3),
        (r"/portal/pages/\d{4}-\d{2}-\d{2}/", 3),
        (r"/portal/Photos/", 2),
    ),
    article_url=re.compile(r"/portal/pages/\d{4}-\d{2}-\d{2}/[^/]+\.aspx$", re.IGNORECASE),
    listing_url=re.compile(r"/portal/KenhTin/[^/]+\.aspx(?:\?|$)", re.IGNORECASE),
)
