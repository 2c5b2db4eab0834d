"""Research: read-only questions researchers ask of an archive.

Owns filters shared by every command (filters), full-text search (search) and the hidden
near-duplicates it would have found (hidden), streamed export
(export), counts and coverage gaps (archive_stats), the HTML report (report), syndication
clusters (clusters), crawl runs and portal health (runs), the Python API (api, re-exported
as ``govcrawl.api``), govcrawl's query reading as SQL functions (sql_functions) and the Datasette
plugin that registers them (datasette_plugin, the only importer of the optional Datasette).

May import: ``govcrawl.store`` (to open an archive read-only), ``govcrawl.text``,
``govcrawl.registry``. Never ``govcrawl.crawl`` (an import-linter contract).
"""
