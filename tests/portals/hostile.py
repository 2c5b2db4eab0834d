"""A hostile portal: every network fault and bad input of issue 9 side by side with good articles.

``build()`` returns the main portal: its home page links good articles and one page per fault
case (``CASES``); its robots.txt names good and hostile sitemaps. ``build_robots(kind)`` returns
a small portal whose robots.txt answers 503, 404 or never (a timeout). ``build_elsewhere()`` is
the other host a redirect points to. Slow replies wait on the portal's ``stop`` event, so the
test ends them when it stops the servers.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape
from http.server import BaseHTTPRequestHandler

from portals.base import Article, FixturePortal, Hit, Reply, corpus, urlset

GOOD_ARTICLES = 8
BIG_PAGE_BYTES = 50 * 1024 * 1024
BOMB_BYTES = 200 * 1024 * 1024  # decompressed size of the gzip bombs
BIG_SITEMAP_URLS = 100_000
NESTING = 20_000
XSS_TITLE = 'Thông báo <script>alert("xss")</script> "><img src=x onerror=alert(1)>'
HTML_BOMB_PREFIX = b"<html><body>"
SITEMAP_BOMB_PREFIX = (
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)
TERMINAL_ESCAPES = "\x1b[2J\x1b]0;owned\x07"  # clear screen, set the window title, bell
XSS_BODY = '"><img src=x onerror=alert(document.cookie)> <script>document.write("pwned")</script>'


@dataclass(frozen=True)
class Case:
    """One fault case: the path the home page links, and whether its article must be archived."""

    name: str
    path: str
    archived: bool  # a good article despite the fault (503 then 200, truncated HTML, ...)


CASES = [
    Case("503_then_200", "/loi/tam-thoi.html", archived=True),
    Case("http_500", "/loi/500.html", archived=False),
    Case("timeout", "/cham/timeout.html", archived=False),
    Case("slow_drip", "/cham/nho-giot.html", archived=False),
    Case("reset_mid_body", "/dut/reset.html", archived=False),
    Case("truncated_html", "/dut/cat-ngang.html", archived=True),
    Case("page_50mb", "/lon/50mb.html", archived=False),
    Case("page_50mb_no_length", "/lon/50mb-khong-do-dai.html", archived=False),
    Case("gzip_bomb", "/bom/gzip.html", archived=False),
    Case("redirect_cycle", "/vong/a.html", archived=False),
    Case("redirect_chain", "/vong/chuoi/1.html", archived=False),
    Case("redirect_other_host", "/ra-ngoai.html", archived=False),
    Case("binary_as_html", "/nhi-phan.html", archived=False),
    Case("invalid_utf8", "/utf8-hong.html", archived=True),
    Case("deep_nesting", "/long-nhau.html", archived=True),
    Case("odd_schemes", "/lien-ket-la.html", archived=True),
    Case("hostile_content", "/xss.html", archived=True),
    Case("sitemap_gzip_bomb", "/sitemap-bom.xml.gz", archived=False),
    Case("sitemap_billion_laughs", "/sitemap-cuoi.xml", archived=False),
    Case("sitemap_100k_urls", "/sitemap-lon.xml", archived=False),
]
SITEMAPS = ["/sitemap.xml", *(c.path for c in CASES if c.name.startswith("sitemap_"))]
ODD_LINKS = [
    "javascript:alert(1)", " JaVaScRiPt:void(0)", "vbscript:msgbox(1)", "mailto:a@b.gov.vn",
    "tel:+842633822222", "file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/",
    "data:text/html,<script>alert(1)</script>", "about:blank", "ssh://127.0.0.1/",
    "http://[::1", "http://127.0.0.1:99999/", "http:///no-host", "//", "#top", "?",
]  # fmt: skip


def page(title: str, body: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body><div class="menu"><a href="/">Trang chủ</a> | <a href="/lien-he.html">Liên hệ</a></div>
<div class="content">{body}</div>{extra}<div class="footer">Cổng thông tin điện tử Sở Khoa học và Công nghệ. Ghi rõ nguồn khi phát hành lại.</div></body></html>"""


