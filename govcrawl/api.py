"""The Python API's documented path (README): ``from govcrawl.api import open_archive``.

The code lives in govcrawl.research.api; this module only re-exports its ``__all__`` (Archive,
open_archive, Capture, CapturedResponse, Hit, Stats and the errors)."""

from govcrawl.research.api import *  # noqa: F403
from govcrawl.research.api import __all__ as __all__
