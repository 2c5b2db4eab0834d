"""The ``govcrawl`` command: search the archive, crawl portals, list sites, run the demo.

Each command is a few lines over research/, store/ and the Scrapy project; user mistakes
end in one line on stderr and a non-zero exit, never a traceback.
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
from typing import Any

import click

from govcrawl.cli.options import (
    ConfigurationError,
    QuietPipeGroup,
    archive_option,
)
from govcrawl.cli.research import (
    echo_hits,
    export_command,
    filter_options,
    filters_from,
    report_command,
    stats_command,
)
from govcrawl.crawl.lifeline import arm_child, child_environment
from govcrawl.registry.sites import (
    Site,
    UnknownSiteError,
    get_site,
    load_sites,
    sites_by_province,
    validate_sites,
)
from govcrawl.research.clusters import clusters
from govcrawl.research.runs import PortalHealth, PortalRun, portal_health, runs_of_group
from govcrawl.research.search import SearchError, search
from govcrawl.settings import GOVCRAWL_LOCKED_EXIT_CODE as LOCKED_EXIT_CODE
from govcrawl.store.connection import ArchiveError, connect
from govcrawl.urls import is_http_url

# The resource tracker of a killed crawl's worker pool warns of the semaphores it cleans up:
# noise after a kill (the summary says what happened), hidden.
QUIET_RESOURCE_TRACKER = "ignore:resource_tracker:UserWarning:multiprocessing.resource_tracker"
SEARCH_HELP = """Full-text search of the archive, best matches first (bm25).

\b
Accent-insensitive by default: "khoa hoc" finds "khoa học", "da nang" finds "Đà Nẵng".
A query typed with accents ranks the hits that contain its words exactly so first
("thể thao" before "thế"/"the"); --exact keeps only those.
Near-duplicates (republications) are hidden unless --include-duplicates.
\b
Query syntax (SQLite FTS5):
  khoa học công nghệ         all words, anywhere
  "đổi mới sáng tạo"         the exact phrase
  khởi nghiệp OR startup     either word
  đo lường NOT xăng          the first, without the second
  công nghệ*                 prefix: công nghệ, công nghiệp ...
  KH&CN                      text with punctuation is searched as a phrase
\b
Filters (accent-insensitive names; dates honour partial precision):
  govcrawl search "chuyển đổi số" --province "lam dong" --since 2024-01
  govcrawl search "giá lúa" --agency "so nong nghiep" --until 2023 --format csv
"""


@click.group(cls=QuietPipeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govcrawl")
def main() -> None:
    """govcrawl: an archive of Vietnamese provincial government news portals."""


@main.command(help=SEARCH_HELP)
@click.argument("query")
@archive_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--format", "output", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)  # fmt: skip
@click.option("--exact", is_flag=True, help="Only hits with every word accented as typed.")
@filter_options
def search_command(query: str, archive_path: str, limit: int, output: str, exact: bool,
                   **options: Any) -> None:  # fmt: skip
    filters = filters_from(options)
    try:
        db = connect(archive_path, readonly=True)
        hits = search(db, query, limit=limit, exact=exact, filters=filters)
    except (ArchiveError, SearchError) as error:
        raise click.ClickException(str(error)) from error
    echo_hits(hits, output, query)


search_command.name = "search"


@main.command("dupes")
@archive_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100_000),
              help="Clusters shown, largest first.")  # fmt: skip
@click.option("--format", "output", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True)  # fmt: skip
def dupes_command(archive_path: str, limit: int, output: str) -> None:
    """List syndication clusters: each original article and the portals that republished it."""
    try:
        found = list(clusters(connect(archive_path, readonly=True), limit=limit))
    except ArchiveError as error:
        raise click.ClickException(str(error)) from error
    for cluster in found:
        if output == "jsonl":
            click.echo(json.dumps(cluster.as_dict(), ensure_ascii=False))
            continue
        for member in cluster.members:
            mark = "original" if member.is_original else "  copy  "
            click.echo(
                f"{mark} {member.published or 'undated':<25} {member.site:<20} {member.title or ''}"
            )
            click.echo(f"{'':<9}{member.url}")
        click.echo("")
    if output == "table":
        click.echo(f"{len(found)} cluster{'s' if len(found) != 1 else ''}", err=True)


@main.command("sites")
@click.option("--province", metavar="NAME",
              help='Only this province\'s sites (accent-insensitive: "lam dong").')  # fmt: skip
@click.option("--format", "output", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True)  # fmt: skip
@click.option("--check", is_flag=True, help="Validate the registry; exit 1 listing its problems.")
@click.option("--registry", "registry_path", metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="A sites.toml to use instead of the packaged one (e.g. an edited copy).")  # fmt: skip
def sites_command(province: str | None, output: str, check: bool,
                  registry_path: str | None) -> None:  # fmt: skip
    """List the site registry (keys for `-a site=KEY` and `--site`), or check it."""
    text = Path(registry_path).read_text(encoding="utf-8") if registry_path else None
    if check:
        check_registry(text)
        return
    entries = select_sites(text, province)
    if output == "jsonl":
        for site in entries:
            click.echo(json.dumps(site.as_dict(), ensure_ascii=False))
    else:
        echo_sites_table(entries)


def select_sites(text: str | None, province: str | None) -> list[Site]:
    """Return the registry's entries (of ``province`` if given); ClickException if none."""
    try:
        registry = load_sites(text)
    except ValueError as error:
        raise click.ClickException(
            f"{error} (govcrawl sites --check lists every problem)"
        ) from error
    if not province:
        return list(registry.values())
    entries = sites_by_province(province, registry)
    if not entries:
        raise click.ClickException(
            f"no site for province {province!r} (govcrawl sites lists the provinces)"
        )
    return entries


