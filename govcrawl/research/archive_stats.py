"""Archive statistics: counts per province, agency, site, language and month; coverage gaps;
each portal's crawl health (govcrawl.research.runs). Read-only; ``govcrawl stats`` prints them
and ``govcrawl report`` draws them.

Months come from ``published`` (articles dated only by year count in no month). A coverage
gap is a run of months with no article from a site that normally publishes (its median monthly
count, between its first and last dated month, is at least ``GAP_MIN_MEDIAN``) and long enough
to be unusual: the site would have published ``GAP_MIN_MISSING`` articles in it at its median
rate (a single empty month of a site publishing 3 a month happens by chance).

Near-duplicates hidden by the filters are counted too (``hidden_duplicates``, per site in
``hidden_per_site``): a portal whose articles are all republications is listed with 0 articles,
and its crawls are kept.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime

import sqlite_utils

from govcrawl.research.filters import Filters
from govcrawl.research.runs import PortalHealth, portal_health

GAP_MIN_MEDIAN = 1  # articles a month: below this, empty months are normal for the site
GAP_MIN_MISSING = 5  # articles the site would have published in the run at its median rate


@dataclass(frozen=True)
class Gap:
    """Months with no article (``first`` to ``last``, inclusive) on a site that publishes."""

    site: str
    province: str | None
    first: str
    last: str
    months: int
    median_per_month: float


@dataclass
class Stats:
    """Everything ``govcrawl stats`` reports; counts are of the articles the filters keep, crawls
    of their sites (all crawls when nothing is filtered)."""

    articles: int = 0
    near_duplicates: int = 0
    undated: int = 0
    hidden_duplicates: int = 0  # near-duplicates the filters keep but hide (--include-duplicates)
    per_province: list[tuple[str, int]] = field(default_factory=list)
    per_agency: list[tuple[str, int]] = field(default_factory=list)
    per_site: list[tuple[str, int]] = field(default_factory=list)
    hidden_per_site: list[tuple[str, int]] = field(default_factory=list)
    per_lang: list[tuple[str, int]] = field(default_factory=list)
    per_month: list[tuple[str, int]] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    crawls: list[PortalHealth] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("per_province", "per_agency", "per_site", "hidden_per_site", "per_lang",
                    "per_month"):  # fmt: skip
            data[key] = dict(getattr(self, key))
        data["crawls"] = [crawl.as_dict() for crawl in self.crawls]
        return data


def collect(
    db: sqlite_utils.Database, filters: Filters | None = None, now: datetime | None = None
) -> Stats:
    """Return the archive's statistics for the articles ``filters`` keep; crawl health is as of
    ``now`` (default: the current time)."""
    filters = filters or Filters()
    where, params = filters.where(db)
    stats = Stats()
    stats.articles, stats.undated = db.execute(
        f"SELECT count(*), count(*) - count(published) FROM articles WHERE {where}", params
    ).fetchone()
    all_where, all_params = replace(filters, include_duplicates=True).where(db)
    (stats.near_duplicates,) = db.execute(
        f"SELECT count(*) FROM articles WHERE {all_where} AND duplicate_of IS NOT NULL", all_params
    ).fetchone()
    for key, expression in (
        ("per_province", "coalesce(province, '(unknown)')"),
        ("per_agency", "coalesce(agency, '(unknown)')"),
        ("per_site", "site"),
        ("per_lang", "coalesce(lang, '(unknown)')"),
    ):
        setattr(stats, key, counts(db, expression, where, params))
    stats.per_month = sorted(counts(db, MONTH, f"{where} AND length(published) >= 7", params))
    if not filters.include_duplicates:
        stats.hidden_duplicates = stats.near_duplicates
        hidden_where = f"{all_where} AND duplicate_of IS NOT NULL"
        stats.hidden_per_site = counts(db, "site", hidden_where, all_params)
        shown = {site for site, _ in stats.per_site}
        stats.per_site += [(site, 0) for site, _ in stats.hidden_per_site if site not in shown]
    stats.gaps = coverage_gaps(db, where, params)
    stats.crawls = portal_health(db, now or datetime.now(UTC))
    if filters != Filters():  # the crawls of the sites the filters keep (copies included)
        sites = {site for site, _ in stats.per_site}
        stats.crawls = [crawl for crawl in stats.crawls if crawl.site in sites]
    return stats


MONTH = "substr(published, 1, 7)"


def counts(
    db: sqlite_utils.Database, expression: str, where: str, params: list[object]
) -> list[tuple[str, int]]:
    """(value of ``expression``, articles), most articles first."""
    return [
        (str(value), int(n))
        for value, n in db.execute(
            f"SELECT {expression} AS value, count(*) AS n FROM articles WHERE {where} "
            "GROUP BY value ORDER BY n DESC, value",
            params,
        )
    ]


def monthly(
    db: sqlite_utils.Database, column: str, where: str, params: list[object]
) -> dict[str, dict[str, int]]:
    """{value of ``column``: {YYYY-MM: articles}} for the dated articles."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for value, month, n in db.execute(
        f"SELECT coalesce({column}, '(unknown)'), {MONTH} AS month, count(*) FROM articles "
        f"WHERE {where} AND length(published) >= 7 GROUP BY 1, 2",
        params,
    ):
        found[value][month] = n
    return dict(found)


def month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM from ``first`` to ``last``, inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def coverage_gaps(db: sqlite_utils.Database, where: str, params: list[object]) -> list[Gap]:
    """Runs of empty months of sites that normally publish, by site then month."""
    provinces = dict(
        db.execute(f"SELECT site, max(province) FROM articles WHERE {where} GROUP BY site", params)
    )
    gaps = []
    for site, by_month in sorted(monthly(db, "site", where, params).items()):
        span = month_range(min(by_month), max(by_month))
        median = statistics.median(by_month.get(m, 0) for m in span)
        if median < GAP_MIN_MEDIAN:
            continue
        run: list[str] = []
        for month in [*span, None]:
            if month is not None and month not in by_month:
                run.append(month)
                continue
            if run and median * len(run) >= GAP_MIN_MISSING:
                gaps.append(Gap(site, provinces.get(site), run[0], run[-1], len(run), median))
            run = []
    return gaps
