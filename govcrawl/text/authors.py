"""Authors as Vietnamese portals credit them, read from the last lines of the body (pure).

"Trần Hằng" alone on the last line, "Tin, ảnh: Nguyễn Văn Đức", "Tác giả: Lê Thị Mai", "Bài, ảnh:
...", initials ("T.H."), "PV", several authors ("Minh Anh - Thu Trang" is stored "Minh Anh, Thu
Trang"). Source and photo-credit lines ("Nguồn: ...", "Theo ...", "Ảnh: VGP/...") name where an
article came from, not who wrote it: they are skipped (govcrawl.text.credits reads them).
"""

from __future__ import annotations

import re

from govcrawl.text.credits import is_credit_only_line

_CREDIT = re.compile(
    r"^\(?\s*(?:tin(?:\s*(?:,|và)\s*ảnh)?|bài(?:\s*(?:,|và)\s*ảnh)?|tin,?\s*bài|"
    r"tin,\s*ảnh,\s*video|bài\s*viết|tác giả|người viết|thực hiện|nhóm thực hiện|"
    r"phóng viên|nhóm pv|pv|ctv|author|by)\s*[:：]\s*"
    r"(?P<name>[^()]{1,80}?(?:\s*\((?:tổng hợp|lược dịch|dịch)[^)]*\))?)\s*\)?\.?$",
    re.IGNORECASE,
)
_BY = re.compile(r"^(?i:by)\s+(?P<name>[A-Z][^()]{2,60})$")
# What a credit may add after the name: "(tổng hợp)", "- TTXVN", "(Báo Lâm Đồng)".
_NAME_TAIL = re.compile(r"\s*\((?:tổng hợp|tổng hợp từ[^)]*|lược dịch|dịch)\)\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s+[-–—]\s+|\s*;\s*|\s*,\s*|\s+và\s+|\s+and\s+")
_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.){1,4}[^\W\d_]{0,2}\.?$")
_REPORTER = re.compile(r"^(?:pv|ctv|nhóm pv|nhóm phóng viên|phóng viên)$", re.IGNORECASE)
# Words a short capitalised line may hold that make it a heading or a body, not a name.
_NOT_NAME = re.compile(
    r"^(?:ubnd|sở|ban|phòng|hội|trung tâm|văn phòng|cổng|báo|tỉnh|huyện|thành phố|xã|phường|"
    r"bộ|cục|chi cục|công ty|bệnh viện|đảng|tin|bài|ảnh|nguồn|theo|video|"
    r"xem|thêm|tiếp|quay|lại|đọc|gửi|chia|sẻ|luận|the|a|an|in|on|of|for|and|to)$",
    re.IGNORECASE,
)
_MAX_NAME = 40
_TAIL = 4


def author_from_text(text: str) -> str | None:
    """Return the author credited at the end of ``text`` (one paragraph a line), or None."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    for line in reversed(lines[-_TAIL:]):
        if is_credit_only_line(line):
            continue
        credit = _CREDIT.match(line) or _BY.match(line)
        if credit:
            return credited_names(credit.group("name"))
        return credited_names(line) if looks_like_names(line) else None
    return None


def credited_names(credit: str) -> str | None:
    """The names of a credit, ", "-separated: "Minh Anh - Thu Trang" -> "Minh Anh, Thu Trang"."""
    credit = _NAME_TAIL.sub("", credit).strip(" :-")
    if _INITIALS.match(credit.replace(" ", "")) or _REPORTER.match(credit.strip(".")):
        return credit.strip(" ") if _INITIALS.match(credit.replace(" ", "")) else credit.strip(".")
    credit = credit.strip(" .")
    parts = [p.strip(" .") for p in _SEPARATORS.split(credit) if p.strip(" .")]
    return ", ".join(parts) or None


def looks_like_names(line: str) -> bool:
    """True for a line that is only one or more names ("Trần Hằng", "T.H.", "PV", "A - B")."""
    if len(line) > 2 * _MAX_NAME:
        return False
    parts = [p.strip() for p in _SEPARATORS.split(line.strip(" ."))]
    return bool(parts) and all(_is_name(p) for p in parts)


def _is_name(part: str) -> bool:
    """2-5 capitalised words ("Trần Thị Hằng"), initials ("T.H.", "N.V.Đ"), or "PV"."""
    if len(part) > _MAX_NAME or not part:
        return False
    if _REPORTER.match(part):
        return True
    if _INITIALS.match(part.replace(" ", "")):
        return part.replace(".", "").replace(" ", "").isupper()
    words = part.split()
    return 2 <= len(words) <= 5 and all(
        w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower())
        and not _NOT_NAME.match(w)
        for w in words
    )  # fmt: skip
