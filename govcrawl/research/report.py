"""The archive report: one self-contained HTML page (inline CSS and SVG, no script, no external
asset) with articles per month overall, per province and per agency, coverage gaps and crawl
health. Every value taken from the archive is HTML-escaped. Under the heading, the report names
its archive and its filters (as command-line options) and the near-duplicates they hide.

Each bar is ``<rect class="bar" data-month="YYYY-MM" data-count="N">`` inside an ``<svg
data-series="...">``, so the counts can be read back (tests do).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlite_utils

from govcrawl.research.archive_stats import (
    GAP_MIN_MEDIAN,
    GAP_MIN_MISSING,
    Stats,
    collect,
    month_range,
    monthly,
)
from govcrawl.research.filters import Filters
from govcrawl.research.runs import FAILED_SHARE_ALERT

CHART_WIDTH = 760
CHART_HEIGHT = 64
TOP_AGENCIES = 20  # agencies charted, most articles first
_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:980px;color:#1b1f24;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .7em;border-bottom:1px solid #eaeef2;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.chart{display:grid;grid-template-columns:220px auto;align-items:center;gap:0 .8em;margin:.2em 0}
.chart .label{font-size:.9em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar{fill:#2f6fb0}.tick{fill:#8c959f;font-size:10px}.axis{stroke:#d0d7de}
.bad{color:#b42318;font-weight:600}.ok{color:#1a7f37}.muted{color:#6e7781}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:.5em 1em}
.card b{display:block;font-size:1.5em}
"""


def escape(value: object) -> str:
    """``value`` as HTML text, escaped (quotes too, so it is safe in attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def bar_chart(series: str, counts: dict[str, int], months: list[str]) -> str:
    """An inline SVG of ``counts`` per month over ``months``, scaled to its own maximum."""
    top = max(counts.values(), default=0) or 1
    step = CHART_WIDTH / max(len(months), 1)
    body = [
        f'<line class="axis" x1="0" y1="{CHART_HEIGHT}" x2="{CHART_WIDTH}" y2="{CHART_HEIGHT}"/>'
    ]
    for i, month in enumerate(months):
        n = counts.get(month, 0)
        if month.endswith("-01") or i == 0:
            body.append(
                f'<text class="tick" x="{i * step:.1f}" y="{CHART_HEIGHT + 12}">{month[:4]}</text>'
            )
        if n:
            height = max(1.0, (CHART_HEIGHT - 14) * n / top)
            body.append(
                f'<rect class="bar" data-month="{month}" data-count="{n}" x="{i * step:.1f}" '
                f'y="{CHART_HEIGHT - height:.1f}" width="{max(step - 1, 1):.1f}" '
                f'height="{height:.1f}"><title>{escape(series)} {month}: {n}</title></rect>'
            )
    body.append(
        f'<text class="tick" x="{CHART_WIDTH - 4}" y="10" text-anchor="end">max {top}</text>'
    )
    return (
        f'<svg data-series="{escape(series)}" role="img" aria-label="{escape(series)}: articles per month" '
        f'width="{CHART_WIDTH}" height="{CHART_HEIGHT + 16}" '
        f'viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT + 16}">{"".join(body)}</svg>'
    )


def charts(kind: str, by_value: dict[str, dict[str, int]], months: list[str], limit: int) -> str:
    """A labelled chart per value (most articles first, at most ``limit``)."""
    ranked = sorted(by_value.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    rows = [
        f'<div class="chart"><span class="label" title="{escape(value)}">{escape(value)} '
        f'<span class="muted">({sum(counts.values())})</span></span>'
        f"{bar_chart(f'{kind}:{value}', counts, months)}</div>"
        for value, counts in ranked[:limit]
    ]
    if len(ranked) > limit:
        rows.append(f'<p class="muted">{len(ranked) - limit} more not shown.</p>')
    return "\n".join(rows) or '<p class="muted">No dated articles.</p>'


def table(header: tuple[str, ...], rows: Sequence[tuple[object, ...]], numeric: set[int]) -> str:
    """An HTML table; columns in ``numeric`` are right-aligned."""
    head = "".join(f'<th class="n">{escape(h)}</th>' if i in numeric else f"<th>{escape(h)}</th>"
                   for i, h in enumerate(header))  # fmt: skip
    body = "".join(
        "<tr>" + "".join(
            f'<td class="n">{escape(v)}</td>' if i in numeric else f"<td>{escape(v)}</td>"
            for i, v in enumerate(row)
        ) + "</tr>"
        for row in rows
    )  # fmt: skip
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def build(
    db: sqlite_utils.Database,
    filters: Filters | None = None,
    title: str = "",
    archive: str | None = None,
) -> str:
    """Return the report for the articles ``filters`` keep, as one HTML document; ``archive``
    names the archive (default: its file's path)."""
    filters = filters or Filters()
    stats = collect(db, filters)
    where, params = filters.where(db)
    months = month_range(stats.per_month[0][0], stats.per_month[-1][0]) if stats.per_month else []
    sections = [
        _summary(stats),
        "<h2>Articles per month</h2>",
        f'<div class="chart"><span class="label">All</span>'
        f"{bar_chart('all', dict(stats.per_month), months)}</div>",
        "<h2>Per province</h2>",
        charts("province", monthly(db, "province", where, params), months, 100),
        f"<h2>Per agency (top {TOP_AGENCIES})</h2>",
        charts("agency", monthly(db, "agency", where, params), months, TOP_AGENCIES),
        _gaps(stats),
        _health(stats),
    ]
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    heading = escape(title or "govcrawl archive report")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{heading}</title><style>{_CSS}</style></head><body>"
        f'<h1>{heading}</h1><p class="muted">Generated {generated}.</p>'
        + _scope(db, filters, stats, archive)
        + "\n".join(sections) + "</body></html>\n"
    )  # fmt: skip


