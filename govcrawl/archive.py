"""The archive: one SQLite file (WAL mode), its schema as migrations, and every write to it.

Tables ``articles``, ``article_urls`` and ``crawl_runs``; the full-text index ``articles_fts``
(FTS5, external content on the view ``articles_search``, kept in step by triggers, so any
writer keeps it right). Only this module writes the database (the near-duplicate index through
govcrawl.lsh_index, inside its transactions); archive/README.md documents it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sqlite_utils
from sqlite_utils import Migrations

from govcrawl import neardup
from govcrawl.attachments import Attachment
from govcrawl.dedupe import content_hash
from govcrawl.lsh_index import LshIndex

SCHEMA = Migrations("govcrawl")
logger = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 10_000
# SQLite page cache per connection (KiB). Readers (search, export, reports) scan: a large cache
# serves a query's repeated pages. A writer's work is point lookups and appends, as fast from
# the operating system's cache (benchmarks/neardup_insert.py: same time with 8 or 64 MiB at
# 100,000 articles), so its memory stays flat as the archive grows.
CACHE_KIB = 65_536
WRITER_CACHE_KIB = 8_192
# Near-duplicate candidates compared per new article (those sharing the most LSH buckets).
MAX_CANDIDATES = 20
# Index merges up to this many articles run between two batches of a crawl; larger ones (a few
# seconds or more) when it ends (ArchiveWriter.compact_index).
ONLINE_MERGE_ARTICLES = 16_384
# SQLite's unicode61 folds tone marks with remove_diacritics 2, but never đ/Đ: the view gives
# the index a copy with đ -> d; queries are folded the same way (govcrawl.search).
_FOLD_D = "replace(replace({0}, 'đ', 'd'), 'Đ', 'D')"


# What ArchiveWriter.write_records says of each record.
OUTCOMES = ("new", "near_duplicate", "duplicate", "seen", "changed")


class ArchiveError(Exception):
    """The archive cannot be opened or written; the message says why and what to do."""


@SCHEMA()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            site TEXT NOT NULL,
            province TEXT,
            agency TEXT,
            title TEXT,
            published TEXT,
            author TEXT,
            text TEXT NOT NULL,
            lang TEXT,
            content_hash TEXT NOT NULL,
            duplicate_of INTEGER REFERENCES articles(id),
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE article_urls (
            url TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            spider TEXT NOT NULL,
            site TEXT,
            start_url TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            finish_reason TEXT,
            stats TEXT,
            pages_new INTEGER NOT NULL DEFAULT 0,
            pages_duplicate INTEGER NOT NULL DEFAULT 0,
            pages_failed INTEGER NOT NULL DEFAULT 0
        )""")
    for sql in (
        "CREATE INDEX idx_articles_content_hash ON articles(content_hash)",
        "CREATE INDEX idx_articles_site_published ON articles(site, published)",
        "CREATE INDEX idx_articles_published ON articles(published)",
        "CREATE INDEX idx_article_urls_article_id ON article_urls(article_id)",
    ):
        db.execute(sql)
    _create_fts(db)


@SCHEMA()
def m002_metadata_provenance(db: sqlite_utils.Database) -> None:
    """Where each publication date came from, the last-update date and the article's source."""
    for column in ("published_raw", "published_from", "modified", "source"):
        db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")


@SCHEMA()
def m003_attachments(db: sqlite_utils.Database) -> None:
    """The documents each article links to, and where a downloaded copy is kept."""
    db.execute("""
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            filename TEXT,
            link_text TEXT,
            first_seen TEXT NOT NULL,
            stored_path TEXT,
            sha1 TEXT,
            UNIQUE (article_id, url)
        )""")
    db.execute("CREATE INDEX idx_attachments_url ON attachments(url)")


