"""Near-duplicate evaluation on the labelled pair set (tests/fixtures/near_duplicates/pairs.jsonl):
precision and recall of govcrawl's republication rule, per kind of pair, and how many true pairs
the LSH banding makes candidates.

    .venv/bin/python benchmarks/evaluate_neardup.py [--wrong]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from govcrawl.dedupe import neardup

PAIRS = (
    Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "near_duplicates" / "pairs.jsonl"
)


def load_pairs() -> list[dict]:
    return [
        json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def judge(pair: dict) -> tuple[bool, neardup.Similarity, bool]:
    """(predicted republication, similarity, LSH candidate) for one pair."""
    first, second = pair["a"]["text"], pair["b"]["text"]
    found = neardup.similarity(first, second)
    buckets = set(neardup.bands(neardup.signature(first)))
    candidate = bool(buckets & set(neardup.bands(neardup.signature(second))))
    return found.republication and candidate, found, candidate


def evaluate(pairs: list[dict]) -> dict[str, float]:
    """Precision, recall and LSH candidate recall over ``pairs``."""
    counts: Counter[str] = Counter()
    for pair in pairs:
        predicted, _, candidate = judge(pair)
        truth = pair["label"] == 1
        counts["tp" if predicted and truth else "fp" if predicted else "fn" if truth else "tn"] += 1
        counts["candidates"] += truth and candidate
    positives = counts["tp"] + counts["fn"]
    return {
        "precision": counts["tp"] / ((counts["tp"] + counts["fp"]) or 1),
        "recall": counts["tp"] / (positives or 1),
        "lsh_recall": counts["candidates"] / (positives or 1),
        **{k: float(counts[k]) for k in ("tp", "fp", "fn", "tn")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", action="store_true", help="also list the pairs judged wrong")
    args = parser.parse_args()
    pairs = load_pairs()
    result = evaluate(pairs)
    print(f"pairs: {len(pairs)} ({int(result['tp'] + result['fn'])} republications)")
    print(
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  LSH candidate recall {result['lsh_recall']:.3f}"
    )
    print(
        f"thresholds: containment >= {neardup.MIN_CONTAINMENT}, fact agreement >= {neardup.MIN_FACT_AGREEMENT}"
    )
    print(f"{'kind':<34} {'pairs':>5} {'correct':>8}")
    for kind in sorted({p["kind"] for p in pairs}):
        members = [p for p in pairs if p["kind"] == kind]
        correct = sum(judge(p)[0] == (p["label"] == 1) for p in members)
        print(f"{kind:<34} {len(members):>5} {correct:>8}")
    if args.wrong:
        for pair in pairs:
            predicted, found, candidate = judge(pair)
            if predicted != (pair["label"] == 1):
                print(
                    f"{pair['id']} {pair['kind']}: containment {found.containment:.2f}, facts {found.facts:.2f}, candidate {candidate}"
                )


if __name__ == "__main__":
    main()
