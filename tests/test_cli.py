"""The govcrawl CLI (in-process, and as a process where that matters) and `scrapy crawl portal`:
errors are one line."""

from __future__ import annotations

import importlib.metadata
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import Crawled, cli, govcrawl, run, scrapy_crawl


def one_line_error(result, code: int = 1) -> str:  # type: ignore[no-untyped-def]
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_search_without_an_archive(tmp_path: Path) -> None:
    line = one_line_error(cli("search", "khoa học", "--archive", str(tmp_path / "none.db")))
    assert "no archive at" in line and "none.db" in line


def test_search_in_a_corrupt_file(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"this is not sqlite" * 100)
    line = one_line_error(cli("search", "khoa học", "--archive", str(corrupt)))
    assert "not a valid SQLite archive" in line


def test_search_in_a_foreign_database(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    line = one_line_error(cli("search", "khoa học", "--archive", str(other)))
    assert "not a govcrawl archive" in line


@pytest.mark.e2e
@pytest.mark.parametrize("query", ["", "   ", "!!!", '""'])
def test_search_with_no_words(crawled: Crawled, query: str) -> None:
    line = one_line_error(cli("search", query, "--archive", str(crawled.archive)))
    assert "query" in line


@pytest.mark.e2e
def test_search_bad_option_is_a_usage_error(crawled: Crawled) -> None:
    result = cli("search", "x", "--archive", str(crawled.archive), "--limit", "0")
    assert result.returncode == 2 and "Traceback" not in result.stderr


@pytest.mark.e2e
def test_search_reads_while_a_writer_holds_a_transaction(crawled: Crawled) -> None:
    with sqlite3.connect(crawled.archive, isolation_level=None) as writer:
        writer.execute("BEGIN IMMEDIATE")
        result = cli("search", "khoa học", "--archive", str(crawled.archive), "--limit", "1")
        writer.execute("ROLLBACK")
    assert result.returncode == 0 and result.stdout


def test_search_help_explains_syntax_in_vietnamese() -> None:
    result = cli("search", "--help")
    assert result.returncode == 0
    for example in ('"đổi mới sáng tạo"', "OR", "NOT", "công nghệ*", "da nang", "--exact"):
        assert example in result.stdout


def test_sites_lists_the_registry() -> None:
    result = cli("sites")
    assert result.returncode == 0
    assert "lam_dong_skhcn" in result.stdout and "demo" in result.stdout


def test_crawl_with_unknown_site() -> None:
    line = one_line_error(cli("crawl", "--site", "atlantis"), code=2)  # configuration
    assert "unknown site 'atlantis'" in line


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-a", "url=notaurl"], "not an http(s) URL"),
        (["-a", "url=ftp://example.gov.vn/"], "not an http(s) URL"),
        (["-a", "site=atlantis"], "unknown site 'atlantis'"),
        ([], "give a start URL"),
    ],
)
def test_scrapy_crawl_rejects_bad_arguments_in_one_line(arguments: list[str], message: str) -> None:
    result = scrapy_crawl(*arguments, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"error: {message}" in result.stderr


@pytest.mark.e2e
def test_scrapy_crawl_refuses_a_corrupt_archive(tmp_path: Path, demo_server: str) -> None:
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"garbage" * 500)
    result = scrapy_crawl("-a", f"url={demo_server}", "-s", f"GOVCRAWL_ARCHIVE={corrupt}")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "not a valid SQLite archive" in result.stderr
    assert corrupt.read_bytes() == b"garbage" * 500, "the file is left as it was"


@pytest.mark.e2e
def test_demo_crawls_and_searches(tmp_path: Path) -> None:
    archive = tmp_path / "demo.db"
    result = govcrawl("demo", "--archive", str(archive), timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Crawl finished (finished): 22 new" in result.stdout
    assert "govcrawl search 'khoa hoc cong nghe'" in result.stdout
    assert "[công nghệ]" in result.stdout.lower()


@pytest.mark.e2e
@pytest.mark.parametrize("entry_point", ["console script", "python -m govcrawl"])
def test_the_installed_entry_points_start_the_cli(entry_point: str) -> None:
    """The `govcrawl` script pip installs beside the interpreter, and `python -m govcrawl`."""
    command = [sys.executable, "-m", "govcrawl"]
    if entry_point == "console script":
        command = [str(Path(sys.executable).with_name("govcrawl"))]
    result = run([*command, "--version"])
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.endswith(f", version {importlib.metadata.version('govcrawl')}\n")
