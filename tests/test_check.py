"""`govcrawl check`: a sample crawl that shows what a crawl would archive and archives nothing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, cli, guarded_env, make_record, project_crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request

from govcrawl.crawl.check import PageOutcomes, sample_settings
from govcrawl.demo.server import DemoHandler, DemoPortal
from govcrawl.items import FetchedPage, NotAnArticle

FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
ARTICLE_LINE = re.compile(
    r"^article  (?P<title>.+) \| (?P<date>\d{4}-\d\d-\d\d\S*) \((?P<src>\w+)\)"
)


def check(*args: str, archive: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `govcrawl check ARGS` for real, with $GOVCRAWL_ARCHIVE set to ``archive``."""
    return subprocess.run(
        [sys.executable, "-m", "govcrawl", "check", *args], cwd=cwd, capture_output=True,
        text=True, timeout=120, check=False, env=guarded_env(GOVCRAWL_ARCHIVE=str(archive)),
    )  # fmt: skip


@pytest.fixture
def counting_demo() -> Iterator[tuple[str, list[str]]]:
    """A demo portal on 127.0.0.1 that logs the path of every request it answers."""
    paths: list[str] = []

    def log_request(handler: DemoHandler, code: int | str = "-", size: int | str = "-") -> None:
        paths.append(handler.path)

    handler = type("Counting", (DemoHandler,), {"portal": DemoPortal.load(),
                                                "log_request": log_request})  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", paths
    server.shutdown()
    server.server_close()


