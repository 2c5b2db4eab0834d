"""A WordPress centre site: ``/category/tin-tuc/page/N/`` listings, dated permalinks, a sitemap
index of sub-sitemaps, an RSS feed, comment-reply and login links, tag pages."""

from __future__ import annotations

from html import escape

from portals.base import Article, FixturePortal, Hit, Reply, corpus, robots, rss, urlset

LISTING = "/category/tin-tuc"
PER_PAGE = 10


def page(title: str, main: str) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="generator" content="WordPress 6.4.2">
<title>{escape(title)} – Trung tâm Ứng dụng tiến bộ KH&amp;CN</title><link rel="stylesheet" href="/wp-content/themes/gov/style.css">
<link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>
<header class="site-header"><a href="/">TRUNG TÂM ỨNG DỤNG TIẾN BỘ KH&amp;CN</a></header>
<nav class="main-navigation"><a href="/">Trang chủ</a> <a href="{LISTING}/">Tin tức</a> <a href="/wp-login.php">Đăng nhập</a></nav>
<main id="main">{main}</main><footer class="site-footer">Đà Lạt, Lâm Đồng. <a href="/noi-bo/">Nội bộ</a></footer></body></html>"""


def listing(portal: FixturePortal, hit: Hit) -> Reply | None:
    if not (hit.path == "/" or hit.path.startswith(LISTING)):
        return None
    tail = hit.path[len(LISTING) :].strip("/") if hit.path.startswith(LISTING) else ""
    number = int(tail.split("/")[-1]) if tail.startswith("page/") else 1
    shown = portal.articles[(number - 1) * PER_PAGE : number * PER_PAGE]
    if not shown:
        return None
    posts = "".join(
        f'<article class="post"><h2 class="entry-title"><a href="{a.path}">{escape(a.title)}</a></h2>'
        f'<time class="entry-date">{a.day}</time><div class="entry-summary">{escape(a.lead)}</div></article>'
        for a in shown
    )
    older = (
        f'<a class="next page-numbers" href="{LISTING}/page/{number + 1}/">Cũ hơn</a>'
        if number * PER_PAGE < len(portal.articles)
        else ""
    )
    return Reply(page("Tin tức", f"{posts}<nav class='pagination'>{older}</nav>"))


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    found = next((a for a in portal.articles if a.path == hit.path.rstrip("/") + "/"), None)
    if found is None:
        return None
    main = f"""<article class="post"><h1 class="entry-title">{escape(found.title)}</h1>
<time class="entry-date published" datetime="{found.published.isoformat()}+07:00">{found.day}</time>
<div class="entry-content"><p>{escape(found.lead)}</p>{found.body_html}</div>
<div class="tags-links"><a href="/tag/khoa-hoc/">khoa học</a></div>
<div id="comments"><a href="{found.path}?replytocom=12#respond">Trả lời</a></div></article>"""
    return Reply(page(found.title, main))


def build() -> FixturePortal:
    articles: list[Article] = corpus()
    for number, item in enumerate(articles):
        item.path = f"/{item.published:%Y/%m/%d}/bai-viet-so-{number + 1}/"
    portal = FixturePortal("wordpress", articles, [], trap_prefixes=("/wp-login.php",))
    index = '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{base}/post-sitemap.xml</loc></sitemap></sitemapindex>'
    portal.routes = [
        lambda h: robots(portal.base_url, extra="Disallow: /wp-admin/") if h.path == "/robots.txt" else None,
        lambda h: Reply(index.replace("{base}", portal.base_url), content_type="application/xml") if h.path == "/sitemap.xml" else None,
        lambda h: urlset(portal.base_url, [a.path for a in articles]) if h.path == "/post-sitemap.xml" else None,
        lambda h: rss(portal.base_url, articles[:10]) if h.path == "/feed/" else None,
        lambda h: article(portal, h),
        lambda h: listing(portal, h),
        lambda h: Reply(page("khoa học", "".join(f'<h2><a href="{a.path}">{escape(a.title)}</a></h2>' for a in articles[:8]))) if h.path.startswith("/tag/") else None,
    ]  # fmt: skip
    return portal
