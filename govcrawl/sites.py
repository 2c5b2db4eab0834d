"""The site registry shipped with the package (sites.toml): portals known by a key."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources

_KEY = re.compile(r"^[a-z0-9_]+$")


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
    active_until: str | None = None
    merged_into: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def load_sites(text: str | None = None) -> dict[str, Site]:
    """Return the registry, by key (the packaged sites.toml unless ``text`` is given)."""
    if text is None:
        text = resources.files("govcrawl").joinpath("sites.toml").read_text(encoding="utf-8")
    known = set(Site.__dataclass_fields__) - {"key", "extra"}
    sites = {}
    for key, entry in tomllib.loads(text).items():
        if not _KEY.match(key) or not entry.get("start_urls"):
            raise ValueError(
                f"sites.toml: entry {key!r} needs an ASCII snake_case key and start_urls"
            )
        fields = {k: v for k, v in entry.items() if k in known}
        extra = {k: v for k, v in entry.items() if k not in known}
        sites[key] = Site(key=key, extra=extra, **fields)
    return sites


def get_site(key: str) -> Site:
    """Return the registry entry ``key``; UnknownSiteError names the known keys otherwise."""
    sites = load_sites()
    if key not in sites:
        raise UnknownSiteError(
            f"unknown site {key!r}; known sites: {', '.join(sorted(sites))} (govcrawl sites lists them)"
        )
    return sites[key]
