"""Crawl: what is fetched, in what order, and how politely.

Owns the ``portal`` spider (spiders), link and feed discovery (discovery), crawler traps and
page budgets (traps), downloader middlewares for scope, cookies and robots.txt (middlewares),
Crawl-delay and quiet network errors (extensions), the crash-safe scheduler (frontier),
attachment downloads (attachments), the User-Agent add-on (addons), a crawl's life tied to
``govcrawl crawl`` (lifeline), the sample crawl of ``govcrawl check`` that archives nothing and
records each page's outcome (check), and the ``scrapy crawl`` and ``scrapy settings`` commands (commands).

May import: ``govcrawl.store`` (through its components: the frontier's table, the archive
pipeline's answers for a re-crawl; the crawl never opens the archive itself),
``govcrawl.registry``, ``govcrawl.platforms``, ``govcrawl.items``, ``govcrawl.urls``,
``govcrawl.settings`` (the defaults a sample crawl's settings extend). Never
``govcrawl.extract`` or ``govcrawl.research``: the pipelines are wired by settings.
"""
