"""The documentation matches the code: every setting and stat is documented, every SQL runs."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, Crawled

from govcrawl import settings
from govcrawl.research.sql_functions import register

README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA_DICTIONARY = (ROOT / "archive" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [n for n in dir(settings) if n.startswith("GOVCRAWL_")])
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{name}`" in README


def stats_keys_in_code() -> set[str]:
    keys = set()
    for path in (ROOT / "govcrawl").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r'"(govcrawl/[a-z_]+/[a-z_]+)"', source))
        for prefix in re.findall(r'_count\(f?"([a-z_]+)/', source):
            keys.add(f"govcrawl/{prefix}/")
    return keys


def test_every_stats_key_is_documented() -> None:
    keys = stats_keys_in_code()
    assert keys, "no stats keys found: the scan is broken"
    for key in keys:
        assert key in README, f"{key} is not in the README's stats reference"


@pytest.mark.e2e
def test_every_column_is_documented(crawled: Crawled) -> None:
    with sqlite3.connect(crawled.archive) as conn:
        tables = ("articles", "article_urls", "article_versions", "non_article_pages", "crawl_runs",
                  "frontier", "listing_revisits", "word_index_pending")  # fmt: skip
        for table in tables:
            for column in conn.execute(f"PRAGMA table_info({table})"):
                assert f"`{column[1]}`" in DATA_DICTIONARY, f"{table}.{column[1]}"


def sql_examples() -> list[str]:
    blocks = re.findall(r"```sql\n(.*?)```", DATA_DICTIONARY, re.DOTALL)
    statements = []
    for block in blocks:
        statements += [s.strip() for s in block.split(";") if s.strip().strip("-").strip()]
    return statements


@pytest.mark.e2e
@pytest.mark.parametrize("statement", sql_examples())
def test_data_dictionary_sql_runs(crawled: Crawled, statement: str) -> None:
    uri = f"file:{Path(crawled.archive)}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        register(conn)  # govcrawl_match and the other SQL functions the examples may use
        rows = conn.execute(statement).fetchall()
    assert isinstance(rows, list)
