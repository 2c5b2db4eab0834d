"""Authors as Vietnamese portals credit them, read from the last lines of the body (pure).

"Trần Hằng" alone on the last line, "Tin, ảnh: Nguyễn Văn Đức", "Tác giả: Lê Thị Mai",
initials ("T.H."). "Nguồn: ..." and "Theo ..." lines name a source, not an author, and are
skipped when they stand after the credit.
"""

from __future__ import annotations

import re

_CREDIT = re.compile(
    r"^\(?\s*(?:tin(?:\s*(?:,|và)\s*ảnh)?|bài(?:\s*(?:,|và)\s*ảnh)?|tác giả|người viết|"
    r"phóng viên|nhóm pv|pv|ctv)\s*[:：]\s*(?P<name>[^()]{2,80}?)\s*\)?\.?$",
    re.IGNORECASE,
)
_SOURCE = re.compile(r"^\(?\s*(?:nguồn|theo|ảnh)\s*[:：]?\s", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,4}[^\W\d_]?\.?$")
_MAX_NAME = 40


def author_from_text(text: str) -> str | None:
    """Return the author credited at the end of ``text`` (one paragraph a line), or None."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines[-3:]):
        if _SOURCE.match(line):
            continue
        credit = _CREDIT.match(line)
        if credit:
            return credit.group("name").strip(" .")
        if len(lines) > 1 and _looks_like_name(line):
            return line
        return None
    return None


def _looks_like_name(line: str) -> bool:
    """2-5 capitalised words ("Trần Thị Hằng"), or initials with dots ("T.H.", "N.V.Đ")."""
    if len(line) > _MAX_NAME:
        return False
    if _INITIALS.match(line.replace(" ", "")):
        return line.replace(".", "").isupper()
    words = line.split()
    return 2 <= len(words) <= 5 and all(
        w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words
    )
