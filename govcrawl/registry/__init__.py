"""Registry: which portals exist and which ones a crawl covers.

Owns the packaged site registry (sites.toml, sites) and the crawl targets built from a spider's
``-a`` arguments (targets). ``govcrawl.sites`` re-exports the registry's documented functions.

May import: ``govcrawl.text``, ``govcrawl.urls``, ``govcrawl.platforms``.
"""
