"""Self-tests of the unseen fixture portals (no crawl): furniture, distinct bodies, gold on the page."""

from __future__ import annotations

import itertools
import re
import statistics
import urllib.error
import urllib.request
from datetime import datetime

import pytest

from unseen import PORTALS
from unseen.model import Portal
from unseen.server import serve
from unseen.vntext import overlap, shingles

IDS = [p.name for p in PORTALS]
MONTHS_VI = [
    "Một",
    "Hai",
    "Ba",
    "Tư",
    "Năm",
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Mười Một",
    "Mười Hai",
]


def anchors(portal: Portal, path: str) -> int:
    return len(re.findall(r"<a\b", portal.page_text(path), flags=re.IGNORECASE))


def date_renderings(iso: str) -> list[str]:
    """Forms in which a gold date may be printed (day-first, ISO attribute, month names)."""
    d = datetime.fromisoformat(iso) if "T" in iso else datetime.strptime(iso, "%Y-%m-%d")
    return [
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        d.strftime("%Y-%m-%dT%H:%M"),
        f"{d.day:02d} Tháng {d.month} {d.year}",
        f"Tháng {MONTHS_VI[d.month - 1]} {d.day}, {d.year}",
    ]


def time_renderings(iso: str) -> list[str]:
    d = datetime.fromisoformat(iso)
    h12 = d.hour % 12 or 12
    return [f"{d:%H:%M}", f"{h12:02d}:{d.minute:02d} {'PM' if d.hour >= 12 else 'AM'}"]


def test_nine_portals_two_held_out_one_crawl_delay() -> None:
    assert len(PORTALS) == 9
    assert [p.held_out for p in PORTALS] == [False] * 7 + [True] * 2
    assert len({p.family for p in PORTALS[:7]}) == 7
    assert sum(1 for p in PORTALS if p.crawl_delay == 2.0) == 1
    assert len({p.name for p in PORTALS}) == 9


@pytest.mark.parametrize("portal", PORTALS, ids=IDS)
def test_article_pages_carry_real_furniture(portal: Portal) -> None:
    counts = [anchors(portal, g.url) for g in portal.articles]
    print(
        f"\n{portal.name}: {len(portal.articles)} articles, {len(portal.non_articles)} non-articles, "
        f"<a> per article page min {min(counts)} / median {statistics.median(counts):.0f} / max {max(counts)}"
    )
    assert min(counts) >= 60
    assert max(counts) <= 350
    assert 28 <= len(portal.articles) <= 32
    for g in portal.articles:
        text = portal.page_text(g.url)
        low = text.lower()
        assert "tin liên quan" in low or "bài viết liên quan" in low, g.url
        for block in ("Tin mới nhất", "Đọc nhiều nhất", "Thăm dò ý kiến", "Liên kết website"):
            assert block.lower() in low, (g.url, block)


@pytest.mark.parametrize("portal", PORTALS, ids=IDS)
def test_gold_appears_on_the_served_page(portal: Portal) -> None:
    for g in portal.articles:
        text = portal.page_text(g.url)
        assert g.title in text, g.url
        for phrase in g.body_must:
            assert phrase in text, (g.url, phrase)
        for phrase in g.body_must_not:
            assert phrase in text, (g.url, phrase)
            assert phrase not in portal.bodies[g.url], (g.url, phrase)
        if g.author:
            for name in g.author.split(", "):
                assert name in text, (g.url, name)
        assert g.published is not None
        assert any(r in text for r in date_renderings(g.published)), (g.url, g.published)
        if "T" in g.published:
            assert any(r in text for r in time_renderings(g.published)), (g.url, g.published)


@pytest.mark.parametrize("portal", PORTALS, ids=IDS)
def test_article_lengths_and_reachability(portal: Portal) -> None:
    lengths = [len(portal.bodies[g.url]) for g in portal.articles]
    assert sum(1 for n in lengths if 400 <= n <= 900) >= 4
    assert all(400 <= n <= 5000 for n in lengths)
    assert sum(1 for n in lengths if n >= 1200) >= 20
    gold_urls = {g.url for g in portal.articles}
    assert not gold_urls & set(portal.non_articles)
    assert portal.start_path in portal.non_articles
    # The crawler does not follow links of article pages: every article is linked from a non-article.
    linked = "".join(portal.page_text(p) for p in portal.non_articles)
    for g in portal.articles:
        assert f'href="{g.url}' in linked, g.url


def test_bodies_pairwise_distinct() -> None:
    bodies = [(p.name, url, shingles(text)) for p in PORTALS for url, text in p.bodies.items()]
    assert len(bodies) == 270
    worst = max(
        (overlap(a, b), na + ua, nb + ub)
        for (na, ua, a), (nb, ub, b) in itertools.combinations(bodies, 2)
    )
    print(f"\nlargest 5-shingle overlap between two article bodies: {worst[0]:.3f}")
    assert worst[0] < 0.30, worst


def _get(url: str, method: str = "GET") -> tuple[int, bytes]:
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.read()


@pytest.mark.e2e  # serves the portal on 127.0.0.1
@pytest.mark.parametrize("portal", PORTALS, ids=IDS)
def test_every_gold_url_is_served(portal: Portal) -> None:
    with serve(portal.routes) as srv:
        for path in [g.url for g in portal.articles] + portal.non_articles + ["/robots.txt"]:
            status, body = _get(srv.url(path))
            assert status == 200, path
            assert b"__ORIGIN__" not in body
        assert _get(srv.url(portal.start_path), "HEAD") == (200, b"")
        assert _get(srv.url("/khong-ton-tai-trang-nay.html"))[0] == 404
        log = srv.log.snapshot()
    assert log[-1][1:] == ("GET", "/khong-ton-tai-trang-nay.html", 404)
    assert len(log) == len(portal.articles) + len(portal.non_articles) + 3


def test_robots_txt_variants() -> None:
    robots = {p.name: p.routes["/robots.txt"][2].decode() for p in PORTALS}
    assert sum("Sitemap:" in r for r in robots.values()) >= 4
    assert sum("Crawl-delay: 2" in r for r in robots.values()) == 1


def test_legacy_portal_is_windows_1258() -> None:
    legacy = next(p for p in PORTALS if p.family == "legacy_php")
    g = legacy.articles[0]
    raw = legacy.routes[g.url][2]
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert legacy.charset_of(g.url) == "windows-1258"
    titles = {
        re.search(rb"<title>(.*?)</title>", legacy.routes[a.url][2]).group(1)
        for a in legacy.articles
    }  # type: ignore[union-attr]
    assert len(titles) == 1


@pytest.mark.parametrize("portal", PORTALS, ids=IDS)
def test_aliases_are_other_urls_of_gold_articles(portal: Portal) -> None:
    gold = {g.url for g in portal.articles}
    for alias, target in portal.aliases.items():
        assert target in gold
        assert alias not in gold and alias not in portal.non_articles
        assert portal.routes[alias][0] == 200
        assert portal.articles[0].body_must[0] in portal.page_text(portal.articles[0].url)
