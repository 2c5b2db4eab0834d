"""The word index ``articles_words``: every article's search-folded syllables and adjacent
syllable pairs (govcrawl.text.index_terms), which make phrase searches of common syllables
fast ("Sở KH&CN" 7x faster at 100,000 articles; benchmarks/search_latency.py).

Columns ``title``, ``text`` (syllables) and ``title_pairs``, ``text_pairs`` (pairs, one position
per syllable), FTS5 without content of its own: its terms are computed in Python, which SQLite
triggers cannot call. So the triggers, plain SQL that any writer runs (the sqlite3 shell, a
researcher's script, an older tool), only queue what changed in ``word_index_pending`` (with an
updated or deleted row's old title and text, the terms to take out), and ``sync`` brings the
index up to date: govcrawl calls it inside every transaction that writes articles, and on each
writable open. While anything is queued the index is not ``ready`` and the search uses
``articles_fts`` (same answers, slower): a foreign write never makes a search wrong.
"""

from __future__ import annotations

import logging
import sqlite3
import time

import sqlite_utils

from govcrawl.text.index_terms import PAIR_JOINER, index_terms

logger = logging.getLogger(__name__)

TABLE = "articles_words"
PENDING = "word_index_pending"
COLUMNS = ("title", "text", "title_pairs", "text_pairs")
_INSERT = f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?)"
_DELETE = (
    f"INSERT INTO {TABLE} ({TABLE}, rowid, {', '.join(COLUMNS)}) VALUES ('delete', ?, ?, ?, ?, ?)"
)
_CHUNK = 2000  # articles read per query while rebuilding
_TOKENIZER = f"unicode61 remove_diacritics 0 tokenchars '{PAIR_JOINER}'"


def create(db: sqlite_utils.Database) -> None:
    """Create the index, its queue and the triggers that fill the queue (the index empty)."""
    _create_table(db.conn, TABLE)
    db.execute(f"""
        CREATE TABLE {PENDING} (
            seq INTEGER PRIMARY KEY,
            id INTEGER NOT NULL,
            indexed INTEGER NOT NULL,
            title TEXT,
            text TEXT
        )""")
    queue_new = f"INSERT INTO {PENDING} (id, indexed) VALUES (new.id, 0);"
    queue_old = (
        f"INSERT INTO {PENDING} (id, indexed, title, text) VALUES (old.id, 1, old.title, old.text);"
    )
    # INSERT OR REPLACE deletes the row it replaces without a DELETE trigger (unless
    # recursive_triggers): queue it before. A row queued twice is read once (its first entry).
    queue_replaced = (
        f"INSERT INTO {PENDING} (id, indexed, title, text) "
        "SELECT id, 1, title, text FROM articles WHERE id = new.id;"
    )
    moved = f"INSERT INTO {PENDING} (id, indexed) SELECT new.id, 0 WHERE new.id IS NOT old.id;"
    db.execute(
        f"CREATE TRIGGER {TABLE}_bi BEFORE INSERT ON articles WHEN new.id IS NOT NULL "
        f"BEGIN {queue_replaced} END"
    )
    db.execute(f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON articles BEGIN {queue_new} END")
    db.execute(f"CREATE TRIGGER {TABLE}_ad AFTER DELETE ON articles BEGIN {queue_old} END")
    db.execute(
        f"CREATE TRIGGER {TABLE}_au AFTER UPDATE OF id, title, text ON articles "
        f"BEGIN {queue_old} {moved} END"
    )


def exists(db: sqlite_utils.Database) -> bool:
    """True when the archive has the word index (migration m015)."""
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]
    ).fetchone()
    return found is not None


def ready(db: sqlite_utils.Database) -> bool:
    """True when the word index exists and holds every article as it is now."""
    return exists(db) and _queue_empty(db)


def pending(db: sqlite_utils.Database) -> int:
    """How many changes of articles wait for the word index (0 without one)."""
    if not exists(db):
        return 0
    return int(db.execute(f"SELECT count(*) FROM {PENDING}").fetchone()[0])


