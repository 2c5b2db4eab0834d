"""A DesktopModule-family department site: listings whose pages 2+ come only from an AJAX POST to
``LoadArticle`` (parameters in page 1's script), one category whose parameters are encrypted
(its older articles reachable only through the sitemap), a sitemap."""

from __future__ import annotations

from html import escape

from govcrawl.platforms.desktopmodule import ENDPOINT
from portals import furniture
from portals.base import Article, FixturePortal, Hit, Reply, corpus, robots, urlset

PER_PAGE = 8
OPEN, SEALED = "tin-hoat-dong", "thong-bao"
STYLE = furniture.Style(
    "ninhbinh", menu_class="UIMenu_Default menu-root", item_class="MenuItem", sub_class="SubMenu",
    box_class="UIListNews_Default", title_class="HeaderTitle", date_class="Ngaydang", dated="{day}",
)  # fmt: skip
SECTIONS = [(f"/{OPEN}", "Tin hoạt động"), (f"/{SEALED}", "Thông báo")]


def sidebar(portal: FixturePortal | None) -> str:
    """The right column: "Tin mới", "Xem nhiều", agencies, poll, counter."""
    if portal is None:
        return ""
    items = lambda chosen: "".join(  # noqa: E731
        f'<div class="item"><a href="{a.path}">{escape(a.title)}</a> <div class="Ngaydang">{a.day}</div></div>'
        for a in chosen
    )
    return (f'<div class="col-right">{furniture.box(STYLE, "Tin mới", items(furniture.front(portal)))}'
            f'{furniture.box(STYLE, "Tin xem nhiều", items(furniture.most_read(portal)))}'
            f"{furniture.agencies(STYLE)}{furniture.poll(STYLE)}{furniture.counter(STYLE, '2.031.877')}</div>")  # fmt: skip


def page(title: str, main: str, portal: FixturePortal | None = None) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)} - Sở KH&amp;CN Ninh Bình</title></head>
<body><div class="header"><a href="/">SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH NINH BÌNH</a></div>
<div class="menu"><a href="/">Trang chủ</a> <a href="/{OPEN}">Tin hoạt động</a> <a href="/{SEALED}">Thông báo</a>
<a href="/lien-he">Liên hệ</a>{furniture.mega_menu(STYLE, SECTIONS)}</div>
<div class="BreadCrumb"><a href="/">Trang chủ</a> / <a href="/{OPEN}">Tin hoạt động</a></div><div class="main">{main}</div>{sidebar(portal)}
<div class="footer">{furniture.footer_menu(SECTIONS, "ninhbinh")}Số 2 Lê Hồng Phong, TP Ninh Bình. <a href="/noi-bo/van-thu">Văn thư nội bộ</a></div></body></html>"""


def items(articles: list[Article]) -> str:
    return "".join(
        f'<li class="row"><h2 class="Title"><a href="{a.path}">{escape(a.title)}</a></h2>'
        f'<div class="Ngaydang">{a.day}</div><p>{escape(a.lead)}</p></li>'
        for a in articles
    )


def in_category(portal: FixturePortal, slug: str) -> list[Article]:
    return [a for a in portal.articles if a.path.startswith(f"/{slug}/")]


def listing(portal: FixturePortal, hit: Hit) -> Reply | None:
    slug = hit.path.strip("/") or OPEN
    if slug not in (OPEN, SEALED):
        return None
    articles = in_category(portal, slug)
    pages = -(-len(articles) // PER_PAGE)
    ids = ("1234", "12") if slug == OPEN else ("'nMSbbZ2pR0Qx'", "'TwNsaMrfVrU='")
    script = f"""<script>var article_category_id = {ids[0]}; var categoryIds = {ids[0]}; var site_id = {ids[1]};
var page_size = {PER_PAGE}; var maxPage = parseInt('{pages}'); function LoadArticle(page) {{ /* POST {ENDPOINT} */ }}</script>"""
    main = f"""<div class="UIArticleInMenu_Default"><h1>{slug}</h1><ul class="ArticleList">{items(articles[:PER_PAGE])}</ul>
<div class="pager"><a href="javascript:LoadArticle(2)">Trang sau</a></div></div>{script}"""
    return Reply(page(slug, main, portal))


def ajax(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path != ENDPOINT or hit.method != "POST" or hit.arg("article_category_id") != "1234":
        return None
    number = int(hit.arg("page", "1"))
    shown = in_category(portal, OPEN)[(number - 1) * PER_PAGE : number * PER_PAGE]
    return Reply(f'<ul class="ArticleList">{items(shown)}</ul>')


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    found = next((a for a in portal.articles if a.path == hit.path), None)
    if found is None:
        return None
    main = f"""<div class="ArticleDetailControl"><div class="ArticleHeader">{escape(found.title)}</div>
<div class="PostDate">{found.day} - 09:45</div><div class="ArticleSummary">{escape(found.lead)}</div>
<div class="ArticleContent">{found.body_html}</div><div class="tool"><a href="#">In bài</a></div>
<div class="UISocialShare">{furniture.share_bar(found.path)}</div>
<p><strong>Tin liên quan</strong></p><ul>{furniture.headline_items(furniture.front(portal, found), lambda a: a.path, STYLE)}</ul></div>"""
    return Reply(page(found.title, main, portal))


def build(articles: list[Article] | None = None) -> FixturePortal:
    articles = corpus() if articles is None else articles
    for number, item in enumerate(articles):
        slug = OPEN if number % 4 else SEALED  # 24 open, 8 sealed
        item.path = f"/{slug}/bai-viet-so-{number + 1}-{item.id}"
    portal = FixturePortal("desktopmodule", articles, [])
    sealed = [a.path for a in articles if a.path.startswith(f"/{SEALED}/")]
    portal.routes = [
        lambda h: robots(portal.base_url) if h.path == "/robots.txt" else None,
        lambda h: urlset(portal.base_url, sealed) if h.path == "/sitemap.xml" else None,
        lambda h: ajax(portal, h),
        lambda h: article(portal, h),
        lambda h: listing(portal, h),
        lambda h: Reply(page("Liên hệ", "<h1>Liên hệ</h1><p>ĐT: 0229.3871.123</p>")) if h.path == "/lien-he" else None,
    ]  # fmt: skip
    return portal
