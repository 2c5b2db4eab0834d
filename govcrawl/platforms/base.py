"""What a platform family (CMS) profile is: URL shapes, detection markers, paging hooks.

A profile is data plus, where a family pages by POST (ASP.NET postbacks, AJAX endpoints), a
function that turns a listing response into the requests for its next pages. Adding a family is
one module in this package that defines ``PLATFORM``; nothing else changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from scrapy import Request
from scrapy.http import TextResponse

PagingHook = Callable[[TextResponse], Iterator[Request]]


def _never(_: TextResponse) -> Iterator[Request]:
    return iter(())


def _no(_: TextResponse) -> bool:
    return False


@dataclass(frozen=True)
class Platform:
    """One platform family: how to recognise it and how its URLs are shaped."""

    name: str
    # Substrings or patterns in a page's URL or HTML that identify the family, with weights.
    markers: tuple[tuple[re.Pattern[str], float], ...] = ()
    # URLs of single articles, and of listings (categories, paginated lists).
    article_url: re.Pattern[str] | None = None
    listing_url: re.Pattern[str] | None = None
    # URLs never worth fetching on this family (actions, admin, print views, language switches).
    deny_url: re.Pattern[str] | None = None
    # Requests for listing pages that links cannot reach (POST paging); none by default.
    paging: PagingHook = field(default=_never)
    # True for a listing whose paging exists but cannot be followed (encrypted parameters).
    opaque_paging: Callable[[TextResponse], bool] = field(default=_no)

    def score(self, url: str, html: str) -> float:
        """How strongly ``url`` and ``html`` (the page's first 64 KiB) look like this family."""
        text = f"{url}\n{html[:65536]}"
        return sum(weight for pattern, weight in self.markers if pattern.search(text))

    def url_kind(self, url: str) -> str | None:
        """``article`` or ``listing`` when the URL's shape says so, else None."""
        if self.article_url is not None and self.article_url.search(url):
            return "article"
        if self.listing_url is not None and self.listing_url.search(url):
            return "listing"
        return None

    def denies(self, url: str) -> bool:
        """True for URLs this family's portals never need fetched."""
        return self.deny_url is not None and bool(self.deny_url.search(url))


def markers(*pairs: tuple[str, float]) -> tuple[tuple[re.Pattern[str], float], ...]:
    """Compile (regex, weight) marker pairs, case-insensitively."""
    return tuple((re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in pairs)
