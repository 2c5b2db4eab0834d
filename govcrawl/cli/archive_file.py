"""The archive file itself: ``govcrawl snapshot`` (a consistent copy, also during a crawl),
``govcrawl verify`` (is it sound: SQLite, the full-text indexes, foreign keys, WARC captures)
and ``govcrawl reindex`` (the word index rebuilt from the articles).
The store is imported when a command runs, not for ``--help``.

verify exits 0 when every check passes, 1 when one finds problems, 2 when the archive cannot
be opened at all.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from govcrawl.cli.options import archive_option, warc_dir_option, warc_folder_of

if TYPE_CHECKING:
    from govcrawl.store.integrity import Check


class CannotOpen(click.ClickException):
    """The archive cannot be opened: one line, exit status 2."""

    exit_code = 2


@click.command("snapshot")
@click.argument("out", metavar="OUT.db", type=click.Path())
@archive_option
@click.option("--force", is_flag=True, help="Replace OUT.db if it exists.")
def snapshot_command(out: str, archive_path: str, force: bool) -> None:
    """Write a consistent copy of the archive to OUT.db, also while a crawl writes it.

    The copy is the archive as of one moment, checked, written under a temporary name and
    renamed when complete; it opens read-only anywhere (no -wal file). Share it, or keep it as
    a backup.
    """
    from govcrawl.store.connection import ArchiveError
    from govcrawl.store.snapshot import snapshot

    started = time.perf_counter()
    try:
        made = snapshot(Path(archive_path), Path(out), force=force)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"snapshot of {archive_path} written to {out}: {made.articles} articles, "
               f"{made.size / 2**20:.1f} MiB in {time.perf_counter() - started:.1f} s")  # fmt: skip


@click.command("verify")
@archive_option
@click.option("--quick", is_flag=True,
              help="SQLite's quick_check and the index's structure only (faster).")  # fmt: skip
@warc_dir_option
def verify_command(archive_path: str, quick: bool, warc_folder: str | None) -> None:
    """Check the archive: SQLite's integrity, the full-text index, foreign keys, and that every
    capture is in its WARC file with its payload digest. Exit 0 sound, 1 problems, 2 unreadable.
    """
    from govcrawl.store.capture_check import capture_check
    from govcrawl.store.connection import ArchiveError, connect
    from govcrawl.store.integrity import Check, foreign_key_check, fts_check, sqlite_check

    path = Path(archive_path)
    try:
        db = connect(path, readonly=True)
    except ArchiveError as error:
        raise CannotOpen(str(error)) from error
    folder = warc_folder_of(path, warc_folder)
    checks: list[tuple[str, Callable[[], Check]]] = [
        ("sqlite", lambda: sqlite_check(db, quick=quick)),
        ("foreign keys", lambda: foreign_key_check(db)),
        ("full-text index", lambda: fts_check(path, contents=not quick)),
        ("captures", lambda: capture_check(db, folder)),
    ]
    failed = []
    for name, run in checks:
        try:
            check = run()
        except sqlite3.DatabaseError as error:
            check = Check(name, [str(error)])
        click.echo(check.line())
        failed += [check.name] if not check.ok else []
    db.conn.close()
    if failed:
        raise click.ClickException(
            f"archive {path} has problems ({', '.join(failed)}): restore it from a backup or "
            "an earlier snapshot; see README, Sharing and checking an archive"
        )
    click.echo(f"archive {path}: no problems found")


@click.command("reindex")
@archive_option
def reindex_command(archive_path: str) -> None:
    """Rebuild the word index (articles_words) from the articles, when govcrawl verify finds
    that it differs from them. Takes the archive's lock (not while a crawl runs)."""
    from govcrawl.store import word_index
    from govcrawl.store.connection import ArchiveError, connect
    from govcrawl.store.lock import ArchiveLock, ArchiveLocked

    path = Path(archive_path)
    if not path.exists():
        raise click.ClickException(f"no archive at {path}: pass --archive")
    started = time.perf_counter()
    try:
        with ArchiveLock(path):
            db = connect(path)
            db.execute("BEGIN IMMEDIATE")  # one transaction: all of it, or the index as it was
            try:
                count = word_index.rebuild(db)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            db.conn.close()
    except (ArchiveError, ArchiveLocked) as error:
        raise click.ClickException(str(error)) from error
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"cannot rebuild the word index of {path}: {error}") from error
    click.echo(f"word index of {path} rebuilt: {count:,} articles in "
               f"{time.perf_counter() - started:.1f} s")  # fmt: skip