def article_html(article: Article, *, title: str | None = None, extra: str = "") -> str:
    heading = escape(title if title is not None else article.title)
    body = f"""<div class="news-detail"><h1 class="title">{heading}</h1>
<div class="date">Ngày đăng: {article.published:%d/%m/%Y %H:%M}</div>
<p><b>{escape(article.lead)}</b></p>{article.body_html}</div>"""
    return page(title if title is not None else article.title, body, extra)


def send_head(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str]) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()


def quietly(write: Callable[[BaseHTTPRequestHandler], None]) -> Reply:
    """A streamed reply; the client hanging up (timeouts, size limits) ends it silently."""

    def stream(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, OSError):
            write(handler)

    return Reply("", stream=stream)


def hang(stop: threading.Event, seconds: float = 60) -> Reply:
    """No answer at all until ``stop`` (or ``seconds``)."""

    def write(handler: BaseHTTPRequestHandler) -> None:
        stop.wait(seconds)
        send_head(handler, 200, {"Content-Type": "text/html", "Content-Length": "0"})

    return quietly(write)


def drip(stop: threading.Event) -> Reply:
    """Headers at once, then a byte every 0.2 s: never done before any sane timeout."""

    def write(handler: BaseHTTPRequestHandler) -> None:
        send_head(handler, 200, {"Content-Type": "text/html", "Content-Length": "100000"})
        while not stop.wait(0.2):
            handler.wfile.write(b"<")
            handler.wfile.flush()

    return quietly(write)


def reset(article: Article) -> Reply:
    """Half of the page promised by Content-Length, then a TCP reset (SO_LINGER 0)."""
    body = article_html(article).encode()

    def write(handler: BaseHTTPRequestHandler) -> None:
        send_head(handler, 200, {"Content-Type": "text/html; charset=utf-8",
                                 "Content-Length": str(len(body))})  # fmt: skip
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()

    return quietly(write)


