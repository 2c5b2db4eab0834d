"""End to end: a real `scrapy crawl portal` of the demo portal on 127.0.0.1, then every contract.

The demo portal (govcrawl/demo) has 22 articles in paginated listings, one under a second
category path, one linked with tracking parameters, one only in the sitemap, one only in the RSS
feed, one in windows-1258, plus a home page, a contact page, a tag page, a soft 404 and a page
robots.txt forbids. Only the 22 articles may become rows.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from conftest import FAST, Crawled, cli, run, scrapy_crawl

from govcrawl.demo import pages
from govcrawl.text.orthography import search_fold

pytestmark = pytest.mark.e2e


def rows(crawled: Crawled, sql: str, *params: object) -> list[sqlite3.Row]:
    with sqlite3.connect(crawled.archive) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def expected_published(article: dict) -> str:
    moment = datetime.strptime(article["published"], "%d/%m/%Y %H:%M")
    return moment.strftime("%Y-%m-%dT%H:%M:%S+07:00")


def by_demo_id(crawled: Crawled) -> dict[int, sqlite3.Row]:
    found = {}
    for row in rows(crawled, "SELECT * FROM articles"):
        found[int(row["url"].rsplit("-", 1)[1])] = row
    return found


def test_every_article_and_nothing_else_is_archived(crawled: Crawled) -> None:
    archived = by_demo_id(crawled)
    assert sorted(archived) == sorted(a["id"] for a in crawled.portal.articles)
    for row in rows(crawled, "SELECT url FROM article_urls"):
        assert "/noi-bo/" not in row["url"], "robots.txt forbids /noi-bo/"
        assert "utm_" not in row["url"]


@pytest.mark.parametrize("field", ["title", "published", "author", "lang"])
def test_article_fields_match_the_pages(crawled: Crawled, field: str) -> None:
    archived = by_demo_id(crawled)
    for article in crawled.portal.articles:
        row = archived[article["id"]]
        expected = expected_published(article) if field == "published" else article[field]
        assert row[field] == expected, f"{field} of article {article['id']}"


def test_body_text_is_the_article_only_in_nfc(crawled: Crawled) -> None:
    archived = by_demo_id(crawled)
    for article in crawled.portal.articles:
        text = archived[article["id"]]["text"]
        assert unicodedata.is_normalized("NFC", text)
        assert text.startswith(article["lead"]), "the lead opens the body"
        for paragraph in article["paragraphs"]:
            assert paragraph in text.splitlines()
        for boilerplate in ("Tin liên quan", "Lượt xem", "Tổng truy cập", "TIN MỚI", "Chia sẻ"):
            assert boilerplate not in text


def test_seed_article_is_captured_like_the_reference(crawled: Crawled) -> None:
    row = rows(crawled, "SELECT * FROM articles WHERE url LIKE '%-5479'")[0]
    assert row["title"] == "Nâng cao hiệu quả hoạt động lĩnh vực khoa học và công nghệ"
    assert row["text"].startswith("Chiều 15-1, Sở Khoa học và Công nghệ (KH&CN) tổ chức hội nghị")
    assert row["text"].splitlines()[-1] == "Trần Hằng"
    assert row["author"] == "Trần Hằng"
    assert row["published"] == "2020-01-15T16:30:00+07:00"  # the byline, not "Chiều 15-1"


def test_windows_1258_page_is_decoded_and_composed(crawled: Crawled) -> None:
    article = crawled.portal.windows_1258
    row = rows(crawled, "SELECT * FROM articles WHERE url LIKE ?", f"%-{article['id']}")[0]
    assert row["title"] == article["title"]
    assert article["paragraphs"][0] in row["text"]


def urls_of(crawled: Crawled, article: dict) -> list[str]:
    """The article_urls rows of a demo article, sorted."""
    found = rows(
        crawled,
        "SELECT u.url FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE a.url LIKE ?",
        f"%-{article['id']}",
    )
    return sorted(row["url"] for row in found)


def test_same_content_under_two_urls_is_one_article(crawled: Crawled) -> None:
    featured = crawled.portal.listed[0]
    paths = sorted(url.split("/", 3)[3] for url in urls_of(crawled, featured))
    expected = sorted(
        p.lstrip("/") for p in (pages.article_path(featured), pages.featured_path(featured))
    )
    assert paths == expected


def test_tracking_parameters_do_not_make_another_url(crawled: Crawled) -> None:
    tracked = crawled.portal.listed[1]
    assert urls_of(crawled, tracked) == [crawled.base_url.rstrip("/") + pages.article_path(tracked)]


def test_sitemap_and_feed_lead_to_unlinked_articles(crawled: Crawled) -> None:
    archived = by_demo_id(crawled)
    assert crawled.portal.sitemap_only["id"] in archived
    assert crawled.portal.feed_only["id"] in archived


def test_labels_hashes_and_timestamps(crawled: Crawled) -> None:
    articles = rows(crawled, "SELECT * FROM articles")
    assert {r["site"] for r in articles} == {crawled.base_url.split("//")[1].rstrip("/")}
    assert {r["province"] for r in articles} == {"Lâm Đồng"}
    assert {r["agency"] for r in articles} == {"Sở KH&CN"}
    assert len({r["content_hash"] for r in articles}) == len(articles)
    assert all(r["duplicate_of"] is None for r in articles)
    for row in articles:
        first_seen = datetime.fromisoformat(row["first_seen"])
        assert first_seen.utcoffset().total_seconds() == 0
        assert row["last_seen"] >= row["first_seen"]


def test_crawl_run_is_recorded(crawled: Crawled) -> None:
    (run_row,) = rows(crawled, "SELECT * FROM crawl_runs")
    assert run_row["spider"] == "portal"
    assert run_row["start_url"] == crawled.base_url
    assert run_row["finish_reason"] == "finished"
    assert run_row["finished_at"] >= run_row["started_at"]
    assert run_row["pages_new"] == len(crawled.portal.articles)
    assert run_row["pages_duplicate"] >= 1
    assert run_row["pages_failed"] == 0
    stats = json.loads(run_row["stats"])
    assert stats["robotstxt/forbidden"] >= 1
    assert stats["govcrawl/classify/soft_404"] >= 1
    assert stats["govcrawl/archive/new"] == len(crawled.portal.articles)


def test_archive_is_consistent_wal_sqlite(crawled: Crawled) -> None:
    with sqlite3.connect(crawled.archive) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def search(crawled: Crawled, *args: str) -> list[dict]:
    result = cli("search", *args, "--archive", str(crawled.archive), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_search_is_accent_insensitive_and_folds_d(crawled: Crawled) -> None:
    accented = search(crawled, "Đà Lạt", "--limit", "100")
    folded = search(crawled, "da lat", "--limit", "100")
    assert {h["id"] for h in folded} == {h["id"] for h in accented}
    english = {h["id"] for h in search(crawled, "Da Lat", "--exact", "--limit", "100")}
    vietnamese = {h["id"] for h in search(crawled, "Đà Lạt", "--exact", "--limit", "100")}
    assert english and vietnamese and english.isdisjoint(vietnamese)
    assert english | vietnamese == {h["id"] for h in folded}
    langs = {h["lang"] for h in search(crawled, "Da Lat", "--exact", "--limit", "100")}
    assert langs == {"en"}


def test_da_nang_is_a_word_not_two_syllables(crawled: Crawled) -> None:
    """The demo never mentions Đà Nẵng: "da nang" must not find "Đà Lạt", "đã ... nâng cao"."""
    for query in ("da nang", "Đà Nẵng"):
        result = cli("search", query, "--archive", str(crawled.archive), "--format", "jsonl")
        assert result.returncode == 0 and result.stdout == "", result.stdout[:500]
    da_lat = search(crawled, "Đà Lạt", "--limit", "100")
    assert len(da_lat) >= 3
    for hit in da_lat:  # the words themselves, "Đà Lạt" or the English "Da Lat"
        assert "da lat" in search_fold(f"{hit['title']} {hit['snippet']}"), hit
    assert len(search(crawled, "da nang", "--any-order", "--limit", "100")) > 5  # the old way


def test_abbreviations_are_searched_both_ways(crawled: Crawled) -> None:
    short = {h["id"] for h in search(crawled, "KH&CN", "--limit", "100")}
    full = {h["id"] for h in search(crawled, "khoa học và công nghệ", "--limit", "100")}
    assert short == full and len(short) >= 15
    assert search(crawled, "dấu vết chưa từng có", "--limit", "5") == []


def test_search_hits_carry_fields_and_highlighted_snippets(crawled: Crawled) -> None:
    hits = search(crawled, "khoa hoc", "--limit", "5")
    assert len(hits) == 5
    assert [h["rank"] for h in hits] == sorted(h["rank"] for h in hits)
    for hit in hits:
        assert {"url", "title", "published", "site", "snippet"} <= hit.keys()
        assert "[khoa học" in hit["snippet"].lower() or "[học]" in hit["snippet"].lower()


def test_search_table_output(crawled: Crawled) -> None:
    result = cli("search", "đo lường", "--archive", str(crawled.archive), "--limit", "2")
    assert result.returncode == 0
    assert "Đo lường" in result.stdout or "đo lường" in result.stdout
    assert "[" in result.stdout and "http://127.0.0.1" in result.stdout
    assert "2 results" in result.stderr


@pytest.mark.parametrize(
    "query", ["KH&CN", '"unbalanced', "a OR", "NOT", "title:", "((", "*", "đổi mới*"]
)
def test_queries_with_fts_syntax_never_crash(crawled: Crawled, query: str) -> None:
    result = cli("search", query, "--archive", str(crawled.archive))
    assert "Traceback" not in result.stderr
    if result.returncode:
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1


def test_kh_cn_is_found(crawled: Crawled) -> None:
    assert len(search(crawled, "KH&CN", "--limit", "100")) >= 15


def test_sqlite_utils_can_search_the_index(crawled: Crawled) -> None:
    result = run([sys.executable, "-m", "sqlite_utils", "search", str(crawled.archive),
                  "articles_fts", "da lat", "-c", "title", "--limit", "3"])  # fmt: skip
    assert result.returncode == 0, result.stderr
    titles = [hit["title"] for hit in json.loads(result.stdout)]
    assert len(titles) == 3  # the index's copy of the titles: đ folded to d


def test_full_recrawl_adds_nothing_and_touches_last_seen(crawled: Crawled, tmp_path: Path) -> None:
    """With GOVCRAWL_INCREMENTAL off, a re-crawl fetches every page again (see
    test_scheduled_runs for the incremental one)."""
    copy = Crawled(tmp_path / "copy.db", crawled.base_url, crawled.portal, crawled.result)
    with sqlite3.connect(crawled.archive) as source, sqlite3.connect(copy.archive) as target:
        source.backup(target)
    crawled = copy
    before = {r["id"]: r["last_seen"] for r in rows(crawled, "SELECT id, last_seen FROM articles")}
    result = scrapy_crawl(
        "-a", f"url={crawled.base_url}", "-a", "province=Lâm Đồng", "-a", "agency=Sở KH&CN",
        "-s", f"GOVCRAWL_ARCHIVE={crawled.archive}", "-s", "GOVCRAWL_INCREMENTAL=False", *FAST,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    after = {r["id"]: r["last_seen"] for r in rows(crawled, "SELECT id, last_seen FROM articles")}
    assert after.keys() == before.keys()
    assert all(after[i] >= before[i] for i in before)
    second = rows(crawled, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert second["pages_new"] == 0 and second["pages_duplicate"] >= len(before)
