"""How govcrawl's generic path does on layouts it was not written for, beside plain trafilatura.

    .venv/bin/python benchmarks/evaluate_generalisation.py [--set lofo|real|unseen|all]
        [--pages] [--json PATH]

Every page is extracted whole (``extract_page``, no selector induction) and classified with
``classify(..., url_kind=None)``: no platform family's reading of the URL, nothing learnt from the
portal's other pages. The "kind+fam" column is the same verdict with the detected platform
family's ``url_kind`` (as a crawl has it), for contrast. trafilatura is ``evaluate_metadata.trafilatura_fields`` (``bare_extraction``
with metadata, default settings) on the same decoded page; it has no classifier.

(a) ``lofo``, leave one family out: the gold pages of tests/fixtures/pages (``gold_*`` and the
    captured pages), grouped by platform family, each family scored with every family-specific
    input off. Per family: kind accuracy (article / listing / other / not_found), exact title / published /
    author / source and the same calendar day, body token F1 (mean, min), the sidecar's
    must-contain phrases found and must-not-contain phrases found. The worst family is the
    headline: the one whose weakest score (kind, title, published, author, source, F1 mean) is
    lowest. What stays on: the class names the generic path itself holds from some families
    (``STILL_ON``); turning them off would mean changing govcrawl/extract, which this measures.
    These gold pages are also the ones the rules were written against.
(b) ``real``: tests/fixtures/real_pages (pages nobody here wrote) against gold.jsonl: the article
    decision, exact title, published day, author, and whether the body starts with the gold's
    first words and ends with its last words (``start+end``), or holds both (``both``).
(c) ``unseen``: every gold article and non-article page of the unseen fixture portals
    (tests/unseen), one page at a time (no crawl; benchmarks/unseen_portals.py crawls them):
    the article decision, title, date (to the minute, and the same day), author, body phrases. Tuning portals and
    held-out portals are reported apart.

Text output: one table per set, plus the pages govcrawl gets wrong (every page with ``--pages``);
``--json PATH`` writes every page's result and the aggregates.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse

from govcrawl.extract.classify import classify
from govcrawl.extract.page import extract_page
from govcrawl.platforms import detect

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fixtures.gold_templates import FAMILIES  # noqa: E402
from unseen import PORTALS  # noqa: E402
from unseen.model import ArticleGold, Portal  # noqa: E402
from unseen.server import ORIGIN_PLACEHOLDER  # noqa: E402

from benchmarks.evaluate_metadata import (  # noqa: E402
    MIN_CHARS,
    PAGES,
    Score,
    fixture_page,
    page_fields,
    score_page,
    trafilatura_fields,
)
from benchmarks.unseen_portals import body_checks, norm_text, same_date  # noqa: E402

logger = logging.getLogger(__name__)

REAL_PAGES = ROOT / "tests" / "fixtures" / "real_pages"
ORIGIN = "http://127.0.0.1:8000"
# The captured (non-generated) pages of tests/fixtures/pages, by the family their note names.
CAPTURED_FAMILY = {
    "contact_page_hatinh": "hatinh",
    "desktopmodule_article_ninhbinh": "desktopmodule",
    "english_article_danang": "liferay7",
    "kenhtin_article_thanhhoa": "kenhtin",
    "liferay_article_bacgiang": "liferay62",
    "liferay_listing_danang": "liferay7",
    "sharepoint_tandan_dienbien": "tandan",
    "soft404_quangninh": "sharepoint",
    "tag_page_gialai": "uploadcms",
    "upload_cms_article_hungyen": "uploadcms",
    "windows1258_article": "wordexport",
}
# Family-named patterns inside the generic path itself, left on (see the docstring).
STILL_ON = (
    "ArticleHeader, ArticleSummary (desktopmodule), tandan-p-article-news-summary (tandan) in "
    "extract/page.py; asset-abstract (liferay), item-new (uploadcms), ArticleList in "
    "extract/boilerplate.py"
)
LOFO_FIELDS = ["title", "published", "published@day", "author", "source"]
REAL_FIELDS = ["title", "published@day", "author"]
UNSEEN_FIELDS = ["title", "published", "published@day", "author"]


@dataclass
class Reading:
    """One extractor's reading of one page: fields right or wrong against the gold, body checks."""

    fields: dict[str, bool] = field(default_factory=dict)
    wrong: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (expected, got)
    f1: float | None = None
    must: tuple[int, int] = (0, 0)  # phrases found, phrases
    must_not: tuple[int, int] = (0, 0)  # boilerplate phrases found, phrases
    body: str | None = None  # real pages: start+end, both, first, last, neither


