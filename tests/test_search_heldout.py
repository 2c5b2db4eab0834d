"""The relevance judgements of benchmarks/search_relevance.py stay tied to their archives: every
key names an article, and the held-out set's relevant articles are still exactly those its
hand-written pools find (a change to the unseen portals' generator shows up here, not as a
silently wrong benchmark). No search runs here."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import heldout_corpus  # noqa: E402
import relevance_corpus  # noqa: E402

CATEGORIES = {"place", "unaccented", "title", "agency", "abbreviation", "programme", "spelling",
              "english", "none", "combined", "document"}  # fmt: skip


def queries(name: str) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = tomllib.loads(
        (BENCHMARKS / name).read_text(encoding="utf-8")
    )["query"]
    return entries


@pytest.fixture(scope="module")
def heldout() -> dict[str, str]:
    """Key -> title and text of every held-out article."""
    return {a["key"]: a["title"] + "\n" + a["text"] for a in heldout_corpus.articles()}


def occurs(pattern: str, text: str) -> bool:
    return re.search(r"(?<!\w)(?:" + pattern + r")(?!\w)", text, re.IGNORECASE) is not None


def test_heldout_set_is_well_formed(heldout: dict[str, str]) -> None:
    entries = queries("search_heldout.toml")
    assert len(entries) >= 40
    assert len({e["query"] for e in entries}) == len(entries)
    assert len(heldout) == 273 and any(k.startswith("real:") for k in heldout)
    for entry in entries:
        assert entry["category"] in CATEGORIES, entry
        relevant = entry["relevant"]
        assert isinstance(relevant, list)
        assert set(relevant) <= set(heldout), entry["query"]
        assert bool(relevant) == (entry["category"] != "none"), entry["query"]


def test_heldout_judgements_are_what_their_pools_find(heldout: dict[str, str]) -> None:
    for entry in queries("search_heldout.toml"):
        pool = entry["pool"]
        patterns = pool if isinstance(pool, list) else [pool]
        found = {key for key, text in heldout.items() if all(occurs(p, text) for p in patterns)}
        assert found == set(entry["relevant"]), entry["query"]  # type: ignore[call-overload]


def test_heldout_corpus_is_not_the_tuned_one(heldout: dict[str, str]) -> None:
    tuned = {a["title"] + "\n" + a["text"] for a in relevance_corpus.articles()}
    assert not tuned & set(heldout.values())
    titles = {text.split("\n", 1)[0] for text in heldout.values()}
    assert not titles & {a["title"] for a in relevance_corpus.articles()}


def test_tuned_set_names_articles_of_its_corpus() -> None:
    keys = {a["key"] for a in relevance_corpus.articles()}
    for entry in queries("search_relevance.toml"):
        assert set(entry["relevant"]) <= keys, entry["query"]  # type: ignore[call-overload]


def test_real_article_bodies_follow_their_gold() -> None:
    real = {a["key"]: a for a in heldout_corpus.real_articles()}
    assert set(real) == {"real:001", "real:008", "real:010"}
    assert real["real:008"]["text"].startswith("Theo thông báo của doanh nghiệp, Chứng khoán")
    assert real["real:010"]["text"].endswith(
        "nhưng tổng mức trừ không vượt quá 500 triệu đồng/năm."
    )
    assert "<" not in real["real:001"]["text"]
