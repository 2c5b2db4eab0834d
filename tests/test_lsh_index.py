"""The near-duplicate index in generations (govcrawl/lsh_index.py), on real SQLite archives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
import sqlite_utils
from conftest import make_record
from sqlite_utils import Migrations

from govcrawl.dedupe import lsh_index, neardup
from govcrawl.dedupe.lsh_index import LshIndex
from govcrawl.store.connection import connect
from govcrawl.store.schema import SCHEMA
from govcrawl.store.writer import ArchiveWriter


@pytest.fixture
def small_generations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Generations of 4 articles, merged 2 at a time: many merges from a few articles."""
    monkeypatch.setattr(lsh_index, "OPEN_ARTICLES", 4)
    monkeypatch.setattr(lsh_index, "FANOUT", 2)


def signatures(count: int, seed: int = 7) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 2**63, neardup.NUM_PERM, dtype=np.uint64) for _ in range(count)]


def near_copy(signature: np.ndarray, changed: int, seed: int = 1) -> np.ndarray:
    """The signature with ``changed`` values replaced: a republication's, roughly."""
    copy = signature.copy()
    rng = np.random.default_rng(seed)
    positions = rng.choice(neardup.NUM_PERM, changed, replace=False)
    copy[positions] = rng.integers(0, 2**63, changed, dtype=np.uint64)
    return copy


def add_articles(
    db: sqlite_utils.Database, index: LshIndex, found: list[np.ndarray], first_id: int
) -> None:
    """Archive one article per signature (ids from ``first_id``) in one transaction."""
    with db.atomic():
        for article_id, signature in enumerate(found, first_id):
            db.execute(
                "INSERT INTO articles (id, url, site, text, content_hash, first_seen, "
                "last_seen) VALUES (?, ?, 's', 't', 'h', 't', 't')",
                [article_id, f"https://s.gov.vn/{article_id}"],
            )
            index.add(article_id, signature)


def indexed(tmp_path: Path, count: int) -> tuple[sqlite_utils.Database, LshIndex]:
    """An archive whose index holds ``count`` articles (ids 1, 2, ...), added in transactions
    of 3 with compaction after each, as a crawl adds them."""
    db = connect(tmp_path / "govcrawl.db")
    index = LshIndex(db)
    for start in range(0, count, 3):
        add_articles(db, index, signatures(count)[start : start + 3], start + 1)
        index.compact()
    return db, index


def test_an_article_finds_itself_and_its_near_copies_in_every_generation(
    tmp_path: Path, small_generations: None
) -> None:
    _, index = indexed(tmp_path, 40)
    assert len(index.generations()) > 1
    for article_id, signature in enumerate(signatures(40), 1):
        hits = index.candidates(signature)
        assert hits[article_id] == neardup.BANDS
        assert index.candidates(near_copy(signature, 20)).most_common(1)[0][0] == article_id
    unrelated = signatures(5, seed=99)
    assert not any(index.candidates(s) for s in unrelated)


def test_compaction_bounds_the_generations_and_keeps_every_row(
    tmp_path: Path, small_generations: None
) -> None:
    db, index = indexed(tmp_path, 64)
    generations = index.generations()
    # 64 articles in generations of 4 merged 2 at a time: one per size tier at most, after
    # each compaction, and the open one.
    sizes = [g.articles for g in generations]
    assert sum(sizes) == 64 and len(generations) <= 6
    assert len({g.tier for g in generations if g.sealed}) == len(
        [g for g in generations if g.sealed]
    )
    (rows,) = db.execute("SELECT count(*) FROM lsh_buckets").fetchone()
    assert rows == 64 * neardup.BANDS
    listed = {n for (n,) in db.execute("SELECT DISTINCT generation FROM lsh_buckets")}
    assert listed == {g.number for g in generations}


def test_merged_generations_are_stored_in_key_order(
    tmp_path: Path, small_generations: None
) -> None:
    db, index = indexed(tmp_path, 16)
    merged = max((g for g in index.generations() if g.sealed), key=lambda g: g.articles)
    assert merged.articles >= 8
    rows = db.execute(
        "SELECT band, bucket, article_id FROM lsh_buckets WHERE generation = ?", [merged.number]
    ).fetchall()
    assert rows == sorted(rows) and len(rows) == merged.articles * neardup.BANDS


