"""Speed and memory of a crawl against the extraction bound, measured side by side in one run.

    .venv/bin/python benchmarks/speed.py                   # N = 1,000, 3,000 and 10,000
    .venv/bin/python benchmarks/speed.py --sizes 3000 --server python
    .venv/bin/python benchmarks/speed.py --sizes 1000 3000 --warc both   # capture off and on

For each N: a synthetic portal of N article pages (50-120 KB, heavy boilerplate; 20-teaser
category listings; robots.txt and a sitemap: benchmarks/speed_portal.py) is served on
127.0.0.1 by nginx (own config, free port, stopped by PID; a Python server when nginx is
missing), then measured:

(a) Scrapy fetching every page, no parsing: pages/s.
(b) the extraction bound: plain ``trafilatura.bare_extraction(with_metadata=True)`` over the same
    article pages in one process per core: pages/s.
(c) the real ``scrapy crawl portal`` end to end into a fresh archive, politeness lifted for the
    one local host with ``-s`` settings: article pages archived per second of wall time (start-
    up included), CPU use of the crawl and its workers (% of all cores), peak RSS of the crawl
    process and of crawl + workers, the share of articles extracted by induced selectors, the
    lowest body token F1 of the pages checked against whole-page extraction, and how many of those
    pages disagreed, by cause (a field, the verdict, no block, body F1); the crawl log's line for
    each such page (URL, both values, body F1) is printed under the table row.

With ``--warc both``, (c) runs twice on the same pages and server, WARC capture off and on
(GOVCRAWL_WARC_ENABLED), one row each, with the bytes of WARC written; ``--warc on`` (the
default, as a crawl runs) or ``off`` runs it once.

The headline is (c)/(b). Every figure is from the same run on the same pages.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import speed_portal
from speed_procs import TreeSampler

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "guard")]

from conftest import guarded_env  # noqa: E402

CORES = len(os.sched_getaffinity(0))
NGINX_CONF = """daemon off; master_process on; worker_processes 1; pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn; events {{ worker_connections 256; }}
http {{ access_log off; sendfile on; default_type text/html; charset utf-8;
  types {{ text/html html; application/xml xml; text/plain txt; }}
  client_body_temp_path {prefix}/tmp; proxy_temp_path {prefix}/tmp; fastcgi_temp_path {prefix}/tmp;
  uwsgi_temp_path {prefix}/tmp; scgi_temp_path {prefix}/tmp;
  server {{ listen 127.0.0.1:{port}; root {root}; index index.html;
    location / {{ try_files $uri $uri/ =404; }} }} }}
"""


@dataclass
class Row:
    """One size's measurements."""

    n: int
    fetch: float
    bound: float
    crawl: float
    cpu: float
    rss_crawl: float
    rss_tree: float
    archived: int
    induced: int
    checked: int
    min_f1: float | None
    disagreed: int
    mismatches: dict[str, int]
    logged: list[str]
    warc: str = "on"
    warc_bytes: int = 0

    def line(self) -> str:
        f1 = f"{self.min_f1:.4f}" if self.min_f1 is not None else "-"
        causes = ",".join(f"{cause}:{n}" for cause, n in sorted(self.mismatches.items()))
        return (
            f"{self.n:>6} {self.fetch:>8.1f} {self.bound:>8.1f} {self.crawl:>8.1f} "
            f"{self.crawl / self.bound:>6.2f}x {self.cpu:>5.0%} {self.rss_crawl:>7.0f} "
            f"{self.rss_tree:>7.0f} {self.archived:>6}/{self.n:<6} "
            f"{self.induced / max(1, self.archived):>7.1%} {self.checked:>6} {f1:>7} "
            f"{self.disagreed:>6} {causes or '-'}  [warc {self.warc}: "
            f"{self.warc_bytes / 2**20:.1f} MB]"
        )


