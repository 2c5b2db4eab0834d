"""The archive's schema: every migration (sqlite_utils Migrations, applied in order on open) and
the full-text index ``articles_fts``.

Tables ``articles``, ``article_urls`` and ``crawl_runs``; ``articles_fts`` is FTS5 with external
content on the view ``articles_search``, kept in step by triggers, so any writer keeps it right.
archive/README.md documents every column."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

from govcrawl.dedupe import neardup
from govcrawl.dedupe.content_hash import content_hash
from govcrawl.store import word_index

SCHEMA = Migrations("govcrawl")
# SQLite's unicode61 folds tone marks with remove_diacritics 2, but never đ/Đ: the view gives
# the index a copy with đ -> d; queries are folded the same way (govcrawl.research.search).
_FOLD_D = "replace(replace({0}, 'đ', 'd'), 'Đ', 'D')"


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


@SCHEMA()
def m011_suspect_runs(db: sqlite_utils.Database) -> None:
    """What became of the pages a run expected to be articles: how many it fetched, how many it
    archived, and why the others were dropped (a JSON object, reason -> count)."""
    for column, kind in (("article_pages", "INTEGER"), ("article_pages_archived", "INTEGER"),
                         ("article_drops", "TEXT")):  # fmt: skip
        db.execute(f"ALTER TABLE crawl_runs ADD COLUMN {column} {kind}")


@SCHEMA()
def m012_captures(db: sqlite_utils.Database) -> None:
    """The WARC record of every fetched response (``captures``), and the capture each article,
    earlier version, non-article page and attachment came from (``capture_id``)."""
    db.execute("""
        CREATE TABLE captures (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES crawl_runs(id),
            url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            status INTEGER,
            content_type TEXT,
            warc_file TEXT NOT NULL,
            offset INTEGER NOT NULL,
            length INTEGER NOT NULL,
            record_id TEXT NOT NULL,
            record_type TEXT NOT NULL,
            payload_digest TEXT NOT NULL,
            refers_to INTEGER REFERENCES captures(id)
        )""")
    db.execute("CREATE INDEX idx_captures_url ON captures(url, fetched_at)")
    db.execute("CREATE INDEX idx_captures_payload_digest ON captures(payload_digest)")
    for table in ("articles", "article_versions", "non_article_pages", "attachments"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN capture_id INTEGER REFERENCES captures(id)")


@SCHEMA()
def m013_listing_revisits(db: sqlite_utils.Database) -> None:
    """What re-crawls know of each listing, sitemap and feed (and the validators of articles):
    when it last changed (a fingerprint of the article links it lists) and when it is due
    again (govcrawl.crawl.revisit), with the server's ETag and Last-Modified for conditional
    requests."""
    db.execute("""
        CREATE TABLE listing_revisits (
            url TEXT PRIMARY KEY,
            site TEXT NOT NULL,
            kind TEXT NOT NULL,
            fingerprint TEXT,
            etag TEXT,
            last_modified TEXT,
            first_seen TEXT NOT NULL,
            checked_at TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            interval_hours REAL NOT NULL
        )""")
    db.execute("CREATE INDEX listing_revisits_site ON listing_revisits (site, kind)")


@SCHEMA()
def m014_extractor_version(db: sqlite_utils.Database) -> None:
    """Which extractor made each article and article version (govcrawl.extract.version), and
    the progress of each ``govcrawl reprocess`` (re-extraction from captures), to resume one
    that was interrupted."""
    db.execute("ALTER TABLE articles ADD COLUMN extractor_version TEXT")
    db.execute("ALTER TABLE article_versions ADD COLUMN extractor_version TEXT")
    db.execute("""
        CREATE TABLE reprocess_runs (
            id INTEGER PRIMARY KEY,
            extractor_version TEXT NOT NULL,
            site TEXT,
            since TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            last_capture_id INTEGER NOT NULL DEFAULT 0,
            pages INTEGER NOT NULL DEFAULT 0,
            counts TEXT
        )""")


@SCHEMA()
def m015_word_index(db: sqlite_utils.Database) -> None:
    """The word index ``articles_words`` (syllables and adjacent pairs, govcrawl.store.word_index)
    beside ``articles_fts``, which stays as it was; built here from every article."""
    word_index.create(db)
    word_index.rebuild(db)


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
