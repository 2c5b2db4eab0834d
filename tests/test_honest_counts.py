"""Counts a researcher can trust (issue 19): hidden near-duplicates said, totals that are totals,
filter values that cannot match anything refused with a suggestion, a report that states what it
covers; and the limits: long queries refused without being echoed, CSV safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import cli
from research_archive import DUPLICATE, build_research_archive
from test_cli import one_line_error

from govcrawl.api import UnmatchableFilter as ApiUnmatchable
from govcrawl.api import open_archive
from govcrawl.research.export import spreadsheet_safe, write_csv
from govcrawl.research.filters import FilterError, Filters, UnmatchableFilter

HIDDEN = "1 near-duplicate hidden (--include-duplicates)"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_research_archive(tmp_path_factory.mktemp("counts") / "govcrawl.db"))


def test_search_on_a_portal_of_republications_says_what_it_hid(archive: str) -> None:
    # ha_noi_skhcn's "tổng kết" article is a republication of lam_dong_skhcn's (DUPLICATE)
    hidden = cli("search", "tổng kết", "--archive", archive, "--site", "ha_noi_skhcn")
    assert hidden.returncode == 0 and hidden.stdout == ""
    assert hidden.stderr.splitlines() == ["0 results for 'tổng kết'", HIDDEN]
    shown = cli("search", "tổng kết", "--archive", archive, "--site", "ha_noi_skhcn",
                "--include-duplicates", "--format", "jsonl")  # fmt: skip
    assert [json.loads(line)["id"] for line in shown.stdout.splitlines()] == [DUPLICATE]
    assert "hidden" not in shown.stderr
    assert "hidden" not in cli("search", "đổi mới", "--archive", archive).stderr  # none matches


@pytest.mark.parametrize(
    ("query", "hidden"),
    [
        ("tổng kết", True),
        ("tông kết", False),
        ("tong ket", False),
        ("tổng kết NOT Lâm Đồng", False),
    ],
)
def test_search_exact_counts_only_the_hidden_copies_it_would_have_found(
    archive: str, query: str, hidden: bool
) -> None:
    # the hidden copy (DUPLICATE) says "tổng kết": "tông kết" finds it folded, never exactly
    result = cli("search", query, "--archive", archive, "--site", "ha_noi_skhcn", "--exact")
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr.splitlines()[1:] == ([HIDDEN] if hidden else [])
    folded = cli("search", query, "--archive", archive, "--site", "ha_noi_skhcn")
    assert folded.stderr.splitlines()[1:] == ([] if "NOT" in query else [HIDDEN])
    with open_archive(archive) as api:
        assert api.hidden_duplicates(query, exact=True, site="ha_noi_skhcn") == int(hidden)
        assert api.hidden_duplicates(query, exact=True, site="ha_noi_skhcn",
                                     include_duplicates=True) == 0  # fmt: skip
        assert api.hidden_duplicates() == 1


def test_export_and_stats_say_what_they_hid(archive: str) -> None:
    export = cli("export", "--archive", archive, "--site", "ha_noi_skhcn", "--no-text")
    assert export.stderr.splitlines()[-1] == HIDDEN
    # only the republication is in that day: the portal is listed with 0 articles, not left out
    stats = cli("stats", "--archive", archive, "--site", "ha_noi_skhcn", "--since", "2020-01-16",
                "--until", "2020-01-16", "--format", "json")  # fmt: skip
    data = json.loads(stats.stdout)
    assert data["per_site"] == {"ha_noi_skhcn": 0} and data["hidden_per_site"] == {
        "ha_noi_skhcn": 1
    }
    assert data["articles"] == 0 and data["hidden_duplicates"] == 1
    assert stats.stderr.strip() == HIDDEN
    table = cli("stats", "--archive", archive, "--site", "ha_noi_skhcn").stdout
    assert "ha_noi_skhcn                                    1  (+1 near-duplicate hidden)" in table


def test_totals_are_totals(archive: str) -> None:
    assert cli("dupes", "--archive", archive).stderr.strip() == "1 cluster, 1 republication"
    stats = cli("stats", "--archive", archive, "--top", "2").stdout
    months = stats.split("\nmonth")[1].split("\n\n")[0].splitlines()
    # five months in all (2020-01, 2020-03, 2021-07, 2022-01, 2022-03): the latest two shown
    assert [line.split()[0] for line in months[1:]] == ["2022-01", "2022-03", "…"]
    assert months[-1] == "… 3 earlier months (--top, --format json)"
    assert "… 3 more (--top, --format json)" in stats  # 5 sites, 2 shown


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--site", "ha_noi_skhc"], "unknown site 'ha_noi_skhc': did you mean 'ha_noi_skhcn'"),
        (["--province", "Lam Dung"], "no province 'Lam Dung' in the registry or the archive: "
                                     "did you mean 'Lâm Đồng'"),
        (["--province", "Atlantis"], "no province 'Atlantis' in the registry or the archive"),
        (["--since", "2025", "--until", "2020"], "--since 2025 is after --until 2020: no date is "
                                                 "in that range; did you mean --since 2020 --until 2025?"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", [["search", "hội nghị"], ["export"], ["stats"], ["report"]])
def test_filters_that_cannot_match_are_one_line_with_a_suggestion(
    archive: str, command: list[str], arguments: list[str], message: str, tmp_path: Path
) -> None:
    output = ["-o", str(tmp_path / "r.html")] if command == ["report"] else []
    line = one_line_error(cli(*command, "--archive", archive, *arguments, *output), code=2)
    assert line.startswith(f"Error: {message}")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"site": "ha_noi_skhc"}, "unknown site 'ha_noi_skhc': did you mean 'ha_noi_skhcn'"),
        ({"site": ["lam_dong", "atlantis"]}, "unknown site 'atlantis'"),
        ({"province": "Lam Dung"}, "no province 'Lam Dung' in the registry or the archive: "
                                   "did you mean 'Lâm Đồng'"),
        ({"province": "Atlantis"}, "no province 'Atlantis' in the registry or the archive"),
    ],
)  # fmt: skip
def test_the_api_refuses_what_the_command_line_refuses(
    archive: str, filters: dict[str, object], message: str
) -> None:
    line = one_line_error(cli("stats", "--archive", archive,
                              *_as_options(filters)), code=2)  # fmt: skip
    assert line.startswith(f"Error: {message}")
    with open_archive(archive) as api:
        for call in (
            lambda: api.search("hội nghị", **filters),
            lambda: api.articles(**filters),
            lambda: api.stats(**filters),
            lambda: api.report(**filters),
            lambda: api.hidden_duplicates("hội nghị", **filters),
        ):
            with pytest.raises(ApiUnmatchable) as raised:
                call()
            assert str(raised.value).startswith(message)
        # registry keys and provinces without articles yet are no error
        assert list(api.articles(site="lam_dong", province="Huế")) == []
        assert api.search("hội nghị", site="lam_dong") == []


def _as_options(filters: dict[str, object]) -> list[str]:
    options = []
    for name, value in filters.items():
        for one in [value] if isinstance(value, str) else value:  # type: ignore[attr-defined]
            options += [f"--{name}", str(one)]
    return options


def test_registry_keys_and_provinces_without_articles_are_not_errors(archive: str) -> None:
    for arguments in (["--site", "lam_dong"], ["--province", "Huế"]):  # in the registry only
        result = cli("search", "hội nghị", "--archive", archive, *arguments)
        assert result.returncode == 0 and result.stderr.startswith("0 results"), result.stderr


@pytest.mark.parametrize("province", ["tỉnh Lâm Đồng", "lam  dong", "TP. Lâm Đồng", " Lâm Đồng "])
def test_province_titles_and_spacing_do_not_count(archive: str, province: str) -> None:
    result = cli("search", "hội nghị", "--archive", archive, "--province", province,
                 "--format", "jsonl")  # fmt: skip
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1, 2]


def test_filters_refuse_an_empty_range_and_describe_themselves() -> None:
    with pytest.raises(UnmatchableFilter):
        Filters.of(since="2021", until="2020-12")
    assert Filters.of(since="2020-12", until="2020-12").until == "2020-12"  # one month
    assert Filters.of(since="2020-05", until="2020").since == "2020-05"  # within the year
    assert issubclass(UnmatchableFilter, FilterError)
    described = Filters.of(province="tỉnh  Lâm Đồng", since="2020", include_duplicates=True)
    assert described.describe() == "--province 'Lâm Đồng' --since 2020 --include-duplicates"
    assert Filters().describe() == ""


def test_report_states_its_archive_and_filters(archive: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = cli("report", "--archive", archive, "-o", str(out), "--site", "ha_noi_skhcn")
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    scope = page.split('<p id="scope">')[1].split("</p>")[0]
    assert scope == (
        f"Archive: <code>{archive}</code>. Filters: <code>--site ha_noi_skhcn</code>. "
        "1 near-duplicate hidden (--include-duplicates)."
    )
    assert page.index('id="scope"') < page.index('class="cards"')  # at the top


@pytest.mark.parametrize("query", ["x" * 513, "từ " * 33, "a" * 100_000])
def test_a_long_query_is_one_line_that_does_not_echo_it(archive: str, query: str) -> None:
    line = one_line_error(cli("search", query, "--archive", archive))
    assert line.startswith("Error: query too long (") and len(line) < 200
    assert "at most 512 characters and 32 words" in line


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised() -> None:
    row = {"title": '=HYPERLINK("http://evil.example","x")', "author": "+84 123", "id": 7,
           "a": "-1", "b": "@SUM(A1)", "c": "\tx", "d": "\rx", "e": "a=b", "f": None}  # fmt: skip
    out = io.StringIO()
    assert write_csv(iter([row]), out, list(row), excel=True) == 1
    text = out.getvalue()
    assert text.startswith("\ufefftitle,")
    [read] = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert read["title"] == "'" + row["title"] and read["author"] == "'+84 123"
    assert [read[k] for k in "abcdef"] == ["'-1", "'@SUM(A1)", "'\tx", "'\rx", "a=b", ""]
    assert read["id"] == "7" and spreadsheet_safe(-1) == -1  # numbers are numbers


def test_export_excel_writes_a_byte_order_mark(archive: str, tmp_path: Path) -> None:
    out = tmp_path / "excel.csv"
    result = cli("export", "--archive", archive, "--format", "csv", "--excel", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,url,")
    plain = cli("export", "--archive", archive, "--format", "csv", "--no-text").stdout
    assert plain.startswith("id,url,")
    line = one_line_error(cli("export", "--archive", archive, "--excel"), code=2)
    assert line == "Error: --excel is for --format csv, not jsonl"