def _scope(db: sqlite_utils.Database, filters: Filters, stats: Stats, archive: str | None) -> str:
    """What the report covers: the archive, the filters, the near-duplicates they hide."""
    if archive is None:
        archive = next(
            (row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), ""
        )
    shown = filters.describe() or "none (every article but near-duplicates)"
    hidden = (
        f" {stats.hidden_duplicates:,} near-duplicate{'s' if stats.hidden_duplicates != 1 else ''}"
        " hidden (--include-duplicates)."
        if stats.hidden_duplicates
        else ""
    )
    return (
        f'<p id="scope">Archive: <code>{escape(archive)}</code>. '
        f"Filters: <code>{escape(shown)}</code>.{escape(hidden)}</p>"
    )


def _summary(stats: Stats) -> str:
    cards = [
        ("articles", stats.articles), ("near-duplicates", stats.near_duplicates),
        ("undated", stats.undated), ("sites", len(stats.per_site)),
        ("provinces", len(stats.per_province)),
    ]  # fmt: skip
    return '<div class="cards">' + "".join(
        f'<div class="card" data-stat="{escape(k)}"><b>{v:,}</b>{escape(k)}</div>' for k, v in cards
    ) + "</div>"  # fmt: skip


def _gaps(stats: Stats) -> str:
    rows = [(g.site, g.province or "", g.first, g.last, g.months, f"{g.median_per_month:g}")
            for g in stats.gaps]  # fmt: skip
    intro = (
        "<h2>Coverage gaps</h2><p>Months without any article from a site that normally "
        f"publishes (median of at least {GAP_MIN_MEDIAN} a month between its first and last "
        f"month), when the site would have published {GAP_MIN_MISSING} or more in them.</p>"
    )
    if not rows:
        return intro + '<p class="ok">No gaps.</p>'
    header = ("site", "province", "from", "to", "months", "median / month")
    return intro + table(header, rows, {4, 5})


def _health(stats: Stats) -> str:
    rows = [
        (c.site, c.runs, c.unfinished, c.last_run[:16].replace("T", " "), c.last_status,
         c.last_reason or "(running or killed)",
         c.pages_new, c.pages_duplicate, c.pages_failed, "ok" if c.healthy else "check")
        for c in stats.crawls
    ]  # fmt: skip
    header = ("site", "runs", "unfinished", "last started (UTC)", "status", "finish reason",
              "new", "duplicate", "failed", "health")  # fmt: skip
    body = table(header, rows, {1, 2, 6, 7, 8}) if rows else '<p class="muted">No crawls.</p>'
    body = body.replace("<td>check</td>", '<td class="bad">check</td>')
    intro = (
        "<p>The latest crawl of each site: it needs a check when it did not succeed (status "
        f"failed, or unfinished) or more than {FAILED_SHARE_ALERT:.0%} of its pages failed.</p>"
    )
    return f"<h2>Crawl health</h2>{intro}{body}"
