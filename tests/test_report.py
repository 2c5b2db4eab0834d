"""govcrawl report: a self-contained page whose charts hold the archive's counts, escaped, and
(when Chromium is installed) rendered headless."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from lxml import html
from research_archive import HOSTILE, build_research_archive

from govcrawl.research.filters import Filters
from govcrawl.research.report import build
from govcrawl.store.connection import connect

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = build_research_archive(tmp_path_factory.mktemp("report") / "govcrawl.db")
    with sqlite3.connect(path) as conn:  # hostile names where the report shows them
        conn.execute(
            "UPDATE articles SET province = ?, agency = ? WHERE id = 5", [HOSTILE, HOSTILE]
        )
        conn.execute("UPDATE crawl_runs SET finish_reason = ? WHERE id = 3", [HOSTILE])
    db = connect(path, readonly=True)
    yield build(db, title="Báo cáo <lưu trữ>")
    db.conn.close()


def bars(page: str, series: str) -> dict[str, int]:
    tree = html.fromstring(page.encode())
    [svg] = tree.xpath("//svg[@data-series=$s]", s=series)
    return {r.get("data-month"): int(r.get("data-count")) for r in svg.xpath(".//rect")}


def test_charts_hold_the_counts(page: str) -> None:
    assert bars(page, "all") == {
        "2020-01": 1,
        "2020-03": 1,
        "2021-07": 1,
        "2022-01": 5,
        "2022-03": 5,
    }
    assert bars(page, "province:Cà Mau") == {"2022-01": 5, "2022-03": 5}
    assert bars(page, "province:Lâm Đồng") == {"2020-01": 1, "2020-03": 1}
    assert bars(page, "agency:UBND thành phố") == {"2021-07": 1}  # "2021" alone is in no month
    assert bars(page, "agency:Sở Y tế") == {"2022-01": 5, "2022-03": 5}


def test_summary_gaps_and_crawl_health(page: str) -> None:
    tree = html.fromstring(page.encode())
    cards = {c.get("data-stat"): c.findtext("b") for c in tree.xpath("//div[@class='card']")}
    assert cards == {"articles": "15", "near-duplicates": "1", "undated": "1", "sites": "5",
                     "provinces": "4"}  # fmt: skip
    gap_rows = [[td.text_content() for td in tr] for tr in tree.xpath("//h2[.='Coverage gaps']"
                "/following-sibling::table[1]//tbody/tr")]  # fmt: skip
    assert gap_rows == [["ca_mau_syt", "Cà Mau", "2022-02", "2022-02", "1", "5"]]
    health = tree.xpath("//h2[.='Crawl health']/following-sibling::table[1]//tbody/tr")
    cells = {tr[0].text_content(): [td.text_content() for td in tr] for tr in health}
    assert cells["lam_dong_skhcn"][-1] == "ok" and cells["da_nang_ubnd"][-1] == "check"


def test_self_contained_and_escaped(page: str) -> None:
    assert "<script" not in page.lower() and "&lt;script&gt;" in page
    assert "Báo cáo &lt;lưu trữ&gt;" in page
    tree = html.fromstring(page.encode())
    assert not tree.xpath("//@src | //link | //@href | //iframe | //img")
    assert "http://" not in page and "https://" not in page and "url(" not in page


def test_filters_narrow_the_report(tmp_path: Path) -> None:
    db = connect(build_research_archive(tmp_path / "govcrawl.db"), readonly=True)
    narrow = build(db, Filters.of(province="ca mau"))
    assert bars(narrow, "all") == {"2022-01": 5, "2022-03": 5}
    assert "Lâm Đồng" not in narrow


def test_empty_archive(tmp_path: Path) -> None:
    connect(tmp_path / "govcrawl.db").conn.close()
    page = build(connect(tmp_path / "govcrawl.db", readonly=True))
    assert "No dated articles." in page and "No crawls." in page


@pytest.mark.e2e
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (not on CI)")
def test_renders_in_headless_chromium(page: str, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    screenshot = render(report, tmp_path / "report.png")
    assert screenshot.stat().st_size > 10_000  # a blank page is a few hundred bytes


def render(report: Path, screenshot: Path, height: int = 2400) -> Path:
    """Screenshot ``report`` with headless Chromium, offline; return the PNG's path."""
    profile = screenshot.parent / "chromium-profile"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--hide-scrollbars",
         f"--window-size=1100,{height}", f"--screenshot={screenshot}", report.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    shutil.rmtree(profile, ignore_errors=True)
    return screenshot
