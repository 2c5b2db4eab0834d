"""Crawl targets: the portals one ``scrapy crawl portal`` run covers, from its ``-a`` arguments.

``-a url=...`` (an ad-hoc portal), ``-a site=KEY`` or ``-a site=KEY1,KEY2`` (registry entries),
``-a province=NAME`` alone (every current registry entry of that province). Each target has its
own scope, labels and platform family; requests carry the target's key in ``meta``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from govcrawl import platforms
from govcrawl.platforms.base import Platform
from govcrawl.registry.sites import Site, get_site, load_sites, sites_by_province
from govcrawl.urls import Scope, canonical_url, is_http_url


class SpiderArgumentError(ValueError):
    """A spider argument is wrong; the message says which and what to pass instead."""


@dataclass
class Target:
    """One portal of a crawl; ``platform`` is None until detected from its first page."""

    key: str
    start_urls: list[str]
    scope: Scope
    province: str | None
    agency: str | None
    platform: Platform | None = None
    settings: dict[str, object] = field(default_factory=dict)  # Scrapy settings it needs


def targets_from_arguments(
    url: str | None = None, site: str | None = None, province: str | None = None,
    agency: str | None = None, prefix: str | None = None, platform: str | None = None,
    registry: str | None = None,
) -> list[Target]:  # fmt: skip
    """The targets the spider arguments name; SpiderArgumentError or UnknownSiteError if wrong.

    ``registry`` is the path of a sites.toml to use instead of the packaged one.
    """
    fixed = _platform(platform)
    sites = _registry(registry)
    url = (url or "").strip() or None  # blank arguments (-a url=" ", -a site=,) are absent
    keys = [key.strip() for key in (site or "").split(",") if key.strip()]
    if not url and not keys and province:
        current = _current_sites_of(province, sites)
        return [_target(entry, None, None, None, None, fixed) for entry in current]
    if not url and not keys:
        raise SpiderArgumentError(
            "give a start URL (-a url=https://...), a registry key (-a site=KEY) or a province"
        )
    if url and len(keys) > 1:
        raise SpiderArgumentError("-a url= labels one portal: give one -a site= key with it")
    entries: list[Site | None] = [get_site(key, sites) for key in keys] or [None]
    return [_target(entry, url, province, agency, prefix, fixed) for entry in entries]


def _target(entry: Site | None, url: str | None, province: str | None, agency: str | None,
            prefix: str | None, fixed: Platform | None) -> Target:  # fmt: skip
    urls = url.split() if url else list(entry.start_urls if entry else [])
    for start in urls:
        if not is_http_url(start):
            raise SpiderArgumentError(
                f"not an http(s) URL: {start!r} (use -a url=https://host/path)"
            )
    start_urls = [canonical_url(u) for u in urls]
    scope = Scope.from_start_url(start_urls[0], prefix or (entry.path_prefix if entry else None))
    known = fixed or (
        platforms.get(entry.platform)
        if entry and entry.platform in platforms.all_platforms()
        else None
    )
    return Target(
        key=entry.key if entry else scope.label, start_urls=start_urls, scope=scope,
        province=province or (entry.province if entry else None),
        agency=agency or (entry.agency if entry else None), platform=known,
        settings=dict(entry.settings) if entry else {},
    )  # fmt: skip


def _platform(name: str | None) -> Platform | None:
    if not name:
        return None
    try:
        return platforms.get(name)
    except KeyError as error:
        raise SpiderArgumentError(str(error.args[0])) from error


def _registry(path: str | None) -> dict[str, Site]:
    if path is None:
        return load_sites()
    try:
        return load_sites(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise SpiderArgumentError(
            f"cannot read site registry {path}: {error.strerror or error}"
        ) from error
    except ValueError as error:
        raise SpiderArgumentError(f"site registry {path}: {error}") from error


def _current_sites_of(province: str, sites: dict[str, Site]) -> list[Site]:
    """The province's registry sites that still exist (not retired), the offline demo excepted."""
    current = sites_by_province(province, sites)
    entries = [e for e in current if not e.active_until and e.key != "demo"]
    if not entries:
        raise SpiderArgumentError(
            f"no current registry site in province {province!r} (see govcrawl sites)"
        )
    return entries