def test_a_merge_too_large_for_a_crawl_batch_waits(tmp_path: Path, small_generations: None) -> None:
    db, index = indexed(tmp_path, 8)  # a sealed generation of 6 and an open one of 2
    add_articles(db, index, signatures(4, seed=3), 101)
    assert index.compact(max_articles=4) == 0  # the open one is sealed; merging 12 waits
    assert [(g.articles, g.sealed) for g in index.generations()] == [(6, True), (6, True)]
    assert index.compact() == 1
    assert [(g.articles, g.sealed) for g in index.generations()] == [(12, True)]


def test_removing_an_article_removes_its_buckets_from_whichever_generation(
    tmp_path: Path, small_generations: None
) -> None:
    db, index = indexed(tmp_path, 20)
    first = signatures(20)[0]
    with db.atomic():
        index.remove(1)
    assert 1 not in index.candidates(first)
    (rows,) = db.execute("SELECT count(*) FROM lsh_buckets WHERE article_id = 1").fetchone()
    assert rows == 0
    assert db.execute("SELECT 1 FROM article_signatures WHERE article_id = 1").fetchone() is None


def test_an_interrupted_merge_leaves_the_index_as_it_was(
    tmp_path: Path, small_generations: None
) -> None:
    db, index = indexed(tmp_path, 4)
    add_articles(db, index, signatures(4, seed=5), 201)
    before = index.generations()
    (pages,) = db.execute("PRAGMA page_count").fetchone()
    db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: the merge cannot write
    with pytest.raises(sqlite3.DatabaseError):
        index.compact()
    db.execute("PRAGMA max_page_count = 1073741823")
    sealed = [g for g in index.generations() if g.sealed]
    assert [g.number for g in sealed] == [g.number for g in before]  # sealed, not merged
    for article_id, signature in enumerate(signatures(4), 1):
        assert index.candidates(signature)[article_id] == neardup.BANDS
    assert index.compact() == 1
    for article_id, signature in enumerate(signatures(4, seed=5), 201):
        assert index.candidates(signature)[article_id] == neardup.BANDS


