"""What the ``govcrawl`` commands share: the ``--archive`` option, usage errors in one line, the
registry's entries with one-line errors, a quiet end when the reader of the output goes
away (``govcrawl sites | head -3``), and, for every command, one line instead of a traceback when
the archive turns out damaged while it is read, and the store's warnings (an archive opened
immutable, or written by a newer govcrawl) as one line each on stderr."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # the registry (and Scrapy, through the platforms) loads when a command runs
    from govcrawl.registry.sites import Site

DEFAULT_ARCHIVE = "archive/govcrawl.db"


class ConfigurationError(click.ClickException):
    """A usage or configuration mistake: one line, exit status 2 (as click's usage errors)."""

    exit_code = 2


def _archive_file(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """The archive path, or a one-line error when it names a directory."""
    if Path(value).is_dir():
        example = Path(value) / "govcrawl.db"
        raise ConfigurationError(
            f"--archive {value} is a directory: name the archive file, e.g. --archive {example}"
        )
    ctx.meta["govcrawl_archive"] = value  # for the one-line message on a damaged archive
    return value


registry_option = click.option(
    "--registry",
    "registry_path",
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False),
    help="A sites.toml to use instead of the packaged registry.",
)


def archive_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--archive FILE`` (also $GOVCRAWL_ARCHIVE): the archive file, never a directory."""
    return click.option(
        "--archive", "archive_path", default=DEFAULT_ARCHIVE, show_default=True,
        envvar="GOVCRAWL_ARCHIVE", type=click.Path(), callback=_archive_file,
        help="The archive file (also $GOVCRAWL_ARCHIVE).",
    )(function)  # fmt: skip


def warc_dir_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--warc-dir DIR`` (also $GOVCRAWL_WARC_DIR) as ``warc_folder``: the WARC folder,
    resolved by ``warc_folder_of`` as the crawl resolves it."""
    return click.option(
        "--warc-dir", "warc_folder", metavar="DIR", type=click.Path(file_okay=False),
        envvar="GOVCRAWL_WARC_DIR",
        help="The WARC folder of the captures (default: warc/ beside the archive; also "
             "$GOVCRAWL_WARC_DIR, as for the crawl).",
    )(function)  # fmt: skip


def warc_folder_of(archive_path: str | Path, warc_folder: str | None) -> Path:
    """The WARC folder: ``--warc-dir``, else GOVCRAWL_WARC_DIR, else warc/ beside the archive."""
    from govcrawl.store.warc import warc_dir

    return warc_dir(archive_path, folder=warc_folder)


class QuietPipeGroup(click.Group):
    """A click group whose commands end quietly, with status 0, when their reader stops reading:
    ``govcrawl sites | head -3`` is not an error."""

    def invoke(self, ctx: click.Context) -> Any:
        store_log = logging.getLogger("govcrawl.store")
        handler = EchoWarnings()
        store_log.addHandler(handler)
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # what is still buffered meets the closed pipe here, not at exit
        except BrokenPipeError:
            discard_stdout()
            ctx.exit(0)
        except sqlite3.DatabaseError as error:  # damaged pages met while reading the archive
            from govcrawl.store.connection import explain_error

            archive = Path(ctx.meta.get("govcrawl_archive", DEFAULT_ARCHIVE))
            raise click.ClickException(explain_error(archive, error)) from error
        except Exception as error:
            if _is_archive_error(error):
                raise click.ClickException(str(error)) from error
            raise
        finally:
            store_log.removeHandler(handler)
        return result


def _is_archive_error(error: Exception) -> bool:
    """True for the store's ArchiveError; the store is not imported for it (``--help`` stays
    light): an ArchiveError can only come from a store that is already loaded."""
    connection = sys.modules.get("govcrawl.store.connection")
    return connection is not None and isinstance(error, connection.ArchiveError)


class EchoWarnings(logging.Handler):
    """The store's warnings, one line each on stderr (``warning: ...``)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {record.getMessage()}", err=True)


def discard_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def select_sites(text: str | None, province: str | None) -> list[Site]:
    """Return the registry's entries (of ``province`` if given); ClickException if none."""
    from govcrawl.registry.sites import load_sites, sites_by_province

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


def refuse_damaged(db: Any, archive_path: str) -> None:
    """A one-line error when SQLite's quick check finds the archive damaged (small archives)."""
    from govcrawl.store.integrity import damage

    problem = damage(db, Path(archive_path))
    if problem:
        raise click.ClickException(
            f"archive {archive_path} is damaged ({problem}): run govcrawl verify --archive "
            f"{archive_path}, then restore it from a backup or a snapshot"
        )
