"""One real `scrapy crawl portal` of the hostile portals, and a check per fault case.

``crawl_faults`` serves the hostile portal, the three robots.txt portals and the redirect's
other host on 127.0.0.1/127.0.0.2, crawls them in one process (short timeouts, two retries),
stops the servers and reads the archive. ``CHECKS`` holds, per case, what proves the crawl
counted and contained it. Used by tests/test_hostile_e2e.py and benchmarks/fault_summary.py.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from portals import hostile
from portals.base import FixturePortal, serve

ROOT = Path(__file__).resolve().parents[2]
ROBOTS_KINDS = ("5xx", "404", "timeout")
DOWNLOAD_TIMEOUT = 3  # seconds; the hanging replies never end before it
# Two retries: a good page must survive a timeout when other test runs load the machine.
RETRIES = 2
TRIES = RETRIES + 1
SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "INFO",
    "DOWNLOAD_TIMEOUT": str(DOWNLOAD_TIMEOUT), "RETRY_TIMES": str(RETRIES),
    # Every portal is on 127.0.0.1, one download slot: hanging replies must not starve it.
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "MEMUSAGE_CHECK_INTERVAL_SECONDS": "0.5",
}  # fmt: skip
CRAWL_TIMEOUT = 120  # seconds; the crawl takes under 15


@dataclass
class FaultCrawl:
    """A finished crawl of the hostile portals: its process, stats, run row and archive."""

    result: subprocess.CompletedProcess[str]
    seconds: float
    stats: dict[str, Any]
    run: dict[str, Any]  # the hostile portal's crawl_runs row
    runs: dict[str, dict[str, Any]]  # every portal's, by site key
    articles: dict[str, dict[str, Any]]  # "key path" -> {"title", "text"}
    integrity: str
    main: hostile.Hostile
    robots: dict[str, FixturePortal]
    elsewhere: FixturePortal

    def archived(self, key: str, path: str) -> dict[str, Any] | None:
        """The archived article of ``path`` on portal ``key`` (``hostile``, ``robots_404``...)."""
        return self.articles.get(f"{key} {path}")

    def served(self, path: str, portal: FixturePortal | None = None) -> int:
        """How many requests for ``path`` a portal (the hostile one by default) answered."""
        log = (portal or self.main.portal).log
        return sum(1 for _, url in log if url.split("?", 1)[0] == path)

    def logged_failure(self, path: str) -> bool:
        return f"Failed {self.main.portal.base_url}{path}" in self.result.stderr

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0))

    def lost(self) -> list[str]:
        """Articles that had to be archived and are not: good pages of every portal whose
        robots.txt lets us in."""
        wanted = [("hostile", p) for p in self.main.expected_paths()]
        wanted += [("robots_404", a.path) for a in self.robots["404"].articles]
        return [f"{key} {path}" for key, path in wanted if self.archived(key, path) is None]


def write_registry(path: Path, portals: dict[str, FixturePortal]) -> None:
    path.write_text(
        "\n".join(
            f'[{key}]\nname = "{key}"\nprovince = "Lâm Đồng"\nagency = "Sở KH&CN"\n'
            f'start_urls = ["{portal.base_url}/"]\n'
            for key, portal in portals.items()
        ),
        encoding="utf-8",
    )


def crawl_faults(folder: Path, env: dict[str, str]) -> FaultCrawl:
    """Serve the hostile portals, crawl them into ``folder``/govcrawl.db, stop, read back."""
    elsewhere = hostile.build_elsewhere()
    servers = [serve(elsewhere, "127.0.0.2")[0]]
    main = hostile.build(elsewhere.base_url)
    robots = {kind: hostile.build_robots(kind, main.stop) for kind in ROBOTS_KINDS}
    portals = {"hostile": main.portal, **{f"robots_{k}": p for k, p in robots.items()}}
    servers += [serve(portal)[0] for portal in portals.values()]
    for server in servers:  # resets and hang-ups are the point: no tracebacks on stderr
        server.handle_error = lambda *_: None  # type: ignore[method-assign]
    hostile.big_sitemap(main.portal.base_url, tuple(main.good_paths))  # made before the crawl
    write_registry(folder / "sites.toml", portals)
    archive = folder / "govcrawl.db"
    command = [sys.executable, "-m", "scrapy", "crawl", "portal",
               "-a", f"registry={folder / 'sites.toml'}", "-a", f"site={','.join(portals)}",
               "-s", f"GOVCRAWL_ARCHIVE={archive}"]  # fmt: skip
    for name, value in SETTINGS.items():
        command += ["-s", f"{name}={value}"]
    started = time.monotonic()
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=CRAWL_TIMEOUT, check=False)  # fmt: skip
    finally:
        main.stop.set()
        for server in servers:
            server.shutdown()
            server.server_close()
    seconds = time.monotonic() - started
    keys = {urlsplit(p.base_url).netloc: key for key, p in portals.items()}
    stats, runs, articles, integrity = read_archive(archive, keys)
    return FaultCrawl(result, seconds, stats, runs["hostile"], runs, articles, integrity, main,
                      robots, elsewhere)  # fmt: skip


def read_archive(
    archive: Path, keys: dict[str, str]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, dict[str, Any]], str]:
    """The crawl's stats, the crawl_runs rows by site, the articles by "key path", and
    PRAGMA integrity_check."""
    with sqlite3.connect(archive) as conn:
        conn.row_factory = sqlite3.Row
        runs = {row["site"]: dict(row) for row in conn.execute("SELECT * FROM crawl_runs")}
        rows = conn.execute(
            "SELECT u.url, a.title, a.text FROM article_urls u JOIN articles a ON a.id = u.article_id"
        ).fetchall()
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    articles = {}
    for row in rows:
        parts = urlsplit(row["url"])
        key = keys.get(parts.netloc, parts.netloc)
        articles[f"{key} {parts.path}"] = {"title": row["title"], "text": row["text"]}
    stats = json.loads(runs["hostile"]["stats"] or "{}")
    return stats, runs, articles, integrity


def _archived(path: str) -> Callable[[FaultCrawl], bool]:
    return lambda c: c.archived("hostile", path) is not None


def _failed(path: str, stat: str, *, retried: bool = True) -> Callable[[FaultCrawl], bool]:
    """Fetched TRIES times when ``retried`` (else once, or more if the first try
    timed out on a busy machine), logged as failed, counted under ``stat``."""
    return lambda c: (
        (c.served(path) == TRIES if retried else 1 <= c.served(path) <= TRIES)
        and c.logged_failure(path)
        and c.stat(stat) >= 1
        and c.archived("hostile", path) is None
    )


def _hostile_content(c: FaultCrawl) -> bool:
    article = c.archived("hostile", "/xss.html")
    return (
        article is not None
        and article["title"].startswith(hostile.XSS_TITLE)  # as text
        and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", article["title"])  # no escapes
        and hostile.XSS_BODY in article["text"]
        and "bị sửa" not in article["text"]  # the page's own <script> is not text
    )


def _robots_closed(kind: str) -> Callable[[FaultCrawl], bool]:
    """RFC 9309 complete disallow: only robots.txt was fetched (with retries), nothing archived,
    and the portal's run failed as unreachable."""
    return lambda c: (
        {url for _, url in c.robots[kind].log} == {"/robots.txt"}
        and c.runs[f"robots_{kind}"]["status"] == "failed"
        and c.stat("govcrawl/robots/unreachable") == 2
        and not any(k.startswith(f"robots_{kind} ") for k in c.articles)
    )


