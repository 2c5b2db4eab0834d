"""Saved portal pages (bytes + JSON sidecar) -> extracted fields, page kind, must/must-not phrases.

Each fixture in tests/fixtures/pages/ is decoded the way Scrapy decodes it (HTTP header, then
meta charset), extracted and classified; the sidecar states what a careful human reads there.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from govcrawl.extract.classify import classify
from govcrawl.extract.page import ExtractedPage, extract_page
from govcrawl.text.normalise import detect_language

PAGES = Path(__file__).parent / "fixtures" / "pages"
FIXTURES = sorted(p.stem for p in PAGES.glob("*.json"))


@cache
def load(stem: str) -> tuple[dict, ExtractedPage]:
    meta = json.loads((PAGES / f"{stem}.json").read_text(encoding="utf-8"))
    body = (PAGES / f"{stem}.html").read_bytes()
    response = HtmlResponse(meta["url"], body=body, headers={"Content-Type": meta["content_type"]})
    page = extract_page(
        response.text, meta["url"], fetched_at=datetime.fromisoformat(meta["fetched_at"])
    )
    assert page is not None
    return meta, page


@pytest.mark.parametrize("stem", FIXTURES)
def test_page_kind(stem: str) -> None:
    meta, page = load(stem)
    assert classify(page, min_chars=300).kind == meta["kind"]


ARTICLES = [
    s for s in FIXTURES if json.loads((PAGES / f"{s}.json").read_text())["kind"] == "article"
]


FIELDS = ["title", "published", "published_from", "modified", "author", "source", "lang"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("stem", ARTICLES)
def test_article_field(stem: str, field: str) -> None:
    meta, page = load(stem)
    value = detect_language(page.text) if field == "lang" else getattr(page, field)
    assert value == meta["expected"][field]


@pytest.mark.parametrize("stem", ARTICLES)
def test_published_raw_is_printed_on_the_page(stem: str) -> None:
    """A researcher can find the date as written: in the page's text, markup or URL."""
    meta, page = load(stem)
    if page.published_raw is None:
        assert page.published is None
        return
    body = (PAGES / f"{stem}.html").read_bytes()
    text = HtmlResponse(meta["url"], body=body, headers={"Content-Type": meta["content_type"]}).text
    haystack = " ".join(unicodedata.normalize("NFC", text + " " + meta["url"]).split())
    assert page.published_raw in haystack or page.published_raw in _legacy_text(text)


def _legacy_text(text: str) -> str:
    from govcrawl.text.legacy_encodings import to_unicode

    return " ".join(to_unicode(text).split())


@pytest.mark.parametrize("stem", ARTICLES)
def test_body_has_the_article_and_no_boilerplate(stem: str) -> None:
    meta, page = load(stem)
    assert unicodedata.is_normalized("NFC", page.text)
    missing = [p for p in meta["must_contain"] if p not in page.text]
    leaked = [p for p in meta["must_not_contain"] if p in page.text]
    assert not missing, f"body lacks {missing}"
    assert not leaked, f"boilerplate in body: {leaked}"
