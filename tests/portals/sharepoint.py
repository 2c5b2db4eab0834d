"""A SharePoint department sub-site (``/sites/skhcn/``) of a provincial portal: a GridView listing
paged only by ASP.NET postbacks, ``ChiTietTinTuc.aspx?nid=`` articles, a sister sub-site out of
scope, ``_layouts`` login links, robots.txt with a Crawl-delay, no sitemap."""

from __future__ import annotations

import base64
from html import escape

from portals import furniture
from portals.base import Article, FixturePortal, Hit, Reply, corpus, robots

SITE = "/sites/skhcn"
LISTING = f"{SITE}/Trang/TinTuc.aspx"
PER_PAGE = 8
GRID = "ctl00$m$g_4f1d2c9a_77b0_4e11_9a3c_2b1e8f0c5d6e$gView"
STYLE = furniture.Style(
    "lamdong", menu_class="root ms-core-listMenu-root static", item_class="static dynamic-children",
    sub_class="dynamic", box_class="ms-webpart-chrome ms-webpart-chrome-vertical",
    title_tag="h2", title_class="ms-webpart-titleText", date_class="tandan-span-date", dated="- {day}",
)  # fmt: skip
SECTIONS = [(LISTING, "Tin tức - Sự kiện"), (f"{SITE}/SitePages/Home.aspx", "Tin hoạt động của Sở")]


def zones(portal: FixturePortal) -> str:
    """The right web part zone: newest and most read news, agencies, poll, counter."""
    newest = furniture.headline_items(furniture.front(portal), lambda a: a.path, STYLE)
    read = furniture.headline_items(
        furniture.most_read(portal), lambda a: a.path, STYLE, dated=False
    )
    return (f'<div class="ms-webpart-zone ms-fullWidth">{furniture.box(STYLE, "Tin mới", f"<ul>{newest}</ul>")}'
            f'{furniture.box(STYLE, "Đọc nhiều", f"<ul>{read}</ul>")}{furniture.agencies(STYLE)}'
            f'{furniture.poll(STYLE)}{furniture.counter(STYLE, "3.902.114")}</div>')  # fmt: skip


def page(title: str, main: str, form: bool = False, portal: FixturePortal | None = None) -> str:
    side = zones(portal) if portal is not None else ""
    body = (
        f"""<form method="post" action="{LISTING}" id="aspnetForm">{main}</form>"""
        if form
        else main
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)} - Sở Khoa học và Công nghệ tỉnh Lâm Đồng</title>
<meta name="GENERATOR" content="Microsoft SharePoint"><script>var _spPageContextInfo = {{webServerRelativeUrl: "{SITE}"}};</script></head>
<body><div id="s4-workspace"><div class="ms-dialog-nr header"><a href="{SITE}/SitePages/Home.aspx">SỞ KHOA HỌC VÀ CÔNG NGHỆ</a>
<a href="/_layouts/15/Authenticate.aspx?Source=%2Fsites%2Fskhcn">Đăng nhập</a> <a href="/sites/stttt/SitePages/Home.aspx">Sở TT&amp;TT</a></div>
<div class="menu"><a href="{SITE}/SitePages/Home.aspx">Trang chủ</a> <a href="{LISTING}">Tin tức</a>
<a href="{SITE}/Lists/TinTuc/Forms/AllItems.aspx">Danh sách</a> <a href="{SITE}/Trang/LienHe.aspx">Liên hệ</a>
<div id="zz1_TopNavigationMenu" class="ms-core-listMenu-horizontalBox">{furniture.mega_menu(STYLE, SECTIONS, home=f"{SITE}/SitePages/Home.aspx")}</div></div>
<div class="ms-breadcrumb-box"><a href="{SITE}/SitePages/Home.aspx">Trang chủ</a> &gt; <a href="{LISTING}">Tin tức - Sự kiện</a></div>
<div id="ctl00_PlaceHolderMain_ctl00" class="ms-rtestate-field">{body}</div>{side}
<div class="footer">{furniture.footer_menu(SECTIONS, "lamdong")}Sở KH&amp;CN Lâm Đồng, 35 Trần Hưng Đạo, Đà Lạt. <a href="/noi-bo/ho-so">Nội bộ</a></div></div></body></html>"""


def grid(portal: FixturePortal, number: int) -> str:
    shown = portal.articles[(number - 1) * PER_PAGE : number * PER_PAGE]
    rows = "".join(
        f'<tr><td><a href="{a.path}">{escape(a.title)}</a></td><td>{a.day}</td></tr>' for a in shown
    )
    pages = -(-len(portal.articles) // PER_PAGE)
    pager = "".join(
        f"<td><span>{n}</span></td>" if n == number
        else f"<td><a href=\"javascript:__doPostBack('{GRID}','Page${n}')\">{n}</a></td>"
        for n in range(1, pages + 1)
    )  # fmt: skip
    state = base64.b64encode(f"page={number};grid={GRID}".encode()).decode()
    return f"""<input type="hidden" name="__VIEWSTATE" value="{state}"><input type="hidden" name="__EVENTVALIDATION" value="EV{number}">
