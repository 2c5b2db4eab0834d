"""Every default of a govcrawl crawl, as Scrapy settings (named in scrapy.cfg).

Scrapy's own settings come first, tuned for slow, fragile government servers; then the project's
``GOVCRAWL_*`` settings, grouped by stage. Override any of them with ``-s NAME=VALUE`` on
``scrapy crawl`` or with ``--set NAME=VALUE`` on ``govcrawl crawl``.
"""

from __future__ import annotations

import os

BOT_NAME = "govcrawl"
SPIDER_MODULES = ["govcrawl.crawl.spiders"]
NEWSPIDER_MODULE = "govcrawl.crawl.spiders"
# Our `scrapy crawl`: one-line argument errors, exit status 1 when a crawl failed.
COMMANDS_MODULE = "govcrawl.crawl.commands"

# --- fetch: polite by default -------------------------------------------------------------
# Operators name their address or project page: -s GOVCRAWL_CONTACT=..., or the environment
# variable GOVCRAWL_CONTACT. The User-Agent is built from it once the settings are final, by the
# add-on below: "govcrawl/0.1 (archival crawler; +CONTACT)". A USER_AGENT set explicitly wins.
GOVCRAWL_CONTACT = os.environ.get("GOVCRAWL_CONTACT") or "https://example.org/contact-your-archive"
ADDONS = {"govcrawl.crawl.addons.ContactUserAgent": 0}
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Outputs of one response processed at once. A page yields at most one item (and its links),
# and Scrapy starts this many asyncio tasks for every response: 100 (its default) cost about
# 2 ms of the crawl process's CPU a page.
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60  # government servers are slow; Scrapy's 180 s hides dead hosts
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DEPTH_LIMIT = 0  # GOVCRAWL_MAX_HOPS instead: it does not count a listing's later pages
DEPTH_PRIORITY = 1  # breadth-first: listings near the start page before deep archives
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
REDIRECT_MAX_TIMES = 5
METAREFRESH_IGNORE_TAGS = ["noscript"]
DNS_TIMEOUT = 20
# Upper bound of responses per crawl, a safety net against traps (0 = none).
CLOSESPIDER_PAGECOUNT = 20000
TELNETCONSOLE_ENABLED = False  # an unattended archiver opens no control ports
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"  # non-article pages are routine, not warnings
FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

SPIDER_MIDDLEWARES = {
    # Last in the output chain: schedules a page's requests, then settles it in the frontier
    # (a page whose item awaits the archive stays in flight until its batch is committed).
    "govcrawl.crawl.frontier.FrontierSpiderMiddleware": 10,
    # Calendars, nested language switches, growing query strings, filter combinations.
    "govcrawl.crawl.traps.TrapGuardMiddleware": 550,
}

DOWNLOADER_MIDDLEWARES = {
    # First in line: sees only final failures (after retries), marked failed in the frontier.
    "govcrawl.crawl.frontier.FrontierDownloaderMiddleware": 5,
    # At most GOVCRAWL_MAX_PAGES_PER_SITE pages fetched per portal.
    "govcrawl.crawl.traps.PageBudgetMiddleware": 540,
    # Scrapy's cookie middleware downloads the public suffix list on first use: never here.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "govcrawl.crawl.middlewares.OfflineCookiesMiddleware": 700,
    # Host and path-prefix scope, for IP hosts too, re-checked after every redirect.
    "govcrawl.crawl.middlewares.ScopeMiddleware": 550,
    # Next to the downloader: every response as it came from the network (redirects, errors,
    # robots.txt, attachments; bodies still content-encoded) written to the WARC files.
    "govcrawl.crawl.capture.CaptureMiddleware": 950,
    # robots.txt answering 5xx or unreachable: nothing fetched from that host (RFC 9309).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "govcrawl.crawl.middlewares.Rfc9309RobotsTxtMiddleware": 100,
}

EXTENSIONS = {
    "govcrawl.crawl.extensions.QuietNetworkErrors": 100,
    # robots.txt Crawl-delay applied, and AutoThrottle never faster than it.
    "govcrawl.crawl.extensions.CrawlDelay": 100,
    "scrapy.extensions.throttle.AutoThrottle": None,
    "govcrawl.crawl.extensions.PoliteAutoThrottle": 0,
}

ITEM_PIPELINES = {
    "govcrawl.extract.pipeline.ExtractionPipeline": 300,
    "govcrawl.crawl.attachments.AttachmentsPipeline": 400,  # off unless GOVCRAWL_DOWNLOAD_ATTACHMENTS
    "govcrawl.store.pipeline.ArchivePipeline": 800,
}

# Log a portal's network failures (refused, timeout, DNS) in one line, without a traceback.
GOVCRAWL_QUIET_NETWORK_ERRORS = True

# Upper bound (seconds) of a robots.txt Crawl-delay we honour; larger ones are capped.
GOVCRAWL_MAX_CRAWL_DELAY = 30.0

# --- frontier: crash-safe scheduler, resumable after SIGTERM or SIGKILL (govcrawl/frontier.py)
# The queue and per-crawl duplicate filter live in the archive's `frontier` table; off: Scrapy's
# in-memory scheduler and RFPDupeFilter.
SCHEDULER = "govcrawl.crawl.frontier.FrontierScheduler"
GOVCRAWL_FRONTIER_ENABLED = True
# Frontier writes are committed at least this often (seconds) and every so many operations.
GOVCRAWL_FRONTIER_COMMIT_INTERVAL = 1.0
GOVCRAWL_FRONTIER_COMMIT_OPS = 500

