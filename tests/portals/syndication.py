"""Two portals that share stories: a department site (DesktopModule family) and the provincial
portal (Liferay), which republishes 8 of the department's 12 articles a day later with a new
lead, a different title, a paragraph left out and a "(Nguồn: ...)" line, plus 8 of its own."""

from __future__ import annotations

import copy
from datetime import timedelta

from portals import desktopmodule, liferay
from portals.base import Article, FixturePortal, corpus

# 20 distinct stories (corpus() repeats its sources beyond them): the department publishes the
# first 12, the provincial portal republishes 8 of them and has 8 stories of its own.
SHARED = range(4, 12)


def republish(article: Article) -> Article:
    """The provincial portal's edition of a department article."""
    edition = copy.deepcopy(article)
    edition.id += 500
    edition.title = f"Lâm Đồng: {article.title.lower()}"
    edition.lead = "Cổng Thông tin điện tử tỉnh giới thiệu bài viết của Sở Khoa học và Công nghệ."
    edition.paragraphs = [
        *article.paragraphs[:-1],
        "(Nguồn: Sở Khoa học và Công nghệ tỉnh Lâm Đồng)",
    ]
    edition.author_line = None
    edition.published += timedelta(days=1)  # the portal republishes a day later
    return edition


def build() -> tuple[FixturePortal, FixturePortal, list[tuple[int, int]]]:
    """The department portal, the provincial portal, and (original id, copy id) pairs."""
    stories = corpus(20)
    department = desktopmodule.build(stories[:12])
    provincial = liferay.build([republish(stories[n]) for n in SHARED] + stories[12:])
    return department, provincial, [(stories[n].id, stories[n].id + 500) for n in SHARED]
