"""Joomla sites: ``option=com_content`` or SEF ``/<id>-<alias>`` articles, ``limitstart`` paging.

Non-SEF URLs are matched whatever the order of their query parameters: canonical URLs sort them
(``?Itemid=12&catid=45%3Acat&id=1814%3Aalias&option=com_content&view=article``). Joomla 1.5 shows
PDF, print and e-mail icons on every article and its login module links ``com_user`` views:
never fetched, nor the Atom copy of each RSS feed.
"""

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
    article_url=re.compile(
        r"^(?=.*[?&](?:task=view|view=article)(?:&|$))(?=.*[?&]id=\d+)|/\d+-[^/?]+(?:\.html)?$"
    ),
    listing_url=re.compile(r"view=category|task=category|[?&](?:limitstart|start)=\d+"),
    deny_url=re.compile(
        r"task=(?:emailform|weblink)|format=pdf\b|^(?=.*[?&]format=feed\b)(?=.*[?&]type=atom\b)|"
        r"[?&]print=1|tmpl=component|option=com_(?:users?|mailto|search)\b",
        re.IGNORECASE,
    ),
)