_TIMEOUTS = "retry/reason_count/scrapy.exceptions.DownloadTimeoutError"
CHECKS: dict[str, Callable[[FaultCrawl], bool]] = {
    "503_then_200": lambda c: c.served("/loi/tam-thoi.html") >= 2
    and c.archived("hostile", "/loi/tam-thoi.html") is not None,
    "http_500": lambda c: c.served("/loi/500.html") == TRIES
    and c.stat("httperror/response_ignored_status_count/500") == 1
    and c.archived("hostile", "/loi/500.html") is None,
    "timeout": _failed("/cham/timeout.html", _TIMEOUTS),
    "slow_drip": _failed("/cham/nho-giot.html", _TIMEOUTS),
    "reset_mid_body": _failed(
        "/dut/reset.html", "retry/reason_count/scrapy.exceptions.ResponseDataLossError"
    ),
    "truncated_html": _archived("/dut/cat-ngang.html"),
    "page_50mb": _failed("/lon/50mb.html", "govcrawl/fetch/too_large", retried=False),
    "page_50mb_no_length": _failed(
        "/lon/50mb-khong-do-dai.html", "govcrawl/fetch/too_large", retried=False
    ),
    "gzip_bomb": _failed("/bom/gzip.html", "govcrawl/fetch/too_large", retried=False),
    # a -> b -> a: the duplicate filter ends it, or (after a retry, which is never filtered)
    # REDIRECT_MAX_TIMES does.
    "redirect_cycle": lambda c: c.served("/vong/a.html") + c.served("/vong/b.html") <= 8
    and (c.stat("dupefilter/filtered") >= 1 or c.stat("govcrawl/fetch/too_many_redirects") >= 1),
    "redirect_chain": lambda c: c.stat("govcrawl/fetch/too_many_redirects") >= 1
    and 6 <= sum(1 for _, url in c.main.portal.log if url.startswith("/vong/chuoi/")) <= 12,
    "redirect_other_host": lambda c: not c.elsewhere.log and c.stat("govcrawl/scope/filtered") >= 1,
    "binary_as_html": lambda c: c.stat("govcrawl/fetch/binary") == 1,
    "invalid_utf8": lambda c: "\ufffd" in (c.archived("hostile", "/utf8-hong.html") or {"text": ""})["text"],
    "deep_nesting": _archived("/long-nhau.html"),
    "odd_schemes": lambda c: c.archived("hostile", "/lien-ket-la.html") is not None
    and not any("NotSupported" in key or "spider_exceptions" in key for key in c.stats),
    "hostile_content": _hostile_content,
    "sitemap_gzip_bomb": lambda c: c.served("/sitemap-bom.xml.gz") == 1
    and c.stat("govcrawl/sitemap/invalid") == 2,
    "sitemap_billion_laughs": lambda c: c.served("/sitemap-cuoi.xml") == 1
    and c.stat("govcrawl/sitemap/invalid") == 2,
    # 12,500 tracking-parameter copies of each good article: fetched once (more on retries).
    "sitemap_100k_urls": lambda c: c.stat("govcrawl/sitemap/truncated") == 1
    and all(c.served(path) <= TRIES for path in c.main.good_paths),
    "robots_5xx": _robots_closed("5xx"),
    "robots_timeout": _robots_closed("timeout"),
    "robots_404": lambda c: c.served("/", c.robots["404"]) == 1
    and all(c.archived("robots_404", a.path) for a in c.robots["404"].articles),
}  # fmt: skip
