"""Researcher commands: the filter options shared with ``govcrawl search``, and ``govcrawl
export``, ``govcrawl stats`` and ``govcrawl report`` (registered on the group by cli.py).

User mistakes (a bad date, a missing archive, Parquet without pyarrow) end in one line on
stderr and exit 1; archive text printed to a terminal has its control characters escaped.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from govcrawl.cli.options import archive_option, discard_stdout
from govcrawl.research.archive_stats import Stats, collect
from govcrawl.research.captures import CaptureLookupError
from govcrawl.research.export import (
    EXPORT_COLUMNS,
    FORMATS,
    ExportError,
    columns_of,
    iter_articles,
    write_csv,
    write_jsonl,
    write_parquet,
)
from govcrawl.research.filters import FilterError, Filters
from govcrawl.research.report import build
from govcrawl.research.search import Hit
from govcrawl.research.wacz import write_wacz
from govcrawl.store.connection import ArchiveError, connect
from govcrawl.store.warc import warc_dir

HIT_COLUMNS = ("id", "url", "title", "published", "site", "province", "agency", "author", "lang",
               "duplicate_of", "rank", "exact_terms", "snippet")  # fmt: skip
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F] if chr(c) not in "\t"}


def terminal_safe(text: str | None) -> str:
    """``text`` with control characters (ANSI escapes, newlines) shown as ``\\xNN``."""
    return (text or "").translate(_CONTROL)


def filter_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Add --site, --province, --agency, --author, --lang, --since, --until, --include-duplicates."""
    options = [
        click.option("--site", multiple=True, metavar="KEY", help="Only this site (repeatable)."),
        click.option("--province", multiple=True, metavar="NAME",
                     help='Only this province, accent-insensitive: "lam dong" (repeatable).'),
        click.option("--agency", multiple=True, metavar="TEXT",
                     help='Agencies whose name contains TEXT, accent-insensitive: "so khcn".'),
        click.option("--author", multiple=True, metavar="TEXT",
                     help='Authors whose credit contains TEXT, accent-insensitive: "tran hang".'),
        click.option("--lang", multiple=True, metavar="CODE", help="Only this language: vi, en."),
        click.option("--since", metavar="DATE",
                     help="Published on or after DATE: YYYY, YYYY-MM or YYYY-MM-DD."),
        click.option("--until", metavar="DATE",
                     help="Published on or before DATE (the whole month for YYYY-MM)."),
        click.option("--include-duplicates", is_flag=True,
                     help="Keep near-duplicates (republications of another article)."),
    ]  # fmt: skip
    for option in reversed(options):
        function = option(function)
    return function


FILTER_NAMES = ("site", "province", "agency", "author", "lang", "since", "until",
                "include_duplicates")  # fmt: skip


def filters_from(options: dict[str, Any]) -> Filters:
    """Pop the filter options from a command's keyword arguments; one-line error if invalid."""
    values = {name: options.pop(name) for name in FILTER_NAMES}
    try:
        return Filters.of(**values)
    except FilterError as error:
        raise click.ClickException(str(error)) from error


def open_readonly(archive_path: str) -> Any:
    try:
        return connect(archive_path, readonly=True)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from error


