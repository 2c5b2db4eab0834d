"""What a re-extraction (``govcrawl reprocess``) reads from and writes to the archive.

Reads the captures to re-extract (the latest 2xx HTML capture of each URL, a revisit resolved to
the response it refers to) and what the archive knows of a site. Writes each re-extracted page:
an article whose fields changed gets a new version (the earlier one in ``article_versions``,
with the extractor version that made it), a page now recognised as an article is added through
the writer (exact and near-duplicate checks included) and linked to its capture, and an article
whose capture is no longer recognised is reported, never deleted. Progress is kept in
``reprocess_runs`` (one row per reprocess, migration m014), committed with each batch, so an
interrupted reprocess resumes after the last capture it committed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlite_utils

from govcrawl.items import ArticleRecord
from govcrawl.store import near_duplicates
from govcrawl.store.writer import ArchiveWriter

# The fields a re-extraction compares; any difference makes a new version.
FIELDS = ("title", "published", "author", "text", "modified", "source", "published_raw",
          "published_from", "lang", "content_hash")  # fmt: skip


@dataclass(frozen=True)
class CaptureToRead:
    """A capture to re-extract: its id, URL, site, time, and where its payload is (a revisit's
    original response)."""

    id: int
    url: str
    site: str
    fetched_at: str
    warc_file: str
    offset: int


def captures_to_reprocess(db: sqlite_utils.Database, *, site: str | None = None,
                          since: str | None = None, after: int = 0) -> Iterator[CaptureToRead]:  # fmt: skip
    """The latest 2xx HTML capture of each URL (fetched at ``since`` or later, of ``site``),
    with an id above ``after``, by ascending id."""
    where, params = ["c.status BETWEEN 200 AND 299",
                     "(c.content_type IS NULL OR lower(c.content_type) LIKE '%html%')"], []  # fmt: skip
    if site:
        where.append("r.site = ?")
        params.append(site)
    if since:
        where.append("c.fetched_at >= ?")
        params.append(since)
    latest = f"""SELECT max(c.id) FROM captures AS c JOIN crawl_runs AS r ON r.id = c.run_id
                 WHERE {" AND ".join(where)} GROUP BY c.url"""
    cursor = db.conn.execute(
        f"""SELECT c.id, c.url, r.site, c.fetched_at, coalesce(o.warc_file, c.warc_file),
                   coalesce(o.offset, c.offset)
            FROM captures AS c JOIN crawl_runs AS r ON r.id = c.run_id
            LEFT JOIN captures AS o ON o.id = c.refers_to
            WHERE c.id IN ({latest}) AND c.id > ? ORDER BY c.id""",
        [*params, after],
    )
    for row in cursor:
        yield CaptureToRead(*row)


def count_to_reprocess(db: sqlite_utils.Database, *, site: str | None = None,
                       since: str | None = None, after: int = 0) -> int:  # fmt: skip
    """How many captures ``captures_to_reprocess`` yields."""
    return sum(1 for _ in captures_to_reprocess(db, site=site, since=since, after=after))


def site_labels(db: sqlite_utils.Database, site: str) -> tuple[str | None, str | None]:
    """The province and agency the archive's latest article of ``site`` carries, or Nones."""
    row = db.execute(
        "SELECT province, agency FROM articles WHERE site = ? ORDER BY id DESC LIMIT 1", [site]
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def uncaptured_articles(db: sqlite_utils.Database, site: str | None = None) -> int:
    """Articles (of ``site``) without a capture: archived before captures were kept."""
    sql = "SELECT count(*) FROM articles WHERE capture_id IS NULL"
    return int(
        db.execute(sql + (" AND site = ?" if site else ""), [site] if site else []).fetchone()[0]
    )


@dataclass
class Tally:
    """What a reprocess did: pages re-extracted, ``changed`` (new versions), ``added`` (new
    articles, by writer outcome), ``unchanged``, ``skipped`` (already made by this extractor
    from this capture), ``not_articles``, and the articles no longer recognised."""

    pages: int = 0
    changed: int = 0
    added: int = 0
    unchanged: int = 0
    skipped: int = 0
    not_articles: int = 0
    no_longer: list[tuple[int, str, str]] = field(default_factory=list)  # (id, url, verdict)

    def as_dict(self) -> dict[str, int]:
        """The counts, as the ``reprocess_runs.counts`` JSON."""
        return {"pages": self.pages, "changed": self.changed, "added": self.added,
                "unchanged": self.unchanged, "skipped": self.skipped,
                "not_articles": self.not_articles, "no_longer_articles": len(self.no_longer)}  # fmt: skip

    @classmethod
    def of(cls, counts: dict[str, int]) -> Tally:
        """A tally resumed from a ``reprocess_runs.counts`` JSON (no_longer's rows aside)."""
        get = {key: int(counts.get(key, 0)) for key in counts}.get
        return cls(pages=get("pages", 0), changed=get("changed", 0), added=get("added", 0),
                   unchanged=get("unchanged", 0), skipped=get("skipped", 0),
                   not_articles=get("not_articles", 0))  # fmt: skip


class ReprocessBook:
    """A reprocess's row in ``reprocess_runs``: started, or resumed when an unfinished one of
    the same extractor version, site and since exists; advanced with each batch. One not
    ``persist``ed (a dry run) starts from the beginning and records nothing."""

    def __init__(self, db: sqlite_utils.Database, version: str, site: str | None,
                 since: str | None, now: str, *, persist: bool = True):  # fmt: skip
        self.db = db
        self.id, self.last_capture_id, self.tally, self.resumed = 0, 0, Tally(), False
        if not persist:
            return
        row = db.execute(
            "SELECT id, last_capture_id, counts FROM reprocess_runs WHERE finished_at IS NULL "
            "AND extractor_version = ? AND site IS ? AND since IS ? ORDER BY id DESC LIMIT 1",
            [version, site, since],
        ).fetchone()
        if row:
            self.id, self.last_capture_id = int(row[0]), int(row[1])
            self.tally = Tally.of(json.loads(row[2] or "{}"))
            self.resumed = True
            return
        with db.atomic():
            cursor = db.execute(
                "INSERT INTO reprocess_runs (extractor_version, site, since, started_at) "
                "VALUES (?, ?, ?, ?)",
                [version, site, since, now],
            )
        self.id = int(cursor.lastrowid or 0)

    def advance(self, last_capture_id: int) -> None:
        """Record the progress (inside the batch's transaction)."""
        self.last_capture_id = last_capture_id
        self.db.execute(
            "UPDATE reprocess_runs SET last_capture_id = ?, pages = ?, counts = ? WHERE id = ?",
            [last_capture_id, self.tally.pages, json.dumps(self.tally.as_dict()), self.id],
        )

    def finish(self, now: str) -> None:
        """Mark the reprocess finished: the next one starts over."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE reprocess_runs SET finished_at = ?, counts = ? WHERE id = ?",
                [now, json.dumps(self.tally.as_dict()), self.id],
            )


def is_current(db: sqlite_utils.Database, url: str, capture_id: int, version: str) -> bool:
    """True when the article archived under ``url`` was made by extractor ``version`` from
    this capture: re-extracting it would give the same."""
    row = db.execute(
        "SELECT 1 FROM article_urls AS u JOIN articles AS a ON a.id = u.article_id "
        "WHERE u.url = ? AND a.capture_id = ? AND a.extractor_version = ?",
        [url, capture_id, version],
    ).fetchone()
    return row is not None


def write_article(writer: ArchiveWriter, record: ArticleRecord, capture_id: int, now: str,
                  tally: Tally) -> None:  # fmt: skip
    """Write a re-extracted article: a new version of the article archived under its own URL
    when a field changed, else a new article (or another URL of one) linked to the capture."""
    db = writer.db
    row = db.execute(
        "SELECT a.id, a.url FROM article_urls AS u JOIN articles AS a ON a.id = u.article_id "
        "WHERE u.url = ?",
        [record.url],
    ).fetchone()
    if row is None:  # the record carries its capture (FetchedPage.capture_id)
        writer.write_records([record])
        tally.added += 1
        return
    article_id, own_url = row
    if own_url == record.url and revise(db, writer, int(article_id), record, capture_id, now):
        tally.changed += 1
    else:
        tally.unchanged += 1


def revise(db: sqlite_utils.Database, writer: ArchiveWriter, article_id: int,
           record: ArticleRecord, capture_id: int, now: str) -> bool:  # fmt: skip
    """Bring the article to the re-extracted ``record`` when any field differs, keeping the
    earlier version (and the extractor that made it) in ``article_versions``; True if it did."""
    names = ", ".join(FIELDS)
    current = dict(zip(FIELDS, db.execute(f"SELECT {names} FROM articles WHERE id = ?",
                                          [article_id]).fetchone(), strict=True))  # fmt: skip
    if all(current[name] == getattr(record, name) for name in FIELDS):
        db.execute("UPDATE articles SET extractor_version = ?, capture_id = ? WHERE id = ?",
                   [record.extractor_version, capture_id, article_id])  # fmt: skip
        return False
    db.execute(
        """INSERT INTO article_versions (article_id, version, title, published, author, text,
               content_hash, first_seen, superseded_at, extractor_version, capture_id)
           SELECT id, version, title, published, author, text, content_hash,
                  coalesce(changed_at, first_seen), ?, extractor_version, capture_id
           FROM articles WHERE id = ?""",
        [now, article_id],
    )
    assignments = ", ".join(f"{name} = ?" for name in FIELDS)
    db.execute(
        f"""UPDATE articles SET {assignments}, version = version + 1, changed_at = ?,
                extractor_version = ?, capture_id = ? WHERE id = ?""",
        [*(getattr(record, name) for name in FIELDS), now, record.extractor_version,
         capture_id, article_id],
    )  # fmt: skip
    if current["content_hash"] != record.content_hash:
        near_duplicates.reindex(writer.lsh, article_id, record.text)
    return True


def no_longer_article(db: sqlite_utils.Database, url: str) -> int | None:
    """The article whose own URL is ``url``, or None (a page no longer recognised as an
    article is reported by the caller, never deleted)."""
    row = db.execute(
        "SELECT a.id FROM article_urls AS u JOIN articles AS a ON a.id = u.article_id "
        "WHERE u.url = ?1 AND a.url = ?1",
        [url],
    ).fetchone()
    return int(row[0]) if row else None
