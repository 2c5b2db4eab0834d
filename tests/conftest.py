"""Shared fixtures: the network guard, the demo portal on 127.0.0.1, one real crawl of it, the CLI
run in-process, and the `e2e` marker kept honest (a test without it starts no process, no server)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

sys.path.insert(0, str(Path(__file__).parent / "guard"))
import netguard

from govcrawl import settings
from govcrawl.cli import main
from govcrawl.crawl.spiders.portal import PortalSpider
from govcrawl.dedupe.content_hash import content_hash
from govcrawl.demo.server import DemoPortal, serve_in_thread
from govcrawl.items import ArticleRecord

ROOT = Path(__file__).resolve().parent.parent
GUARD_DIR = Path(__file__).parent / "guard"
CRAWL_TIMEOUT = 180  # seconds; the demo crawl takes a few

netguard.install()
# A WARC folder named in the developer's environment would receive the tests' captures (the
# crawl and every reader honour it: govcrawl.store.warc.warc_dir); tests name their own.
os.environ.pop("GOVCRAWL_WARC_DIR", None)


def guarded_env(**extra: str) -> dict[str, str]:
    """Environment for subprocesses: the network guard loaded, proxies pointing nowhere."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(
        PYTHONPATH=os.pathsep.join([str(GUARD_DIR), str(ROOT)]),
        http_proxy="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
        no_proxy="127.0.0.1,127.0.0.2,127.0.0.3,localhost",  # the loopback hosts tests serve on
        SCRAPY_SETTINGS_MODULE="govcrawl.settings",
        PYTHONWARNINGS="error::ResourceWarning",
        **extra,
    )
    return env


def run(
    args: list[str], *, cwd: Path = ROOT, timeout: int = 60
) -> subprocess.CompletedProcess[str]:
    """Run a command (python -m ...) with the guarded environment; capture text output."""
    return subprocess.run(
        args, cwd=cwd, env=guarded_env(), capture_output=True, text=True, timeout=timeout,
        check=False,
    )  # fmt: skip


def govcrawl(*args: str, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    """Run the govcrawl CLI in a subprocess: only for what needs the real process (e2e)."""
    return run([sys.executable, "-m", "govcrawl", *args], timeout=timeout)


@dataclass
class CliResult:
    """What a `govcrawl` process would give: exit status, stdout and stderr apart."""

    returncode: int
    stdout: str
    stderr: str


def cli(*args: str) -> CliResult:
    """Run the govcrawl CLI in-process (click's CliRunner), as ``govcrawl ARGS`` would.

    An uncaught exception ends up on stderr as the traceback Python would print, so
    ``"Traceback" not in result.stderr`` means the same as for a real process.
    """
    result = CliRunner().invoke(main, list(args), prog_name="govcrawl", terminal_width=80)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return CliResult(result.exit_code, result.stdout, stderr)


def scrapy_crawl(*args: str, timeout: int = CRAWL_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run `scrapy crawl portal ARGS` for real, in the project folder."""
    return run([sys.executable, "-m", "scrapy", "crawl", "portal", *args], timeout=timeout)


TEXT = "Chiều 15-1, Sở Khoa học và Công nghệ tỉnh Lâm Đồng tổ chức hội nghị tại Đà Lạt.\nTrần Hằng"


def make_record(
    url: str = "https://skhcn.lamdong.gov.vn/tin/1", text: str = TEXT, **fields: object
) -> ArticleRecord:
    """An ArticleRecord of the seed article, with ``fields`` replaced."""
    base = ArticleRecord(
        url=url, site="lam_dong_skhcn", province="Lâm Đồng", agency="Sở KH&CN",
        title="Nâng cao hiệu quả hoạt động khoa học và công nghệ", published="2020-01-15",
        author="Trần Hằng", text=text, lang="vi", content_hash=content_hash(text),
        fetched_at="2026-01-10T03:00:00+00:00",
    )  # fmt: skip
    return replace(base, **fields)  # type: ignore[arg-type]


def project_crawler(**overrides: object) -> Crawler:
    """A crawler of the portal spider with govcrawl's settings (plus ``overrides``), unstarted."""
    project = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    return get_crawler(PortalSpider, settings_dict={**project, **overrides})


FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]


@dataclass
class Crawled:
    """A finished crawl of the demo portal."""

    archive: Path
    base_url: str
    portal: DemoPortal
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="session")
def demo_server() -> Iterator[str]:
    """The demo portal on 127.0.0.1 (ephemeral port); its base URL."""
    server, base_url = serve_in_thread()
    yield base_url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def crawled(demo_server: str, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """One real `scrapy crawl portal` of the demo portal into a fresh archive."""
    archive = tmp_path_factory.mktemp("crawl") / "govcrawl.db"
    result = scrapy_crawl(
        "-a", f"url={demo_server}", "-a", "province=Lâm Đồng", "-a", "agency=Sở KH&CN",
        "-s", f"GOVCRAWL_ARCHIVE={archive}", *FAST,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return Crawled(archive, demo_server, DemoPortal.load(), result)


class E2EOnlyError(RuntimeError):
    """A test not marked e2e started a process or a network server."""


_real_listen = socket.socket.listen


def _refuse_process(*args: object, **kwargs: object) -> None:
    raise E2EOnlyError("this test starts a process: mark it @pytest.mark.e2e (README, Development)")


def _listen_only_in_e2e(self: socket.socket, *args: int) -> None:
    """``socket.listen`` for tests without the marker: Unix sockets (worker pools) only."""
    if self.family in (socket.AF_INET, socket.AF_INET6):
        raise E2EOnlyError(
            "this test starts a server: mark it @pytest.mark.e2e (README, Development)"
        )
    _real_listen(self, *args)


@contextmanager
def _unless_e2e(item: pytest.Item) -> Iterator[None]:
    """Refuse processes and network servers while ``item`` (not marked e2e) runs."""
    if item.get_closest_marker("e2e") is not None:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "_execute_child", _refuse_process)
        patch.setattr(socket.socket, "listen", _listen_only_in_e2e)
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """Fixtures set up for a test without the e2e marker start no process and no server."""
    with _unless_e2e(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A test without the e2e marker starts no process and no server."""
    with _unless_e2e(item):
        return (yield)
