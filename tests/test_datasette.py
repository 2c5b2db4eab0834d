"""Datasette with archive/metadata.yml and govcrawl's plugin (installed with the package),
served on 127.0.0.1 and read through its JSON API."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, guarded_env
from research_archive import DUPLICATE, GAP_MONTHS, build_research_archive

from govcrawl.research.filters import Filters
from govcrawl.research.search import SearchError, search
from govcrawl.store.connection import connect

pytestmark = pytest.mark.e2e

pytest.importorskip("datasette")
METADATA = ROOT / "archive" / "metadata.yml"
# Loopback only, and no proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_research_archive(tmp_path_factory.mktemp("datasette") / "govcrawl.db")


@pytest.fixture(scope="module")
def datasette(archive: Path) -> Iterator[str]:
    """Datasette serving the research archive as database "govcrawl"; its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(archive), "--metadata", str(METADATA),
         "-h", "127.0.0.1", "-p", str(port)],
        env=guarded_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(server, base)
        yield base
    finally:
        server.terminate()  # our own child, by its PID
        server.wait(timeout=20)
        assert server.stderr is not None
        server.stderr.close()


def wait_until_up(server: subprocess.Popen[str], base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(
                f"datasette exited: {server.stderr.read() if server.stderr else ''}"
            )
        try:
            with OPENER.open(f"{base}/-/versions.json", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("datasette did not start")


def get(base: str, path: str, **params: str) -> dict:  # type: ignore[type-arg]
    query = urllib.parse.urlencode(params)
    with OPENER.open(f"{base}{path}{'?' + query if query else ''}", timeout=20) as response:
        return json.load(response)  # type: ignore[no-any-return]


def searched(archive: Path, query: str, include_duplicates: bool = False) -> set[int]:
    """The ids ``govcrawl search`` finds for ``query`` (none for a query without words)."""
    filters = Filters(include_duplicates=include_duplicates)
    try:
        return {hit.id for hit in search(connect(archive), query, limit=100, filters=filters)}
    except SearchError:
        return set()


def facet(data: dict, name: str) -> dict[str, int]:  # type: ignore[type-arg]
    return {r["value"]: r["count"] for r in data["facet_results"][name]["results"]}


def test_tables_are_titled_and_internal_ones_hidden(datasette: str) -> None:
    tables = {t["name"]: t for t in get(datasette, "/govcrawl.json")["tables"]}
    assert not tables["articles"]["hidden"] and tables["lsh_buckets"]["hidden"]
    with OPENER.open(f"{datasette}/govcrawl/articles", timeout=20) as response:
        assert "<h1" in (page := response.read().decode()) and "Articles" in page


def test_articles_facets(datasette: str) -> None:
    data = get(datasette, "/govcrawl/articles.json")
    assert facet(data, "province") == {"Cà Mau": 10, "Hà Nội": 2, "Lâm Đồng": 2, "Đà Nẵng": 2}
    assert facet(data, "lang") == {"vi": 15, "en": 1}
    assert facet(data, "site")["ca_mau_syt"] == 10
    assert facet(data, "agency")["Sở Khoa học và Công nghệ"] == 3


def test_catalogue_facets_by_year(datasette: str) -> None:
    data = get(datasette, "/govcrawl/articles_catalogue.json")
    assert facet(data, "year") == {"2020": 3, "2021": 2, "2022": 10}
    assert set(data["facet_results"]) >= {"province", "agency", "site", "lang", "year"}


def test_full_text_search_on_articles(datasette: str) -> None:
    data = get(datasette, "/govcrawl/articles.json", _search="da nang", _shape="objects")
    assert {row["id"] for row in data["rows"]} == {3, 4}
    catalogue = get(datasette, "/govcrawl/articles_catalogue.json", _search="khoa hoc",
                    _shape="objects")  # fmt: skip
    assert {row["id"] for row in catalogue["rows"]} == {1, DUPLICATE}


def test_canned_accent_insensitive_search(datasette: str) -> None:
    path = "/govcrawl/search_accent_insensitive.json"
    rows = get(datasette, path, q="Đà Nẵng", _shape="array")
    assert {row["id"] for row in rows} == {3, 4}  # đ folded by the query itself
    assert {r["id"] for r in get(datasette, path, q="hoi nghi", _shape="array")} == {1, 2, 3, 4, 5}


@pytest.mark.parametrize("typed", ["KH&CN", '"đà lạt', "", "đà lạt"])
def test_what_a_person_types_is_searched_as_govcrawl_searches(
    datasette: str, archive: Path, typed: str
) -> None:
    """The canned query and the table's search box answer 200 to any text (the plugin's
    govcrawl_match, and escape_fts replaced), find what `govcrawl search` finds, and the canned
    query ranks best first. An empty box: no hits from the canned query, the whole table."""
    rows = get(datasette, "/govcrawl/search_accent_insensitive.json", q=typed, _shape="array")
    assert {row["id"] for row in rows} == searched(archive, typed)
    assert [row["rank"] for row in rows] == sorted(row["rank"] for row in rows)
    table = get(datasette, "/govcrawl/articles.json", _search=typed, _shape="objects")
    every = set(range(1, 17))  # an empty box searches nothing: the whole table
    expected = searched(archive, typed, True) if typed else every
    assert {row["id"] for row in table["rows"]} == expected
    if "lạt" in typed:  # "Thế mạnh du lịch Đà Lạt"
        assert rows[0]["id"] == 2 and any(row["id"] == 2 for row in table["rows"])


def test_canned_articles_per_month_per_province(datasette: str) -> None:
    rows = get(datasette, "/govcrawl/articles_per_month_per_province.json", _shape="array")
    counts = {(r["province"], r["month"]): r["articles"] for r in rows}
    for month, count in GAP_MONTHS.items():
        assert counts[("Cà Mau", month)] == count
    assert counts[("Lâm Đồng", "2020-03")] == 1 and ("Hà Nội", "2020-01") not in counts


def test_canned_syndication_clusters(datasette: str) -> None:
    [cluster] = get(datasette, "/govcrawl/syndication_clusters.json", _shape="array")
    assert cluster["cluster_id"] == 1 and cluster["members"] == 2 and cluster["portals"] == 2