@pytest.mark.e2e
def test_check_shows_platform_sources_and_articles_and_archives_nothing(
    demo_server: str, tmp_path: Path
) -> None:
    archive = tmp_path / "mine.db"
    archive.write_bytes(b"the user's archive, untouched")
    before = archive.stat().st_mtime_ns
    result = check(demo_server, *FAST, archive=archive, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[0].endswith("platform desktopmodule (detected)")
    assert lines[1] == f"sitemaps   {demo_server}sitemap.xml"
    assert lines[2].startswith("feeds      http://127.0.0.1")
    assert "start 1" in lines[3] and "sitemap_page" in lines[3] and "link" in lines[3]
    articles = [m for line in lines if (m := ARTICLE_LINE.match(line))]
    assert len(articles) >= 5
    assert all(m["title"].strip() and m["src"] for m in articles)
    assert any(re.match(r"listing: teaser_links  \S.*  \[start\] http", line) for line in lines)
    assert re.fullmatch(r"\d+ articles among \d+ pages judged; \d+ responses.*", lines[-1])
    # Neither $GOVCRAWL_ARCHIVE nor the default archive/ of the working folder was touched.
    assert archive.read_bytes() == b"the user's archive, untouched"
    assert archive.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.db"]


@pytest.mark.e2e
def test_check_exits_1_when_no_article_is_recognised(demo_server: str, tmp_path: Path) -> None:
    result = check(demo_server, "--pages", "8", "-s", "GOVCRAWL_MIN_ARTICLE_CHARS=1000000", *FAST,
                   archive=tmp_path / "a.db", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1, result.stderr[-3000:]
    assert not any(line.startswith("article ") for line in result.stdout.splitlines())
    assert "other: short_text" in result.stdout
    error = result.stderr.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("Error: no article recognised among")
    assert not (tmp_path / "a.db").exists()


@pytest.mark.e2e
def test_check_fetches_at_most_the_pages_asked_for(
    counting_demo: tuple[str, list[str]], tmp_path: Path
) -> None:
    base_url, paths = counting_demo
    result = check(base_url, "--pages", "5", *FAST, archive=tmp_path / "a.db", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    pages = [path for path in paths if path != "/robots.txt"]
    assert "/robots.txt" in paths  # obeyed: read first
    assert 1 <= len(pages) <= 5, paths
    judged = [line for line in result.stdout.splitlines() if line.count("  [") == 1]
    assert 1 <= len(judged) <= 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["htp:/example"], "is not an http(s) URL"),
        (["example.gov.vn"], "is not an http(s) URL"),
        (["--site", "no_such_site"], "unknown site 'no_such_site'"),
        ([], "give the portal's start URL or --site KEY"),
        (["https://example.gov.vn/", "--site", "demo"], "not both"),
        (["https://example.gov.vn/", "--pages", "0"], "--pages"),
    ],
)
def test_check_usage_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = cli("check", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and message in errors[0]


def test_usage_errors_of_check_are_a_single_line() -> None:
    for args in (["htp:/example"], ["--site", "no_such_site"]):
        result = cli("check", *args)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_sample_settings_write_no_archive(tmp_path: Path) -> None:
    settings = sample_settings(tmp_path / "out.jsonl", tmp_path / "scratch.db", 7)
    pipelines = json.loads(settings["ITEM_PIPELINES"])
    assert pipelines["govcrawl.store.pipeline.ArchivePipeline"] is None
    assert pipelines["govcrawl.crawl.attachments.AttachmentsPipeline"] is None
    assert pipelines["govcrawl.extract.pipeline.ExtractionPipeline"] == 300
    assert json.loads(settings["EXTENSIONS"])["govcrawl.crawl.check.PageOutcomes"]
    assert settings["GOVCRAWL_ARCHIVE"] == str(tmp_path / "scratch.db")
    assert settings["GOVCRAWL_FRONTIER_ENABLED"] == "False"
    assert settings["GOVCRAWL_MAX_PAGES_PER_SITE"] == "7"
    assert settings["GOVCRAWL_WARC_ENABLED"] == "False"


def test_page_outcomes_records_articles_and_verdicts(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    crawler = project_crawler(GOVCRAWL_CHECK_OUTPUT=str(output))
    outcomes = PageOutcomes.from_crawler(crawler)
    record = make_record(url="https://example.gov.vn/tin/1", published_from="byline")
    request = Request(record.url, meta={"govcrawl_source": "sitemap_page"})
    response = HtmlResponse(record.url, body=b"<html></html>", request=request)
    outcomes.item_scraped(record, response)
    page = FetchedPage(url="https://example.gov.vn/", response_url="https://example.gov.vn/",
                       status=200, html="", fetched_at="", site="x", province=None, agency=None,
                       source="start")  # fmt: skip
    listing = HtmlResponse(page.url, body="<title> Tin  tức </title>".encode(), encoding="utf-8")
    outcomes.item_dropped(page, listing, NotAnArticle("a", verdict="listing: teaser_links"))
    outcomes.file.close()
    lines = [json.loads(line)["page"] for line in output.read_text("utf-8").splitlines()]
    assert lines[0] == {
        "url": record.url, "verdict": "article", "title": record.title,
        "published": "2020-01-15", "published_from": "byline", "author": "Trần Hằng",
        "source": "sitemap_page",
    }  # fmt: skip
    assert lines[1] == {"url": page.url, "verdict": "listing: teaser_links", "source": "start",
                        "title": "Tin tức"}  # fmt: skip


def test_page_outcomes_is_off_without_an_output() -> None:
    with pytest.raises(NotConfigured):
        PageOutcomes.from_crawler(project_crawler())


def test_check_is_documented_next_to_the_site_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    registry = readme.index("## Site registry")
    assert registry < readme.index("### Checking a new portal") < readme.index("## Searching")


@pytest.mark.e2e
def test_check_a_registry_site_names_the_registry_platform(
    demo_server: str, tmp_path: Path
) -> None:
    registry = tmp_path / "sites.toml"
    registry.write_text(
        f'[my_portal]\nname = "Sở thử"\nprovince = "Lâm Đồng"\nagency = "Sở thử"\n'
        f'start_urls = ["{demo_server}"]\nplatform = "desktopmodule"\n',
        encoding="utf-8",
    )
    result = check("--site", "my_portal", "--registry", str(registry), "--pages", "12", *FAST,
                   archive=tmp_path / "a.db", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert (
        result.stdout.splitlines()[0] == "portal     my_portal: platform desktopmodule (registry)"
    )
    assert any(ARTICLE_LINE.match(line) for line in result.stdout.splitlines())
    assert not (tmp_path / "a.db").exists()


@pytest.mark.e2e
def test_check_of_a_portal_that_does_not_answer_exits_1(tmp_path: Path) -> None:
    result = check("http://127.0.0.1:9/", *FAST, archive=tmp_path / "a.db", cwd=tmp_path)
    assert result.returncode == 1
    assert "platform unknown (no page read)" in result.stdout
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("Error: no page could be fetched from the portal")
    )
    assert "Traceback" not in result.stderr
