"""Reprocess: the crawl's extraction, classification and deduplication run again over captured
responses (WARC records), with no network at all (``govcrawl reprocess``).

Owns turning a captured response back into the page the crawl's extraction takes (replay: the
same Scrapy response class, charset decoding and page rules as the spider's) and the
re-extraction run (run: the extraction worker processes of ``govcrawl.extract``, progress,
resumption). What it reads from and writes to the archive is the store's
(``govcrawl.store.reextraction``, the writer, ``govcrawl.store.warc``).

A layer of its own between the command line and the crawl: it replays the crawl's page
decisions (``govcrawl.crawl.discovery``) and drives both ``extract`` and ``store``, which never
import each other. May import every stage below it; only ``govcrawl.cli`` imports it.
"""
