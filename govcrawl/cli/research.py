"""Researcher commands: the filter options shared with ``govcrawl search``, and ``govcrawl
export``, ``govcrawl stats`` and ``govcrawl report`` (registered on the group by cli.py).

User mistakes (a bad date, a missing archive, Parquet without pyarrow) end in one line on
stderr and exit 1; a filter value that cannot match anything (an unknown site key or province,
an empty date range) in one line with a suggestion and exit 2. Hidden near-duplicates are
counted on stderr. Archive text printed to a terminal has its control characters escaped.
The research modules are imported when a command runs, so ``govcrawl --help`` stays fast.
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from govcrawl.cli.options import (
    ConfigurationError,
    archive_option,
    discard_stdout,
    refuse_damaged,
    warc_dir_option,
    warc_folder_of,
)

if TYPE_CHECKING:
    import sqlite_utils

    from govcrawl.research.archive_stats import Stats
    from govcrawl.research.filters import Filters
    from govcrawl.research.search import Hit

HIT_COLUMNS = ("id", "url", "title", "published", "site", "province", "agency", "author", "lang",
               "duplicate_of", "rank", "exact_terms", "snippet")  # fmt: skip
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F] if chr(c) not in "\t"}


def terminal_safe(text: str | None) -> str:
    """``text`` with control characters (ANSI escapes, newlines) shown as ``\\xNN``."""
    return (text or "").translate(_CONTROL)


def filter_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Add --site, --province, --agency, --author, --lang, --since, --until, --include-duplicates.

    A --site or --province nobody knows, or an empty date range, is a usage error (exit 2)."""
    options = [
        click.option("--site", multiple=True, metavar="KEY", help="Only this site (repeatable)."),
        click.option("--province", multiple=True, metavar="NAME",
                     help='Only this province, accent-insensitive, with or without its title: '
                          '"lam dong", "tỉnh Lâm Đồng" (repeatable).'),
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
                     help="Keep near-duplicates (republications of another article); without "
                          "it, how many were hidden is said on stderr."),
    ]  # fmt: skip
    for option in reversed(options):
        function = option(function)
    return function


FILTER_NAMES = ("site", "province", "agency", "author", "lang", "since", "until",
                "include_duplicates")  # fmt: skip


def filters_from(options: dict[str, Any]) -> Filters:
    """Pop the filter options from a command's keyword arguments; one-line error if invalid
    (exit 2 for a value that cannot match anything, such as an empty date range)."""
    from govcrawl.research.filters import FilterError, Filters, UnmatchableFilter

    values = {name: options.pop(name) for name in FILTER_NAMES}
    try:
        return Filters.of(**values)
    except UnmatchableFilter as error:
        raise ConfigurationError(str(error)) from error
    except FilterError as error:
        raise click.ClickException(str(error)) from error


def check_filters(db: sqlite_utils.Database, filters: Filters) -> None:
    """One-line error (exit 2) for a --site or --province that neither the archive nor the
    packaged registry knows, with the closest known ones (filters.refuse_unknown)."""
    from govcrawl.research.filters import UnmatchableFilter, refuse_unknown

    try:
        refuse_unknown(db, filters)
    except UnmatchableFilter as error:
        raise ConfigurationError(str(error)) from error


def echo_hidden(count: int) -> None:
    """Say on stderr how many near-duplicates the filters hid, when some were."""
    if count:
        click.echo(
            f"{count} near-duplicate{'s' if count != 1 else ''} hidden (--include-duplicates)",
            err=True,
        )


def open_readonly(archive_path: str) -> Any:
    from govcrawl.store.connection import ArchiveError, connect

    try:
        return connect(archive_path, readonly=True)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from error


def echo_hits(hits: list[Hit], output: str, query: str) -> None:
    """Print hits as a numbered table, JSON lines or CSV (with a header, formula-like cells
    neutralised)."""
    if output == "csv":  # written as is: click.echo would strip escape sequences from the data
        from govcrawl.research.export import write_csv

        with _text_output(None) as out:
            write_csv((hit.as_dict() for hit in hits), out, list(HIT_COLUMNS))
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
    from govcrawl.research.export import FORMATS

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
@click.option("--excel", is_flag=True,
              help="CSV for Excel: start with a UTF-8 byte order mark (--format csv).")  # fmt: skip
@warc_dir_option
def export_command(archive_path: str, fmt: str, output: str | None, no_text: bool, excel: bool,
                   warc_folder: str | None, **options: Any) -> None:  # fmt: skip
    """Export the articles the filters keep, by id, streamed (constant memory), UTF-8.

    CSV cells starting with =, +, -, @, a tab or a carriage return get a ' in front, so a
    spreadsheet shows them instead of running them as formulas."""
    from govcrawl.research import export
    from govcrawl.research.filters import hidden_duplicates

    if excel and fmt != "csv":
        raise ConfigurationError(f"--excel is for --format csv, not {fmt}")
    filters = filters_from(options)
    db = open_readonly(archive_path)
    check_filters(db, filters)
    if fmt == "wacz":
        export_wacz(db, filters, warc_folder_of(archive_path, warc_folder), output)
        return
    wanted = tuple(c for c in export.EXPORT_COLUMNS if not (no_text and c == "text"))
    columns = export.columns_of(db, wanted)
    rows = export.iter_articles(db, filters, wanted)
    started = time.perf_counter()
    if fmt == "parquet" and not output:
        raise click.ClickException("--format parquet needs --output FILE")
    try:
        if output:  # a temporary file beside FILE, renamed to it once complete
            from govcrawl.store.files import written_whole

            with written_whole(output) as temporary:
                count = _export(rows, fmt, str(temporary), columns, excel)
        else:
            count = _export(rows, fmt, None, columns, excel)
    except (export.ExportError, OSError) as error:
        raise click.ClickException(str(error)) from error
    seconds = time.perf_counter() - started
    click.echo(f"{count} article{'s' if count != 1 else ''} exported in {seconds:.1f} s", err=True)
    echo_hidden(hidden_duplicates(db, filters))


