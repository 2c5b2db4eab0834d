"""Extraction: one fetched HTML page -> its article fields, as plain text (pure functions).

The decoded HTML is first put right (govcrawl.text.mojibake: a mis-declared charset; NFC;
govcrawl.text.legacy_encodings: TCVN3/VNI text). The page's own markup then gives the headline, the
dates with their provenance (govcrawl.extract.page_dates), the lead and byline credits; boilerplate
blocks are pruned (govcrawl.extract.boilerplate); trafilatura finds the body in what is left; the
body's last lines give the author (govcrawl.text.authors) and the source (govcrawl.text.credits). Plain
trafilatura gets portal pages wrong in known ways: a sidebar's or the header's date, the
portal's name in the title, the lead outside the body element, the author alone on the last
line, a source taken for an author.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError
from lxml.html import HtmlElement
from trafilatura.settings import Document

from govcrawl.extract import boilerplate
from govcrawl.extract.attachments import find_attachments
from govcrawl.extract.boilerplate import CHROME, FOREIGN, NAVIGATION, in_block, marker
from govcrawl.extract.main_block import Listed, is_headline_link, listed_items, main_block
from govcrawl.extract.page_dates import PageDates, body_date, page_dates
from govcrawl.items import Attachment
from govcrawl.text import mojibake
from govcrawl.text.authors import author_from_text, credited_names, looks_like_names
from govcrawl.text.credits import photo_agency, source_from_text, source_line
from govcrawl.text.legacy_encodings import convert_tree
from govcrawl.text.normalise import clean_line, clean_text, nfc, strip_controls
from govcrawl.text.publishers import publisher_keys, without_publisher

_TITLE_CLASS = re.compile(r"title|tieude|tieu-de|headline|ArticleHeader|heading", re.I)
_PORTAL_SUFFIX = re.compile(
    r"\s+[-|–—:»]\s+[^-|–—»]*(?:cổng|trang thông tin|sở |ubnd|tỉnh|thành phố|portal|gov\.vn|"
    r"website|department)[^-|–—»]*$",
    re.I,
)
_AUTHOR_BLOCKLIST = re.compile(
    r"admin|quản trị|webmaster|vnpt|biên tập viên|editor|lượt xem|lượt truy cập|view|\d", re.I
)
# Titles of boxes, modules and portlets: a sidebar's headings, never the article's.
_BOX_TITLE = re.compile(
    r"(?:block|box|module|widget|portlet|panel|cat|menu)[-_]?(?:title|heading)", re.I
)
_MAX_BOX_HEADING_WORDS = 8
# schema.org microdata's headline (Joomla 3+, WordPress themes): the article's own, wherever
# its wrapper's class says "header".
_MICRODATA_HEADLINE = '//*[@itemprop="headline"][not(self::meta)]'
# The lead ("sapo"), which portals print outside the body element trafilatura picks.
_LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:ArticleSummary|summary|sapo|brief|lead|chapeau|tomtat|tom-tat|"
    r"tandan-p-article-news-summary|detail-content-lead)(?:$|[\s_-])",
    re.I,
)
# Byline elements that may credit the author ("Tác giả: ...") or the source ("Nguồn tin: ...").
_AUTHOR_CLASS = re.compile(r"author|tacgia|tac-gia|nguoiviet|writer|byline", re.I)
_SOURCE_CLASS = re.compile(r"nguontin|nguon-tin|source|nguon", re.I)
_AUTHOR_LABEL = re.compile(r"^(?:tác giả|người viết|bài viết|author|by)\s*[:：]?\s*", re.I)
# trafilatura warns about every page it discards; classification already counts those pages.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


@dataclass(frozen=True)
class ExtractedPage:
    """What one page says about itself, normalised; ``text`` is '' when no body was found."""

    title: str | None
    text: str
    author: str | None
    published: str | None
    published_raw: str | None
    published_from: str | None  # json-ld, meta, byline, url or body
    modified: str | None
    source: str | None
    anchor_texts: frozenset[str]  # of anchors with 4+ words: listing teasers look like these
    teasers: int  # items the body's main block lists (headline link + own snippet)
    page_title: str | None  # the <title> element, for soft-404 detection
    has_form: bool  # a form with a text area in the page's main part (contact, feedback)
    attachments: tuple[Attachment, ...] = ()  # documents the article links to
    teaser_share: float = 0.0  # share of the body that is those items' texts


def parse_html(html: str) -> HtmlElement | None:
    """Return the parsed document, or None for a page lxml cannot parse (empty, binary)."""
    try:
        return lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        return None


def extract_page(
    html: str, url: str, *, fetched_at: datetime, body: bytes | None = None
) -> ExtractedPage | None:
    """Return the fields of the page at ``url``, or None when it is not a parseable HTML page.

    ``html`` is the page decoded with its declared charset; ``body``, its raw bytes, lets a
    mis-declared charset be put right without guessing.
    """
    tree = prepare_tree(html, body)
    return None if tree is None else extract_tree(tree, url, fetched_at=fetched_at)


def prepare_tree(html: str, body: bytes | None = None) -> HtmlElement | None:
    """Return the page parsed after its charset is put right and its text made NFC, or None."""
    # windows-1258 and some editors decompose; control characters break trafilatura.
    return parse_html(nfc(strip_controls(mojibake.repair(html, body))))


def extract_tree(
    tree: HtmlElement, url: str, *, fetched_at: datetime, fast: bool = False
) -> ExtractedPage:
    """Return the fields of a page parsed by ``prepare_tree`` (the tree is changed in place).

    ``fast``: trafilatura without its fallback extractors, for a tree already pruned to the
    article's block (govcrawl.extract.induction), where there is nothing for them to rescue."""
    convert_tree(tree)
    page_title = clean_line(tree.findtext(".//title"))
    headline, lead = headline_element(tree), _lead(tree)
    dates = page_dates(tree, headline, url, fetched_at, lead=lead or _first_paragraph(tree))
    anchor_texts, has_form = _listing_signs(tree)
    attachments = find_attachments(tree, url)
    title, byline_author, byline_source = (
        _title(tree, headline),
        _byline_author(tree),
        _byline_source(tree),
    )
    unpruned = copy.deepcopy(tree)  # listing items are judged with their links (pruning drops them)
    boilerplate.prune(tree, keep=headline)
    boilerplate.unwrap_layout_tables(tree, headline)
    photo_source = _photo_source(tree)
    document = _trafilatura(tree, url, fast=fast)
    text = _body(document, lead, title)
    listed = _listed_items(unpruned, text, anchor_texts)
    if title is None and document is not None:
        title = _strip_portal_suffix(clean_line(document.title))
    if dates.published is None and text:
        found = body_date(text, fetched_at)
        dates = PageDates(found, "body" if found else None, dates.modified)
    return ExtractedPage(
        title=title, text=text,
        author=_author(tree, url, page_title, text, byline_author, document),
        published=dates.published.iso if dates.published else None,
        published_raw=clean_line(dates.published.raw) if dates.published else None,
        published_from=dates.published_from,
        modified=dates.modified.iso if dates.modified else None,
        source=source_from_text(text) or byline_source or photo_source,
        anchor_texts=anchor_texts, teasers=listed.items, teaser_share=listed.body_share,
        page_title=page_title,
        has_form=has_form,
        attachments=attachments,
    )  # fmt: skip


