"""Compatibility path of ``Hit`` and ``SearchError`` for scripts written against govcrawl 0.1
(prefer ``govcrawl.api``). The code lives in govcrawl.research.search."""

from govcrawl.research.search import Hit, SearchError

__all__ = ["Hit", "SearchError"]
