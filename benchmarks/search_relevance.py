"""Search relevance, before and after: precision and recall of today's search and of the search
on ``main`` (or any git revision), side by side, over a labelled query set.

    .venv/bin/python benchmarks/search_relevance.py                  # this tree vs main
    .venv/bin/python benchmarks/search_relevance.py --old REV --per-query
    .venv/bin/python benchmarks/search_relevance.py --set heldout --old 4e8d188 --worst 15

(4e8d188 is main just before the word-aware search was merged: the syllable-matching search.)

Two sets (``--set``):
- ``tuned`` (the default): the archive of benchmarks/relevance_corpus.py (224 articles from the
  project's fixtures) and the judgements of benchmarks/search_relevance.toml (71 queries: place
  names, officials' titles, programmes, abbreviations, spelling variants, English terms). The
  search was tuned with these queries in view, so its scores there are in-sample.
- ``heldout``: the archive of benchmarks/heldout_corpus.py (273 articles the search was not tuned
  on: real pages and the unseen fixture portals) and benchmarks/search_heldout.toml (105
  queries written fresh by reading those articles, including two-topic queries, document
  numbers and queries nothing is relevant to).
Both are judged by reading (see each file's header). Both searches run on the same archive file,
built through the schema's migrations and FTS triggers. The old search is the module
``govcrawl/research/search.py`` of REV, loaded beside today's package: it imports today's
govcrawl.text (abbreviation table, orthography) and filters, so only search.py is old.

Measures, per query, then averaged per category and overall, and the worst query of each
category (a researcher meets the worst query, not the average):
- P@10: relevant articles among the first 10 hits, divided by 10;
- first page: relevant among the first 10 hits divided by the hits shown (how many of what a
  researcher sees are right; a query with no hits counts 1 when nothing is relevant, else 0);
- recall: relevant articles among all hits (up to 1,000) divided by the relevant articles.
Then the queries where the new search does worse than the old, and (``--worst N``) each search's
N worst queries with the wrong hits on their first page and the relevant articles they miss.
A query nothing is relevant to scores 1 on all three when it has no hits, else 0 (P@10, first
page) and 1 (recall: nothing was missed).
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
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_corpus
import relevance_corpus
from relevance_corpus import ROOT

from govcrawl.research import search as new_search
from govcrawl.research.word_runs import search_reading
from govcrawl.store import word_index
from govcrawl.store.connection import connect

Article = dict[str, str]
# set name -> (judgements, the corpus they judge)
SETS: dict[str, tuple[Path, Callable[[], Iterable[Article]]]] = {
    "tuned": (Path(__file__).with_name("search_relevance.toml"), relevance_corpus.articles),
    "heldout": (Path(__file__).with_name("search_heldout.toml"), heldout_corpus.articles),
}
JUDGEMENTS = SETS["tuned"][0]
DEPTH = 1000
METRICS = ("p10", "page", "recall")


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


def build(path: Path, corpus: Iterable[Article] | None = None) -> dict[int, str]:
    """Write ``corpus`` (default: relevance_corpus's) to a fresh archive at ``path``; return
    article id -> key."""
    db = connect(path)
    keys = {}
    with db.conn:
        for number, article in enumerate(corpus or relevance_corpus.articles(), start=1):
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


def measure(hits: list[str], relevant: set[str]) -> dict[str, float]:
    """P@10, first page and recall of one query's hits (article keys, best first)."""
    if not relevant:
        right = float(not hits)
        return {"p10": right, "page": right, "recall": 1.0}
    first = hits[:10]
    good = sum(1 for key in first if key in relevant)
    return {
        "p10": good / 10,
        "page": good / len(first) if first else 0.0,
        "recall": sum(1 for key in hits if key in relevant) / len(relevant),
    }


def load(name: str) -> list[dict[str, object]]:
    """The queries of set ``name``, each with query, category and relevant keys."""
    queries: list[dict[str, object]] = tomllib.loads(SETS[name][0].read_text(encoding="utf-8"))[
        "query"
    ]
    return queries


def badness(scored: tuple[str, dict[str, float]]) -> tuple[float, float, float]:
    """Sort key, worst query first: the lowest of first page and recall, then the other (P@10
    is left out: a query with 3 relevant articles cannot score above 0.3)."""
    result = scored[1]
    return min(result["page"], result["recall"]), result["page"], result["recall"]


def worst(results: list[tuple[str, dict[str, float]]]) -> tuple[str, dict[str, float]]:
    """The query that does worst (see ``badness``)."""
    return min(results, key=badness)


def cell(result: dict[str, float]) -> str:
    return f"{result['p10']:.2f}/{result['page']:.2f}/{result['recall']:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="tuned", dest="which",
                        help="query set and archive (default: tuned)")  # fmt: skip
    parser.add_argument("--old", default="main", help="git revision of the old search")
    parser.add_argument("--per-query", action="store_true", help="one line per query too")
    parser.add_argument("--worst", type=int, default=0, metavar="N",
                        help="list the N worst queries of each search, with their hits")  # fmt: skip
    args = parser.parse_args()
    queries = load(args.which)
    old = old_module(args.old)
    with tempfile.TemporaryDirectory() as tmp:
        keys = build(Path(tmp) / "govcrawl.db", SETS[args.which][1]())
        db = connect(Path(tmp) / "govcrawl.db", readonly=True)

        def runner(module: ModuleType) -> Callable[[str, int], list[str]]:
            def run(query: str, limit: int) -> list[str]:
                try:
                    return [keys[hit.id] for hit in module.search(db, query, limit=limit)]
                except module.SearchError:
                    return []

            return run

        def as_searched(query: str, limit: int) -> list[str]:
            """Today's search as the command line and the Python API run it: a run of words
            no article holds as a phrase, when nothing is found, searched as its parts."""
            try:
                reading = search_reading(db, query, limit=limit)
            except new_search.SearchError:
                return []
            return [keys[hit.id] for hit in reading.hits]

        systems = {"old": runner(old), "new": as_searched}
        scores: dict[str, dict[str, list[tuple[str, dict[str, float]]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        hits: dict[str, dict[str, list[str]]] = defaultdict(dict)
        for entry in queries:
            query, relevant = str(entry["query"]), set(entry["relevant"])  # type: ignore[call-overload]
            row = []
            for name, run in systems.items():
                hits[name][query] = run(query, DEPTH)
                result = measure(hits[name][query], relevant)
                scores[name][str(entry["category"])].append((query, result))
                scores[name]["all"].append((query, result))
                row.append(result)
            if args.per_query:
                print(f"{query[:32]:<33} {len(relevant):>3} relevant   "
                      + "   ".join(f"{n}: P@10 {r['p10']:.2f} page {r['page']:.2f} recall {r['recall']:.2f}"
                                   for n, r in zip(systems, row, strict=True)))  # fmt: skip
    print(f"set {args.which}: {len(queries)} queries, {len(keys)} articles; "
          f"old = {args.old}, new = this tree\n")  # fmt: skip
    print(f"{'category':<14}{'queries':>8}  {'P@10 old':>9}{'new':>7}  {'first page old':>15}{'new':>7}"
          f"  {'recall old':>11}{'new':>7}")  # fmt: skip
    categories = sorted(scores["old"], key=lambda c: (c == "all", c))
    for category in categories:
        o, n = scores["old"][category], scores["new"][category]
        cells = [
            (statistics.mean(r[m] for _, r in o), statistics.mean(r[m] for _, r in n))
            for m in METRICS
        ]
        print(f"{category:<14}{len(o):>8}  {cells[0][0]:>9.2f}{cells[0][1]:>7.2f}  "
              f"{cells[1][0]:>15.2f}{cells[1][1]:>7.2f}  {cells[2][0]:>11.2f}{cells[2][1]:>7.2f}")  # fmt: skip
    print(
        "\nworst query per category (P@10/first page/recall; worst: lowest of first page and recall)"
    )
    print(f"{'category':<14}{'old':<46}{'new'}")
    for category in categories:
        line = f"{category:<14}"
        for name in systems:
            query, result = worst(scores[name][category])
            line += f"{cell(result)} {query[:26]:<31}"
        print(line.rstrip())
    by_query = {name: dict(scores[name]["all"]) for name in systems}
    worse = [q for q, r in scores["new"]["all"]
             if any(r[m] < by_query["old"][q][m] for m in METRICS)]  # fmt: skip
    print(f"\nnew search worse than old (any measure): {len(worse)} queries")
    for query in worse:
        print(
            f"  {query!r}: old {cell(by_query['old'][query])}, new {cell(by_query['new'][query])}"
        )
    for name in systems if args.worst else ():
        ranked = sorted(scores[name]["all"], key=badness)
        print(
            f"\n{args.worst} worst queries of the {name} search (hits: wrong ones on page 1, missed)"
        )
        for query, result in ranked[: args.worst]:
            entry = next(e for e in queries if e["query"] == query)
            relevant = set(entry["relevant"])  # type: ignore[call-overload]
            found = hits[name][query]
            wrong = [k for k in found[:10] if k not in relevant]
            missed = sorted(relevant - set(found))
            print(f"  {cell(result)}  {query!r} ({entry['category']}): {len(found)} hits, "
                  f"{len(relevant)} relevant; wrong: {wrong[:3]}{' ...' if len(wrong) > 3 else ''}; "
                  f"missed: {missed[:3]}{' ...' if len(missed) > 3 else ''}")  # fmt: skip


if __name__ == "__main__":
    main()
