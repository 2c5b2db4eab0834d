"""The User-Agent a portal sees names the operator's GOVCRAWL_CONTACT, however it was given:
``scrapy crawl -s``, ``govcrawl crawl --set``, or the environment; an explicit USER_AGENT wins."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import FAST, ROOT, guarded_env

from govcrawl.demo.server import make_server

# Every test here runs scrapy or govcrawl as a real process.
pytestmark = pytest.mark.e2e

CONTACT = "mailto:archive-team@example.org"
EXPECTED = f"govcrawl/0.1 (archival crawler; +{CONTACT})"
SHORT = ["-s", "CLOSESPIDER_PAGECOUNT=3", "-s", "GOVCRAWL_EXTRACT_WORKERS=0"]


@dataclass
class RecordingPortal:
    """The demo portal on 127.0.0.1, recording the User-Agent of every request."""

    base_url: str
    user_agents: list[str] = field(default_factory=list)


@pytest.fixture
def portal() -> Iterator[RecordingPortal]:
    server = make_server()
    recording = RecordingPortal(f"http://127.0.0.1:{server.server_address[1]}/")
    handler = server.RequestHandlerClass

    class Recording(handler):  # type: ignore[misc,valid-type]
        def do_GET(self) -> None:
            recording.user_agents.append(self.headers.get("User-Agent", ""))
            super().do_GET()

    server.RequestHandlerClass = Recording
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield recording
    server.shutdown()
    server.server_close()


def run(arguments: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ARGUMENTS``; GOVCRAWL_CONTACT in its environment only if given here."""
    environment = guarded_env(**env)
    if "GOVCRAWL_CONTACT" not in env:
        environment.pop("GOVCRAWL_CONTACT", None)
    return subprocess.run(
        [sys.executable, "-m", *arguments], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def scrapy_crawl(portal: RecordingPortal, archive: Path, *extra: str, **env: str) -> None:
    arguments = ["scrapy", "crawl", "portal", "-a", f"url={portal.base_url}",
                 "-s", f"GOVCRAWL_ARCHIVE={archive}", *FAST, *SHORT, *extra]  # fmt: skip
    result = run(arguments, **env)
    assert result.returncode == 0, result.stderr[-3000:]


def test_scrapy_crawl_sends_the_contact_given_with_s(
    portal: RecordingPortal, tmp_path: Path
) -> None:
    scrapy_crawl(portal, tmp_path / "a.db", "-s", f"GOVCRAWL_CONTACT={CONTACT}")
    assert portal.user_agents and set(portal.user_agents) == {EXPECTED}


def test_govcrawl_crawl_sends_the_contact_given_with_set(
    portal: RecordingPortal, tmp_path: Path
) -> None:
    result = run(
        ["govcrawl", "crawl", "--url", portal.base_url, "--site", "demo",
         "--archive", str(tmp_path / "a.db"), "--set", f"GOVCRAWL_CONTACT={CONTACT}",
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", *SHORT]
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert portal.user_agents and set(portal.user_agents) == {EXPECTED}


def test_the_contact_comes_from_the_environment(portal: RecordingPortal, tmp_path: Path) -> None:
    scrapy_crawl(portal, tmp_path / "a.db", GOVCRAWL_CONTACT=CONTACT)
    assert portal.user_agents and set(portal.user_agents) == {EXPECTED}


def test_an_explicit_user_agent_wins_over_the_contact(
    portal: RecordingPortal, tmp_path: Path
) -> None:
    scrapy_crawl(
        portal, tmp_path / "a.db", "-s", "USER_AGENT=ResearchBot/2.0 (+mailto:me@example.org)",
        GOVCRAWL_CONTACT=CONTACT,
    )  # fmt: skip
    assert set(portal.user_agents) == {"ResearchBot/2.0 (+mailto:me@example.org)"}


@pytest.mark.parametrize(
    ("arguments", "env", "expected"),
    [
        ([], {}, "govcrawl/0.1 (archival crawler; +https://example.org/contact-your-archive)"),
        (["-s", f"GOVCRAWL_CONTACT={CONTACT}"], {}, EXPECTED),
        ([], {"GOVCRAWL_CONTACT": CONTACT}, EXPECTED),
        (["-s", "GOVCRAWL_CONTACT=mailto:cli@example.org"], {"GOVCRAWL_CONTACT": CONTACT},
         "govcrawl/0.1 (archival crawler; +mailto:cli@example.org)"),
        (["-s", f"GOVCRAWL_CONTACT={CONTACT}", "-s", "USER_AGENT=Mine/1.0"], {}, "Mine/1.0"),
    ],
)  # fmt: skip
def test_scrapy_settings_shows_the_user_agent_a_crawl_sends(
    arguments: list[str], env: dict[str, str], expected: str
) -> None:
    result = run(["scrapy", "settings", *arguments, "--get", "USER_AGENT"], **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{expected}\n"
