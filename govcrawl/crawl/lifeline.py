"""A crawl started by ``govcrawl crawl`` dies with it.

``govcrawl crawl`` runs ``scrapy crawl`` as its child. Killed itself (SIGKILL, the OOM killer,
``timeout -s KILL``), the command cannot stop the child, which would crawl on, orphaned, holding
the archive lock. So the child asks the kernel for SIGTERM when its parent dies (Linux
``PR_SET_PDEATHSIG``, set between fork and exec: ``arm_child``), which Scrapy turns into a clean
stop (the run recorded as ``shutdown``). The crawl also watches its parent (``die_with_parent``):
once orphaned it stops itself where the kernel could not be asked, and exits at once when a
clean stop takes longer than ``ORPHAN_GRACE_SECONDS`` (the frontier resumes the rest).

The parent names itself in the environment variable ``GOVCRAWL_PARENT_PID``; a ``scrapy crawl``
started by hand (no such variable) is left alone.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

PARENT_ENV = "GOVCRAWL_PARENT_PID"
# Seconds a clean stop may take once the parent is gone, before the crawl exits at once.
ORPHAN_GRACE_SECONDS = 10.0
POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# Looked up before any fork: a forked child calls it without loading anything.
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def parent_death_signal(signum: int) -> bool:
    """Ask for ``signum`` when this process's parent ends; False where the kernel cannot."""
    return _prctl is not None and _prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0


def arm_child(parent: int) -> Callable[[], None]:
    """A ``preexec_fn`` for the child of process ``parent``: SIGTERM when the parent ends."""

    def arm() -> None:
        parent_death_signal(signal.SIGTERM)
        if os.getppid() != parent:  # the parent died between fork and prctl
            os._exit(1)

    return arm


def child_environment(environment: dict[str, str]) -> dict[str, str]:
    """``environment`` with this process named as the parent the child must die with."""
    return {**environment, PARENT_ENV: str(os.getpid())}


def die_with_parent() -> None:
    """When started by ``govcrawl crawl``: stop when it ends, exit when stopping takes too long."""
    parent = os.environ.get(PARENT_ENV, "")
    if not parent.isdigit():
        return
    armed = parent_death_signal(signal.SIGTERM)
    threading.Thread(
        target=_watch, args=(int(parent), armed), name="govcrawl-lifeline", daemon=True
    ).start()


def _watch(parent: int, armed: bool) -> None:
    """Wait for the parent to end; then stop (unless the kernel did), and exit after the grace."""
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    logger.warning("govcrawl crawl (PID %d) has ended: this crawl stops too", parent)
    if not armed:
        os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(ORPHAN_GRACE_SECONDS)
    logger.error(
        "Still running %g s after govcrawl crawl ended: exiting now (the next run resumes)",
        ORPHAN_GRACE_SECONDS,
    )
    logging.shutdown()
    os._exit(1)
