"""The site registry shipped with the package (sites.toml): portals known by a key.

``load_sites`` refuses entries it cannot turn into a ``Site`` (bad key, no start URLs, a field of
the wrong type) with a ValueError naming the entry; ``validate_sites`` reports every problem
of every entry (a bad key hides none of the others), including those a loaded registry would only
hide (typos, bad URLs, duplicates), for ``govcrawl sites --check``.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from govcrawl.platforms import all_platforms
from govcrawl.text.places import province_key as province_key  # re-exported (govcrawl.sites)
from govcrawl.urls import canonical_url, is_http_url

# CMS families of the portals: the modules of govcrawl.platforms (portals.md, section 1).
PLATFORMS = frozenset(all_platforms())
# The agencies of a provincial portal: the provincial people's committee.
PROVINCIAL_AGENCIES = frozenset({"UBND tỉnh", "UBND thành phố"})

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class UnknownSiteError(KeyError):
    """No registry entry has this key."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Site:
    """One registry entry: a portal or a department site."""

    key: str
    name: str
    start_urls: list[str]
    province: str | None = None
    agency: str | None = None
    path_prefix: str | None = None
    platform: str | None = None
    verified: bool = False
    merged_from: list[str] = field(default_factory=list)
    merged_into: str | None = None
    active_until: str | None = None
    former_domains: list[str] = field(default_factory=list)
    # Scrapy settings this portal needs (legacy TLS, longer timeouts), applied to its crawls.
    settings: dict[str, object] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """'retired' (has active_until), 'provincial' (a UBND portal) or 'department'."""
        if self.active_until:
            return "retired"
        return "provincial" if self.agency in PROVINCIAL_AGENCIES else "department"

    def as_dict(self) -> dict[str, object]:
        """Return the entry as JSON-ready fields, with ``kind`` and without ``extra``."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        return {**data, "kind": self.kind}


# The registry's fields (Site's, without key and extra) and their TOML types; list = of strings.
FIELD_TYPES: dict[str, type] = {
    "name": str, "start_urls": list, "province": str, "agency": str, "path_prefix": str,
    "platform": str, "verified": bool, "merged_from": list, "merged_into": str,
    "active_until": str, "former_domains": list, "settings": dict,
}  # fmt: skip


def _parse(text: str | None) -> dict[str, Any]:
    """Return the registry's TOML tables, TOML dates turned into ISO strings."""
    if text is None:
        text = (
            resources.files("govcrawl.registry").joinpath("sites.toml").read_text(encoding="utf-8")
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"site registry: not valid TOML: {error}") from error
    for entry in data.values():
        if isinstance(entry, dict):
            for name, value in entry.items():
                if type(value) is date:
                    entry[name] = value.isoformat()
    return data


def _type_problem(key: str, name: str, value: object) -> str | None:
    """Return why ``value`` does not fit field ``name``, or None when it does."""
    expected = FIELD_TYPES.get(name)
    if expected is list:
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return None
        return f"[{key}] {name} must be a list of strings"
    if expected is dict:
        if isinstance(value, dict) and all(k.isupper() for k in value):
            return None
        return f"[{key}] {name} must be a table of Scrapy settings (UPPER_CASE names)"
    if expected is None or isinstance(value, expected):
        return None
    return f"[{key}] {name} must be {'true or false' if expected is bool else 'a string'}"


def _shape_problems(key: str, entry: object) -> list[str]:
    """Return what keeps an entry from becoming a Site: key, table, required fields, types.

    Every one of them: a bad key does not hide the entry's other problems.
    """
    problems = [] if _KEY.match(key) else [
        f"[{key}] the key must be ASCII snake_case (a-z, 0-9, _), e.g. lam_dong_skhcn"
    ]  # fmt: skip
    if not isinstance(entry, dict):
        return [*problems, f"[{key}] must be a table of fields, not a single value"]
    problems += [
        f"[{key}] {name} is missing" for name in ("name", "start_urls") if name not in entry
    ]
    problems += [p for n, v in entry.items() if (p := _type_problem(key, n, v))]
    if entry.get("start_urls") == []:
        problems.append(f"[{key}] start_urls is empty: give the home or news-section URL")
    return problems


def _start_urls(entry: dict[str, Any]) -> list[str]:
    """The entry's start URLs, or [] when they are missing or not a list of strings."""
    urls = entry.get("start_urls")
    if isinstance(urls, list) and all(isinstance(url, str) for url in urls):
        return urls
    return []


