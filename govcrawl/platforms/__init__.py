"""Platform families of Vietnamese portals, discovered from this package's modules.

``detect(url, html)`` picks the family whose markers fit a page best (``generic`` when none
does); ``get(name)`` returns a family by name (registry entries and ``-a platform=`` use it).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from govcrawl.platforms.base import Platform

# Below this score a page is not recognised and the generic profile applies.
MIN_SCORE = 2.0


@cache
def all_platforms() -> dict[str, Platform]:
    """Every family defined in this package, by name."""
    found = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name == "base":
            continue
        platform = getattr(importlib.import_module(f"{__name__}.{module.name}"), "PLATFORM", None)
        if isinstance(platform, Platform):
            found[platform.name] = platform
    return found


def get(name: str) -> Platform:
    """The family called ``name``; KeyError lists the known ones."""
    platforms = all_platforms()
    if name not in platforms:
        raise KeyError(f"unknown platform {name!r}; known: {', '.join(sorted(platforms))}")
    return platforms[name]


def detect(url: str, html: str) -> Platform:
    """The family that fits ``url`` and ``html`` best, or ``generic``."""
    scored = [(p.score(url, html), p.name) for p in all_platforms().values() if p.name != "generic"]
    best_score, best_name = max(scored, default=(0.0, "generic"))
    return get(best_name if best_score >= MIN_SCORE else "generic")
