"""Selector induction: learn where a portal's articles sit, then extract only that block.

After one of a site's article pages is extracted from the whole page (the boilerplate pruning
and trafilatura of govcrawl.extract.page), the block holding its headline, byline date, body and
credits is located and named by a selector (its tag with its id or class, unique on the page).
A candidate is trusted once it agrees with the whole-page extraction on ``verify_pages`` more
pages; then the site's pages go through the same extraction with everything outside that block
pruned first (a tenth of the tree: a fraction of the cost). Every ``check_every``-th page is
extracted both ways (the interval doubling after every CHECKS_PER_STEP agreeing checks, up to
``check_every_max``, and back to ``check_every`` with a new selector), and a disagreement
(body token F1 below MIN_F1, a metadata field or the article verdict differs) drops the
selector at once; the comparison (``Agreement``) keeps the
body F1 apart from the fields that differ, so a crawl can report which. A page the selector does
not fit (no match, several, or not an article) is extracted from the whole page. State is per
process and per site, bounded by the sites of one crawl.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime

from lxml.html import HtmlElement

from govcrawl.extract.page import ExtractedPage, extract_tree, headline_element, prepare_tree

# Body token F1 (case-folded NFC words, as multisets) a checked page must reach.
MIN_F1 = 0.98
# Selectors dropped before a site stays on whole-page extraction for the rest of the crawl.
MAX_FAILURES = 3
# Agreeing checks after which the pages between two checks double (up to ``check_every_max``).
CHECKS_PER_STEP = 10
COMPARED_FIELDS = ("title", "author", "published", "published_raw", "published_from", "modified",
          "source", "attachments")  # fmt: skip
_WORD = re.compile(r"\w+")
_VOLATILE = re.compile(r"\d{3,}")  # ids that change per page ("post-12345")
_SNIPPET = 24
_SHOWN = 40  # characters of a differing value shown in a disagreement's description


@dataclass
class SiteSelector:
    """One site's induced selector in this process: the candidate or trusted XPath, how it has
    fared, and when the next page is checked against the whole page."""

    xpath: str | None = None
    trusted: bool = False
    agreed: int = 0
    since_check: int = 0
    failures: int = 0
    interval: int = 0  # pages between two checks (0: the inducer's check_every)
    checks_agreed: int = 0


@dataclass(frozen=True)
class Agreement:
    """A page extracted from the induced block compared with its whole-page extraction.

    ``f1`` is the body token F1 (None when the selector matched no single block); ``differs``
    holds each field that differs as (name, whole-page value, induced value), ``verdict`` when
    one is an article and the other not, ``block`` when there was no block to compare.
    """

    f1: float | None
    differs: tuple[tuple[str, str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.f1 is not None and self.f1 >= MIN_F1 and not self.differs

    @property
    def causes(self) -> tuple[str, ...]:
        """What disagreed: the differing fields, then ``body`` when F1 is below MIN_F1."""
        body = ("body",) if self.f1 is not None and self.f1 < MIN_F1 else ()
        return tuple(name for name, _, _ in self.differs) + body

    def describe(self) -> str:
        """One line: each differing field with both values shortened, then the body F1."""
        fields = [f"{name} {whole} (whole page) vs {block} (block)"
                  for name, whole, block in self.differs]  # fmt: skip
        f1 = "none" if self.f1 is None else f"{self.f1:.4f}"
        return "; ".join([*fields, f"body F1 {f1}"])


@dataclass(frozen=True)
class ExtractionResult:
    """One page's extraction by either path: its fields (None when unparseable), the path that
    produced them (``trafilatura``: the whole page, ``induced``: the site's selector), what
    changed in the site's selector (``learned``, ``trusted``, ``rejected``, ``checked``,
    ``dropped``, ``no_fit``) or None, and the comparison of a page extracted both ways (None
    when not)."""

    page: ExtractedPage | None
    path: str
    event: str | None = None
    check: Agreement | None = None

    @property
    def f1(self) -> float | None:
        """The body token F1 of a page extracted both ways, else None."""
        return None if self.check is None else self.check.f1


class Inducer:
    """The per-site selectors of one process; ``extract`` picks the path for each page."""

    def __init__(self, *, check_every: int, verify_pages: int, check_every_max: int = 0):
        self.check_every = max(1, check_every)
        self.check_every_max = max(self.check_every, check_every_max)
        self.verify_pages = max(1, verify_pages)
        self.selectors: dict[str, SiteSelector] = {}

    def extract(self, site: str, html: str, body: bytes | None, url: str, fetched_at: datetime,
                is_article: Callable[[ExtractedPage], bool]) -> ExtractionResult:  # fmt: skip
        """Return the page's fields by the induced selector when trusted, else the whole page."""
        tree = prepare_tree(html, body)
        if tree is None:
            return ExtractionResult(None, "trafilatura")
        state = self.selectors.setdefault(site, SiteSelector())
        if state.trusted and state.xpath:
            return self._by_selector(state, tree, lambda: prepare_tree(html, body), url,
                                     fetched_at, is_article)  # fmt: skip
        pristine = deepcopy(tree)
        full = extract_tree(tree, url, fetched_at=fetched_at)
        if not is_article(full):
            return ExtractionResult(full, "trafilatura")
        if state.xpath is None:
            if state.failures >= MAX_FAILURES:
                return ExtractionResult(full, "trafilatura")
            state.xpath, state.agreed = block_xpath(pristine, full), 0
            return ExtractionResult(full, "trafilatura", "learned" if state.xpath else None)
        induced = extract_block(pristine, state.xpath, url, fetched_at)
        check = agreement(full, induced, is_article)
        if not check.ok:
            self._drop(state)
            return ExtractionResult(full, "trafilatura", "rejected", check)
        state.agreed += 1
        state.trusted = state.agreed >= self.verify_pages
        return ExtractionResult(full, "trafilatura", "trusted" if state.trusted else None, check)

    def _by_selector(self, state: SiteSelector, tree: HtmlElement,
                     reparse: Callable[[], HtmlElement | None], url: str, fetched_at: datetime,
                     is_article: Callable[[ExtractedPage], bool]) -> ExtractionResult:  # fmt: skip
        """Extract by the selector; fall back to the whole page (parsed anew) when it does not
        fit; on every ``check_every``-th page compare with the whole page (an unpruned copy)."""
        state.since_check += 1
        interval = state.interval or self.check_every
        whole = deepcopy(tree) if state.since_check >= interval else None
        induced = extract_block(tree, state.xpath or "", url, fetched_at)
        if induced is None or not is_article(induced):
            whole = whole if whole is not None else reparse()
            page = None if whole is None else extract_tree(whole, url, fetched_at=fetched_at)
            return ExtractionResult(page, "trafilatura", "no_fit")
        if whole is None:
            return ExtractionResult(induced, "induced")
        state.since_check = 0
        full = extract_tree(whole, url, fetched_at=fetched_at)
        check = agreement(full, induced, is_article)
        if not check.ok:
            self._drop(state)
            return ExtractionResult(full, "trafilatura", "dropped", check)
        state.checks_agreed += 1
        if state.checks_agreed % CHECKS_PER_STEP == 0:
            state.interval = min(self.check_every_max, 2 * interval)
        return ExtractionResult(induced, "induced", "checked", check)

    @staticmethod
    def _drop(state: SiteSelector) -> None:
        state.xpath, state.trusted, state.agreed = None, False, 0
        state.interval = state.checks_agreed = 0
        state.failures += 1


