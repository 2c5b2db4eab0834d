"""The extractor's version: recorded with every article and article version it produced, so
an archive says which extraction made each row and ``govcrawl reprocess`` can tell what a
newer extractor changed.

Bump ``EXTRACTOR_VERSION`` with every change that changes what extraction or classification
make of a page (a fixed date rule, a classifier threshold, a new boilerplate pattern); leave
it for refactorings that change no output. Then run ``govcrawl reprocess`` over the archive.
"""

from __future__ import annotations

# The date of the last change to extraction output, and a serial for that day.
EXTRACTOR_VERSION = "2026.12.07.1"
