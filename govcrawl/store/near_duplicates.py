"""Near-duplicate clustering: a new article that republishes an archived one (LSH candidates,
then govcrawl.dedupe.neardup's containment test) joins its cluster, whose root
(``duplicate_of``) is the earliest-published member. Runs inside the writer's transaction
(govcrawl.store.writer); the signatures and buckets live in govcrawl.dedupe.lsh_index."""

from __future__ import annotations

import numpy as np
import sqlite_utils

from govcrawl.dedupe import neardup
from govcrawl.dedupe.lsh_index import LshIndex
from govcrawl.items import ArticleRecord

# Near-duplicate candidates compared per new article (those sharing the most LSH buckets).
MAX_CANDIDATES = 20


def link_republication(db: sqlite_utils.Database, lsh: LshIndex, article_id: int,
                       record: ArticleRecord) -> bool:  # fmt: skip
    """Index the new article; when it republishes an archived one, join that cluster (True)."""
    hashvalues = neardup.signature(record.text)
    candidates = _candidates(lsh, hashvalues)
    lsh.add(article_id, hashvalues)
    best: tuple[float, int] | None = None
    for candidate in candidates:
        text, root = db.execute(
            "SELECT text, duplicate_of FROM articles WHERE id = ?", [candidate]
        ).fetchone()
        found = neardup.similarity(record.text, text)
        if found.republication and (best is None or found.containment > best[0]):
            best = (found.containment, root or candidate)
    if best is None:
        return False
    _join_cluster(db, article_id, best[1])
    return True


def reindex(lsh: LshIndex, article_id: int, text: str) -> None:
    """Replace the article's near-duplicate signature and LSH buckets (its text changed)."""
    lsh.remove(article_id)
    lsh.add(article_id, neardup.signature(text))


def _candidates(lsh: LshIndex, hashvalues: np.ndarray) -> list[int]:
    """Archived articles sharing an LSH bucket with the signature, most shared first."""
    hits = lsh.candidates(hashvalues)
    return sorted(hits, key=lambda c: (-hits[c], c))[:MAX_CANDIDATES]


def _join_cluster(db: sqlite_utils.Database, article_id: int, root: int) -> None:
    """Point ``duplicate_of`` at the cluster's earliest-published article.

    Earliest: the smallest ``published`` (undated ones last), then the first seen. When the
    new article is earlier than the cluster's root, it becomes the root of all members.
    """
    (earliest,) = db.execute(
        "SELECT id FROM articles WHERE id IN (?, ?) "
        "ORDER BY published IS NULL, published, first_seen, id LIMIT 1",
        [article_id, root],
    ).fetchone()
    if earliest == root:
        db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", [root, article_id])
        return
    db.execute(
        "UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
        [article_id, root, root],
    )