def echo_hits(hits: list[Hit], output: str, query: str) -> None:
    """Print hits as a numbered table, JSON lines or CSV (with a header)."""
    if output == "csv":  # written as is: click.echo would strip escape sequences from the data
        with _text_output(None) as out:
            writer = csv.DictWriter(out, fieldnames=HIT_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(hit.as_dict() for hit in hits)
        return
    for number, hit in enumerate(hits, 1):
        if output == "jsonl":
            click.echo(json.dumps(hit.as_dict(), ensure_ascii=False))
            continue
        title = terminal_safe(hit.title) or "(no title)"
        click.echo(f"{number:>3}. {click.style(title, bold=True)}")
        place = " · ".join(terminal_safe(p) for p in (hit.province, hit.agency) if p)
        click.echo(f"     {terminal_safe(hit.published) or 'undated'} · {terminal_safe(hit.site)}"
                   f"{' · ' + place if place else ''} · {terminal_safe(hit.url)}")  # fmt: skip
        click.echo(f"     {terminal_safe(hit.snippet)}")
    if output == "table":
        click.echo(f"{len(hits)} result{'s' if len(hits) != 1 else ''} for {query!r}", err=True)


def _known_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """The export format, or a one-line error naming the known ones."""
    if value not in FORMATS:
        raise click.ClickException(f"unknown format {value!r}: choose {', '.join(FORMATS)}")
    return value


@click.command("export")
@archive_option
@filter_options
@click.option("--format", "fmt", default="jsonl", show_default=True, callback=_known_format,
              help="jsonl, csv, parquet (needs pyarrow: pip install 'govcrawl[parquet]', "
                   "and --output) or wacz (the articles' WARC records for replay, needs "
                   "'govcrawl[wacz]' and --output).")  # fmt: skip
@click.option("--output", "-o", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write to FILE instead of standard output.")  # fmt: skip
@click.option("--no-text", is_flag=True, help="Leave out the article bodies (metadata only).")
def export_command(archive_path: str, fmt: str, output: str | None, no_text: bool,
                   **options: Any) -> None:  # fmt: skip
    """Export the articles the filters keep, by id, streamed (constant memory), UTF-8."""
    filters = filters_from(options)
    db = open_readonly(archive_path)
    if fmt == "wacz":
        export_wacz(db, filters, Path(archive_path), output)
        return
    wanted = tuple(c for c in EXPORT_COLUMNS if not (no_text and c == "text"))
    columns = columns_of(db, wanted)
    rows = iter_articles(db, filters, wanted)
    started = time.perf_counter()
    try:
        if fmt == "parquet":
            if not output:
                raise click.ClickException("--format parquet needs --output FILE")
            count = write_parquet(rows, output, columns)
        else:
            with _text_output(output) as out:
                count = write_jsonl(rows, out) if fmt == "jsonl" else write_csv(rows, out, columns)
    except (ExportError, OSError) as error:
        raise click.ClickException(str(error)) from error
    seconds = time.perf_counter() - started
    click.echo(f"{count} article{'s' if count != 1 else ''} exported in {seconds:.1f} s", err=True)


def export_wacz(db: Any, filters: Filters, archive: Path, output: str | None) -> None:
    """Write the WACZ of the filtered articles to ``output`` (temporary file, then renamed)."""
    if not output:
        raise click.ClickException("--format wacz needs --output FILE.wacz")
    started = time.perf_counter()
    try:
        summary = write_wacz(db, filters, warc_dir(archive), output)
    except (ExportError, CaptureLookupError, OSError) as error:
        raise click.ClickException(str(error)) from error
    left_out = f" ({summary.uncaptured} without a capture left out)" if summary.uncaptured else ""
    click.echo(f"{summary.articles} article{'s' if summary.articles != 1 else ''}, "
               f"{summary.records} WARC records written to {output}{left_out} in "
               f"{time.perf_counter() - started:.1f} s", err=True)  # fmt: skip


@contextmanager
def _text_output(output: str | None) -> Iterator[IO[str]]:
    """The file (UTF-8, newlines as written) or standard output as UTF-8, whatever the locale."""
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            yield out
        return
    sys.stdout.flush()
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        yield out
        out.flush()
    except BrokenPipeError:  # `govcrawl export | head`: the reader has all it wanted
        discard_stdout()
        sys.exit(0)
    finally:
        out.detach()


@click.command("stats")
@archive_option
@filter_options
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table",
              show_default=True)  # fmt: skip
@click.option("--top", default=15, show_default=True, type=click.IntRange(1, 10_000),
              help="Rows shown per table (table format).")  # fmt: skip
def stats_command(archive_path: str, output: str, top: int, **options: Any) -> None:
    """Counts per province, agency, site, language and month; coverage gaps; crawl health."""
    filters = filters_from(options)
    stats = collect(open_readonly(archive_path), filters)
    if output == "json":
        click.echo(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2))
        return
    echo_stats(stats, top)


def echo_stats(stats: Stats, top: int) -> None:
    """Print the statistics as short aligned tables."""
    click.echo(f"{stats.articles} articles, {stats.near_duplicates} near-duplicates, "
               f"{stats.undated} undated")  # fmt: skip
    for heading, rows in (
        ("province", stats.per_province), ("agency", stats.per_agency),
        ("site", stats.per_site), ("lang", stats.per_lang), ("month", stats.per_month[-top:]),
    ):  # fmt: skip
        click.echo(f"\n{heading:<40} articles")
        for value, count in rows[:top]:
            click.echo(f"{terminal_safe(value)[:40]:<40} {count:>8}")
        if len(rows) > top:
            click.echo(f"… {len(rows) - top} more (--top, --format json)")
    click.echo("\ncoverage gaps (site, months without articles)")
    for gap in stats.gaps[:top]:
        click.echo(f"{terminal_safe(gap.site):<30} {gap.first} .. {gap.last} ({gap.months})")
    click.echo("\ncrawl health (site, runs, last finish reason, new/duplicate/failed pages)")
    for crawl in stats.crawls[:top]:
        flag = "ok" if crawl.healthy else "CHECK"
        click.echo(f"{terminal_safe(crawl.site)[:30]:<30} {crawl.runs:>4} "
                   f"{terminal_safe(crawl.last_reason) or '(unfinished)':<22} {crawl.pages_new}/"
                   f"{crawl.pages_duplicate}/{crawl.pages_failed} {flag}")  # fmt: skip


@click.command("report")
@archive_option
@filter_options
@click.option("--output", "-o", default="report.html", show_default=True, metavar="FILE",
              type=click.Path(dir_okay=False), help="The HTML file to write.")  # fmt: skip
@click.option("--title", default="", help="The report's heading.")
def report_command(archive_path: str, output: str, title: str, **options: Any) -> None:
    """Write a self-contained HTML report: articles per month per province and agency,
    coverage gaps and crawl health (inline SVG charts, no external assets)."""
    filters = filters_from(options)
    started = time.perf_counter()
    page = build(open_readonly(archive_path), filters, title=title)
    try:
        Path(output).write_text(page, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from error
    click.echo(f"report written to {output} in {time.perf_counter() - started:.1f} s", err=True)
