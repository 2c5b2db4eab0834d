"""CPU time and resident memory of a process and its descendants, sampled from /proc (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _stats() -> dict[int, list[str]]:
    """Every process's /proc/<pid>/stat fields after the command name."""
    found = {}
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            found[int(path.parent.name)] = path.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
    return found


class TreeSampler:
    """Peaks and CPU seconds of ``root`` and every process descending from it."""

    def __init__(self, root: int):
        self.root = root
        self.cpu: dict[int, float] = {}
        self.peak_tree = 0
        self.peak_main = 0

    def sample(self) -> None:
        stats = _stats()
        tree, frontier = {self.root}, [self.root]
        while frontier:
            parent = frontier.pop()
            kids = [pid for pid, fields in stats.items() if int(fields[1]) == parent]
            tree.update(kids)
            frontier += kids
        rss = 0
        for pid in tree & stats.keys():
            fields = stats[pid]
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / _TICK
            rss += int(fields[21]) * _PAGE
        self.peak_tree = max(self.peak_tree, rss)
        self.peak_main = max(self.peak_main, _high_water(self.root))

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def _high_water(pid: int) -> int:
    """VmHWM (peak resident set) of ``pid`` in bytes; 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
