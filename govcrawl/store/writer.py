"""The archive writer: articles, their URLs, versions, exact and near duplicates, attachments,
pages that are not articles, removed articles and crawl runs; every batch one transaction.

Only the store writes the archive (the near-duplicate index through govcrawl.dedupe.lsh_index,
inside the writer's transactions)."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import sqlite_utils

from govcrawl.dedupe import neardup
from govcrawl.dedupe.lsh_index import LshIndex
from govcrawl.items import ArticleRecord
from govcrawl.store.connection import ArchiveError, explain_error

logger = logging.getLogger(__name__)
# Near-duplicate candidates compared per new article (those sharing the most LSH buckets).
MAX_CANDIDATES = 20
# Index merges up to this many articles run between two batches of a crawl; larger ones (a few
# seconds or more) when it ends (ArchiveWriter.compact_index).
ONLINE_MERGE_ARTICLES = 16_384

# What ArchiveWriter.write_records says of each record.
OUTCOMES = ("new", "near_duplicate", "duplicate", "seen", "changed")


class ArchiveWriter:
    """Writes articles and crawl runs; every ``write_batch`` is one transaction."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.lsh = LshIndex(db)

    def write_batch(self, records: Iterable[ArticleRecord]) -> dict[str, int]:
        """Store ``records`` atomically; count each outcome (see ``write_records``)."""
        counts = dict.fromkeys(OUTCOMES, 0)
        for outcome in self.write_records(records):
            counts[outcome] += 1
        return counts

    def write_records(self, records: Iterable[ArticleRecord]) -> list[str]:
        """Store ``records`` in one transaction; return each one's outcome, in order.

        ``new``: a new article. ``near_duplicate``: a new row that republishes an archived
        article (``duplicate_of``). ``duplicate``: a new URL whose content is an article of the
        same site already archived; it becomes another ``article_urls`` row. ``seen``: the URL
        was archived before, unchanged. ``changed``: the URL was archived before and its title
        or text changed; the earlier version moves to ``article_versions``.
        """
        try:
            with self.db.atomic():
                outcomes = [self._write(record) for record in records]
        except sqlite3.DatabaseError as error:
            raise ArchiveError(explain_error(Path(self._path()), error)) from error
        try:  # the records are stored: a merge that fails is tried again after the next batch
            self.lsh.compact(max_articles=ONLINE_MERGE_ARTICLES)
        except sqlite3.DatabaseError as error:
            logger.warning("near-duplicate index merge postponed: %s", error)
        return outcomes

    def compact_index(self) -> int:
        """Run every pending merge of the near-duplicate index (at the end of a crawl)."""
        try:
            return self.lsh.compact()
        except sqlite3.DatabaseError as error:
            raise ArchiveError(explain_error(Path(self._path()), error)) from error

    def note_non_articles(self, pages: Iterable[tuple[str, str, str | None, str]]) -> None:
        """Remember pages with an article's URL shape that are not articles (``url``, ``site``,
        ``reason``, ``fetched_at``), so re-crawls do not take them for new articles."""
        try:
            with self.db.atomic():
                self.db.conn.executemany(
                    """INSERT INTO non_article_pages (url, site, reason, first_seen, last_seen)
                       VALUES (?1, ?2, ?3, ?4, ?4)
                       ON CONFLICT (url) DO UPDATE SET reason = excluded.reason,
                           last_seen = excluded.last_seen""",
                    list(pages),
                )
        except sqlite3.DatabaseError as error:
            raise ArchiveError(explain_error(Path(self._path()), error)) from error

    def mark_gone(self, url: str, status: int, checked_at: str) -> bool:
        """Record that the article archived under ``url`` answered ``status`` (404, 410).

        Nothing is deleted: ``gone_at`` keeps the first time it was found gone. Returns False
        when ``url`` is not an archived article's own URL.
        """
        try:
            with self.db.atomic():
                cursor = self.db.execute(
                    "UPDATE articles SET gone_at = coalesce(gone_at, ?), gone_status = ? "
                    "WHERE url = ?",
                    [checked_at, status, url],
                )
        except sqlite3.DatabaseError as error:
            raise ArchiveError(explain_error(Path(self._path()), error)) from error
        return cursor.rowcount > 0

    def _path(self) -> str:
        row = self.db.execute("PRAGMA database_list").fetchone()
        return row[2] if row else "archive"

    def _write(self, record: ArticleRecord) -> str:
        now = record.fetched_at
        known = self.db.execute(
            "SELECT article_id FROM article_urls WHERE url = ?", [record.url]
        ).fetchone()
        if known:
            self._touch(known[0], record.url, now)
            self._add_attachments(known[0], record)
            return "changed" if self._revise(known[0], record) else "seen"
        same = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND site = ? ORDER BY id LIMIT 1",
            [record.content_hash, record.site],
        ).fetchone()
        if same:
            self._add_url(same[0], record.url, now)
            self._touch(same[0], None, now)
            self._add_attachments(same[0], record)
            return "duplicate"
        cursor = self.db.execute(
            """INSERT INTO articles (url, site, province, agency, title, published, author, text,
                   lang, content_hash, duplicate_of, first_seen, last_seen, published_raw,
                   published_from, modified, source, extraction_path)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)""",
            [record.url, record.site, record.province, record.agency, record.title,
             record.published, record.author, record.text, record.lang, record.content_hash,
             now, now, record.published_raw, record.published_from, record.modified,
             record.source, record.extraction_path],
        )  # fmt: skip
        self._add_url(cursor.lastrowid, record.url, now)
        self._add_attachments(cursor.lastrowid, record)
        return (
            "near_duplicate"
            if self._link_republication(int(cursor.lastrowid or 0), record)
            else "new"
        )

    def _revise(self, article_id: int, record: ArticleRecord) -> bool:
        """Bring the article up to ``record`` when its title or text changed, keeping the
        earlier version in ``article_versions``; a page that answers again is no longer gone."""
        row = self.db.execute(
            "SELECT title, published, author, text, content_hash, version, first_seen, "
            "changed_at, url FROM articles WHERE id = ?",
            [article_id],
        ).fetchone()
        title, published, author, text, old_hash, version, first_seen, changed_at, url = row
        if url == record.url:
            self.db.execute(
                "UPDATE articles SET gone_at = NULL, gone_status = NULL WHERE id = ?", [article_id]
            )
        if old_hash == record.content_hash and (title or "") == (record.title or ""):
            return False
        self.db.execute(
            """INSERT INTO article_versions (article_id, version, title, published, author, text,
                   content_hash, first_seen, superseded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [article_id, version, title, published, author, text, old_hash,
             changed_at or first_seen, record.fetched_at],
        )  # fmt: skip
        self.db.execute(
            """UPDATE articles SET title = ?, author = coalesce(?, author), text = ?,
                   content_hash = ?, lang = coalesce(?, lang), published = coalesce(published, ?),
                   modified = coalesce(?, modified), version = version + 1, changed_at = ?
               WHERE id = ?""",
            [record.title, record.author, record.text, record.content_hash, record.lang,
             record.published, record.modified, record.fetched_at, article_id],
        )  # fmt: skip
        if old_hash != record.content_hash:
            self._reindex(article_id, record.text)
        return True

    def _reindex(self, article_id: int, text: str) -> None:
        """Replace the article's near-duplicate signature and LSH buckets (by primary key)."""
        self.lsh.remove(article_id)
        self.lsh.add(article_id, neardup.signature(text))

    def _link_republication(self, article_id: int, record: ArticleRecord) -> bool:
        """Index the new article; when it republishes an archived one, join that cluster."""
        hashvalues = neardup.signature(record.text)
        candidates = self._candidates(hashvalues)
        self.lsh.add(article_id, hashvalues)
        best: tuple[float, int] | None = None
        for candidate in candidates:
            text, root = self.db.execute(
                "SELECT text, duplicate_of FROM articles WHERE id = ?", [candidate]
            ).fetchone()
            found = neardup.similarity(record.text, text)
            if found.republication and (best is None or found.containment > best[0]):
                best = (found.containment, root or candidate)
        if best is None:
            return False
        self._join_cluster(article_id, best[1])
        return True

    def _candidates(self, hashvalues: np.ndarray) -> list[int]:
        """Archived articles sharing an LSH bucket with the signature, most shared first."""
        hits = self.lsh.candidates(hashvalues)
        return sorted(hits, key=lambda c: (-hits[c], c))[:MAX_CANDIDATES]

    def _join_cluster(self, article_id: int, root: int) -> None:
        """Point ``duplicate_of`` at the cluster's earliest-published article.

        Earliest: the smallest ``published`` (undated ones last), then the first seen. When the
        new article is earlier than the cluster's root, it becomes the root of all members.
        """
        (earliest,) = self.db.execute(
            "SELECT id FROM articles WHERE id IN (?, ?) "
            "ORDER BY published IS NULL, published, first_seen, id LIMIT 1",
            [article_id, root],
        ).fetchone()
        if earliest == root:
            self.db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", [root, article_id])
            return
        self.db.execute(
            "UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
            [article_id, root, root],
        )

    def _add_attachments(self, article_id: int | None, record: ArticleRecord) -> None:
        stored = {f["url"]: f for f in record.files if f.get("url")}
        for attachment in record.attachments:
            copy = stored.get(attachment.url, {})
            self.db.execute(
                """INSERT INTO attachments (article_id, url, filename, link_text, first_seen,
                       stored_path, sha1) VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (article_id, url) DO UPDATE SET
                       stored_path = coalesce(excluded.stored_path, stored_path),
                       sha1 = coalesce(excluded.sha1, sha1)""",
                [article_id, attachment.url, attachment.filename, attachment.link_text,
                 record.fetched_at, copy.get("path"), copy.get("checksum")],
            )  # fmt: skip

    def _add_url(self, article_id: int | None, url: str, now: str) -> None:
        self.db.execute(
            "INSERT INTO article_urls (url, article_id, first_seen, last_seen) VALUES (?, ?, ?, ?)",
            [url, article_id, now, now],
        )

    def _touch(self, article_id: int, url: str | None, now: str) -> None:
        self.db.execute("UPDATE articles SET last_seen = ? WHERE id = ?", [now, article_id])
        if url:
            self.db.execute("UPDATE article_urls SET last_seen = ? WHERE url = ?", [now, url])

    def start_run(self, *, spider: str, site: str | None, start_url: str | None,
                  started_at: str, run_group: str | None = None) -> int:  # fmt: skip
        """Record the start of a crawl of one portal; return its ``crawl_runs.id``.

        The rows of the portals crawled by one process share ``run_group``.
        """
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO crawl_runs (spider, site, start_url, started_at, run_group) "
                "VALUES (?, ?, ?, ?, ?)",
                [spider, site, start_url, started_at, run_group],
            )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, *, finished_at: str, reason: str, stats: dict[str, Any],
                   counts: dict[str, int], status: str = "ok", error: str | None = None,
                   walk: str | None = None) -> None:  # fmt: skip
        """Record how crawl ``run_id`` ended: Scrapy's finish reason and stats, the page counts
        (``new``, ``duplicate``, ``failed``, ``changed``, ``gone``, ``requests``), and
        ``status`` ``ok`` or ``failed`` with the ``error`` that says why, and how the portal
        was ``walk``ed (govcrawl.store.archived_pages)."""
        with self.db.atomic():
            self.db.execute(
                """UPDATE crawl_runs SET finished_at = ?, finish_reason = ?, stats = ?,
                       pages_new = ?, pages_duplicate = ?, pages_failed = ?, pages_changed = ?,
                       pages_gone = ?, requests = ?, status = ?, error = ?, walk = ?
                   WHERE id = ?""",
                [finished_at, reason, json.dumps(stats, default=str, sort_keys=True),
                 counts.get("new", 0), counts.get("duplicate", 0), counts.get("failed", 0),
                 counts.get("changed", 0), counts.get("gone", 0), counts.get("requests", 0),
                 status, error, walk, run_id],
            )  # fmt: skip


# The crawl frontier (govcrawl/frontier.py).
