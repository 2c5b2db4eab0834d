"""Issue 9, bad input: property-based tests (hypothesis) over search queries, URLs and site keys,
dates and CLI options. Never a traceback: a result, or one line naming the mistake.

Pure functions and the click CLI run in-process; a handful of examples run `scrapy crawl` as a
subprocess, as a user would (marked e2e).
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import cli, make_record, scrapy_crawl
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from govcrawl.cli import main
from govcrawl.registry.sites import UnknownSiteError
from govcrawl.registry.targets import SpiderArgumentError, targets_from_arguments
from govcrawl.research.search import SearchError, search
from govcrawl.store.connection import connect
from govcrawl.store.writer import ArchiveWriter
from govcrawl.text.dates import EARLIEST_YEAR, date_from_url, find_dates, lead_clue, parse_date
from govcrawl.urls import Scope, canonical_url, is_http_url, unique_canonical_urls

NOW = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)
FAST = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIXTURE = [HealthCheck.function_scoped_fixture]
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?)?)?$")

# Text that looks like what users and pages type, plus anything at all.
FTS_SYNTAX = st.sampled_from(
    ["AND", "OR", "NOT", "NEAR", "NEAR(", "(", ")", '"', "*", "^", ":", "-", "+", "{", "}",
     "title:", "text:", ",", "khoa", "học", "Đà", "Nẵng", "KH&CN", "đ", "\x00", "'", ";", "--",
     "\u0301", "🙂", "*khoa", "OR OR", "NEAR/3"]
)  # fmt: skip
QUERIES = st.one_of(st.text(max_size=60), st.lists(FTS_SYNTAX, max_size=8).map(" ".join))
URL_PARTS = st.sampled_from(
    ["http://", "https://", "HTTP://", "ftp://", "javascript:", "mailto:", "file:///", "//",
     "http:", "http:///", "127.0.0.1", "[::1", "[::1]", ":99999", ":0", ":-1", ":80", "/",
     "lamdong.gov.vn", "a b", "\t", "\n", "%", "%zz", "?", "#", "&", "=", "..", "@", "\\",
     "\x00", "đ", "xn--", "sites/skhcn/", ";jsessionid=1", "?utm_source=x"]
)  # fmt: skip
URLS = st.one_of(st.text(max_size=40), st.lists(URL_PARTS, max_size=8).map("".join))
DATE_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789/-.: hgTZ+,|", max_size=40),
    st.lists(
        st.sampled_from(["ngày", "tháng", "năm", "Thứ Ba,", "lúc", "SA", "CH", "PM", "15", "1",
                         "2020", "99", "31", "02", "/", "-", ".", ":", "14:30", "2087", "0"]),
        max_size=12,
    ).map(" ".join),
)  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bad_input") / "govcrawl.db"
    writer = ArchiveWriter(connect(path))
    writer.write_batch([make_record(), make_record(url="https://a.vn/2", title="KH&CN Đà Nẵng",
                                                   text="Hội thảo KH&CN tại Đà Nẵng. " * 20,
                                                   content_hash="2")])  # fmt: skip
    writer.db.close()
    return path


@FAST
@given(query=QUERIES, exact=st.booleans())
@example(query='"unbalanced', exact=False)
@example(query="NEAR(khoa học", exact=True)
def test_search_answers_or_names_the_problem(archive: Path, query: str, exact: bool) -> None:
    db = connect(archive, readonly=True)
    try:
        hits = search(db, query, limit=5, exact=exact)
    except SearchError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert len(hits) <= 5
    finally:
        db.close()


OPTIONS = st.lists(
    st.sampled_from(["--limit", "0", "-1", "5", "x", "99999999999999999999", "--format", "csv",
                     "jsonl", "table", "--exact", "--archive", "", "--bogus", "-h"]),
    max_size=5,
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURE)
@given(query=QUERIES, options=OPTIONS)
def test_cli_search_never_raises(archive: Path, query: str, options: list[str]) -> None:
    result = CliRunner().invoke(main, ["search", query, "--archive", str(archive), *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 1:  # ClickException: one line
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@FAST
@given(url=URLS)
@example(url="http://127.0.0.1:99999/")
@example(url="http://[::1")
@example(url="HTTP://[::]0")
@example(url="HTTP://[::]@0")  # brackets in the user part: w3lib refuses them
@example(url="http://user@[::1]/tin-tuc")
@example(url="HTTP://;SESSIONID=@0")  # a user named like a session id: the host stays
def test_urls_are_judged_without_errors(url: str) -> None:
    if not is_http_url(url):
        return
    canonical = canonical_url(url)
    assert is_http_url(canonical)
    assert canonical_url(canonical) == canonical
    assert list(unique_canonical_urls([url, url])) == [canonical]
    assert isinstance(Scope.from_start_url(canonical).contains(url), bool)


@settings(FAST, max_examples=120)  # each call reads the site registry
@given(url=st.one_of(st.none(), URLS), site=st.one_of(st.none(), URLS),
       prefix=st.one_of(st.none(), st.text(max_size=10)))  # fmt: skip
@example(url="http://127.0.0.1:99999/", site=None, prefix=None)
@example(url=" ", site=",,", prefix=None)
def test_spider_arguments_give_targets_or_one_line(
    url: str | None, site: str | None, prefix: str | None
) -> None:
    try:
        targets = targets_from_arguments(url=url, site=site, prefix=prefix)
    except (SpiderArgumentError, UnknownSiteError) as error:
        assert str(error) and "\n" not in str(error)
        return
    for target in targets:
        assert target.start_urls and all(is_http_url(u) for u in target.start_urls)
        assert target.scope.host


def check_found(iso: str) -> None:
    assert ISO.match(iso), iso
    assert EARLIEST_YEAR <= int(iso[:4]) <= NOW.year
    if "T" in iso:
        assert datetime.fromisoformat(iso) <= NOW.replace(hour=4)  # a 1-hour allowance
    elif len(iso) == 10:
        datetime.strptime(iso, "%Y-%m-%d")


@FAST
@given(text=DATE_TEXT)
@example(text="ngày 31 tháng 2 năm 2020")
@example(text="15/01/2020 lúc 25:61")
def test_dates_are_valid_or_absent(text: str) -> None:
    found = parse_date(text, now=NOW)
    if found is not None:
        check_found(found.iso)
        assert found.raw in text
    for each in find_dates(text, now=NOW):
        check_found(each.iso)
    clue = lead_clue(text)
    assert clue is None or (1 <= clue[0] <= 31 and 1 <= clue[1] <= 12)


@FAST
@given(url=URLS, tail=st.text(alphabet="0123456789/-", max_size=14))
def test_dates_in_urls_are_valid_or_absent(url: str, tail: str) -> None:
    found = date_from_url(url + tail, now=NOW)
    if found is not None:
        check_found(found.iso)


# The arguments reach Scrapy's parser (a handful of real processes) and govcrawl's (in-process).
NOT_A_URL = st.text(min_size=1, max_size=30).filter(
    lambda s: "\x00" not in s and not any(is_http_url(t) for t in s.split())
)
ODD_KEY = st.text(alphabet="abcxyz_-.,/ĐđÀ 0123456789'\"", min_size=1, max_size=20).filter(
    lambda s: any(c.isalnum() for c in s)
)


# Processes are slow to shrink over: examples are generated, never shrunk. The govcrawl examples
# below ran as processes too and keep their budget in-process.
PROCESSES = settings(
    max_examples=1, deadline=None, suppress_health_check=FIXTURE,
    phases=[Phase.explicit, Phase.generate],
)  # fmt: skip


def one_line_error(result, code: int = 1) -> str:  # type: ignore[no-untyped-def]
    """govcrawl: one line on stderr, exit ``code`` (2: a configuration error)."""
    assert result.returncode == code, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def scrapy_usage_error(result) -> str:  # type: ignore[no-untyped-def]
    """`scrapy crawl`: Scrapy's startup log, then one ``error:`` line, exit 2."""
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, result.stderr[-2000:]
    return errors[0]


