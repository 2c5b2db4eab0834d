"""A custom ASP.NET department site with no CMS markers (the generic profile): a table layout,
articles ``news.aspx?id=N``, the news list ``news.aspx?cat=1`` paged by "Trang tiếp"
(``&page=N``) which is always shown, so pages past the last are empty lists with a next link;
notices on a single page, relative links throughout, a soft 404 for a deleted article, IIS 404
for anything else (no sitemap, no feed)."""

from __future__ import annotations

import re
from html import escape

from portals import furniture
from portals.base import Article, FixturePortal, Hit, Reply, corpus, robots

SITE = "Trung tâm Ứng dụng Khoa học và Công nghệ tỉnh Gia Lai"
PER_PAGE = 10
STYLE = furniture.Style(
    "gialai",
    menu_class="menudoc",
    item_class="menucha",
    sub_class="menucon",
    box_class="box",
    title_class="box-title",
    date_class="ngay",
    dated="({day})",
)
SECTIONS = [
    ("news.aspx?cat=1", "Tin hoạt động"),
    ("thongbao.aspx", "Thông báo"),
    ("default.aspx", "Trang chủ"),
]
IIS_404 = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>404 - File or directory not found.</title></head>
<body><div id="header"><h1>Server Error</h1></div><div id="content"><fieldset><h2>404 - File or directory not found.</h2>
<h3>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</h3></fieldset></div></body></html>"""


def news_id(article: Article) -> int:
    return article.id - 9877  # 123..154


def is_notice(portal: FixturePortal, article: Article) -> bool:
    return portal.articles.index(article) % 4 == 2  # 8 notices, 24 news


def page(portal: FixturePortal, title: str, content: str, action: str) -> str:
    """Table layout from the 2000s: banner, top menu, left column boxes, content, footer."""
    latest = "".join(
        f'<li><a href="news.aspx?id={news_id(a)}">{escape(a.title)}</a></li>'
        for a in portal.articles[:5]
    )
    read = furniture.headline_items(
        furniture.most_read(portal), lambda a: f"news.aspx?id={news_id(a)}", STYLE, dated=False
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{escape(title)}</title><link href="css/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="js/jquery-1.4.2.min.js"></script><script type="text/javascript" src="js/menu.js"></script></head>
<body><form name="form1" method="post" action="{escape(action)}" id="form1">
<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwULLTEyNjM4NTYzNjAPZBYCAgMPZBYCAgEPDxYCHgRUZXh0BQ" /></div>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" class="main">
<tr><td class="banner"><img src="images/banner.jpg" width="1000" height="150" alt="{SITE}" /></td></tr>
<tr><td class="topmenu"><a href="default.aspx">TRANG CHỦ</a> | <a href="news.aspx?cat=1">TIN HOẠT ĐỘNG</a> | <a href="thongbao.aspx">THÔNG BÁO</a> |
<a href="http://vbpl.gialai.gov.vn/">VĂN BẢN</a> | <a href="lienhe.aspx">LIÊN HỆ</a>
<span class="search"><input type="text" name="txtSearch" /><a href="search.aspx">Tìm kiếm</a></span></td></tr>
<tr><td class="marquee"><marquee scrollamount="2">Chào mừng quý khách đến với website {SITE}</marquee></td></tr>
<tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>
<td width="230" valign="top" class="left">
 <div class="box"><div class="box-title">DANH MỤC</div>{furniture.mega_menu(STYLE, SECTIONS, home="default.aspx")}</div>
 <div class="box"><div class="box-title">TIN MỚI NHẤT</div><ul class="list-tin">{latest}</ul></div>
 <div class="box"><div class="box-title">TIN XEM NHIỀU</div><ul class="list-tin">{read}</ul></div>
 {furniture.agencies(STYLE)}{furniture.poll(STYLE, "rdoBinhChon")}
 <div class="box"><div class="box-title">LIÊN KẾT WEBSITE</div><select onchange="window.open(this.value)"><option>--- Chọn ---</option>
 <option value="http://gialai.gov.vn">Cổng TTĐT tỉnh Gia Lai</option><option value="http://www.most.gov.vn">Bộ Khoa học và Công nghệ</option></select></div>
 <div class="box"><div class="box-title">THỐNG KÊ TRUY CẬP</div><p>Đang online: 12<br />Tổng lượt truy cập: 1.023.554</p></div>
 <div class="box"><a href="http://dichvucong.gialai.gov.vn/"><img src="images/dvc.gif" alt="Dịch vụ công trực tuyến" /></a></div>
</td>
<td valign="top" class="content">{content}</td></tr></table></td></tr>
<tr><td class="footer">Cơ quan chủ quản: Sở Khoa học và Công nghệ tỉnh Gia Lai.<br />Địa chỉ: 02 Trần Phú, TP Pleiku, tỉnh Gia Lai.
Điện thoại: 0269.3824.224 - Fax: 0269.3824.226<br />Ghi rõ nguồn khi phát hành lại thông tin từ website này. <a href="/noi-bo/login.aspx">Quản trị</a>{furniture.footer_menu(SECTIONS, "gialai")}</td></tr>
</table></form></body></html>"""


