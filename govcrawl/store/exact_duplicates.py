"""Exact duplicates: a new URL whose content (``content_hash``) is an article of the same site
already archived is another URL of that article (an ``article_urls`` row), not a new article.
Runs inside the writer's transaction (govcrawl.store.writer)."""

from __future__ import annotations

import sqlite_utils

from govcrawl.items import ArticleRecord


def archived_url_of(db: sqlite_utils.Database, url: str) -> int | None:
    """The article archived under ``url`` (any of its URLs), or None."""
    row = db.execute("SELECT article_id FROM article_urls WHERE url = ?", [url]).fetchone()
    return int(row[0]) if row else None


def same_content(db: sqlite_utils.Database, record: ArticleRecord) -> int | None:
    """The first archived article of the record's site with the same content, or None."""
    row = db.execute(
        "SELECT id FROM articles WHERE content_hash = ? AND site = ? ORDER BY id LIMIT 1",
        [record.content_hash, record.site],
    ).fetchone()
    return int(row[0]) if row else None


def add_url(db: sqlite_utils.Database, article_id: int, url: str, now: str) -> None:
    """Record ``url`` as one of the article's URLs, first and last seen ``now``."""
    db.execute(
        "INSERT INTO article_urls (url, article_id, first_seen, last_seen) VALUES (?, ?, ?, ?)",
        [url, article_id, now, now],
    )
