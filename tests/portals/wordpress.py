"""A WordPress centre site: ``/category/tin-tuc/page/N/`` listings, dated permalinks, a sitemap
index of sub-sitemaps, an RSS feed, comment-reply and login links, tag pages."""

from __future__ import annotations

from html import escape

from portals import furniture
from portals.base import Article, FixturePortal, Hit, Reply, corpus, robots, rss, urlset

LISTING = "/category/tin-tuc"
PER_PAGE = 10
STYLE = furniture.Style(
    "lamdong", menu_class="menu nav-menu", item_class="menu-item menu-item-has-children",
    sub_class="sub-menu", box_class="widget", title_tag="h2", title_class="widget-title",
    date_class="post-date", dated="{day}",
)  # fmt: skip
SECTIONS = [(f"{LISTING}/", "Tin tức"), ("/", "Hoạt động của Trung tâm")]


def sidebar(portal: FixturePortal | None) -> str:
    """The theme's widget area: recent posts, most read, links, poll, counter."""
    if portal is None:
        return ""
    recent = furniture.headline_items(furniture.front(portal), lambda a: a.path, STYLE)
    read = furniture.headline_items(
        furniture.most_read(portal), lambda a: a.path, STYLE, dated=False
    )
    return (f'<aside id="secondary" class="widget-area">{furniture.box(STYLE, "Bài viết mới", f"<ul>{recent}</ul>", "widget_recent_entries")}'
            f'{furniture.box(STYLE, "Xem nhiều", f"<ul>{read}</ul>", "widget_top-posts")}'
            f"{furniture.agencies(STYLE, 'widget_links')}{furniture.poll(STYLE, 'wp-poll')}{furniture.counter(STYLE, '402.118')}</aside>")  # fmt: skip


def page(title: str, main: str, portal: FixturePortal | None = None) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="generator" content="WordPress 6.4.2">
<title>{escape(title)} – Trung tâm Ứng dụng tiến bộ KH&amp;CN</title><link rel="stylesheet" href="/wp-content/themes/gov/style.css">
<link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>
<header class="site-header"><a href="/">TRUNG TÂM ỨNG DỤNG TIẾN BỘ KH&amp;CN</a></header>
<nav class="main-navigation"><a href="/">Trang chủ</a> <a href="{LISTING}/">Tin tức</a> <a href="/wp-login.php">Đăng nhập</a>{furniture.mega_menu(STYLE, SECTIONS)}</nav>
<main id="main">{main}</main>{sidebar(portal)}<footer class="site-footer">{furniture.footer_menu(SECTIONS, "lamdong")}Đà Lạt, Lâm Đồng. <a href="/noi-bo/">Nội bộ</a></footer></body></html>"""


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
    return Reply(page("Tin tức", f"{posts}<nav class='pagination'>{older}</nav>", portal))


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    found = next((a for a in portal.articles if a.path == hit.path.rstrip("/") + "/"), None)
    if found is None:
        return None
    related = furniture.headline_items(furniture.front(portal, found), lambda a: a.path, STYLE)
    main = f"""<article class="post"><h1 class="entry-title">{escape(found.title)}</h1>
<time class="entry-date published" datetime="{found.published.isoformat()}+07:00">{found.day}</time>
<div class="entry-content"><p>{escape(found.lead)}</p>{found.body_html}</div>
<div class="tags-links"><a href="/tag/khoa-hoc/">khoa học</a></div>
{furniture.share_bar(found.path, "sharedaddy sd-sharing-enabled")}
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Bài viết liên quan</em></h3><ul>{related}</ul></div>
<div id="comments"><a href="{found.path}?replytocom=12#respond">Trả lời</a></div></article>"""
    return Reply(page(found.title, main, portal))


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