HEADER = (
    f"{'N':>6} {'(a)fetch':>8} {'(b)bound':>8} {'(c)crawl':>8} {'(c)/(b)':>7} {'CPU':>5} "
    f"{'RSS MB':>7} {'+workers':>7} {'archived':>13} {'induced':>7} {'checks':>6} {'min F1':>7} "
    f"{'disagr':>6} which"
)
MISMATCH = "govcrawl/induction/mismatch/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """The portal's files on 127.0.0.1: nginx with its own config, else a Python server."""

    def __init__(self, root: Path, kind: str):
        self.port, self.process, self.thread = free_port(), None, None
        self.kind = "nginx" if kind != "python" and shutil.which("nginx") else "python"
        if self.kind == "nginx":
            prefix = root.parent / "nginx"
            (prefix / "tmp").mkdir(parents=True, exist_ok=True)
            conf = prefix / "nginx.conf"
            conf.write_text(NGINX_CONF.format(prefix=prefix, port=self.port, root=root))
            command = ["nginx", "-p", str(prefix), "-c", str(conf)]
            self.process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
            self._wait()
        else:
            self.thread, self.port = speed_portal.serve_in_thread(root, self.port)

    def _wait(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def stop(self) -> None:
        if self.process is not None:  # by PID: the master stops its workers
            self.process.terminate()
            self.process.wait(timeout=30)
        if self.thread is not None:
            self.thread.shutdown()
            self.thread.server_close()


def fetch_only(base_url: str, paths: list[str], folder: Path) -> float:
    """(a): pages/s of a Scrapy crawl that fetches ``paths`` and parses nothing."""
    listing = folder / "urls.txt"
    listing.write_text("\n".join(base_url + p for p in paths), encoding="utf-8")
    started = time.monotonic()
    out = run(
        [
            sys.executable,
            str(Path(__file__).with_name("speed_fetch.py")),
            str(listing),
            *speed_portal.LIFTED,
        ]
    )
    elapsed = time.monotonic() - started
    if int(out.split()[-1]) != len(paths):
        raise RuntimeError(f"fetch-only got {out.split()[-1]} of {len(paths)} pages")
    return len(paths) / elapsed


def _extract(args: tuple[str, str]) -> bool:
    import trafilatura

    path, url = args
    html = Path(path).read_bytes().decode("utf-8")
    return trafilatura.bare_extraction(html, url=url, with_metadata=True) is not None


def extraction_bound(portal: speed_portal.Portal, base_url: str) -> float:
    """(b): pages/s of plain trafilatura with metadata over the articles, one process a core."""
    jobs = [(str(portal.root / p.lstrip("/")), base_url + p) for p in portal.articles]
    started = time.monotonic()
    with multiprocessing.get_context("fork").Pool(CORES) as pool:
        done = sum(pool.imap_unordered(_extract, jobs, chunksize=8))
    assert done == len(jobs)
    return len(jobs) / (time.monotonic() - started)


def crawl(base_url: str, folder: Path, n: int, warc: str = "on") -> Row:
    """(c): the real crawl into a fresh archive, sampled for CPU and memory; WARC capture
    ``warc`` ("on" or "off")."""
    folder = folder / f"warc-{warc}"
    folder.mkdir()
    archive = folder / "govcrawl.db"
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"url={base_url}/",
               "-s", f"GOVCRAWL_ARCHIVE={archive}", "-s", f"LOG_FILE={folder / 'crawl.log'}",
               "-s", f"GOVCRAWL_WARC_ENABLED={warc == 'on'}", *speed_portal.LIFTED]  # fmt: skip
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=guarded_env())
    sampler = TreeSampler(process.pid)
    while process.poll() is None:
        sampler.sample()
        time.sleep(0.25)
    wall = time.monotonic() - started
    if process.returncode != 0:
        raise RuntimeError(f"crawl failed ({process.returncode}); see {folder / 'crawl.log'}")
    with sqlite3.connect(archive) as conn:
        archived = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        (stats,) = conn.execute("SELECT stats FROM crawl_runs").fetchone()
    stats = json.loads(stats)
    return Row(
        n=n, fetch=0.0, bound=0.0, crawl=archived / wall, cpu=sampler.cpu_seconds / wall / CORES,
        rss_crawl=sampler.peak_main / 2**20, rss_tree=sampler.peak_tree / 2**20,
        archived=archived, induced=int(stats.get("govcrawl/extract/path_induced", 0)),
        checked=int(stats.get("govcrawl/induction/checked", 0)),
        min_f1=stats.get("govcrawl/induction/min_f1"),
        disagreed=sum(int(stats.get(f"govcrawl/induction/{e}", 0)) for e in ("rejected", "dropped")),
        mismatches={k.removeprefix(MISMATCH): int(v) for k, v in stats.items()
                    if k.startswith(MISMATCH)},
        logged=[line.rstrip() for line in (folder / "crawl.log").open(encoding="utf-8")
                if "Induced selector" in line],
        warc=warc, warc_bytes=sum(f.stat().st_size for f in folder.glob("warc/*.warc.gz")),
    )  # fmt: skip


def run(command: list[str]) -> str:
    """Run ``command`` in the guarded environment; return its output."""
    result = subprocess.run(command, cwd=ROOT, env=guarded_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed: {result.stderr[-2000:]}")
    return result.stdout


def measure(n: int, server_kind: str, captures: list[str]) -> tuple[list[Row], str]:
    """Build, serve and measure the portal of ``n`` articles, crawled once per WARC capture
    setting in ``captures``; return the rows and the server."""
    with tempfile.TemporaryDirectory(prefix=f"speed-{n}-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o755)  # nginx's workers run as another user
        portal = speed_portal.build(folder / "site", n)
        server = Server(portal.root, server_kind)
        try:
            base_url = f"http://127.0.0.1:{server.port}"
            speed_portal.finish(portal, base_url)
            fetched = fetch_only(base_url, portal.articles + portal.listings, folder)
            bound = extraction_bound(portal, base_url)
            rows = [crawl(base_url, folder, n, warc) for warc in captures]
        finally:
            server.stop()
        for row in rows:
            row.fetch, row.bound = fetched, bound
        return rows, server.kind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--server", choices=["auto", "nginx", "python"], default="auto")
    parser.add_argument("--warc", choices=["on", "off", "both"], default="on",
                        help="WARC capture during (c); both: off and on, side by side")  # fmt: skip
    args = parser.parse_args(argv)
    print(f"{CORES} cores; pages/s; RSS = peak resident MB (crawl process; crawl + workers)")
    print("min F1 = lowest body token F1 of a page extracted both ways; disagr = such pages that")
    print(
        "disagreed (selector rejected or dropped); which = per cause: field, verdict, block, body"
    )
    print(HEADER, flush=True)
    for n in args.sizes:
        captures = ["off", "on"] if args.warc == "both" else [args.warc]
        rows, kind = measure(n, args.server, captures)
        for row in rows:
            complete = "" if row.archived == n else "  INCOMPLETE: not every article archived"
            print(f"{row.line()}  [{kind}]{complete}", flush=True)
            for line in row.logged[:20]:
                print(f"    {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
