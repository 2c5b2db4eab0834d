"""Versions of an article: a URL fetched again whose title or text changed keeps the earlier
version in ``article_versions`` and brings the article up to date; a page that answers again
is no longer gone. Runs inside the writer's transaction (govcrawl.store.writer)."""

from __future__ import annotations

import sqlite_utils

from govcrawl.dedupe.lsh_index import LshIndex
from govcrawl.items import ArticleRecord
from govcrawl.store import near_duplicates


def revise(
    db: sqlite_utils.Database, lsh: LshIndex, article_id: int, record: ArticleRecord
) -> bool:
    """Bring the article up to ``record`` when its title or text changed, keeping the earlier
    version in ``article_versions``; True when it changed. A page that answers again at the
    article's own URL is no longer gone."""
    row = db.execute(
        "SELECT title, published, author, text, content_hash, version, first_seen, "
        "changed_at, url, capture_id, extractor_version FROM articles WHERE id = ?",
        [article_id],
    ).fetchone()
    title, published, author, text, old_hash, version, first_seen, changed_at, url = row[:9]
    capture, extractor = row[9:]
    if url == record.url:
        db.execute(
            "UPDATE articles SET gone_at = NULL, gone_status = NULL WHERE id = ?", [article_id]
        )
    if old_hash == record.content_hash and (title or "") == (record.title or ""):
        if capture is None and record.capture_id is not None:  # archived before captures
            db.execute("UPDATE articles SET capture_id = ? WHERE id = ?",
                       [record.capture_id, article_id])  # fmt: skip
        return False
    db.execute(
        """INSERT INTO article_versions (article_id, version, title, published, author, text,
               content_hash, first_seen, superseded_at, capture_id, extractor_version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [article_id, version, title, published, author, text, old_hash,
         changed_at or first_seen, record.fetched_at, capture, extractor],
    )  # fmt: skip
    db.execute(
        """UPDATE articles SET title = ?, author = coalesce(?, author), text = ?,
               content_hash = ?, lang = coalesce(?, lang), published = coalesce(published, ?),
               modified = coalesce(?, modified), version = version + 1, changed_at = ?,
               capture_id = ?, extractor_version = ?
           WHERE id = ?""",
        [record.title, record.author, record.text, record.content_hash, record.lang,
         record.published, record.modified, record.fetched_at, record.capture_id,
         record.extractor_version, article_id],
    )  # fmt: skip
    if old_hash != record.content_hash:
        near_duplicates.reindex(lsh, article_id, record.text)
    return True