def test_an_archive_indexed_before_generations_keeps_its_candidates(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    before = Migrations("govcrawl")
    for migration in SCHEMA._migrations:
        if migration.name == "m009_lsh_generations":
            break
        before()(migration.fn)
    old = sqlite_utils.Database(path)
    before.apply(old)
    texts = [
        "Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết năm 2020 tại Đà Lạt.",
        "Ủy ban nhân dân tỉnh ban hành kế hoạch chuyển đổi số giai đoạn 2021-2025.",
    ]
    for article_id, text in enumerate(texts, 1):
        old.execute(
            "INSERT INTO articles (id, url, site, text, content_hash, first_seen, last_seen, "
            "published) VALUES (?, ?, 's', ?, 'h', 't', 't', '2019-12-01')",
            [article_id, f"https://s.gov.vn/{article_id}", text],
        )
        old.execute(
            "INSERT INTO article_signatures (article_id, signature) VALUES (?, ?)",
            [article_id, neardup.signature(text).tobytes()],
        )
        old.conn.executemany(
            "INSERT INTO lsh_buckets (band, bucket, article_id) VALUES (?, ?, ?)",
            [(band, bucket, article_id) for band, bucket in neardup.bands(neardup.signature(text))],
        )
    old.conn.commit()
    old.close()
    writer = ArchiveWriter(connect(path))
    assert [(g.articles, g.sealed) for g in writer.lsh.generations()] == [(2, True)]
    for article_id, text in enumerate(texts, 1):
        assert writer.lsh.candidates(neardup.signature(text))[article_id] == neardup.BANDS
    # and a republication written now joins the migrated original's cluster
    copy = make_record(
        url="https://copy.gov.vn/1", site="copy", text=f"{texts[0]}\nNguồn: Sở KH&CN"
    )
    assert writer.write_batch([copy])["near_duplicate"] == 1
    assert writer.db.execute(
        "SELECT duplicate_of FROM articles WHERE url = 'https://copy.gov.vn/1'"
    ).fetchone() == (1,)
    assert writer.db.execute("SELECT count(*) FROM lsh_buckets").fetchone()[0] == 3 * neardup.BANDS


def test_a_failed_merge_after_a_batch_does_not_fail_the_stored_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    writer = ArchiveWriter(connect(tmp_path / "govcrawl.db"))

    def disk_full(max_articles: int | None = None) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(writer.lsh, "compact", disk_full)
    assert writer.write_batch([make_record()])["new"] == 1
    assert "near-duplicate index merge postponed: database or disk is full" in caplog.text
    assert writer.db.execute("SELECT count(*) FROM lsh_buckets").fetchone() == (neardup.BANDS,)


def test_a_bloom_filter_never_misses_a_key_and_rarely_passes_others() -> None:
    rng = np.random.default_rng(3)
    bands = rng.integers(0, neardup.BANDS, 20_000)
    buckets = rng.integers(-(2**63), 2**63 - 1, 20_000, dtype=np.int64)
    keys = lsh_index.keys_of(bands, buckets)
    bloom = lsh_index.Bloom.build(np.array_split(keys, 7), len(keys))
    assert bloom.may_hold(keys).all()
    others = lsh_index.keys_of(bands, rng.integers(-(2**63), 2**63 - 1, 20_000, dtype=np.int64))
    assert bloom.may_hold(others).mean() < 0.02  # about 1% by design


def probed(index: LshIndex, signature: np.ndarray) -> int:
    """How many (band, bucket) keys a lookup reads in sealed generations with a filter."""
    pairs = list(neardup.bands(signature))
    keys = lsh_index.keys_of(*(np.array(c) for c in zip(*pairs, strict=True)))
    _, blooms = index._lookup_generations()
    return int(blooms.may_hold(keys).sum())


def test_sealed_generations_carry_filters_that_spare_lookups_for_new_stories(
    tmp_path: Path, small_generations: None
) -> None:
    db, index = indexed(tmp_path, 40)
    sealed = {n for (n,) in db.execute("SELECT generation FROM lsh_generations WHERE sealed")}
    filters = {n for (n,) in db.execute("SELECT generation FROM lsh_bloom_filters")}
    assert len(sealed) >= 2 and filters == sealed  # merged-away generations' filters are gone
    filtered = len(index._lookup_generations()[1].numbers)
    # an archived article's own buckets all pass; a new story's almost never do
    assert probed(index, signatures(40)[0]) >= neardup.BANDS
    unrelated = signatures(20, seed=99)
    assert sum(probed(index, s) for s in unrelated) <= 0.05 * 20 * neardup.BANDS * filtered


def test_a_generation_sealed_before_filters_gets_one_at_the_next_compaction(
    tmp_path: Path, small_generations: None
) -> None:
    db, _ = indexed(tmp_path, 24)
    with db.atomic():
        db.execute("DELETE FROM lsh_bloom_filters")
    index = LshIndex(db)  # no filter cached
    for article_id, signature in enumerate(signatures(24), 1):
        assert index.candidates(signature)[article_id] == neardup.BANDS
    index.compact()
    assert db.execute(
        "SELECT count(*) FROM lsh_generations WHERE sealed = 1 "
        "AND generation NOT IN (SELECT generation FROM lsh_bloom_filters)"
    ).fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM lsh_bloom_filters").fetchone()[0] >= 1
    for article_id, signature in enumerate(signatures(24), 1):
        assert index.candidates(signature)[article_id] == neardup.BANDS


def test_filters_checked_together_answer_as_each_alone() -> None:
    rng = np.random.default_rng(5)
    filters, built_with = [], []
    for number, count in ((3, 50), (8, 700), (9, 5)):  # filters of different sizes
        keys = lsh_index.keys_of(rng.integers(0, 42, count), rng.integers(-(2**62), 2**62, count))
        filters.append((number, lsh_index.Bloom.build([keys], count).bits))
        built_with.append(keys)
    together = lsh_index.BloomSet(filters)
    probe = np.concatenate(
        [*built_with, lsh_index.keys_of(np.zeros(300), rng.integers(0, 2**62, 300))]
    )
    held = together.may_hold(probe)
    assert together.numbers == [3, 8, 9] and held.shape == (3, len(probe))
    for row, (_, bits) in enumerate(filters):
        assert (held[row] == lsh_index.Bloom(bits).may_hold(probe)).all()
    assert [(n, bits.tobytes()) for n, bits in together.filters()] == [
        (n, bits.tobytes()) for n, bits in filters]  # fmt: skip
    assert held[1, 50:750].all() and not held[:, -300:].all(axis=1).any()
