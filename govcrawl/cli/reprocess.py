"""``govcrawl reprocess``: the current extraction over the archive's captured responses, with
no network (govcrawl.reprocess). Prints progress on stderr, one line per article no longer
recognised and a summary on stdout; an interrupted run continues where it stopped.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from govcrawl.cli.options import ConfigurationError, archive_option

if TYPE_CHECKING:
    from scrapy.settings import Settings

    from govcrawl.reprocess.run import Progress

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T[\d:]+(\.\d+)?([+-]\d{2}:\d{2}|Z)?)?")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _DATE.fullmatch(value):
        raise ConfigurationError(f"--since {value!r}: give a date, YYYY-MM-DD (UTC)")
    return value


@click.command("reprocess")
@archive_option
@click.option("--site", metavar="KEY", help="Only the captures of this site.")
@click.option("--since", metavar="DATE", callback=_date,
              help="Only captures fetched on or after DATE (YYYY-MM-DD, UTC).")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option("--force", is_flag=True,
              help="Also re-extract pages this extractor version already made from the same capture.")  # fmt: skip
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="An extraction setting, as scrapy crawl -s (GOVCRAWL_EXTRACT_WORKERS=0 ...).")  # fmt: skip
def reprocess_command(archive_path: str, site: str | None, since: str | None, dry_run: bool,
                      force: bool, overrides: tuple[str, ...]) -> None:  # fmt: skip
    """Re-extract the captured pages (WARC) with the current extractor, without the network.

    Changed fields become new article versions, pages now recognised as articles are added,
    articles no longer recognised are listed (never deleted). Run it after every extractor fix.
    """
    from concurrent.futures.process import BrokenProcessPool

    from govcrawl.extract.version import EXTRACTOR_VERSION
    from govcrawl.reprocess.run import Reprocess, Selection
    from govcrawl.store.connection import ArchiveError
    from govcrawl.store.lock import ArchiveLocked
    from govcrawl.store.warc import CaptureError

    job = Reprocess(Path(archive_path), settings_of(overrides),
                    Selection(site=site, since=since, dry_run=dry_run, force=force))  # fmt: skip
    job.on_progress = echo_progress
    job.on_no_longer = lambda article_id, url, verdict: click.echo(
        f"no longer an article ({verdict}): #{article_id} {url}"
    )
    try:
        tally = job.run()
    except ArchiveLocked as error:
        raise click.ClickException(f"{error}: wait for it to finish and retry") from error
    except (ArchiveError, CaptureError) as error:
        raise click.ClickException(str(error)) from error
    except BrokenProcessPool as error:
        raise click.ClickException(
            "an extraction worker died (out of memory?): run the same command again to resume"
        ) from error
    what = "would be" if dry_run else "were"
    click.echo(f"extractor {EXTRACTOR_VERSION}: {tally.pages} captures read; {tally.changed} "
               f"articles {what} revised, {tally.added} pages {what} added as articles, "
               f"{tally.unchanged} unchanged, {len(tally.no_longer)} no longer recognised "
               f"(kept), {tally.not_articles} not articles, {tally.skipped} skipped")  # fmt: skip
    if job.uncaptured:
        click.echo(f"{job.uncaptured} articles have no capture (archived before WARC capture): "
                   "not re-extracted")  # fmt: skip


def settings_of(overrides: tuple[str, ...]) -> Settings:
    """govcrawl's settings with ``NAME=VALUE`` overrides (a one-line error for a bad one)."""
    from scrapy.settings import Settings

    from govcrawl import settings as project_settings

    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    for override in overrides:
        name, sep, value = override.partition("=")
        if not sep or not name:
            raise ConfigurationError(f"-s {override!r}: give NAME=VALUE")
        settings.set(name, value, priority="cmdline")
    return settings


def echo_progress(progress: Progress) -> None:
    """One line on stderr: pages done, rate, what changed so far."""
    rate = progress.done / progress.seconds if progress.seconds else 0.0
    tally = progress.tally
    resumed = f" (resumed after {progress.resumed_from})" if progress.resumed_from else ""
    click.echo(f"reprocess: {progress.done}/{progress.total} captures{resumed}, {rate:.1f}/s; "
               f"{tally.changed} revised, {tally.added} added, {len(tally.no_longer)} no longer "
               "articles", err=True)  # fmt: skip
    sys.stderr.flush()
