"""Fetch-only Scrapy crawl for benchmarks/speed.py: every URL of a file, nothing parsed.

python benchmarks/speed_fetch.py URLS.txt [-s NAME=VALUE ...]
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess


class FetchOnly(scrapy.Spider):
    """Requests each URL of ``urls`` and drops the response."""

    name = "fetch_only"

    def __init__(self, urls: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.urls = Path(urls).read_text(encoding="utf-8").split()
        self.ok = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: Any) -> None:
        self.ok += response.status == 200

    def closed(self, reason: str) -> None:
        print(self.ok)


def main(argv: list[str]) -> int:
    settings = {"COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "WARNING"}
    for flag, pair in zip(argv[1::2], argv[2::2], strict=True):
        assert flag == "-s", flag
        name, value = pair.split("=", 1)
        settings[name] = value
    settings["LOG_LEVEL"] = "WARNING"
    process = CrawlerProcess(settings)
    process.crawl(FetchOnly, urls=argv[0])
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
