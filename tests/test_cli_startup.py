"""`govcrawl --help` and `--version` start fast because they import no heavy library: the
commands import Scrapy, trafilatura, sqlite-utils and pandas when they run (the time itself is
measured in benchmarks/cli_startup.py, never here)."""

from __future__ import annotations

import sys

import pytest
from conftest import run

pytestmark = pytest.mark.e2e

HEAVY = ("scrapy", "trafilatura", "sqlite_utils", "pandas", "twisted", "datasketch", "lxml",
         "langdetect", "numpy", "pyarrow", "datasette")  # fmt: skip
# Runs the console script's function as `govcrawl ARGS` would, then lists the heavy modules loaded.
PROBE = """
import sys
from govcrawl.cli import main
try:
    main(sys.argv[1:], prog_name="govcrawl")
except SystemExit:
    pass
print("LOADED", sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY)))
"""


@pytest.mark.parametrize("arguments", [["--help"], ["--version"], ["search", "--help"]])
def test_help_and_version_import_no_heavy_library(arguments: list[str]) -> None:
    result = run([sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}", *arguments])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "LOADED []"
    assert "govcrawl" in result.stdout
