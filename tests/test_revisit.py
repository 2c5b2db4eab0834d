"""The adaptive revisit policy of listings, sitemaps and feeds, the search-page rule, sitemap
and feed dates, and what the store keeps of visits (listing_revisits) and aliases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import make_record
from scrapy.http import TextResponse

from govcrawl.clock import Clock
from govcrawl.crawl import revisit
from govcrawl.crawl.discovery import SKIP_URL, feed_entries_dated, is_before
from govcrawl.crawl.revisit import RevisitPolicy, Revisits
from govcrawl.items import PageVisit
from govcrawl.store.archived_pages import ArchivedPages
from govcrawl.store.connection import connect
from govcrawl.store.writer import ArchiveWriter

NOW = datetime(2026, 6, 2, 3, tzinfo=UTC)  # 10:00 on 2 June in Vietnam
POLICY = RevisitPolicy(min_hours=20, max_hours=30 * 24)


def visit(url: str = "https://s.vn/category/tin/", **fields: object) -> PageVisit:
    base = dict(url=url, site="s", kind="page", checked_at="2026-06-01T02:00:00+00:00",
                changed_at="2026-06-01T02:00:00+00:00", interval_hours=20.0, fingerprint="a")  # fmt: skip
    return PageVisit(**{**base, **fields})  # type: ignore[arg-type]


def test_an_unchanged_listing_waits_twice_as_long_up_to_the_maximum() -> None:
    now = NOW.isoformat()
    assert POLICY.after(None, "a", now) == (now, 20)
    previous = visit(interval_hours=20)
    assert POLICY.after(previous, "a", now) == (previous.changed_at, 40)
    assert POLICY.after(previous, None, now) == (previous.changed_at, 40)  # a 304
    assert POLICY.after(visit(interval_hours=500), "a", now)[1] == 720
    assert POLICY.after(visit(interval_hours=500), "b", now) == (now, 20)  # changed: the minimum


def test_a_listing_is_due_once_its_interval_has_run_out() -> None:
    state = visit(checked_at="2026-06-01T02:00:00+00:00", interval_hours=20)
    assert not revisit.is_due(state, datetime(2026, 6, 1, 21, tzinfo=UTC))
    assert revisit.is_due(state, datetime(2026, 6, 1, 22, tzinfo=UTC))


@pytest.mark.parametrize(("url", "full_walk_only"), [
    ("https://s.vn/2019/05/", True),
    ("https://s.vn/2019/", True),
    ("https://s.vn/2026/06/", False),  # this month: open
    ("https://s.vn/2026/05/", True),
    ("https://s.vn/2026/", False),
    ("https://s.vn/modules.php?name=News&op=archive&thang=5&nam=2019", True),
    ("https://s.vn/modules.php?name=News&op=archive&thang=6&nam=2026", False),
    ("https://s.vn/?m=201905", True),
    ("https://s.vn/tag/ke-hoach/", True),
    ("https://s.vn/tu-khoa/chuyen-doi-so.html", True),
    ("https://s.vn/index.php?option=com_tags&view=tag&id=3", True),
    ("https://s.vn/category/tin-tuc/page/3/", True),
    ("https://s.vn/category/tin-tuc/", False),
    ("https://s.vn/2019/05/12/hoi-nghi-tong-ket/", False),  # an article, not an archive
    ("https://s.vn/modules.php?name=News&op=viewst&sid=2019", False),
])  # fmt: skip
def test_closed_date_archives_tag_pages_and_later_pages_wait_for_the_full_walk(
    url: str, full_walk_only: bool
) -> None:
    assert revisit.full_walk_only(url, NOW) is full_walk_only


@pytest.mark.parametrize(("url", "skipped"), [
    ("https://s.vn/?s=k%E1%BA%BF+ho%E1%BA%A1ch", True),
    ("https://s.vn/tim-kiem?keyword=cai+cach", True),
    ("https://s.vn/tim-kiem.html", True),
    ("https://s.vn/search?q=x", True),
    ("https://s.vn/Search-Results.aspx?Search=x", True),
    ("https://s.vn/news.aspx?keyword=x", True),
    ("https://s.vn/modules.php?name=Search&query=x", True),
    ("https://s.vn/index.php?option=com_search&searchword=x", True),
    ("https://s.vn/search/node?keys=x", True),
    ("https://s.vn/modules.php?name=News&file=print&sid=3", True),
    ("https://s.vn/2021/05/04/bai-viet/?print=1", True),
    ("https://s.vn/category/tin-tuc/", False),
    ("https://s.vn/?p=123", False),
    ("https://s.vn/news.aspx?id=12&cat=1", False),
])  # fmt: skip
def test_search_result_pages_and_print_views_are_never_followed(url: str, skipped: bool) -> None:
    assert bool(SKIP_URL.search(url)) is skipped


def test_sitemap_and_feed_dates_say_what_is_older_than_the_last_visit() -> None:
    since = "2026-05-31T00:00:00+00:00"
    assert is_before("2026-05-29", since) and not is_before("2026-05-31", since)
    assert is_before("Fri, 29 May 2026 02:00:00 +0000", since)
    assert not is_before("2026-06-01T09:00:00+07:00", since)
    assert not is_before("hôm qua", since)  # unreadable: never older
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>A</title><link>https://s.vn/a</link><pubDate>Mon, 01 Jun 2026 02:00:00 +0000</pubDate></item>
<item><title>B</title><link>https://s.vn/b</link></item></channel></rss>"""
    response = TextResponse("https://s.vn/feed/", body=body)
    assert feed_entries_dated(response) == [
        ("https://s.vn/a", "Mon, 01 Jun 2026 02:00:00 +0000"), ("https://s.vn/b", None)]  # fmt: skip


