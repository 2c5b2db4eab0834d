"""``govcrawl check``: a small sample crawl of one portal, showing what a crawl would archive.

It runs the real ``scrapy crawl portal`` (robots.txt obeyed, the usual politeness) with the
settings of govcrawl.crawl.check: at most ``--pages`` pages, nothing archived (the archive
``scrapy crawl`` locks is a temporary file, deleted afterwards; the user's archive is never
opened), each page's outcome recorded in a temporary JSON-lines file, read and printed here.
"""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import Any

import click

from govcrawl.cli.crawl import crawl_keys, run_scrapy_crawl
from govcrawl.cli.options import ConfigurationError, registry_option

logger = logging.getLogger(__name__)

CHECK_HELP = """Crawl a few pages of one portal and show what a crawl would archive, writing
no archive: the platform family, the discovery sources found, then one line per page with its
verdict (article, or kind: reason), date (and where it was read), title and author.

\b
Exit status: 0 some article recognised; 1 none; 2 usage error.
\b
  govcrawl check https://sotnmt.lamdong.gov.vn/
  govcrawl check --site lam_dong_skhcn --pages 50
"""


@click.command("check", help=CHECK_HELP)
@click.argument("url", required=False)
@click.option("--site", metavar="KEY", help="Registry key (see `govcrawl sites`).")
@click.option("--pages", default=30, show_default=True, metavar="N", type=click.IntRange(min=1),
              help="Fetch at most this many pages (robots.txt aside).")  # fmt: skip
@registry_option
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy setting, as scrapy crawl -s (LOG_LEVEL=WARNING shows failures).")  # fmt: skip
def check_command(url: str | None, site: str | None, pages: int, registry_path: str | None,
                  settings: tuple[str, ...]) -> None:  # fmt: skip
    from govcrawl.crawl.check import sample_settings

    arguments = spider_arguments(url, site, registry_path)
    arguments += ["-s", "LOG_LEVEL=ERROR"]
    for setting in settings:  # the user's, before the sample's own (which win)
        arguments += ["-s", setting]
    with tempfile.TemporaryDirectory(prefix="govcrawl-check-") as folder:
        output = Path(folder) / "outcomes.jsonl"
        overrides = sample_settings(output, Path(folder) / "scratch.db", pages)
        status = run_scrapy_crawl(arguments, tuple(f"{k}={v}" for k, v in overrides.items()))
        if status == 2:  # scrapy crawl said why on stderr
            raise SystemExit(2)
        crawl, outcomes = read_outcomes(output)
    if crawl is None:
        raise click.ClickException(
            f"the sample crawl ended without a report (exit status {status}); "
            "run again with -s LOG_LEVEL=INFO to see why"
        )
    echo_report(crawl, outcomes)
    articles = sum(outcome.get("verdict") == "article" for outcome in outcomes)
    if not articles:
        raise click.ClickException(no_article_message(crawl, outcomes))


def spider_arguments(url: str | None, site: str | None, registry_path: str | None) -> list[str]:
    """The ``-a`` arguments of the portal spider; a ConfigurationError for a usage mistake."""
    from govcrawl.urls import is_http_url

    if url is not None and site is not None:
        raise ConfigurationError("give a start URL or --site KEY, not both")
    if url is None and site is None:
        raise ConfigurationError(
            "give the portal's start URL or --site KEY (see `govcrawl sites`), "
            "e.g. govcrawl check https://example.gov.vn/tin-tuc"
        )
    if url is not None:
        if not is_http_url(url):
            raise ConfigurationError(
                f"{url!r} is not an http(s) URL; give the portal's start page, "
                "e.g. govcrawl check https://example.gov.vn/tin-tuc"
            )
        return ["-a", f"url={url}"]
    assert site is not None
    text = Path(registry_path).read_text(encoding="utf-8") if registry_path else None
    crawl_keys((site,), None, False, text)  # a ConfigurationError naming the known keys
    registry = ["-a", f"registry={registry_path}"] if registry_path else []
    return ["-a", f"site={site}", *registry]


def read_outcomes(path: Path) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The crawl's report and the pages' outcomes, as PageOutcomes wrote them."""
    crawl: dict[str, Any] | None = None
    outcomes: list[dict[str, Any]] = []
    if not path.exists():
        return None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "page" in record:
            outcomes.append(record["page"])
        elif "crawl" in record:
            crawl = record["crawl"]
    return crawl, outcomes


def echo_report(crawl: dict[str, Any], outcomes: list[dict[str, Any]]) -> None:
    """The platform, the discovery sources, then one line per page and a total."""
    for key, platform in crawl["platforms"].items():
        name = platform["platform"] or "unknown (no page read)"
        how = f" ({platform['from']})" if platform["from"] else ""
        click.echo(f"portal     {key}: platform {name}{how}")
    click.echo(f"sitemaps   {', '.join(crawl['sitemaps']) or 'none found'}")
    click.echo(f"feeds      {', '.join(crawl['feeds']) or 'none found'}")
    click.echo(f"discovery  {discovery_line(crawl['discovery'])}")
    for outcome in outcomes:
        click.echo(page_line(outcome))
    articles = sum(outcome.get("verdict") == "article" for outcome in outcomes)
    spent = " (page budget spent)" if crawl["budget_spent"] and crawl["responses"] else ""
    click.echo(
        f"{articles} article{'s' if articles != 1 else ''} among {len(outcomes)} pages judged; "
        f"{crawl['responses']} responses{spent}"
    )


def discovery_line(counts: dict[str, int]) -> str:
    """Requests per discovery source ("start 1, sitemap_page 20, link 45, paging 3")."""
    return ", ".join(f"{source} {count}" for source, count in counts.items()) or "nothing"


def page_line(outcome: dict[str, Any]) -> str:
    """One page: verdict, title, date (where read), author, how it was found, URL."""
    via = f"[{outcome.get('source') or '?'}]"
    if outcome["verdict"] != "article":
        title = f"  {outcome['title']}" if outcome.get("title") else ""
        return f"{outcome['verdict']}{title}  {via} {outcome['url']}"
    date = outcome.get("published") or "no date"
    read_from = f" ({outcome['published_from']})" if outcome.get("published_from") else ""
    author = outcome.get("author") or "no author"
    title = outcome.get("title") or "no title"
    return f"article  {title} | {date}{read_from} | {author}  {via} {outcome['url']}"


def no_article_message(crawl: dict[str, Any], outcomes: list[dict[str, Any]]) -> str:
    """Why exit status 1: no page was an article, with the commonest verdicts."""
    if not crawl["responses"]:
        return (
            "no page could be fetched from the portal (Scrapy's errors above say why; "
            "-s LOG_LEVEL=INFO shows more)"
        )
    verdicts: dict[str, int] = {}
    for outcome in outcomes:
        verdicts[outcome["verdict"]] = verdicts.get(outcome["verdict"], 0) + 1
    top = sorted(verdicts.items(), key=lambda item: -item[1])[:3]
    reasons = ", ".join(f"{verdict} ({count})" for verdict, count in top) or "no page judged"
    return f"no article recognised among {len(outcomes)} pages: {reasons}"
