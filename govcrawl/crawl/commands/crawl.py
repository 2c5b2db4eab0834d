"""`scrapy crawl`, with one-line errors for bad portal arguments and a truthful exit status.

Scrapy's own command prints a traceback when a spider rejects its arguments, its usage banner
with every usage error, and exits 0 when a crawl could not archive anything. This one (enabled by
COMMANDS_MODULE) checks the ``portal`` spider's arguments and the archive path before Scrapy
starts (a small archive must pass SQLite's quick check, govcrawl.store.integrity.damage),
says what is wrong in one line (``scrapy: error: ...``, exit status 2), and exits 1 when
the crawl closed for a reason listed in GOVCRAWL_FAILED_FINISH_REASONS or when none of a portal's
start pages could be fetched. It holds the archive's lock (govcrawl.store.lock) for the whole
crawl: a second crawl of the same archive exits at once with GOVCRAWL_LOCKED_EXIT_CODE. Started
by ``govcrawl crawl``, it dies with that command (govcrawl.crawl.lifeline).
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from scrapy import signals
from scrapy.commands import crawl
from scrapy.exceptions import UsageError

from govcrawl.crawl.lifeline import die_with_parent
from govcrawl.crawl.spiders.portal import PortalSpider
from govcrawl.registry.sites import UnknownSiteError
from govcrawl.registry.targets import SpiderArgumentError
from govcrawl.store.connection import ArchiveError, archive_path, connect
from govcrawl.store.integrity import damage
from govcrawl.store.lock import ArchiveLock, ArchiveLocked


class Command(crawl.Command):
    finish_reason: str | None = None

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then the portal's arguments and the archive path, before Scrapy
        starts: a mistake is one line, not a banner after the startup log."""
        die_with_parent()
        try:
            super().process_options(args, opts)
            if len(args) == 1 and args[0] == PortalSpider.name:
                self._check_arguments(opts.spargs)
                self._check_archive_path()
        except UsageError as error:
            usage_error(str(error))

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's own usage errors
            return
        assert self.crawler_process is not None and self.settings is not None
        lock = ArchiveLock(archive_path(self.settings))
        try:
            lock.acquire()
        except ArchiveLocked as error:
            print(f"govcrawl: {error}", file=sys.stderr)
            self.exitcode = self.settings.getint("GOVCRAWL_LOCKED_EXIT_CODE")
            return
        try:
            self._check_archive()
            self._crawl(args[0], opts)
        finally:
            lock.release()

    def _crawl(self, spider_name: str, opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None and self.settings is not None
        crawler = self._create_crawler(spider_name)
        # A bound method: Scrapy's signals hold receivers by weak reference.
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        failed_reasons = set(self.settings.getlist("GOVCRAWL_FAILED_FINISH_REASONS"))
        unreachable: list[str] = getattr(crawler.spider, "unreachable_sites", list)()
        if (
            self.crawler_process.bootstrap_failed
            or self.finish_reason in failed_reasons
            or unreachable
        ):
            self.exitcode = 1

    def _spider_closed(self, reason: str) -> None:
        self.finish_reason = reason

    def _check_arguments(self, spider_arguments: dict[str, str]) -> None:
        try:
            PortalSpider(**spider_arguments)
        except (SpiderArgumentError, UnknownSiteError) as error:
            raise UsageError(str(error), print_help=False) from error

    def _check_archive_path(self) -> None:
        assert self.settings is not None
        archive = archive_path(self.settings)
        if archive.is_dir():
            raise UsageError(
                f"GOVCRAWL_ARCHIVE {archive} is a directory: name the archive file, "
                f"e.g. -s GOVCRAWL_ARCHIVE={archive / 'govcrawl.db'}",
                print_help=False,
            )

    def _check_archive(self) -> None:
        assert self.settings is not None
        path = archive_path(self.settings)
        try:
            db = connect(path)
        except ArchiveError as error:
            usage_error(str(error))
        problem = damage(db, path)
        db.close()
        if problem:
            usage_error(
                f"archive {path} is damaged ({problem}): run govcrawl verify --archive {path}, "
                "then restore it from a backup or a snapshot"
            )


def usage_error(message: str) -> NoReturn:
    """Say what is wrong in one line on stderr and exit 2 (Scrapy's parser adds its banner)."""
    print(f"scrapy: error: {message}", file=sys.stderr)
    sys.exit(2)
