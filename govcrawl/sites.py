"""The site registry's documented path (README): ``load_sites``, ``get_site``, ``validate_sites``,
``sites_by_province``.

The code lives in govcrawl.registry.sites; this module only re-exports it."""

from govcrawl.registry.sites import (
    Site,
    UnknownSiteError,
    get_site,
    load_sites,
    province_key,
    sites_by_province,
    validate_sites,
)

__all__ = [
    "Site",
    "UnknownSiteError",
    "get_site",
    "load_sites",
    "province_key",
    "sites_by_province",
    "validate_sites",
]