def news_list(portal: FixturePortal, hit: Hit) -> Reply | None:
    """``news.aspx?cat=1[&page=N]``: "Trang tiếp" on every page, even past the last."""
    if hit.path.lower() != "/news.aspx" or hit.arg("id") or hit.arg("cat") != "1":
        return None
    number = max(int(hit.arg("page", "1") or 1), 1)
    news = [a for a in portal.articles if not is_notice(portal, a)]
    shown = news[(number - 1) * PER_PAGE : number * PER_PAGE]
    items = (
        "".join(
            f"""<tr><td class="tin-item"><a href="news.aspx?id={news_id(a)}"><img src="Upload/Images/{a.published:%Y/%m}/{news_id(a)}_s.jpg" width="120" align="left" /></a>
<a class="tieude" href="news.aspx?id={news_id(a)}">{escape(a.title)}</a> <span class="ngay">({a.day})</span><br />{escape(a.lead)}</td></tr>"""
            for a in shown
        )
        or '<tr><td class="thongbao">Không có tin nào trong chuyên mục này.</td></tr>'
    )
    previous = (
        f'<a href="news.aspx?cat=1&amp;page={number - 1}">« Trang trước</a> | '
        if number > 1
        else ""
    )
    content = f"""<div class="path">Trang chủ » Tin hoạt động</div><h1 class="cat-title">TIN HOẠT ĐỘNG</h1>
<table width="100%" class="list">{items}</table>
<div class="phantrang">{previous}<a href="news.aspx?cat=1&amp;page={number + 1}">Trang tiếp »</a></div>"""
    action = f"news.aspx?cat=1{f'&page={number}' if number > 1 else ''}"
    return Reply(page(portal, f"Tin hoạt động - {SITE}", content, action))


