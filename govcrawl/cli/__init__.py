"""The ``govcrawl`` command: thin click commands over research/ and store/, and the crawl wrapper
(main), the researchers' commands (research), what every command shares (options).

May import every stage; nothing imports it.
"""

from govcrawl.cli.main import main

__all__ = ["main"]
