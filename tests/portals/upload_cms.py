"""An "/upload/" CMS portal (family E, Hưng Yên style): listings ``...-c21072-N.html`` whose
"next" link never ends (pages past the last repeat it), a tag page, a work-calendar that pages by
date forever, articles with view-counter ``div.author``, an RSS feed."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from portals import furniture
from portals.base import Article, FixturePortal, Hit, Reply, corpus, robots, rss

LISTING = "/chuyen-muc-chi-dao-dieu-hanh-c21072"
PER_PAGE = 8
STYLE = furniture.Style(
    "hungyen", menu_class="menu-list", item_class="menu-item has-child", sub_class="menu-child",
    box_class="block-news", title_tag="h3", title_class="block-title", date_class="article-date", dated="{day}",
)  # fmt: skip
SECTIONS = [(f"{LISTING}-1.html", "Chỉ đạo điều hành"), ("/", "Tin tức - Sự kiện")]


def aside(portal: FixturePortal | None) -> str:
    """The right column: "Tin mới", "Tin đọc nhiều", agencies, poll, counter."""
    if portal is None:
        return ""
    newest = furniture.headline_items(furniture.front(portal), lambda a: a.path, STYLE)
    read = furniture.headline_items(
        furniture.most_read(portal), lambda a: a.path, STYLE, dated=False
    )
    return (f'<div class="col-right">{furniture.box(STYLE, "Tin mới", f"<ul>{newest}</ul>", "box-hot-news")}'
            f'{furniture.box(STYLE, "Tin đọc nhiều", f"<ul>{read}</ul>", "box-most-view")}'
            f"{furniture.agencies(STYLE)}{furniture.poll(STYLE)}{furniture.counter(STYLE, '36.904.512')}</div>")  # fmt: skip


def page(title: str, main: str, portal: FixturePortal | None = None) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)} - Cổng TTĐT tỉnh Hưng Yên</title>
<link rel="alternate" type="application/rss+xml" href="/rss/chi-dao-dieu-hanh.rss"></head><body>
<header class="header"><div class="current-date">Thứ hai, 03/11/2025</div><img src="/upload/1000079/20240622/logo_ab12.png"></header>
<nav class="main-menu"><a href="/">Trang chủ</a> <a href="{LISTING}-1.html">Chỉ đạo điều hành</a>
<a href="/lich-cong-tac?date=2025-11-03">Lịch công tác</a> <a href="/lien-he.html">Liên hệ</a>{furniture.mega_menu(STYLE, SECTIONS)}</nav>
<div class="breadcrumbs"><a href="/">Trang chủ</a> <a href="{LISTING}-1.html">Chỉ đạo điều hành</a></div>
<div class="container"><div class="col-main">{main}</div>{aside(portal)}</div>
<footer class="footer">{furniture.footer_menu(SECTIONS, "hungyen")}Cơ quan chủ quản: UBND tỉnh Hưng Yên. <a href="/noi-bo/">Nội bộ</a>
<div class="visitor">Tổng truy cập: 36.904.512</div></footer></body></html>"""


