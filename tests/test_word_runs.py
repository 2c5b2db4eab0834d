"""Two things typed at once ("nhà ở xã hội Hòa Bình"): a run no article holds as a phrase is
searched as the parts articles hold, and the search says so; names and short runs stay whole."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlite_utils
from conftest import cli, make_record

from govcrawl.research.api import open_archive
from govcrawl.research.search import search
from govcrawl.research.word_runs import search_reading
from govcrawl.store.connection import connect
from govcrawl.store.writer import ArchiveWriter

ARTICLES = {
    "hoabinh": ("Hòa Bình khởi công dự án nhà ở xã hội",  # the parts, apart and in this order
                "Sáng 3-2, tỉnh Hòa Bình khởi công 500 căn. Dự án nhà ở xã hội dành cho công nhân."),
    "lamdong": ("Lâm Đồng: nhà ở xã hội cho công nhân", "Dự án nhà ở xã hội tại Đà Lạt."),
    "hoabinh2": ("Hòa Bình mùa lúa", "Nông dân Hòa Bình thu hoạch lúa."),
    "snnmt": ("Sở Nông nghiệp và Môi trường tổng kết",
              "Sở Nông nghiệp và Môi trường tiếp nhận nhiệm vụ quản lý tài nguyên và môi trường."),
    "tet": ("Kiểm tra an toàn thực phẩm", "Đoàn kiểm tra an toàn thực phẩm dịp Tết Nguyên đán."),
}  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("runs") / "govcrawl.db"
    writer = ArchiveWriter(connect(path))
    writer.write_batch([
        make_record(url=f"https://a.gov.vn/{key}", title=title, text=text, content_hash=key)
        for key, (title, text) in ARTICLES.items()
    ])  # fmt: skip
    writer.db.conn.close()
    return path


@pytest.fixture
def db(archive: Path) -> sqlite_utils.Database:
    return connect(archive, readonly=True)


def _urls(hits: list) -> set[str]:  # type: ignore[type-arg]
    return {hit.url.rsplit("/", 1)[1] for hit in hits}


def test_a_run_no_article_holds_is_searched_as_the_parts_they_hold(
    db: sqlite_utils.Database,
) -> None:
    assert search(db, "nhà ở xã hội Hòa Bình") == []  # the phrase itself: nowhere
    reading = search_reading(db, "nhà ở xã hội Hòa Bình")
    assert _urls(reading.hits) == {"hoabinh"}  # both parts, not one of them
    assert reading.query == "nhà ở xã hội AND Hòa Bình"
    assert reading.parts == [("nhà ở xã hội Hòa Bình", ("nhà ở xã hội", "Hòa Bình"))]
    assert reading.note() == (
        'no article holds "nhà ở xã hội Hòa Bình" as a phrase: searched "nhà ở xã hội" AND'
        ' "Hòa Bình"'
    )


def test_what_is_found_as_typed_short_runs_and_names_stay_whole(
    db: sqlite_utils.Database,
) -> None:
    held = search_reading(db, "nhà ở xã hội")
    assert _urls(held.hits) == {"hoabinh", "lamdong"} and held.note() is None
    short = search_reading(db, "xã Hòa")  # two common syllables: never split into noise
    assert short.hits == [] and short.parts == [] and short.note() is None
    name = search_reading(db, "Sở Tài nguyên và Môi trường")  # a name of the table, and "Sở"
    assert name.hits == [] and name.parts == []  # not "Sở" AND "tài nguyên và môi trường"
    assert name.unheld == ["Sở Tài nguyên và Môi trường"]
    quoted = search_reading(db, '"nhà ở xã hội Hòa Bình"')  # the user asked for the phrase
    assert quoted.hits == [] and quoted.parts == [] and quoted.unheld == []
    negated = search_reading(db, "Hòa Bình NOT nhà ở xã hội Lâm Đồng")
    assert _urls(negated.hits) == {"hoabinh", "hoabinh2"} and negated.parts == []
    assert search_reading(db, "nhà ở xã hội Hòa Bình", any_order=True).parts == []


def test_a_run_without_a_split_says_how_to_search_its_words_apart(
    db: sqlite_utils.Database,
) -> None:
    reading = search_reading(db, "an toàn thực phẩm Tết")  # "Tết" alone: too little to require
    assert reading.hits == [] and reading.parts == []
    assert reading.note() == (
        'no article holds "an toàn thực phẩm Tết" as a phrase: to search its words apart, quote'
        ' them ("a b" "c") or use --any-order'
    )
    assert _urls(search(db, '"an toàn thực phẩm" Tết')) == {"tet"}


def test_the_command_line_and_the_api_say_what_they_searched(
    archive: Path, caplog: pytest.LogCaptureFixture
) -> None:
    result = cli("search", "nhà ở xã hội Hòa Bình", "--archive", str(archive), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert '"https://a.gov.vn/hoabinh"' in result.stdout and result.stdout.count("\n") == 1
    assert 'searched "nhà ở xã hội" AND "Hòa Bình"' in result.stderr
    nothing = cli("search", "an toàn thực phẩm Tết", "--archive", str(archive))
    assert nothing.returncode == 0 and "quote them" in nothing.stderr
    with open_archive(archive) as api, caplog.at_level(logging.WARNING):
        assert _urls(api.search("nhà ở xã hội Hòa Bình")) == {"hoabinh"}
    assert 'searched "nhà ở xã hội" AND "Hòa Bình"' in caplog.text


def test_when_the_best_split_finds_nothing_together_the_next_is_tried(tmp_path: Path) -> None:
    writer = ArchiveWriter(connect(tmp_path / "govcrawl.db"))
    texts = {"x": "Dự án nhà ở xã hội.", "y": "Tỉnh Hòa Bình.",
             "z": "Nhu cầu nhà ở tăng; xã hội hóa giáo dục ở tỉnh Hòa Bình."}  # fmt: skip
    writer.write_batch([make_record(url=f"https://a.gov.vn/{key}", title=key, text=text,
                                    content_hash=key) for key, text in texts.items()])  # fmt: skip
    reading = search_reading(writer.db, "nhà ở xã hội Hòa Bình")
    assert reading.parts == [("nhà ở xã hội Hòa Bình", ("nhà ở", "xã hội", "Hòa Bình"))]
    assert _urls(reading.hits) == {"z"}
