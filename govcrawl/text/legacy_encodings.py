"""Vietnamese typed for pre-Unicode fonts: TCVN3 (ABC, ".VnTime") and VNI ("VNI-Times") text.

Such text reaches us as windows-1252/Latin-1 characters ("Së Khoa häc" is TCVN3, "Sôû Khoa
hoïc" is VNI, both for "Sở Khoa học"). No maintained PyPI package converts them (``vniencoder``
is the VNI *typing* method, not the font encoding), hence these tables: TCVN3 as glibc's
TCVN5712-1 maps bytes 0xA1-0xFE, VNI as the VNI Windows font layout (base letter + mark
characters). Detection is per text segment, so a page mixing Unicode chrome and an old pasted
body converts only the body (pure functions).
"""

from __future__ import annotations

import re
import unicodedata

from lxml.html import HtmlElement

# TCVN3: one Latin-1 character per Vietnamese letter (lower case; capitals use the ".VnTimeH"
# font with the same codes, see _uppercase_words).
_TCVN3_LETTERS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ \xadư ®đ µà ¶ả ·ã ¸á ¹ạ »ằ ¼ẳ ½ẵ ¾ắ Æặ Çầ Èẩ Éẫ Êấ Ëậ "
    "Ìè Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ ×ì Øỉ Üĩ Ýí Þị ßò áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ "
    "ïù ñủ òũ óú ôụ õừ öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ"
)
TCVN3 = {pair[0]: pair[1] for pair in _TCVN3_LETTERS.split()}
# Characters a TCVN3 text has and ordinary Western text almost never does.
_TCVN3_SIGNATURE = re.compile("[¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾]")
_VIETNAMESE_UNICODE = re.compile("[\u1ea0-\u1ef9ăĂđĐơƠưƯĩĨũŨ]")
_LETTER = re.compile(r"[^\W\d_]")
_MIN_LETTERS = 8

# VNI: a base letter followed by mark characters.
_TONES = "\u0301\u0300\u0309\u0303\u0323"  # acute, grave, hook, tilde, dot below
_PLAIN_MARKS = ("ù", "ø", "û", "õ", "ï")  # after a, e, o, u, y, ơ, ư
_HAT_MARKS = ("á", "à", "å", "ã", "ä")  # after â, ê, ô (replace the hat mark)
_BREVE_MARKS = ("é", "è", "ú", "ü", "ë")  # after ă (replace the breve mark)
_I_LETTERS = ("í", "ì", "æ", "ó", "ò")  # í ì ỉ ĩ ị are single characters


def _vni_table() -> dict[str, str]:
    """Every VNI sequence (lower and upper case) and the Unicode letter it stands for."""
    table: dict[str, str] = {}
    for case in (str.lower, str.upper):
        for base in "aeouy":
            for mark, tone in zip(_PLAIN_MARKS, _TONES, strict=True):
                table[case(base + mark)] = case(_compose(base, tone))
        for base in "aeo":
            table[case(base + "â")] = case(_compose(base, "\u0302"))
            for mark, tone in zip(_HAT_MARKS, _TONES, strict=True):
                table[case(base + mark)] = case(_compose(base, "\u0302" + tone))
        table[case("aê")] = case("ă")
        for mark, tone in zip(_BREVE_MARKS, _TONES, strict=True):
            table[case("a" + mark)] = case(_compose("a", "\u0306" + tone))
        for horn, letter in (("ô", "o"), ("ö", "u")):
            table[case(horn)] = case(_compose(letter, "\u031b"))
            for mark, tone in zip(_PLAIN_MARKS, _TONES, strict=True):
                table[case(horn + mark)] = case(_compose(letter, "\u031b" + tone))
        for mark, tone in zip(_I_LETTERS, _TONES, strict=True):
            table[case(mark)] = case(_compose("i", tone))
        table[case("ñ")] = case("đ")
        table[case("î")] = case("ỵ")
    return table


def _compose(base: str, marks: str) -> str:
    return unicodedata.normalize("NFC", base + marks)


