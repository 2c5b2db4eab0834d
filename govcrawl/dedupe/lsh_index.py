"""The archive's persistent near-duplicate index: MinHash signatures and LSH band buckets,
kept in generations (a log-structured merge inside SQLite).

A bucket is a hash, so a table ordered by bucket puts an article's 42 rows on 42 random pages:
once the index outgrows SQLite's page cache, every commit rewrote thousands of pages and adding
an article cost more the larger the archive. New rows go instead into a small *open*
generation, whose pages stay hot. A full open generation is sealed, and ``FANOUT`` sealed
generations of one size tier merge into one, written in key order (sequential pages). A lookup
probes every generation: ``FANOUT - 1`` per tier at most, about twenty at a million articles.
A sealed generation has a Bloom filter of its buckets (``lsh_bloom_filters``), so a lookup reads
a sealed generation's pages only for the buckets it may hold: an article with no near copy reads
almost none of the sealed generations, however large the archive.

Every change is part of a transaction (an article's rows with the article, a merge in its own),
so an interrupted crawl leaves the index consistent with the articles. Merges too large to run
between two batches of a crawl (``max_articles``) wait for its end.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import sqlite_utils

from govcrawl.dedupe import neardup

# Articles an open generation takes before it is sealed: its ~172,000 rows (about 5 MiB) stay in
# the writer's page cache.
OPEN_ARTICLES = 4096
# Sealed generations of one size tier merged into one (tier t: OPEN_ARTICLES * FANOUT**t). Eight:
# a row is rewritten about half as often as with four, and the filters keep the extra
# generations out of lookups (benchmarks/neardup_insert.py).
FANOUT = 8
# Bloom filters of sealed generations: bits per bucket and hash functions (about 1% of the
# buckets a generation does not hold pass its filter).
BLOOM_BITS_PER_KEY = 10
BLOOM_HASHES = 7
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # spreads band numbers over 64 bits
_GENERATIONS = "SELECT generation FROM lsh_generations"


@dataclass(frozen=True)
class Generation:
    """One generation of the index: its number, the articles added to it, sealed or open."""

    number: int
    articles: int
    sealed: bool

    @property
    def tier(self) -> int:
        """Its size tier: 0 below ``FANOUT`` open generations' worth, then one per factor."""
        tier, size = 0, self.articles // OPEN_ARTICLES
        while size >= FANOUT:
            tier, size = tier + 1, size // FANOUT
        return tier


