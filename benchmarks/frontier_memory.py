"""Peak memory and time per request: the frontier scheduler against Scrapy's default scheduler.

    .venv/bin/python benchmarks/frontier_memory.py [--count 1000000] [--hosts 50]

Each scheduler runs in its own process (peak RSS is per process): COUNT synthetic requests
shaped like the portal spider's (50 hosts, govcrawl meta, spider callbacks) are enqueued, then
COUNT/10 duplicates, then everything is dequeued; a dequeued request is dropped at once (the
frontier settles it as done). No network, no reactor. Scrapy's scheduler is the project's
setup without the frontier: FIFO memory queues and RFPDupeFilter (its fingerprint set grows with
the crawl). The frontier commits every GOVCRAWL_FRONTIER_COMMIT_OPS operations (the timer needs
a reactor; in a crawl it adds a commit per second at most).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from scrapy import Request, Spider
from scrapy.core.scheduler import BaseScheduler
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.test import get_crawler

from govcrawl import settings as project

ROOT = Path(__file__).resolve().parent.parent


class IdleDownloader:
    """What both schedulers ask Scrapy's downloader: a request's slot, each slot's activity."""

    def __init__(self) -> None:
        self.slots: dict[str, Any] = {}

    def get_slot_key(self, request: Request) -> str:
        return urlparse_cached(request).hostname or ""


class BenchSpider(Spider):
    name = "portal"

    def parse_page(self, response: Any) -> None:
        pass

    def on_error(self, failure: Any) -> None:
        pass


def rss_mib() -> float:
    """Peak resident set size of this process so far, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_request(spider: BenchSpider, number: int, hosts: int) -> Request:
    host = f"so{number % hosts}.example.gov.vn"
    meta = {"govcrawl_source": "link", "govcrawl_site": host, "govcrawl_any_host": False,
            "depth": 1 + number % 4}  # fmt: skip
    return Request(
        f"https://{host}/tin-tuc/chuyen-muc/bai-viet-so-{number}.html", callback=spider.parse_page,
        errback=spider.on_error, meta=meta, priority=-(number % 4),
    )  # fmt: skip


def build(kind: str, archive: Path, hosts: int) -> tuple[BaseScheduler, BenchSpider]:
    names = {name: getattr(project, name) for name in dir(project) if name.isupper()}
    names.update(
        GOVCRAWL_ARCHIVE=str(archive), GOVCRAWL_FRONTIER_ENABLED=kind == "frontier",
        GOVCRAWL_FRONTIER_COMMIT_INTERVAL=0, LOG_LEVEL="WARNING",
    )  # fmt: skip
    crawler = get_crawler(BenchSpider, settings_dict=names)
    spider = BenchSpider.from_crawler(crawler)
    spider.targets = {f"so{n}.example.gov.vn": None for n in range(hosts)}  # type: ignore[attr-defined]
    crawler.spider = spider
    crawler.stats.open_spider()
    # Both schedulers ask the downloader for slot keys and activity; no engine runs here.
    crawler.engine = SimpleNamespace(downloader=IdleDownloader(), scheduler=None)  # type: ignore[assignment]
    scheduler = build_scheduler(crawler)
    scheduler.open(spider)
    return scheduler, spider


def build_scheduler(crawler: Any) -> BaseScheduler:
    from govcrawl.crawl.frontier import FrontierScheduler

    return FrontierScheduler.from_crawler(crawler)


def run_one(kind: str, count: int, hosts: int) -> dict[str, Any]:
    """Push and pop ``count`` requests through one scheduler; times and memory."""
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "govcrawl.db"
        scheduler, spider = build(kind, archive, hosts)
        baseline = rss_mib()
        started = time.perf_counter()
        for number in range(count):
            scheduler.enqueue_request(make_request(spider, number, hosts))
        enqueued = time.perf_counter()
        duplicates = count // 10
        for number in range(duplicates):
            assert not scheduler.enqueue_request(make_request(spider, number * 7 % count, hosts))
        filtered = time.perf_counter()
        popped = 0
        while scheduler.next_request() is not None:
            popped += 1
        dequeued = time.perf_counter()
        assert popped == count, popped
        scheduler.close("finished")
        closed = time.perf_counter()
        size = sum(f.stat().st_size for f in Path(folder).iterdir())
    return {
        "scheduler": kind, "requests": count, "baseline_mib": round(baseline),
        "peak_rss_mib": round(rss_mib()),
        "enqueue_us": round((enqueued - started) / count * 1e6, 1),
        "duplicate_us": round((filtered - enqueued) / max(1, duplicates) * 1e6, 1),
        "dequeue_us": round((dequeued - filtered) / count * 1e6, 1),
        "close_s": round(closed - dequeued, 2), "files_mib": round(size / 2**20),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--only", choices=["frontier", "scrapy"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        print(json.dumps(run_one(args.only, args.count, args.hosts)))
        return
    rows = []
    for kind in ("scrapy", "frontier"):
        command = [sys.executable, __file__, "--only", kind, "--count", str(args.count),
                   "--hosts", str(args.hosts)]  # fmt: skip
        output = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        rows.append(json.loads(output.stdout.strip().splitlines()[-1]))
    columns = list(rows[0])
    print("  ".join(f"{c:>14}" for c in columns))
    for row in rows:
        print("  ".join(f"{row[c]!s:>14}" for c in columns))


if __name__ == "__main__":
    main()
