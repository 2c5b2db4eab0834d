"""Fault summary (issue 9): crawl the hostile fixture portals (127.0.0.1) for real, once, and
print each fault case's outcome, then the cases tried, crawls completed, articles lost and
integrity failures. Exit status 1 unless every case held and nothing was lost or corrupted.

    .venv/bin/python benchmarks/fault_summary.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "guard")]

from conftest import guarded_env  # noqa: E402
from portals.faults import CHECKS, crawl_faults  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        crawl = crawl_faults(Path(folder), guarded_env())
    # Exit status 1 is expected: the robots.txt 5xx and timeout portals are unreachable.
    completed = crawl.result.returncode == 1 and all(
        run["finish_reason"] == "finished" for run in crawl.runs.values()
    )
    held = {name: check(crawl) for name, check in CHECKS.items()}
    for name, ok in held.items():
        print(f"{name:<24} {'ok' if ok else 'FAILED'}")
    lost = crawl.lost()
    integrity_failures = 0 if crawl.integrity == "ok" else 1
    growth = (crawl.stats.get("memusage/max", 0) - crawl.stats.get("memusage/startup", 0)) >> 20
    print()
    print(f"fault cases tried:     {len(held)} ({sum(held.values())} held)")
    print(f"crawls completed:      {int(completed)} of 1 ({crawl.seconds:.1f} s, +{growth} MiB)")
    print(f"articles lost:         {len(lost)}{' ' + ', '.join(lost) if lost else ''}")
    print(f"integrity failures:    {integrity_failures}")
    print(f"crawl_runs:            pages_new {crawl.run['pages_new']}, "
          f"pages_failed {crawl.run['pages_failed']}, finish_reason {crawl.run['finish_reason']}")  # fmt: skip
    ok = completed and all(held.values()) and not lost and not integrity_failures
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
