"""Search relevance, before and after: precision and recall of today's search and of the search
on ``main`` (or any git revision), side by side, over a labelled query set.

    .venv/bin/python benchmarks/search_relevance.py                  # this tree vs main
    .venv/bin/python benchmarks/search_relevance.py --old REV --per-query

The archive is benchmarks/relevance_corpus.py (224 articles from the project's fixtures); the
judgements are benchmarks/search_relevance.toml (71 queries: place names, officials' titles,
programmes, abbreviations, spelling variants, English terms), written by reading (see its
header). Both searches run on the same archive file, built through the schema's migrations and
FTS triggers. The old search is the module ``govcrawl/research/search.py`` of REV, loaded
beside today's package.

Measures, per query, averaged per category and overall:
- P@10: relevant articles among the first 10 hits, divided by 10;
- first page: relevant among the first 10 hits divided by the hits shown (how many of what a
  researcher sees are right; a query with no hits counts 1 when nothing is relevant, else 0);
- recall: relevant articles among all hits (up to 1,000) divided by the relevant articles.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from relevance_corpus import ROOT, articles

from govcrawl.research import search as new_search
from govcrawl.store import word_index
from govcrawl.store.connection import connect

JUDGEMENTS = Path(__file__).with_name("search_relevance.toml")
DEPTH = 1000


def old_module(revision: str) -> ModuleType:
    """``govcrawl/research/search.py`` as it is at ``revision``, importable beside today's."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:govcrawl/research/search.py"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / "old_search.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_search", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_search"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def build(path: Path) -> dict[int, str]:
    """Write the corpus to a fresh archive at ``path``; return article id -> key."""
    db = connect(path)
    keys = {}
    with db.conn:
        for number, article in enumerate(articles(), start=1):
            keys[number] = article["key"]
            db.execute(
                """INSERT INTO articles (id, url, site, title, text, lang, content_hash,
                   first_seen, last_seen) VALUES (?, ?, ?, ?, ?, 'vi', ?, ?, ?)""",
                [number, f"https://example.gov.vn/{article['key']}", article["site"],
                 article["title"], article["text"], article["key"],
                 "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00"],
            )  # fmt: skip
        word_index.sync(db)  # as the archive writer does in each transaction
    db.conn.close()
    return keys


def measure(
    run: Callable[[str, int], list[str]], query: str, relevant: set[str]
) -> dict[str, float]:
    hits = run(query, DEPTH)
    first = hits[:10]
    good = sum(1 for key in first if key in relevant)
    return {
        "p10": good / 10,
        "page": good / len(first) if first else float(not relevant),
        "recall": sum(1 for key in hits if key in relevant) / len(relevant),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="main", help="git revision of the old search")
    parser.add_argument("--per-query", action="store_true", help="one line per query too")
    args = parser.parse_args()
    queries = tomllib.loads(JUDGEMENTS.read_text(encoding="utf-8"))["query"]
    old = old_module(args.old)
    with tempfile.TemporaryDirectory() as tmp:
        keys = build(Path(tmp) / "govcrawl.db")
        db = connect(Path(tmp) / "govcrawl.db", readonly=True)

        def runner(module: ModuleType) -> Callable[[str, int], list[str]]:
            def run(query: str, limit: int) -> list[str]:
                try:
                    return [keys[hit.id] for hit in module.search(db, query, limit=limit)]
                except module.SearchError:
                    return []

            return run

        systems = {"old": runner(old), "new": runner(new_search)}
        scores: dict[str, dict[str, list[dict[str, float]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for entry in queries:
            relevant = set(entry["relevant"])
            row = []
            for name, run in systems.items():
                result = measure(run, entry["query"], relevant)
                scores[name][entry["category"]].append(result)
                scores[name]["all"].append(result)
                row.append(result)
            if args.per_query:
                print(f"{entry['query'][:32]:<33} {len(relevant):>3} relevant   "
                      + "   ".join(f"{n}: P@10 {r['p10']:.2f} page {r['page']:.2f} recall {r['recall']:.2f}"
                                   for n, r in zip(systems, row, strict=True)))  # fmt: skip
    print(f"{len(queries)} queries, {len(keys)} articles; old = {args.old}, new = this tree\n")
    print(f"{'category':<14}{'queries':>8}  {'P@10 old':>9}{'new':>7}  {'first page old':>15}{'new':>7}"
          f"  {'recall old':>11}{'new':>7}")  # fmt: skip
    categories = sorted(scores["old"], key=lambda c: (c == "all", c))
    for category in categories:
        o, n = scores["old"][category], scores["new"][category]
        cells = []
        for metric in ("p10", "page", "recall"):
            cells.append(
                (statistics.mean(r[metric] for r in o), statistics.mean(r[metric] for r in n))
            )
        print(f"{category:<14}{len(o):>8}  {cells[0][0]:>9.2f}{cells[0][1]:>7.2f}  "
              f"{cells[1][0]:>15.2f}{cells[1][1]:>7.2f}  {cells[2][0]:>11.2f}{cells[2][1]:>7.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
