"""One crawl at a time per archive: an exclusive lock on ``<archive>.lock``.

The lock is an ``flock`` on the lock file, so the kernel releases it the moment its process
ends, however it ends: a run killed with SIGKILL leaves a stale file but never a held lock.
The file records who holds it (PID, host, start time), for the message a second run prints
and for the warning the next run logs when it takes over a killed run's lock.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Self

logger = logging.getLogger(__name__)


class ArchiveLocked(Exception):
    """Another process holds the archive's lock; the message names it."""


class ArchiveLock:
    """Exclusive, non-blocking lock of one archive for the life of a crawl process."""

    def __init__(self, archive: str | Path):
        self.path = Path(f"{archive}.lock")
        self._file: IO[str] | None = None

    def acquire(self) -> Self:
        """Take the lock or raise ArchiveLocked at once; take over a killed run's stale lock."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        file = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (held until release)
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(file)
            file.close()
            raise ArchiveLocked(
                f"archive {self.path.with_suffix('')} is being crawled by another run"
                f" ({holder}): this run exits; cron will try again at its next time"
            ) from None
        previous = _read(file)
        if previous.get("pid"):
            logger.warning(
                "Taking over the lock of a run that ended without releasing it (%s)",
                _describe(previous),
            )
        file.seek(0)
        file.truncate()
        record = {"pid": os.getpid(), "host": socket.gethostname(),
                  "started": datetime.now(UTC).isoformat(timespec="seconds")}  # fmt: skip
        file.write(json.dumps(record))
        file.flush()
        self._file = file
        return self

    def release(self) -> None:
        """Empty the lock file (a clean end) and release the lock."""
        if self._file is None:
            return
        self._file.seek(0)
        self._file.truncate()
        self._file.flush()
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
        self._file = None

    def __enter__(self) -> Self:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _read(file: IO[str]) -> dict[str, object]:
    file.seek(0)
    try:
        record = json.loads(file.read() or "{}")
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def _describe(record: dict[str, object]) -> str:
    return f"PID {record.get('pid')} on {record.get('host')}, started {record.get('started')}"


def _holder(file: IO[str]) -> str:
    record = _read(file)
    return _describe(record) if record.get("pid") else "holder unknown"
