"""The main block: the element of a page that holds its body text, and the items it lists.

A page is judged by the block its body sits in, never by its furniture: a real article page
carries 60 to 330 links (mega menus, "Tin liên quan", "Tin mới", "Đọc nhiều", lists of agencies)
around one block of paragraphs, and a listing's main block is a run of items, each a headline
link with its own snippet. The block is found from the body trafilatura chose: the deepest
element that holds its longest prose lines (pure functions over the pruned tree).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

# Prose lines located to find the block (the longest ones: menus never hold them).
PROBE_LINES = 3
# Characters of a line looked up in the page's text (its start, else its end).
PROBE_CHARS = 32
MIN_PROBE_CHARS = 24
# An item of a listing: one headline link, and at least this many letters of its own text
# outside links (a snippet); a date or "Xem tiếp" is not enough.
MIN_ITEM_LETTERS = 40
# A link that may head an item: as many words as a headline.
MIN_HEADLINE_WORDS = 4
_BLOCK_TAGS = frozenset({"div", "article", "section", "main", "td", "form", "body", "ul", "ol"})
_SKIPPED = frozenset({"script", "style", "noscript", "template"})


def is_headline_link(anchor: HtmlElement) -> bool:
    """True for a link with as many words as a headline (a teaser's, or another article's)."""
    return len(anchor.text_content().split()) >= MIN_HEADLINE_WORDS


class TextMap:
    """The page's text in document order, whitespace collapsed, each stretch with its element."""

    def __init__(self, tree: HtmlElement):
        parts: list[str] = []
        self.starts: list[int] = []
        self.owners: list[HtmlElement] = []
        length = 0
        for element, text in _text_nodes(tree):
            chunk = " ".join(text.split())
            if not chunk:
                continue
            self.starts.append(length)
            self.owners.append(element)
            parts.append(chunk)
            length += len(chunk) + 1
        self.text = " ".join(parts)

    def owner(self, fragment: str) -> HtmlElement | None:
        """The element whose text holds the start of ``fragment`` (first occurrence), or None."""
        position = self.text.find(fragment)
        if position < 0:
            return None
        return self.owners[bisect.bisect_right(self.starts, position) - 1]


def _text_nodes(tree: HtmlElement) -> Iterable[tuple[HtmlElement, str]]:
    """Each text and tail of the tree with the element it belongs to (a tail, to the parent)."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _SKIPPED:
            if element.tail and element.getparent() is not None:
                yield element.getparent(), element.tail
            continue
        if element.text:
            yield element, element.text
        if element.tail and element.getparent() is not None:
            yield element.getparent(), element.tail


def main_block(tree: HtmlElement, prose: list[str]) -> HtmlElement | None:
    """The deepest element holding the longest lines of ``prose`` (body lines that are no
    link's text), or None when none of them is found in the page."""
    text_map = TextMap(tree)
    found = []
    for line in sorted(prose, key=len, reverse=True)[:PROBE_LINES]:
        owner = _locate(text_map, line)
        if owner is not None:
            found.append(owner)
    if not found:
        return None
    if len(found) == 1:
        return _enclosing_block(found[0])
    return _common_ancestor(found)


def _locate(text_map: TextMap, line: str) -> HtmlElement | None:
    line = " ".join(line.split())
    if len(line) < MIN_PROBE_CHARS:
        return None
    owner = text_map.owner(line[:PROBE_CHARS])
    return owner if owner is not None else text_map.owner(line[-PROBE_CHARS:])


def _enclosing_block(element: HtmlElement) -> HtmlElement:
    for node in (element, *element.iterancestors()):
        if node.tag in _BLOCK_TAGS:
            return node
    return element


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement:
    chains = [[e, *e.iterancestors()][::-1] for e in elements]  # root first
    common = chains[0][0]
    for level in zip(*chains, strict=False):
        if any(node is not level[0] for node in level):
            break
        common = level[0]
    return _enclosing_block(common)


@dataclass(frozen=True)
class Listed:
    """What a main block lists: its items, and the share of the body their texts make."""

    items: int = 0
    body_share: float = 0.0


def listed_items(block: HtmlElement, body: str) -> Listed:
    """The items ``block`` lists: headline links each followed, before the next one, by text
    of its own outside links (a teaser's snippet) that is part of the page's ``body``, in
    document order. Runs of headline links with nothing between them (related lists, menus)
    list nothing; nor do related items whose snippets are not the body; nor does the one link
    an article's paragraph holds, unless several paragraphs each hold one."""
    body = " ".join(body.split())
    items, covered, title = 0, 0, ""
    own: list[str] = []
    for headline, text in (*_reading(block), (True, "")):
        text = " ".join(text.split())
        if headline:
            if _is_item(own, body):
                items += 1
                covered += sum(len(text) for text in own)
                covered += len(title) if title and title in body else 0
            own, title = [], text
        elif text:
            own.append(text)
    return Listed(items, min(1.0, covered / len(body)) if body else 0.0)


def _is_item(own: list[str], body: str) -> bool:
    """True for a headline's own texts (date, snippet...) whose longest is part of the body."""
    letters = sum(1 for text in own for character in text if character.isalpha())
    return letters >= MIN_ITEM_LETTERS and max(own, key=len)[:PROBE_CHARS] in body


def _reading(block: HtmlElement) -> Iterable[tuple[bool, str]]:
    """``block`` in reading order: (True, its text) where a headline link starts, (False, text)
    for text outside any link."""
    in_link = 0
    for event, element in etree.iterwalk(block, events=("start", "end")):
        if not isinstance(element.tag, str) or element.tag in _SKIPPED:
            if event == "end" and element.tail and not in_link and element is not block:
                yield False, element.tail
            continue
        if event == "start":
            if element.tag == "a":
                if not in_link and is_headline_link(element):
                    yield True, " ".join(element.text_content().split())
                in_link += 1
            elif element.text and not in_link:
                yield False, element.text
        else:
            if element.tag == "a":
                in_link -= 1
            if element.tail and not in_link and element is not block:
                yield False, element.tail
