"""Per-field accuracy of govcrawl and of plain trafilatura on the gold set, side by side.

    .venv/bin/python benchmarks/evaluate_metadata.py [--wrong] [--json] [--induction]

The gold set is every article page in tests/fixtures/pages/ (HTML bytes + JSON sidecar with the
fields a careful reader sees). Each page is decoded as Scrapy decodes it (HTTP header, then meta
charset), then given to govcrawl's extraction and to ``trafilatura.bare_extraction(html, url=url,
with_metadata=True)`` with default settings. trafilatura has no language or source field: its
language is langdetect (seeded) on its text, its source is always None.

Fields: ``published`` exact to the gold precision (``2020-01-15T14:30:00+07:00`` is not
``2020-01-15``), ``published@day`` (the same calendar day, or both none), ``published_from``,
``modified``, ``author``, ``source``, ``title``, ``lang`` (pages over 50 words), body token F1
(NFC, case-folded words, as a multiset) and the share of pages whose body holds none of the
sidecar's boilerplate strings; ``invalid strings`` counts values that are not NFC or hold U+FFFD.

``--induction``: govcrawl extracts each page by the selector induced on that page's whole-page
extraction (govcrawl.extract.induction), where one is found and the block alone is still an article;
the scores must equal those without it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import trafilatura
from langdetect import DetectorFactory, detect
from scrapy.http import HtmlResponse

from govcrawl.extract.classify import classify
from govcrawl.extract.induction import block_xpath, extract_block
from govcrawl.extract.page import ExtractedPage, extract_page, prepare_tree
from govcrawl.text.normalise import detect_language

PAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages"
FIELDS = ["published", "published@day", "published_from", "modified", "author", "source", "title"]
_WORD = re.compile(r"\w+")
MIN_CHARS = 300  # GOVCRAWL_MIN_ARTICLE_CHARS
DetectorFactory.seed = 0


@dataclass
class Score:
    """Counts for one extractor."""

    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    f1: list[float] = field(default_factory=list)
    clean: int = 0
    invalid: int = 0
    wrong: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    def check(self, stem: str, name: str, expected: Any, got: Any) -> None:
        self.total[name] += 1
        if expected == got:
            self.right[name] += 1
        else:
            self.wrong.append((stem, name, expected, got))


def fixture_page(sidecar_path: Path) -> tuple[str, dict, HtmlResponse]:
    """(stem, sidecar, response) of one fixture page, decoded as Scrapy decodes it."""
    meta = json.loads(sidecar_path.read_text(encoding="utf-8"))
    body = sidecar_path.with_suffix(".html").read_bytes()
    headers = {"Content-Type": meta["content_type"]}
    return sidecar_path.stem, meta, HtmlResponse(meta["url"], body=body, headers=headers)


def gold_pages() -> list[tuple[str, dict, HtmlResponse]]:
    """(stem, sidecar, response) of every article fixture, decoded as Scrapy decodes it."""
    pages = [fixture_page(path) for path in sorted(PAGES.glob("*.json"))]
    return [page for page in pages if page[1]["kind"] == "article"]


def tokens(text: str | None) -> Counter:
    return Counter(_WORD.findall(unicodedata.normalize("NFC", text or "").casefold()))


def token_f1(expected: str, got: str | None) -> float:
    """F1 of the words of ``got`` against those of ``expected`` (multisets)."""
    gold, found = tokens(expected), tokens(got)
    common = sum((gold & found).values())
    if not common:
        return 0.0
    precision, recall = common / sum(found.values()), common / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def govcrawl_fields(
    response: HtmlResponse, meta: dict, induced: list[float] | None = None
) -> dict[str, Any]:
    """govcrawl's fields for a gold page; with ``induced`` (a list the body F1 of each page
    extracted by an induced selector is added to), by the selector induced on the page itself
    when one is found and fits, as a crawl extracts a portal's later pages."""
    fetched_at = datetime.fromisoformat(meta["fetched_at"])
    page = extract_page(response.text, meta["url"], fetched_at=fetched_at)
    assert page is not None
    if induced is not None:
        page = _by_selector(response.text, meta["url"], fetched_at, page, induced)
    return page_fields(page)


def page_fields(page: ExtractedPage) -> dict[str, Any]:
    """The scored fields of one page govcrawl extracted (``score_page`` reads them)."""
    return {"published": page.published, "published_from": page.published_from,
            "modified": page.modified, "author": page.author, "source": page.source,
            "title": page.title, "text": page.text, "lang": detect_language(page.text),
            "published_raw": page.published_raw}  # fmt: skip