@SCHEMA()
def m004_near_duplicates(db: sqlite_utils.Database) -> None:
    """MinHash signatures and LSH buckets of every article; content hashes without credits."""
    db.execute("""
        CREATE TABLE article_signatures (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            signature BLOB NOT NULL
        )""")
    db.execute("""
        CREATE TABLE lsh_buckets (
            band INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (band, bucket, article_id)
        ) WITHOUT ROWID""")
    # No index on lsh_buckets(article_id): it would double every insert into the largest table;
    # govcrawl never deletes articles, and a researcher's delete scans the table once.
    db.execute("CREATE INDEX idx_articles_duplicate_of ON articles(duplicate_of)")
    db.execute("""
        CREATE VIEW duplicate_clusters AS
        SELECT coalesce(a.duplicate_of, a.id) AS cluster_id, a.id AS article_id,
               a.duplicate_of IS NULL AS is_original, a.site, a.province, a.agency,
               a.published, a.title, a.url
        FROM articles AS a
        WHERE a.duplicate_of IS NOT NULL
           OR EXISTS (SELECT 1 FROM articles AS d WHERE d.duplicate_of = a.id)""")
    rows = db.execute("SELECT id, text FROM articles ORDER BY id").fetchall()
    for article_id, text in rows:
        db.execute(
            "UPDATE articles SET content_hash = ? WHERE id = ?", [content_hash(text), article_id]
        )
        hashvalues = neardup.signature(text)
        db.execute("INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)",
                   [article_id, hashvalues.tobytes()])  # fmt: skip
        db.conn.executemany(
            "INSERT INTO lsh_buckets (band, bucket, article_id) VALUES (?, ?, ?)",
            [(band, bucket, article_id) for band, bucket in neardup.bands(hashvalues)],
        )


