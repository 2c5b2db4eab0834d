"""The Python API's documented path (README): ``from govcrawl.api import open_archive``.

The code lives in govcrawl.research.api; this module only re-exports it."""

from govcrawl.research.api import (
    Archive,
    ArchiveError,
    Capture,
    CapturedResponse,
    CaptureError,
    FilterError,
    Hit,
    SearchError,
    Stats,
    UnmatchableFilter,
    open_archive,
)

__all__ = ["Archive", "ArchiveError", "Capture", "CaptureError", "CapturedResponse", "FilterError",
           "Hit", "SearchError", "Stats", "UnmatchableFilter", "open_archive"]  # fmt: skip
