"""Liferay Portal 6.x/7.x (family A): friendly ``/-/`` article URLs, Asset Publisher paging.

Seen on danang.gov.vn, bacgiang.gov.vn, thainguyen.gov.vn, sotttt.hanoi.gov.vn. Listings page
with ``..._cur=N`` in the portlet namespace; content links carry ``redirect=`` back to the
listing, which the spider strips; language switch links nest forever (``/en/vi/en/...``).
"""

from __future__ import annotations

import re

from govcrawl.platforms.base import Platform, markers

PLATFORM = Platform(
    name="liferay",
    markers=markers(
        (r"/web/guest/", 2),
        (r"/-/asset_publisher/", 3),
        (r"[?&]p_p_id=", 3),
        (r"\bvar Liferay\s*=|Liferay\.(?:ThemeDisplay|Portlet|on)\b", 3),
        (r'class="aui\b', 2),
        (r"/documents/\d+/\d+/", 1),
        (r"portlet-boundary", 2),
        (r"journal-content-article", 2),
    ),
    article_url=re.compile(
        r"/-/(?:asset_publisher/\w+/content/|view_content/)?[^/?#]+/?(?:\?|$)|"
        r"/chi-tiet\?id=\d+|_articleId=\d+",
        re.IGNORECASE,
    ),
    listing_url=re.compile(r"_cur=\d+|_delta=\d+|/-/asset_publisher/\w+/?(?:\?|$)", re.IGNORECASE),
    deny_url=re.compile(
        r"p_p_lifecycle=[12]|p_p_state=(?:pop_up|exclusive)|/c/portal/(?:login|logout|layout)|"
        r"_struts_action=|/-/(?:asset_publisher/\w+/)?rss\b|[?&]p_l_id=|/html/portlet/",
        re.IGNORECASE,
    ),
)
