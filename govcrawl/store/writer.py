"""The archive writer: every batch of articles one transaction, each record judged new, a
near duplicate, an exact duplicate, seen or changed; attachments, pages that are not articles
and removed articles.

The decisions live one each in their own module, run inside the writer's transactions:
exact duplicates (exact_duplicates), near-duplicate clustering (near_duplicates, over
govcrawl.dedupe.lsh_index), versions (versions); crawl runs are recorded by runs. Only the
store writes the archive."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from govcrawl.dedupe.lsh_index import LshIndex
from govcrawl.items import ArticleRecord, PageVisit
from govcrawl.store import exact_duplicates, near_duplicates, versions, word_index
from govcrawl.store.captures import CaptureRow, insert_captures
from govcrawl.store.connection import ArchiveError, explain_error

logger = logging.getLogger(__name__)
# Index merges up to this many articles run between two batches of a crawl; larger ones (a few
# seconds or more) when it ends (ArchiveWriter.compact_index).
ONLINE_MERGE_ARTICLES = 16_384

# A page of an article's URL shape that is not an article: url, site, reason, fetched_at,
# capture_id.
NonArticle = tuple[str, str, str | None, str, int | None]
# What ArchiveWriter.write_records says of each record.
OUTCOMES = ("new", "near_duplicate", "duplicate", "seen", "changed")


class ArchiveWriter:
    """Writes articles; every ``write_batch`` is one transaction."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.lsh = LshIndex(db)
        # The links of listings first seen in this crawl, until their last change is dated.
        db.execute("CREATE TEMP TABLE IF NOT EXISTS visit_links (listing TEXT, url TEXT)")

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
                word_index.sync(self.db)
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

    def note_captures(self, rows: Iterable[CaptureRow]) -> None:
        """Insert the ``captures`` rows of WARC records now durably on disk."""
        try:
            insert_captures(self.db, rows)
        except sqlite3.DatabaseError as error:
            raise ArchiveError(explain_error(Path(self._path()), error)) from error

    def note_non_articles(
        self, pages: Iterable[tuple[str, str, str | None, str] | NonArticle]
    ) -> None:
        """Remember pages with an article's URL shape that are not articles (``url``, ``site``,
        ``reason``, ``fetched_at`` and, when captured, ``capture_id``), so re-crawls do not take
        them for new articles."""
        rows = [(*page, None)[:5] for page in pages]
        try:
            with self.db.atomic():
                self.db.conn.executemany(
                    """INSERT INTO non_article_pages (url, site, reason, first_seen, last_seen,
                           capture_id)
                       VALUES (?1, ?2, ?3, ?4, ?4, ?5)
                       ON CONFLICT (url) DO UPDATE SET reason = excluded.reason,
                           last_seen = excluded.last_seen,
                           capture_id = coalesce(excluded.capture_id, capture_id)""",
                    rows,
                )
        except sqlite3.DatabaseError as error:
            raise ArchiveError(explain_error(Path(self._path()), error)) from error

    def note_visits(self, visits: Iterable[PageVisit]) -> None:
        """Record what visits learned of listings, sitemaps, feeds and articles
        (``listing_revisits``); an article that answered 304 was seen unchanged."""
        visits = list(visits)
        try:
            with self.db.atomic():
                self.db.conn.executemany(
                    """INSERT INTO listing_revisits (url, site, kind, fingerprint, etag,
                           last_modified, first_seen, checked_at, changed_at, interval_hours)
                       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)
                       ON CONFLICT (url) DO UPDATE SET kind = excluded.kind,
                           fingerprint = coalesce(excluded.fingerprint, fingerprint),
                           etag = coalesce(excluded.etag, etag),
                           last_modified = coalesce(excluded.last_modified, last_modified),
                           checked_at = excluded.checked_at, changed_at = excluded.changed_at,
                           interval_hours = excluded.interval_hours""",
                    [(v.url, v.site, v.kind, v.fingerprint, v.etag, v.last_modified,
                      v.checked_at, v.changed_at, v.interval_hours) for v in visits],
                )  # fmt: skip
                self.db.conn.executemany(
                    "INSERT INTO temp.visit_links (listing, url) VALUES (?, ?)",
                    [(v.url, link) for v in visits for link in v.links],
                )
                for visit in visits:
                    if visit.kind == "article" and visit.status == 304:
                        self._touch_url(visit.url, visit.checked_at)
        except sqlite3.DatabaseError as error:
            raise ArchiveError(explain_error(Path(self._path()), error)) from error

    def date_new_listings(self, min_hours: float, max_hours: float) -> int:
        """Give the listings first seen in this crawl the last change their newest archived
        article dates (published, else first seen) and, as interval, how much older it is
        than the portal's newest article (within ``min_hours`` and ``max_hours``): a listing
        the portal's last publications passed by waits as long as they did (measured on the
        portal's own time, so a portal quiet for a year is not all stale). Returns how many
        were dated."""
        try:
            with self.db.atomic():
                self.db.execute(
                    """WITH newest AS (
                           SELECT v.listing, max(julianday(coalesce(
                               CASE WHEN length(a.published) >= 10 THEN a.published END,
                               a.first_seen))) AS day
                           FROM temp.visit_links AS v
                           JOIN article_urls AS u ON u.url = v.url
                           JOIN articles AS a ON a.id = u.article_id
                           GROUP BY v.listing),
                       portal AS (
                           SELECT site, max(julianday(coalesce(
                               CASE WHEN length(published) >= 10 THEN published END,
                               first_seen))) AS day
                           FROM articles GROUP BY site)
                       UPDATE listing_revisits SET
                           changed_at = min(changed_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', n.day)),
                           interval_hours = max(?1, min(?2, (p.day - n.day) * 24))
                       FROM newest AS n JOIN portal AS p
                       WHERE listing_revisits.url = n.listing AND p.site = listing_revisits.site
                         AND n.day IS NOT NULL""",
                    [min_hours, max_hours],
                )
                dated = int(self.db.execute("SELECT changes()").fetchone()[0])
                self.db.execute("DELETE FROM temp.visit_links")
        except sqlite3.DatabaseError as error:
            raise ArchiveError(explain_error(Path(self._path()), error)) from error
        return dated

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
        known = exact_duplicates.archived_url_of(self.db, record.url)
        if known is not None:
            self._touch(known, record.url, now)
            self._add_attachments(known, record)
            self._add_aliases(known, record)
            return "changed" if versions.revise(self.db, self.lsh, known, record) else "seen"
        same = exact_duplicates.same_content(self.db, record)
        if same is not None:
            exact_duplicates.add_url(self.db, same, record.url, now)
            self._touch(same, None, now)
            self._add_attachments(same, record)
            self._add_aliases(same, record)
            return "duplicate"
        article_id = self._insert(record)
        exact_duplicates.add_url(self.db, article_id, record.url, now)
        self._add_attachments(article_id, record)
        self._add_aliases(article_id, record)
        republished = near_duplicates.link_republication(self.db, self.lsh, article_id, record)
        return "near_duplicate" if republished else "new"

    def _insert(self, record: ArticleRecord) -> int:
        """Insert a new article row; return its id."""
        now = record.fetched_at
        cursor = self.db.execute(
            """INSERT INTO articles (url, site, province, agency, title, published, author, text,
                   lang, content_hash, duplicate_of, first_seen, last_seen, published_raw,
                   published_from, modified, source, extraction_path, capture_id,
                   extractor_version)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [record.url, record.site, record.province, record.agency, record.title,
             record.published, record.author, record.text, record.lang, record.content_hash,
             now, now, record.published_raw, record.published_from, record.modified,
             record.source, record.extraction_path, record.capture_id,
             record.extractor_version],
        )  # fmt: skip
        return int(cursor.lastrowid or 0)

    def _add_attachments(self, article_id: int, record: ArticleRecord) -> None:
        stored = {f["url"]: f for f in record.files if f.get("url")}
        for attachment in record.attachments:
            copy = stored.get(attachment.url, {})
            self.db.execute(
                """INSERT INTO attachments (article_id, url, filename, link_text, first_seen,
                       stored_path, sha1, capture_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (article_id, url) DO UPDATE SET
                       stored_path = coalesce(excluded.stored_path, stored_path),
                       sha1 = coalesce(excluded.sha1, sha1),
                       capture_id = coalesce(excluded.capture_id, capture_id)""",
                [article_id, attachment.url, attachment.filename, attachment.link_text,
                 record.fetched_at, copy.get("path"), copy.get("checksum"),
                 copy.get("capture_id")],
            )  # fmt: skip

    def _touch_url(self, url: str, now: str) -> None:
        """The article archived under ``url`` was seen unchanged ``now`` (a 304)."""
        known = exact_duplicates.archived_url_of(self.db, url)
        if known is not None:
            self._touch(known, url, now)

    def _add_aliases(self, article_id: int, record: ArticleRecord) -> None:
        """Record the URLs that led to the article (redirects) as its URLs."""
        for alias in record.aliases:
            if alias != record.url and exact_duplicates.archived_url_of(self.db, alias) is None:
                exact_duplicates.add_url(self.db, article_id, alias, record.fetched_at)

    def _touch(self, article_id: int, url: str | None, now: str) -> None:
        self.db.execute("UPDATE articles SET last_seen = ? WHERE id = ?", [now, article_id])
        if url:
            self.db.execute("UPDATE article_urls SET last_seen = ? WHERE url = ?", [now, url])
