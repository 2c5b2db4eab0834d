"""Near-duplicates: republications of one story with edits (pure functions).

A text becomes a set of word 4-gram shingles over its body (credit and source lines left out).
MinHash signatures (datasketch) and LSH banding find candidates in constant time per article;
the archive keeps the bands in SQLite (govcrawl.archive). A candidate is a republication when
its shingles mostly contain, or are contained in, the other's, and the facts both state agree:
numbers, dates and the proper names of people and places. Template announcements ("Lịch công
tác tuần", price bulletins, recruitment notices) share most sentences but not those facts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from govcrawl.authors import author_from_text
from govcrawl.normalise import nfc
from govcrawl.sources import source_line

SHINGLE_WORDS = 4
NUM_PERM = 128
BANDS, ROWS = 32, 4  # candidates from about Jaccard 0.42 up
SEED = 1
# Decision thresholds, chosen on tests/fixtures/near_duplicates/pairs.jsonl
# (benchmarks/evaluate_neardup.py prints precision and recall for them).
MIN_CONTAINMENT = 0.5
MIN_NUMBER_AGREEMENT = 0.6
MIN_NAME_AGREEMENT = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,/-]\d+)*")
# A capitalised word inside a sentence: part of a proper name (person, place, organisation).
_NAME_WORD = re.compile(r"(?<=[\w,;] )[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\w]+")


def body_lines(text: str) -> list[str]:
    """The body's lines without trailing credit and source lines (they differ per portal)."""
    lines = [line for line in nfc(text).splitlines() if line.strip()]
    while lines and (
        source_line(lines[-1]) or author_from_text("\n".join(lines[-2:])) == lines[-1].strip()
    ):
        lines.pop()
    return lines


def shingles(text: str) -> set[str]:
    """Word 4-grams of the body, lower-cased (one shingle for a shorter text)."""
    words = _WORD.findall(" ".join(body_lines(text)).casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature of the text's shingles (``NUM_PERM`` unsigned 64-bit values)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return minhash.hashvalues.astype(np.uint64)


def bands(hashvalues: np.ndarray) -> Iterator[tuple[int, int]]:
    """(band number, bucket) pairs of a signature: equal buckets make LSH candidates.

    Buckets are BLAKE2 digests of the band's values (stable across processes, signed 64-bit).
    """
    for band in range(BANDS):
        chunk = np.ascontiguousarray(hashvalues[band * ROWS : (band + 1) * ROWS]).tobytes()
        yield (
            band,
            int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little", signed=True),
        )


@dataclass(frozen=True)
class Similarity:
    """How two texts relate: shingle containment, and agreement of the numbers (dates,
    amounts, document numbers) and of the proper names they state."""

    containment: float
    numbers: float
    names: float

    @property
    def republication(self) -> bool:
        return (
            self.containment >= MIN_CONTAINMENT
            and self.numbers >= MIN_NUMBER_AGREEMENT
            and self.names >= MIN_NAME_AGREEMENT
        )


def _agreement(first: set[str], second: set[str]) -> float:
    """Share of the smaller set found in the other (1.0 when either states none)."""
    return len(first & second) / min(len(first), len(second)) if first and second else 1.0


def similarity(first: str, second: str) -> Similarity:
    """Compare two texts: containment of the smaller shingle set, and fact agreement."""
    a, b = shingles(first), shingles(second)
    if not a or not b:
        return Similarity(0.0, 0.0, 0.0)
    body_a, body_b = " ".join(body_lines(first)), " ".join(body_lines(second))
    return Similarity(
        containment=len(a & b) / min(len(a), len(b)),
        numbers=_agreement(set(_NUMBER.findall(body_a)), set(_NUMBER.findall(body_b))),
        names=_agreement(set(_NAME_WORD.findall(body_a)), set(_NAME_WORD.findall(body_b))),
    )
