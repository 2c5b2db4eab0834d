"""The ``govcrawl`` command: search the archive, list duplicates and sites, run the demo; the
group that also holds ``crawl`` and ``status`` (cli/crawl.py), the researchers' commands
(cli/research.py) and ``show`` (cli/show.py).

Each command is a few lines over research/, store/ and the Scrapy project; user mistakes
end in one line on stderr and a non-zero exit, never a traceback. Those are imported when a
command runs: ``govcrawl --help`` and ``--version`` load click and the command modules alone
(no Scrapy, trafilatura, sqlite-utils or pandas; tests/test_cli_startup.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from govcrawl import __version__
from govcrawl.cli.archive_file import reindex_command, snapshot_command, verify_command
from govcrawl.cli.captures import captures_command
from govcrawl.cli.check import check_command
from govcrawl.cli.crawl import crawl_command, run_scrapy_crawl, status_command
from govcrawl.cli.options import QuietPipeGroup, archive_option, select_sites
from govcrawl.cli.reprocess import reprocess_command
from govcrawl.cli.research import (
    check_filters,
    echo_hidden,
    echo_hits,
    export_command,
    filter_options,
    filters_from,
    open_readonly,
    report_command,
    stats_command,
)
from govcrawl.cli.show import show_command

if TYPE_CHECKING:
    from govcrawl.registry.sites import Site

SEARCH_HELP = """Full-text search of the archive, best matches first (bm25).

\b
Word-aware and accent-insensitive: the words of a query are a phrase, so "da nang" finds
"Đà Nẵng" but not "đã nâng" or "Đà Lạt"; --any-order finds the syllables anywhere.
Abbreviations match their full names both ways ("UBND" = "Ủy ban nhân dân", "KH&CN" =
"khoa học và công nghệ"), and spelling variants match (hòa/hoà, thủy/thuỷ, kĩ/kỹ).
A query typed with accents ranks the hits that contain its words exactly so first
("thể thao" before "thế"/"the"); --exact keeps only those.
Near-duplicates (republications) are hidden unless --include-duplicates.
\b
Query syntax (SQLite FTS5):
  nông thôn mới              these words, in this order (a phrase)
  "đổi mới sáng tạo"         the same, quoted
  "chuyển đổi số" "Lâm Đồng" both phrases, anywhere (also: chuyển đổi số AND Lâm Đồng)
  khởi nghiệp OR startup     either word
  đo lường NOT xăng          the first, without the second
  công nghệ*                 the last word a prefix: công nghệ, công nghề, công nghe ...
  Sở KH&CN                   also "Sở Khoa học và Công nghệ", "Sở KHCN"
\b
Filters (accent-insensitive names; dates honour partial precision):
  govcrawl search "chuyển đổi số" --province "lam dong" --since 2024-01
  govcrawl search "giá lúa" --agency "so nong nghiep" --until 2023 --format csv
\b
A query has at most 512 characters and 32 words. Near-duplicates that match but are
hidden are counted on stderr; an unknown --site or --province is an error (exit 2).
"""


@click.group(cls=QuietPipeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, package_name="govcrawl")
def main() -> None:
    """govcrawl: an archive of Vietnamese provincial government news portals."""


@main.command(help=SEARCH_HELP)
@click.argument("query")
@archive_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--format", "output", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)  # fmt: skip
@click.option("--exact", is_flag=True, help="Only hits with every word accented as typed.")
@click.option("--any-order", is_flag=True,
              help="Every syllable anywhere, not the words as a phrase.")  # fmt: skip
@filter_options
def search_command(query: str, archive_path: str, limit: int, output: str, exact: bool,
                   any_order: bool, **options: Any) -> None:  # fmt: skip
    from govcrawl.research.hidden import hidden_hits
    from govcrawl.research.search import SearchError, check_query_size
    from govcrawl.research.word_runs import search_reading
    from govcrawl.store.connection import ArchiveError

    filters = filters_from(options)
    try:
        check_query_size(query)
        db = open_readonly(archive_path)
        check_filters(db, filters)
        reading = search_reading(db, query, limit=limit, exact=exact, filters=filters,
                                 any_order=any_order)  # fmt: skip
        hits = reading.hits
        hidden = hidden_hits(db, reading.query, filters, exact=exact, any_order=any_order)
    except (ArchiveError, SearchError) as error:
        raise click.ClickException(str(error)) from error
    if note := reading.note():
        click.echo(note, err=True)
    echo_hits(hits, output, query[:80] + ("…" if len(query) > 80 else ""))
    echo_hidden(hidden)


search_command.name = "search"


@main.command("dupes")
@archive_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100_000),
              help="Clusters shown, largest first.")  # fmt: skip
@click.option("--format", "output", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True)  # fmt: skip
def dupes_command(archive_path: str, limit: int, output: str) -> None:
    """List syndication clusters: each original article and the portals that republished it."""
    from govcrawl.research.clusters import clusters, totals

    db = open_readonly(archive_path)
    found = list(clusters(db, limit=limit))
    all_clusters, copies = totals(db)
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
        shown = f"{len(found)} of " if len(found) < all_clusters else ""
        click.echo(f"{shown}{all_clusters} cluster{'s' if all_clusters != 1 else ''}, "
                   f"{copies} republication{'s' if copies != 1 else ''}"
                   f"{' (--limit shows more)' if shown else ''}", err=True)  # fmt: skip


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


def check_registry(text: str | None) -> None:
    """Print the registry's problems, one a line, and fail; or say that it is clean."""
    from govcrawl.registry.sites import load_sites, validate_sites

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


@main.command("demo")
@archive_option
@click.option("--query", default="khoa hoc cong nghe", show_default=True,
              help="The sample search run after the crawl.")  # fmt: skip
def demo_command(archive_path: str, query: str) -> None:
    """Serve the bundled demo portal on 127.0.0.1, crawl it, then run a sample search."""
    from govcrawl.demo.server import serve_in_thread
    from govcrawl.store.connection import connect

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
        search_command,
        query=query,
        archive_path=archive_path,
        limit=3,
        output="table",
        exact=False,
        any_order=False,
    )


main.add_command(crawl_command)
main.add_command(status_command)
main.add_command(check_command)
main.add_command(export_command)
main.add_command(stats_command)
main.add_command(report_command)
main.add_command(snapshot_command)
main.add_command(verify_command)
main.add_command(reindex_command)
main.add_command(show_command)
main.add_command(reprocess_command)
main.add_command(captures_command)
