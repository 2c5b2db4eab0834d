"""The "/upload/<siteId>/<yyyymmdd>/" CMS (family E): gialai, hungyen, hanam units.

Listings such as ``chuyen-muc-<slug>-c21072-1.html`` carry the page number last; articles end
in an id; the pager is ``.wrapper-pagination a.next-pages``.
"""

from __future__ import annotations

import re

from govcrawl.platforms.base import Platform, markers

PLATFORM = Platform(
    name="upload_cms",
    markers=markers(
        (r"/upload/\d+/\d{8}/", 2),
        (r"news-detail-layout|new-detail-layout", 3),
        (r"wrapper-pagination", 2),
        (r'class="[^"]*title-detail', 1.5),
        (r"/3rdparty/pdfjs/", 2),
        (r'class="[^"]*article-brief', 1),
    ),
    article_url=re.compile(r"-\d{4,}\.html$|/tin-tuc/[^/?]+/[^/?]+-\d+$"),
    listing_url=re.compile(r"-c\d+-\d+\.html$|/tin-tuc/[^/?]+(?:\?page=\d+)?$"),
    deny_url=re.compile(r"/3rdparty/|[?&]print=|/in-bai/", re.IGNORECASE),
)
