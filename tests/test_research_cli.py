"""govcrawl search (filters, formats), export, stats and report, in-process (click's CliRunner)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import cli
from research_archive import DUPLICATE, HOSTILE, build_research_archive
from test_cli import one_line_error

from govcrawl.research.export import EXPORT_COLUMNS


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_research_archive(tmp_path_factory.mktemp("cli") / "govcrawl.db"))


def jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_search_filters_and_jsonl(archive: str) -> None:
    result = cli("search", "hội nghị", "--archive", archive, "--province", "lam dong",
                      "--since", "2020-02", "--format", "jsonl")  # fmt: skip
    assert result.returncode == 0, result.stderr
    [hit] = jsonl(result.stdout)
    assert hit["id"] == 2 and hit["province"] == "Lâm Đồng" and hit["published"] == "2020-03"


def test_search_csv(archive: str) -> None:
    result = cli("search", "hội nghị", "--archive", archive, "--format", "csv",
                      "--include-duplicates", "--site", "ha_noi_skhcn")  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {int(r["id"]) for r in rows} == {5, DUPLICATE}
    assert rows[0].keys() >= {"id", "url", "title", "published", "province", "snippet", "rank"}
    assert HOSTILE in {r["title"] for r in rows}  # CSV keeps the data as it is


def test_search_table_escapes_control_characters(archive: str) -> None:
    result = cli("search", "đổi mới", "--archive", archive, "--agency", "so khoa hoc")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\\x1b[31m" in result.stdout
    assert "Hà Nội · Sở Khoa học và Công nghệ" in result.stdout
    assert result.stderr.strip() == "1 result for 'đổi mới'"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--since", "2020-13"], "invalid date '2020-13'"),
        (["--until", "last year"], "invalid date 'last year'"),
    ],
)
def test_search_bad_filters_are_one_line(archive: str, arguments: list[str], message: str) -> None:
    line = one_line_error(cli("search", "hội nghị", "--archive", archive, *arguments))
    assert message in line


def test_search_broken_query_is_one_line(archive: str) -> None:
    result = cli("search", "hội AND", "--archive", archive)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr


def test_export_jsonl_has_every_column_in_order(archive: str) -> None:
    result = cli("export", "--archive", archive)
    assert result.returncode == 0, result.stderr
    rows = jsonl(result.stdout)
    assert [r["id"] for r in rows] == [1, 2, 3, 4, 5, *range(7, 17)]
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert rows[0]["province"] == "Lâm Đồng"  # UTF-8, not \\u escapes
    assert "Lâm Đồng" in result.stdout
    assert result.stderr.strip().startswith("15 articles exported")


def test_export_csv_to_a_file_with_filters(archive: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = cli("export", "--archive", archive, "--format", "csv", "--output", str(out),
                      "--province", "ha noi", "--include-duplicates", "--no-text")  # fmt: skip
    assert result.returncode == 0, result.stderr and result.stdout == ""
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["id"]) for r in rows] == [5, DUPLICATE]
    assert list(rows[0]) == [c for c in EXPORT_COLUMNS if c != "text"]
    assert rows[0]["title"] == HOSTILE and rows[1]["duplicate_of"] == "1"


def test_export_parquet(archive: str, tmp_path: Path) -> None:
    parquet = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    result = cli("export", "--archive", archive, "--format", "parquet", "-o", str(out),
                      "--since", "2022")  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = parquet.read_table(out)
    assert table.column_names == list(EXPORT_COLUMNS)
    assert table.column("id").to_pylist() == list(range(7, 17))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--format", "xml"], "unknown format 'xml': choose jsonl, csv, parquet"),
        (["--format", "parquet"], "--format parquet needs --output FILE"),
        (["--since", "2020-1"], "invalid date '2020-1'"),
    ],
)
def test_export_mistakes_are_one_line(archive: str, arguments: list[str], message: str) -> None:
    assert message in one_line_error(cli("export", "--archive", archive, *arguments))


@pytest.mark.parametrize("command", ["export", "stats", "report"])
def test_missing_archive_is_one_line(command: str, tmp_path: Path) -> None:
    line = one_line_error(cli(command, "--archive", str(tmp_path / "none.db")))
    assert "no archive at" in line


def test_stats_json_and_table(archive: str) -> None:
    result = cli("stats", "--archive", archive, "--format", "json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["articles"] == 15 and stats["per_province"]["Cà Mau"] == 10
    assert stats["gaps"][0]["first"] == "2022-02"
    assert {c["site"]: c["healthy"] for c in stats["crawls"]} == {
        "lam_dong_skhcn": True, "da_nang_ubnd": False}  # fmt: skip
    table = cli("stats", "--archive", archive, "--province", "lam dong")
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith("2 articles, 0 near-duplicates, 0 undated")
    assert "lam_dong_skhcn" in table.stdout and "da_nang_ubnd" not in table.stdout
    assert "CHECK" in cli("stats", "--archive", archive).stdout


def test_report_command(archive: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = cli("report", "--archive", archive, "--output", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Cà Mau" in page
    assert "report written to" in result.stderr


def test_help_lists_the_new_commands() -> None:
    result = cli("--help")
    for command in ("search", "dupes", "sites", "crawl", "demo", "export", "stats", "report"):
        assert f"  {command} " in result.stdout
    search_help = cli("search", "--help").stdout
    for option in ("--province", "--since", "--include-duplicates", "csv", '"chuyển đổi số"'):
        assert option in search_help
