"""Store: the archive's SQLite file, and the only code that opens it.

Owns opening and migrating it (connection, schema), every write (writer: articles, versions,
exact and near duplicates, attachments, gone and non-article pages, crawl runs), the Scrapy
pipeline that feeds the writer (pipeline), the crawl frontier's table (frontier_store), the
read-only questions a re-crawl asks (archived_pages) and the one-crawl-per-archive lock (lock).

May import: ``govcrawl.dedupe``, ``govcrawl.text``, ``govcrawl.items``, ``govcrawl.urls``.
"""