class Bloom:
    """A Bloom filter of (band, bucket) keys; never says no to a key it was built with."""

    def __init__(self, bits: np.ndarray):
        self.bits = bits  # uint8; its length * 8 is the number of bits

    @classmethod
    def build(cls, chunks: Iterable[np.ndarray], keys: int) -> Bloom:
        """A filter sized for ``keys`` keys, holding each key of ``chunks`` (from ``keys_of``)."""
        bits = np.zeros(max(8, (BLOOM_BITS_PER_KEY * keys + 7) // 8), dtype=np.uint8)
        size = np.uint64(bits.size * 8)
        for chunk in chunks:
            positions = _positions(chunk, size).ravel()
            np.bitwise_or.at(bits, positions >> np.uint64(3),
                             np.left_shift(1, positions & np.uint64(7)).astype(np.uint8))  # fmt: skip
        return cls(bits)

    def may_hold(self, keys: np.ndarray) -> np.ndarray:
        """For each key, False when the filter was certainly not built with it."""
        row: np.ndarray = BloomSet([(0, self.bits)]).may_hold(keys)[0]  # one filter: one row
        return row


class BloomSet:
    """The filters of several generations, checked together in a few numpy operations."""

    def __init__(self, filters: list[tuple[int, np.ndarray]]):
        self.numbers = [number for number, _ in filters]
        self.bits = np.concatenate([bits for _, bits in filters] or [np.zeros(0, np.uint8)])
        sizes = np.array([bits.size * 8 for _, bits in filters], dtype=np.uint64)
        self.sizes = sizes[:, np.newaxis, np.newaxis]
        self.offsets = (np.cumsum(sizes, dtype=np.uint64) - sizes)[:, np.newaxis, np.newaxis]

    def filters(self) -> list[tuple[int, np.ndarray]]:
        """Each generation's filter: a view of the set's bits."""
        ends = (self.offsets + self.sizes).ravel() // 8
        starts = self.offsets.ravel() // 8
        return [(number, self.bits[int(start) : int(end)])
                for number, start, end in zip(self.numbers, starts, ends, strict=True)]  # fmt: skip

    def may_hold(self, keys: np.ndarray) -> np.ndarray:
        """A (filters, keys) array: False where a filter was certainly not built with a key."""
        if not self.numbers:
            return np.zeros((0, len(keys)), dtype=bool)
        positions = self.offsets + _positions(keys, self.sizes)
        found: np.ndarray = (self.bits[positions >> np.uint64(3)] >> (positions & np.uint64(7))) & 1
        return np.asarray(found.all(axis=2))  # an array, never numpy's scalar bool


def keys_of(bands: np.ndarray, buckets: np.ndarray) -> np.ndarray:
    """One 64-bit key per (band, bucket): the bucket (a hash) mixed with its band number."""
    spread = bands.astype(np.uint64) * _GOLDEN
    return buckets.astype(np.int64).view(np.uint64) ^ spread


def _positions(keys: np.ndarray, size: np.ndarray | np.uint64) -> np.ndarray:
    """Each key's bit positions in a filter of ``size`` bits (double hashing on the key's two
    32-bit halves): (keys, BLOOM_HASHES); (filters, keys, BLOOM_HASHES) for a column of sizes."""
    low = (keys & np.uint64(0xFFFFFFFF))[:, np.newaxis]
    high = ((keys >> np.uint64(32)) | np.uint64(1))[:, np.newaxis]
    return (low + np.arange(BLOOM_HASHES, dtype=np.uint64) * high) % size


class LshIndex:
    """Adds, removes and looks up articles in the archive's LSH index (one connection's)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.merges = 0  # merges run by this instance
        # Sealed generations' filters (a generation number is never reused once committed; the
        # cache is emptied when a compaction fails and rolls back).
        self._bloom_set = BloomSet([])

    def add(self, article_id: int, hashvalues: np.ndarray) -> None:
        """Store the article's signature and its buckets in the open generation."""
        self.db.execute(
            "INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)",
            [article_id, hashvalues.tobytes()],
        )
        generation = self._open_generation()
        self.db.conn.executemany(
            "INSERT INTO lsh_buckets (generation, band, bucket, article_id) VALUES (?, ?, ?, ?)",
            [(generation, band, bucket, article_id) for band, bucket in neardup.bands(hashvalues)],
        )
        self.db.execute(
            "UPDATE lsh_generations SET articles = articles + 1 WHERE generation = ?", [generation]
        )

    def remove(self, article_id: int) -> None:
        """Remove the article's signature and buckets (whichever generation holds them)."""
        row = self.db.execute(
            "SELECT signature FROM article_signatures WHERE article_id = ?", [article_id]
        ).fetchone()
        if row is None:
            return
        self.db.conn.executemany(
            f"DELETE FROM lsh_buckets WHERE generation IN ({_GENERATIONS}) "
            "AND band = ? AND bucket = ? AND article_id = ?",
            [(band, bucket, article_id)
             for band, bucket in neardup.bands(np.frombuffer(row[0], dtype=np.uint64))],
        )  # fmt: skip
        self.db.execute("DELETE FROM article_signatures WHERE article_id = ?", [article_id])

    def candidates(self, hashvalues: np.ndarray) -> Counter[int]:
        """Archived articles sharing a bucket with the signature: how many buckets each.

        One statement probes every generation: the open one (and a sealed one still without a
        filter) for every band, a sealed one only for the buckets its Bloom filter may hold.
        """
        pairs = list(neardup.bands(hashvalues))
        unfiltered, blooms = self._lookup_generations()
        wanted = [value for number in unfiltered for pair in pairs for value in (number, *pair)]
        if blooms.numbers:
            buckets = np.array([bucket for _, bucket in pairs], dtype=np.int64)
            held = blooms.may_hold(keys_of(np.arange(len(pairs)), buckets))
            for which, band in zip(*np.nonzero(held), strict=True):
                wanted += (blooms.numbers[which], *pairs[band])
        if not wanted:
            return Counter()
        marks = ", ".join(["(?, ?, ?)"] * (len(wanted) // 3))
        rows = self.db.conn.execute(
            f"WITH wanted(generation, band, bucket) AS (VALUES {marks}) "
            "SELECT l.article_id FROM wanted JOIN lsh_buckets AS l "
            "ON l.generation = wanted.generation AND l.band = wanted.band "
            "AND l.bucket = wanted.bucket",
            wanted,
        )
        return Counter(article_id for (article_id,) in rows)

    def _lookup_generations(self) -> tuple[list[int], BloomSet]:
        """The generations without a filter (the open one; sealed before filters existed),
        and the filters of the others."""
        found = self.db.conn.execute(
            "SELECT g.generation, f.generation IS NOT NULL FROM lsh_generations AS g "
            "LEFT JOIN lsh_bloom_filters AS f USING (generation)"
        ).fetchall()
        filtered = [number for number, has_filter in found if has_filter]
        if filtered != self._bloom_set.numbers:  # filters read once; merged-away ones let go
            known = dict(self._bloom_set.filters())
            self._bloom_set = BloomSet(
                [(n, known[n] if n in known else self._read_filter(n)) for n in filtered]
            )
        return [number for number, has_filter in found if not has_filter], self._bloom_set

    def _read_filter(self, number: int) -> np.ndarray:
        (blob,) = self.db.conn.execute(
            "SELECT bloom FROM lsh_bloom_filters WHERE generation = ?", [number]
        ).fetchone()
        return np.frombuffer(blob, dtype=np.uint8)

    def generations(self) -> list[Generation]:
        """The index's generations, oldest first."""
        return [
            Generation(number, articles, bool(sealed))
            for number, articles, sealed in self.db.execute(
                "SELECT generation, articles, sealed FROM lsh_generations ORDER BY generation"
            )
        ]

    def compact(self, max_articles: int | None = None) -> int:
        """Seal a full open generation and give it its Bloom filter (and any sealed generation
        without one), then merge each tier holding ``FANOUT`` sealed generations,
        smallest first; leave merges of more than ``max_articles`` articles for a later call.
        Each step is one transaction. Returns the number of merges."""
        try:
            return self._compact(max_articles)
        except BaseException:
            self._bloom_set = BloomSet([])  # a rolled-back step may have used a generation
            # number that will be used again
            raise

    def _compact(self, max_articles: int | None) -> int:
        with self.db.atomic():
            self.db.execute(
                "UPDATE lsh_generations SET sealed = 1 WHERE sealed = 0 AND articles >= ?",
                [OPEN_ARTICLES],
            )
        unfiltered = self.db.execute(
            "SELECT generation, articles FROM lsh_generations WHERE sealed = 1 "
            "AND generation NOT IN (SELECT generation FROM lsh_bloom_filters)"
        ).fetchall()
        for number, articles in unfiltered:
            with self.db.atomic():
                self._filter(number, articles)
        merges = 0
        # A merge copies rows whose articles exist: checking each row's foreign key would read
        # the articles table in bucket order, most of a merge's time in a large archive.
        self.db.execute("PRAGMA foreign_keys = OFF")
        try:
            while group := self._mergeable(max_articles):
                with self.db.atomic():
                    self._merge(group)
                merges += 1
                self.merges += 1
        finally:
            self.db.execute("PRAGMA foreign_keys = ON")
        return merges

    def _filter(self, number: int, articles: int) -> None:
        """Build and store the Bloom filter of sealed generation ``number``."""
        bloom = Bloom.build(self._keys(number), max(1, articles) * neardup.BANDS)
        self.db.execute(
            "INSERT INTO lsh_bloom_filters (generation, bloom) VALUES (?, ?)",
            [number, bloom.bits.tobytes()],
        )

    def _keys(self, number: int) -> Iterator[np.ndarray]:
        """The keys (``keys_of``) of generation ``number``, a band at a time: one string of
        its buckets from SQLite, parsed by numpy (a third of the time of reading rows)."""
        for band in range(neardup.BANDS):
            (joined,) = self.db.conn.execute(
                "SELECT group_concat(bucket) FROM lsh_buckets WHERE generation = ? AND band = ?",
                [number, band],
            ).fetchone()
            if not joined:
                continue
            buckets = np.fromstring(joined, dtype=np.int64, sep=",")
            if len(buckets) != joined.count(",") + 1:  # reported as the archive's fault
                raise sqlite3.DatabaseError(f"unreadable LSH buckets in generation {number}")
            yield keys_of(np.full(len(buckets), band), buckets)

    def _mergeable(self, max_articles: int | None) -> list[Generation]:
        """The sealed generations of the lowest size tier that holds ``FANOUT`` of them, when
        they hold at most ``max_articles`` articles in all; [] when none."""
        tiers: dict[int, list[Generation]] = {}
        for generation in self.generations():
            if generation.sealed:
                tiers.setdefault(generation.tier, []).append(generation)
        for tier in sorted(tiers):
            group = tiers[tier][:FANOUT]
            if len(group) == FANOUT:
                articles = sum(g.articles for g in group)
                return group if max_articles is None or articles <= max_articles else []
        return []

    def _merge(self, group: list[Generation]) -> None:
        """Rewrite ``group`` as one new sealed generation: a merge of their sorted rows (each
        generation is read in key order; SQLite merges them without sorting)."""
        (merged,) = self.db.execute(
            "SELECT coalesce(max(generation), 0) + 1 FROM lsh_generations"
        ).fetchone()
        numbers = [g.number for g in group]
        self.db.execute(
            "INSERT INTO lsh_buckets (generation, band, bucket, article_id) "
            + " UNION ALL ".join(
                f"SELECT {int(merged)}, band, bucket, article_id FROM lsh_buckets "
                f"WHERE generation = {int(number)}"
                for number in numbers
            )
            + " ORDER BY 2, 3, 4"
        )
        marks = ", ".join("?" * len(numbers))
        self.db.execute(f"DELETE FROM lsh_buckets WHERE generation IN ({marks})", numbers)
        # (foreign keys are off during merges: no cascade)
        self.db.execute(f"DELETE FROM lsh_bloom_filters WHERE generation IN ({marks})", numbers)
        self.db.execute(f"DELETE FROM lsh_generations WHERE generation IN ({marks})", numbers)
        articles = sum(g.articles for g in group)
        self.db.execute(
            "INSERT INTO lsh_generations (generation, articles, sealed) VALUES (?, ?, 1)",
            [merged, articles],
        )
        self._filter(merged, articles)

    def _open_generation(self) -> int:
        """The open generation's number (a new one when every generation is sealed)."""
        row = self.db.execute("SELECT generation FROM lsh_generations WHERE sealed = 0").fetchone()
        if row:
            return int(row[0])
        cursor = self.db.execute(
            "INSERT INTO lsh_generations (generation, articles, sealed) "
            "SELECT coalesce(max(generation), 0) + 1, 0, 0 FROM lsh_generations"
        )
        return int(cursor.lastrowid or 0)
