"""The ``govcrawl`` command: thin click commands over research/ and store/, and the crawl wrapper
(crawl: ``govcrawl crawl`` and ``status``), the sample crawl of one portal (check:
``govcrawl check``), the group with search, sites and the demo (main), the
researchers' commands (research), what the commands share (options).

May import every stage; nothing imports it.
"""

from govcrawl.cli.main import main

__all__ = ["main"]
