"""Text normalisation: Unicode NFC, whitespace, accent folding and language detection.

Pure functions; the extraction pipeline applies them to every article. Portals mix composed and
decomposed Vietnamese (windows-1258 decodes to decomposed text), so everything is NFC before it
is hashed, indexed or compared.
"""

from __future__ import annotations

import re
import unicodedata

from langdetect import DetectorFactory, LangDetectException, detect_langs

# langdetect is random unless seeded; one seed for the whole process makes it deterministic.
DetectorFactory.seed = 0

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_BLANK_LINES = re.compile(r"\n{2,}")
# Control characters but tab, CR, LF and NEL: NUL, form feeds, terminal escapes (ESC, BEL, CSI).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LETTERS = re.compile(r"[^\W\d_]")
# Letters with Vietnamese diacritics (as NFC); a few also occur in French or Portuguese, never
# at Vietnamese density.
_VIETNAMESE_LETTERS = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
# A line is Vietnamese when this share of its letters carries such a mark (prose: 0.25-0.35).
VIETNAMESE_MARK_SHARE = 0.08
# Below this many letters langdetect guesses ("KH&CN" -> sw); we record no language instead.
MIN_LETTERS_FOR_LANGUAGE = 20


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def strip_controls(text: str) -> str:
    """Return ``text`` with control characters (but tab and line breaks) as spaces.

    A page carrying one loses its body (trafilatura serialises to XML, which refuses them) and
    a title carrying terminal escapes would drive the terminal of `govcrawl search`.
    """
    return _CONTROLS.sub(" ", text)


def clean_text(text: str) -> str:
    """Return NFC text with spaces collapsed, one paragraph per line, no blank lines and no
    control characters."""
    lines = (_SPACES.sub(" ", line).strip() for line in nfc(strip_controls(text)).splitlines())
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line))


def clean_line(text: str | None) -> str | None:
    """Return a one-line field (title, author) in NFC with collapsed spaces and no control
    characters; None if empty."""
    if text is None:
        return None
    line = " ".join(_SPACES.sub(" ", nfc(strip_controls(text))).split())
    return line or None


def fold(text: str) -> str:
    """Return ``text`` lower-cased and without diacritics, with đ/Đ as d: 'Đà Nẵng' -> 'da nang'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def fold_d(text: str) -> str:
    """Return NFC ``text`` with only đ/Đ replaced by d/D (SQLite's unicode61 folds the rest)."""
    return nfc(text).replace("đ", "d").replace("Đ", "D")


def detect_language(text: str, sample_chars: int = 3000) -> str | None:
    """Return the ISO 639-1 code of ``text``'s language, or None when it cannot be told.

    The rule, deterministic for a given text (only the first ``sample_chars`` are read):
    a line is Vietnamese when at least VIETNAMESE_MARK_SHARE of its letters carry Vietnamese
    diacritics (ơ, ư, đ, ă, â, ê, ô and the five tones). A short text (fewer than
    MIN_LETTERS_FOR_LANGUAGE letters) is ``vi`` when it is such a line with 3+ marked letters,
    else None (langdetect guesses on so little). Otherwise, when Vietnamese lines hold at least
    half of the letters: ``vi``; else seeded langdetect on the other lines (an English page
    quoting Vietnamese names or a Vietnamese paragraph stays ``en``).
    """
    sample = text[:sample_chars]
    letters = len(_LETTERS.findall(sample))
    if letters < MIN_LETTERS_FOR_LANGUAGE:
        marked = len(_VIETNAMESE_LETTERS.findall(nfc(sample)))
        return "vi" if marked >= 3 and _is_vietnamese(sample) else None
    vietnamese = sum(_letters(line) for line in sample.splitlines() if _is_vietnamese(line))
    if vietnamese * 2 >= letters:
        return "vi"
    rest = "\n".join(line for line in sample.splitlines() if not _is_vietnamese(line))
    if len(_LETTERS.findall(rest)) < MIN_LETTERS_FOR_LANGUAGE:
        return "vi"
    try:
        best: str = detect_langs(rest)[0].lang  # "en", "zh-cn"
    except LangDetectException:
        return None
    return best.split("-")[0]


def _letters(line: str) -> int:
    return len(_LETTERS.findall(line))


def _is_vietnamese(line: str) -> bool:
    """True when enough of ``line``'s letters carry Vietnamese diacritics."""
    letters = _letters(line)
    marked = len(_VIETNAMESE_LETTERS.findall(nfc(line)))
    return letters > 0 and marked >= max(1, VIETNAMESE_MARK_SHARE * letters)
