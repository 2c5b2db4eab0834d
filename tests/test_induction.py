"""Selector induction: the induced block, agreement with whole-page extraction, fallbacks."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import project_crawler
from scrapy.http import HtmlResponse
from scrapy.statscollectors import StatsCollector

from govcrawl.extract import induction
from govcrawl.extract.classify import classify
from govcrawl.extract.induction import (
    MIN_F1,
    Inducer,
    agreement,
    block_xpath,
    extract_block,
    token_f1,
)
from govcrawl.extract.page import ExtractedPage, extract_page, prepare_tree
from govcrawl.extract.pipeline import ExtractionPipeline
from govcrawl.items import FetchedPage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import speed_portal

NOW = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)
BASE = "http://127.0.0.1:8000"


def page(index: int) -> tuple[str, str]:
    """(URL, HTML) of article ``index`` of a 50-article synthetic portal."""
    return BASE + speed_portal.article_path(index), speed_portal.article_html(index, 50)


def is_article(extracted: ExtractedPage) -> bool:
    return classify(extracted, min_chars=300, url_kind="article").is_article


def test_token_f1() -> None:
    assert token_f1("Hà Nội mùa thu", "hà nội mùa thu") == 1.0
    assert token_f1("a b c d", "a b c") == pytest.approx(2 * 0.75 / 1.75)
    assert token_f1("", "") == 1.0
    assert token_f1("a", "") == 0.0


def test_the_block_holding_headline_byline_and_body_is_induced() -> None:
    url, html = page(3)
    full = extract_page(html, url, fetched_at=NOW)
    assert full is not None
    tree = prepare_tree(html)
    assert tree is not None
    assert block_xpath(tree, full) == '//div[@class="news-detail"]'


@pytest.mark.parametrize("index", range(0, 50, 7))
def test_the_induced_block_gives_the_whole_page_fields(index: int) -> None:
    url, html = page(index)
    full = extract_page(html, url, fetched_at=NOW)
    tree = prepare_tree(html)
    assert full is not None and tree is not None
    induced = extract_block(tree, '//div[@class="news-detail"]', url, NOW)
    assert induced is not None
    assert agreement(full, induced, is_article).ok
    assert (induced.title, induced.published, induced.author) == (
        full.title, full.published, full.author
    )  # fmt: skip


def test_a_site_is_learned_verified_then_extracted_by_its_selector() -> None:
    inducer = Inducer(check_every=3, verify_pages=2)
    results = [
        inducer.extract("s", html, None, url, NOW, is_article) for url, html in map(page, range(12))
    ]
    assert [r.event for r in results[:3]] == ["learned", None, "trusted"]
    assert [r.path for r in results[:3]] == ["trafilatura"] * 3
    assert all(r.path == "induced" for r in results[3:])
    checked = [r for r in results[3:] if r.event == "checked"]
    assert len(checked) == 3 and all(r.f1 is not None and r.f1 >= MIN_F1 for r in checked)


def trusted_inducer() -> Inducer:
    inducer = Inducer(check_every=1, verify_pages=1)
    for index in range(2):
        url, html = page(index)
        inducer.extract("s", html, None, url, NOW, is_article)
    assert inducer.selectors["s"].trusted
    return inducer


def test_a_page_the_selector_does_not_fit_is_extracted_whole() -> None:
    inducer = trusted_inducer()
    url, html = page(5)
    other = html.replace('class="news-detail"', 'class="bai-viet"')
    result = inducer.extract("s", other, None, url, NOW, is_article)
    assert (result.path, result.event) == ("trafilatura", "no_fit")
    assert result.page == extract_page(other, url, fetched_at=NOW)


def test_a_check_that_disagrees_drops_the_selector_at_once() -> None:
    inducer = trusted_inducer()
    url, html = page(6)
    # A source credit outside the induced block: the block alone no longer has it.
    credit = '<div class="nguon-tin">Nguồn tin: Báo Lâm Đồng</div><div class="related-news">'
    moved = html.replace('<div class="related-news">', credit, 1)
    result = inducer.extract("s", moved, None, url, NOW, is_article)
    assert (result.path, result.event) == ("trafilatura", "dropped")
    assert result.page == extract_page(moved, url, fetched_at=NOW)
    assert inducer.selectors["s"].xpath is None
    # The body agrees; the field that does not is named, with both values.
    assert result.check is not None and result.f1 is not None and result.f1 >= MIN_F1
    assert result.check.causes == ("source",)
    assert result.check.describe() == (
        f"source 'Báo Lâm Đồng' (whole page) vs None (block); body F1 {result.f1:.4f}"
    )


def test_agreement_keeps_the_body_f1_apart_from_the_fields() -> None:
    url, html = page(3)
    full = extract_page(html, url, fetched_at=NOW)
    assert full is not None
    retitled = replace(full, title="x" * 60)
    check = agreement(full, retitled, is_article)
    assert (check.f1, check.causes, check.ok) == (1.0, ("title",), False)
    assert check.differs[0][2] == "'" + "x" * 38 + "…"  # values are shortened
    cut = replace(full, text=full.text[: len(full.text) // 2])
    check = agreement(full, cut, is_article)
    assert check.f1 is not None and check.f1 < MIN_F1
    assert (check.differs, check.causes) == ((), ("body",))
    missing = agreement(full, None, is_article)
    assert (missing.f1, missing.causes, missing.ok) == (None, ("block",), False)


def test_sites_are_learned_separately() -> None:
    inducer = trusted_inducer()
    url, html = page(7)
    assert inducer.extract("other", html, None, url, NOW, is_article).path == "trafilatura"
    assert inducer.extract("s", html, None, url, NOW, is_article).path == "induced"


GOLD = [
    (path, json.loads(path.with_suffix(".json").read_text(encoding="utf-8")))
    for path in sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html"))
]
GOLD_ARTICLES = [(path, meta) for path, meta in GOLD if meta["kind"] == "article"]


@pytest.mark.parametrize(("path", "meta"), GOLD_ARTICLES, ids=[p.stem for p, _ in GOLD_ARTICLES])
def test_a_selector_induced_on_a_gold_page_agrees_with_the_whole_page(
    path: Path, meta: dict
) -> None:
    response = HtmlResponse(
        meta["url"], body=path.read_bytes(), headers={"Content-Type": meta["content_type"]}
    )
    fetched_at = datetime.fromisoformat(meta["fetched_at"])
    whole = extract_page(response.text, meta["url"], fetched_at=fetched_at, body=response.body)
    assert whole is not None
    tree = prepare_tree(response.text, response.body)
    xpath = block_xpath(tree, whole) if tree is not None else None
    if xpath is None:
        pytest.skip("no unique block holds this page's article")
    block = prepare_tree(response.text, response.body)
    induced = extract_block(block, xpath, meta["url"], fetched_at)  # type: ignore[arg-type]
    if induced is None or not is_article(induced):
        return  # the crawl would extract this page whole (no_fit)
    check = agreement(whole, induced, is_article)
    assert check.ok, check.describe()


def fetched(url: str, html: str) -> FetchedPage:
    return FetchedPage(url, url, 200, html, NOW.isoformat(), "pipeline", None, None, "article")


def test_the_pipeline_counts_and_logs_what_a_disagreeing_page_differed_in(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crawler = project_crawler(
        GOVCRAWL_EXTRACT_WORKERS=0, GOVCRAWL_INDUCTION_CHECK_EVERY=1,
        GOVCRAWL_INDUCTION_VERIFY_PAGES=1,
    )  # fmt: skip
    crawler.stats = StatsCollector(crawler)
    pipeline = ExtractionPipeline(crawler)
    for index in range(3):
        asyncio.run(pipeline.process_item(fetched(*page(index))))
    url, html = page(6)
    credit = '<div class="nguon-tin">Nguồn tin: Báo Lâm Đồng</div><div class="related-news">'
    with caplog.at_level(logging.INFO, logger="govcrawl.extract.pipeline"):
        record = asyncio.run(pipeline.process_item(fetched(url, html.replace(
            '<div class="related-news">', credit, 1))))  # fmt: skip
    assert record.source == "Báo Lâm Đồng"  # kept from the whole page
    stats = crawler.stats.get_stats()
    assert stats["govcrawl/induction/dropped"] == 1
    assert stats["govcrawl/induction/mismatch/source"] == 1
    assert stats["govcrawl/induction/min_f1"] >= MIN_F1  # the body agreed
    (logged,) = [r for r in caplog.records if url in r.getMessage()]
    assert logged.levelno == logging.WARNING
    assert "source 'Báo Lâm Đồng' (whole page) vs None (block)" in logged.getMessage()


INDUCTION_FIXTURES = Path(__file__).parent / "fixtures" / "induction"


def test_a_unicode_page_with_latin_1_only_words_is_not_taken_for_vni() -> None:
    # The speed portal's page 91 at N = 10,000: menu items, "Tin liên quan" and the credit
    # "Hoàng Thu Trang" have no letter outside Latin-1, and their vowel pairs ("iê", "oà") are
    # VNI's too. The whole page was read as VNI and the credit became "Hồng Thu Trang"; the
    # induced block alone was not, so its check disagreed on the author (body F1 0.9988).
    html = (INDUCTION_FIXTURES / "speed_portal_10000_91.html").read_bytes()
    meta = json.loads((INDUCTION_FIXTURES / "speed_portal_10000_91.json").read_text("utf-8"))
    response = HtmlResponse(meta["url"], body=html, headers={"Content-Type": meta["content_type"]})
    fetched_at = datetime.fromisoformat(meta["fetched_at"])
    whole = extract_page(response.text, meta["url"], fetched_at=fetched_at, body=response.body)
    assert whole is not None and whole.author == meta["author"]
    assert whole.text.endswith("\n" + meta["author"])
    tree = prepare_tree(response.text, response.body)
    assert tree is not None and block_xpath(tree, whole) == meta["block"]
    block = prepare_tree(response.text, response.body)
    induced = extract_block(block, meta["block"], meta["url"], fetched_at)  # type: ignore[arg-type]
    check = agreement(whole, induced, is_article)
    assert (check.f1, check.differs) == (1.0, ())


def test_checks_thin_out_while_they_agree_and_start_over_with_a_new_selector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(induction, "CHECKS_PER_STEP", 2)
    inducer = Inducer(check_every=2, verify_pages=1, check_every_max=8)
    events = [
        inducer.extract("s", html, None, url, NOW, is_article).event
        for url, html in map(page, range(60))
    ]
    checked = [index for index, event in enumerate(events) if event == "checked"]
    gaps = [later - earlier for earlier, later in itertools.pairwise(checked)]
    assert gaps[:6] == [2, 4, 4, 8, 8, 8]  # 2 agreeing checks at each interval, then doubled
    assert max(gaps) == 8
    selector = inducer.selectors["s"]
    inducer._drop(selector)
    assert (selector.interval, selector.checks_agreed) == (0, 0)
