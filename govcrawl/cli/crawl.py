"""Scheduled runs: ``govcrawl crawl``, the wrapper around ``scrapy crawl`` that prints what the
archive holds of its runs, and ``govcrawl status``, each portal's health.

The wrapper passes SIGINT and SIGTERM on to the crawl and takes it along when it is killed
itself (govcrawl.crawl.lifeline); a crawl killed under it is reported from the archive.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from govcrawl.cli.options import (
    ConfigurationError,
    archive_option,
    refuse_damaged,
    registry_option,
    select_sites,
)
from govcrawl.crawl.lifeline import arm_child, child_environment
from govcrawl.settings import GOVCRAWL_LOCKED_EXIT_CODE as LOCKED_EXIT_CODE

if TYPE_CHECKING:  # the registry, the archive and URL parsing are imported when a command runs
    from govcrawl.research.runs import PortalHealth, PortalRun

# The resource tracker of a killed crawl's worker pool warns of the semaphores it cleans up:
# noise after a kill (the summary says what happened), hidden.
QUIET_RESOURCE_TRACKER = "ignore:resource_tracker:UserWarning:multiprocessing.resource_tracker"

CRAWL_HELP = """Crawl portals into the archive, in one process: concurrently across hosts,
politely per host. Prints one line per portal and a total.

\b
Exit status: 0 every portal crawled; 1 some portals failed, or are suspect: most pages
expected to be articles (sitemap and feed entries, article URLs) were not archived (named on
stderr, with the top reasons);
2 usage or configuration error; 75 the archive is locked by another run
(cron tries again next time).
\b
  govcrawl crawl --site lam_dong_skhcn --site lam_dong_stnmt
  govcrawl crawl --province "Lâm Đồng" --archive /data/govcrawl.db
  govcrawl crawl --all --log-file /var/log/govcrawl/crawl.log --quiet     # from cron
