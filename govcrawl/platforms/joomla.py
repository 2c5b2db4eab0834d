"""Joomla sites: ``option=com_content`` or SEF ``/<id>-<alias>`` articles, ``limitstart`` paging."""

from __future__ import annotations

import re

from govcrawl.platforms.base import Platform, markers

PLATFORM = Platform(
    name="joomla",
    markers=markers(
        (r"option=com_content", 3),
        (r"/media/jui/", 2),
        (r'content="Joomla', 4),
        (r"/components/com_", 2),
    ),
    article_url=re.compile(r"(?:task=view|view=article)&(?:.*&)?id=\d+|/\d+-[^/?]+(?:\.html)?$"),
    listing_url=re.compile(r"view=category|task=category|[?&](?:limitstart|start)=\d+"),
    deny_url=re.compile(
        r"task=(?:emailform|weblink)|format=(?:pdf|feed)&type=atom|[?&]print=1|tmpl=component|"
        r"option=com_(?:users|mailto|search)",
        re.IGNORECASE,
    ),
)
