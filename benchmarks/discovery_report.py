"""Discovery report: crawl each platform family's fixture portal (127.0.0.1) for real and print
article recall, non-article rows, requests spent in traps, robots.txt violations and requests per
article.

    .venv/bin/python benchmarks/discovery_report.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "guard")]

from conftest import guarded_env  # noqa: E402
from portals.report import FAMILIES, HEADER, KNOWN_GAPS, crawl_family  # noqa: E402


def main() -> None:
    print(HEADER)
    with tempfile.TemporaryDirectory() as folder:
        for family in FAMILIES:
            report = crawl_family(family, Path(folder) / f"{family}.db", guarded_env())
            print(report.row(), flush=True)
            traps = {k: v for k, v in report.stats.items() if k.startswith("govcrawl/trap/")}
            if traps:
                print(f"{'':<14} trap guard: {traps}")
            if family in KNOWN_GAPS:
                print(f"{'':<14} known gap: {KNOWN_GAPS[family]}")


if __name__ == "__main__":
    main()
