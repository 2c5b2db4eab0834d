"""Vietnamese-aware ranking, the shared filters (every one), the Python API and stats."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from research_archive import DUPLICATE, build_research_archive

from govcrawl.research.api import Archive, open_archive
from govcrawl.research.archive_stats import collect, month_range
from govcrawl.research.export import select_sql
from govcrawl.research.filters import FilterError, Filters, date_after, parse_partial_date
from govcrawl.research.search import search
from govcrawl.store.connection import ArchiveError, connect

ALL = {1, 2, 3, 4, 5}  # "hội nghị" is in every article but the Cà Mau bulletins


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_research_archive(tmp_path_factory.mktemp("research") / "govcrawl.db")


@pytest.fixture
def db(archive_path: Path):  # type: ignore[no-untyped-def]
    db = connect(archive_path, readonly=True)
    yield db
    db.conn.close()


def ids(db, query: str = "hội nghị", **filters: object) -> set[int]:  # type: ignore[no-untyped-def]
    return {hit.id for hit in search(db, query, filters=Filters.of(**filters))}


def test_accented_query_ranks_exact_words_first(db) -> None:  # type: ignore[no-untyped-def]
    folded = [hit.id for hit in search(db, "the")]
    accented = [hit.id for hit in search(db, "thể")]
    assert folded.index(3) > 0  # bm25 prefers titles with "Thế" (2) or "the" (4)
    assert accented[0] == 3  # the only "thể" ranks first
    assert set(folded) == set(accented)  # both find every folded form
    assert search(db, "thể")[0].exact_terms == 1 and search(db, "thể")[1].exact_terms == 0
    assert search(db, "thế mạnh")[0].id == 2


def test_decomposed_query_behaves_like_composed(db) -> None:  # type: ignore[no-untyped-def]
    for query in ("thể", "hội nghị", "Đà Nẵng", '"khoa học"'):
        nfd = unicodedata.normalize("NFD", query)
        assert nfd != query
        assert [h.id for h in search(db, nfd)] == [h.id for h in search(db, query)]
        assert [h.id for h in search(db, nfd, exact=True)] == [
            h.id for h in search(db, query, exact=True)
        ]


def test_near_duplicates_hidden_by_default(db) -> None:  # type: ignore[no-untyped-def]
    assert ids(db) == ALL
    assert ids(db, include_duplicates=True) == ALL | {DUPLICATE}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"site": "da_nang_ubnd"}, {3, 4}),
        ({"site": ["da_nang_ubnd", "lam_dong_ubnd"]}, {2, 3, 4}),
        ({"province": "lam dong"}, {1, 2}),
        ({"province": "Lâm Đồng"}, {1, 2}),
        ({"province": unicodedata.normalize("NFD", "Lâm Đồng")}, {1, 2}),
        ({"province": "dong"}, set()),  # a province is named whole
        ({"agency": "so khoa hoc"}, {1, 5}),
        ({"agency": "UBND"}, {2, 3, 4}),
        ({"agency": "so khcn"}, {1, 5}),  # abbreviations both ways
        ({"agency": "Sở KH&CN"}, {1, 5}),
        ({"agency": "so kh-cn"}, {1, 5}),
        ({"agency": "ủy ban nhân dân"}, {2, 3, 4}),
        ({"author": "thu trang"}, {3}),
        ({"author": "Trần Hằng"}, {1}),
        ({"author": "nobody"}, set()),
        ({"lang": "en"}, {4}),
        ({"since": "2020-02"}, {2, 3, 4}),
        ({"since": "2021-06"}, {3, 4}),  # "2021" overlaps June 2021
        ({"since": "2020-03-10", "until": "2020-03-20"}, {2}),  # dated "2020-03"
        ({"until": "2020-01"}, {1}),
        ({"until": "2020"}, {1, 2}),
        ({"until": "2021-06"}, {1, 2, 3}),
        ({"since": "2021-07-02", "until": "2021-07-02"}, {3, 4}),
        ({"province": "da nang", "lang": "vi", "since": "2021"}, {3}),
    ],
)
def test_each_filter(db, filters: dict[str, object], expected: set[int]) -> None:  # type: ignore[no-untyped-def]
    assert ids(db, **filters) == expected


def test_filters_apply_with_duplicates_too(db) -> None:  # type: ignore[no-untyped-def]
    assert ids(db, province="ha noi", include_duplicates=True) == {5, DUPLICATE}


@pytest.mark.parametrize(
    ("value", "after"),
    [
        ("2020", "2021"),
        ("2020-12", "2021-01"),
        ("2020-02", "2020-03"),
        ("2020-02-29", "2020-03-01"),
    ],
)
def test_date_after(value: str, after: str) -> None:
    assert date_after(value) == after


@pytest.mark.parametrize("value", ["2020/01", "20", "2020-13", "2021-02-29", "yesterday", ""])
def test_bad_dates(value: str) -> None:
    with pytest.raises(FilterError, match="invalid date"):
        parse_partial_date(value)
    with pytest.raises(FilterError):
        Filters.of(since=value)


def test_api_search_iterate_and_article(archive_path: Path) -> None:
    with open_archive(archive_path) as archive:
        hits = archive.search("hội nghị", province="lam dong", limit=5)
        assert [h.id for h in hits] == [1, 2] or {h.id for h in hits} == {1, 2}
        rows = list(archive.articles(since="2022", columns=("id", "published", "text")))
        assert [r["id"] for r in rows] == list(range(7, 17))
        assert set(rows[0]) == {"id", "published", "text"}
        assert archive.article(DUPLICATE)["duplicate_of"] == 1  # type: ignore[index]
        assert archive.article(999) is None
        assert len(list(archive.articles())) == 15
        assert len(list(archive.articles(include_duplicates=True))) == 16


def test_api_dataframes(archive_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    with Archive(archive_path) as archive:
        frame = archive.dataframe(province="Đà Nẵng")
        assert isinstance(frame, pd.DataFrame)
        assert list(frame["id"]) == [3, 4] and "text" in frame.columns
        hits = archive.dataframe("thể", limit=3)
        assert hits["id"].iloc[0] == 3 and "snippet" in hits.columns
        assert archive.dataframe(province="lam dong", since="2030").empty


def test_api_refuses_a_missing_archive(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no archive"):
        open_archive(tmp_path / "none.db")


def test_stats(db) -> None:  # type: ignore[no-untyped-def]
    stats = collect(db)
    assert stats.articles == 15 and stats.near_duplicates == 1 and stats.undated == 1
    assert dict(stats.per_province) == {"Cà Mau": 10, "Lâm Đồng": 2, "Đà Nẵng": 2, "Hà Nội": 1}
    assert dict(stats.per_month) == {"2020-01": 1, "2020-03": 1, "2021-07": 1, "2022-01": 5,
                                     "2022-03": 5}  # fmt: skip
    assert dict(stats.per_lang) == {"vi": 14, "en": 1}
    [gap] = stats.gaps
    assert (gap.site, gap.first, gap.last, gap.months) == ("ca_mau_syt", "2022-02", "2022-02", 1)
    health = {c.site: c for c in stats.crawls}
    assert health["lam_dong_skhcn"].healthy
    assert health["da_nang_ubnd"].runs == 2 and health["da_nang_ubnd"].unfinished == 1
    assert health["da_nang_ubnd"].last_reason == "shutdown" and not health["da_nang_ubnd"].healthy
    assert collect(db, Filters.of(province="lam dong")).articles == 2


def test_month_range() -> None:
    assert month_range("2021-11", "2022-02") == ["2021-11", "2021-12", "2022-01", "2022-02"]


@pytest.mark.parametrize(
    "filters",
    [{}, {"province": "lam dong", "since": "2020"}, {"agency": "ubnd", "lang": "vi"},
     {"site": "da_nang_ubnd", "include_duplicates": True}],
)  # fmt: skip
def test_export_scans_in_id_order_without_sorting(db, filters: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """Constant memory: the export's plan is a table scan in id order, never a temporary sort."""
    sql, params = select_sql(db, Filters.of(**filters), ["id", "text"])
    plan = db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    details = " ".join(row[-1] for row in plan)
    assert "SCAN articles" in details and "TEMP B-TREE" not in details
