"""Extraction worker processes: CPU-bound page work off the reactor thread.

A ``concurrent.futures`` process pool started through a fork server (the workers never inherit
the reactor, its threads or open sockets; the fork server preloads the extraction modules, so
a worker starts in milliseconds). Workers ignore SIGINT (the crawl decides how to stop) and
exit when the crawl's process ends, however it ends, so a killed crawl leaves no orphans.
Results come back as Deferreds fired in the reactor thread (or as plain futures, outside a
crawl).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)
PRELOAD = ["govcrawl.extract.task"]
POLL_SECONDS = 1.0


def worker_count(setting: object) -> int:
    """Workers for GOVCRAWL_EXTRACT_WORKERS: ``auto`` = one per usable core; 0 = none."""
    if setting in (None, "", "auto"):
        usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        return len(usable) if usable else os.cpu_count() or 1
    return max(0, int(str(setting)))


def _init_worker(crawl_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(crawl_pid,), name="exit-with-crawl",
                     daemon=True).start()  # fmt: skip


def _exit_with(crawl_pid: int) -> None:
    """Exit this worker when the crawl's process ends, however it ends (SIGKILL included).

    A worker's parent is the fork server, which lives as long as any worker: neither would
    notice a killed crawl by itself.
    """
    try:
        handle = os.pidfd_open(crawl_pid)
    except (AttributeError, OSError):  # no pidfd (old kernel, not Linux): poll instead
        while os.getppid() != 1 and _alive(crawl_pid):
            time.sleep(POLL_SECONDS)
    else:
        select.select([handle], [], [])  # readable once the process has ended
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class WorkerPool:
    """``processes`` worker processes; ``submit`` returns a Deferred of the call's result."""

    def __init__(self, processes: int):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self.processes = processes
        self._context = context
        self._executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Start the workers (the fork server first, once per process)."""
        self._executor = ProcessPoolExecutor(
            self.processes, mp_context=self._context, initializer=_init_worker,
            initargs=(os.getpid(),),
        )  # fmt: skip

    def submit(self, function: Callable[..., Any], *args: Any) -> Deferred[Any]:
        """Run ``function(*args)`` in a worker; the Deferred fires in the reactor thread."""
        from twisted.internet import reactor

        assert self._executor is not None, "WorkerPool.start() first"
        deferred: Deferred[Any] = Deferred()

        def done(future: Future[Any]) -> None:
            reactor.callFromThread(_fire, deferred, future)

        self._executor.submit(function, *args).add_done_callback(done)
        return deferred

    def future(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``function(*args)`` in a worker; a plain Future, for callers without a reactor
        (``govcrawl reprocess``)."""
        assert self._executor is not None, "WorkerPool.start() first"
        return self._executor.submit(function, *args)

    def recover(self) -> bool:
        """Replace the workers when one died (the pool is then broken); True if it was."""
        executor = self._executor
        if executor is None or not getattr(executor, "_broken", False):
            return False
        logger.error("An extraction worker died; starting %d new ones", self.processes)
        executor.shutdown(wait=False, cancel_futures=True)
        self.start()
        return True

    def close(self) -> None:
        """Stop the workers: queued calls are cancelled, running ones finish first."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _fire(deferred: Deferred[Any], future: Future[Any]) -> None:
    if future.cancelled():
        deferred.cancel()
        return
    error = future.exception()
    if error is not None:
        deferred.errback(error)
    else:
        deferred.callback(future.result())