def test_a_visit_fingerprints_the_links_a_listing_lists_without_the_furniture() -> None:
    revisits = Revisits(POLICY, Clock(NOW.isoformat()), conditional=True)
    assert revisits.learn("https://s.vn/c/", "s", "page", {}, links=["https://s.vn/a"]) is None
    revisits.start_links["s"] = {"https://s.vn/newest", "https://s.vn/c/"}
    one = revisits.learn("https://s.vn/c/", "s", "page", {"ETag": b'"x"'},
                         links=["https://s.vn/a", "https://s.vn/newest"])  # fmt: skip
    two = revisits.learn("https://s.vn/c/", "s", "page", {}, links=["https://s.vn/a"])
    assert one is not None and two is not None
    assert one.fingerprint == two.fingerprint and one.etag == '"x"'
    assert one.links == ("https://s.vn/a",)  # a first visit: the store dates its last change


def test_the_store_keeps_visits_and_answers_due_listings(tmp_path: Path) -> None:
    writer = ArchiveWriter(connect(tmp_path / "a.db"))
    writer.write_batch([
        make_record(url="https://s.vn/a", published="2026-05-02T09:00:00+07:00"),
        make_record(url="https://s.vn/b", published="2026-06-01T09:00:00+07:00",
                    text="Tin mới nhất về đo lường chất lượng.", content_hash="b"),
    ])  # fmt: skip
    writer.note_visits([
        visit("https://s.vn/c/", site="lam_dong_skhcn", links=("https://s.vn/a",)),
        visit("https://s.vn/empty/", site="lam_dong_skhcn", etag='"e"'),
        visit("https://s.vn/a", site="lam_dong_skhcn"),  # an archived article: never due as a listing
    ])  # fmt: skip
    assert writer.date_new_listings(20, 30 * 24) == 1
    archived = ArchivedPages(writer.db)
    dated = archived.revisit_state("https://s.vn/c/")
    assert dated is not None and dated.changed_at == "2026-05-02T02:00:00+00:00"
    # A month older than the portal's newest article: the maximum.
    assert dated.interval_hours == pytest.approx(30 * 24)
    due = [v.url for v in archived.due_listings("lam_dong_skhcn", NOW)]
    assert due == ["https://s.vn/empty/"]
    assert revisit.validators(archived.revisit_state("https://s.vn/empty/")) == {
        "If-None-Match": '"e"'}  # fmt: skip
    later = NOW + timedelta(days=31)
    assert [v.url for v in archived.due_listings("lam_dong_skhcn", later)] == [
        "https://s.vn/empty/", "https://s.vn/c/"]  # fmt: skip


