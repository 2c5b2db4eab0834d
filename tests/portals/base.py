"""Fixture portals, one per platform family, served on 127.0.0.1 for end-to-end discovery tests.

A ``FixturePortal`` answers requests from its routes (family modules define them), logs every
request it serves (to count trap requests, robots violations and requests per article), and
knows which of its URLs are articles. Content: 32 articles derived from the demo portal's
corpus, each with a distinct body.
"""

from __future__ import annotations

import hashlib
import json
import re
import ssl
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

ARTICLE_COUNT = 32


@dataclass
class Article:
    """One fixture article; ``path`` is set by the family that publishes it."""

    id: int
    title: str
    published: datetime
    author_line: str | None
    lead: str
    paragraphs: list[str]
    path: str = ""

    @property
    def day(self) -> str:
        return self.published.strftime("%d/%m/%Y")

    @property
    def body_html(self) -> str:
        credit = (
            f'<p style="text-align:right"><strong>{escape(self.author_line)}</strong></p>'
            if self.author_line
            else ""
        )
        return "".join(f"<p>{escape(p)}</p>" for p in self.paragraphs) + credit


def corpus(count: int | None = None) -> list[Article]:
    """``count`` (default: ``ARTICLE_COUNT``) distinct articles, newest first, derived from
    the demo portal's articles."""
    count = ARTICLE_COUNT if count is None else count
    base = json.loads(resources.files("govcrawl.demo").joinpath("articles.json").read_text("utf-8"))
    base = [a for a in base if a["lang"] == "vi"]
    articles = []
    for number in range(count):
        source, round_ = base[number % len(base)], number // len(base)
        paragraphs = source["paragraphs"][round_:] + source["paragraphs"][:round_]
        published = datetime.strptime(source["published"], "%d/%m/%Y %H:%M")
        published = published.replace(year=published.year - round_)
        title = source["title"] if round_ == 0 else f"{source['title']} (đợt {round_ + 1})"
        lead = f"{source['lead']} Đây là bản tin số {number + 1} của chuyên mục."
        articles.append(
            Article(10_000 + number, title, published, source["author_line"], lead, paragraphs)
        )
    return sorted(articles, key=lambda a: a.published, reverse=True)


@dataclass
class Reply:
    body: str | bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # Writes the whole answer itself (status line included): slow, reset or oversized replies.
    stream: Callable[[BaseHTTPRequestHandler], None] | None = None


Route = Callable[["Hit"], Reply | None]


@dataclass
class Hit:
    """One request as a route sees it."""

    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    host: str

    def arg(self, name: str, default: str = "") -> str:
        return (self.query.get(name) or self.form.get(name) or [default])[0]


@dataclass
class FixturePortal:
    """A portal: routes tried in order, its articles, and what it logged."""

    family: str
    articles: list[Article]
    routes: list[Route]
    disallowed_prefixes: tuple[str, ...] = ("/noi-bo/",)
    trap_prefixes: tuple[str, ...] = ()
    # Trap requests the prefixes cannot name (query parameters, pages past a listing's end),
    # searched for in each logged ``path?query``.
    trap_pattern: re.Pattern[str] | None = None
    start_path: str = "/"
    # Paths the portal removed, with the status they answer now (404, 410).
    removed: dict[str, int] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)  # (method, path?query)
    times: list[float] = field(default_factory=list)  # monotonic time of each request
    base_url: str = ""

    def answer(self, hit: Hit) -> Reply:
        if hit.path in self.removed:
            return Reply(not_found_page(self.family), status=self.removed[hit.path])
        for route in self.routes:
            reply = route(hit)
            if reply is not None:
                return reply
        return Reply(not_found_page(self.family))  # soft 404, status 200

    @property
    def article_paths(self) -> set[str]:
        return {a.path for a in self.articles}

    def requests(self) -> int:
        return len(self.log)

    def robots_violations(self) -> int:
        return sum(1 for _, url in self.log if url.startswith(self.disallowed_prefixes))

    def trap_requests(self) -> int:
        return sum(1 for _, url in self.log if self.is_trap(url))

    def is_trap(self, url: str) -> bool:
        """True for a logged ``path?query`` inside one of the portal's traps."""
        if self.trap_prefixes and url.startswith(self.trap_prefixes):
            return True
        return self.trap_pattern is not None and bool(self.trap_pattern.search(url))


