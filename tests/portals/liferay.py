"""A Liferay 7 provincial portal: Asset Publisher listing paged by ``_cur``, ``redirect=`` on
every content link, an RSS feed, language switches that nest (``/en/vi/...``)."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from portals import furniture
from portals.base import Article, FixturePortal, Hit, Reply, corpus, robots, rss, urlset

NS = "_com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_AbC123xyZ9Qp"
LISTING = "/web/guest/tin-tuc"
PER_PAGE = 8
STYLE = furniture.Style(
    "bacgiang", menu_class="nav navbar-nav", item_class="lfr-nav-item dropdown",
    sub_class="dropdown-menu child-menu", box_class="portlet-boundary portlet-asset-publisher",
    title_tag="h2", title_class="portlet-title", date_class="assetPublishDate", dated="{day}",
)  # fmt: skip
SECTIONS = [
    (LISTING, "Tin tức - Sự kiện"),
    ("/web/guest/home", "Tin tổng hợp"),
    (LISTING, "Chỉ đạo điều hành"),
]


def page(title: str, main: str, path: str, portal: FixturePortal | None = None) -> str:
    """The Liferay theme: banner, mega menu, breadcrumb, the portlet column and a right column
    of Asset Publisher portlets (newest, most read), agency links, poll, counter, footer."""
    side = ""
    if portal is not None:
        link = lambda a: content_link(a, LISTING)  # noqa: E731
        side = (
            furniture.box(STYLE, "Tin mới", f'<ul class="list-news">{furniture.headline_items(furniture.front(portal), link, STYLE)}</ul>')
            + furniture.box(STYLE, "Tin đọc nhiều", f"<ol>{furniture.headline_items(furniture.most_read(portal), link, STYLE, dated=False)}</ol>")
            + furniture.agencies(STYLE) + furniture.poll(STYLE) + furniture.counter(STYLE, "48.215.337")
        )  # fmt: skip
    languages = f'<a href="/en{path}">English</a> <a href="/vi{path}">Tiếng Việt</a>'
    return f"""<!DOCTYPE html><html class="aui ltr" lang="vi"><head><meta charset="utf-8">
<title>{escape(title)} - Cổng thông tin điện tử tỉnh Bắc Giang</title>
<link rel="alternate" type="application/rss+xml" href="{LISTING}/-/asset_publisher/AbC123xyZ9Qp/rss">
<script>var Liferay = {{ThemeDisplay: {{getLanguageId: function() {{ return 'vi_VN'; }}}}}};</script></head>
<body><header id="banner"><div class="top-date">Thứ Bảy, 04/04/2026</div>
<div class="language-switch">{languages}</div><h1 class="site-title">Cổng thông tin điện tử tỉnh Bắc Giang</h1>
<nav id="navigation"><ul><li><a href="/web/guest/home">Trang chủ</a></li><li><a href="{LISTING}">Tin tức</a></li>
<li><a href="/web/guest/lien-he">Liên hệ</a></li><li><a href="/web/guest/tim-kiem?q=">Tìm kiếm</a></li>
<li><a href="/c/portal/login?p_l_id=20181">Đăng nhập</a></li></ul>{furniture.mega_menu(STYLE, SECTIONS, home="/web/guest/home")}</nav></header>
<ul class="breadcrumb breadcrumb-horizontal"><li><a href="/web/guest/home">Trang chủ</a></li><li><a href="{LISTING}">Tin tức - Sự kiện</a></li></ul>
<div id="content" class="columns-1-2"><div class="portlet-column span9">{main}</div><div class="portlet-column span3">{side}</div></div>
<footer id="footer"><div class="lien-ket-website"><select><option>Cổng TTĐT Chính phủ</option></select></div>
{furniture.footer_menu(SECTIONS, "bacgiang")}<p>Cơ quan chủ quản: UBND tỉnh Bắc Giang. <a href="/noi-bo/tai-lieu">Tài liệu nội bộ</a>
<a href="/web/guest/trang-da-xoa">Trang cũ</a></p><div class="counter">Tổng truy cập: 48.215.337</div></footer></body></html>"""


def content_link(article: Article, listing_url: str) -> str:
    return f"{article.path}?redirect={quote(listing_url, safe='')}&inheritRedirect=true"


def listing(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path not in (LISTING, "/web/guest/home", "/"):
        return None
    current = int(hit.arg(f"{NS}_cur", "1") or 1)
    shown = portal.articles[(current - 1) * PER_PAGE : current * PER_PAGE]
    here = f"{LISTING}?p_p_id={NS[1:]}&p_p_lifecycle=0&{NS}_delta={PER_PAGE}&{NS}_cur={current}"
    items = "".join(
        f"""<div class="asset-abstract"><h3 class="asset-title"><a href="{escape(content_link(a, here))}">{escape(a.title)}</a></h3>