def notices(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path.lower() != "/thongbao.aspx":
        return None
    rows = "".join(
        f'<tr><td width="80">{a.day}</td><td><a href="news.aspx?id={news_id(a)}">{escape(a.title)}</a></td></tr>'
        for a in portal.articles
        if is_notice(portal, a)
    )
    content = f'<div class="path">Trang chủ » Thông báo</div><h1 class="cat-title">THÔNG BÁO</h1><table width="100%" class="list">{rows}</table>'
    return Reply(page(portal, f"Thông báo - {SITE}", content, "thongbao.aspx"))


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path.lower() != "/news.aspx" or not hit.arg("id"):
        return None
    found = next((a for a in portal.articles if str(news_id(a)) == hit.arg("id")), None)
    if found is None:
        content = '<div class="thongbao">Tin không tồn tại hoặc đã bị xóa.</div>'
        return Reply(page(portal, SITE, content, f"news.aspx?id={hit.arg('id')}"))
    same = [
        a
        for a in portal.articles
        if is_notice(portal, a) == is_notice(portal, found) and a is not found
    ]
    others = "".join(
        f'<li><a href="news.aspx?id={news_id(a)}">{escape(a.title)}</a> <span>({a.day})</span></li>'
        for a in same[:6]
    )
    if found is portal.articles[4]:
        others += '<li><a href="news.aspx?id=999">Thông báo tuyển dụng viên chức năm 2019</a> <span>(12/07/2019)</span></li>'
    section = "Thông báo" if is_notice(portal, found) else "Tin hoạt động"
    newest = furniture.headline_items(
        furniture.front(portal, found), lambda a: f"news.aspx?id={news_id(a)}", STYLE
    )
    content = f"""<div class="path">Trang chủ » {section}</div><div class="news-detail">
<h1 class="news-title">{escape(found.title)}</h1><div class="news-date">Ngày đăng: {found.published:%d/%m/%Y %H:%M}</div>
<div class="news-sapo"><b>{escape(found.lead)}</b></div><div class="news-content">{found.body_html}</div>
<div class="news-tool"><a href="javascript:window.print()">In bài</a> | <a href="mailto:?subject={escape(found.title)}">Gửi email</a> | <a href="javascript:history.back()">Quay lại</a></div></div>
{furniture.share_bar(f"news.aspx?id={news_id(found)}", "chiase")}
<div class="other-news"><b>Các tin khác:</b><ul>{others}</ul></div>
<div><b>Tin mới đăng:</b><ul>{newest}</ul></div>"""
    return Reply(page(portal, found.title, content, f"news.aspx?id={hit.arg('id')}"))


def home(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path.lower() not in ("/", "/default.aspx"):
        return None
    news = [a for a in portal.articles if not is_notice(portal, a)]
    first, rest = news[0], news[1:6]
    board = [a for a in portal.articles if is_notice(portal, a)][:5]
    content = f"""<div class="tin-noibat"><a href="news.aspx?id={news_id(first)}"><img src="Upload/Images/{first.published:%Y/%m}/{news_id(first)}.jpg" width="300" align="left" /></a>
<a class="tieude" href="news.aspx?id={news_id(first)}">{escape(first.title)}</a><p>{escape(first.lead)}</p></div>
<div class="box-home"><div class="box-title"><a href="news.aspx?cat=1">TIN HOẠT ĐỘNG</a></div><ul>{"".join(f'<li><a href="news.aspx?id={news_id(a)}">{escape(a.title)}</a></li>' for a in rest)}</ul></div>
<div class="box-home"><div class="box-title"><a href="thongbao.aspx">THÔNG BÁO</a></div><ul>{"".join(f'<li><a href="news.aspx?id={news_id(a)}">{escape(a.title)}</a></li>' for a in board)}</ul></div>"""
    return Reply(page(portal, SITE, content, "default.aspx"))


def contact(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path.lower() != "/lienhe.aspx":
        return None
    content = """<h1 class="cat-title">Liên hệ</h1><p>Trung tâm Ứng dụng KH&amp;CN tỉnh Gia Lai, 02 Trần Phú, TP Pleiku.</p>
<table><tr><td>Họ tên:</td><td><input name="txtHoTen" type="text" /></td></tr><tr><td>Nội dung:</td><td><textarea name="txtNoiDung" rows="6" cols="50"></textarea></td></tr></table>
<input type="submit" name="btnGui" value="Gửi" />"""
    return Reply(page(portal, "Liên hệ", content, "lienhe.aspx"))


def build() -> FixturePortal:
    articles = corpus()
    portal = FixturePortal("generic", articles, [])
    for item in articles:
        item.path = f"/news.aspx?id={news_id(item)}"
    last = -(-sum(1 for a in articles if not is_notice(portal, a)) // PER_PAGE)
    # News list pages past the last one, reached only through "Trang tiếp".
    beyond = "|".join(str(n) for n in range(last + 1, 100))
    portal.trap_pattern = re.compile(rf"^/news\.aspx\?cat=1&page=(?:{beyond}|[1-9]\d\d+)(?:&|$)")
    portal.routes = [
        lambda h: robots(portal.base_url, sitemap=False) if h.path == "/robots.txt" else None,
        lambda h: home(portal, h),
        lambda h: news_list(portal, h),
        lambda h: article(portal, h),
        lambda h: notices(portal, h),
        lambda h: contact(portal, h),
        lambda h: Reply(IIS_404, status=404),
    ]  # fmt: skip
    return portal
