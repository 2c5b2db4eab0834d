"""A tiny threaded static HTTP server for the unseen-portal fixtures (127.0.0.1, ephemeral port)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

ORIGIN_PLACEHOLDER = b"__ORIGIN__"

Response = tuple[int, dict[str, str], bytes]


def route_key(path_and_query: str) -> str:
    """Normalise a path(+query) the way a real server matches it.

    The path is percent-decoded and the query parameters are decoded and sorted, so a crawler that
    canonicalises URLs (sorted query, normalised escapes) reaches the same route.
    """
    parts = urlsplit(path_and_query)
    path = unquote(parts.path) or "/"
    if not parts.query:
        return path
    pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return path + "?" + "&".join(f"{k}={v}" for k, v in pairs)


@dataclass
class AccessLog:
    """Thread-safe list of (monotonic time, method, path, status)."""

    entries: list[tuple[float, str, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, method: str, path: str, status: int) -> None:
        with self.lock:
            self.entries.append((time.monotonic(), method, path, status))

    def snapshot(self) -> list[tuple[float, str, str, int]]:
        with self.lock:
            return list(self.entries)


class _Handler(BaseHTTPRequestHandler):
    server_version = "Microsoft-IIS/8.5"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def _respond(self, with_body: bool) -> None:
        srv: _Server = self.server  # type: ignore[assignment]
        status, headers, body = srv.lookup(self.path)
        srv.log.add(self.command, self.path, status)  # logged on arrival, before the reply is sent
        body = body.replace(ORIGIN_PLACEHOLDER, srv.origin.encode("ascii"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._respond(with_body=True)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default stderr log: the access log records every request."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, routes: Mapping[str, Response]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = {route_key(k): v for k, v in routes.items()}
        self.log = AccessLog()
        self.origin = f"http://127.0.0.1:{self.server_address[1]}"

    def lookup(self, raw_path: str) -> Response:
        found = self.routes.get(route_key(raw_path))
        if found is not None:
            return found
        body = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>404 - Không tìm thấy trang"
            "</title></head><body><h1>404</h1><p>Trang bạn yêu cầu không tồn tại.</p></body></html>"
        ).encode()
        return 404, {"Content-Type": "text/html; charset=utf-8"}, body


@dataclass
class RunningServer:
    """What the context manager yields: base URL, port and the access log."""

    origin: str
    port: int
    log: AccessLog

    def url(self, path: str) -> str:
        return self.origin + path


@contextmanager
def serve(routes: Mapping[str, Response]) -> Iterator[RunningServer]:
    """Serve routes on 127.0.0.1 (ephemeral port) in a thread; shut the server down on exit."""
    server = _Server(routes)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield RunningServer(server.origin, server.server_address[1], server.log)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
