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
# Pages about the portal rather than news: contact, feedback, site map, about, Q&A (folded).
_UTILITY_TITLE = re.compile(
    r"^(?:lien he|contact|contact us|gop y|gui thu gop y|so do (?:trang|site|cong)|site ?map|"
    r"ban do|gioi thieu|hoi dap|hoi dap truc tuyen|tim kiem|ket qua tim kiem|dang nhap|rss)$"
)
# Galleries: albums of photos or videos, whose text is captions (folded title prefixes).
_GALLERY_TITLE = re.compile(r"^(?:thu vien (?:anh|video|hinh anh)|album|anh|video|photo|gallery)\b")
# A document page: a title, a few lines of metadata and the attached file(s).
ATTACHMENT_PAGE_MAX_CHARS = 600
# Listing teasers: this many body lines that are also anchor texts make a page a listing.
MAX_TEASER_LINES = 3
# A page with this many headline links outside navigation, and little text per link, lists.
MIN_TEASER_LINKS = 4
MIN_CHARS_PER_TEASER = 500


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
    teaser_lines = sum(1 for line in page.text.splitlines() if line in page.anchor_texts)
    if teaser_lines >= MAX_TEASER_LINES:
        return Verdict("listing", "teaser_lines")
    min_teasers = {"article": MIN_TEASER_LINKS * 2, "listing": 2}.get(
        url_kind or "", MIN_TEASER_LINKS
    )
    if page.teasers >= min_teasers and len(page.text) < MIN_CHARS_PER_TEASER * page.teasers:
        return Verdict("listing", "teaser_links")
    if len(page.text) < min_chars:
        return Verdict("other", "short_text")
    return Verdict("article", "content")
