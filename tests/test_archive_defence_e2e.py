"""Issues 17 and 19 for real: every read command, the Python API and Datasette run by a user
who cannot write the archive (a folder of mode 0555, or a file of mode 0444) leave nothing
behind; a crawl into a path with ``#``, spaces and ``%`` records its runs while snapshots copy
it; a damaged archive stops a crawl in one line.

The suite runs as root, which ignores permissions: the commands run as ``nobody`` through
``setpriv`` (as the current user when that is not root, whose permissions are real anyway).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Crawled, guarded_env
from test_archive_defence import damaged_archive

from govcrawl.store.connection import ArchiveError
from govcrawl.store.snapshot import snapshot

pytestmark = pytest.mark.e2e

NOBODY = 65534
ODD = "a#b c%41"


def as_reader() -> list[str]:
    """The command prefix that runs a process as a user without write permission."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: no honest way to drop write permission")
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def run_as_reader(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = guarded_env(HOME="/tmp", TMPDIR="/tmp")
    return subprocess.run([*as_reader(), sys.executable, *args], cwd="/tmp", env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def places(crawled: Crawled) -> Iterator[dict[str, Path]]:
    """The crawled archive copied to a read-only folder and, read-only, to a writable one; and
    a folder the reader may write its exports to."""
    base = Path(tempfile.mkdtemp(prefix="govcrawl-readonly-", dir="/tmp"))
    base.chmod(0o755)
    owner = NOBODY if os.geteuid() == 0 else os.geteuid()
    # Datasette 0.65 passes its path to SQLite unescaped: its read-only folder has a plain name.
    shared = (f"shared {ODD}", "datasette")
    folders = {name: base / name for name in (*shared, "own", "out")}
    for name, folder in folders.items():
        folder.mkdir()
        if name not in shared:
            os.chown(folder, owner, owner)
    for name in (*shared, "own"):
        shutil.copy(crawled.archive, folders[name] / "govcrawl.db")
        (folders[name] / "govcrawl.db").chmod(0o444)
        # an archive is shared with its WARC files (verify checks every capture against them)
        shutil.copytree(crawled.archive.parent / "warc", folders[name] / "warc")
    for name in shared:
        folders[name].chmod(0o555)
    yield {"shared": folders[f"shared {ODD}"] / "govcrawl.db", "out": folders["out"],
           "datasette": folders["datasette"] / "govcrawl.db", "own": folders["own"] / "govcrawl.db"}  # fmt: skip
    for name in shared:
        folders[name].chmod(0o755)
    shutil.rmtree(base)


# Run as the reader, in one process to keep the suite fast: each command through click, as
# `govcrawl ARGS` would run it, then the Python API. Prints one JSON line per command.
COMMANDS = """
import json, sys
from click.testing import CliRunner
from govcrawl.cli import main
from govcrawl.store import connection
from govcrawl.api import open_archive
archive, commands = sys.argv[1], json.loads(sys.argv[2])
for command in commands:
    connection._said.clear()  # as a new process: the warning once per command
    result = CliRunner().invoke(main, [*command, "--archive", archive])
    print(json.dumps([command, result.exit_code, result.stdout, result.stderr, repr(result.exception)]))
connection._said.clear()
with open_archive(archive) as api:
    found = [len(api.search("khoa hoc")), api.stats().articles, len(list(api.articles()))]
print(json.dumps([["api"], 0, found, "", ""]))
"""


def run_commands(archive: Path, commands: list[list[str]]) -> dict[str, tuple[int, object, str]]:
    """Each command's exit status, output and standard error, run by the reader."""
    result = run_as_reader("-c", COMMANDS, str(archive), json.dumps(commands))
    assert result.returncode == 0, result.stderr
    outcomes = {}
    for line in result.stdout.splitlines():
        command, status, stdout, stderr, error = json.loads(line)
        assert "Traceback" not in stderr and (status == 0 or error.startswith("SystemExit")), line
        outcomes[" ".join(command)] = (status, stdout, stderr)
    return outcomes


def test_every_read_command_works_without_write_permission(places: dict[str, Path]) -> None:
    shared, out = places["shared"], places["out"]
    probe = run_as_reader("-c", f"open({str(shared.parent / 'probe')!r}, 'w')")
    assert probe.returncode != 0 and "Permission denied" in probe.stderr, "really unprivileged"
    commands = [
        ["search", "khoa hoc"], ["stats"], ["dupes"], ["status"], ["export"],
        ["export", "--format", "csv", "-o", str(out / "articles.csv")],
        ["report", "-o", str(out / "report.html")], ["verify"],
        ["snapshot", str(out / "copy.db")],
    ]  # fmt: skip
    outcomes = run_commands(shared, commands)
    for command, (status, _, stderr) in outcomes.items():
        assert status == 0, (command, stderr)
        said = [line for line in stderr.splitlines() if "immutable" in line]
        assert command == "api" or len(said) == 1, (command, stderr)
    assert outcomes["stats"][1].startswith("22 articles")  # type: ignore[union-attr]
    assert outcomes["api"][1][1:] == [22, 22]  # type: ignore[index]
    assert sorted(p.name for p in out.iterdir()) == ["articles.csv", "copy.db", "report.html"]
    assert sorted(os.listdir(shared.parent)) == ["govcrawl.db", "warc"], (
        "no -wal, -shm or temporary left"
    )
    own = places["own"]  # a read-only file in a folder the reader may write
    for command, (status, _, stderr) in run_commands(own, commands[:5]).items():
        assert status == 0, (command, stderr)
    assert sorted(os.listdir(own.parent)) == ["govcrawl.db", "warc"], (
        "no -wal or -shm owned by the reader"
    )


def test_datasette_as_the_archive_readme_says(places: dict[str, Path]) -> None:
    """archive/README.md: ``datasette -i`` (immutable) opens a read-only archive."""
    shared = places["datasette"]
    result = run_as_reader("-m", "datasette", "-i", str(shared), "--metadata",
                           str(ROOT / "archive" / "metadata.yml"),
                           "--get", "/govcrawl/articles.json?_shape=array&_size=2")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"url"') == 2
    assert sorted(os.listdir(shared.parent)) == ["govcrawl.db", "warc"]


def test_a_crawl_into_an_odd_path_while_snapshots_are_taken(
    demo_server: str, tmp_path: Path
) -> None:
    """The issue's case: ``--archive "a#b/x.db"`` opened a stray file ``a`` and every crawl
    said it recorded nothing. Snapshots of the running crawl are each a consistent archive."""
    archive = tmp_path / ODD / "x.db"
    command = [sys.executable, "-m", "govcrawl", "crawl", "--url", demo_server, "--archive",
               str(archive), "-s", "DOWNLOAD_DELAY=0.1", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "GOVCRAWL_ARCHIVE_BATCH_SIZE=1"]  # fmt: skip
    crawl = subprocess.Popen(command, cwd=ROOT, env=guarded_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    counts = []
    try:
        deadline = time.monotonic() + 120
        while crawl.poll() is None and time.monotonic() < deadline:
            copy = tmp_path / f"snapshot-{len(counts)}.db"
            try:  # in this process, while the crawl's process writes
                snapshot(archive, copy)
            except ArchiveError as error:
                # before the crawl created the archive, or its schema
                assert "no archive at" in str(error) or "not a govcrawl archive" in str(error)
            else:
                with sqlite3.connect(copy) as conn:
                    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
                    conn.execute(
                        "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"
                    )
                    counts.append(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
            time.sleep(0.3)
        stdout, stderr = crawl.communicate(timeout=120)
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.wait()
    assert crawl.returncode == 0, stderr[-2000:]
    assert "total: 1 portal, 1 ok, 0 failed; 22 new" in stdout, stdout
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("snapshot")) == [ODD]
    assert counts == sorted(counts) and len(counts) >= 2, counts
    assert any(0 < count < 22 for count in counts), f"no snapshot during the crawl: {counts}"


def test_a_crawl_stops_in_one_line_on_a_damaged_archive(tmp_path: Path) -> None:
    """(An archive of a newer govcrawl is refused by the same check: test_archive_defence.)"""
    archive = damaged_archive(tmp_path / "govcrawl.db")
    before = archive.read_bytes()
    result = subprocess.run([sys.executable, "-m", "govcrawl", "crawl", "--url",
                             "http://127.0.0.1:9/", "--archive", str(archive)], cwd=ROOT,
                            env=guarded_env(), capture_output=True, text=True, timeout=60,
                            check=False)  # fmt: skip
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "is damaged" in lines[0] and "govcrawl verify" in lines[0]
    assert archive.read_bytes() == before, "the archive is left as it was"
