"""`scrapy settings`, answering as a crawl would: the add-ons (ADDONS) applied first.

Scrapy's own command shows the settings before add-ons run, so ``--get USER_AGENT`` would not
show the User-Agent a crawl sends (govcrawl.crawl.addons builds it from GOVCRAWL_CONTACT).
"""

from __future__ import annotations

import argparse

from scrapy.commands import settings
from scrapy.crawler import Crawler
from scrapy.spiders import Spider


class Command(settings.Command):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        crawler = Crawler(Spider, self.settings)
        crawler.addons.load_settings(crawler.settings)
        self.settings = crawler.settings
        super().run(args, opts)