def _listing_signs(tree: HtmlElement) -> tuple[frozenset[str], bool]:
    """Anchor texts of 4+ words (teasers' headlines look like these), a form with a text area."""
    anchors = [a for a in tree.iter("a") if is_headline_link(a)]
    anchor_texts = frozenset(clean_line(a.text_content()) or "" for a in anchors)
    has_form = any(not in_block(f, NAVIGATION) for f in tree.xpath("//form[.//textarea]"))
    return anchor_texts, has_form


def _listed_items(tree: HtmlElement, text: str, anchor_texts: frozenset[str]) -> Listed:
    """The items listed by the block that holds the body's prose (its lines no link's text)."""
    prose = [line for line in text.splitlines() if line not in anchor_texts]
    block = main_block(tree, prose)
    return Listed() if block is None else listed_items(block, text)


def _trafilatura(tree: HtmlElement, url: str, *, fast: bool = False) -> Document | None:
    """trafilatura's document for the pruned page (it cleans the tree in place: read it last)."""
    document = trafilatura.bare_extraction(
        tree, url=url, fast=fast, with_metadata=True, include_comments=False, include_tables=True,
        deduplicate=False, date_extraction_params={"extensive_search": False, "original_date": True},
    )  # fmt: skip
    return document if isinstance(document, Document) else None  # a dict only with as_dict=True


def _body(document: Document | None, lead: str | None, title: str | None) -> str:
    """The body text, lead first, without boilerplate lines or the headline repeated."""
    text = clean_text(document.text or "") if document is not None else ""
    text = boilerplate.drop_boilerplate_lines(text)
    lines = text.split("\n")
    if title and title in lines[:3]:
        lines.remove(title)
        text = "\n".join(lines)
    if lead and text and lead not in text:
        text = f"{lead}\n{text}"
    return text


def _first_paragraph(tree: HtmlElement) -> str:
    for paragraph in tree.iter("p"):
        text = clean_line(paragraph.text_content())
        if text and len(text) >= 40 and not in_block(paragraph, FOREIGN):
            return text
    return ""


