"""The frontier's table and request codec: SQL for govcrawl/crawl/frontier.py, buffered writes.

The store opens the frontier's connection (``open_frontier``): its own connection to the
archive file, committing on the frontier's schedule, so the writer's batches never wait for it.

Requests are stored as JSON (Scrapy's ``Request.to_dict`` fields; bytes as base64 or latin-1),
never pickled: an archive handed around stays safe to resume from. Every flush is one
``BEGIN IMMEDIATE ... COMMIT`` inside the call that asked for it, never left open.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.utils.request import request_from_dict

from govcrawl.store.connection import connect

_INSERT = """INSERT INTO frontier (run, site, slot, url, fingerprint, priority, start, request,
                 queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, datetime('now'))"""
_WINDOW = """SELECT id, request, priority, start FROM frontier
             WHERE state = 'pending' AND run = ? AND slot = ?
             ORDER BY priority DESC, start, id LIMIT ?"""


def encode_request(request: Request, spider: Spider) -> str:
    """The request as JSON: Scrapy's ``Request.to_dict`` fields, bytes as base64 or latin-1.
    Raises ValueError for a callback that is not a spider method, TypeError for meta that JSON
    cannot hold."""
    data = {
        "url": request.url,
        "callback": _method_name(spider, request.callback),
        "errback": _method_name(spider, request.errback),
        "headers": {
            key.decode("latin-1"): [value.decode("latin-1") for value in values]
            for key, values in request.headers.items()
        },
    }
    for attribute in request.attributes:  # as Request.to_dict
        data.setdefault(attribute, getattr(request, attribute))
    data["body"] = base64.b64encode(request.body).decode("ascii")
    if type(request) is not Request:
        data["_class"] = f"{type(request).__module__}.{type(request).__name__}"
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _method_name(spider: Spider, function: Any) -> str | None:
    """The name of a spider method (Request.to_dict's lookup without scanning the spider)."""
    if function is None or isinstance(function, str):
        return function
    name = getattr(function, "__name__", "")
    if getattr(function, "__self__", None) is spider and getattr(spider, name, None) == function:
        return name
    raise ValueError(f"{function!r} is not a method of the spider {spider.name!r}")


def decode_request(text: str, spider: Spider) -> Request:
    """The request stored by ``encode_request``, its callbacks bound to ``spider``."""
    data = json.loads(text)
    data["body"] = base64.b64decode(data["body"])
    return request_from_dict(data, spider=spider)


def open_frontier(path: Path, max_ops: int) -> FrontierStore:
    """The frontier's rows in the archive at ``path``, on a connection of their own (created and
    migrated like the writer's). Raises ArchiveError when the archive cannot be opened."""
    return FrontierStore(connect(path).conn, max_ops)


class FrontierStore:
    """The ``frontier`` rows of one run; writes are buffered, each flush is one transaction."""

    def __init__(self, conn: sqlite3.Connection, max_ops: int):
        conn.isolation_level = None  # transactions are ours: BEGIN IMMEDIATE ... COMMIT
        self.conn = conn
        self.max_ops = max(1, max_ops)
        self.run = 0
        self.commits = 0
        self._inserts: list[tuple[Any, ...]] = []
        self._fingerprints: set[bytes] = set()  # of the buffered inserts
        self._states: list[tuple[str, int]] = []

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # SQLite rolls back by itself on a full disk
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        self.commits += 1

    def adopt(self, sites: list[str]) -> dict[str, int]:
        """Start a run over ``sites``, taking over their unfinished rows; pending rows per slot."""
        marks = ",".join("?" * len(sites))
        with self._transaction():
            (last,) = self.conn.execute("SELECT coalesce(max(run), 0) FROM frontier").fetchone()
            self.run = last + 1
            self.conn.execute(
                f"UPDATE OR IGNORE frontier SET run = ? WHERE site IN ({marks})", [self.run, *sites]
            )
            # Rows two earlier runs shared (same URL) stayed behind: the adopted copy counts.
            self.conn.execute(
                f"DELETE FROM frontier WHERE run != ? AND site IN ({marks})", [self.run, *sites]
            )
            self.conn.execute(
                "UPDATE frontier SET state = 'pending' WHERE run = ? AND state = 'in_flight'",
                [self.run],
            )
        rows = self.conn.execute(
            "SELECT slot, count(*) FROM frontier WHERE state = 'pending' AND run = ? GROUP BY slot",
            [self.run],
        ).fetchall()
        return dict(rows)

    def seen(self, fingerprint: bytes) -> bool:
        """True when a filtered request with this fingerprint was queued in this run."""
        if fingerprint in self._fingerprints:
            return True
        row = self.conn.execute(
            "SELECT 1 FROM frontier WHERE run = ? AND fingerprint = ?", [self.run, fingerprint]
        ).fetchone()
        return row is not None

    def add(self, site: str, slot: str, request: Request, fingerprint: bytes | None,
            start: bool, blob: str) -> None:  # fmt: skip
        """Queue a pending row (written at the next flush)."""
        row = (self.run, site, slot, request.url, fingerprint, request.priority, int(start), blob)
        self._inserts.append(row)
        if fingerprint is not None:
            self._fingerprints.add(fingerprint)
        self._maybe_flush()

    def set_state(self, row_id: int, state: str) -> None:
        """Change a row's state (written at the next flush)."""
        self._states.append((state, row_id))
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self._inserts) + len(self._states) >= self.max_ops:
            self.flush()

    def flush(self) -> None:
        """Commit the buffered writes."""
        if self._inserts or self._states:
            with self._transaction():
                self._write_buffer()

    def _write_buffer(self) -> None:
        self.conn.executemany(_INSERT, self._inserts)
        self.conn.executemany("UPDATE frontier SET state = ? WHERE id = ?", self._states)
        self._inserts, self._states = [], []
        self._fingerprints.clear()

    def load(self, slot: str, limit: int) -> list[tuple[int, str, int, int]]:
        """The slot's next ``limit`` pending rows (id, request, priority, start), now in flight."""
        with self._transaction():
            self._write_buffer()
            rows = self.conn.execute(_WINDOW, [self.run, slot, limit]).fetchall()
            self.conn.executemany(
                "UPDATE frontier SET state = 'in_flight' WHERE id = ?", [(r[0],) for r in rows]
            )
        return rows

    def in_flight(self) -> int:
        """Rows of this run still in flight (written rows only)."""
        (count,) = self.conn.execute(
            "SELECT count(*) FROM frontier WHERE run = ? AND state = 'in_flight'", [self.run]
        ).fetchone()
        return int(count)

    def close(self) -> None:
        """Close the frontier's connection (buffered writes not flushed are lost)."""
        self.conn.close()

    def finish(self) -> None:
        """The run is complete: delete its rows (the next run starts a fresh frontier)."""
        with self._transaction():
            others = self.conn.execute(
                "SELECT 1 FROM frontier WHERE run != ? LIMIT 1", [self.run]
            ).fetchone()
            if others:
                self.conn.execute("DELETE FROM frontier WHERE run = ?", [self.run])
            else:  # no WHERE: SQLite frees the table's pages at once (truncate optimization)
                self.conn.execute("DELETE FROM frontier")
