"""Exact deduplication: the content hash that makes one article out of several URLs (pure).

Two captures are the same article when their normalised body text is the same: NFC, case,
whitespace and punctuation spacing do not count, nor do the trailing credit and source lines
(a print view or a copy may leave them out). Near-duplicates are govcrawl.dedupe.neardup's.
"""

from __future__ import annotations

import hashlib
import re

from govcrawl.dedupe.neardup import body_lines
from govcrawl.text.normalise import nfc

_NON_WORD = re.compile(r"[\W_]+")


def content_hash(text: str) -> str:
    """Return the hex SHA-256 of the body's lower-cased NFC words (credit lines left out)."""
    body = "\n".join(body_lines(text)) or nfc(text)
    words = _NON_WORD.sub(" ", body.casefold()).strip()
    return hashlib.sha256(words.encode("utf-8")).hexdigest()
