"""Files written whole or not at all: the archive's snapshots and the exports and reports made
from it are written to a temporary file beside their target, flushed to disk and renamed into
place only when complete, so an error, Ctrl-C or a full disk never leaves half a file under
the name a reader expects (a rename within one folder is atomic)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_whole(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target`` to write; rename it to ``target`` when the block
    ends normally, remove it when the block raises (KeyboardInterrupt included).

    Raises OSError when the folder cannot be written (nothing is left behind).
    """
    target = Path(target)
    folder = target.parent
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _sync(temporary)
        temporary.chmod(0o666 & ~_umask())  # mkstemp's 0600 would hide the file from others
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _sync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
