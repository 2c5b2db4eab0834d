"""Fallback for portals whose family is unknown: links, sitemaps and feeds, common URL shapes."""

from __future__ import annotations

import re

from govcrawl.platforms.base import Platform

PLATFORM = Platform(
    name="generic",
    article_url=re.compile(
        r"(?:-\d{3,}(?:\.html?|\.aspx)?|/\d{4,}(?:\.html?)?|\.html?)$|"
        r"[?&](?:id|sid|nid|newsid|itemid|articleid|tc)=\d+(?:&|$)",
        re.IGNORECASE,
    ),
    listing_url=re.compile(
        r"[?&](?:page|p|trang|pageindex|pagenum|cur|start)=\d+|/page/\d+/?$|/trang-\d+|"
        r"/(?:tin-tuc|chuyen-muc|danh-muc|category|categories|tag|tags)(?:/|$)",
        re.IGNORECASE,
    ),
)
