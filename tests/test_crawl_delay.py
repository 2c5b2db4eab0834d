"""robots.txt ``Crawl-delay: d`` means one request at a time, each at least d seconds after the one
before, read from the fixture server's own access log (issue 16: two requests per host ran at
once, and Scrapy's ±50% jitter spaced them down to half the delay)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import scrapy_crawl
from portals import sharepoint
from portals.base import robots, serve

pytestmark = pytest.mark.e2e

CRAWL_DELAY = 1.0
# The server stamps a request when its thread takes it up; a busy machine delays one stamp
# and shortens the next gap by as much. Without the fix gaps fall to 0 (two at once) and
# to half the delay (jitter).
SLACK = 0.2


def test_a_crawl_delay_spaces_every_request_one_at_a_time(tmp_path: Path) -> None:
    portal = sharepoint.build()
    asks_for_delay = f"Crawl-delay: {CRAWL_DELAY}"
    portal.routes[0] = lambda h: (
        robots(portal.base_url, extra=asks_for_delay) if h.path == "/robots.txt" else None
    )
    server, base_url = serve(portal)
    try:
        result = scrapy_crawl(
            "-a", f"url={base_url.rstrip('/')}{portal.start_path}",
            "-s", f"GOVCRAWL_ARCHIVE={tmp_path / 'govcrawl.db'}",
            "-s", "DOWNLOAD_DELAY=0",  # AutoThrottle on, as crawls run: it must not go faster
            "-s", "CLOSESPIDER_PAGECOUNT=12", "-s", "LOG_LEVEL=INFO",
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Crawl-delay 1.0 s: one request at a time" in result.stderr
    assert portal.log[0][1] == "/robots.txt"
    gaps = [later - earlier for earlier, later in itertools.pairwise(portal.times[1:])]
    assert len(gaps) >= 10, portal.log
    too_close = [round(gap, 3) for gap in gaps if gap < CRAWL_DELAY - SLACK]
    assert not too_close, f"{len(too_close)} of {len(gaps)} gaps under the Crawl-delay"
