"""Re-crawl report: for each platform family's fixture portal (127.0.0.1), the requests of a
first crawl, of a re-crawl after the portal published new articles (all must be archived), and
of a re-crawl of the unchanged portal, as a share of the first (the bar: at most 5%).
With ``--tenyear``: the ten-year portals (tests/portals/tenyear.py: 1,200 articles, date and
tag archives, search pages, aliases) crawled four times with the crawl's clock set
(GOVCRAWL_NOW): first, after 5 new articles, unchanged a day later and a week after that;
requests per crawl, search-result pages and archived articles' other URLs among them, and the
bar (an unchanged re-crawl: at most 2% of the first crawl's requests, or 30).

    .venv/bin/python benchmarks/recrawl_report.py [--articles 150] [--added 5]
    .venv/bin/python benchmarks/recrawl_report.py --tenyear [--articles 1200] [wordpress legacy_php]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "guard")]

from conftest import guarded_env  # noqa: E402
from portals.recrawl import HEADER, TENYEAR_HEADER, recrawl_family, recrawl_tenyear  # noqa: E402
from portals.report import FAMILIES  # noqa: E402
from portals.tenyear import FAMILIES as TENYEAR_FAMILIES  # noqa: E402


def tenyear(families: list[str], count: int, added: int) -> None:
    print(TENYEAR_HEADER)
    with tempfile.TemporaryDirectory() as folder:
        for family in families or TENYEAR_FAMILIES:
            report = recrawl_tenyear(family, Path(folder) / f"{family}.db", guarded_env(),
                                     count=count, added=added)  # fmt: skip
            print(report.row(), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--added", type=int, default=5)
    parser.add_argument("--tenyear", action="store_true", help="the ten-year portals")
    parser.add_argument("families", nargs="*")
    args = parser.parse_args()
    if args.tenyear:
        tenyear(args.families, args.articles or 1200, args.added)
        return
    args.families = args.families or FAMILIES
    args.articles = args.articles or 150
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
