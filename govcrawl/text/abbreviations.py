"""Abbreviations of official Vietnamese ("UBND", "KH&CN", "Sở TN&MT"), read from the table
``abbreviations.toml`` beside this module (the file documents its format).

Everything here works on syllables as search folds them (``search_fold``, punctuation dropped):
"KH&CN" is ("kh", "cn"), "KHCN" is ("khcn",). ``find`` locates an entry's forms or expansions
in a run of syllables; ``variants`` lists every way of writing one; ``canonical_name`` writes
every abbreviation of a name out in full, so names compare equal however they are written.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from govcrawl.text.orthography import canonical_spelling, search_fold

ABBREVIATIONS_FILE = Path(__file__).with_name("abbreviations.toml")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Written:
    """One way of writing an entry: folded syllables, accent-exact syllables, as in the table."""

    folded: tuple[str, ...]
    exact: tuple[str, ...]
    is_form: bool  # an abbreviated form, not an expansion


@dataclass(frozen=True)
class Abbreviation:
    """An entry of the table: its forms and expansions (canonical expansion first)."""

    forms: tuple[str, ...]
    expansions: tuple[str, ...]
    ambiguous: bool = False

    @functools.cached_property
    def written(self) -> tuple[Written, ...]:
        """Every way of writing it, expansions first (canonical first), without repeats."""
        found: dict[tuple[str, ...], Written] = {}
        for text, is_form in [(e, False) for e in self.expansions] + [
            (f, True) for f in self.forms
        ]:
            folded = syllables(text)
            found.setdefault(folded, Written(folded, exact_syllables(text), is_form))
        return tuple(found.values())

    @property
    def canonical(self) -> tuple[str, ...]:
        return self.written[0].folded

    def searchable(self) -> tuple[Written, ...]:
        """The writings a search looks for: an ambiguous entry's forms are ordinary words."""
        return tuple(w for w in self.written if not (self.ambiguous and w.is_form))


def syllables(text: str) -> tuple[str, ...]:
    """``text`` as search-folded syllables, punctuation dropped: 'KH&CN' -> ('kh', 'cn')."""
    return tuple(_WORD.findall(search_fold(text)))


def exact_syllables(text: str) -> tuple[str, ...]:
    """``text`` as accent-exact syllables in the canonical orthography."""
    return tuple(_WORD.findall(canonical_spelling(text)))


@functools.lru_cache(maxsize=1)
def table() -> tuple[Abbreviation, ...]:
    """The entries of ABBREVIATIONS_FILE."""
    data = tomllib.loads(ABBREVIATIONS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Abbreviation(tuple(entry["forms"]), tuple(entry["expansions"]),
                     bool(entry.get("ambiguous", False)))
        for entry in data["abbreviation"]
    )  # fmt: skip


@functools.lru_cache(maxsize=1)
def _index() -> dict[tuple[str, ...], tuple[Abbreviation, bool]]:
    """Folded syllables of every form and expansion -> (entry, is it an abbreviated form)."""
    index: dict[tuple[str, ...], tuple[Abbreviation, bool]] = {}
    for entry in table():
        for written in entry.written:
            index.setdefault(written.folded, (entry, written.is_form))
    return index


@functools.lru_cache(maxsize=1)
def _longest() -> int:
    return max(len(key) for key in _index())


def find(
    folded: list[str], original: list[str] | None = None
) -> list[tuple[int, int, Abbreviation]]:
    """Non-overlapping (start, end, entry) of the table's writings in the syllables ``folded``,
    longest first from the left. ``original`` (the same syllables as typed) lets an ambiguous
    form count only when written in capitals ("CA", not "ca")."""
    index, found, start = _index(), [], 0
    while start < len(folded):
        for end in range(min(len(folded), start + _longest()), start, -1):
            match = index.get(tuple(folded[start:end]))
            if match is None:
                continue
            entry, is_form = match
            if entry.ambiguous and is_form:
                typed = original[start:end] if original else []
                if not typed or not all(s.isupper() for s in typed):
                    continue
            found.append((start, end, entry))
            start = end - 1
            break
        start += 1
    return found


def variants(phrase: str) -> list[str]:
    """Every searchable writing (folded, syllables joined by spaces) of the entry ``phrase``
    names as a whole; [] when it is not in the table."""
    folded = list(syllables(phrase))
    found = find(folded, _WORD.findall(phrase))
    if len(found) != 1 or found[0][:2] != (0, len(folded)):
        return []
    return [" ".join(w.folded) for w in found[0][2].searchable()]


def canonical_name(text: str) -> str:
    """``text`` search-folded with every abbreviation written out in its canonical expansion:
    'Sở KH&CN', 'so khcn' and 'Sở Khoa học và Công nghệ' all give 'so khoa hoc va cong nghe'."""
    original = _WORD.findall(text)
    folded = list(syllables(text))
    if len(original) != len(folded):  # folding split or joined a word: no case information
        original = []
    out: list[str] = []
    position = 0
    for start, end, entry in find(folded, original):
        out += folded[position:start] + list(entry.canonical)
        position = end
    return " ".join(out + folded[position:])