def agreement(full: ExtractedPage, induced: ExtractedPage | None,
              is_article: Callable[[ExtractedPage], bool]) -> Agreement:  # fmt: skip
    """Compare ``induced`` with ``full``: body token F1 and every field (and verdict) that differs."""
    if induced is None:
        return Agreement(None, (("block", "one block", "none or several"),))
    differs = [(name, _short(getattr(full, name)), _short(getattr(induced, name)))
               for name in COMPARED_FIELDS
               if getattr(full, name) != getattr(induced, name)]  # fmt: skip
    whole_kind, block_kind = (
        "article" if is_article(p) else "not an article" for p in (full, induced)
    )
    if whole_kind != block_kind:
        differs.append(("verdict", whole_kind, block_kind))
    return Agreement(token_f1(full.text, induced.text), tuple(differs))


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"


def token_f1(expected: str, got: str) -> float:
    """F1 of the words of ``got`` against those of ``expected`` (NFC, case-folded, multisets)."""
    gold, found = _tokens(expected), _tokens(got)
    common = sum((gold & found).values())
    if not common:
        return 1.0 if not gold and not found else 0.0
    precision, recall = common / sum(found.values()), common / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def _tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def extract_block(
    tree: HtmlElement, xpath: str, url: str, fetched_at: datetime
) -> ExtractedPage | None:
    """The page's fields from the one block ``xpath`` selects (the tree is pruned in place), or
    None when the selector matches no block or several."""
    found = tree.xpath(xpath)
    if len(found) != 1:
        return None
    prune_to(found[0])
    return extract_tree(tree, url, fetched_at=fetched_at, fast=True)


