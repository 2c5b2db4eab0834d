"""The archive's persistent near-duplicate index: MinHash signatures and LSH band buckets,
kept in generations (a log-structured merge inside SQLite).

A bucket is a hash, so a table ordered by bucket puts an article's 42 rows on 42 random pages:
once the index outgrows SQLite's page cache, every commit rewrote thousands of pages and adding
an article cost more the larger the archive. New rows go instead into a small *open*
generation, whose pages stay hot. A full open generation is sealed, and ``FANOUT`` sealed
generations of one size tier merge into one, written in key order (sequential pages). A lookup
probes every generation: ``FANOUT - 1`` per tier at most, about fifteen at a million
articles.

Every change is part of a transaction (an article's rows with the article, a merge in its own),
so an interrupted crawl leaves the index consistent with the articles. Merges too large to run
between two batches of a crawl (``max_articles``) wait for its end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import sqlite_utils

from govcrawl import neardup

# Articles an open generation takes before it is sealed: its ~43,000 rows fit in ~1 MiB.
OPEN_ARTICLES = 1024
# Sealed generations of one size tier merged into one (tier t: OPEN_ARTICLES * FANOUT**t).
FANOUT = 4
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


class LshIndex:
    """Adds, removes and looks up articles in the archive's LSH index (one connection's)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.merges = 0  # merges run by this instance

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

        One statement probes every band in every generation (the generations' numbers are
        inlined: the planner then seeks the primary key for each).
        """
        numbers = ", ".join(str(n) for (n,) in self.db.conn.execute(_GENERATIONS))
        keys = [value for key in neardup.bands(hashvalues) for value in key]
        if not numbers:
            return Counter()
        marks = ", ".join(["(?, ?)"] * (len(keys) // 2))
        rows = self.db.conn.execute(
            f"WITH wanted(band, bucket) AS (VALUES {marks}) "
            "SELECT l.article_id FROM wanted JOIN lsh_buckets AS l "
            f"ON l.generation IN ({numbers}) AND l.band = wanted.band "
            "AND l.bucket = wanted.bucket",
            keys,
        )
        return Counter(article_id for (article_id,) in rows)

    def generations(self) -> list[Generation]:
        """The index's generations, oldest first."""
        return [
            Generation(number, articles, bool(sealed))
            for number, articles, sealed in self.db.execute(
                "SELECT generation, articles, sealed FROM lsh_generations ORDER BY generation"
            )
        ]

    def compact(self, max_articles: int | None = None) -> int:
        """Seal a full open generation, then merge each tier holding ``FANOUT`` sealed
        generations, smallest first; leave merges of more than ``max_articles`` articles for a
        later call. Each step is one transaction. Returns the number of merges."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE lsh_generations SET sealed = 1 WHERE sealed = 0 AND articles >= ?",
                [OPEN_ARTICLES],
            )
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
        self.db.execute(f"DELETE FROM lsh_generations WHERE generation IN ({marks})", numbers)
        self.db.execute(
            "INSERT INTO lsh_generations (generation, articles, sealed) VALUES (?, ?, 1)",
            [merged, sum(g.articles for g in group)],
        )

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
