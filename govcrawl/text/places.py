"""Names of provincial-level units compared as people type them: accents, case, punctuation,
spacing and a unit's title ("tỉnh", "thành phố", "TP") do not count."""

from __future__ import annotations

import re

from govcrawl.text.normalise import fold, nfc

# A unit's title in a province name: "tỉnh Lâm Đồng", "TP. Hồ Chí Minh", "thành phố Huế".
_UNIT_TITLE = re.compile(r"^(?:tinh|thanh pho|tp)\s+")
# The same title as typed, accents or not: "Tỉnh ", "thanh pho ", "TP.", "Tp "
_TYPED_TITLE = re.compile(r"^\s*(?:t[iỉ]nh\s|th[aà]nh\s+ph[oố]\s|tp\.|tp\s)\s*", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def province_key(name: str) -> str:
    """Return ``name`` folded for comparison: 'TP.  Hồ Chí Minh' -> 'ho chi minh'."""
    words = _NOT_WORD.sub(" ", fold(name)).strip()
    return _UNIT_TITLE.sub("", words)


def without_unit_title(name: str) -> str:
    """``name`` as typed, without a leading unit title: 'tỉnh Lâm Đồng' -> 'Lâm Đồng',
    'TP.Hồ Chí Minh' -> 'Hồ Chí Minh'; a name that is only a title is kept."""
    bare = _TYPED_TITLE.sub("", nfc(name), count=1)
    return bare if bare.strip() else name