"""


@click.command("crawl", help=CRAWL_HELP)
@click.option(
    "--site",
    "sites",
    multiple=True,
    metavar="KEY",
    help="Registry key (see `govcrawl sites`); repeat for several portals.",
)
@click.option("--province", metavar="NAME", help="Every current registry site of this province.")
@click.option(
    "--all",
    "all_sites",
    is_flag=True,
    help="Every current registry site (retired portals and the demo excluded).",
)
@click.option("--url", help="Start URL of a portal not in the registry.")
@registry_option
@archive_option
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    help="Write Scrapy's full log (INFO) here instead of warnings on stderr.",
)
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
    help="Log level (default: WARNING on stderr, INFO into --log-file).",
)
@click.option(
    "--quiet",
    is_flag=True,
    help="Print nothing when every portal succeeded (cron mails only failures).",
)
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy setting, as scrapy crawl -s.")  # fmt: skip
def crawl_command(sites: tuple[str, ...], province: str | None, all_sites: bool,
                  url: str | None, registry_path: str | None, archive_path: str,
                  log_file: str | None, log_level: str | None, quiet: bool,
                  settings: tuple[str, ...]) -> None:  # fmt: skip
    text = Path(registry_path).read_text(encoding="utf-8") if registry_path else None
    keys = crawl_keys(sites, province, all_sites, text)
    if not keys and not url:
        raise ConfigurationError(
            "give --site KEY, --province NAME, --all (see `govcrawl sites`) or --url START_URL"
        )
    if url and len(keys) > 1:
        raise ConfigurationError("--url takes at most one --site (the label of its articles)")
    check_start_urls(url)
    run_group = uuid.uuid4().hex[:12]
    arguments = ["-a", f"site={','.join(keys)}"] if keys else []
    arguments += ["-a", f"url={url}"] if url else []
    arguments += ["-a", f"registry={registry_path}"] if registry_path else []
    arguments += ["-s", f"GOVCRAWL_ARCHIVE={archive_path}", "-s", f"GOVCRAWL_RUN_GROUP={run_group}"]
    if log_file:
        arguments += ["-s", f"LOG_FILE={log_file}", "-s", "LOG_FILE_APPEND=True"]
    arguments += ["-s", f"LOG_LEVEL={log_level or ('INFO' if log_file else 'WARNING')}"]
    status = run_scrapy_crawl(arguments, settings)
    if status in (2, LOCKED_EXIT_CODE):  # the crawl said why on stderr
        sys.exit(status)
    report_runs(archive_path, run_group, quiet=quiet, killed_by=killing_signal(status))


def check_start_urls(url: str | None) -> None:
    """A one-line ConfigurationError unless each start URL of ``--url`` is an http(s) URL."""
    from govcrawl.urls import is_http_url

    for start in (url or "").split():
        if not is_http_url(start):
            raise ConfigurationError(
                f"--url {url!r}: {start!r} is not an http(s) URL; give the portal's start page, "
                "e.g. --url https://example.gov.vn/tin-tuc"
            )
    if url is not None and not url.split():
        raise ConfigurationError("--url is empty; give the portal's start page")


def killing_signal(status: int) -> str | None:
    """The name of the signal that killed the crawl process (a negative status), or None."""
    if status >= 0:
        return None
    try:
        return signal.Signals(-status).name
    except ValueError:
        return f"signal {-status}"


def crawl_keys(sites: tuple[str, ...], province: str | None, all_sites: bool,
               registry_text: str | None) -> list[str]:  # fmt: skip
    """Registry keys named by --site, --province and --all, each once, in that order."""
    from govcrawl.registry.sites import UnknownSiteError, get_site

    keys = list(sites)
    try:
        registry = {site.key: site for site in select_sites(registry_text, None)}
        for key in sites:
            get_site(key, registry)
        if province:
            keys += [s.key for s in select_sites(registry_text, province) if not s.active_until]
        if all_sites:
            keys += [key for key, site in registry.items()
                     if not site.active_until and key != "demo"]  # fmt: skip
    except UnknownSiteError as error:
        raise ConfigurationError(str(error)) from error
    except click.ClickException as error:
        raise ConfigurationError(error.message) from error
    return list(dict.fromkeys(keys))


def report_runs(archive_path: str, run_group: str, *, quiet: bool,
                killed_by: str | None = None) -> None:  # fmt: skip
    """Print the crawl's line per portal and a total, as the archive holds them; exit 1 naming
    the failed portals (and the signal that killed the crawl, if one did)."""
    from govcrawl.research.runs import runs_of_group
    from govcrawl.store.connection import ArchiveError, connect

    try:
        runs = runs_of_group(connect(archive_path, readonly=True), run_group)
    except ArchiveError as error:
        raise click.ClickException(f"the crawl recorded nothing: {error}") from error
    if not runs:
        why = f"was killed by {killed_by} first" if killed_by else "could not open the archive"
        raise click.ClickException(f"the crawl recorded no portal run (it {why}); see the log")
    failed = [run for run in runs if not run.ok]
    width = max(len(run.site) for run in runs)
    for run in runs:
        if not quiet or not run.ok:
            click.echo(run.line(width))
    if not quiet:
        click.echo(total_line(runs))
    if failed:
        killed = f" (the crawl process was killed by {killed_by})" if killed_by else ""
        suspect = any(run.status == "suspect" for run in failed)
        raise click.ClickException(
            f"{len(failed)} of {len(runs)} portals failed{' or are suspect' if suspect else ''}: "
            f"{', '.join(r.site + (' (suspect)' if r.status == 'suspect' else '') for r in failed)}"
            f"{killed}"
        )


def total_line(runs: list[PortalRun]) -> str:
    """The crawl's total; requests of unfinished (killed) runs are not known, and said so."""
    unknown = sum(r.requests is None for r in runs)
    requests = sum(r.requests or 0 for r in runs)
    note = f" (+ those of {unknown} unfinished)" if unknown else ""
    return (
        f"total: {len(runs)} portal{'s' if len(runs) != 1 else ''}, "
        f"{len(runs) - sum(not r.ok for r in runs)} ok, {sum(not r.ok for r in runs)} failed; "
        f"{sum(r.new for r in runs)} new, {sum(r.changed for r in runs)} changed, "
        f"{sum(r.gone for r in runs)} gone articles; {requests} requests{note}"
    )


