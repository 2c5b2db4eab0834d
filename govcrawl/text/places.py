"""Names of provincial-level units compared as people type them: accents, case, punctuation,
spacing and a unit's title ("tỉnh", "thành phố", "TP") do not count."""

from __future__ import annotations

import re

from govcrawl.text.normalise import fold

# A unit's title in a province name: "tỉnh Lâm Đồng", "TP. Hồ Chí Minh", "thành phố Huế".
_UNIT_TITLE = re.compile(r"^(?:tinh|thanh pho|tp)\s+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def province_key(name: str) -> str:
    """Return ``name`` folded for comparison: 'TP.  Hồ Chí Minh' -> 'ho chi minh'."""
    words = _NOT_WORD.sub(" ", fold(name)).strip()
    return _UNIT_TITLE.sub("", words)
