"""Extraction: one fetched HTML page -> its article fields, as plain text (pure functions).

trafilatura finds the body; the page's own metadata and Vietnamese byline conventions give the
date, title and author, which plain trafilatura gets wrong on portal pages (a sidebar date, the
portal's name in the title, the author alone on the last line).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError

from govcrawl.authors import author_from_text
from govcrawl.dates import FoundDate, date_from_url, parse_date
from govcrawl.normalise import clean_line, clean_text

_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "dc.date.issued", "dc.date", "dcterms.issued", "date",
)  # fmt: skip
_DATEISH = re.compile(r"date|time|ngay|thoigian|publish|posted|created|byline|meta", re.I)


def _blocks(*words: str) -> re.Pattern[str]:
    """Match a class or id token naming one of ``words`` as a whole part ("tin-lien-quan")."""
    return re.compile(rf"(?:^|[\s_-])(?:{'|'.join(words)})(?:$|[\s_-])", re.I)


_NAVIGATION_WORDS = (
    "related", "lienquan", "lien-quan", "tinkhac", "tin-khac", "other", "sidebar", "widget",
    "footer", "menu", "mainmenu", "nav", "navbar", "navigation", "aside", "comment", "comments",
    "marquee", "slide", "slider", "breadcrumb", "breadcrumbs", "tags", "share", "tool", "tools",
    "col-side", "tin-moi", "tinmoi",
)  # fmt: skip
# Blocks whose links, dates and headings belong to other articles or to the site.
_NAVIGATION = _blocks(*_NAVIGATION_WORDS)
# Dates in these blocks are other articles' dates: listings as well as navigation.
_FOREIGN_BLOCK = _blocks(
    *_NAVIGATION_WORDS, "listnews", "list-news", "ArticleList", "asset-abstract"
)
# The page's chrome, whose headings name the portal rather than the article.
_CHROME = _blocks(*_NAVIGATION_WORDS, "header", "logo", "banner", "brand", "top-links")
_UPDATED = re.compile(r"cập nhật|sửa đổi|updated|modified", re.I)
_TITLE_CLASS = re.compile(r"title|tieude|tieu-de|headline|ArticleHeader|detail|heading", re.I)
_PORTAL_SUFFIX = re.compile(
    r"\s+[-|–—:»]\s+[^-|–—»]*(?:cổng|trang thông tin|sở |ubnd|tỉnh|thành phố|portal|gov\.vn|"
    r"website|department)[^-|–—»]*$",
    re.I,
)
_AUTHOR_BLOCKLIST = re.compile(
    r"admin|quản trị|webmaster|vnpt|biên tập viên|editor|lượt xem|lượt truy cập|view|\d", re.I
)
# The lead ("sapo"), which portals print outside the body element trafilatura picks.
_LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:ArticleSummary|summary|sapo|brief|lead|chapeau|tomtat|tom-tat)(?:$|[\s_-])",
    re.I,
)


@dataclass(frozen=True)
class ExtractedPage:
    """What one page says about itself, normalised; ``text`` is '' when no body was found."""

    title: str | None
    text: str
    author: str | None
    published: str | None
    published_raw: str | None
    links: frozenset[str]  # texts of anchors with 4+ words: listing teasers look like these
    teasers: int  # headline-like links outside navigation blocks (listings have several)
    page_title: str | None  # the <title> element, for soft-404 detection


def parse_html(html: str) -> lxml_html.HtmlElement | None:
    """Return the parsed document, or None for a page lxml cannot parse (empty, binary)."""
    try:
        return lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        return None


def extract_page(html: str, url: str, *, fetched_at: datetime) -> ExtractedPage | None:
    """Return the fields of the page at ``url``, or None when it is not a parseable HTML page."""
    tree = parse_html(html)
    if tree is None:
        return None
    page_title = clean_line(tree.findtext(".//title"))
    published = _published(tree, url, fetched_at)
    heading = _heading(tree)
    anchors = _headline_anchors(tree)
    links = frozenset(clean_line(a.text_content()) or "" for a in anchors)
    teasers = sum(1 for a in anchors if not _in_foreign_block(a, _NAVIGATION))
    lead = _lead(tree)
    # trafilatura cleans the tree it is given in place: read our own metadata before this.
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
        deduplicate=False, date_extraction_params={"extensive_search": False, "original_date": True},
    )  # fmt: skip
    text = clean_text(document.text or "") if document is not None else ""
    if lead and text and lead not in text:
        text = f"{lead}\n{text}"
    meta_title = clean_line(document.title) if document is not None else None
    title = _strip_portal_suffix(heading or meta_title or page_title)
    if published is None and document is not None and document.date:
        found = parse_date(document.date, now=fetched_at)
        published = found and FoundDate(found.iso, document.date)
    author = author_from_text(text) or _plausible_author(document and document.author)
    return ExtractedPage(
        title=title, text=text, author=author,
        published=published.iso if published else None,
        published_raw=published.raw if published else None,
        links=links, teasers=teasers, page_title=page_title,
    )  # fmt: skip


def _published(tree: lxml_html.HtmlElement, url: str, now: datetime) -> FoundDate | None:
    """The publication date: structured metadata, then the byline, then the URL."""
    for value in _structured_dates(tree):
        found = parse_date(value, now=now)
        if found:
            return found
    for element in tree.iter():
        found = _byline_date(element, now)
        if found:
            return found
    return date_from_url(url, now=now)


def _structured_dates(tree: lxml_html.HtmlElement) -> list[str]:
    values = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for node in data if isinstance(data, list) else [data]:
            if isinstance(node, dict) and isinstance(node.get("datePublished"), str):
                values.append(node["datePublished"])
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META:
            values.append(meta.get("content"))
    values += tree.xpath('//time[@itemprop="datePublished"]/@datetime')
    return values


def _byline_date(element: lxml_html.HtmlElement, now: datetime) -> FoundDate | None:
    if not isinstance(element.tag, str) or element.tag in ("script", "style", "a", "option"):
        return None
    marker = f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')}"
    labelled = element.text and re.search(r"ngày đăng|đăng ngày|đăng tải|ngày:", element.text, re.I)
    if not (_DATEISH.search(marker) or element.tag == "time" or labelled):
        return None
    text = element.get("datetime") or element.text_content()
    if len(text) > 200 or _UPDATED.search(text) or _in_foreign_block(element):
        return None
    return parse_date(text, now=now)


def _in_foreign_block(
    element: lxml_html.HtmlElement, pattern: re.Pattern[str] = _FOREIGN_BLOCK
) -> bool:
    for ancestor in element.iterancestors():
        marker = f"{ancestor.get('class', '')} {ancestor.get('id', '')} {ancestor.tag}"
        if pattern.search(marker):
            return True
    return False


def _heading(tree: lxml_html.HtmlElement) -> str | None:
    """The article's own headline: og:title, else an h1, else a title-classed element."""
    og = tree.xpath('//meta[@property="og:title"]/@content')
    if og and clean_line(og[0]):
        return clean_line(og[0])
    titled = "//*[self::h2 or self::h3 or self::div or self::p or self::span][@class or @id]"
    for xpath in ("//h1", titled):
        for element in tree.xpath(xpath):
            marker = f"{element.get('class', '')} {element.get('id', '')}"
            if xpath == titled and not _TITLE_CLASS.search(marker):
                continue
            text = clean_line(element.text_content())
            if text and 10 <= len(text) <= 300 and not _in_foreign_block(element, _CHROME):
                return text
    return None


def _strip_portal_suffix(title: str | None) -> str | None:
    if not title:
        return None
    return _PORTAL_SUFFIX.sub("", title).strip() or title


def _headline_anchors(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return [a for a in tree.iter("a") if len(a.text_content().split()) >= 4]


def _lead(tree: lxml_html.HtmlElement) -> str | None:
    """The article's lead paragraph when the page marks it (``div.ArticleSummary``, ``.sapo``)."""
    for element in tree.xpath("//*[self::div or self::p or self::h2 or self::span][@class or @id]"):
        marker = f"{element.get('class', '')} {element.get('id', '')}"
        if not _LEAD_CLASS.search(marker) or _in_foreign_block(element, _CHROME):
            continue
        text = clean_line(element.text_content())
        if text and 30 <= len(text) <= 1500:
            return text
    return None


def _plausible_author(author: str | None) -> str | None:
    author = clean_line(author)
    if not author or len(author) > 60 or _AUTHOR_BLOCKLIST.search(author):
        return None
    return author
