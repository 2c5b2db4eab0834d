"""The command line as an operator meets it: a killed ``govcrawl crawl`` takes its crawl with it,
a killed crawl's summary tells the truth, a reader who stops reading is no error, and mistakes
(a malformed URL, a directory for the archive) are one line. Real processes, real signals, the
demo portal on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, Crawled, guarded_env

from govcrawl.cli import main
from govcrawl.crawl.lifeline import ORPHAN_GRACE_SECONDS
from govcrawl.registry.sites import PLATFORMS
from govcrawl.store.connection import connect

# Every test here runs govcrawl, scrapy or a fixture server as real processes.
pytestmark = pytest.mark.e2e

SLOW = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=1"]


def alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie waiting to be reaped has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def start_crawl(base_url: str, archive: Path, *extra: str) -> subprocess.Popen[str]:
    """`govcrawl crawl` of the demo portal, slowly, in the background."""
    command = [sys.executable, "-m", "govcrawl", "crawl", "--url", base_url, "--site", "demo",
               "--archive", str(archive), *SLOW, *extra]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=guarded_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def crawl_pid(archive: Path, wrapper: subprocess.Popen[str], timeout: float = 120) -> int:
    """The PID of the `scrapy crawl` child, once it holds the archive's lock."""
    lock = Path(f"{archive}.lock")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = lock.read_text(encoding="utf-8") if lock.exists() else ""
        if '"pid": ' in text:
            pid = int(text.split('"pid": ')[1].split(",")[0])
            assert pid != wrapper.pid
            return pid
        assert wrapper.poll() is None, wrapper.communicate()[1][-2000:]
        time.sleep(0.1)
    raise AssertionError("the crawl never took the lock")


