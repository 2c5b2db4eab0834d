"""The held-out archive of benchmarks/search_relevance.py (``--set heldout``): 273 articles the
search was not tuned on, none of them in benchmarks/relevance_corpus.py.

- ``real:001``, ``real:008``, ``real:010``: the three articles among the real pages of
  tests/fixtures/real_pages (baochinhphu.vn, vietnamnet.vn, nld.com.vn). Title and body are the
  gold's: the title as gold.jsonl writes it, the body the page's own text from the gold's first
  words to its last words (tags dropped, block elements as line breaks, nothing else removed:
  inline "related" headlines and captions stay, as a crawl would keep them).
- ``unseen:<portal>:<n>``: the n-th gold article (0-based, in the order the portal lists them) of
  each of the nine unseen fixture portals (tests/unseen, 270 articles), with the title of its gold
  and the body its generator wrote.

Each article is a dict with key, site, title, text, like relevance_corpus.articles().
"""

from __future__ import annotations

import html
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_PAGES = ROOT / "tests" / "fixtures" / "real_pages"

_DROPPED = re.compile(r"(?is)<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->")
_BLOCK_END = re.compile(r"(?i)<(br|/p|/div|/h\d|/li|/tr|/figcaption|/blockquote|/section)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def page_text(markup: str) -> str:
    """The visible text of an HTML page, one line per block, whitespace collapsed, NFC."""
    markup = _BLOCK_END.sub("\n", _DROPPED.sub(" ", markup))
    text = unicodedata.normalize("NFC", html.unescape(_TAG.sub(" ", markup)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def real_articles() -> Iterator[dict[str, str]]:
    """The articles of tests/fixtures/real_pages, bounded by their gold."""
    for line in (REAL_PAGES / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        if not gold["is_article"]:
            continue
        text = page_text((REAL_PAGES / gold["file"]).read_bytes().decode("utf-8"))
        start = text.index(gold["body_first_words"])
        end = text.index(gold["body_last_words"], start) + len(gold["body_last_words"])
        yield {"key": f"real:{gold['file'].removesuffix('.html')}", "site": gold["host"],
               "title": gold["title"], "text": text[start:end]}  # fmt: skip


def unseen_articles() -> Iterator[dict[str, str]]:
    """The gold articles of the nine unseen fixture portals (built in memory, ~2 s)."""
    if str(ROOT / "tests") not in sys.path:
        sys.path.append(str(ROOT / "tests"))
    from unseen import PORTALS

    for portal in PORTALS:
        for number, gold in enumerate(portal.articles):
            yield {"key": f"unseen:{portal.name}:{number}", "site": portal.name,
                   "title": gold.title, "text": portal.bodies[gold.url]}  # fmt: skip


def articles() -> Iterator[dict[str, str]]:
    """Every held-out article: the real pages first, then the unseen portals."""
    yield from real_articles()
    yield from unseen_articles()
