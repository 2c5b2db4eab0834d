"""Re-crawl report: for each platform family's fixture portal (127.0.0.1), the requests of a
first crawl, of a re-crawl after the portal published new articles (all must be archived), and
of a re-crawl of the unchanged portal, as a share of the first (the bar: at most 5%).

    .venv/bin/python benchmarks/recrawl_report.py [--articles 150] [--added 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "guard")]

from conftest import guarded_env  # noqa: E402
from portals.recrawl import HEADER, recrawl_family  # noqa: E402
from portals.report import FAMILIES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--added", type=int, default=5)
    parser.add_argument("families", nargs="*", default=FAMILIES)
    args = parser.parse_args()
    print(HEADER)
    with tempfile.TemporaryDirectory() as folder:
        for family in args.families:
            report = recrawl_family(family, Path(folder) / f"{family}.db", guarded_env(),
                                    count=args.articles, added=args.added)  # fmt: skip
            print(report.row(), flush=True)
            if report.missing:
                print(f"{'':<14} not archived: {report.missing[:5]}")


if __name__ == "__main__":
    main()
