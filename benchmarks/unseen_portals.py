"""Crawl the unseen fixture portals (tests/unseen/) with a real `scrapy crawl portal` and score the archive.

For each portal: start its static server on 127.0.0.1, crawl it from its start page into a fresh
archive, then compare the `articles` rows with the generator's gold: recall, junk rows, exact
title / date / author, body phrases that must (not) be in the text, and Crawl-delay violations
seen in the server's access log. Plain `trafilatura.extract(html)` on every gold article page is
scored on the same body phrases, side by side.

    .venv/bin/python benchmarks/unseen_portals.py               # the seven tuning portals
    .venv/bin/python benchmarks/unseen_portals.py --held-out    # the two held-out portals (only at the end)
    .venv/bin/python benchmarks/unseen_portals.py --json out.json --jobs 2
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from unseen import PORTALS  # noqa: E402
from unseen.model import ArticleGold, Portal  # noqa: E402
from unseen.server import route_key, serve  # noqa: E402


@dataclass
class Score:
    """One portal's result."""

    portal: str
    family: str
    held_out: bool
    gold: int
    archived: int = 0
    matched: int = 0
    recall: float = 0.0
    recall_any_url: float = 0.0
    alias_rows: int = 0
    junk: int = 0
    junk_non_article: int = 0
    title_exact: float = 0.0
    date_exact: float = 0.0
    author_exact: float = 0.0
    body_must_hit: float = 0.0
    body_must_not_violations: int = 0
    traf_body_must_hit: float = 0.0
    traf_must_not_violations: int = 0
    traf_empty: int = 0
    crawl_delay: float | None = None
    crawl_delay_violations: int = 0
    gaps_below_half_delay: int = (
        0  # below what Scrapy's RANDOMIZE_DOWNLOAD_DELAY (0.5x-1.5x) can explain
    )
    min_gap_s: float | None = None
    median_gap_s: float | None = None
    requests: int = 0
    not_found: int = 0
    exit_code: int | None = None
    seconds: float = 0.0
    junk_urls: list[str] = field(default_factory=list)
    not_found_paths: list[str] = field(default_factory=list)
    stats: dict[str, object] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    wrong: list[dict[str, object]] = field(default_factory=list)