<div class="assetPublishDate block_timer">{a.day} | 10:36 PM</div><div class="asset-summary">{escape(a.lead)}</div></div>"""
        for a in shown
    )
    pages = -(-len(portal.articles) // PER_PAGE)
    pager = "".join(
        f'<li><a href="{LISTING}?p_p_id={NS[1:]}&amp;p_p_lifecycle=0&amp;{NS}_delta={PER_PAGE}&amp;{NS}_cur={n}">{n}</a></li>'
        for n in range(1, pages + 1)
    )
    main = f'<div class="portlet-asset-publisher"><h2>Tin tức - Sự kiện</h2>{items}<ul class="pager lfr-pagination-buttons">{pager}</ul></div>'
    return Reply(page("Tin tức", main, hit.path, portal))


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    found = next((a for a in portal.articles if a.path == hit.path), None)
    if found is None:
        return None
    others = "".join(
        f'<li><a href="{escape(content_link(a, LISTING))}">{escape(a.title)}</a> ({a.day})</li>'
        for a in portal.articles[:6] if a is not found
    )  # fmt: skip
    same = furniture.headline_items(
        furniture.front(portal, found), lambda a: content_link(a, LISTING), STYLE
    )
    main = f"""<div class="journal-content-article"><h1 class="title-detail">{escape(found.title)}</h1>
<div class="assetPublishDate">{found.day} | 04:15 PM</div><p><strong>{escape(found.lead)}</strong></p>{found.body_html}</div>
{furniture.share_bar(found.path, "social-bookmarks taglib-social-bookmarks")}
<div class="other-news"><h3>Các tin đã đưa</h3><ul>{others}</ul></div>
<div class="portlet-boundary"><h2 class="portlet-title">Tin cùng chuyên mục</h2><ul class="list-news">{same}</ul></div>"""
    return Reply(page(found.title, main, hit.path, portal))


def language_mirror(portal: FixturePortal, hit: Hit) -> Reply | None:
    """/en/..., /vi/... copies of any page, whose language links nest one level deeper."""
    segments = hit.path.split("/")
    if len(segments) > 2 and segments[1] in ("en", "vi"):
        inner = "/" + "/".join(segments[2:])
        copy = Hit(hit.method, inner, hit.query, hit.form, hit.host)
        reply = article(portal, copy) or listing(portal, copy)
        if reply is not None:
            return Reply(str(reply.body).replace('href="/en/', f'href="/en/{segments[1]}/'))
    return None


def build(articles: list[Article] | None = None) -> FixturePortal:
    articles = corpus() if articles is None else articles
    for number, item in enumerate(articles):
        item.path = (
            f"{LISTING}/-/asset_publisher/AbC123xyZ9Qp/content/bai-viet-so-{number + 1}-{item.id}"
        )
    portal = FixturePortal("liferay", articles, [], trap_prefixes=("/en/", "/vi/"))
    portal.routes = [
        lambda h: robots(portal.base_url) if h.path == "/robots.txt" else None,
        lambda h: urlset(portal.base_url, [LISTING]) if h.path == "/sitemap.xml" else None,
        lambda h: rss(portal.base_url, articles[:10]) if h.path.endswith("/rss") else None,
        lambda h: language_mirror(portal, h),
        lambda h: article(portal, h),
        lambda h: listing(portal, h),
        lambda h: Reply(page("Liên hệ", "<h1>Liên hệ</h1><p>Số 82 Hùng Vương, TP Bắc Giang. ĐT: 0204.3854.375</p><form><textarea></textarea></form>", h.path)) if h.path.endswith("/lien-he") else None,
    ]  # fmt: skip
    return portal