@dataclass
class PageResult:
    """govcrawl's verdict and both readings of one gold page."""

    group: str
    page: str
    expected_kind: str
    kind: str
    reason: str
    kind_ok: bool
    kind_with_family_ok: bool | None = None
    ours: Reading = field(default_factory=Reading)
    theirs: Reading | None = None

    @property
    def flawless(self) -> bool:
        """Whether govcrawl got the kind and every scored field and phrase right."""
        reading = self.ours
        return (self.kind_ok and all(reading.fields.values())
                and reading.must[0] == reading.must[1] and not reading.must_not[0]
                and reading.body in (None, "start+end", "both"))  # fmt: skip


# --- the generic path ------------------------------------------------------------------------


def judge(group: str, name: str, expected_kind: str, response: HtmlResponse,
          fetched_at: datetime) -> tuple[PageResult, dict[str, Any]]:  # fmt: skip
    """govcrawl's verdict on a page with no family input (and, for contrast, with the detected
    family's reading of the URL, as a crawl has it), and the fields it extracted."""
    page = extract_page(response.text, response.url, fetched_at=fetched_at, body=response.body)
    if page is None:
        return PageResult(group, name, expected_kind, "unparseable", "extract/unparseable",
                          False, False), _nothing()  # fmt: skip
    verdict = classify(page, min_chars=MIN_CHARS, url_kind=None)
    url_kind = detect(response.url, response.text).url_kind(response.url)
    with_family = classify(page, min_chars=MIN_CHARS, url_kind=url_kind).kind
    result = PageResult(group, name, expected_kind, verdict.kind, verdict.reason,
                        kind_right(expected_kind, verdict.kind),
                        kind_right(expected_kind, with_family))  # fmt: skip
    return result, page_fields(page)


def kind_right(expected: str, got: str) -> bool:
    """Whether a verdict kind is the gold's (``not article``: any kind but article)."""
    return got != "article" if expected == "not article" else got == expected


def phrases(text: str | None, wanted: Iterable[str]) -> tuple[int, int]:
    """How many of ``wanted`` the text holds (whitespace and NFC normalised), and how many."""
    body, wanted = norm_text(text), [norm_text(p) for p in wanted]
    return sum(p in body for p in wanted), len(wanted)


# --- (a) leave one family out ----------------------------------------------------------------


def family_of(stem: str) -> str:
    """The platform family of a page of tests/fixtures/pages, from its name."""
    if stem in CAPTURED_FAMILY:
        return CAPTURED_FAMILY[stem]
    family = stem.split("_")[2]
    if family not in FAMILIES:
        raise ValueError(f"{stem}: no platform family; add it to CAPTURED_FAMILY")
    return family


def lofo_reading(stem: str, meta: dict, got: dict[str, Any]) -> Reading:
    """Score one extractor's fields on one gold article page with evaluate_metadata's scorer."""
    score = Score()
    score_page(score, stem, meta, got)
    reading = Reading(f1=score.f1[0])
    for name in LOFO_FIELDS:
        reading.fields[name] = bool(score.right[name])
    reading.wrong = {name: (want, have) for _, name, want, have in score.wrong}
    reading.must = phrases(got["text"], meta["must_contain"])
    reading.must_not = phrases(got["text"], meta["must_not_contain"])
    return reading


def evaluate_lofo() -> list[PageResult]:
    """Every page of tests/fixtures/pages through the generic path, by family."""
    results = []
    for sidecar in sorted(PAGES.glob("*.json")):
        stem, meta, response = fixture_page(sidecar)
        fetched_at = datetime.fromisoformat(meta["fetched_at"])
        result, got = judge(family_of(stem), stem, meta["kind"], response, fetched_at)
        if meta["kind"] == "article":
            result.ours = lofo_reading(stem, meta, got)
            result.theirs = lofo_reading(stem, meta, trafilatura_fields(response, meta))
        results.append(result)
    return results


def _nothing() -> dict[str, Any]:
    """The fields of a page nothing could be extracted from."""
    return {"published": None, "published_from": None, "modified": None, "author": None,
            "source": None, "title": None, "text": "", "lang": None}  # fmt: skip


