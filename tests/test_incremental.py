"""Scheduled-run building blocks: versions and removals in the archive, the walk chosen per
portal, due revisits, the archive lock, later listing pages, the per-portal health report."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from conftest import make_record

from govcrawl.crawl.discovery import is_later_page
from govcrawl.dedupe import neardup
from govcrawl.dedupe.content_hash import content_hash
from govcrawl.research.runs import portal_health
from govcrawl.research.search import search
from govcrawl.store.archived_pages import ArchivedPages
from govcrawl.store.connection import connect
from govcrawl.store.lock import ArchiveLock, ArchiveLocked
from govcrawl.store.runs import finish_run, start_run
from govcrawl.store.writer import ArchiveWriter

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
EDITED = "Chiều 15-1, Sở Khoa học và Công nghệ tỉnh Lâm Đồng tổ chức hội nghị tổng kết năm 2019."


@pytest.fixture
def writer(tmp_path: Path) -> ArchiveWriter:
    return ArchiveWriter(connect(tmp_path / "govcrawl.db"))


def test_an_edited_article_keeps_its_earlier_version(writer: ArchiveWriter) -> None:
    writer.write_batch([make_record()])
    edit = make_record(text=EDITED, content_hash=content_hash(EDITED), title="Tổng kết năm 2019",
                       fetched_at="2026-02-01T00:00:00+00:00")  # fmt: skip
    assert writer.write_records([edit]) == ["changed"]
    article = writer.db.execute("SELECT title, text, version, changed_at FROM articles").fetchone()
    assert article == ("Tổng kết năm 2019", EDITED, 2, "2026-02-01T00:00:00+00:00")
    version = writer.db.execute(
        "SELECT version, title, first_seen, superseded_at FROM article_versions"
    ).fetchone()
    assert version == (
        1,
        make_record().title,
        make_record().fetched_at,
        "2026-02-01T00:00:00+00:00",
    )
    assert [hit.title for hit in search(writer.db, "tong ket")] == ["Tổng kết năm 2019"]
    assert writer.write_records([edit]) == ["seen"]  # the same again is no new version


def test_an_edit_replaces_the_near_duplicate_index_rows(writer: ArchiveWriter) -> None:
    writer.write_batch([make_record()])
    writer.write_records([make_record(text=EDITED, content_hash=content_hash(EDITED))])
    (signature,) = writer.db.execute("SELECT signature FROM article_signatures").fetchone()
    assert np.array_equal(np.frombuffer(signature, dtype=np.uint64), neardup.signature(EDITED))
    buckets = writer.db.execute("SELECT band, bucket FROM lsh_buckets ORDER BY band").fetchall()
    assert buckets == sorted(neardup.bands(neardup.signature(EDITED)))


def test_a_removed_article_is_marked_gone_and_kept(writer: ArchiveWriter) -> None:
    writer.write_batch([make_record()])
    assert writer.mark_gone(make_record().url, 404, "2026-03-01T00:00:00+00:00")
    assert writer.mark_gone(make_record().url, 410, "2026-04-01T00:00:00+00:00")
    row = writer.db.execute("SELECT gone_at, gone_status, text FROM articles").fetchone()
    assert row == ("2026-03-01T00:00:00+00:00", 410, make_record().text)  # first time kept
    assert not writer.mark_gone("https://skhcn.lamdong.gov.vn/never-archived", 404, "t")
    writer.write_batch([make_record(fetched_at="2026-05-01T00:00:00+00:00")])  # it answers again
    assert writer.db.execute("SELECT gone_at FROM articles").fetchone() == (None,)


def test_pages_shaped_like_articles_that_are_not_are_known(writer: ArchiveWriter) -> None:
    about = "https://s.vn/index.php?id=2&option=com_content&view=article"
    writer.note_non_articles([(about, "s", "utility: utility_page", "2026-11-01T00:00:00+00:00")])
    writer.note_non_articles([(about, "s", "utility: form_page", "2026-11-20T00:00:00+00:00")])
    row = writer.db.execute(
        "SELECT reason, first_seen, last_seen FROM non_article_pages"
    ).fetchone()
    assert row == ("utility: form_page", "2026-11-01T00:00:00+00:00", "2026-11-20T00:00:00+00:00")
    archived = ArchivedPages(writer.db)
    assert archived.is_known(about, since="2026-11-10") and not archived.is_archived(about)
    assert not archived.is_known(about, since="2026-11-21")  # due for a check on a full walk


def finished_run(writer: ArchiveWriter, site: str, started: datetime, status: str | None,
                 walk: str = "full") -> None:  # fmt: skip
    run_id = start_run(writer.db, spider="portal", site=site, start_url="u",
                       started_at=started.isoformat(timespec="seconds"))  # fmt: skip
    if status is not None:
        finish_run(writer.db, run_id, finished_at=started.isoformat(timespec="seconds"),
                   reason="finished", stats={}, counts={"new": 3}, status=status,
                   walk=walk)  # fmt: skip


def test_the_walk_depends_on_what_the_archive_holds(writer: ArchiveWriter) -> None:
    archived = ArchivedPages(writer.db)
    site = make_record().site
    assert archived.walk(site, NOW, full_walk_days=30) == "first"
    writer.write_batch([make_record()])
    assert archived.walk(site, NOW, full_walk_days=30) == "full"  # no finished run yet
    finished_run(writer, site, NOW - timedelta(days=2), "ok", walk="first")
    assert archived.walk(site, NOW, full_walk_days=30) == "incremental"
    assert archived.walk(site, NOW, full_walk_days=1) == "full"  # the last full walk is too old
    finished_run(writer, site, NOW - timedelta(days=1), None)  # killed: never finished
    assert archived.walk(site, NOW, full_walk_days=30) == "full"
    finished_run(writer, site, NOW - timedelta(hours=1), "failed")
    assert archived.walk(site, NOW, full_walk_days=30) == "full"


def test_revisits_are_young_articles_not_fetched_lately(writer: ArchiveWriter) -> None:
    fetched = (NOW - timedelta(days=2)).isoformat(timespec="seconds")
    writer.write_batch([
        make_record(url="https://s.vn/young", published="2026-11-20", fetched_at=fetched),
        make_record(url="https://s.vn/old", published="2020-01-15", fetched_at=fetched,
                    text="Tin cũ về đo lường chất lượng.", content_hash="x"),
        make_record(url="https://s.vn/undated", published=None, fetched_at=fetched,
                    text="Tin không ghi ngày về sở hữu trí tuệ.", content_hash="y"),
    ])  # fmt: skip
    archived, site = ArchivedPages(writer.db), make_record().site
    due = list(archived.due_revisits(site, NOW, max_age_days=14, interval_hours=20))
    assert sorted(due) == ["https://s.vn/undated", "https://s.vn/young"]
    assert list(archived.due_revisits(site, NOW, max_age_days=14, interval_hours=72)) == []
    assert list(archived.due_revisits(site, NOW, max_age_days=0, interval_hours=0)) == []
    writer.mark_gone("https://s.vn/young", 404, NOW.isoformat())
    assert list(archived.due_revisits(site, NOW, max_age_days=14, interval_hours=20)) == [
        "https://s.vn/undated"
    ]


def test_the_lock_admits_one_holder(tmp_path: Path) -> None:
    archive = tmp_path / "govcrawl.db"
    with ArchiveLock(archive):
        record = json.loads(Path(f"{archive}.lock").read_text())
        assert record["pid"] == os.getpid()
        with pytest.raises(ArchiveLocked, match=f"PID {os.getpid()}"):
            ArchiveLock(archive).acquire()
    with ArchiveLock(archive):  # released: free again
        pass


@pytest.mark.parametrize(
    ("url", "later"),
    [
        ("https://x.vn/web/guest/tin-tuc?_com_liferay_AssetPublisherPortlet_cur=2", True),
        ("https://x.vn/category/tin-tuc/page/3/", True),
        ("https://x.vn/chuyen-muc-chi-dao-dieu-hanh-c21072-5.html", True),
        ("https://x.vn/tabid/72/Default.aspx?dnn_ctr_GridChangePage=2_8", True),
        ("https://x.vn/index.php?option=com_content&view=category&start=10", True),
        ("https://x.vn/portal/KenhTin/Tin-tuc.aspx?PageIndex=2", True),
        ("https://x.vn/tin-tuc?page=0", False),
        ("https://x.vn/chuyen-muc-chi-dao-dieu-hanh-c21072.html", False),
        ("https://x.vn/2020/01/15/hoi-nghi-khoa-hoc-2020/", False),
        ("https://x.vn/tin-tuc/hoi-nghi-tong-ket-12345.html", False),
    ],
)
def test_later_listing_pages(url: str, later: bool) -> None:
    assert is_later_page(url) is later


def test_portal_health(writer: ArchiveWriter) -> None:
    writer.write_batch([make_record()])
    site = make_record().site
    finished_run(writer, site, NOW - timedelta(days=3), "ok")
    finished_run(writer, site, NOW - timedelta(days=2), "failed")
    finished_run(writer, site, NOW - timedelta(days=1), None)
    finished_run(writer, "down", NOW - timedelta(days=1), "failed")
    health = {h.site: h for h in portal_health(writer.db, NOW)}
    ours = health[site]
    assert (ours.articles, ours.last_status, ours.added_last_success) == (1, "unfinished", 3)
    assert ours.failures_since_success == 2 and round(ours.days_since_success or 0) == 3
    assert not ours.stale(7) and ours.stale(2)
    assert health["down"].last_success is None and health["down"].stale(7)