# --- discovery ----------------------------------------------------------------------------
# Also try /sitemap.xml and the Sitemap: lines of robots.txt, and follow RSS/Atom feeds.
GOVCRAWL_SITEMAPS_ENABLED = True
GOVCRAWL_FEEDS_ENABLED = True
# Also follow the links of pages whose URL is an article's (their menus and related news
# rarely lead anywhere the listings do not, and extracting them costs as much as the article).
GOVCRAWL_ARTICLE_LINKS_ENABLED = False

# Trap guards: pages fetched per portal and crawl (0 = no budget), URL length, path depth, and
# distinct sets of query parameter names per path (faceted filters).
GOVCRAWL_MAX_PAGES_PER_SITE = 20000
GOVCRAWL_MAX_URL_LENGTH = 1024
GOVCRAWL_MAX_PATH_SEGMENTS = 15
GOVCRAWL_MAX_QUERY_SHAPES = 20
# Link hops from a start page (Scrapy's depth without a listing's later pages: a listing of
# 500 pages is walked to its end while a chain of ordinary links stops here).
GOVCRAWL_MAX_HOPS = 12
# Pages of one path that differ by a date in the query (calendars, work schedules).
GOVCRAWL_MAX_DATED_PAGES_PER_PATH = 3

# --- extraction and classification --------------------------------------------------------
# A page whose extracted body is shorter than this is not an article (characters, after NFC).
GOVCRAWL_MIN_ARTICLE_CHARS = 300
# Characters of body text given to langdetect (its cost grows with the text).
GOVCRAWL_LANGDETECT_SAMPLE_CHARS = 3000
# Extraction worker processes: "auto" = one per usable core, 0 = in the crawl's own process.
GOVCRAWL_EXTRACT_WORKERS = "auto"
# Selector induction: after a portal's first article pages are extracted from the whole page,
# extract the following ones from the induced article block alone; a candidate selector must
# agree on this many more pages, then every Nth page is extracted both ways as a check; after
# every 10 agreeing checks the interval doubles, up to CHECK_EVERY_MAX (a new selector starts over).
GOVCRAWL_INDUCTION_ENABLED = True
GOVCRAWL_INDUCTION_VERIFY_PAGES = 2
GOVCRAWL_INDUCTION_CHECK_EVERY = 10
GOVCRAWL_INDUCTION_CHECK_EVERY_MAX = 40

# --- archive ------------------------------------------------------------------------------
GOVCRAWL_ARCHIVE = "archive/govcrawl.db"
# Articles written per transaction; the rest is flushed when the crawl closes.
GOVCRAWL_ARCHIVE_BATCH_SIZE = 50
# Every response the crawl receives, with its request, kept as gzip WARC/1.1 files in
# GOVCRAWL_WARC_DIR (unset: the environment variable of that name, else the folder "warc" beside
# the archive file; govcrawl.store.warc.warc_dir), a new file every
# GOVCRAWL_WARC_MAX_BYTES; rows of the archive name their record (captures, capture_id).
GOVCRAWL_WARC_ENABLED = True
GOVCRAWL_WARC_DIR = None
GOVCRAWL_WARC_MAX_BYTES = 1_000_000_000
# Download the documents articles link to (PDF, Word, Excel) into FILES_STORE.
GOVCRAWL_DOWNLOAD_ATTACHMENTS = False
FILES_STORE = "archive/files"
# Finish reasons that make `scrapy crawl` exit with status 1 (cron sees the failure).
GOVCRAWL_FAILED_FINISH_REASONS = ["archive_error", "shutdown"]

# --- scheduled runs -----------------------------------------------------------------------
# Re-crawls fetch only what is new: links to archived articles are skipped, and a listing is
# walked only while its pages link to articles not yet archived (start pages always are).
GOVCRAWL_INCREMENTAL = True
# ... except every this many days, and after a run that did not end well, when every listing is
# walked again (archived articles still skipped) to find what an incremental walk cannot reach.
GOVCRAWL_FULL_WALK_DAYS = 30
# Revisits: articles published (undated: first seen) within this many days are fetched again
# when not fetched for GOVCRAWL_REVISIT_INTERVAL_HOURS, to keep edits as article_versions and
# mark removed ones gone (0 = no revisits).
GOVCRAWL_REVISIT_DAYS = 14
GOVCRAWL_REVISIT_INTERVAL_HOURS = 20
# Adaptive revisits of listings, sitemaps and feeds (govcrawl.crawl.revisit): a listing whose
# article links did not change is due again after twice its last interval, up to this many
# days; one that changed, after GOVCRAWL_LISTING_MIN_HOURS.
GOVCRAWL_LISTING_MIN_HOURS = 20
GOVCRAWL_LISTING_MAX_DAYS = 30
# Ask with If-None-Match / If-Modified-Since where the server gave validators (304: unchanged).
GOVCRAWL_CONDITIONAL_REQUESTS = True
# The crawl's clock (govcrawl.clock): an ISO 8601 instant the crawl takes for its start (tests
# and benchmarks run next week's crawl today); unset: the real time.
GOVCRAWL_NOW = None
# Rows of one process's portals in crawl_runs share this label (default: generated).
GOVCRAWL_RUN_GROUP = None
# Exit status of a crawl that found the archive locked by another run (EX_TEMPFAIL).
GOVCRAWL_LOCKED_EXIT_CODE = 75

# --- govcrawl check -----------------------------------------------------------------------
# A sample crawl's record of each page's outcome (JSON lines), written by
# govcrawl.crawl.check.PageOutcomes, which `govcrawl check` enables; unset: no record.
GOVCRAWL_CHECK_OUTPUT = None