def check_registry(text: str | None) -> None:
    """Print the registry's problems, one a line, and fail; or say that it is clean."""
    problems = validate_sites(text)
    for problem in problems:
        click.echo(problem)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in the site registry")
    click.echo(f"{len(load_sites(text))} sites, no problems")


def echo_sites_table(entries: list[Site]) -> None:
    """Print sites as aligned columns: key, province, agency, platform, verified, active_until."""
    header = ("key", "province", "agency", "platform", "verified", "active_until")
    rows = [header] + [
        (s.key, s.province or "", s.agency or "", s.platform or "", "✓" if s.verified else "",
         s.active_until or "")
        for s in entries
    ]  # fmt: skip
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    click.echo(f"{len(entries)} site{'s' if len(entries) != 1 else ''}", err=True)


CRAWL_HELP = """Crawl portals into the archive, in one process: concurrently across hosts,
politely per host. Prints one line per portal and a total.

\b
Exit status: 0 every portal crawled; 1 some portals failed (named on stderr);
2 usage or configuration error; 75 the archive is locked by another run
(cron tries again next time).
\b
  govcrawl crawl --site lam_dong_skhcn --site lam_dong_stnmt
  govcrawl crawl --province "Lâm Đồng" --archive /data/govcrawl.db
  govcrawl crawl --all --log-file /var/log/govcrawl/crawl.log --quiet     # from cron
"""


@main.command("crawl", help=CRAWL_HELP)
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
@click.option(
    "--registry",
    "registry_path",
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False),
    help="A sites.toml to use instead of the packaged registry.",
)
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
        raise click.ClickException(
            f"{len(failed)} of {len(runs)} portals failed: {', '.join(r.site for r in failed)}"
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
    memory), this process takes the crawl with it (govcrawl.crawl.lifeline).
    """
    command = [sys.executable, "-W", QUIET_RESOURCE_TRACKER, "-m", "scrapy", "crawl", "portal",
               *arguments]  # fmt: skip
    for setting in settings:
        command += ["-s", setting]
    env = child_environment({**os.environ, "SCRAPY_SETTINGS_MODULE": "govcrawl.settings"})
    process = subprocess.Popen(command, env=env, preexec_fn=arm_child(os.getpid()))
    forward = {sig: signal.signal(sig, lambda number, _: process.send_signal(number))
               for sig in (signal.SIGINT, signal.SIGTERM)}  # fmt: skip
    try:
        return process.wait()
    finally:
        for sig, handler in forward.items():
            signal.signal(sig, handler)


@main.command("status")
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
    try:
        health = portal_health(connect(archive_path, readonly=True), datetime.now(UTC))
    except ArchiveError as error:
        raise click.ClickException(str(error)) from error
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
    never = [f"{p.site} ({runs(p.failures_since_success)}, the last {p.last_run[:16]})"
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


def runs(count: int) -> str:
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


@main.command("demo")
@archive_option
@click.option("--query", default="khoa hoc cong nghe", show_default=True,
              help="The sample search run after the crawl.")  # fmt: skip
def demo_command(archive_path: str, query: str) -> None:
    """Serve the bundled demo portal on 127.0.0.1, crawl it, then run a sample search."""
    from govcrawl.demo.server import serve_in_thread

    server, base_url = serve_in_thread()
    click.echo(f"Demo portal serving on {base_url}", err=True)
    try:
        failed = run_scrapy_crawl(
            ["-a", f"url={base_url}", "-a", "site=demo", "-s", f"GOVCRAWL_ARCHIVE={archive_path}",
             "-s", "LOG_LEVEL=WARNING", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    if failed:
        raise click.ClickException("the demo crawl failed; see the log above")
    db = connect(archive_path, readonly=True)
    run = db.execute(
        "SELECT pages_new, pages_duplicate, pages_failed, finish_reason FROM crawl_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    click.echo(f"Crawl finished ({run[3]}): {run[0]} new, {run[1]} duplicate, {run[2]} failed pages; "
               f"{total} articles in {Path(archive_path)}")  # fmt: skip
    click.echo(f"\n$ govcrawl search {query!r} --limit 3")
    ctx = click.get_current_context()
    ctx.invoke(
        search_command, query=query, archive_path=archive_path, limit=3, output="table", exact=False
    )


main.add_command(export_command)
main.add_command(stats_command)
main.add_command(report_command)