def _export(rows: Iterator[dict[str, Any]], fmt: str, output: str | None,
            columns: list[str], excel: bool) -> int:  # fmt: skip
    """Write ``rows`` in ``fmt`` to the file ``output`` (standard output if None); the count."""
    from govcrawl.research import export

    if fmt == "parquet":
        assert output is not None
        return export.write_parquet(rows, output, columns)
    with _text_output(output) as out:
        if fmt == "jsonl":
            return export.write_jsonl(rows, out)
        return export.write_csv(rows, out, columns, excel=excel)


def export_wacz(db: Any, filters: Filters, warc_folder: Path, output: str | None) -> None:
    """Write the WACZ of the filtered articles, whose records are in ``warc_folder``, to
    ``output`` (temporary file, then renamed)."""
    from govcrawl.research.captures import CaptureLookupError
    from govcrawl.research.export import ExportError
    from govcrawl.research.wacz import write_wacz

    if not output:
        raise click.ClickException("--format wacz needs --output FILE.wacz")
    started = time.perf_counter()
    try:
        summary = write_wacz(db, filters, warc_folder, output)
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
    from govcrawl.research.archive_stats import collect

    filters = filters_from(options)
    db = open_readonly(archive_path)
    refuse_damaged(db, archive_path)
    check_filters(db, filters)
    stats = collect(db, filters)
    if output == "json":
        click.echo(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2))
    else:
        echo_stats(stats, top)
    echo_hidden(stats.hidden_duplicates)


def echo_stats(stats: Stats, top: int) -> None:
    """Print the statistics as short aligned tables: the ``top`` largest rows of each, the
    latest ``top`` months, and how many rows each leaves out ("… N more")."""
    click.echo(f"{stats.articles} articles, {stats.near_duplicates} near-duplicates, "
               f"{stats.undated} undated")  # fmt: skip
    hidden = dict(stats.hidden_per_site)
    for heading, rows in (
        ("province", stats.per_province[:top]), ("agency", stats.per_agency[:top]),
        ("site", stats.per_site[:top]), ("lang", stats.per_lang[:top]),
        ("month", stats.per_month[-top:]),
    ):  # fmt: skip
        click.echo(f"\n{heading:<40} articles")
        for value, count in rows:
            copies = hidden.get(value) if heading == "site" else None
            extra = (
                f"  (+{copies} near-duplicate{'s' if copies != 1 else ''} hidden)" if copies else ""
            )
            click.echo(f"{terminal_safe(value)[:40]:<40} {count:>8}{extra}")
        left_out = len(getattr(stats, f"per_{heading}")) - len(rows)
        if left_out:
            what = "earlier months" if heading == "month" else "more"
            click.echo(f"… {left_out} {what} (--top, --format json)")
    click.echo("\ncoverage gaps (site, months without articles)")
    for gap in stats.gaps[:top]:
        click.echo(f"{terminal_safe(gap.site):<30} {gap.first} .. {gap.last} ({gap.months})")
    if len(stats.gaps) > top:
        click.echo(f"… {len(stats.gaps) - top} more (--top, --format json)")
    click.echo("\ncrawl health (site, runs, last finish reason, new/duplicate/failed pages)")
    for crawl in stats.crawls[:top]:
        flag = "ok" if crawl.healthy else "CHECK"
        click.echo(f"{terminal_safe(crawl.site)[:30]:<30} {crawl.runs:>4} "
                   f"{terminal_safe(crawl.last_reason) or '(unfinished)':<22} {crawl.pages_new}/"
                   f"{crawl.pages_duplicate}/{crawl.pages_failed} {flag}")  # fmt: skip
    if len(stats.crawls) > top:
        click.echo(f"… {len(stats.crawls) - top} more (--top, --format json)")


@click.command("report")
@archive_option
@filter_options
@click.option("--output", "-o", default="report.html", show_default=True, metavar="FILE",
              type=click.Path(dir_okay=False), help="The HTML file to write.")  # fmt: skip
@click.option("--title", default="", help="The report's heading.")
def report_command(archive_path: str, output: str, title: str, **options: Any) -> None:
    """Write a self-contained HTML report: articles per month per province and agency,
    coverage gaps and crawl health (inline SVG charts, no external assets). The report states
    its archive and filters at the top."""
    from govcrawl.research.report import build

    filters = filters_from(options)
    started = time.perf_counter()
    db = open_readonly(archive_path)
    check_filters(db, filters)
    page = build(db, filters, title=title, archive=archive_path)
    try:
        from govcrawl.store.files import written_whole

        with written_whole(output) as temporary:
            temporary.write_text(page, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from error
    click.echo(f"report written to {output} in {time.perf_counter() - started:.1f} s", err=True)
