"""Compatibility path of ``ArchiveError`` for scripts written against govcrawl 0.1 (prefer
``govcrawl.api.ArchiveError``). The archive's code lives in govcrawl.store."""

from govcrawl.store.connection import ArchiveError

__all__ = ["ArchiveError"]
