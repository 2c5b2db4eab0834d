"""Does every ``captures`` row resolve: its WARC file exists, a record starts at its offset (one
gzip member of its length), with its record id, type and payload digest, and a response's
payload hashes to that digest (warcio's digest check). The interface is CAPTURES.md: file names
relative to the WARC folder, ``offset`` and ``length`` of the record's gzip member, digests as
``sha1:BASE32``. Used by ``govcrawl verify``; needs warcio.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import sqlite_utils

from govcrawl.store.integrity import Check

_ROWS = """SELECT id, warc_file, offset, length, record_id, record_type, payload_digest
           FROM captures ORDER BY warc_file, offset"""


def capture_check(db: sqlite_utils.Database, warc_folder: Path) -> Check:
    """Every capture row against its WARC record; skipped when the archive has no captures."""
    check = Check("captures")
    if "captures" not in db.table_names():
        check.skipped = "no captures table: this archive has no WARC captures"
        return check
    count = 0
    for count, problem in enumerate(_problems(db, warc_folder), 1):  # noqa: B007
        if problem:
            check.problems.append(problem)
    check.note = f"{count} record(s) in {warc_folder}"
    return check


def _problems(db: sqlite_utils.Database, folder: Path) -> Iterator[str | None]:
    """A problem (or None) per capture row, reading each WARC file once, in offset order."""
    current: tuple[str, IO[bytes] | None] = ("", None)
    try:
        for row in db.execute(_ROWS):
            capture_id, name, offset, length = row[:4]
            if name != current[0]:
                if current[1]:
                    current[1].close()
                path = folder / name
                current = (name, open(path, "rb") if path.is_file() else None)  # noqa: SIM115
            if current[1] is None:
                yield f"capture {capture_id}: WARC file {name} missing"
                continue
            current[1].seek(offset)
            member = current[1].read(length)
            yield _record_problem(capture_id, offset, member, length, row[4:])
    finally:
        if current[1]:
            current[1].close()


def _record_problem(capture_id: int, offset: int, member: bytes, length: int,
                    expected: tuple[str, str, str]) -> str | None:  # fmt: skip
    """What is wrong with the record in ``member`` (one gzip member), or None."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    record_id, record_type, digest = expected
    where = f"capture {capture_id}"
    if len(member) < length:
        return f"{where}: the WARC file ends before the record's {length} bytes"
    try:
        iterator = ArchiveIterator(io.BytesIO(member), check_digests="log")
        record = next(iter(iterator), None)
        if record is None:
            return f"{where}: no WARC record at its offset"
        record.raw_stream.read()  # the digests are checked as the payload is read
    except ArchiveLoadFailed:
        return f"{where}: no WARC record starts at offset {offset}"
    except (OSError, EOFError, ValueError) as error:
        return f"{where}: unreadable WARC record ({type(error).__name__}: {str(error)[:80]})"
    headers = record.rec_headers
    found = (headers.get_header("WARC-Record-ID"), record.rec_type,
             headers.get_header("WARC-Payload-Digest"))  # fmt: skip
    for label, want, got in zip(("record id", "type", "payload digest"), expected, found,
                                strict=True):  # fmt: skip
        if want != got:
            return f"{where}: {label} {got!r} in the WARC file, {want!r} in the archive"
    if record.digest_checker.problems:
        return f"{where}: {'; '.join(record.digest_checker.problems)} ({record_type} {record_id}, {digest})"
    return None