def headline_element(tree: HtmlElement) -> HtmlElement | None:
    """The element holding the article's headline.

    schema.org's ``itemprop="headline"``, else an h1, else a title-classed element (a table
    cell on legacy table layouts), else the smallest element whose text is the page's <title>
    without the portal's name (Word exports mark headlines with bold text only).
    """
    titled = (
        "//*[self::h1 or self::h2 or self::h3 or self::div or self::p or self::span or self::td"
        " or self::th][@class or @id]"
    )
    for xpath in (_MICRODATA_HEADLINE, "//h1", titled):
        for element in tree.xpath(xpath):
            if xpath == titled and (
                not _TITLE_CLASS.search(marker(element)) or _BOX_TITLE.search(marker(element))
            ):
                continue
            text = clean_line(element.text_content())
            if not text or not 10 <= len(text) <= 300 or in_block(element, CHROME):
                continue
            if xpath != titled or not _is_box_heading(text):
                return element
    title = _strip_portal_suffix(clean_line(tree.findtext(".//title")))
    if not title or len(title) < 10:
        return None
    body = tree.find("body")
    matches = [
        e for e in (body.iter() if body is not None else ())
        if isinstance(e.tag, str) and clean_line(e.text_content()) == title
        and not in_block(e, CHROME)
    ]  # fmt: skip
    return matches[-1] if matches else None


def _is_box_heading(text: str) -> bool:
    """A sidebar box's heading: "LIÊN KẾT WEBSITE", "DANH MỤC", "Tin liên quan" (a headline is
    written in sentence case and is no boilerplate heading)."""
    return boilerplate.is_boilerplate_heading(text) or (
        text.isupper() and len(text.split()) <= _MAX_BOX_HEADING_WORDS
    )


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


def _lead(tree: HtmlElement) -> str | None:
    """The article's lead paragraph when the page marks it (``div.ArticleSummary``, ``.sapo``)."""
    for element in tree.xpath("//*[self::div or self::p or self::h2 or self::span][@class or @id]"):
        if not _LEAD_CLASS.search(marker(element)) or in_block(element, FOREIGN):
            continue
        text = clean_line(element.text_content())
        if text and 30 <= len(text) <= 1500:
            return text
    return None


def _byline_author(tree: HtmlElement) -> str | None:
    """A name in an author-classed element ("Tác giả: Lê Thị Mai"); never a view counter."""
    for element in tree.xpath("//*[@class or @id]"):
        if not _AUTHOR_CLASS.search(marker(element)) or in_block(element, FOREIGN):
            continue
        text = _AUTHOR_LABEL.sub("", clean_line(element.text_content()) or "")
        if text and looks_like_names(text):
            return credited_names(text)
    return None


def _photo_source(tree: HtmlElement) -> str | None:
    """The agency of the first photo credit in the pruned page ("Ảnh: VGP/Nhật Bắc" -> "VGP").

    Read before trafilatura, which drops many captions.
    """
    for element in tree.iter("p", "figcaption", "em", "i", "span", "td"):
        text = clean_line(element.text_content())
        agency = text and len(text) < 300 and photo_agency(text)
        if agency and not in_block(element, FOREIGN):
            return agency
    return None


def _byline_source(tree: HtmlElement) -> str | None:
    """The source in a source-classed element ("Nguồn tin: Sở Y tế"), if any."""
    for element in tree.xpath("//*[@class or @id]"):
        if _SOURCE_CLASS.search(marker(element)) and not in_block(element, FOREIGN):
            found = source_line(clean_line(element.text_content()) or "")
            if found:
                return found
    return None


def _author(tree: HtmlElement, url: str, page_title: str | None, text: str,
            byline_author: str | None, document: Document | None) -> str | None:  # fmt: skip
    """The body's last credit line, else the byline, else trafilatura's author; never the
    publisher (whose names are read only when someone is credited)."""
    author = author_from_text(text) or byline_author
    author = author or _plausible_author(document.author if document else None)
    return without_publisher(author, _publishers(tree, url, page_title)) if author else None


def _publishers(tree: HtmlElement, url: str, page_title: str | None) -> frozenset[str]:
    """Keys of the names the page gives its site (og:site_name, application-name, the portal
    part of its <title>) and of its host: credits naming them are not authors."""
    names = tree.xpath(
        '//meta[@property="og:site_name" or @name="application-name" or @name="publisher"]/@content'
    )
    parts = re.split(r"\s+[-|–—:»]\s+", page_title or "")
    if len(parts) > 1:  # "Headline - Portal": the portal's name
        names.append(parts[-1])
    return publisher_keys([clean_line(str(name)) for name in names], urlsplit(url).hostname or "")


def _plausible_author(author: str | None) -> str | None:
    author = clean_line(author)
    if not author or len(author) > 60 or _AUTHOR_BLOCKLIST.search(author):
        return None
    return author
