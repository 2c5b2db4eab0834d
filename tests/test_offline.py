"""Offline by construction: the guard refuses the internet, and a crawl of an unreachable
portal fails loudly without reaching it."""

from __future__ import annotations

import socket
import sys

import pytest
from conftest import run, scrapy_crawl
from netguard import NetworkAccessError


def test_guard_refuses_non_loopback_in_the_test_process() -> None:
    with pytest.raises(NetworkAccessError):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.com", 80)


@pytest.mark.e2e
def test_guard_is_loaded_in_subprocesses() -> None:
    code = "import socket; socket.create_connection(('93.184.216.34', 80), timeout=1)"
    result = run([sys.executable, "-c", code])
    assert result.returncode != 0 and "NetworkAccessError" in result.stderr


def test_tldextract_uses_its_bundled_list() -> None:
    from govcrawl.crawl.middlewares import _OFFLINE_SUFFIXES

    assert (
        _OFFLINE_SUFFIXES("skhcn.lamdong.gov.vn").top_domain_under_public_suffix == "lamdong.gov.vn"
    )


@pytest.mark.e2e
def test_crawl_of_an_unreachable_portal_fails_loudly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "govcrawl.db"
    result = scrapy_crawl("-a", "url=http://127.0.0.1:9/", "-s", f"GOVCRAWL_ARCHIVE={archive}",
                          "-s", "RETRY_TIMES=0", timeout=120)  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Failed http://127.0.0.1:9/" in result.stderr
