"""The terms of the word index (``articles_words``): a text's search-folded syllables and the
pairs of adjacent ones.

A Vietnamese phrase is a run of syllables, and folded syllables are very common ("khoa", "hoc",
"cong", "nghe" each stand in most articles): matched against single syllables, a phrase reads
every position of every article that holds them all. Indexed as adjacent pairs as well
("khoa_hoc hoc_va va_cong cong_nghe"), the phrase "khoa học và công nghệ" is the phrase of
its pairs, whose lists are short (the common-grams of web search engines).

Both sides come from here: the archive indexes ``index_terms`` of each title and text, the
search asks for ``pair_phrase`` of the query's syllables, so they split and fold alike.
Syllables are runs of letters and digits (``_`` separates, as in SQLite's unicode61), each
``search_fold``-ed: no tone marks, đ as d, lower case, i/y unified. Changing what this module
returns changes the index: it then needs a migration that rebuilds it
(``govcrawl.store.word_index.rebuild``), or deleting an article would not find its terms.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

from govcrawl.text.normalise import nfc
from govcrawl.text.orthography import search_fold

PAIR_JOINER = "_"  # a token character of the index's tokenizer, never inside a syllable
_SYLLABLE = re.compile(r"[^\W_]+")


def syllables(text: str) -> list[str]:
    """The search-folded syllables of ``text``: 'Kĩ thuật, KH&CN' -> ['ky', 'thuat', 'kh', 'cn']."""
    words = _SYLLABLE.findall(nfc(text))  # decomposed text would split at its combining marks
    return [folded for word in words if (folded := _folded(word))]


def pair_phrase(folded: Sequence[str]) -> str:
    """The adjacent pairs of ``folded`` syllables, space-separated: 'khoa_hoc hoc_va'."""
    return " ".join(f"{a}{PAIR_JOINER}{b}" for a, b in itertools.pairwise(folded))


def index_terms(text: str | None) -> tuple[str, str]:
    """The syllables of ``text`` and their adjacent pairs, each space-separated (one position
    per syllable: the pair at position i starts with syllable i)."""
    folded = syllables(text or "")
    return " ".join(folded), pair_phrase(folded)


# a word's fold, cached: a text repeats its words (folding keeps letters letters: no "_", no space)
_folded = functools.lru_cache(maxsize=1 << 16)(search_fold)