def test_an_article_answering_304_was_seen_and_redirects_are_its_urls(tmp_path: Path) -> None:
    writer = ArchiveWriter(connect(tmp_path / "a.db"))
    writer.write_batch([make_record(url="https://s.vn/bai-1", aliases=("https://s.vn/?p=1",))])
    writer.note_visits([visit("https://s.vn/bai-1", kind="article", status=304,
                              checked_at="2026-06-02T03:00:00+00:00")])  # fmt: skip
    archived = ArchivedPages(writer.db)
    assert archived.is_archived("https://s.vn/?p=1")
    seen = writer.db.execute("SELECT last_seen FROM articles").fetchone()[0]
    assert seen == "2026-06-02T03:00:00+00:00"


def test_the_clock_can_be_set() -> None:
    clock = Clock("2026-06-01T00:00:00Z")
    assert abs(clock.now() - datetime(2026, 6, 1, tzinfo=UTC)) < timedelta(seconds=5)
    assert abs(Clock().now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_listing_that_only_lost_archived_articles_did_not_change() -> None:
    previous = visit(interval_hours=40)
    assert POLICY.after(previous, "b", NOW.isoformat(), fresh=False) == (previous.changed_at, 80)


def test_only_listings_wait_for_their_schedule(tmp_path: Path) -> None:
    """A page with only an article's validators (a soft 404 before the article was
    published) is followed like any other link."""
    writer = ArchiveWriter(connect(tmp_path / "a.db"))
    writer.note_visits([visit("https://s.vn/c/"), visit("https://s.vn/bai-2", kind="article")])
    revisits = Revisits(POLICY, Clock(NOW.isoformat()), conditional=True)
    revisits.archive = ArchivedPages(writer.db)
    assert revisits.skip("https://s.vn/c/", "incremental") == "scheduled"
    assert revisits.skip("https://s.vn/bai-2", "incremental") is None
    assert revisits.skip("https://s.vn/tag/x/", "incremental") == "full_walk_only"
    assert revisits.skip("https://s.vn/c/", "full") is None


def test_pages_fingerprinted_as_listings_are_not_revisited_as_articles(tmp_path: Path) -> None:
    """A category page that extraction archived as an undated article is left to the listing
    walks: revisiting it as an article for GOVCRAWL_REVISIT_DAYS costs a request a run."""
    writer = ArchiveWriter(connect(tmp_path / "a.db"))
    category = "https://s.vn/modules.php?name=News&op=viewcat&catid=3"
    writer.note_visits([
        visit(category),  # its links were fingerprinted: a listing
        visit("https://s.vn/modules.php?name=Content&pa=showpage&pid=2", fingerprint=None),
        visit("https://s.vn/bai-2", kind="article", fingerprint=None),
        visit("https://s.vn/tin/bai-3.html"),  # an article read for its links
    ])  # fmt: skip
    revisits = Revisits(POLICY, Clock(NOW.isoformat()), conditional=True)
    revisits.archive = ArchivedPages(writer.db)
    assert not revisits.revisits_as_article(category, None)
    assert revisits.revisits_as_article("https://s.vn/modules.php?name=Content&pa=showpage&pid=2",
                                        None)  # fmt: skip
    assert revisits.revisits_as_article("https://s.vn/bai-2", None)
    assert revisits.revisits_as_article("https://s.vn/tin/bai-3.html", "article")
    assert revisits.revisits_as_article("https://s.vn/never-visited", None)
    assert not revisits.revisits_as_article("https://s.vn/category/tin/", "listing")
    assert not revisits.revisits_as_article("https://s.vn/tu-khoa/ke-hoach.html", "article")
    assert not revisits.revisits_as_article(
        "https://s.vn/modules.php?name=News&op=archive&thang=5&nam=2019", None
    )