<input type="hidden" name="__EVENTTARGET" value=""><input type="hidden" name="__EVENTARGUMENT" value="">
<h2>Tin tức - Sự kiện</h2><table class="ms-listviewtable"><tbody>{rows}</tbody></table><table class="Paging"><tr>{pager}</tr></table>"""


def listing(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path not in (LISTING, f"{SITE}/SitePages/Home.aspx"):
        return None
    number = 1
    if hit.method == "POST" and hit.arg("__EVENTTARGET") == GRID:
        number = int(hit.arg("__EVENTARGUMENT", "Page$1").split("$")[1])
    return Reply(page("Tin tức", grid(portal, number), form=True, portal=portal))


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path != f"{SITE}/Trang/ChiTietTinTuc.aspx":
        return None
    found = next((a for a in portal.articles if a.path.endswith(f"nid={hit.arg('nid')}")), None)
    if found is None:
        return None
    main = f"""<div class="tandan-p-article-news-title"><h1>{escape(found.title)}</h1></div>
<span class="tandan-span-date-publish">Đăng ngày: {found.day} 08:15</span>
<div class="tandan-p-article-news-summary">{escape(found.lead)}</div><div class="tandan-p-article-main">{found.body_html}</div>
{furniture.share_bar(found.path, "td-share")}
<div class="tandan-div-article-other"><h3>Tin khác</h3>{"".join(f'<a href="{a.path}">{escape(a.title)}</a>' for a in portal.articles[:5])}</div>
<div class="tandan-div-article-other"><h3>Tin cùng chuyên mục</h3><ul>{furniture.headline_items(furniture.front(portal, found), lambda a: a.path, STYLE)}</ul></div>"""
    return Reply(page(found.title, main, portal=portal))


def build() -> FixturePortal:
    articles: list[Article] = corpus()
    for item in articles:
        item.path = f"{SITE}/Trang/ChiTietTinTuc.aspx?nid={item.id}"
    portal = FixturePortal(
        "sharepoint", articles, [], trap_prefixes=("/_layouts/", "/sites/stttt/")
    )
    portal.start_path = f"{SITE}/SitePages/Home.aspx"
    portal.routes = [
        lambda h: robots(portal.base_url, extra="Crawl-delay: 0.2") if h.path == "/robots.txt" else None,
        lambda h: article(portal, h),
        lambda h: listing(portal, h),
        lambda h: Reply(page("Liên hệ", "<h1>Liên hệ</h1><p>Điện thoại: 0263.3822.425</p><form><textarea></textarea></form>")) if h.path.endswith("LienHe.aspx") else None,
    ]  # fmt: skip
    return portal