def articles(archive: Path) -> int:
    """Articles committed to the archive so far (0 before its schema exists)."""
    try:
        with sqlite3.connect(f"file:{archive}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def crawl_runs(archive: Path) -> int:
    """Portal runs recorded in the archive so far."""
    try:
        with sqlite3.connect(f"file:{archive}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM crawl_runs").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def wait_for(condition: object, timeout: float, what: str) -> float:
    """Seconds until ``condition()`` holds; AssertionError naming ``what`` after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout} s")


def test_a_killed_govcrawl_crawl_takes_its_crawl_with_it(demo_server: str, tmp_path: Path) -> None:
    archive = tmp_path / "a.db"
    wrapper = start_crawl(demo_server, archive)
    child = crawl_pid(archive, wrapper)
    wait_for(lambda: crawl_runs(archive) > 0, 120, "the crawl's start")
    wrapper.send_signal(signal.SIGKILL)
    wait_for(lambda: not alive(child), ORPHAN_GRACE_SECONDS + 20, "the orphaned crawl's end")
    _, stderr = wrapper.communicate(timeout=60)
    assert "Traceback" not in stderr
    # The lock is free: the next run takes it (and resumes the frontier), not exit status 75.
    second = start_crawl(demo_server, archive, "-s", "CLOSESPIDER_PAGECOUNT=3")
    stdout, stderr = second.communicate(timeout=180)
    assert second.returncode == 0, stderr[-3000:]
    assert stdout.startswith("demo  ok")


def test_a_killed_crawls_summary_reads_the_archive(demo_server: str, tmp_path: Path) -> None:
    archive = tmp_path / "a.db"
    wrapper = start_crawl(demo_server, archive, "-s", "GOVCRAWL_ARCHIVE_BATCH_SIZE=1")
    child = crawl_pid(archive, wrapper)
    wait_for(lambda: articles(archive) >= 3, 120, "three articles committed")
    os.kill(child, signal.SIGKILL)  # as the OOM killer would
    stdout, stderr = wrapper.communicate(timeout=120)
    committed = articles(archive)
    assert wrapper.returncode == 1
    line, total = stdout.splitlines()
    assert line.split() == ["demo", "FAILED", str(committed), "new", "0", "changed", "0", "gone",
                            "?", "failed", "?", "requests", "unfinished"]  # fmt: skip
    assert total.startswith(f"total: 1 portal, 0 ok, 1 failed; {committed} new, 0 changed")
    assert total.endswith("0 requests (+ those of 1 unfinished)")
    assert stderr.strip().splitlines()[-1] == (
        "Error: 1 of 1 portals failed: demo (the crawl process was killed by SIGKILL)"
    )
    assert "leaked" not in stderr and "resource_tracker" not in stderr, stderr


def test_ctrl_c_at_a_terminal_stops_the_crawl_once_and_cleanly(
    demo_server: str, tmp_path: Path
) -> None:
    """A terminal sends SIGINT to its whole foreground process group; the crawl must see one
    (two make Scrapy stop at once, uncleanly, the run left unfinished)."""
    archive = tmp_path / "a.db"
    command = [sys.executable, "-m", "govcrawl", "crawl", "--url", demo_server, "--site", "demo",
               "--archive", str(archive), *SLOW]  # fmt: skip
    wrapper = subprocess.Popen(
        command, cwd=ROOT, env=guarded_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,  # a process group of its own, as a shell's job
    )  # fmt: skip
    child = crawl_pid(archive, wrapper)
    assert os.getpgid(child) != os.getpgid(wrapper.pid), "out of the terminal's reach"
    wait_for(lambda: crawl_runs(archive) > 0, 120, "the crawl's start")
    os.killpg(wrapper.pid, signal.SIGINT)  # Ctrl-C
    stdout, stderr = wrapper.communicate(timeout=180)
    assert wrapper.returncode == 1, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert stdout.split()[:2] == ["demo", "FAILED"]
    with sqlite3.connect(archive) as conn:
        [(status, reason)] = conn.execute("SELECT status, finish_reason FROM crawl_runs")
    assert (status, reason) == ("failed", "shutdown"), "recorded as a clean stop"


def closed_pipe_run(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    """Run govcrawl with its standard output a pipe nobody reads (`| head -0`)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "govcrawl", *arguments], cwd=ROOT, env=guarded_env(),
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "arguments",
    [
        ["sites"], ["sites", "--format", "jsonl"], ["search", "khoa học"],
        ["search", "khoa học", "--format", "jsonl"], ["search", "khoa học", "--format", "csv"],
        ["export"], ["export", "--format", "csv"], ["stats"], ["stats", "--format", "json"],
        ["status"], ["status", "--format", "jsonl"], ["dupes", "--format", "jsonl"],
    ],
)  # fmt: skip
def test_a_reader_who_stops_reading_is_no_error(crawled: Crawled, arguments: list[str]) -> None:
    archive = [] if arguments[0] == "sites" else ["--archive", str(crawled.archive)]
    result = closed_pipe_run([*arguments, *archive])
    assert result.returncode == 0, result.stderr
    for noise in ("Traceback", "Exception ignored", "BrokenPipe", "Error"):
        assert noise not in result.stderr, result.stderr


def test_sites_piped_into_head(tmp_path: Path) -> None:
    registry = tmp_path / "sites.toml"
    registry.write_text(
        "".join(f'[site_{n}]\nname = "Site {n}"\nstart_urls = ["https://s{n}.gov.vn/"]\n\n'
                for n in range(3000)),
        encoding="utf-8",
    )  # fmt: skip
    pipeline = (
        f"set -o pipefail; {sys.executable} -m govcrawl sites --registry {registry} | head -3"
    )
    result = subprocess.run(
        ["bash", "-c", pipeline], cwd=ROOT, env=guarded_env(), capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["key", "site_0", "site_1"]
    assert result.stderr == ""


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *arguments], cwd=ROOT, env=guarded_env(), capture_output=True,
        text=True, timeout=60, check=False,
    )  # fmt: skip