def not_found_page(family: str) -> str:
    return f"""<html><head><title>Không tìm thấy trang</title></head><body class="{family}">
<div class="menu"><a href="/">Trang chủ</a></div><h1>Không tìm thấy trang yêu cầu</h1>
<p>Trang bạn truy cập không tồn tại hoặc đã bị gỡ bỏ.</p></body></html>"""


def robots(base: str, *, extra: str = "", sitemap: bool = True) -> Reply:
    body = f"User-agent: *\nDisallow: /noi-bo/\n{extra}\n"
    if sitemap:
        body += f"Sitemap: {base}/sitemap.xml\n"
    return Reply(body, content_type="text/plain; charset=utf-8")


def redirect(location: str, status: int = 302) -> Reply:
    return Reply("", status=status, headers={"Location": location})


def ascii_words(text: str) -> list[str]:
    """The words of ``text`` without tone marks (``đ`` -> ``d``), case kept."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[A-Za-z0-9]+", plain)


def slug(text: str, *, lower: bool = True) -> str:
    """A URL slug the way most Vietnamese CMSs make one: "Hội nghị" -> "hoi-nghi"."""
    joined = "-".join(ascii_words(text))
    return joined.lower() if lower else joined


def rss(base: str, articles: list[Article]) -> Reply:
    """An RSS 2.0 feed of ``articles``, their links absolute under ``base``."""
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{base}{a.path}</link></item>"
        for a in articles
    )
    xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tin tức</title>{items}</channel></rss>'
    return Reply(xml, content_type="application/rss+xml")


def urlset(base: str, paths: list[str]) -> Reply:
    entries = "".join(f"<url><loc>{escape(base + p)}</loc></url>" for p in paths)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    return Reply(xml, content_type="application/xml; charset=utf-8")


def not_modified(request: Any, reply: Reply, body: bytes) -> bool:
    """True when the request's validators match ``reply`` (RFC 9110: If-None-Match wins over
    If-Modified-Since); ``reply`` gets its ETag (a hash of the body) either way."""
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    reply.headers.setdefault("ETag", etag)
    if request.get("If-None-Match") is not None:
        return etag in [t.strip() for t in request["If-None-Match"].split(",")]
    since, modified = request.get("If-Modified-Since"), reply.headers.get("Last-Modified")
    if since is None or modified is None:
        return False
    try:
        return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def serve(
    portal: FixturePortal, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None
) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``portal`` on ``host`` (a loopback address, ephemeral port) in a daemon thread,
    over TLS with ``tls``; return the server and its base URL."""
    assert host.startswith("127."), "fixture portals listen on loopback only"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer("GET", {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(
                self.rfile.read(length).decode("utf-8", "replace"), keep_blank_values=True
            )
            self._answer("POST", form)

        def _answer(self, method: str, form: dict[str, list[str]]) -> None:
            parts = urlsplit(self.path)
            portal.log.append((method, self.path))
            portal.times.append(time.monotonic())
            hit = Hit(method, parts.path, parse_qs(parts.query, keep_blank_values=True), form,
                      self.headers.get("Host", ""))  # fmt: skip
            reply = portal.answer(hit)
            if reply.stream is not None:
                reply.stream(self)
                return
            body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
            if method == "GET" and reply.status == 200 and not_modified(self.headers, reply, body):
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scheme = "https" if tls is not None else "http"
    portal.base_url = f"{scheme}://{host}:{server.server_address[1]}"
    return server, portal.base_url + "/"