@SCHEMA()
def m005_cron(db: sqlite_utils.Database) -> None:
    """Scheduled runs: earlier versions of edited articles, articles gone from their portal,
    one crawl_runs row per portal and run."""
    db.execute("""
        CREATE TABLE article_versions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            title TEXT,
            published TEXT,
            author TEXT,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            superseded_at TEXT NOT NULL,
            UNIQUE (article_id, version)
        )""")
    db.execute("ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE articles ADD COLUMN changed_at TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN gone_at TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN gone_status INTEGER")
    for column, kind in (("run_group", "TEXT"), ("status", "TEXT"), ("error", "TEXT"),
                         ("requests", "INTEGER"), ("pages_changed", "INTEGER"),
                         ("pages_gone", "INTEGER"), ("walk", "TEXT")):  # fmt: skip
        db.execute(f"ALTER TABLE crawl_runs ADD COLUMN {column} {kind}")
    db.execute("""
        CREATE TABLE non_article_pages (
            url TEXT PRIMARY KEY,
            site TEXT NOT NULL,
            reason TEXT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX idx_crawl_runs_site ON crawl_runs(site, started_at)")
    db.execute("CREATE INDEX idx_articles_site_first_seen ON articles(site, first_seen)")


@SCHEMA()
def m006_extraction_path(db: sqlite_utils.Database) -> None:
    """Which path extracted each article: the whole page (trafilatura) or an induced selector."""
    db.execute("ALTER TABLE articles ADD COLUMN extraction_path TEXT")


@SCHEMA()
def m007_research_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the researchers' filters and the ``articles_catalogue`` view (Datasette)."""
    for sql in (
        "CREATE INDEX idx_articles_province_published ON articles(province, published)",
        "CREATE INDEX idx_articles_agency ON articles(agency)",
        "CREATE INDEX idx_articles_author ON articles(author)",
        "CREATE INDEX idx_articles_lang ON articles(lang)",
    ):
        db.execute(sql)
    db.execute("""
        CREATE VIEW articles_catalogue AS
        SELECT id, title, published, substr(published, 1, 4) AS year,
               CASE WHEN length(published) >= 7 THEN substr(published, 1, 7) END AS month,
               site, province, agency, author, lang, source, duplicate_of, url
        FROM articles""")


def _create_fts(db: sqlite_utils.Database) -> None:
    title, text = _FOLD_D.format("title"), _FOLD_D.format("text")
    db.execute(
        f"CREATE VIEW articles_search AS SELECT id, {title} AS title, {text} AS text FROM articles"
    )
    db.execute("""
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content="articles_search", content_rowid="id",
            tokenize="unicode61 remove_diacritics 2"
        )""")
    new = (_FOLD_D.format("new.title"), _FOLD_D.format("new.text"))
    old = (_FOLD_D.format("old.title"), _FOLD_D.format("old.text"))
    insert = f"INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, {new[0]}, {new[1]});"
    delete = (
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        f"VALUES ('delete', old.id, {old[0]}, {old[1]});"
    )
    db.execute(f"CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN {insert} END")
    db.execute(f"CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN {delete} END")
    db.execute(
        "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles "
        f"BEGIN {delete} {insert} END"
    )


def connect(path: str | Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open the archive at ``path``; a writable one is created and migrated to the latest schema.

    Raises ArchiveError with a one-line reason for a missing, corrupt or foreign file.
    """
    path = Path(path)
    if readonly and not path.exists():
        raise ArchiveError(
            f"no archive at {path}: crawl into it first (see README) or pass --archive"
        )
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB if readonly else WRITER_CACHE_KIB}")
        if not readonly:
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
            SCHEMA.apply(db)
        elif "articles" not in db.table_names():
            raise ArchiveError(
                f"{path} is an SQLite file but not a govcrawl archive (no articles table)"
            )
    except sqlite3.DatabaseError as error:
        raise ArchiveError(_explain(path, error)) from error
    except OSError as error:
        raise ArchiveError(f"cannot open archive {path}: {error.strerror or error}") from error
    return db


def _explain(path: Path, error: sqlite3.DatabaseError) -> str:
    message = str(error)
    if "not a database" in message or "malformed" in message:
        return f"{path} is not a valid SQLite archive ({message}): restore it from a backup or choose another --archive"
    if "locked" in message or "busy" in message:
        return f"archive {path} is locked by another process ({message}): wait for it to finish and retry"
    if "readonly" in message or "unable to open" in message:
        return f"cannot write archive {path} ({message}): check the path and its permissions"
    return f"archive {path}: {message}"


@dataclass
class ArticleRecord:
    """One extracted article, ready to archive (all text NFC, times UTC ISO 8601).

    ``file_urls`` and ``files`` are Scrapy FilesPipeline's fields, for attachment downloads.
    """

    url: str
    site: str
    province: str | None
    agency: str | None
    title: str | None
    published: str | None
    author: str | None
    text: str
    lang: str | None
    content_hash: str
    fetched_at: str
    published_raw: str | None = None
    published_from: str | None = None
    modified: str | None = None
    source: str | None = None
    attachments: tuple[Attachment, ...] = ()
    file_urls: list[str] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    extraction_path: str | None = None  # "trafilatura" or "induced" (govcrawl.induction)


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
            raise ArchiveError(_explain(Path(self._path()), error)) from error
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
            raise ArchiveError(_explain(Path(self._path()), error)) from error

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
            raise ArchiveError(_explain(Path(self._path()), error)) from error

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
            raise ArchiveError(_explain(Path(self._path()), error)) from error
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
        was ``walk``ed (govcrawl.incremental)."""
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
@SCHEMA()
def m008_frontier(db: sqlite_utils.Database) -> None:
    """The crawl frontier: requests queued, in flight and done, for resuming an interrupted crawl."""
    db.execute("""
        CREATE TABLE frontier (
            id INTEGER PRIMARY KEY,
            run INTEGER NOT NULL,
            site TEXT NOT NULL,
            slot TEXT NOT NULL,
            url TEXT NOT NULL,
            fingerprint BLOB,
            priority INTEGER NOT NULL,
            start INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'pending',
            request TEXT NOT NULL,
            queued_at TEXT NOT NULL
        )""")
    db.execute("CREATE UNIQUE INDEX idx_frontier_seen ON frontier(run, fingerprint)")
    db.execute(
        "CREATE INDEX idx_frontier_queue ON frontier(run, slot, priority DESC, start, id) "
        "WHERE state = 'pending'"
    )


@SCHEMA()
def m009_lsh_generations(db: sqlite_utils.Database) -> None:
    """The LSH index in generations (govcrawl/lsh_index.py): existing buckets become one sealed
    generation, copied in key order."""
    db.execute("""
        CREATE TABLE lsh_generations (
            generation INTEGER PRIMARY KEY,
            articles INTEGER NOT NULL,
            sealed INTEGER NOT NULL
        )""")
    db.execute("ALTER TABLE lsh_buckets RENAME TO lsh_buckets_m004")
    db.execute("""
        CREATE TABLE lsh_buckets (
            generation INTEGER NOT NULL,
            band INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (generation, band, bucket, article_id)
        ) WITHOUT ROWID""")
    db.execute("""
        INSERT INTO lsh_buckets (generation, band, bucket, article_id)
        SELECT 1, band, bucket, article_id FROM lsh_buckets_m004 ORDER BY band, bucket, article_id""")
    db.execute("""
        INSERT INTO lsh_generations (generation, articles, sealed)
        SELECT 1, count(*), 1 FROM article_signatures HAVING count(*) > 0""")
    db.execute("DROP TABLE lsh_buckets_m004")


@SCHEMA()
def m010_lsh_bloom_filters(db: sqlite_utils.Database) -> None:
    """A Bloom filter for each sealed generation of the LSH index (built by its next
    compaction, govcrawl/lsh_index.py; until then lookups probe the generation in full). A
    table of their own: a row is read whole, and a filter is megabytes."""
    db.execute("""
        CREATE TABLE lsh_bloom_filters (
            generation INTEGER PRIMARY KEY
                REFERENCES lsh_generations(generation) ON DELETE CASCADE,
            bloom BLOB NOT NULL
        )""")