def one_line(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert result.returncode == code, result.stderr
    [line] = result.stderr.strip().splitlines()
    return line


def test_a_malformed_url_is_one_line(tmp_path: Path) -> None:
    archive = str(tmp_path / "a.db")
    line = one_line(run("govcrawl", "crawl", "--url", "not a url", "--archive", archive))
    assert line == (
        "Error: --url 'not a url': 'not' is not an http(s) URL; give the portal's start page, "
        "e.g. --url https://example.gov.vn/tin-tuc"
    )
    line = one_line(
        run("scrapy", "crawl", "portal", "-a", "url=not a url", "-s", f"GOVCRAWL_ARCHIVE={archive}")
    )
    assert line == "scrapy: error: not an http(s) URL: 'not' (use -a url=https://host/path)"
    line = one_line(
        run("scrapy", "crawl", "portal", "-a", "url", "-s", f"GOVCRAWL_ARCHIVE={archive}")
    )
    assert line == "scrapy: error: Invalid -a value, use -a NAME=VALUE"
    assert not Path(archive).exists()


def test_a_directory_for_the_archive_is_named_as_one(demo_server: str, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    hint = f"is a directory: name the archive file, e.g. --archive {folder / 'govcrawl.db'}"
    for command in (["crawl", "--url", demo_server], ["search", "khoa học"], ["status"]):
        line = one_line(run("govcrawl", *command, "--archive", str(folder)))
        assert line == f"Error: --archive {folder} {hint}"
    line = one_line(run("scrapy", "crawl", "portal", "-a", f"url={demo_server}",
                        "-s", f"GOVCRAWL_ARCHIVE={folder}"))  # fmt: skip
    assert line == (
        f"scrapy: error: GOVCRAWL_ARCHIVE {folder} is a directory: name the archive file, "
        f"e.g. -s GOVCRAWL_ARCHIVE={folder / 'govcrawl.db'}"
    )
    assert list(tmp_path.iterdir()) == [folder], "no lock file beside it"


def test_status_tells_a_portal_that_never_succeeded_from_an_overdue_one(tmp_path: Path) -> None:
    archive = tmp_path / "a.db"
    db = connect(archive)
    runs = [("portal_down", "2026-12-01T02:15:00+00:00", "failed"),
            ("portal_down", "2026-12-07T02:15:00+00:00", "failed"),
            ("portal_old", "2026-01-01T02:15:00+00:00", "ok"),
            ("portal_old", "2026-12-07T02:15:00+00:00", "failed")]  # fmt: skip
    for site, started, status in runs:
        db.execute(
            "INSERT INTO crawl_runs (spider, site, started_at, finished_at, status) "
            "VALUES ('portal', ?, ?, ?, ?)",
            [site, started, started, status],
        )
    db.conn.commit()
    db.close()
    result = CliRunner().invoke(main, ["status", "--archive", str(archive)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "2 portals",
        "Error: 1 portal has not been crawled successfully for 7 days: portal_old; "
        "1 portal has never been crawled successfully: portal_down (2 runs, the last "
        "2026-12-07T02:15)",
    ]


def test_sites_check_reports_every_problem_of_an_entry_with_a_bad_key(tmp_path: Path) -> None:
    registry = tmp_path / "sites.toml"
    registry.write_text(
        '["Lâm Đồng"]\nnmae = "x"\nstart_urls = ["ftp://a.gov.vn/"]\nplatform = "wix"\n'
        "verified = 1\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["sites", "--check", "--registry", str(registry)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "[Lâm Đồng] the key must be ASCII snake_case (a-z, 0-9, _), e.g. lam_dong_skhcn",
        "[Lâm Đồng] name is missing",
        "[Lâm Đồng] verified must be true or false",
        "[Lâm Đồng] start URL 'ftp://a.gov.vn/' is not an absolute http(s) URL",
        f"[Lâm Đồng] unknown platform 'wix' (one of {', '.join(sorted(PLATFORMS))})",
        "[Lâm Đồng] unknown field 'nmae' (did you mean name?)",
    ]
    assert result.stderr == "Error: 6 problem(s) in the site registry\n"
