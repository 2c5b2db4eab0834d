"""Exact deduplication: the content hash that makes one article out of several URLs (pure).

Two captures are the same article when their normalised body text is the same: NFC, case,
whitespace and punctuation spacing do not count. Near-duplicates (republications with edits)
are a later stage.
"""

from __future__ import annotations

import hashlib
import re

from govcrawl.normalise import nfc

_NON_WORD = re.compile(r"[\W_]+")


def content_hash(text: str) -> str:
    """Return the hex SHA-256 of ``text`` reduced to its lower-cased NFC words."""
    words = _NON_WORD.sub(" ", nfc(text).casefold()).strip()
    return hashlib.sha256(words.encode("utf-8")).hexdigest()