def listing(portal: FixturePortal, hit: Hit) -> Reply | None:
    if not (hit.path.startswith(LISTING + "-") and hit.path.endswith(".html")) and hit.path != "/":
        return None
    number = int(hit.path[len(LISTING) + 1 : -5]) if hit.path != "/" else 1
    last = -(-len(portal.articles) // PER_PAGE)
    shown = portal.articles[(min(number, last) - 1) * PER_PAGE : min(number, last) * PER_PAGE]
    items = "".join(
        f'<div class="item-new"><a class="article-title common-title" href="{a.path}">{escape(a.title)}</a>'
        f'<span class="article-date">{a.day}</span><div class="article-brief">{escape(a.lead)}</div></div>'
        for a in shown
    )
    pager = f'<div class="wrapper-pagination"><a class="next-pages" href="{LISTING}-{number + 1}.html">Trang sau</a></div>'
    return Reply(page("Chỉ đạo điều hành", f"<h1>Chỉ đạo điều hành</h1>{items}{pager}", portal))


def calendar(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path != "/lich-cong-tac":
        return None
    day = date.fromisoformat(hit.arg("date", "2025-11-03"))
    links = " ".join(
        f'<a href="/lich-cong-tac?date={d.isoformat()}">{d:%d/%m/%Y}</a>'
        for d in (day - timedelta(7), day + timedelta(7))
    )
    return Reply(
        page(
            "Lịch công tác",
            f"<h1>Lịch công tác tuần {day:%d/%m/%Y}</h1><p>Thứ Hai: họp giao ban.</p>{links}",
        )
    )


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    found = next((a for a in portal.articles if a.path == hit.path), None)
    if found is None:
        return None
    related = "".join(
        f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in portal.articles[:4]
    )
    others = furniture.headline_items(furniture.front(portal, found), lambda a: a.path, STYLE)
    main = f"""<article class="news-detail-layout-type-2"><h1 class="title-detail">{escape(found.title)}</h1>
<div class="post-meta"><span class="post-date">Thứ năm, {found.day} | 10:31 | Lượt xem: 426</span><div class="author">Lượt xem: 1.203</div></div>
<div class="article-brief">{escape(found.lead)}</div><div class="content-detail">{found.body_html}</div>
{attachments(found)}
<div class="relatedArticles"><h3>Tin liên quan</h3><ul>{related}</ul></div>
<div class="tags"><a href="/tag/chuyen-doi-so.html">chuyển đổi số</a></div>
<div class="block_share">{furniture.share_bar(found.path, "network-share")}</div>
<div class="list-news-other"><h3>Tin cùng chuyên mục</h3><ul>{others}</ul></div></article>"""
    return Reply(page(found.title, main, portal))


def attachments(article: Article) -> str:
    """Every third article attaches documents, the three ways family E links them."""
    if article.id % 3:
        return ""
    upload = f"/upload/1000079/20240622/QD-{article.id}-UBND"
    return f"""<div class="attachments">Tệp đính kèm:
<a class="link-download" href="{upload}.pdf">Quyết định số {article.id}/QĐ-UBND</a>
<a href="javascript:void(0)" onclick="downloadFile('{article.id}','{upload}-PL1.docx')">Phụ lục 1</a>
<iframe src="/3rdparty/pdfjs/web/viewer.html?file={upload}.pdf"></iframe></div>"""


def document(hit: Hit) -> Reply | None:
    if not hit.path.startswith("/upload/"):
        return None
    return Reply(
        b"%PDF-1.4\n% fixture document " + hit.path.encode() + b"\n%%EOF\n",
        content_type="application/pdf",
    )


def tag(portal: FixturePortal, hit: Hit) -> Reply | None:
    if not hit.path.startswith("/tag/"):
        return None
    items = "".join(
        f'<div class="item-new"><a class="article-title" href="{a.path}">{escape(a.title)}</a></div>'
        for a in portal.articles[:10]
    )
    return Reply(page("Từ khóa", f"<h1>Từ khóa: chuyển đổi số</h1>{items}"))


def build() -> FixturePortal:
    articles: list[Article] = corpus()
    for number, item in enumerate(articles):
        item.path = f"/bai-viet-so-{number + 1}-{item.id}.html"
    portal = FixturePortal("upload_cms", articles, [], trap_prefixes=("/lich-cong-tac",))
    portal.routes = [
        lambda h: robots(portal.base_url) if h.path == "/robots.txt" else None,
        lambda h: rss(portal.base_url, articles[:8]) if h.path.endswith(".rss") else None,
        lambda h: article(portal, h),
        lambda h: document(h),
        lambda h: listing(portal, h),
        lambda h: calendar(portal, h),
        lambda h: tag(portal, h),
        lambda h: Reply(page("Liên hệ", "<h1>Liên hệ</h1><p>Số 10 Chùa Chuông, Hưng Yên</p>")) if h.path == "/lien-he.html" else None,
    ]  # fmt: skip
    return portal
