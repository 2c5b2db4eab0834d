"""URL identity and crawl scope: canonical URLs, and which URLs belong to a portal.

The canonical form is what ``article_urls.url`` and ``articles.url`` store and what the crawl
requests, so one page reached through tracking parameters, session ids or a different query
order is fetched and archived once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that only track a visit or a session, never select content.
TRACKING_PARAMETERS = frozenset(
    {
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
        "fbclid", "gclid", "dclid", "msclkid", "zarsrc", "zalo_source", "_ga", "mc_cid", "mc_eid",
        "jsessionid", "phpsessid", "sessionid", "aspsessionid", "asp.net_sessionid",
        "cfid", "cftoken",
    }
)  # fmt: skip
_NAVIGATION_STATE = frozenset({"returnurl", "backurl", "inheritredirect"})
# Session ids carried as path parameters: /a/b;jsessionid=ABC or ;sessionid=...
_PATH_SESSION = re.compile(r";(?:jsessionid|sessionid|phpsessid)=[^/?#]*", re.IGNORECASE)
# ASP.NET cookieless sessions: /(S(lit3py55t21z5v55vlm25s55))/page.aspx
_ASPNET_COOKIELESS = re.compile(r"/\([A-Z]\([a-z0-9]{10,}\)\)(?=/)", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters no host name has: anything but letters (IDN too), digits, "-", "_", "." and an
# IPv6 literal's ":" and "%" (links on hostile pages: "http://a b/", "http://;sessionid=/").
_BAD_HOST = re.compile(r"[^\w.:%-]")
_NETLOC = re.compile(r"^(?:\[[^\[\]]*\]|[^\[\]:]*)(?::\d*)?$")  # host (IPv6 in brackets), port
# Sub-site prefixes on portals that host departments under one host (SharePoint).
_SUBSITE_PREFIX = re.compile(r"^/(?:sites|so)/[^/]+/", re.IGNORECASE)
# URLs whose canonical form is remembered (a bounded LRU cache: about 2 MB).
CANONICAL_CACHE = 8192


@lru_cache(maxsize=CANONICAL_CACHE)
def _without_path_sessions(url: str) -> str:
    """``url`` without session ids in its path (";jsessionid=...", ASP.NET's "/(S(...))"); the
    rest untouched ("http://;sessionid=@host/" names a user, not a session)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    path = _ASPNET_COOKIELESS.sub("", _PATH_SESSION.sub("", parts.path))
    return url if path == parts.path else urlunsplit(parts._replace(path=path))


def canonical_url(url: str) -> str:
    """Return the canonical form of an absolute http(s) URL.

    Lower-case scheme and host, no default port, no fragment, sorted query without tracking or
    session parameters, no path session ids, normalised percent-encoding. Memoised: a portal's
    menus repeat the same few hundred links on every page.
    """
    url = canonicalize_url(_without_path_sessions(url.strip()), keep_fragments=False)
    names = {name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
    tracked = [name for name in names if _is_tracking(name)]
    if tracked:
        url = url_query_cleaner(url, tracked, remove=True, keep_fragments=False)
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        netloc = f"{netloc}:{parts.port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme, netloc, path, parts.query, ""))


def unique_canonical_urls(urls: Iterable[str]) -> Iterator[str]:
    """The http(s) URLs of ``urls`` in canonical form, each once, lazily (a sitemap may list
    50,000: Scrapy consumes them in slices between downloads)."""
    seen: set[str] = set()
    for url in urls:
        if is_http_url(url) and (canonical := canonical_url(url)) not in seen:
            seen.add(canonical)
            yield canonical


def _is_tracking(name: str) -> bool:
    # Liferay's "redirect=<listing URL>" and "inheritRedirect", "returnUrl": navigation state.
    lowered = name.lower()
    return (
        lowered in TRACKING_PARAMETERS
        or lowered.endswith("redirect")
        or lowered in _NAVIGATION_STATE
    )


_LANGUAGE_SEGMENT = re.compile(
    r"^(?:vi|en|vn|fr|zh|ja|ko|vi[-_]vn|en[-_](?:us|gb))$", re.IGNORECASE
)


def _language_of(url: str, prefix: str) -> str | None:
    path = urlsplit(url).path
    rest = path[len(prefix) :] if path.lower().startswith(prefix.lower()) else path
    first = next((s for s in rest.split("/") if s), "")
    return first.lower().replace("-", "_") if _LANGUAGE_SEGMENT.match(first) else None


def is_http_url(url: str) -> bool:
    """Return True when ``url`` is an absolute http(s) URL with a valid host and port."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  # raises ValueError when out of range ("http://h:99999/")
    except ValueError:
        return False
    host = parts.hostname or ""
    host_and_port = parts.netloc.rpartition("@")[2]
    if not _NETLOC.match(host_and_port):  # "[::]0": w3lib refuses it
        return False
    if "[" in parts.netloc and not host_and_port.startswith("["):  # "[::]@0": w3lib refuses it
        return False
    return parts.scheme in ("http", "https") and bool(host) and not _BAD_HOST.search(host)


@dataclass(frozen=True)
class Scope:
    """The part of the web one portal occupies: one host (any scheme) and a path prefix."""

    host: str
    port: int | None
    path_prefix: str = "/"

    @classmethod
    def from_start_url(cls, url: str, path_prefix: str | None = None) -> Scope:
        """Scope of a start URL: its host, and its sub-site prefix (``/sites/skhcn/``) if any."""
        parts = urlsplit(url)
        if path_prefix is None:
            match = _SUBSITE_PREFIX.match(parts.path)
            path_prefix = match.group(0) if match else "/"
        if not path_prefix.startswith("/"):
            path_prefix = "/" + path_prefix
        port = parts.port if parts.port != _DEFAULT_PORTS.get(parts.scheme) else None
        return cls((parts.hostname or "").lower(), port, path_prefix)

    def contains(self, url: str) -> bool:
        """Return True when ``url`` is on this host (http or https) and under the prefix."""
        return self.same_host(url) and self._under_prefix(urlsplit(url).path or "/")

    def same_host(self, url: str) -> bool:
        """Return True when ``url`` is http(s) on this host and port, whatever its path."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or (parts.hostname or "") != self.host:
            return False
        return (port if port != _DEFAULT_PORTS.get(parts.scheme) else None) == self.port

    def _under_prefix(self, path: str) -> bool:
        # SharePoint paths are case-insensitive: /Sites/SKHCN/ is /sites/skhcn/.
        return path.lower().startswith(self.path_prefix.lower()) or (
            path.lower().rstrip("/") == self.path_prefix.lower().rstrip("/")
        )

    @property
    def label(self) -> str:
        """Host, port and sub-site path: ``lamdong.gov.vn/sites/skhcn``, ``127.0.0.1:8089``."""
        netloc = self.host if self.port is None else f"{self.host}:{self.port}"
        return netloc + self.path_prefix.rstrip("/")

    def language_mirror(self, url: str, start_url: str) -> bool:
        """True when ``url`` is a copy of the portal in another language than its start page:
        its first path segment (below the prefix) is a language code the start URL lacks."""
        return _language_of(url, self.path_prefix) not in (
            None,
            _language_of(start_url, self.path_prefix),
        )

    def root_url(self, scheme: str) -> str:
        """Return the URL of the scope's top (host plus prefix) for ``scheme``."""
        netloc = self.host if self.port is None else f"{self.host}:{self.port}"
        return f"{scheme}://{netloc}{self.path_prefix}"
