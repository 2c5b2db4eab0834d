"""Extraction: one fetched HTML page -> its article fields, as plain text (pure functions).

The page's own markup gives the headline, the byline date and the lead; boilerplate blocks are
pruned (govcrawl.boilerplate); trafilatura then finds the body in what is left. Plain trafilatura
gets portal pages wrong in known ways: a sidebar's or the header's date, the portal's name in the
title, the lead outside the body element, the author alone on the last line.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError
from lxml.html import HtmlElement

from govcrawl import boilerplate
from govcrawl.authors import author_from_text
from govcrawl.boilerplate import CHROME, FOREIGN, NAVIGATION, in_block, marker
from govcrawl.dates import FoundDate, date_from_url, parse_date
from govcrawl.normalise import clean_line, clean_text, nfc

_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "dc.date.issued", "dcterms.issued", "dc.date.created",
)  # fmt: skip
_DATEISH = re.compile(r"date|time|ngay|thoigian|publish|posted|created|byline|meta|info", re.I)
_DATE_LABEL = re.compile(r"ngày đăng|đăng ngày|đăng tải|ngày:|ngày \d|posted|published", re.I)
_UPDATED = re.compile(r"cập nhật|sửa đổi|updated|modified", re.I)
_TITLE_CLASS = re.compile(r"title|tieude|tieu-de|headline|ArticleHeader|heading", re.I)
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
    r"(?:^|[\s_-])(?:ArticleSummary|summary|sapo|brief|lead|chapeau|tomtat|tom-tat|"
    r"tandan-p-article-news-summary|detail-content-lead)(?:$|[\s_-])",
    re.I,
)
# trafilatura warns about every page it discards; classification already counts those pages.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
# How far after the headline (in elements) a bare date line still counts as the byline.
_BYLINE_WINDOW = 25


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
    has_form: bool  # a form with a text area in the page's main part (contact, feedback)


def parse_html(html: str) -> HtmlElement | None:
    """Return the parsed document, or None for a page lxml cannot parse (empty, binary)."""
    try:
        return lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        return None


def extract_page(html: str, url: str, *, fetched_at: datetime) -> ExtractedPage | None:
    """Return the fields of the page at ``url``, or None when it is not a parseable HTML page."""
    tree = parse_html(nfc(html))  # windows-1258 and some editors give decomposed text
    if tree is None:
        return None
    page_title = clean_line(tree.findtext(".//title"))
    headline = _headline(tree)
    published = _published(tree, headline, url, fetched_at)
    anchors = [a for a in tree.iter("a") if len(a.text_content().split()) >= 4]
    links = frozenset(clean_line(a.text_content()) or "" for a in anchors)
    teasers = sum(1 for a in anchors if not in_block(a, NAVIGATION))
    has_form = any(not in_block(f, NAVIGATION) for f in tree.xpath("//form[.//textarea]"))
    lead = _lead(tree)
    title = _title(tree, headline)
    boilerplate.prune(tree, keep=headline)
    # trafilatura cleans the tree it is given in place: everything above reads it first.
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
        deduplicate=False, date_extraction_params={"extensive_search": False, "original_date": True},
    )  # fmt: skip
    text = clean_text(document.text or "") if document is not None else ""
    text = boilerplate.drop_boilerplate_lines(text)
    if lead and text and lead not in text:
        text = f"{lead}\n{text}"
    if title is None and document is not None:
        title = _strip_portal_suffix(clean_line(document.title))
    if published is None and document is not None and document.date:
        found = parse_date(document.date, now=fetched_at)
        published = found and FoundDate(found.iso, document.date)
    return ExtractedPage(
        title=title, text=text,
        author=author_from_text(text) or _plausible_author(document and document.author),
        published=published.iso if published else None,
        published_raw=published.raw if published else None,
        links=links, teasers=teasers, page_title=page_title, has_form=has_form,
    )  # fmt: skip


def _headline(tree: HtmlElement) -> HtmlElement | None:
    """The element holding the article's headline.

    An h1, else a title-classed element, else the smallest element whose text is the page's
    <title> without the portal's name (Word exports mark headlines with bold text only).
    """
    titled = (
        "//*[self::h1 or self::h2 or self::h3 or self::div or self::p or self::span][@class or @id]"
    )
    for xpath in ("//h1", titled):
        for element in tree.xpath(xpath):
            if xpath == titled and not _TITLE_CLASS.search(marker(element)):
                continue
            text = clean_line(element.text_content())
            if text and 10 <= len(text) <= 300 and not in_block(element, CHROME):
                return element
    title = _strip_portal_suffix(clean_line(tree.findtext(".//title")))
    if not title or len(title) < 10:
        return None
    body = tree.find("body")
    matches = [
        e for e in (body.iter() if body is not None else ())
        if isinstance(e.tag, str) and clean_line(e.text_content()) == title
    ]  # fmt: skip
    return matches[-1] if matches else None


def _title(tree: HtmlElement, headline: HtmlElement | None) -> str | None:
    """The headline's text; else og:title, else <title>, without the portal's name."""
    if headline is not None:
        return clean_line(headline.text_content())
    og = [clean_line(t) for t in tree.xpath('//meta[@property="og:title"]/@content')]
    return _strip_portal_suffix(og[0] if og and og[0] else clean_line(tree.findtext(".//title")))


def _strip_portal_suffix(title: str | None) -> str | None:
    if not title:
        return None
    return _PORTAL_SUFFIX.sub("", title).strip() or title


def _published(
    tree: HtmlElement, headline: HtmlElement | None, url: str, now: datetime
) -> FoundDate | None:
    """The publication date: structured metadata, the byline near the headline, then the URL."""
    for value in _structured_dates(tree):
        found = parse_date(value, now=now)
        if found:
            return found
    return _byline_date(tree, headline, now) or date_from_url(url, now=now)


def _structured_dates(tree: HtmlElement) -> list[str]:
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


def _byline_date(
    tree: HtmlElement, headline: HtmlElement | None, now: datetime
) -> FoundDate | None:
    """The first dated byline after the headline; else the first one outside chrome and lists.

    Right after the headline, a short line holding only a date counts even without a date-like
    class ("Ngày 15 tháng 1 năm 2020" in a Word export).
    """
    before: FoundDate | None = None
    after_headline = headline is None
    distance = 0
    for element in tree.iter():
        if element is headline:
            after_headline = True
            continue
        if not isinstance(element.tag, str) or element.tag in (
            "script",
            "style",
            "a",
            "option",
            "title",
        ):
            continue
        distance += after_headline
        found = _date_in(element, now, bare=after_headline and distance <= _BYLINE_WINDOW)
        if found is None or in_block(element, CHROME) or in_block(element, FOREIGN):
            continue
        if after_headline:
            return found
        before = before or found
    return before


def _date_in(element: HtmlElement, now: datetime, *, bare: bool) -> FoundDate | None:
    own = " ".join((element.text or "").split())
    labelled = bool(_DATE_LABEL.search(own))
    if not (_DATEISH.search(marker(element)) or element.tag == "time" or labelled or bare):
        return None
    text = element.get("datetime") or element.text_content()
    if len(text) > (200 if not bare or labelled else 60) or _UPDATED.search(text):
        return None
    return parse_date(text, now=now)


def _lead(tree: HtmlElement) -> str | None:
    """The article's lead paragraph when the page marks it (``div.ArticleSummary``, ``.sapo``)."""
    for element in tree.xpath("//*[self::div or self::p or self::h2 or self::span][@class or @id]"):
        if not _LEAD_CLASS.search(marker(element)) or in_block(element, FOREIGN):
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
