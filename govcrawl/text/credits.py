"""Sources: where an article was taken from, as the body's credit lines name it (pure).

"(Nguồn: Báo Lâm Đồng)", "Theo baochinhphu.vn", "Nguồn: TTXVN", "Source: Da Nang Today" name the
publication an article was copied from; a photo credit "Ảnh: VGP/Nhật Bắc" or "Ảnh: Báo Chính
phủ" names the agency it came from. None of these is an author (govcrawl.text.authors skips them).
An explicit source line wins over a photo agency.
"""

from __future__ import annotations

import re

# "Nguồn: X", "(Nguồn: X)", "Nguồn tin: X", "Source: X"; "Theo X" only for a name ("Theo Báo
# Lâm Đồng", "Theo baochinhphu.vn"), never a sentence ("Theo báo cáo của UBND ...").
_SOURCE_LINE = re.compile(
    r"^\(?\s*(?:nguồn(?:\s+tin)?|source)\s*[:：]\s*(?P<name>[^()]{2,90}?)\s*\)?\s*\.?$",
    re.IGNORECASE,
)
_THEO_LINE = re.compile(r"^\(?\s*(?:theo|according to)\s+(?P<name>[^()]{2,70}?)\s*\)?\s*\.?$", re.I)
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov\.vn|info)\b", re.IGNORECASE)
# A photo credit: "Ảnh: VGP/Nhật Bắc" (agency/photographer) or "Ảnh: Báo Chính phủ" (agency).
_PHOTO = re.compile(r"(?:^|[\s(.])ảnh\s*[:：]\s*(?P<credit>[^()\n]{2,60})", re.IGNORECASE)
_AGENCY = re.compile(
    r"^(?:báo|tạp chí|đài|thông tấn|ttxvn|vgp|vna|cổng|trang|bộ|sở|ubnd|vov|vtv|vnexpress)\b",
    re.IGNORECASE,
)
_PHOTO_LINE = re.compile(r"^\(?\s*ảnh(?:\s+minh\s+họa|\s+sưu\s+tầm)?\s*[:：)]", re.IGNORECASE)
_MAX_SOURCE_WORDS = 12
# How many last lines may hold a source line (after it may come the author and tags).
_TAIL = 5


def source_line(line: str) -> str | None:
    """Return the source a line such as "(Nguồn: Báo Lâm Đồng)" names, or None."""
    line = line.strip()
    match = _SOURCE_LINE.match(line) or _THEO_LINE.match(line)
    if not match:
        return None
    name = match.group("name").strip(" .:")
    if len(name.split()) > _MAX_SOURCE_WORDS or name.endswith((",", ";")):
        return None
    if match.re is _THEO_LINE and not (name[:1].isupper() or _DOMAIN.match(name)):
        return None
    return name


def is_credit_only_line(line: str) -> bool:
    """True for a line that only credits a source or a photo (never an author's name)."""
    return source_line(line) is not None or bool(_PHOTO_LINE.match(line.strip()))


def photo_agency(line: str) -> str | None:
    """Return the agency of a photo credit in ``line`` ("Ảnh: VGP/Nhật Bắc" -> "VGP"), or None."""
    for match in _PHOTO.finditer(line):
        credit = match.group("credit").strip(" .")
        if "/" in credit:
            agency = credit.split("/", 1)[0].strip()
            if 1 <= len(agency.split()) <= 6:
                return agency
        elif _AGENCY.match(credit) or _DOMAIN.match(credit):
            return credit
    return None


def source_from_text(text: str) -> str | None:
    """Return the source credited in ``text`` (one paragraph a line), or None.

    A source line among the last lines wins; else the first photo credit naming an agency.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines[-_TAIL:]):
        name = source_line(line)
        if name:
            return name
    for line in lines:
        agency = photo_agency(line)
        if agency:
            return agency
    return None
