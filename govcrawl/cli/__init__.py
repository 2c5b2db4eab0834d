"""The ``govcrawl`` command: thin click commands over research/ and store/, and the crawl wrapper.

May import every stage; nothing imports it.
"""

from govcrawl.cli.main import main

__all__ = ["main"]
