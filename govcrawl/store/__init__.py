"""Store: the archive's SQLite file, and the only code that opens it.

Owns the archive's path (connection.archive_path, the one reader of GOVCRAWL_ARCHIVE), opening
and migrating it (connection, schema), every write (writer: one transaction per batch of
articles, attachments, gone and non-article pages; inside it exact duplicates
(exact_duplicates), near-duplicate clusters (near_duplicates) and versions (versions)), crawl
runs (runs), the Scrapy pipeline that feeds the writer and answers the spider (pipeline), the
crawl frontier's table and its connection (frontier_store.open_frontier), the read-only
questions a re-crawl asks (archived_pages) and the one-crawl-per-archive lock (lock). The crawl
reaches the archive only through these: the pipeline (found with Scrapy's
``crawler.get_item_pipeline``) and the frontier's store.

May import: ``govcrawl.dedupe``, ``govcrawl.text``, ``govcrawl.items``, ``govcrawl.urls``.
"""