def prune_to(block: HtmlElement) -> None:
    """Remove everything in <body> but ``block``, its ancestors and JSON-LD scripts."""
    child = block
    for parent in block.iterancestors():
        for sibling in list(parent):
            if sibling is not child and not _is_json_ld(sibling):
                parent.remove(sibling)
        if parent.tag == "body":
            return
        child = parent


def _is_json_ld(element: HtmlElement) -> bool:
    return element.tag == "script" and "ld+json" in (element.get("type") or "")


def block_xpath(tree: HtmlElement, page: ExtractedPage) -> str | None:
    """A selector of the smallest uniquely named block that holds the page's headline, byline
    date, first and last body lines and credits, in the unpruned ``tree``; None if none."""
    anchors = [headline_element(tree)] + [_holding(tree, text) for text in _landmarks(page)]
    found = [anchor for anchor in anchors if anchor is not None]
    if len(found) < len(anchors):
        return None
    common = _common_ancestor(found)
    for element in (common, *common.iterancestors()):
        if element.tag in ("body", "html"):
            return None
        xpath = _selector(element)
        if xpath and len(tree.xpath(xpath)) == 1:
            return xpath
    return None


def _landmarks(page: ExtractedPage) -> list[str]:
    lines = page.text.split("\n")
    found = [lines[0], lines[-1]]
    if page.published_from == "byline" and page.published_raw:
        found.append(page.published_raw)
    found += [value for value in (page.author, page.source) if value and value not in page.text]
    return found


def _holding(tree: HtmlElement, text: str) -> HtmlElement | None:
    """The element whose own text holds the start of ``text`` (outside scripts), or None."""
    snippet = text.strip()[:_SNIPPET]
    if not snippet or '"' in snippet:
        return None
    for node in tree.xpath(f'//body//text()[contains(., "{snippet}")]'):
        element = node.getparent()
        if element is None:
            continue
        if node.is_tail:
            element = element.getparent()
        if element is not None and element.tag not in ("script", "style", "title"):
            return element
    return None


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement:
    chains = [[e, *e.iterancestors()] for e in elements]
    others = [set(map(id, chain)) for chain in chains[1:]]
    for element in chains[0]:
        if all(id(element) in chain for chain in others):
            return element
    return chains[0][-1]


def _selector(element: HtmlElement) -> str | None:
    for name in ("id", "class"):
        value = element.get(name)
        if value and '"' not in value and not _VOLATILE.search(value):
            return f'//{element.tag}[@{name}="{value}"]'
    return None
