"""Page classification: is an extracted page an article, or a listing, error or other page?

Only articles become archive rows. Each rejection carries a reason, counted by the extraction
pipeline as ``govcrawl/classify/<reason>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govcrawl.extract.page import ExtractedPage
from govcrawl.text.normalise import fold

# "Page not found" pages that portals serve with status 200 (soft 404s), compared folded.
_SOFT_404 = re.compile(
    r"khong tim thay|khong ton tai|da bi xoa|khong co du lieu|page not found|not found|"
    r"loi truy cap|trang bao loi|error page"
)
_HTTP_404 = re.compile(r"\b404\b")
# A soft 404's body is short; a long article may well quote "không tồn tại".
SOFT_404_MAX_CHARS = 1000
# Pages about the portal rather than news: contact, feedback, site map, search, Q&A; the
# agency's standing pages (introduction, duties, organisation chart, leaders, history); and
# sections named as such (legal documents, administrative procedures). Whole titles, folded.
_UTILITY_TITLE = re.compile(
    r"^(?:lien he|contact|contact us|gop y|gui thu gop y|so do (?:trang|site|cong)|site ?map|"
    r"ban do|gioi thieu|gioi thieu chung|hoi dap|hoi dap truc tuyen|tim kiem|ket qua tim kiem|"
    r"dang nhap|rss|trang chu|home|chuc nang,? nhiem vu(?:,? quyen han)?(?: va co cau to chuc)?|"
    r"co cau to chuc|so do to chuc|to chuc bo may|(?:ban )?lanh dao(?: so)?|ban giam doc|"
    r"lich su hinh thanh(?: va phat trien)?|thong tin lien he|danh ba(?: dien thoai)?|"
    r"van ban(?: quy pham phap luat| chi dao dieu hanh| phap quy| moi)?|thu tuc hanh chinh)$"
)
# Galleries: albums of photos or videos, whose text is captions (folded title prefixes).
_GALLERY_TITLE = re.compile(r"^(?:thu vien (?:anh|video|hinh anh)|album|anh|video|photo|gallery)\b")
# A document page: a title, a few lines of metadata and the attached file(s).
ATTACHMENT_PAGE_MAX_CHARS = 600
# Listing teasers in the body: this many headlines (lines that are also links' texts), each
# between stretches of snippet text, with little text per headline, make a page a listing; a run
# of headlines before or after the prose ("Tin liên quan" kept with the body) does not.
MIN_TEASER_LINES = 3
# A main block listing this many items (headline link with its snippet), with little text per
# item, lists; articles' related lists and menus are not items (govcrawl.extract.main_block).
MIN_TEASER_LINKS = 4
MIN_CHARS_PER_TEASER = 500
# Three items make a listing too when their headlines and snippets are (nearly) all its body.
TEASER_BODY_SHARE = 0.8
# A body that opens with another page's headline and holds less text than this is a teaser
# (a home page's featured article), not the article.
FEATURED_TEASER_CHARS = 900
# A register (documents, staff, results): this many table rows (or cell lines), little prose.
MIN_REGISTER_ROWS = 4
# Lines this long are paragraphs; shorter ones are cells, labels and list items.
PARAGRAPH_CHARS = 100


@dataclass(frozen=True)
class Verdict:
    """The kind of a page (``article``, ``listing``, ``not_found``, ``other``) and why."""

    kind: str
    reason: str

    @property
    def is_article(self) -> bool:
        return self.kind == "article"


def classify(page: ExtractedPage, *, min_chars: int, url_kind: str | None = None) -> Verdict:
    """Return whether ``page`` is an article, from its content and its URL's shape.

    ``url_kind`` is the platform family's reading of the URL (``article``, ``listing`` or None):
    it tips the balance on pages whose content alone is ambiguous.
    """
    heading = fold(" ".join(filter(None, [page.title, page.page_title])))
    short_body = fold(page.text) if len(page.text) < SOFT_404_MAX_CHARS else ""
    if _SOFT_404.search(heading) or _HTTP_404.search(heading) or _SOFT_404.search(short_body):
        return Verdict("not_found", "soft_404")
    if not page.title:
        return Verdict("other", "no_title")
    if _UTILITY_TITLE.match(fold(page.title).strip(" .:")):
        return Verdict("other", "utility_page")
    if page.has_form and len(page.text) < 4 * min_chars:
        return Verdict("other", "form_page")
    if _GALLERY_TITLE.match(fold(page.title)) and len(page.text) < 4 * min_chars:
        return Verdict("other", "gallery")
    if page.attachments and len(page.text) < ATTACHMENT_PAGE_MAX_CHARS:
        return Verdict("other", "attachment_only")
    if _lists_headlines(page, min_chars):
        return Verdict("listing", "teaser_lines")
    if _is_register(page.text, min_chars):
        return Verdict("other", "register")
    min_teasers = {"article": MIN_TEASER_LINKS * 2, "listing": 2}.get(
        url_kind or "", MIN_TEASER_LINKS
    )
    if page.teasers >= min_teasers and len(page.text) < MIN_CHARS_PER_TEASER * page.teasers:
        return Verdict("listing", "teaser_links")
    if page.teasers >= MIN_TEASER_LINES and page.teaser_share >= TEASER_BODY_SHARE:
        return Verdict("listing", "teaser_links")  # the body is the texts of a few teasers
    if len(page.text) < min_chars:
        return Verdict("other", "short_text")
    return Verdict("article", "content")


def _lists_headlines(page: ExtractedPage, min_chars: int) -> bool:
    """True when the body is a list of headlines: headlines alone, or headlines interleaved
    with short snippets (not a run of related headlines before or after an article's prose)."""
    lines = page.text.splitlines()
    is_headline = [line in page.anchor_texts for line in lines]
    headlines = sum(is_headline)
    prose_chars = sum(
        len(line) for line, linked in zip(lines, is_headline, strict=True) if not linked
    )
    led_by_a_teaser = is_headline[:1] == [True] and lines[0] != page.title
    if led_by_a_teaser and prose_chars < FEATURED_TEASER_CHARS:  # a home page's featured teaser
        return True
    if headlines < MIN_TEASER_LINES:
        return False
    if prose_chars < min_chars:
        return True
    first_prose, last_prose = is_headline.index(False), len(lines) - is_headline[::-1].index(False)
    inner = is_headline[first_prose:last_prose]
    between = sum(1 for i, linked in enumerate(inner) if linked and (i == 0 or not inner[i - 1]))
    return between >= MIN_TEASER_LINES and prose_chars < MIN_CHARS_PER_TEASER * between


def _is_register(text: str, min_chars: int) -> bool:
    """True for a body that is a table of records (legal documents, staff, a register) with
    little prose around it: table rows, or one cell a line, and under ``min_chars`` of
    paragraphs."""
    lines = text.splitlines()
    rows = [line for line in lines if line.startswith("|")]
    paragraphs = sum(
        len(line) for line in lines if not line.startswith("|") and len(line) >= PARAGRAPH_CHARS
    )
    if paragraphs >= min_chars:
        return False
    if len(rows) >= MIN_REGISTER_ROWS and sum(map(len, rows)) >= 0.6 * len(text):
        return True
    cells = [line for line in lines if len(line) < PARAGRAPH_CHARS // 2]
    return len(cells) >= 4 * MIN_REGISTER_ROWS and len(cells) >= 0.8 * len(lines)
