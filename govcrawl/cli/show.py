"""``govcrawl show ID``: one article, its fields and text; with ``--raw``, the HTTP response it
was extracted from, as captured in the archive's WARC files (status line, headers, body)."""

from __future__ import annotations

import sys

import click

from govcrawl.cli.options import archive_option, warc_dir_option
from govcrawl.cli.research import terminal_safe

FIELDS = ("url", "site", "province", "agency", "published", "modified", "author", "lang",
          "first_seen", "last_seen", "version", "duplicate_of", "gone_at", "capture_id")  # fmt: skip


@click.command("show")
@click.argument("article_id", metavar="ID", type=int)
@archive_option
@click.option("--raw", is_flag=True,
              help="Print the captured HTTP response instead: status line, headers, body.")  # fmt: skip
@warc_dir_option
def show_command(article_id: int, archive_path: str, raw: bool, warc_folder: str | None) -> None:
    """Show article ID (ids are in search and export output); --raw: its captured response."""
    from govcrawl.research.api import Archive, ArchiveError, CaptureError

    try:
        with Archive(archive_path, warc_folder=warc_folder) as archive:
            article = archive.article(article_id)
            if article is None:
                raise click.ClickException(
                    f"no article {article_id} in {archive_path}: govcrawl search shows the ids"
                )
            if raw:
                response = archive.raw_response(article_id)
                if response is None:
                    raise click.ClickException(
                        f"article {article_id} has no captured response (archived before "
                        "WARC capture, or with GOVCRAWL_WARC_ENABLED=False)"
                    )
                sys.stdout.flush()
                sys.stdout.buffer.write(response.raw())
                return
    except (ArchiveError, CaptureError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(terminal_safe(article["title"]) or "(no title)")
    for name in FIELDS:
        if article.get(name) is not None:
            click.echo(f"{name + ':':<14}{terminal_safe(str(article[name]))}")
    click.echo("")
    click.echo(article["text"])