def _prefix_problems(key: str, entry: dict[str, Any]) -> list[str]:
    """Return problems of ``path_prefix``: its shape, and start URLs outside it."""
    prefix = entry.get("path_prefix")
    if not isinstance(prefix, str):  # absent, or a type problem reported already
        return []
    if not (prefix.startswith("/") and prefix.endswith("/")):
        return [f"[{key}] path_prefix {prefix!r} must start and end with '/'"]
    return [
        f"[{key}] path_prefix {prefix!r} is not a prefix of the path of start URL {url!r}"
        for url in _start_urls(entry)
        if is_http_url(url) and not urlsplit(url).path.casefold().startswith(prefix.casefold())
    ]


def _entry_problems(key: str, entry: dict[str, Any]) -> list[str]:
    """Return the problems of one entry's values, other than types and duplicates (a field of
    the wrong type is left to ``_shape_problems``)."""
    problems = [
        f"[{key}] start URL {url!r} is not an absolute http(s) URL"
        for url in _start_urls(entry)
        if not is_http_url(url)
    ]
    platform = entry.get("platform")
    if isinstance(platform, str) and platform not in PLATFORMS:
        problems.append(
            f"[{key}] unknown platform {platform!r} (one of {', '.join(sorted(PLATFORMS))})"
        )
    problems += _prefix_problems(key, entry)
    until = entry.get("active_until")
    if isinstance(until, str) and not _is_iso_date(until):
        problems.append(f"[{key}] active_until {until!r} is not an ISO date (YYYY-MM-DD)")
    for name in sorted(set(entry) - set(FIELD_TYPES)):
        close = difflib.get_close_matches(name, FIELD_TYPES, n=1)
        hint = f"did you mean {close[0]}?" if close else f"known: {', '.join(FIELD_TYPES)}"
        problems.append(f"[{key}] unknown field {name!r} ({hint})")
    return problems


def _is_iso_date(text: str) -> bool:
    """Return True when ``text`` is a real calendar date written YYYY-MM-DD."""
    if not _ISO_DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _duplicate_problems(entries: dict[str, Any]) -> list[str]:
    """Return one problem per start URL that an earlier entry (or the same one) already has."""
    owners: dict[str, str] = {}
    problems = []
    for key, entry in entries.items():
        for url in _start_urls(entry) if isinstance(entry, dict) else []:
            if not is_http_url(url):
                continue
            # Scheme left out: the crawl scope covers http and https alike.
            identity = canonical_url(url).split(":", 1)[1]
            if identity in owners:
                problems.append(
                    f"[{key}] start URL {url!r} is also a start URL of [{owners[identity]}]"
                )
            owners.setdefault(identity, key)
    return problems


def validate_sites(text: str | None = None) -> list[str]:
    """Return the registry's problems, one human-readable line each ([] when it is clean).

    Checks the packaged sites.toml unless ``text`` (TOML) is given.
    """
    try:
        data = _parse(text)
    except ValueError as error:
        return [str(error)]
    problems: list[str] = []
    for key, entry in data.items():
        problems += _shape_problems(key, entry)
        if isinstance(entry, dict):
            problems += _entry_problems(key, entry)
    return problems + _duplicate_problems(data)


def load_sites(text: str | None = None) -> dict[str, Site]:
    """Return the registry, by key (the packaged sites.toml unless ``text`` is given).

    Raises ValueError naming the entry when one cannot be loaded; fields the registry does not
    know are kept in ``Site.extra`` (``validate_sites`` reports them).
    """
    sites = {}
    for key, entry in _parse(text).items():
        problems = _shape_problems(key, entry)
        if problems:
            raise ValueError(f"site registry: {'; '.join(problems)}")
        known = {name: value for name, value in entry.items() if name in FIELD_TYPES}
        extra = {name: value for name, value in entry.items() if name not in FIELD_TYPES}
        sites[key] = Site(key=key, extra=extra, **known)
    return sites


def get_site(key: str, sites: dict[str, Site] | None = None) -> Site:
    """Return the registry entry ``key`` (of ``sites`` or the packaged registry).

    UnknownSiteError names the known keys otherwise.
    """
    sites = load_sites() if sites is None else sites
    if key not in sites:
        raise UnknownSiteError(
            f"unknown site {key!r}; known sites: {', '.join(sorted(sites))} (govcrawl sites lists them)"
        )
    return sites[key]


def sites_by_province(name: str, sites: dict[str, Site] | None = None) -> list[Site]:
    """Return the entries whose ``province`` is ``name``, in registry order.

    Accent-, case- and title-insensitive: "lam dong", "LÂM ĐỒNG" and "tỉnh Lâm Đồng" all find
    "Lâm Đồng". Retired entries are found by the province they served, not the one that absorbed
    it. Searches the packaged registry unless ``sites`` is given.
    """
    wanted = province_key(name)
    registry = load_sites() if sites is None else sites
    return [s for s in registry.values() if s.province and province_key(s.province) == wanted]