def run_scrapy_crawl(arguments: list[str], settings: tuple[str, ...] = ()) -> int:
    """Run `scrapy crawl portal ARGUMENTS` in the project; return its exit status.

    SIGINT and SIGTERM sent to this process are passed on, so the crawl stops cleanly (and
    records its end) when cron, systemd or a user stops the command; killed (SIGKILL, out of
    memory), this process takes the crawl with it (govcrawl.crawl.lifeline). The crawl runs in
    a process group of its own: Ctrl-C, which a terminal sends to its whole foreground group,
    reaches it once, through this process (twice, Scrapy would stop at once, uncleanly).
    """
    command = [sys.executable, "-W", QUIET_RESOURCE_TRACKER, "-m", "scrapy", "crawl", "portal",
               *arguments]  # fmt: skip
    for setting in settings:
        command += ["-s", setting]
    env = child_environment({**os.environ, "SCRAPY_SETTINGS_MODULE": "govcrawl.settings"})
    process = subprocess.Popen(command, env=env, process_group=0, preexec_fn=arm_child(os.getpid()))
    forward = {sig: signal.signal(sig, lambda number, _: process.send_signal(number))
               for sig in (signal.SIGINT, signal.SIGTERM)}  # fmt: skip
    try:
        return process.wait()
    finally:
        for sig, handler in forward.items():
            signal.signal(sig, handler)


@click.command("status")
@archive_option
@click.option(
    "--max-age",
    "max_days",
    default=7.0,
    show_default=True,
    metavar="DAYS",
    type=click.FloatRange(min=0),
    help="Flag portals with no successful crawl for this many days; exit 1 if any.",
)
@click.option("--format", "output", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True)  # fmt: skip
def status_command(archive_path: str, max_days: float, output: str) -> None:
    """Each crawled portal: last run, last success, articles added, failures since."""
    from govcrawl.research.runs import portal_health
    from govcrawl.store.connection import ArchiveError, connect

    try:
        db = connect(archive_path, readonly=True)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from error
    refuse_damaged(db, archive_path)
    health = portal_health(db, datetime.now(UTC))
    stale = [portal for portal in health if portal.stale(max_days)]
    if output == "jsonl":
        for portal in health:
            click.echo(json.dumps({**portal.as_dict(), "stale": portal.stale(max_days)},
                                  ensure_ascii=False))  # fmt: skip
    else:
        echo_health_table(health, max_days)
    if stale:
        raise click.ClickException(stale_message(stale, max_days))


def stale_message(stale: list[PortalHealth], max_days: float) -> str:
    """One line naming the portals overdue for a success, apart from those that never had one."""
    overdue = [p.site for p in stale if p.last_success]
    never = [f"{p.site} ({count_of_runs(p.failures_since_success)}, the last {p.last_run[:16]})"
             for p in stale if not p.last_success]  # fmt: skip
    parts = []
    if overdue:
        parts.append(
            f"{len(overdue)} portal{'s have' if len(overdue) != 1 else ' has'} not been crawled "
            f"successfully for {max_days:g} days: {', '.join(overdue)}"
        )
    if never:
        parts.append(
            f"{len(never)} portal{'s have' if len(never) != 1 else ' has'} never been crawled "
            f"successfully: {', '.join(never)}"
        )
    return "; ".join(parts)


def count_of_runs(count: int) -> str:
    """``count`` runs, in words: "1 run", "3 runs"."""
    return f"{count} run{'s' if count != 1 else ''}"


def echo_health_table(health: list[PortalHealth], max_days: float) -> None:
    header = ("site", "articles", "last run", "status", "last success", "added", "failures since")
    rows = [header] + [
        (p.site, str(p.articles), p.last_run[:16], p.last_status,
         (p.last_success or "never")[:16] + (" STALE" if p.stale(max_days) else ""),
         "" if p.added_last_success is None else str(p.added_last_success),
         str(p.failures_since_success))
        for p in health
    ]  # fmt: skip
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    for row in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    click.echo(f"{len(health)} portal{'s' if len(health) != 1 else ''}", err=True)