def huge(*, declared: bool) -> Reply:
    """A 50 MB page, streamed in 1 MB chunks, with or without Content-Length."""
    chunk = (b"<p>" + b"x" * 1017 + b"</p>\n") * 1024

    def write(handler: BaseHTTPRequestHandler) -> None:
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if declared:
            headers["Content-Length"] = str(BIG_PAGE_BYTES)
        send_head(handler, 200, headers)
        for _ in range(BIG_PAGE_BYTES // len(chunk)):
            handler.wfile.write(chunk)

    return quietly(write)


@cache
def gzip_bomb(prefix: bytes = b"") -> bytes:
    """``prefix`` then 200 MB of spaces, gzip-compressed (under 1 MB)."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)  # 31: gzip container; level 1: 0.6 s
    zeros = b" " * (1024 * 1024)
    parts = [compressor.compress(prefix)]
    parts += [compressor.compress(zeros) for _ in range(BOMB_BYTES // len(zeros))]
    return b"".join([*parts, compressor.flush()])


def billion_laughs(base: str) -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" if n > 1 else "&lol;" * 10}{f"&lol{n - 1};" * 9 if n > 1 else ""}">'
        for n in range(1, 10)
    )
    return f"""<?xml version="1.0"?><!DOCTYPE urlset [{entities}]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}/&lol9;.html</loc></url></urlset>"""


@cache
def big_sitemap(base: str, paths: tuple[str, ...]) -> bytes:
    """100,000 entries: the good articles again and again, behind tracking parameters."""
    entries = "".join(
        f"<url><loc>{base}{paths[n % len(paths)]}?utm_source=sitemap&amp;utm_content={n}</loc></url>"
        for n in range(BIG_SITEMAP_URLS)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'.encode()


def binary_page() -> bytes:
    """A PNG header, NUL bytes and noise: what a misconfigured server labels text/html."""
    noise = bytes((n * 7919 + 13) % 256 for n in range(200_000))
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64 + noise


def invalid_utf8(article: Article) -> bytes:
    """The article in UTF-8 with stray bytes (0xff, a lone continuation, a cut sequence)."""
    html = article_html(article).encode()
    cut = html.index(b"</p>", html.index(b'class="date"')) + 4
    return html[:cut] + b"<p>\xff\xfe \x80 \xc3\x28 \xe1\xba sai m\xc3 \x00</p>" + html[cut:]


def deeply_nested(article: Article) -> str:
    """The article, then a sidebar nested ``NESTING`` levels deep."""
    sidebar = "<div>" * NESTING + "sâu" + "</div>" * NESTING
    return article_html(article, extra=f'<div class="sidebar">{sidebar}</div>')


def odd_links(article: Article) -> str:
    links = "".join(f'<a href="{escape(url)}">liên kết {n}</a> ' for n, url in enumerate(ODD_LINKS))
    return article_html(article, extra=f'<div class="share">{links}</div>')


def hostile_content(article: Article) -> str:
    scripted = '<script>document.title = "bị sửa";</script>'
    page_html = article_html(article, title=XSS_TITLE + TERMINAL_ESCAPES)
    return page_html.replace("</b></p>", f"</b></p><p>{escape(XSS_BODY)}</p>{scripted}", 1)


def truncated(article: Article) -> str:
    html = article_html(article)
    return html[: html.index('<div class="footer">') + len('<div class="foo')]


@dataclass
class Hostile:
    """The main hostile portal and the articles each of its paths serves."""

    portal: FixturePortal
    good_paths: list[str]
    stop: threading.Event

    def expected_paths(self) -> list[str]:
        """Paths whose article must be in the archive after the crawl."""
        return self.good_paths + [c.path for c in CASES if c.archived]


def home(paths: list[str]) -> Reply:
    links = "".join(f'<li><a href="{p}">Tin {n}</a></li>' for n, p in enumerate(paths))
    return Reply(page("Sở Khoa học và Công nghệ", f"<ul>{links}</ul>"))


def robots_txt(base: str) -> Reply:
    lines = "".join(f"Sitemap: {base}{path}\n" for path in SITEMAPS)
    return Reply(f"User-agent: *\nDisallow: /noi-bo/\n{lines}", content_type="text/plain")


def case_replies(base: str, elsewhere: str, articles: list[Article], good: list[str],
                 stop: threading.Event) -> dict[str, Callable[[], Reply]]:  # fmt: skip
    """What each case path answers (called per request)."""
    by_case = dict(zip([c.name for c in CASES if c.archived], articles, strict=False))
    spare = articles[len(by_case)]
    xml = "application/xml; charset=utf-8"
    return {
        "http_500": lambda: Reply(page("Lỗi máy chủ", "<h1>500</h1>"), status=500),
        "timeout": lambda: hang(stop),
        "slow_drip": lambda: drip(stop),
        "reset_mid_body": lambda: reset(spare),
        "truncated_html": lambda: Reply(truncated(by_case["truncated_html"])),
        "page_50mb": lambda: huge(declared=True),
        "page_50mb_no_length": lambda: huge(declared=False),
        "gzip_bomb": lambda: Reply(gzip_bomb(HTML_BOMB_PREFIX), headers={"Content-Encoding": "gzip"}),
        "redirect_cycle": lambda: Reply("", 302, headers={"Location": "/vong/b.html"}),
        "redirect_other_host": lambda: Reply("", 302, headers={"Location": f"{elsewhere}/bai/ngoai.html"}),
        "binary_as_html": lambda: Reply(binary_page()),
        "invalid_utf8": lambda: Reply(invalid_utf8(by_case["invalid_utf8"])),
        "deep_nesting": lambda: Reply(deeply_nested(by_case["deep_nesting"])),
        "odd_schemes": lambda: Reply(odd_links(by_case["odd_schemes"])),
        "hostile_content": lambda: Reply(hostile_content(by_case["hostile_content"])),
        "sitemap_gzip_bomb": lambda: Reply(gzip_bomb(SITEMAP_BOMB_PREFIX), content_type="application/x-gzip"),
        "sitemap_billion_laughs": lambda: Reply(billion_laughs(base), content_type=xml),
        "sitemap_100k_urls": lambda: Reply(big_sitemap(base, tuple(good)), content_type=xml),
    }  # fmt: skip


def build(elsewhere: str) -> Hostile:
    """The main hostile portal; ``elsewhere`` is the base URL of the other host."""
    articles = corpus(GOOD_ARTICLES + len(CASES))
    good, rest = articles[:GOOD_ARTICLES], articles[GOOD_ARTICLES:]
    for item in good:
        item.path = f"/bai/{item.id}.html"
    stop = threading.Event()
    portal = FixturePortal("hostile", good, [])
    flaky = {"hits": 0}
    by_path = {c.path: c.name for c in CASES}
    paths = [a.path for a in good]

    def route(hit: Hit) -> Reply | None:
        base = portal.base_url
        replies = case_replies(base, elsewhere, rest, paths, stop)
        name = by_path.get(hit.path)
        if hit.path == "/":
            return home(paths + [c.path for c in CASES if not c.name.startswith("sitemap_")])
        if hit.path == "/robots.txt":
            return robots_txt(base)
        if hit.path == "/sitemap.xml":
            return urlset(base, paths)
        if hit.path in ("/vong/a.html", "/vong/b.html"):
            other = "/vong/a.html" if hit.path.endswith("b.html") else "/vong/b.html"
            return Reply("", 302, headers={"Location": other})
        if hit.path.startswith("/vong/chuoi/"):
            number = int(hit.path.rsplit("/", 1)[1].split(".")[0])
            return Reply("", 302, headers={"Location": f"/vong/chuoi/{number + 1}.html"})
        if name == "503_then_200":
            flaky["hits"] += 1
            if flaky["hits"] == 1:
                return Reply(page("Bảo trì", "<h1>Hệ thống đang bảo trì</h1>"), status=503)
            return Reply(article_html(rest[0]))
        if name is not None:
            return replies[name]()
        found = next((a for a in good if a.path == hit.path), None)
        return Reply(article_html(found)) if found else None

    portal.routes = [route, lambda h: Reply(page("Không tìm thấy", "<h1>404</h1>"), status=404)]
    # Made now, not while the crawler waits with its timeout running.
    for prefix in (HTML_BOMB_PREFIX, SITEMAP_BOMB_PREFIX):
        gzip_bomb(prefix)
    return Hostile(portal, paths, stop)


def build_robots(kind: str, stop: threading.Event) -> FixturePortal:
    """A small portal (two articles) whose robots.txt answers 503, 404 or never (``timeout``)."""
    offset = {"5xx": 0, "404": 2, "timeout": 4}[kind]
    articles = corpus(GOOD_ARTICLES + len(CASES) + 8)[-8:][offset : offset + 2]
    for item in articles:
        item.path = f"/tin/{item.id}.html"
    portal = FixturePortal(f"robots_{kind}", articles, [])
    robots_reply: Callable[[], Reply] = {
        "5xx": lambda: Reply("<h1>503 Service Unavailable</h1>", status=503),
        "404": lambda: Reply("<h1>404 Not Found</h1>", status=404),
        "timeout": lambda: hang(stop),
    }[kind]

    def route(hit: Hit) -> Reply | None:
        if hit.path == "/robots.txt":
            return robots_reply()
        if hit.path == "/":
            return home([a.path for a in articles])
        found = next((a for a in articles if a.path == hit.path), None)
        return Reply(article_html(found)) if found else None

    portal.routes = [route, lambda h: Reply(page("Không tìm thấy", "<h1>404</h1>"), status=404)]
    return portal


def build_elsewhere() -> FixturePortal:
    """Another host, which a redirect of the hostile portal points to: never to be fetched."""
    article = corpus(GOOD_ARTICLES + len(CASES) + 8)[-1]
    article.path = "/bai/ngoai.html"
    portal = FixturePortal("elsewhere", [article], [])
    portal.routes = [lambda h: Reply(article_html(article))]
    return portal