def norm_text(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def url_key(url: str) -> str:
    parts = urlsplit(url)
    return route_key(parts.path + (f"?{parts.query}" if parts.query else ""))


def same_date(gold: str | None, got: str | None) -> bool:
    """Date part equal; when gold has a time, the same instant to the minute."""
    if gold is None or got is None:
        return gold == got
    if gold[:10] != got[:10] and "T" not in gold:
        return False
    if "T" not in gold:
        return True
    if "T" not in got:
        return False
    try:
        g = datetime.fromisoformat(gold)
        a = datetime.fromisoformat(got)
    except ValueError:
        return False
    if a.tzinfo is None:
        return g.replace(tzinfo=None, second=0) == a.replace(second=0)
    return abs((g - a).total_seconds()) < 60


def crawl(
    portal: Portal, workdir: Path, timeout: int
) -> tuple[Score, list[tuple[float, str, str, int]]]:
    """Serve the portal, run scrapy on it, return a score skeleton and the access log."""
    score = Score(
        portal.name,
        portal.family,
        portal.held_out,
        len(portal.articles),
        crawl_delay=portal.crawl_delay,
    )
    db = workdir / "govcrawl.db"
    env = dict(os.environ)
    # Nothing may leave the machine: any non-loopback request goes to a closed local port.
    env.update(
        http_proxy="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        no_proxy="127.0.0.1,localhost",
        NO_PROXY="127.0.0.1,localhost",
    )
    with serve(portal.routes) as srv:
        cmd = [
            str(ROOT / ".venv/bin/scrapy"),
            "crawl",
            "portal",
            "-a",
            f"url={srv.url(portal.start_path)}",
            "-s",
            f"GOVCRAWL_ARCHIVE={db}",
            "-s",
            "LOG_LEVEL=INFO",
            "-s",
            f"CLOSESPIDER_TIMEOUT={timeout}",
        ]
        started = time.monotonic()
        with open(workdir / "crawl.log", "wb") as log:
            proc = subprocess.run(
                cmd,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=timeout + 120,
                check=False,
            )
        score.seconds = round(time.monotonic() - started, 1)
        score.exit_code = proc.returncode
        access = srv.log.snapshot()
    return score, access


def read_archive(db: Path) -> list[dict[str, object]]:
    if not db.exists():
        return []
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        cols = {r["name"] for r in con.execute("PRAGMA table_info(articles)")}
        body_col = "text" if "text" in cols else "body"
        rows = [
            dict(r)
            for r in con.execute(
                f"SELECT id, url, title, published, author, {body_col} AS body FROM articles"
            )
        ]
        urls: dict[int, set[str]] = {}
        if con.execute("SELECT name FROM sqlite_master WHERE name = 'article_urls'").fetchone():
            for r in con.execute("SELECT url, article_id FROM article_urls"):
                urls.setdefault(r["article_id"], set()).add(r["url"])
    finally:
        con.close()
    for r in rows:
        r["keys"] = {url_key(u) for u in {r["url"], *urls.get(r["id"], set())}}  # type: ignore[arg-type]
    return rows


def crawl_stats(db: Path) -> dict[str, object]:
    """The crawl's own counters (classification, extraction, politeness) from `crawl_runs.stats`."""
    if not db.exists():
        return {}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return {}
    finally:
        con.close()
    stats = json.loads(row[0]) if row and row[0] else {}
    keep = (
        "govcrawl/classify/",
        "govcrawl/extract/",
        "govcrawl/politeness/",
        "govcrawl/platform/",
        "govcrawl/robots/",
    )
    return {k: v for k, v in sorted(stats.items()) if k.startswith(keep)}


def body_checks(gold: ArticleGold, text: str) -> tuple[int, int]:
    """(must phrases found, must-not phrases found)."""
    t = norm_text(text)
    return sum(1 for p in gold.body_must if norm_text(p) in t), sum(
        1 for p in gold.body_must_not if norm_text(p) in t
    )


def score_portal(portal: Portal, timeout: int) -> Score:
    import trafilatura

    with tempfile.TemporaryDirectory(prefix=f"unseen-{portal.name}-") as tmp:
        workdir = Path(tmp)
        score, access = crawl(portal, workdir, timeout)
        rows = read_archive(workdir / "govcrawl.db")
        score.stats = crawl_stats(workdir / "govcrawl.db")
        if score.exit_code not in (0, None):
            tail = (workdir / "crawl.log").read_text(errors="replace").splitlines()[-15:]
            score.wrong.append({"crawl_log_tail": tail})
    score.archived = len(rows)
    score.requests = len(access)
    score.not_found = sum(1 for a in access if a[3] == 404)
    score.not_found_paths = sorted({a[2] for a in access if a[3] == 404})[:40]
    gold_keys = {route_key(g.url): g for g in portal.articles}
    non_keys = {route_key(u) for u in portal.non_articles}
    alias_keys = {route_key(a): route_key(g) for a, g in portal.aliases.items()}
    matched: dict[str, dict[str, object]] = {}
    via_alias: dict[str, dict[str, object]] = {}
    for r in rows:
        keys = r["keys"]
        hit = [k for k in keys if k in gold_keys]  # type: ignore[union-attr]
        alias = [alias_keys[k] for k in keys if k in alias_keys]  # type: ignore[union-attr]
        if hit:
            matched.setdefault(hit[0], r)
        elif alias:
            # Archived under another URL of the article only (print view, /node/N, redirect=).
            score.alias_rows += 1
            via_alias.setdefault(alias[0], r)
        else:
            score.junk += 1
            score.junk_urls.append(str(r["url"]))
            if keys & non_keys:  # type: ignore[operator]
                score.junk_non_article += 1
    score.recall = round(len(matched) / score.gold, 3)
    for k, r in via_alias.items():
        matched.setdefault(k, r)
    score.matched = len(matched)
    score.recall_any_url = round(score.matched / score.gold, 3)
    score.missed = [g.url for k, g in gold_keys.items() if k not in matched]
    titles = dates = authors = must_hit = must_total = 0
    for k, r in matched.items():
        g = gold_keys[k]
        ok_title = norm_text(str(r["title"] or "")) == norm_text(g.title)
        ok_date = same_date(g.published, r["published"])  # type: ignore[arg-type]
        ok_author = norm_text(r["author"]) == norm_text(g.author)  # type: ignore[arg-type]
        hit, bad = body_checks(g, str(r["body"] or ""))
        titles += ok_title
        dates += ok_date
        authors += ok_author
        must_hit += hit
        must_total += len(g.body_must)
        score.body_must_not_violations += bad
        if not (ok_title and ok_date and ok_author) or hit < len(g.body_must) or bad:
            score.wrong.append(
                {
                    "url": g.url,
                    **({} if ok_title else {"title": [r["title"], g.title]}),
                    **({} if ok_date else {"published": [r["published"], g.published]}),
                    **({} if ok_author else {"author": [r["author"], g.author]}),
                    **(
                        {}
                        if hit == len(g.body_must)
                        else {"body_must_missed": len(g.body_must) - hit}
                    ),
                    **({} if not bad else {"body_must_not_found": bad}),
                }
            )
    n = max(1, score.matched)
    score.title_exact = round(100 * titles / n, 1)
    score.date_exact = round(100 * dates / n, 1)
    score.author_exact = round(100 * authors / n, 1)
    score.body_must_hit = round(100 * must_hit / max(1, must_total), 1)
    t_hit = t_total = 0
    for g in portal.articles:
        html = portal.routes[g.url][2].decode(portal.charset_of(g.url))
        text = trafilatura.extract(html) or ""
        score.traf_empty += not text
        hit, bad = body_checks(g, text)
        t_hit += hit
        t_total += len(g.body_must)
        score.traf_must_not_violations += bad
    score.traf_body_must_hit = round(100 * t_hit / max(1, t_total), 1)
    if portal.crawl_delay:
        times = [a[0] for a in access]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        score.crawl_delay_violations = sum(1 for gap in gaps if gap < portal.crawl_delay)
        score.gaps_below_half_delay = sum(1 for gap in gaps if gap < portal.crawl_delay / 2)
        score.min_gap_s = round(min(gaps), 3) if gaps else None
        score.median_gap_s = round(statistics.median(gaps), 3) if gaps else None
    return score


def table(scores: list[Score]) -> str:
    head = (
        f"{'portal':34} {'gold':>4} {'arch':>4} {'recall':>6} {'any':>5} {'junk(na)':>8} {'title%':>6} {'date%':>6} {'auth%':>6} "
        f"{'must% gov/traf':>15} {'mustnot gov/traf':>16} {'delayviol(<½)':>13} {'req':>4} {'404':>4} {'secs':>6}"
    )
    lines = [head, "-" * len(head)]
    for s in scores:
        delay = f"{s.crawl_delay_violations}({s.gaps_below_half_delay})" if s.crawl_delay else "-"
        lines.append(
            f"{s.portal:34} {s.gold:>4} {s.archived:>4} {s.recall:>6.2f} {s.recall_any_url:>5.2f} {f'{s.junk}({s.junk_non_article})':>8} {s.title_exact:>6.1f} {s.date_exact:>6.1f} "
            f"{s.author_exact:>6.1f} {f'{s.body_must_hit:.1f}/{s.traf_body_must_hit:.1f}':>15} "
            f"{f'{s.body_must_not_violations}/{s.traf_must_not_violations}':>16} {delay:>13} {s.requests:>4} {s.not_found:>4} {s.seconds:>6.1f}"
        )
    gold = sum(s.gold for s in scores)
    matched = sum(s.matched for s in scores)
    if scores:
        lines.append("-" * len(head))
        body_all = sum(s.body_must_hit * s.matched for s in scores) / max(1, matched)
        traf_all = sum(s.traf_body_must_hit for s in scores) / len(scores)
        w = lambda attr: sum(getattr(s, attr) * s.matched for s in scores) / max(1, matched)  # noqa: E731
        lines.append(
            f"{'all':34} {gold:>4} {sum(s.archived for s in scores):>4} {sum(s.recall * s.gold for s in scores) / max(1, gold):>6.2f} {matched / max(1, gold):>5.2f} "
            f"{f'{sum(s.junk for s in scores)}({sum(s.junk_non_article for s in scores)})':>8} {w('title_exact'):>6.1f} {w('date_exact'):>6.1f} {w('author_exact'):>6.1f} "
            f"{f'{body_all:.1f}/{traf_all:.1f}':>15} "
            f"{f'{sum(s.body_must_not_violations for s in scores)}/{sum(s.traf_must_not_violations for s in scores)}':>16}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--held-out",
        action="store_true",
        help="score the two held-out portals (instead of the seven)",
    )
    ap.add_argument("--only", nargs="*", default=None, help="portal names to run")
    ap.add_argument("--jobs", type=int, default=1, help="portals crawled at once")
    ap.add_argument(
        "--timeout", type=int, default=300, help="CLOSESPIDER_TIMEOUT per crawl, seconds"
    )
    ap.add_argument(
        "--json",
        nargs="?",
        const="-",
        default=None,
        help="write the scores as JSON (to stdout with no path)",
    )
    args = ap.parse_args(argv)
    portals = [p for p in PORTALS if p.held_out == args.held_out]
    if args.only:
        portals = [p for p in portals if p.name in args.only]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        scores = list(pool.map(lambda p: score_portal(p, args.timeout), portals))
    print(table(scores))
    if args.json:
        data = json.dumps([asdict(s) for s in scores], ensure_ascii=False, indent=1)
        if args.json == "-":
            print(data)
        else:
            Path(args.json).write_text(data, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
