"""Boilerplate of portal pages: which blocks are navigation, chrome or other articles' lists.

Portals wrap each article in menus, "Tin mới"/"Tin liên quan" lists with their own dates, share
bars, polls, counters and footers. These helpers recognise such blocks by their class and id
words (English and Vietnamese: ``tinlienquan``, ``cotphai``, ``chantrang``), by a boilerplate
heading, or by link density, and prune them before trafilatura reads the page (pure functions).
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from govcrawl.text.normalise import fold


def _word_parts(*words: str) -> re.Pattern[str]:
    """Match a class/id token one of whose ``-``/``_`` parts starts with one of ``words``."""
    return re.compile(rf"(?:^|[\s_-])(?:{'|'.join(words)})", re.IGNORECASE)


_LIST_WORDS = (
    "related", "lienquan", "lien-quan", "tinlienquan", "tinkhac", "tin-khac", "cactinkhac",
    "cung-chuyen-muc", "other", "sidebar", "widget", "footer", "menu", "mainmenu", "nav", "aside",
    "comment", "marquee", "slide", "breadcrumb", "tags", "poll", "survey", "vote", "binhchon",
    "side", "tinmoi", "tin-moi", "xemnhieu", "xem-nhieu", "docnhieu", "chantrang", "duongdan",
    "cotrai", "cotphai", "lienket", "lien-ket", "counter", "visitor", "thongke", "hotline",
    "advert", "quangcao", "language", "search", "login", "pager", "pagination",
)  # fmt: skip
# Hidden helpers for screen readers: never content, never the page's headline.
_HIDDEN_WORDS = ("skip-link", "element-invisible", "sr-only", "visually-hidden", "hide-accessible")
# An article's own tool bar (share, print, font size, rating, audio): never body, but its date
# is the article's ("Chủ Nhật, 08/11/2026 13:42" beside "In trang | A+ | A-").
_TOOL_WORDS = ("share", "social", "tool", "rating", "audio", "print", "congcu")
# Navigation and lists of other pages, hidden helpers, tool bars: never part of an article's body.
NAVIGATION = _word_parts(*_LIST_WORDS, *_HIDDEN_WORDS, *_TOOL_WORDS)
# Blocks whose dates belong to other articles: navigation lists, and listings' items.
FOREIGN = _word_parts(*_LIST_WORDS, "listnews", "list-news", "ArticleList", "asset-abstract",
                      "item-new", "news-list")  # fmt: skip
# The page's chrome, whose headings and dates are the portal's, not the article's.
CHROME = _word_parts(*_LIST_WORDS, *_HIDDEN_WORDS, "header", "logo", "banner", "brand", "top",
                     "tenweb", "site-title", "current-date")  # fmt: skip
_CHROME_TAGS = {"header", "footer", "nav", "aside", "menu"}
# Headings that open a boilerplate block, compared folded ("Tin liên quan" -> "tin lien quan").
_BOILERPLATE_HEADING = re.compile(
    r"^(?:tin lien quan|tin khac|cac tin khac|cac tin da dua|tin cung chuyen muc|bai viet lien quan|"
    r"xem them|tin moi|tin moi nhat|tin noi bat|tin xem nhieu|tin doc nhieu|doc nhieu|xem nhieu|"
    r"lich cong tac|thong ke|thong ke truy cap|lien ket website|lien ket|tham do y kien|"
    r"hotline|duong day nong|ho tro truc tuyen|video|thu vien anh|van ban moi|tu khoa)\s*:?$"
)
# Whole lines of extracted text that are boilerplate whatever block they came from.
_BOILERPLATE_LINE = re.compile(
    r"^(?:lượt xem|số lượt xem|lượt truy cập|tổng truy cập|đang truy cập|đang trực tuyến|"
    r"trực tuyến|truy cập hôm nay|in bài|gửi email|chia sẻ|về đầu trang|quay lại|xem tiếp|"
    r"đánh giá bài viết|cỡ chữ|liên kết website|view count)\b.{0,80}$|^(?:từ khóa|tags)\s*:.{0,200}$",
    re.IGNORECASE,
)
_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}")
# What else a byline date line may hold (folded): weekdays, times, labels, separators.
_DATE_LINE_PARTS = re.compile(
    r"thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|ngay dang|dang ngay|dang tai|cap nhat|luc|ngay|"
    r"\bam\b|\bpm\b|\bsa\b|\bch\b|[\d/:.|,()\-–—]"
)
_PRUNABLE = ("div", "ul", "ol", "table", "td", "section", "aside", "nav", "header", "footer",
             "form", "select", "marquee", "iframe", "dl", "p")  # fmt: skip
MIN_LINKS_FOR_DENSITY = 3
LINK_DENSITY = 0.6
# A text this long outside links is a paragraph: no menu or list of links holds one.
PROSE_CHARS = 200


def marker(element: HtmlElement) -> str:
    """The class and id of ``element``, as one string."""
    return f"{element.get('class', '')} {element.get('id', '')}"


def in_block(element: HtmlElement, pattern: re.Pattern[str]) -> bool:
    """True when ``element`` or an ancestor is a block ``pattern`` names (or a chrome tag).

    Inside an ``<article>`` (or an element microdata types as one), its own header and footer
    (headline, byline) are not the page's chrome: there only navigation blocks count.
    """
    # <body> and <html> are the page, never a block: Drupal puts "one-sidebar" on <body>.
    nodes = [n for n in (element, *element.iterancestors()) if n.tag not in ("body", "html")]
    article = next((i for i, n in enumerate(nodes) if _is_article_element(n)), -1)
    for index, node in enumerate(nodes):
        inside = pattern is CHROME and index < article
        if (NAVIGATION if inside else pattern).search(marker(node)):
            return True
        if pattern is CHROME and not inside and node.tag in _CHROME_TAGS:
            return True
    return False


def _is_article_element(node: HtmlElement) -> bool:
    """An ``<article>``, or an element schema.org microdata types as an article."""
    return (
        node.tag == "article"
        or "Article" in node.get("itemtype", "")
        or ("BlogPosting" in node.get("itemtype", ""))
    )


def is_boilerplate_heading(text: str) -> bool:
    """True for a heading such as "Tin liên quan" or "CÁC TIN KHÁC" that opens a boilerplate list."""
    return bool(_BOILERPLATE_HEADING.match(fold(" ".join(text.split())).strip(" .:»>")))


def prune(tree: HtmlElement, keep: HtmlElement | None) -> int:
    """Remove boilerplate blocks from ``tree`` in place; never one holding ``keep``. Returns a count."""
    protected = set(keep.iterancestors()) | {keep} if keep is not None else set()
    total = len(tree.text_content()) or 1
    doomed = []
    for element in tree.iter(*_PRUNABLE):
        if element in protected or any(a in doomed for a in element.iterancestors()):
            continue
        if _is_boilerplate_block(element, total):
            doomed.append(element)
    for element in doomed:
        element.drop_tree()
    return len(doomed)


def _is_boilerplate_block(element: HtmlElement, page_chars: int) -> bool:
    text = element.text_content()
    if element.tag in ("select", "marquee", "nav", "iframe"):
        return True
    chrome = CHROME.search(marker(element)) or element.tag in _CHROME_TAGS
    if chrome and len(text) < page_chars * 0.5:
        return True
    if element.tag != "p" and _opens_with_boilerplate_heading(element):
        return True
    return _link_dense(element, text)


def _opens_with_boilerplate_heading(element: HtmlElement) -> bool:
    for child in element.iterdescendants():
        if not isinstance(child.tag, str) or child.tag in ("script", "style"):
            continue
        own = (child.text or "").strip()
        if own:
            return is_boilerplate_heading(own) and len(element.text_content()) < 5000
    return False


def _link_dense(element: HtmlElement, text: str) -> bool:
    """Mostly link text, and no paragraph of prose: a block wrapping an article and its
    furniture (menus, related lists) is link-dense as a whole, yet holds the article."""
    links = element.findall(".//a")
    if len(links) < MIN_LINKS_FOR_DENSITY or not text.strip():
        return False
    link_chars = sum(len(a.text_content().strip()) for a in links)
    return link_chars / len(text.strip()) >= LINK_DENSITY and not _holds_prose(element)


def _holds_prose(element: HtmlElement) -> bool:
    """True when a text of ``element``, outside links, is a paragraph (PROSE_CHARS or more)."""
    for node in element.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "a"):
            continue
        for text in (node.text, node.tail if node is not element else None):
            if (
                text
                and len(text.strip()) >= PROSE_CHARS
                and next(node.iterancestors("a"), None) is None
            ):
                return True
    return False


def drop_boilerplate_lines(text: str) -> str:
    """Return ``text`` without lines that are counters, share bars, navigation prompts, or a
    bare byline date ("03/08/2021 | 04:15 PM", "Thứ Tư, 15/01/2020 - 14:30"), nor the heading
    of a list of other articles left at its end ("Tin cùng chuyên mục:" whose items were pruned,
    below the author's credit line)."""
    lines = [
        line for line in text.split("\n")
        if not (_BOILERPLATE_LINE.match(line) or _is_date_line(line))
    ]  # fmt: skip
    while lines and is_boilerplate_heading(lines[-1]):
        lines.pop()
    return "\n".join(lines)


def _is_date_line(line: str) -> bool:
    """A line that holds a date and nothing else but weekday, time and labels."""
    if not _DATE.search(line) or len(line) > 80:
        return False
    rest = _DATE_LINE_PARTS.sub(" ", fold(line))
    return not re.search(r"[a-z]{2,}", rest)


def unwrap_layout_tables(tree: HtmlElement, headline: HtmlElement | None) -> int:
    """Turn layout tables into plain blocks, in place; return how many were unwrapped.

    Old portals (Joomla 1.5 ``table.contentpaneopen``, ASP.NET and Word exports) lay pages out
    with tables; trafilatura then reads the body as one table row, credits included. A table is
    a layout when it holds the headline, another table, or cells of several paragraphs; a data
    table (figures in a report) is left alone.
    """
    unwrapped = 0
    for table in list(tree.iter("table")):
        if table.tag != "table" or not _is_layout(table, headline):  # unwrapped with its parent
            continue
        for element in list(table.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th")):
            if element.tag in ("td", "th", "table"):
                element.tag = "div"
            else:
                element.drop_tag()
        unwrapped += 1
    return unwrapped


def _is_layout(table: HtmlElement, headline: HtmlElement | None) -> bool:
    if headline is not None and any(a is table for a in headline.iterancestors()):
        return True
    if table.find(".//table") is not None:
        return True
    return any(len(cell.findall(".//p")) >= 2 for cell in table.iter("td", "th"))
