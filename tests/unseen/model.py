"""Data model of an unseen fixture portal: served routes plus the gold written by the generator."""

from __future__ import annotations

import html as htmlmod
import re
import unicodedata
from dataclasses import dataclass, field

from unseen.server import Response, route_key


@dataclass(frozen=True)
class ArticleGold:
    """What the page says, as the generator put it there. `url` is path(+query) on the portal."""

    url: str
    title: str
    published: str | None
    author: str | None
    body_must: tuple[str, ...]
    body_must_not: tuple[str, ...]


@dataclass
class Portal:
    """One fictional department portal: routes to serve and the gold to score a crawl against."""

    name: str
    family: str
    held_out: bool
    routes: dict[str, Response]
    articles: list[ArticleGold]
    non_articles: list[str]
    start_path: str
    crawl_delay: float | None = None
    charsets: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(
        default_factory=dict
    )  # other URL of the same article (print view, /node/N) -> gold URL
    _text_cache: dict[str, str] = field(default_factory=dict, repr=False)

    def charset_of(self, path: str) -> str:
        """The charset the bytes of a route are really in."""
        return self.charsets.get(route_key(path), "utf-8")

    def page_text(self, path: str) -> str:
        """The served page decoded with its real charset, entities resolved, NFC."""
        if path not in self._text_cache:
            _status, _headers, body = self.routes[path]
            text = body.decode(self.charset_of(path))
            self._text_cache[path] = unicodedata.normalize("NFC", htmlmod.unescape(text))
        return self._text_cache[path]


class Builder:
    """Collects routes of one portal."""

    def __init__(self) -> None:
        self.routes: dict[str, Response] = {}
        self.charsets: dict[str, str] = {}

    def html(
        self,
        path: str,
        page: str,
        *,
        encoding: str = "utf-8",
        content_type: str | None = None,
        status: int = 200,
    ) -> None:
        """Add an HTML page; `content_type` overrides the header (e.g. no charset, wrong charset)."""
        ctype = content_type or f"text/html; charset={encoding}"
        self.routes[path] = (status, {"Content-Type": ctype}, encode(page, encoding))
        self.charsets[route_key(path)] = encoding

    def raw(self, path: str, body: bytes, content_type: str, status: int = 200) -> None:
        self.routes[path] = (status, {"Content-Type": content_type}, body)

    def text(self, path: str, body: str, content_type: str = "text/plain; charset=utf-8") -> None:
        self.raw(path, body.encode("utf-8"), content_type)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode(text: str, encoding: str) -> bytes:
    """Encode; for windows-1258 write what the code page cannot hold precomposed as base + tone mark."""
    if encoding.lower().replace("-", "") not in {"windows1258", "cp1258"}:
        return text.encode(encoding)
    text = unicodedata.normalize("NFC", text)
    table: dict[int, str] = {}
    for ch in set(text):
        try:
            ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in decomposed if c in _TONES)
            table[ord(ch)] = (
                unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
                + tones
            )
    return text.translate(table).encode("cp1258")


def strip_tags(fragment: str) -> str:
    """Plain text of an HTML fragment (for gold phrases)."""
    text = re.sub(r"<[^>]+>", " ", fragment)
    return re.sub(r"\s+", " ", htmlmod.unescape(text)).strip()
