"""Start-up time of the govcrawl command: `govcrawl --version`, `--help` and `search --help`,
run as processes N times each, interleaved round by round (hyperfine-style), beside the bare
interpreter (`python -c pass`) and, with --before, another installation's govcrawl (the code
before a change, e.g. /work/main/.venv/bin/govcrawl), so the ratios come from one run.

    .venv/bin/python benchmarks/cli_startup.py --runs 30
    .venv/bin/python benchmarks/cli_startup.py --runs 30 --before /path/to/other/.venv/bin/govcrawl

Prints min, median and p95 wall-clock milliseconds per command. The bar (issue 19): under
300 ms for --version and --help. tests/test_cli_startup.py checks what makes it so (no heavy
library imported), never the time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

GOVCRAWL = Path(sys.executable).with_name("govcrawl")
ARGUMENTS = (["--version"], ["--help"], ["search", "--help"])


def commands(before: str | None) -> dict[str, list[str]]:
    """Label -> command line, for every command timed."""
    found = {"python -c pass": [sys.executable, "-c", "pass"]}
    for arguments in ARGUMENTS:
        found[f"govcrawl {' '.join(arguments)}"] = [str(GOVCRAWL), *arguments]
        if before:
            found[f"before: govcrawl {' '.join(arguments)}"] = [before, *arguments]
    return found


def timed(command: list[str]) -> float:
    """Seconds one run of ``command`` takes (wall clock, output discarded)."""
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--before", help="another govcrawl executable to time beside this one")
    args = parser.parse_args()
    table = commands(args.before)
    for command in table.values():  # warm the page cache once
        timed(command)
    samples: dict[str, list[float]] = {label: [] for label in table}
    for _ in range(args.runs):
        for label, command in table.items():
            samples[label].append(timed(command) * 1000)
    print(f"{args.runs} runs each, interleaved; wall-clock ms")
    print(f"{'command':<36} {'min':>7} {'median':>7} {'p95':>7}")
    for label, values in samples.items():
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"{label:<36} {values[0]:>7.0f} {statistics.median(values):>7.0f} {p95:>7.0f}")
    if args.before:
        for arguments in ARGUMENTS:
            name = " ".join(arguments)
            ratio = statistics.median(samples[f"before: govcrawl {name}"]) / statistics.median(
                samples[f"govcrawl {name}"]
            )
            print(f"govcrawl {name}: {ratio:.1f}x faster than before (medians)")


if __name__ == "__main__":
    main()
