"""The bundled offline demo portal: a department news site served on 127.0.0.1 only.

    python -m govcrawl.demo.server --port 8089     # or --port 0 for any free port

It imitates a Vietnamese department portal of the ASP.NET "DesktopModule" family: heavy
boilerplate, paginated category listings, byline dates day-first, related-news sidebars with
their own dates, robots.txt with a disallowed path and a sitemap, an RSS feed, a contact page,
a tag page, a soft 404 (status 200) for unknown paths, one article under two paths and a
tracking-parameter link, one article reachable only from the sitemap, one only from the feed,
and one article served in windows-1258. Pages are rendered from articles.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import unicodedata
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from govcrawl.demo import pages

PAGE_SIZE = 4


@dataclass
class DemoPortal:
    """The demo's content and the roles some articles play in the crawl tests."""

    articles: list[dict[str, Any]]

    @classmethod
    def load(cls) -> DemoPortal:
        text = resources.files("govcrawl.demo").joinpath("articles.json").read_text("utf-8")
        articles = sorted(json.loads(text), key=lambda a: pages.sort_key(a), reverse=True)
        return cls(articles)

    @property
    def sitemap_only(self) -> dict[str, Any]:
        return self.articles[-1]  # the oldest: only the sitemap lists it

    @property
    def feed_only(self) -> dict[str, Any]:
        return self.articles[-2]  # only the RSS feed lists it

    @property
    def windows_1258(self) -> dict[str, Any]:
        return self.articles[3]  # served as windows-1258, declared only in the HTTP header

    @property
    def listed(self) -> list[dict[str, Any]]:
        hidden = {self.sitemap_only["id"], self.feed_only["id"]}
        return [a for a in self.articles if a["id"] not in hidden]

    def by_path(self, path: str) -> dict[str, Any] | None:
        for article in self.articles:
            if path in (pages.article_path(article), pages.featured_path(article)):
                return article
        return None


class DemoHandler(BaseHTTPRequestHandler):
    portal: DemoPortal
    server_version = "Microsoft-IIS/8.5"
    sys_version = ""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        base = f"http://{self.headers.get('Host', '127.0.0.1')}"
        portal = self.portal
        if path == "/robots.txt":
            return self._send(pages.robots(base), "text/plain; charset=utf-8")
        if path == "/sitemap.xml":
            return self._send(pages.sitemap(base, portal), "application/xml; charset=utf-8")
        if path == "/rss/tin-tuc.rss":
            return self._send(pages.feed(base, portal), "application/rss+xml; charset=utf-8")
        if path == "/":
            return self._send(pages.home(portal))
        if path == "/lien-he":
            return self._send(pages.contact(portal))
        if path.startswith("/tag/"):
            return self._send(pages.tag(portal, path))
        if path.startswith("/noi-bo/"):
            return self._send(pages.internal(portal))
        category = pages.CATEGORIES.get(path.strip("/"))
        if category:
            page = (
                int((query.get("page") or ["1"])[0])
                if (query.get("page") or ["1"])[0].isdigit()
                else 1
            )
            return self._send(pages.listing(portal, path.strip("/"), page, PAGE_SIZE))
        article = portal.by_path(path)
        if article is None:
            return self._send(pages.not_found(portal))  # a soft 404: status 200
        if article is portal.windows_1258:
            html = pages.article(portal, article, charset=None)
            return self._send_bytes(to_windows_1258(html), "text/html; charset=windows-1258")
        return self._send(pages.article(portal, article))

    def _send(self, body: str, content_type: str = "text/html; charset=utf-8") -> None:
        self._send_bytes(body.encode("utf-8"), content_type)

    def _send_bytes(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_windows_1258(text: str) -> bytes:
    """Encode Vietnamese text as windows-1258 does: base letter (â, ơ, ...) + tone mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258", errors="xmlcharrefreplace")


def make_server(host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Return a demo server bound to ``host:port`` (loopback only; port 0 picks a free one)."""
    if not host.startswith("127.") and host != "localhost":
        raise ValueError(f"the demo portal serves loopback addresses only, not {host}")
    handler = type("Handler", (DemoHandler,), {"portal": DemoPortal.load()})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(host: str = "127.0.0.1", port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start a demo server in a daemon thread; return it and its base URL."""
    server = make_server(host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}/"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the govcrawl demo portal on loopback.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089)
    args = parser.parse_args(argv)
    server = make_server(args.host, args.port)
    print(f"serving on http://{args.host}:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