VNI = _vni_table()
_VNI_SEQUENCE = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))
_VNI_PAIR = re.compile(r"[aeiouyAEIOUY][ùøûõïâêáàåãäéèúüëÙØÛÕÏÂÊÁÀÅÃÄÉÈÚÜË]")
# VNI's codes that no Unicode Vietnamese word has (grave, hook, dot below, đ, ư, ...): a pair
# such as "oà" or "iê" is VNI ("Hoàng" typed for "Hồng") and Unicode ("Hoàng") alike.
_VNI_SIGNATURE = re.compile("[øûïåäüëöæñîØÛÏÅÄÜËÖÆÑÎ]")


def detect_legacy(text: str) -> str | None:
    """Return ``"tcvn3"`` or ``"vni"`` when ``text`` is Vietnamese typed for those fonts, else None.

    Text with any Unicode Vietnamese letter is Unicode. Both need 8+ letters; TCVN3 needs 3+ of
    its signature characters, 1 per 40 letters; VNI needs 3+ vowel+mark pairs, 1 per 15 letters,
    and 3+ of its signature characters, 1 per 3 pairs (VNI prose has about one per pair; Unicode
    words with Latin-1 letters only, "Hoàng", "Tin liên quan", have pairs but no signature).
    """
    letters = len(_LETTER.findall(text))
    if _VIETNAMESE_UNICODE.search(text) or letters < _MIN_LETTERS:
        return None
    signature = len(_TCVN3_SIGNATURE.findall(text))
    if signature >= 3 and signature * 40 >= letters:
        return "tcvn3"
    pairs = len(_VNI_PAIR.findall(text))
    signature = len(_VNI_SIGNATURE.findall(text))
    if pairs >= 3 and pairs * 15 >= letters and signature >= 3 and signature * 3 >= pairs:
        return "vni"
    return None


def tcvn3_to_unicode(text: str) -> str:
    """Return TCVN3 ``text`` as Unicode NFC; words typed in capitals are upper-cased whole."""
    converted = "".join(TCVN3.get(char, char) for char in text)
    return _uppercase_words(text, converted)


def vni_to_unicode(text: str) -> str:
    """Return VNI ``text`` as Unicode NFC."""
    return _VNI_SEQUENCE.sub(lambda m: VNI[m.group(0)], text)


def _uppercase_words(original: str, converted: str) -> str:
    """Upper-case words written with capital ASCII letters and TCVN3 codes ("HäC" -> "HỌC").

    The ".VnTimeH" capital font draws the lower-case codes as capitals: a word whose ASCII
    letters are all capitals (at least two) was typed in it.
    """
    words = converted.split(" ")
    for index, word in enumerate(original.split(" ")):
        ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
        capitals = len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters)
        if capitals and any(c in TCVN3 for c in word):
            words[index] = words[index].upper()
    return " ".join(words)


def to_unicode(text: str) -> str:
    """Return ``text`` converted from TCVN3 or VNI when it is such text, else unchanged."""
    kind = detect_legacy(text)
    if kind == "tcvn3":
        return tcvn3_to_unicode(text)
    if kind == "vni":
        return vni_to_unicode(text)
    return text


def convert_tree(root: HtmlElement) -> str | None:
    """Convert, in place, the TCVN3 or VNI text of a parsed page; return which it was, or None.

    The page's non-ASCII text without Unicode Vietnamese letters is judged as a whole (a
    title "Së Khoa häc" alone has too few signs); then each such segment is converted.
    """
    slots = [(e, a) for e in root.iter() if e.tag not in ("script", "style") for a in _ATTRS]
    texts = [_get(e, a) for e, a in slots]
    legacy = [t for t in texts if t and not t.isascii() and not _VIETNAMESE_UNICODE.search(t)]
    kind = detect_legacy(" ".join(legacy))
    if kind is None:
        return None
    convert = tcvn3_to_unicode if kind == "tcvn3" else vni_to_unicode
    for (element, attr), text in zip(slots, texts, strict=True):
        if text and not text.isascii() and not _VIETNAMESE_UNICODE.search(text):
            _set(element, attr, convert(text))
    return kind


_ATTRS = ("text", "tail", "content", "title", "alt")


def _get(element: HtmlElement, attr: str) -> str | None:
    if attr in ("text", "tail"):
        return getattr(element, attr) if isinstance(element.tag, str) or attr == "tail" else None
    return element.get(attr) if isinstance(element.tag, str) else None


def _set(element: HtmlElement, attr: str, value: str) -> None:
    if attr in ("text", "tail"):
        setattr(element, attr, value)
    else:
        element.set(attr, value)
