"""Syndication clusters: an original article and its republications, read from the archive."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass

import sqlite_utils


@dataclass(frozen=True)
class Member:
    """One article of a cluster."""

    article_id: int
    is_original: bool
    site: str
    province: str | None
    published: str | None
    title: str | None
    url: str


@dataclass(frozen=True)
class Cluster:
    """An original (first member) and the articles that republish it, by publication date."""

    cluster_id: int
    members: list[Member]

    def as_dict(self) -> dict[str, object]:
        return {"cluster_id": self.cluster_id, "members": [asdict(m) for m in self.members]}


def clusters(db: sqlite_utils.Database, *, limit: int = 50) -> Iterator[Cluster]:
    """The largest clusters first (then the most recent), each with its members."""
    biggest = db.execute(
        """SELECT cluster_id FROM duplicate_clusters GROUP BY cluster_id
           ORDER BY count(*) DESC, max(published) DESC LIMIT ?""",
        [limit],
    ).fetchall()
    for (cluster_id,) in biggest:
        rows = db.execute(
            """SELECT article_id, is_original, site, province, published, title, url
               FROM duplicate_clusters WHERE cluster_id = ?
               ORDER BY is_original DESC, published IS NULL, published, article_id""",
            [cluster_id],
        ).fetchall()
        yield Cluster(cluster_id, [Member(r[0], bool(r[1]), *r[2:]) for r in rows])


def totals(db: sqlite_utils.Database) -> tuple[int, int]:
    """(clusters, republications) in the whole archive, whatever ``clusters`` shows."""
    found, copies = db.execute(
        "SELECT count(DISTINCT duplicate_of), count(*) FROM articles WHERE duplicate_of IS NOT NULL"
    ).fetchone()
    return int(found), int(copies)
