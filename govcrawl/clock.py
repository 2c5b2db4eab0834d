"""The crawl's clock: the real time, or a time set by GOVCRAWL_NOW (an ISO 8601 instant) that
then runs on from there, so tests and benchmarks can run next week's crawl today (time travel,
never sleeping). Every component that stamps or compares times in a crawl reads it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any


class Clock:
    """``now()``: the real time in UTC, shifted to start at ``start`` when given."""

    def __init__(self, start: str | None = None):
        self.offset = timedelta(0)
        if start:
            when = datetime.fromisoformat(start.replace("Z", "+00:00"))
            when = when if when.tzinfo else when.replace(tzinfo=UTC)
            self.offset = when - datetime.now(UTC)

    @classmethod
    def from_settings(cls, settings: Any) -> Clock:
        """The clock GOVCRAWL_NOW sets (unset: the real one)."""
        return cls(settings.get("GOVCRAWL_NOW") or None)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def stamp(self) -> str:
        """``now()`` as the archive stores times: ISO 8601 to the second."""
        return self.now().isoformat(timespec="seconds")
