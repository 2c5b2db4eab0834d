"""One Vietnamese orthography for matching: tone placement and i/y spelling variants.

Two conventions coexist on the portals: the old one puts the tone mark of the rhymes oa, oe and
uy on the first vowel ("hòa", "khỏe", "thủy"), the new one on the second ("hoà", "khoẻ",
"thuỷ"); and after h, k, l, m, s, t and qu a syllable ends in y or i as its writer prefers
("kỹ"/"kĩ", "lý"/"lí", "quý"/"quí", "hy"/"hi"). NFC keeps them apart; these functions do not.
They serve matching only: the archive stores what the page said.

``canonical_spelling`` keeps the accents (new tone placement, y for i); ``search_fold`` removes
them as well (đ -> d), which is how the search index and the filters compare words;
``spelling_variants`` lists every spelling of one syllable, for searching text as written.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from govcrawl.text.normalise import fold, nfc

# the five tone marks, as combining characters
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# rhymes whose tone mark the two conventions place differently (old: first vowel, new: second)
_MOVABLE = ("oa", "oe", "uy")
# onsets after which a rhyme of only i/y is written either way
_IY_ONSETS = ("h", "k", "l", "m", "s", "t", "qu")
_IY_FOLDED = re.compile(r"(?<!\w)(h|k|l|m|s|t|qu)i(?!\w)")
_WORD = re.compile(r"\w+")


def search_fold(text: str) -> str:
    """Return ``text`` casefolded, without diacritics (đ -> d), i/y unified: 'Kĩ thuật' -> 'ky thuat'."""
    return _IY_FOLDED.sub(r"\1y", fold(text))


def canonical_spelling(text: str) -> str:
    """Return ``text`` NFC and casefolded with one orthography, accents kept:
    'Hòa Bình' -> 'hoà bình', 'thủy' -> 'thuỷ', 'kĩ' -> 'kỹ', 'quí' -> 'quý'."""
    return _WORD.sub(lambda m: _canonical_syllable(m.group()), nfc(text).casefold())


@functools.lru_cache(maxsize=1 << 14)
def _canonical_syllable(word: str) -> str:
    base, tone = _split_tone(word)
    if _iy_syllable(base):
        base = base[:-1] + "y"
    if tone is None:
        return base
    index = _tone_index(base)
    return word if index is None else _place(base, tone, index)


@functools.lru_cache(maxsize=1 << 14)
def spelling_variants(word: str) -> tuple[str, ...]:
    """Every spelling of the syllable ``word`` (casefolded NFC), canonical first:
    'hòa' -> ('hoà', 'hòa'); 'kỹ' -> ('kỹ', 'kĩ'); 'nam' -> ('nam',)."""
    canonical = _canonical_syllable(nfc(word).casefold())
    base, tone = _split_tone(canonical)
    if _tone_index(base) is None:
        return (canonical,)
    bases = [base]
    if _iy_syllable(base):
        bases.append(base[:-1] + "i")
    found = [canonical]
    for each in bases:
        if tone is None:
            spellings = [each]
        else:
            spellings = [_place(each, tone, len(each) - 1)]
            if each.endswith(_MOVABLE) and not each.endswith("quy"):
                spellings.append(_place(each, tone, len(each) - 2))
        found += [s for s in spellings if s not in found]
    return tuple(found)


def _split_tone(word: str) -> tuple[str, str | None]:
    """The word without its tone mark (NFC) and the mark (a combining character) or None."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) != 1:
        return word, None
    return unicodedata.normalize("NFC", decomposed.replace(tones[0], "")), tones[0]


def _iy_syllable(base: str) -> bool:
    """True for a toneless syllable made of an i/y onset and i or y alone ('ki', 'quy')."""
    return len(base) <= 3 and base[-1:] in ("i", "y") and base[:-1] in _IY_ONSETS


def _tone_index(base: str) -> int | None:
    """Where the canonical (new) orthography puts the tone of ``base``, when the two differ."""
    if _iy_syllable(base):
        return len(base) - 1
    if base.endswith(_MOVABLE):
        return len(base) - 1
    return None


def _place(base: str, tone: str, index: int) -> str:
    return unicodedata.normalize("NFC", base[: index + 1] + tone + base[index + 1 :])
