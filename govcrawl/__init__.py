"""govcrawl: an archival crawler for the news pages of Vietnamese provincial government portals.

The package follows the data path, one stage per subpackage (README, "How it is built"):
registry -> crawl -> extract -> text -> dedupe -> store -> research -> cli.
"""

__version__ = "0.1.0"
