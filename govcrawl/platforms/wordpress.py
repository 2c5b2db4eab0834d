"""WordPress sites (centres, hospitals, some departments): dated permalinks, /page/N/."""

from __future__ import annotations

import re

from govcrawl.platforms.base import Platform, markers

PLATFORM = Platform(
    name="wordpress",
    markers=markers((r"/wp-content/", 3), (r"/wp-includes/", 2), (r'content="WordPress', 4)),
    article_url=re.compile(r"/\d{4}/\d{2}/(?:\d{2}/)?[^/?]+/?$|[?&]p=\d+$"),
    listing_url=re.compile(r"/page/\d+/?$|/category/|/tag/|[?&]paged=\d+"),
    deny_url=re.compile(
        r"/wp-(?:admin|login\.php|json)|/xmlrpc\.php|[?&](?:replytocom|share|like_comment)=|"
        r"/comments/feed|/embed/?$|[?&]amp(?:=|$)|/attachment/",
        re.IGNORECASE,
    ),
)
