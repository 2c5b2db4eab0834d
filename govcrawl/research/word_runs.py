"""A run of words that no article holds as a phrase, searched as the parts that articles do hold.

The search reads a run of plain words as one phrase ("da nang" is "Đà Nẵng", never "đã ...
nâng"), but people also type two things at once: "nhà ở xã hội Hòa Bình", "chuyển đổi số Cẩm
Thủy". When a query finds nothing, each of its runs of four syllables or more that no article
holds as a phrase is split, between its words as typed, into parts that articles do hold: the
fewest parts, then the split whose rarest part is the most common. A part has two syllables or
more (a lone "Sở" or "số" would match nearly anything), and a name of the abbreviation table
("Sở Tài nguyên và Môi trường" is a writing of "Sở TN&MT") is never cut. The parts are then all
required ("nhà ở xã hội" AND "Hòa Bình"), each still a phrase, and the
reading says so (``Reading.parts``): the command line prints it. Quoted phrases, runs under
NOT and ``any_order`` searches are never split; a run of three syllables or fewer neither
(split, "da nang" would be the noise of two common syllables anywhere). A long run left whole
that no article holds is named (``Reading.unheld``), with the way to search its words apart.
"""

from __future__ import annotations

import functools
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
    pieces, parts, unheld = [], [], []
    for piece in query_pieces(query):
        splittable = piece.kind == "run" and not piece.negated
        split = _split(db, index, piece.text) if splittable else None
        if split:
            parts.append((piece.text, split))
            pieces.append(" AND ".join(split))
            continue
        pieces.append(piece.typed())
        long_run = sum(len(query_words(chunk)) for chunk in piece.chunks) >= MIN_SYLLABLES
        if splittable and long_run and not _held(db, index, piece.text):
            unheld.append(piece.text)  # a short one ("da nang") is simply not there
    if not parts:
        return Reading(query, hits, unheld=unheld)
    rewritten = " ".join(pieces)
    return Reading(rewritten, search(db, rewritten, **options), parts)  # type: ignore[arg-type]


def _split(db: sqlite_utils.Database, index: Index, run: str) -> tuple[str, ...] | None:
    """The parts of ``run`` (its words as typed) that articles hold, or None: held whole,
    too short or too long, or some word held by no article."""
    chunks = run.split()
    syllables = [len(query_words(chunk)) for chunk in chunks]
    if sum(syllables) < MIN_SYLLABLES or len(chunks) > MAX_CHUNKS:
        return None
    held = functools.partial(_held, db, index)
    if held(run):
        return None
    cuts = _cuts(chunks, syllables)
    # best[j]: (cost, -rarest) of the best split of chunks[:j], and where its last part starts
    best: dict[int, tuple[tuple[int, int], int]] = {0: ((0, -(10**9)), -1)}
    for end in range(1, len(chunks) + 1):
        for start in range(end):
            whole = (start, end) == (0, len(chunks))
            if start not in best or whole or end not in cuts or sum(syllables[start:end]) < 2:
                continue
            found = held(" ".join(chunks[start:end]))
            if not found:
                continue
            (cost, rarest), _ = best[start]
            score = (cost + 1, max(rarest, -found))
            if end not in best or score < best[end][0]:
                best[end] = (score, start)
    if len(chunks) not in best:
        return None
    parts, end = [], len(chunks)
    while end:
        start = best[end][1]
        parts.append(" ".join(chunks[start:end]))
        end = start
    return tuple(reversed(parts))


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
