"""Near-duplicates: republications of one story with edits (pure functions).

A text becomes a set of word 4-gram shingles over its body (credit and source lines left out).
MinHash signatures (datasketch) and LSH banding find candidates in constant time per article;
the archive keeps the bands in SQLite (govcrawl.dedupe.lsh_index, written by govcrawl.store.writer). A candidate is a republication when
its shingles mostly contain, or are contained in, the other's, and the sentences both share
state the same numbers (dates, amounts, document numbers). Template announcements ("Lịch công
tác tuần", price bulletins, recruitment notices) share most sentences but not those numbers.
Proper names were tried as facts too and dropped: republications expand abbreviations
("KH&CN" -> "Khoa học và Công nghệ") and lose agreement on them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash

from govcrawl.text.authors import author_from_text
from govcrawl.text.credits import source_line
from govcrawl.text.normalise import nfc

SHINGLE_WORDS = 4
NUM_PERM = 128
BANDS, ROWS = 42, 3  # candidates from about Jaccard 0.3 up (a shortened copy has a low Jaccard)
SEED = 1
# datasketch's universal hashing: (a * h + b) mod the Mersenne prime 2**61 - 1, kept to 32 bits.
_MERSENNE_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
# Decision thresholds, chosen on tests/fixtures/near_duplicates/pairs.jsonl
# (benchmarks/evaluate_neardup.py prints precision and recall for them).
MIN_CONTAINMENT = 0.75
MIN_FACT_AGREEMENT = 0.8
# Two sentences "match" when this share of their words (Jaccard) is the same.
SENTENCE_MATCH = 0.5
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
_DIGITS = re.compile(r"\d+")


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


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's permutations for ``NUM_PERM`` and ``SEED``: drawn once (half the cost of a
    signature when drawn for each), the same values every time: the rows a and b of
    ``(a * hash + b) % prime``."""
    permutations: np.ndarray = MinHash(num_perm=NUM_PERM, seed=SEED).permutations  # (2, NUM_PERM)
    return permutations[0], permutations[1]


def signature(text: str) -> np.ndarray:
    """The MinHash signature of the text's shingles (``NUM_PERM`` unsigned 64-bit values).

    datasketch's values, computed as ``MinHash.update_batch`` does (its default hash: the first
    four bytes of SHA-1, little-endian) without a Python call per shingle for the hash.
    """
    sha1 = hashlib.sha1
    digests = b"".join([sha1(s.encode("utf-8")).digest()[:4] for s in shingles(text)])
    if not digests:
        return np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64)
    hashed = np.frombuffer(digests, dtype="<u4").astype(np.uint64)[:, np.newaxis]
    a, b = _permutations()
    permuted: np.ndarray = np.bitwise_and((a * hashed + b) % _MERSENNE_PRIME, _MAX_HASH)
    smallest: np.ndarray = permuted.min(axis=0)  # per permutation, over the shingles
    return smallest.astype(np.uint64)


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
    """How two texts relate: shingle containment, and how often the sentences they share state
    the same facts (numbers: dates, amounts, document numbers)."""

    containment: float
    facts: float

    @property
    def republication(self) -> bool:
        return self.containment >= MIN_CONTAINMENT and self.facts >= MIN_FACT_AGREEMENT


def sentences(text: str) -> list[str]:
    """The body's sentences (credit and source lines left out)."""
    return [s for line in body_lines(text) for s in _SENTENCE_END.split(line) if s.strip()]


def _facts_of(sentence: str) -> frozenset[str]:
    """The sentence's numbers, as digit runs ("12-6" and "12/6" state the same date)."""
    return frozenset(_DIGITS.findall(sentence))


def _words(sentence: str) -> set[str]:
    return set(_WORD.findall(sentence.casefold()))


def fact_agreement(first: str, second: str) -> float:
    """Of the sentence pairs that match (mostly the same words) and state facts, the share
    that state the same facts; 1.0 when no matching sentence states any.

    A republication copies sentences with their facts; a template notice repeats sentences
    with other dates, numbers and names.
    """
    theirs = [(_words(s), _facts_of(s)) for s in sentences(second)]
    matched = agreeing = 0
    for sentence in sentences(first):
        words, facts = _words(sentence), _facts_of(sentence)
        best = max(theirs, key=lambda t: len(words & t[0]) / (len(words | t[0]) or 1), default=None)
        if best is None or len(words & best[0]) / (len(words | best[0]) or 1) < SENTENCE_MATCH:
            continue
        if facts or best[1]:
            matched += 1
            agreeing += facts == best[1]
    return agreeing / matched if matched else 1.0


def similarity(first: str, second: str) -> Similarity:
    """Compare two texts: containment of the smaller shingle set, and fact agreement."""
    a, b = shingles(first), shingles(second)
    if not a or not b:
        return Similarity(0.0, 0.0)
    containment = len(a & b) / min(len(a), len(b))
    if containment < MIN_CONTAINMENT:
        return Similarity(containment, 0.0)
    return Similarity(containment, fact_agreement(first, second))