# --- (b) real pages --------------------------------------------------------------------------


def body_shape(text: str | None, first: str, last: str) -> str:
    """Where the gold's first and last words are in the body."""
    body, first, last = norm_text(text), norm_text(first), norm_text(last)
    if body.startswith(first) and body.endswith(last):
        return "start+end"
    return {(True, True): "both", (True, False): "first", (False, True): "last"}.get(
        (first in body, last in body), "neither"
    )


def real_reading(gold: dict, got: dict[str, Any]) -> Reading:
    """Score one extractor on one real article page."""
    reading = Reading(
        body=body_shape(got["text"], gold["body_first_words"], gold["body_last_words"])
    )
    checks = {
        "title": (gold["title"], got["title"], norm_text(gold["title"]) == norm_text(got["title"])),
        "published@day": (gold["published"], got["published"],
                          (got["published"] or "")[:10] == gold["published"]),
        "author": (gold["author"], got["author"], norm_text(gold["author"]) == norm_text(got["author"])),
    }  # fmt: skip
    for name, (want, have, ok) in checks.items():
        reading.fields[name] = ok
        if not ok:
            reading.wrong[name] = (want, have)
    return reading


def evaluate_real() -> list[PageResult]:
    """The real pages of tests/fixtures/real_pages against their gold."""
    results = []
    fetched_at = datetime.now(UTC)
    for line in (REAL_PAGES / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        response = HtmlResponse(gold["url"], body=(REAL_PAGES / gold["file"]).read_bytes())
        expected = "article" if gold["is_article"] else "not article"
        result, got = judge(gold["host"], gold["file"], expected, response, fetched_at)
        if gold["is_article"]:
            result.ours = real_reading(gold, got)
            result.theirs = real_reading(gold, trafilatura_fields(response, {"url": gold["url"]}))
        results.append(result)
    return results


# --- (c) unseen portals ----------------------------------------------------------------------


def portal_response(portal: Portal, path: str) -> HtmlResponse:
    """A page of an unseen portal as served on 127.0.0.1, decoded with its real charset."""
    body = portal.routes[path][2].replace(ORIGIN_PLACEHOLDER, ORIGIN.encode("ascii"))
    return HtmlResponse(ORIGIN + path, body=body, encoding=portal.charset_of(path))


def unseen_reading(gold: ArticleGold, got: dict[str, Any]) -> Reading:
    """Score one extractor on one unseen article page, as benchmarks/unseen_portals.py does."""
    checks = {
        "title": norm_text(got["title"]) == norm_text(gold.title),
        "published": same_date(gold.published, got["published"]),
        "published@day": (gold.published or "")[:10] == (got["published"] or "")[:10],
        "author": norm_text(got["author"]) == norm_text(gold.author),
    }
    reading = Reading(fields=checks)
    reading.wrong = {
        name: (getattr(gold, name), got[name])
        for name in ("title", "published", "author")
        if not checks[name]
    }
    hit, bad = body_checks(gold, got["text"] or "")
    reading.must, reading.must_not = (hit, len(gold.body_must)), (bad, len(gold.body_must_not))
    return reading


def evaluate_unseen() -> list[PageResult]:
    """Every gold article and non-article page of the unseen portals, one at a time."""
    results = []
    fetched_at = datetime.now(UTC)
    for portal in PORTALS:
        for gold in portal.articles:
            response = portal_response(portal, gold.url)
            result, got = judge(portal.name, gold.url, "article", response, fetched_at)
            result.ours = unseen_reading(gold, got)
            result.theirs = unseen_reading(
                gold, trafilatura_fields(response, {"url": response.url})
            )
            results.append(result)
        for path in portal.non_articles:
            response = portal_response(portal, path)
            results.append(judge(portal.name, path, "not article", response, fetched_at)[0])
    return results


# --- aggregates and tables -------------------------------------------------------------------


def aggregate(results: list[PageResult], names: list[str]) -> dict[str, Any]:
    """Kind accuracy and, per extractor, field accuracy and body scores over ``results``."""
    scored = [r for r in results if r.theirs is not None]
    summary: dict[str, Any] = {
        "pages": len(results),
        "articles": len(scored),
        "kind": _share(r.kind_ok for r in results),
        "kind_with_family": _share(r.kind_with_family_ok for r in results),
    }
    pick: dict[str, Callable[[PageResult], Reading]] = {
        "govcrawl": lambda r: r.ours, "trafilatura": lambda r: r.theirs,  # type: ignore[dict-item,return-value]
    }  # fmt: skip
    for who, reading_of in pick.items():
        readings = [reading_of(r) for r in scored]
        f1 = [x.f1 for x in readings if x.f1 is not None]
        summary[who] = {
            **{name: _share(x.fields.get(name, False) for x in readings) for name in names},
            "f1_mean": sum(f1) / len(f1) if f1 else None,
            "f1_min": min(f1) if f1 else None,
            "must": [sum(x.must[0] for x in readings), sum(x.must[1] for x in readings)],
            "must_not": [sum(x.must_not[0] for x in readings), sum(x.must_not[1] for x in readings)],
            "body_start_end": sum(x.body == "start+end" for x in readings),
            "body_both": sum(x.body in ("start+end", "both") for x in readings),
        }  # fmt: skip
    return summary


def _share(oks: Iterable[bool]) -> float | None:
    values = list(oks)
    return sum(values) / len(values) if values else None


def by_group(results: list[PageResult]) -> dict[str, list[PageResult]]:
    groups: dict[str, list[PageResult]] = {}
    for result in results:
        groups.setdefault(result.group, []).append(result)
    return groups


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def _f1(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _pair(pair: list[int]) -> str:
    return f"{pair[0]}/{pair[1]}" if pair[1] else "-"


def group_rows(name: str, summary: dict[str, Any], fields: list[str], width: int) -> list[str]:
    """Two table rows for one group: govcrawl's, then trafilatura's."""
    rows = []
    for who in ("govcrawl", "trafilatura"):
        scores = summary[who]
        head = f"{name:<{width}}{summary['pages']:>6}" if who == "govcrawl" else " " * (width + 6)
        kind = f"{_pct(summary['kind']):>7}{_pct(summary['kind_with_family']):>9}"
        cells = "".join(f"{_pct(scores[f]):>{max(8, len(f) + 2)}}" for f in fields)
        body = (f"{_f1(scores['f1_mean']):>8}{_f1(scores['f1_min']):>8}"
                f"{_pair(scores['must']):>10}{_pair(scores['must_not']):>10}")  # fmt: skip
        rows.append(f"{head} {who:<12}{kind if who == 'govcrawl' else ' ' * 16}{cells}{body}")
    return rows


def table(title: str, results: list[PageResult], fields: list[str], label: str) -> str:
    """One set's table: a row pair per group and one for all of them."""
    groups = {name: aggregate(rows, fields) for name, rows in by_group(results).items()}
    width = max(len(label), *(len(name) for name in groups), 5) + 2
    cells = "".join(f"{f:>{max(8, len(f) + 2)}}" for f in fields)
    lines = [title, f"{label:<{width}}{'pages':>6} {'who':<12}{'kind':>7}{'kind+fam':>9}{cells}"
             f"{'F1 mean':>8}{'F1 min':>8}{'must':>10}{'must-not':>10}"]  # fmt: skip
    for name, summary in groups.items():
        lines += group_rows(name, summary, fields, width)
    lines += group_rows("all", aggregate(results, fields), fields, width)
    return "\n".join(lines)


def worst_family(results: list[PageResult]) -> str:
    """The headline: the family whose weakest govcrawl score is lowest."""
    weakest = {}
    for family, rows in by_group(results).items():
        summary = aggregate(rows, LOFO_FIELDS)
        scores = {"kind": summary["kind"], **{f: summary["govcrawl"][f] for f in
                  ["title", "published", "author", "source", "f1_mean"]}}  # fmt: skip
        present = {k: v for k, v in scores.items() if v is not None}
        low = min(present, key=present.__getitem__)
        weakest[family] = (present[low], sum(present.values()) / len(present), low, present)
    family = min(weakest, key=lambda name: weakest[name][:2])
    value, _, metric, scores = weakest[family]
    shown = ", ".join(f"{k} {_f1(v) if k == 'f1_mean' else _pct(v)}" for k, v in scores.items())
    return f"WORST FAMILY: {family} (weakest: {metric} {value:.3f}; {shown})"


def page_lines(results: list[PageResult], every: bool, theirs: bool = False) -> list[str]:
    """One line per page govcrawl gets something wrong on (every page with ``every``); with
    ``theirs``, trafilatura's wrong fields too."""
    lines = []
    for r in results:
        if r.flawless and not every:
            continue
        reading, other = r.ours, r.theirs
        bad = [
            f"{name}: expected {want!r}, got {have!r}"
            for name, (want, have) in reading.wrong.items()
        ]
        if theirs and other:
            bad += [f"trafilatura {name}: expected {want!r}, got {have!r}"
                    for name, (want, have) in other.wrong.items()]  # fmt: skip
        body = [f"F1 {reading.f1:.3f}" if reading.f1 is not None else "",
                f"must {reading.must[0]}/{reading.must[1]}" if reading.must[1] else "",
                f"must-not found {reading.must_not[0]}" if reading.must_not[0] else "",
                f"body {reading.body}" if reading.body else "",
                f"(trafilatura body {other.body})" if other and other.body else ""]  # fmt: skip
        kind = f"{r.expected_kind} -> {r.kind} ({r.reason})"
        lines.append(f"  {r.group} {r.page}: {kind}  {' '.join(filter(None, body))}")
        lines += [f"      {line}" for line in bad]
    return lines


# --- the command -----------------------------------------------------------------------------


def run_lofo(every: bool) -> tuple[str, dict[str, Any]]:
    results = evaluate_lofo()
    title = ("(a) leave one family out: tests/fixtures/pages, generic path (whole page, "
             "url_kind=None, no induction)\n" + f"still on, inside the generic path: {STILL_ON}\n"
             + worst_family(results))  # fmt: skip
    text = table(title, results, LOFO_FIELDS, "family")
    wrong = page_lines(results, every)
    text += "\npages govcrawl gets wrong:\n" + ("\n".join(wrong) if wrong else "  none")
    return text, _report(results, LOFO_FIELDS)


def run_real(every: bool) -> tuple[str, dict[str, Any]]:
    results = evaluate_real()
    text = table(
        "(b) real pages: tests/fixtures/real_pages, generic path", results, REAL_FIELDS, "site"
    )
    summary = aggregate(results, REAL_FIELDS)
    text += "\nbody holds the gold's first and last words (start+end / anywhere): " + ", ".join(
        f"{who} {summary[who]['body_start_end']}/{summary['articles']} "
        f"/ {summary[who]['body_both']}/{summary['articles']}"
        for who in ("govcrawl", "trafilatura")
    )
    text += "\npages:\n" + "\n".join(page_lines(results, every=True, theirs=True))
    return text, _report(results, REAL_FIELDS)


def run_unseen(every: bool) -> tuple[str, dict[str, Any]]:
    results = evaluate_unseen()
    held_out = {portal.name for portal in PORTALS if portal.held_out}
    parts, report = [], {}
    for name, rows, title in [
        ("tuning", [r for r in results if r.group not in held_out], "tuning portals"),
        ("held_out", [r for r in results if r.group in held_out],
         "HELD-OUT portals (kept back from tuning; scored as they come)"),
    ]:  # fmt: skip
        heading = f"(c) unseen portals, page by page (no crawl), generic path: {title}"
        wrong = page_lines(rows, every)
        parts.append(table(heading, rows, UNSEEN_FIELDS, "portal")
                     + "\npages govcrawl gets wrong:\n" + ("\n".join(wrong) if wrong else "  none"))  # fmt: skip
        report[name] = _report(rows, UNSEEN_FIELDS)
    return "\n\n".join(parts), report


def _report(results: list[PageResult], fields: list[str]) -> dict[str, Any]:
    groups = {name: aggregate(rows, fields) for name, rows in by_group(results).items()}
    return {"all": aggregate(results, fields), "groups": groups,
            "pages": [asdict(r) for r in results]}  # fmt: skip


SETS = {"lofo": run_lofo, "real": run_real, "unseen": run_unseen}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="all", help="which set to score")
    parser.add_argument("--pages", action="store_true", help="list every page, not only wrong ones")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write every result as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    chosen = list(SETS) if args.set == "all" else [args.set]
    report = {}
    for name in chosen:
        text, report[name] = SETS[name](args.pages)
        print(text + "\n")
    if args.json:
        try:
            args.json.write_text(
                json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n",
                encoding="utf-8",
            )
        except OSError as error:
            print(f"cannot write {args.json}: {error.strerror}; give a writable --json PATH")
            return 1
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
