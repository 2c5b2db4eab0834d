"""Extract: one fetched page in, one article record (or a reason it is not one) out.

Owns page extraction around trafilatura (page), page furniture (boilerplate), the dates of a
page (page_dates), attachments linked from the body (attachments), the article/listing decision
(classify), per-portal article-block selectors (induction), the work done per page (task), the
worker processes that run it (workers) and the Scrapy pipeline that sends pages to them
(pipeline). Pure functions apart from the pipeline and the pool: nothing here reads or writes
the archive.

May import: ``govcrawl.text``, ``govcrawl.dedupe``, ``govcrawl.items``, ``govcrawl.urls``.
Never ``govcrawl.store`` (an import-linter contract).
"""