@pytest.mark.e2e
@PROCESSES
@given(url=NOT_A_URL)
@example(url="0")
def test_scrapy_crawl_refuses_a_bad_url_in_one_line(url: str, tmp_path: Path) -> None:
    scrapy_usage_error(
        scrapy_crawl("-a", f"url={url}", "-s", f"GOVCRAWL_ARCHIVE={tmp_path}/a.db", timeout=60)
    )


@pytest.mark.e2e
@PROCESSES
@given(key=ODD_KEY)
def test_scrapy_crawl_refuses_an_unknown_site_in_one_line(key: str, tmp_path: Path) -> None:
    line = scrapy_usage_error(
        scrapy_crawl("-a", f"site={key}", "-s", f"GOVCRAWL_ARCHIVE={tmp_path}/a.db", timeout=60)
    )
    assert "unknown site" in line or "registry key" in line


@PROCESSES
@given(query=QUERIES.filter(lambda q: "\x00" not in q))  # a process's argv cannot hold NUL
def test_govcrawl_search_answers_or_fails_in_one_line(archive: Path, query: str) -> None:
    result = cli("search", query, "--archive", str(archive))
    assert "Traceback" not in result.stderr
    if result.returncode != 0:
        one_line_error(result)


@PROCESSES
@given(key=ODD_KEY)
def test_govcrawl_crawl_refuses_an_unknown_site_in_one_line(key: str) -> None:
    assert "unknown site" in one_line_error(cli("crawl", "--site", key), code=2)


def test_the_archive_is_untouched_by_bad_queries(archive: Path) -> None:
    with sqlite3.connect(archive) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
