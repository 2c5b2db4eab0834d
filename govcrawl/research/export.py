"""Export: the filtered articles as JSON lines, CSV or Parquet, streamed in constant memory.

Rows are read in ``id`` order by a plain table scan (``NOT INDEXED``: an index would make SQLite
sort the selected rows first) and written as they come, so an archive of a million articles
exports without being loaded: memory is the imports, SQLite's page cache (``CACHE_KIB`` of
govcrawl.store.connection, 64 MiB at most) and one row (Parquet: one row group of ``PARQUET_BATCH``).
Columns keep the stable order of ``EXPORT_COLUMNS``; text is UTF-8. Parquet needs the optional
``pyarrow`` (``pip install 'govcrawl[parquet]'``).

CSV cells that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return: ``=HYPERLINK(...)`` in a title) get a single quote in front
(``spreadsheet_safe``); ``excel=True`` starts the file with a UTF-8 byte order mark, without which
Excel reads UTF-8 as its legacy code page.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

import sqlite_utils

from govcrawl.research.filters import Filters

# The articles columns, in the order every export writes them (m002's columns included).
EXPORT_COLUMNS = (
    "id", "url", "site", "province", "agency", "title", "published", "published_raw",
    "published_from", "modified", "author", "source", "lang", "duplicate_of", "content_hash",
    "first_seen", "last_seen", "version", "changed_at", "gone_at", "text",
)  # fmt: skip
FORMATS = ("jsonl", "csv", "parquet", "wacz")  # wacz: govcrawl.research.wacz
PARQUET_BATCH = 5_000  # rows per Parquet row group
_INTEGERS = {"id", "duplicate_of", "version"}
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"


class ExportError(Exception):
    """The export cannot be written (Parquet without pyarrow); the message says what to do."""


def columns_of(db: sqlite_utils.Database, wanted: tuple[str, ...] = EXPORT_COLUMNS) -> list[str]:
    """The ``wanted`` columns this archive has, in their stable order (older archives lack some)."""
    present = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    return [column for column in wanted if column in present]


def iter_articles(
    db: sqlite_utils.Database,
    filters: Filters | None = None,
    columns: tuple[str, ...] = EXPORT_COLUMNS,
) -> Iterator[dict[str, Any]]:
    """Yield the articles ``filters`` keep, as dicts of ``columns``, by ascending id."""
    names = columns_of(db, columns)
    cursor = db.conn.execute(*select_sql(db, filters or Filters(), names))
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def select_sql(
    db: sqlite_utils.Database, filters: Filters, names: list[str]
) -> tuple[str, list[object]]:
    """The export's query: a table scan in id order (no temporary sort), and its parameters."""
    where, params = filters.where(db)
    return f"SELECT {', '.join(names)} FROM articles NOT INDEXED WHERE {where} ORDER BY id", params


def write_jsonl(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    """Write one JSON object per line (UTF-8, not ASCII-escaped); return the row count."""
    count = 0
    for count, row in enumerate(rows, 1):  # noqa: B007  # the count is the result
        out.write(json.dumps(row, ensure_ascii=False))
        out.write("\n")
    return count


def spreadsheet_safe(value: Any) -> Any:
    """``value``, with a single quote in front when it is text a spreadsheet would run as a
    formula: ``=HYPERLINK("http://x")`` -> ``'=HYPERLINK("http://x")``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(
    rows: Iterator[dict[str, Any]], out: IO[str], columns: list[str], *, excel: bool = False
) -> int:
    """Write a header and one CSV record per row (RFC 4180 quoting, formula-like cells
    neutralised; ``excel``: a UTF-8 byte order mark first); return the row count."""
    if excel:
        out.write(UTF8_BOM)
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for count, row in enumerate(rows, 1):  # noqa: B007
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return count


def write_parquet(rows: Iterator[dict[str, Any]], path: str, columns: list[str]) -> int:
    """Write a Parquet file in row groups of PARQUET_BATCH rows; return the row count."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ExportError(
            "Parquet export needs pyarrow: pip install 'govcrawl[parquet]'"
        ) from error
    schema = pa.schema(
        [(name, pa.int64() if name in _INTEGERS else pa.string()) for name in columns]
    )
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or not count:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
