"""A run of words that no article holds as a phrase, searched as the parts that articles do hold.

The search reads a run of plain words as one phrase ("da nang" is "Đà Nẵng", never "đã ...
nâng"), but people also type two things at once: "nhà ở xã hội Hòa Bình", "chuyển đổi số Cẩm
Thủy". When a query finds nothing, each of its runs of four syllables or more that no article
holds as a phrase is split, between its words as typed, into parts that articles do hold: the
fewest parts, then the split whose rarest part is the most common. A part has two syllables or
more (a lone "Sở" or "số" would match nearly anything), and a name of the abbreviation table
("Sở Tài nguyên và Môi trường" is a writing of "Sở TN&MT") is never cut. The parts are then all
required ("nhà ở xã hội" AND "Hòa Bình"), each still a phrase (when no article holds them
together, the next best splits are tried, up to SPLITS_TRIED), and the
reading says so (``Reading.parts``): the command line prints it. Quoted phrases, runs under
NOT and ``any_order`` searches are never split; a run of three syllables or fewer neither
(split, "da nang" would be the noise of two common syllables anywhere). A long run left whole
that no article holds is named (``Reading.unheld``), with the way to search its words apart.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import sqlite_utils

from govcrawl.research.filters import Filters
from govcrawl.research.search import (
    Hit,
    Index,
    index_for,
    query_pieces,
    query_words,
    search,
    search_expression,
)
from govcrawl.text import abbreviations
from govcrawl.text.orthography import search_fold

MIN_SYLLABLES = 4  # shorter runs are never split
MAX_CHUNKS = 12  # longer runs are not split (the parts tried grow with the square)
COUNT_CAP = 1000  # articles counted per part, to compare how common parts are
SPLITS_TRIED = 3  # when the best split finds nothing together, the next best are tried


@dataclass(frozen=True)
class Reading:
    """What was searched: ``query`` (as typed, or with its runs split by AND), its ``hits``,
    and each split run with its parts (empty when the query was searched as typed)."""

    query: str
    hits: list[Hit]
    parts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    unheld: list[str] = field(default_factory=list)  # runs no article holds, left whole

    def note(self) -> str | None:
        """One line saying how runs were split, or which runs no article holds, or None."""
        said = [
            f'no article holds "{run}" as a phrase: searched '
            + " AND ".join(f'"{part}"' for part in parts)
            for run, parts in self.parts
        ]
        said += [
            f'no article holds "{run}" as a phrase: to search its words apart, quote them'
            ' ("a b" "c") or use --any-order'
            for run in self.unheld
        ]
        if not said:
            return None
        return "; ".join(said) + (" (nothing found either)" if self.parts and not self.hits else "")


def search_reading(
    db: sqlite_utils.Database,
    query: str,
    *,
    limit: int = 20,
    exact: bool = False,
    filters: Filters | None = None,
    any_order: bool = False,
) -> Reading:
    """``search`` as typed; when it finds nothing, again with its unheld runs split."""
    options = {"limit": limit, "exact": exact, "filters": filters, "any_order": any_order}
    hits = search(db, query, **options)  # type: ignore[arg-type]
    if hits or any_order:
        return Reading(query, hits)
    index = index_for(db)
    pieces: list[list[str]] = []  # each piece's readings: as typed, or its splits, best first
    parts: list[tuple[str, list[tuple[str, ...]]]] = []
    unheld = []
    for piece in query_pieces(query):
        long_run = sum(len(query_words(chunk)) for chunk in piece.chunks) >= MIN_SYLLABLES
        if piece.kind != "run" or piece.negated or not long_run or _held(db, index, piece.text):
            pieces.append([piece.typed()])
            continue
        splits = _splits(db, index, piece.chunks)
        if splits:
            parts.append((piece.text, splits))
            pieces.append([" AND ".join(split) for split in splits])
        else:
            pieces.append([piece.typed()])
            unheld.append(piece.text)  # a short one ("da nang") is simply not there
    if not parts:
        return Reading(query, hits, unheld=unheld)
    reading = Reading(query, hits)
    for attempt in range(max(len(splits) for _, splits in parts)):  # the next best if nothing
        rewritten = " ".join(readings[min(attempt, len(readings) - 1)] for readings in pieces)
        chosen = [(run, splits[min(attempt, len(splits) - 1)]) for run, splits in parts]
        reading = Reading(rewritten, search(db, rewritten, **options), chosen)  # type: ignore[arg-type]
        if reading.hits:
            break
    return reading


def _splits(
    db: sqlite_utils.Database, index: Index, chunks: tuple[str, ...]
) -> list[tuple[str, ...]]:
    """Up to SPLITS_TRIED splits of a run no article holds (its ``chunks``, words as typed)
    into parts articles hold, best first: fewest parts, then the most common rarest part."""
    if len(chunks) > MAX_CHUNKS:
        return []
    syllables = [len(query_words(chunk)) for chunk in chunks]
    cuts = sorted(_cuts(list(chunks), syllables))
    held: dict[tuple[int, int], int] = {}
    for a, start in enumerate(cuts):
        for end in cuts[a + 1 :]:
            if sum(syllables[start:end]) >= 2 and (start, end) != (0, len(chunks)):
                held[start, end] = _held(db, index, " ".join(chunks[start:end]))
    found: list[tuple[tuple[int, int], tuple[str, ...]]] = []

    def extend(start: int, taken: list[tuple[int, int]]) -> None:
        if start == len(chunks):
            rarest = min(held[part] for part in taken)
            text = tuple(" ".join(chunks[a:b]) for a, b in taken)
            found.append(((len(taken), -rarest), text))
            return
        for end in cuts:
            if held.get((start, end)):
                extend(end, [*taken, (start, end)])

    extend(0, [])
    return [text for _, text in sorted(found)[:SPLITS_TRIED]]


def _cuts(chunks: list[str], syllables: list[int]) -> set[int]:
    """The chunk boundaries (0 to len(chunks)) a part may start or end at: never inside a name
    of the abbreviation table."""
    typed = [word for chunk in chunks for word in query_words(chunk)]
    folded = [search_fold(word) for word in typed]
    found = abbreviations.find(folded, typed)
    inside = {k for start, end, _ in found for k in range(start + 1, end)}
    offsets = itertools.accumulate(syllables, initial=0)  # the syllable each boundary precedes
    return {i for i, offset in enumerate(offsets) if offset not in inside}


def _held(db: sqlite_utils.Database, index: Index, words: str) -> int:
    """How many articles hold ``words`` as the search reads them (at most COUNT_CAP)."""
    expression = search_expression(words, index)
    sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM {index.table} WHERE {index.table} MATCH ?"
        f" LIMIT {COUNT_CAP})"
    )
    return int(db.execute(sql, [expression]).fetchone()[0])