def sync(db: sqlite_utils.Database) -> int:
    """Apply the queued changes to the index, in the caller's transaction; return how many
    articles were re-indexed.

    An article's first queued change tells what the index holds for it: nothing (it was
    inserted since) or the old title and text queued with the change (taken out); then it is
    indexed as it is now, unless deleted."""
    conn = db.conn
    done: set[int] = set()  # articles already brought up to date: their later entries say nothing
    last = 0
    while queued := conn.execute(  # in chunks: another tool may have changed a million rows
        f"SELECT seq, id, indexed, title, text FROM {PENDING} WHERE seq > ? ORDER BY seq LIMIT ?",
        [last, _CHUNK],
    ).fetchall():
        for _, article_id, indexed, title, text in queued:
            if article_id in done:
                continue
            done.add(article_id)
            if indexed:
                conn.execute(_DELETE, [article_id, *_terms(title, text)])
            row = conn.execute("SELECT title, text FROM articles WHERE id = ?", [article_id])
            current = row.fetchone()
            if current is not None:
                conn.execute(_INSERT, [article_id, *_terms(*current)])
        last = queued[-1][0]
    conn.execute(f"DELETE FROM {PENDING} WHERE seq <= ?", [last])
    return len(done)


def sync_now(db: sqlite_utils.Database) -> int:
    """``sync`` in a transaction of its own (a writable open catching up on foreign writes);
    an archive busy with another writer is left for that writer's next batch."""
    if not exists(db) or _queue_empty(db):
        return 0
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        logger.info("word index not brought up to date now (%s): the next write does it", error)
        return 0
    try:
        count = sync(db)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return count


def rebuild(db: sqlite_utils.Database) -> int:
    """Index every article anew (the migration that creates the index, or one that changes its
    terms); return how many were indexed."""
    started = time.monotonic()
    total = int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    if total > 10_000:
        logger.warning(
            "building the word index of %s articles (once; about 1 ms each)", f"{total:,}"
        )
    db.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('delete-all')")
    db.execute(f"DELETE FROM {PENDING}")
    done = _index_articles(db.conn, TABLE)
    if total > 10_000:
        logger.warning(
            "word index built: %s articles in %.0f s", f"{done:,}", time.monotonic() - started
        )
    return done


def differences(conn: sqlite3.Connection) -> int:
    """How many entries (term, column: articles and occurrences) differ between the index and
    the articles as they are now, indexed anew in a temporary table; 0 when the index is right.
    Changes still queued are applied first (call it in a transaction that is rolled back)."""
    sync(sqlite_utils.Database(conn))
    _create_table(conn, "temp.words_expected")
    conn.execute(f"CREATE VIRTUAL TABLE temp.words_found USING fts5vocab(main, {TABLE}, col)")
    conn.execute(
        "CREATE VIRTUAL TABLE temp.words_wanted USING fts5vocab(temp, words_expected, col)"
    )
    try:
        _index_articles(conn, "temp.words_expected")
        found = "SELECT term, col, doc, cnt FROM temp.words_found"
        wanted = "SELECT term, col, doc, cnt FROM temp.words_wanted"
        sql = f"SELECT (SELECT count(*) FROM ({found} EXCEPT {wanted})) + (SELECT count(*) FROM ({wanted} EXCEPT {found}))"
        return int(conn.execute(sql).fetchone()[0])
    finally:
        for table in ("words_wanted", "words_found", "words_expected"):
            conn.execute(f"DROP TABLE temp.{table}")


def integrity_check(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError unless the index's own structure is sound (it has no
    content to compare with the articles)."""
    conn.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('integrity-check')")


def _create_table(conn: sqlite3.Connection, name: str) -> None:
    """An empty word index called ``name`` (contentless FTS5: its terms come from Python)."""
    conn.execute(
        f"CREATE VIRTUAL TABLE {name} USING fts5({', '.join(COLUMNS)}, content='', "
        f'tokenize="{_TOKENIZER}")'
    )


def _index_articles(conn: sqlite3.Connection, name: str) -> int:
    """Add every article's terms to the word index ``name``, in chunks; return how many."""
    insert = f"INSERT INTO {name} (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?)"
    last, done = 0, 0
    while rows := conn.execute(
        f"SELECT id, title, text FROM articles WHERE id > ? ORDER BY id LIMIT {_CHUNK}", [last]
    ).fetchall():
        conn.executemany(insert, [(i, *_terms(title, text)) for i, title, text in rows])
        last, done = rows[-1][0], done + len(rows)
    return done


def _queue_empty(db: sqlite_utils.Database) -> bool:
    return db.execute(f"SELECT 1 FROM {PENDING} LIMIT 1").fetchone() is None


def _terms(title: str | None, text: str | None) -> tuple[str, str, str, str]:
    title_words, title_pairs = index_terms(title)
    text_words, text_pairs = index_terms(text)
    return title_words, text_words, title_pairs, text_pairs
