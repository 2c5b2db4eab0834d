"""What the archive's checks cost beside the commands that run them (issue 17: "damaged" in
``status`` and ``stats``; ``govcrawl verify``), side by side in one run on the synthetic archive
of benchmarks/research_tools.py: seconds (best of 3, warm cache) and ratios to ``stats``.

    .venv/bin/python benchmarks/archive_checks.py --articles 100000 [--archive /tmp/a100k.db]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from research_tools import build_archive

from govcrawl.research.archive_stats import collect
from govcrawl.research.filters import Filters
from govcrawl.research.runs import portal_health
from govcrawl.store.connection import connect
from govcrawl.store.integrity import fts_check, sqlite_check


def best(function: Callable[[], object], runs: int = 3) -> float:
    """The fastest of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--archive", type=Path, help="an archive built earlier (kept)")
    options = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = options.archive or Path(folder.name) / "govcrawl.db"
    if not path.exists():
        build_archive(path, options.articles)
    db = connect(path, readonly=True)
    rows = {
        "stats (collect)": best(lambda: collect(db, Filters())),
        "status (portal_health)": best(lambda: portal_health(db, datetime.now(UTC))),
        "PRAGMA quick_check": best(lambda: sqlite_check(db, quick=True)),
        "PRAGMA integrity_check": best(lambda: sqlite_check(db, quick=False)),
        "PRAGMA foreign_key_check": best(lambda: db.execute("PRAGMA foreign_key_check").fetchall()),
        "FTS5 integrity-check": best(lambda: fts_check(path), runs=1),
    }
    size = path.stat().st_size / 2**20
    print(f"{options.articles} articles, {size:.0f} MiB")
    print(f"{'operation':<26} {'seconds':>8} {'/ stats':>8}")
    for name, seconds in rows.items():
        print(f"{name:<26} {seconds:>8.3f} {seconds / rows['stats (collect)']:>8.2f}")
    folder.cleanup()


if __name__ == "__main__":
    main()
