"""The gold set's pinned quality floor: govcrawl meets the issue's bars and beats trafilatura.

Runs benchmarks/evaluate_metadata.py's evaluation (every article fixture, both extractors).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"


def _evaluation():  # type: ignore[no-untyped-def]
    path = ROOT / "benchmarks" / "evaluate_metadata.py"
    spec = importlib.util.spec_from_file_location("evaluate_metadata", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():  # type: ignore[no-untyped-def]
    module = _evaluation()
    ours, theirs, pages = module.evaluate()
    return module, ours, theirs, pages


def accuracy(score, name: str) -> float:  # type: ignore[no-untyped-def]
    return score.right[name] / score.total[name]


def test_the_gold_set_is_large_and_varied() -> None:
    sidecars = [json.loads(p.read_text(encoding="utf-8")) for p in PAGES.glob("*.json")]
    assert len(sidecars) >= 80
    types = {s["content_type"] for s in sidecars}
    assert {
        "text/html",
        "text/html; charset=windows-1258",
        "text/html; charset=iso-8859-1",
    } <= types
    notes = " ".join(s["note"] for s in sidecars)
    for case in ("'tcvn3'", "'vni'", "'nfd'", "'mis_latin1'", "'mis_1258'", "'url_day'",
                 "'updated_only'", "'ampm'", "'two_digit'", "'several'", "'photo'"):  # fmt: skip
        assert case in notes, case


@pytest.mark.parametrize(
    ("field", "floor"),
    [("published", 0.98), ("author", 0.95), ("source", 0.95), ("title", 0.98), ("lang", 1.0)],
)
def test_field_accuracy_meets_the_bar(scores, field: str, floor: float) -> None:  # type: ignore[no-untyped-def]
    _, ours, theirs, _ = scores
    assert accuracy(ours, field) >= floor, [w for w in ours.wrong if w[1] == field]
    assert accuracy(ours, field) >= accuracy(theirs, field)


def test_body_is_the_article_and_only_the_article(scores) -> None:  # type: ignore[no-untyped-def]
    _, ours, theirs, pages = scores
    assert sum(ours.f1) / pages >= 0.95
    assert sum(ours.f1) / pages > sum(theirs.f1) / pages
    assert ours.clean / pages >= 0.95


def test_every_string_is_valid_nfc(scores) -> None:  # type: ignore[no-untyped-def]
    _, ours, _, _ = scores
    assert ours.invalid == 0


def test_the_table_names_both_extractors(scores) -> None:  # type: ignore[no-untyped-def]
    module, ours, theirs, pages = scores
    printed = module.table(ours, theirs, pages)
    assert "govcrawl" in printed and "trafilatura" in printed and "body token F1" in printed
