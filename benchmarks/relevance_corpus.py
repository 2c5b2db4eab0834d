"""The evaluation archive of benchmarks/search_relevance.py: 224 articles nobody wrote for this
benchmark, read from the project's fixtures (the demo portal's 22 articles, the 14 gold-set
articles, and one article of each near-duplicate pair plus both sides of the pairs that are
different articles: 188), each with a stable key ("demo:5479", "gold:ocop_hungyen",
"pair:p001:a") that the judgements in search_relevance.toml name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "govcrawl" / "demo" / "articles.json"
GOLD = ROOT / "tests" / "fixtures" / "gold" / "articles.json"
PAIRS = ROOT / "tests" / "fixtures" / "near_duplicates" / "pairs.jsonl"


def articles() -> Iterator[dict[str, str]]:
    """Each article: key, site, title, text (paragraphs joined by newlines)."""
    for article in json.loads(DEMO.read_text(encoding="utf-8")):
        text = "\n".join([article["lead"], *article["paragraphs"]])
        yield {"key": f"demo:{article['id']}", "site": "lam_dong_skhcn_demo",
               "title": article["title"], "text": text}  # fmt: skip
    for article in json.loads(GOLD.read_text(encoding="utf-8")):
        text = "\n".join([article["lead"], *article["paragraphs"]])
        yield {"key": f"gold:{article['key']}", "site": "gold", "title": article["title"],
               "text": text}  # fmt: skip
    seen: set[str] = set()
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for side in "ab" if pair["label"] == 0 else "a":
            article = pair[side]
            if article["title"] in seen:
                continue
            seen.add(article["title"])
            yield {"key": f"pair:{pair['id']}:{side}", "site": article["site"],
                   "title": article["title"], "text": article["text"]}  # fmt: skip
