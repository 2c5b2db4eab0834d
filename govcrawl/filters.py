"""Compatibility path of ``FilterError`` and ``Filters`` for scripts written against govcrawl
0.1 (prefer ``govcrawl.api``). The code lives in govcrawl.research.filters."""

from govcrawl.research.filters import FilterError, Filters, UnmatchableFilter

__all__ = ["FilterError", "Filters", "UnmatchableFilter"]
