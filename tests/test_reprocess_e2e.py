"""Proof of issue 17's re-extraction and exchange, on one real crawl of the demo portal made
with a deliberately weakened classifier: ``GOVCRAWL_MIN_ARTICLE_CHARS=1700`` (a real setting,
set far above its default of 300) drops the demo's shorter articles as ``short_text``. The
fixture server is then stopped, and ``govcrawl reprocess`` (default settings) recovers them from
the WARC captures alone; the recovered archive is exported as a WACZ that ``wacz validate``
accepts and pywb serves, and the CDXJ index finds every article URL."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FAST, cli, govcrawl, guarded_env, scrapy_crawl
from warcio.archiveiterator import ArchiveIterator

from govcrawl.demo.server import DemoPortal, serve_in_thread
from govcrawl.extract.version import EXTRACTOR_VERSION
from govcrawl.research.captures import lookup
from govcrawl.store.connection import connect

pytestmark = pytest.mark.e2e
WEAK = "1700"  # characters: the demo's articles run from about 750 to 2,700
BIN = Path(sys.executable).parent


@dataclass
class Recovered:
    """The weakened crawl's archive, what it held, and the reprocess run over it."""

    archive: Path
    before: set[str]  # article titles the weakened crawl archived
    reprocess: subprocess.CompletedProcess[str]


def titles(archive: Path) -> set[str]:
    db = connect(archive, readonly=True)
    try:
        return {row[0] for row in db.execute("SELECT title FROM articles")}
    finally:
        db.close()


@pytest.fixture(scope="module")
def recovered(tmp_path_factory: pytest.TempPathFactory) -> Recovered:
    archive = tmp_path_factory.mktemp("weakened") / "govcrawl.db"
    server, base_url = serve_in_thread()
    try:
        crawl = scrapy_crawl(
            "-a", f"url={base_url}", "-a", "province=Lâm Đồng", "-a", "agency=Sở KH&CN",
            "-s", f"GOVCRAWL_ARCHIVE={archive}", "-s", f"GOVCRAWL_MIN_ARTICLE_CHARS={WEAK}", *FAST,
        )  # fmt: skip
    finally:  # no network from here on: the portal is gone
        server.shutdown()
        server.server_close()
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    before = titles(archive)
    result = govcrawl("reprocess", "--archive", str(archive), timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    return Recovered(archive, before, result)


def test_reprocess_recovers_the_articles_the_weakened_classifier_dropped(
    recovered: Recovered,
) -> None:
    everything = {article["title"] for article in DemoPortal.load().articles}
    dropped = everything - recovered.before
    assert len(dropped) >= 5 and recovered.before  # the weakened crawl lost some, kept some
    assert titles(recovered.archive) == everything
    assert f"{len(dropped)} pages were added as articles" in recovered.reprocess.stdout
    assert "reprocess: " in recovered.reprocess.stderr  # progress
    db = connect(recovered.archive, readonly=True)
    linked = db.execute(
        "SELECT count(*) FROM articles AS a JOIN captures AS c ON c.id = a.capture_id "
        "WHERE a.extractor_version = ? AND c.url = a.url",
        [EXTRACTOR_VERSION],
    ).fetchone()[0]
    assert linked == len(everything)
    (finished,) = db.execute("SELECT finished_at IS NOT NULL FROM reprocess_runs").fetchone()
    assert finished == 1
    db.close()
    again = cli("reprocess", "--archive", str(recovered.archive), "--dry-run",
                "-s", "GOVCRAWL_EXTRACT_WORKERS=0")  # fmt: skip
    assert "0 pages would be added" in again.stdout, again.stderr[-2000:]


@pytest.fixture(scope="module")
def wacz(recovered: Recovered) -> Path:
    output = recovered.archive.parent / "portal.wacz"
    result = cli(
        "export", "--archive", str(recovered.archive), "--format", "wacz", "-o", str(output)
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return output


def test_the_wacz_validates(wacz: Path) -> None:
    result = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(wacz)], env=guarded_env(),
                            capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0 and "Validation succeeded" in result.stdout, result.stdout
    # with each response (or revisit) the request the crawl sent for it, for replay fidelity
    with zipfile.ZipFile(wacz) as package:
        warc = package.read("archive/govcrawl.warc.gz")
    records = [(r.rec_type, r.rec_headers.get_header("WARC-Record-ID"),
                r.rec_headers.get_header("WARC-Concurrent-To"))
               for r in ArchiveIterator(io.BytesIO(warc))][1:]  # fmt: skip
    assert records and [kind for kind, _, _ in records[1::2]] == ["request"] * (len(records) // 2)
    for (kind, record_id, _), (_, _, to) in zip(records[::2], records[1::2], strict=True):
        assert kind in ("response", "revisit") and to == record_id


def test_the_cdxj_index_finds_every_article_url(recovered: Recovered) -> None:
    db = connect(recovered.archive, readonly=True)
    urls = [row[0] for row in db.execute("SELECT url FROM article_urls")]
    assert urls and all(lookup(db, url) for url in urls)
    db.close()
    index = cli("captures", "--all", "--format", "cdxj", "--archive", str(recovered.archive))
    assert index.returncode == 0, index.stderr
    indexed = {line.split(" ", 2)[2] for line in index.stdout.splitlines()}
    assert all(any(f'"url": "{url}"' in fields for fields in indexed) for url in urls)


@pytest.fixture
def wayback(wacz: Path, tmp_path: Path) -> Iterator[str]:
    """pywb's ``wayback`` on 127.0.0.1 serving the WACZ as collection ``demo``; its base URL."""
    if not (BIN / "wayback").exists():
        pytest.skip("pywb is not installed (pip install 'govcrawl[test]' installs it)")
    manager = [str(BIN / "wb-manager")]
    for step in (["init", "demo"], ["add", "--unpack-wacz", "demo", str(wacz)]):
        done = subprocess.run(manager + step, cwd=tmp_path, env=guarded_env(), capture_output=True,
                              text=True, timeout=120, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
    port = free_port()
    log = (tmp_path / "wayback.log").open("w")
    server = subprocess.Popen([str(BIN / "wayback"), "-b", "127.0.0.1", "-p", str(port)],
                              cwd=tmp_path, env=guarded_env(), stdout=log, stderr=log)  # fmt: skip
    try:
        wait_for(port, server)
        yield f"http://127.0.0.1:{port}/demo"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_pywb_serves_an_archived_article_from_the_wacz(recovered: Recovered, wayback: str) -> None:
    db = connect(recovered.archive, readonly=True)
    url, title = db.execute("SELECT url, title FROM articles ORDER BY id DESC LIMIT 1").fetchone()
    db.close()
    with urllib.request.urlopen(f"{wayback}/id_/{url}", timeout=30) as response:  # as captured
        assert response.status == 200
        assert title in response.read().decode("utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "wayback exited"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"wayback did not listen on {port} in {seconds} s")
