"""Pages decoded with the wrong charset, put right (pure functions over the decoded HTML).

Servers mis-declare charsets: a UTF-8 page served as ``iso-8859-1`` (Apache's default) or
``windows-1258`` reads "Sá»Ÿ Khoa há»\ufffdc"; a windows-1258 page served as ``iso-8859-1``
reads "Sơ\u0309" as "SôÒ". The text is encoded back with the charset it was wrongly decoded with
and decoded with the right one. Bytes the wrong charset has no character for were replaced by
U+FFFD when the page was decoded; the Vietnamese letter they most likely were is put back from
the bytes around them and a list of common syllables (``giờ``, ``học``, ``về``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata

_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\ufffd"
)
# (wrong charset, right charset, what the wrong reading of the right bytes looks like, and the
# strings every such sign holds: when none is in the page, its regex scan is skipped)
_READINGS = (
    ("cp1252", "utf-8", re.compile(f"[ÃÄÆ][{_CONTINUATION}]|á[º»][{_CONTINUATION}]"),
     ("Ã", "Ä", "Æ", "áº", "á»")),
    ("cp1258", "utf-8", re.compile(f"[ĂÄÆ][{_CONTINUATION}]|á[º»][{_CONTINUATION}]"),
     ("Ă", "Ä", "Æ", "áº", "á»")),
    ("cp1252", "cp1258", re.compile(r"[a-zA-Zâêôýõ][ÌìÒÞò](?=[a-zA-Z]|\s|$)|ð|Ð"),
     ("Ì", "ì", "Ò", "Þ", "ò", "ð", "Ð")),
)  # fmt: skip
# A windows-1258 page read as windows-1252 looks much like TCVN3 or VNI text (all Latin-1):
# it is re-read only when the page itself declares windows-1258.
_DECLARES_1258 = re.compile(r"charset\s*=\s*[\"']?\s*(?:windows|cp)-?1258", re.IGNORECASE)
MIN_SIGNS = 5
# Bytes each charset leaves undefined: what a U+FFFD in its reading may have been.
_UNDEFINED = {
    "cp1252": (0x81, 0x8D, 0x8F, 0x90, 0x9D),
    "cp1258": (0x81, 0x8A, 0x8D, 0x8E, 0x8F, 0x90, 0x9A, 0x9D, 0x9E),
}
_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăĂđĐơƠưƯĩĨũŨÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý]")
# Letters only Vietnamese uses: a good re-decoding has more of them than the mis-reading.
_SPECIFIC = re.compile("[\u1ea0-\u1ef9ăĂđĐơƠưƯĩĨũŨ]")
# Frequent syllables that hold a letter whose UTF-8 bytes a charset may have lost (lower case).
_COMMON = frozenset(
    [
        "học",
        "họp",
        "họ",
        "chọn",
        "mọi",
        "gọi",
        "đọc",
        "ngọc",
        "lọc",
        "bọn",
        "dọn",
        "trọng",
        "giọng",
        "vọng",
        "thọ",
        "tọa",
        "về",
        "đề",
        "điều",
        "nhiều",
        "đều",
        "nền",
        "tiền",
        "liền",
        "quyền",
        "miền",
        "bền",
        "đền",
        "kề",
        "thề",
        "hề",
        "lề",
        "tề",
        "người",
        "thời",
        "trời",
        "mời",
        "lời",
        "giờ",
        "cờ",
        "bờ",
        "chờ",
        "nhờ",
        "trường",
        "đường",
        "thường",
        "mười",
        "vườn",
        "sườn",
        "nhỏ",
        "bỏ",
        "đỏ",
        "giỏi",
        "tỏ",
        "cỏ",
        "mỏ",
        "thỏa",
        "nghề",
        "ngọ",
        "ý",
        "án",
        "ích",
        "ị",
        "thị",
        "chị",
        "bị",
        "kịp",
        "lịch",
        "dịch",
        "vị",
        "trị",
        "địa",
        "hị",
        "nghị",
        "thịt",
        "đi",
        "đình",
        "đà",
        "đông",
        "đồng",
        "đại",
        "đảng",
        "đạt",
        "đã",
        "đó",
        "đến",
        "đây",
        "đất",
        "đầu",
        "đơn",
        "đưa",
        "đảm",
        "đẩy",
        "độ",
        "động",
    ]
)
_WORD = re.compile(r"[^\W\d_]*\ufffd[^\W\d_]*|[^\W\d_]+")


def repair(html: str, body: bytes | None = None) -> str:
    """Return ``html`` re-decoded when it reads as another charset's mis-reading, else as is.

    With the page's raw ``body`` the right charset decodes the bytes themselves, and nothing
    is guessed; without it, bytes the wrong charset replaced by U+FFFD are guessed back (a
    browser-style decoder, such as w3lib 2.6's, keeps them as C1 controls: nothing to guess).
    """
    if body is not None and html.count("\ufffd", 0, 200_000) >= MIN_SIGNS:
        # Not UTF-8 at all: a windows-1258 page (Word exports) served as UTF-8.
        fixed = _from_bytes(body, "cp1258")
        if fixed is not None and _vietnamese(fixed) > _vietnamese(html):
            return fixed
    for wrong, right, signs, held in _READINGS:
        # The declaration first: its search is cheap, the signs' ("hò", "rì") is not.
        if right == "cp1258" and not _DECLARES_1258.search(html, 0, 10_000):
            continue
        # A substring search is ten times faster than the regex scan of a page without signs.
        if not any(part in html for part in held):
            continue
        if len(signs.findall(html, 0, 200_000)) < MIN_SIGNS:
            continue
        fixed = _from_bytes(body, right) if body is not None else _redecode(html, wrong, right)
        if fixed is not None and _vietnamese(fixed) > _vietnamese(html):
            return fixed
    return html


def _from_bytes(body: bytes, right: str) -> str | None:
    """``body`` decoded with ``right``; None when the bytes are not that charset."""
    try:
        return body.decode(right)
    except UnicodeDecodeError:
        return None


def _vietnamese(text: str) -> int:
    return len(_SPECIFIC.findall(unicodedata.normalize("NFC", text)))


def _redecode(text: str, wrong: str, right: str) -> str | None:
    """``text`` encoded with ``wrong`` and decoded with ``right``; None when it is not that."""
    data = bytearray()
    lost: list[int] = []
    for char in text:
        if char == "\ufffd":
            lost.append(len(data))
            data.append(_UNDEFINED[wrong][0])
            continue
        if ord(char) in _UNDEFINED[wrong]:  # kept as the C1 control of its number (WHATWG, w3lib)
            data.append(ord(char))
            continue
        try:
            data += char.encode(wrong)
        except UnicodeEncodeError:
            return None
    if lost:
        _restore_lost(data, lost, wrong, right)
    return bytes(data).decode(right, errors="replace")


def _restore_lost(data: bytearray, lost: list[int], wrong: str, right: str) -> None:
    """Put back, at each ``lost`` offset, the byte that makes the most likely Vietnamese word."""
    for offset in lost:
        best, best_score = data[offset], -1
        for byte in _UNDEFINED[wrong]:
            data[offset] = byte
            score = _score(_word_at(data, offset, right))
            if score > best_score:
                best, best_score = byte, score
        data[offset] = best


def _word_at(data: bytearray, offset: int, right: str) -> str | None:
    """The decoded word around byte ``offset``; None when the bytes there are not valid."""
    start, end = max(0, offset - 12), min(len(data), offset + 12)
    window = bytes(data[start:end]).decode(right, errors="replace")
    before = bytes(data[start:offset]).decode(right, errors="replace")
    position = len(before.rstrip("\ufffd"))
    for match in _WORD.finditer(window):
        if match.start() <= position < match.end() + 1:
            return None if "\ufffd" in match.group(0) else match.group(0)
    return None


def _score(word: str | None) -> int:
    """How Vietnamese ``word`` looks: its Vietnamese letters, +3 for a common syllable, -5 for
    a capital after a small letter ("nghỊ")."""
    if not word:
        return -10
    score = len(_VIETNAMESE.findall(word)) + 3 * (word.lower() in _COMMON)
    mixed = any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))
    return score - 5 * mixed
