"""``govcrawl captures``: the captures of a URL, closest to a time first (the CDX server API's
``closest``), or the archive's whole CDXJ index (govcrawl.research.captures). The table and JSON
lines name each record's WARC file in the WARC folder (``--warc-dir``, GOVCRAWL_WARC_DIR, else
``warc/`` beside the archive, as the crawl resolves it); CDXJ keeps the file name relative to
that folder, as pywb's indexes do.
"""

from __future__ import annotations

import json

import click

from govcrawl.cli.options import archive_option, warc_dir_option, warc_folder_of


@click.command("captures")
@click.argument("url", required=False)
@archive_option
@click.option("--closest", "at", metavar="TIME",
              help="Closest to TIME first: YYYY-MM-DD, an ISO time or a timestamp (20250210).")  # fmt: skip
@click.option("--format", "output", type=click.Choice(["table", "jsonl", "cdxj"]),
              default="table", show_default=True)  # fmt: skip
@click.option("--all", "every", is_flag=True,
              help="Every capture of the archive (with --format cdxj: its CDXJ index).")  # fmt: skip
@warc_dir_option
def captures_command(url: str | None, archive_path: str, at: str | None, output: str,
                     every: bool, warc_folder: str | None) -> None:  # fmt: skip
    """The captures (WARC records) of URL: time, status, type, WARC file (in the WARC folder)
    and offset.

    \b
      govcrawl captures http://example.gov.vn/tin/1 --closest 2025-03-01
      govcrawl captures --all --format cdxj > index.cdxj
    """
    from govcrawl.research.captures import (
        CaptureLookupError,
        cdxj_index,
        iter_captures,
        lookup,
        parse_time,
    )
    from govcrawl.store.connection import ArchiveError, connect

    if bool(url) == every:
        raise click.ClickException("give a URL, or --all for every capture")
    try:
        if at is not None:
            parse_time(at)
        db = connect(archive_path, readonly=True)
        found = list(iter_captures(db)) if every else lookup(db, url or "", at)
    except (ArchiveError, CaptureLookupError) as error:
        raise click.ClickException(str(error)) from error
    if output == "cdxj" and every:  # the index, sorted as CDXJ is
        for line in cdxj_index(found):
            click.echo(line)
        return
    folder = warc_folder_of(archive_path, warc_folder)
    for capture in found:
        if output == "cdxj":
            click.echo(capture.cdxj())
        elif output == "jsonl":
            fields = {**capture.as_dict(), "warc_path": str(capture.path(folder))}
            click.echo(json.dumps(fields, ensure_ascii=False))
        else:
            click.echo(f"{capture.timestamp} {capture.status or '-':>3} {capture.record_type:<8} "
                       f"{capture.path(folder)}@{capture.offset}  {capture.url}")  # fmt: skip
    if output == "table":
        click.echo(f"{len(found)} capture{'s' if len(found) != 1 else ''}", err=True)