def _by_selector(html: str, url: str, fetched_at: datetime, whole: ExtractedPage,
                 induced: list[float]) -> ExtractedPage:  # fmt: skip
    tree = prepare_tree(html)
    xpath = block_xpath(tree, whole) if tree is not None and whole.text else None
    block = prepare_tree(html) if xpath else None
    page = extract_block(block, xpath, url, fetched_at) if block is not None and xpath else None
    if page is None or not classify(page, min_chars=MIN_CHARS).is_article:
        return whole
    induced.append(token_f1(whole.text, page.text))
    return page


def trafilatura_fields(response: HtmlResponse, meta: dict) -> dict[str, Any]:
    document = trafilatura.bare_extraction(response.text, url=meta["url"], with_metadata=True)
    text = (document.text if document else None) or ""
    try:
        lang = detect(text) if text.strip() else None
    except Exception:  # langdetect raises on text without features
        lang = None
    return {"published": document.date if document else None, "published_from": None,
            "modified": None, "author": document.author if document else None, "source": None,
            "title": document.title if document else None, "text": text, "lang": lang}  # fmt: skip


def score_page(score: Score, stem: str, meta: dict, got: dict[str, Any]) -> None:
    expected = meta["expected"]
    for name in FIELDS:
        if name == "published@day":
            want, have = (expected["published"] or "")[:10], (got["published"] or "")[:10]
        else:
            want, have = expected.get(name), got.get(name)
        score.check(stem, name, want, have)
    if len(meta["body"].split()) > 50:
        score.check(stem, "lang", expected["lang"], got["lang"])
    score.f1.append(token_f1(meta["body"], got["text"]))
    score.clean += not any(p in (got["text"] or "") for p in meta["must_not_contain"])
    values = [v for v in got.values() if isinstance(v, str)]
    score.invalid += sum(not unicodedata.is_normalized("NFC", v) or "\ufffd" in v for v in values)


def evaluate(induced: list[float] | None = None) -> tuple[Score, Score, int]:
    """Score govcrawl and trafilatura on every gold page; return both and the page count.

    With ``induced``, govcrawl extracts by induced selectors where it can (see govcrawl_fields).
    """
    ours, theirs = Score(), Score()
    pages = gold_pages()
    for stem, meta, response in pages:
        score_page(ours, stem, meta, govcrawl_fields(response, meta, induced))
        score_page(theirs, stem, meta, trafilatura_fields(response, meta))
    return ours, theirs, len(pages)


def table(ours: Score, theirs: Score, pages: int) -> str:
    rows = [f"gold set: {pages} article pages", f"{'field':<26}{'govcrawl':>12}{'trafilatura':>14}"]
    for name in [*FIELDS, "lang"]:
        cells = [f"{s.right[name] / s.total[name]:>11.1%}" if s.total[name] else "          -"
                 for s in (ours, theirs)]  # fmt: skip
        rows.append(f"{name + f' (n={ours.total[name]})':<26}{cells[0]:>12}{cells[1]:>14}")
    f1 = [sum(s.f1) / len(s.f1) for s in (ours, theirs)]
    rows.append(f"{'body token F1 (mean)':<26}{f1[0]:>12.3f}{f1[1]:>14.3f}")
    clean = [f"{s.clean / pages:.1%}" for s in (ours, theirs)]
    rows.append(f"{'pages without boilerplate':<26}{clean[0]:>12}{clean[1]:>14}")
    rows.append(f"{'invalid or non-NFC strings':<26}{ours.invalid:>12}{theirs.invalid:>14}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wrong", action="store_true", help="list govcrawl's wrong fields")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--induction", action="store_true", help="govcrawl by selectors induced on each page"
    )
    args = parser.parse_args(argv)
    induced: list[float] | None = [] if args.induction else None
    ours, theirs, pages = evaluate(induced)
    if induced is not None:
        low = f", lowest body F1 against the whole page {min(induced):.4f}" if induced else ""
        print(f"induction: {len(induced)} of {pages} pages extracted by an induced selector{low}")
    if args.json:
        print(
            json.dumps(
                {"pages": pages, "govcrawl": _as_dict(ours), "trafilatura": _as_dict(theirs)}
            )
        )
        return 0
    print(table(ours, theirs, pages))
    if args.wrong:
        print("\ngovcrawl, still wrong:")
        for stem, name, expected, got in ours.wrong:
            print(f"  {stem}: {name}: expected {expected!r}, got {got!r}")
    return 0


def _as_dict(score: Score) -> dict[str, Any]:
    accuracy = {name: score.right[name] / score.total[name] for name in score.total}
    return {"accuracy": accuracy, "body_f1": sum(score.f1) / len(score.f1),
            "clean_pages": score.clean, "invalid_strings": score.invalid}  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
