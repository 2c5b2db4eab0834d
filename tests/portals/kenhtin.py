"""A Thanh Hóa "KenhTin" portal (family C, Tân Dân product): the root redirects to
``/portal/Pages/default.aspx``; channel listings ``/portal/KenhTin/<Name>.aspx`` page by
``?PageIndex=N`` and their "Trang sau" link never ends (a page past the last repeats it);
articles ``/portal/pages/YYYY-MM-DD/<Slug>-<ID>.aspx`` print no date (it is only in the URL);
no RSS, no sitemap (``/sitemap.xml`` is the soft 404 page)."""

from __future__ import annotations

import re
from html import escape

from portals import furniture
from portals.base import (
    Article,
    FixturePortal,
    Hit,
    Reply,
    corpus,
    not_found_page,
    redirect,
    robots,
    slug,
)

HOME = "/portal/Pages/default.aspx"
CONTACT = "/portal/Pages/Lien-he.aspx"
CHANNELS = {
    "Tin-tuc-su-kien": "Tin tức - Sự kiện",
    "Ky-hop": "Kỳ họp",
    "Tiep-xuc-cu-tri": "Tiếp xúc cử tri",
}
ABOUT = "Gioi-thieu"
PER_PAGE = 8
STYLE = furniture.Style(
    "thanhhoa",
    menu_class="menu-sub-list",
    item_class="has-sub",
    sub_class="sub",
    box_class="box",
    title_class="box-title",
    date_class="news-date",
    dated="({day})",
)
SITE = "TRANG THÔNG TIN ĐIỆN TỬ ĐOÀN ĐẠI BIỂU QUỐC HỘI VÀ HỘI ĐỒNG NHÂN DÂN TỈNH THANH HÓA"


def channel_url(name: str) -> str:
    return f"/portal/KenhTin/{name}.aspx"


def photo(article: Article) -> str:
    return f"/portal/Photos/{article.published:%Y-%m}/_w/{article.id:x}a3f_JPG.jpg"


def page(portal: FixturePortal, title: str, main: str, action: str, crumb: str = "") -> str:
    """The Tân Dân chrome: ASP.NET form, menu, "Tin mới cập nhật", video, links, counter."""
    latest = "".join(
        f'<li><a href="{a.path}"><img src="{photo(a)}" alt="" />{escape(a.title)}</a></li>'
        for a in portal.articles[:4]
    )
    menu = "".join(
        f'<li><a href="{channel_url(name)}">{label}</a></li>' for name, label in CHANNELS.items()
    )
    sections = [(channel_url(name), label) for name, label in CHANNELS.items()]
    read = furniture.headline_items(furniture.most_read(portal), lambda a: a.path, STYLE)
    return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{escape(title)}</title>
<link rel="stylesheet" type="text/css" href="/portal/Style%20Library/css/dbnd.css" />
<script type="text/javascript" src="/portal/Style%20Library/js/jquery.min.js"></script>
</head>
<body>
<form name="aspnetForm" method="post" action="{escape(action)}" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWAgIDD2QWAgIBD2QWAmYPZBYCAgEPFgIeBFRleHRlZGRk2c0mUq7Jv3Bx0KZ8" />
<div class="page-wrap">
 <div class="header">
  <div class="logo"><a href="{HOME}"><img src="/portal/Style%20Library/images/logo-dbnd.png" alt="Trang thông tin điện tử Đoàn ĐBQH và HĐND tỉnh Thanh Hóa" /></a></div>
  <div class="site-name">{SITE}</div>
  <div class="search-box"><input type="text" id="txtKeyword" placeholder="Tìm kiếm..." /><a href="/portal/Pages/Tim-kiem.aspx?k=">Tìm</a></div>
  <div class="top-links"><a href="/portal/_layouts/Authenticate.aspx?Source=%2Fportal%2FPages%2Fdefault%2Easpx">Đăng nhập</a></div>
 </div>
 <div class="menu-top"><ul class="menu">
<li><a href="{HOME}">Trang chủ</a></li>
<li><a href="{channel_url(ABOUT)}">Giới thiệu</a></li>
{menu}
<li><a href="https://vbpl.thanhhoa.gov.vn/">Văn bản pháp luật</a></li>
<li><a href="https://dichvucong.thanhhoa.gov.vn/">Dịch vụ công</a></li>
<li><a href="{CONTACT}">Liên hệ</a></li>
 </ul>{furniture.mega_menu(STYLE, sections, home=HOME)}</div>
 <marquee class="marquee-news" scrollamount="3">Chào mừng kỷ niệm 80 năm Ngày Tổng tuyển cử đầu tiên bầu Quốc hội Việt Nam (06/01/1946 - 06/01/2026)</marquee>
 <div class="breadcrumb"><a href="{HOME}">Trang chủ</a>{crumb}</div>
 <div class="main">
  <div class="col-left">
   <div class="box box-tin-moi">
    <div class="box-title">Tin mới cập nhật</div>
    <ul class="list-news">{latest}</ul>
   </div>
   <div class="box box-doc-nhieu"><div class="box-title">Đọc nhiều nhất</div><ul class="list-news">{read}</ul></div>
   {furniture.agencies(STYLE, "box-lien-ket")}{furniture.poll(STYLE)}
   <div class="box box-video"><div class="box-title">Video</div><iframe src="https://www.youtube.com/embed/xK8wPbq0Yt4" width="260" height="170" frameborder="0" allowfullscreen></iframe></div>
   <div class="box box-banner"><a href="https://quochoi.vn/"><img src="/portal/Style%20Library/images/banner-quochoi.jpg" alt="Cổng thông tin điện tử Quốc hội" /></a>
   <a href="https://daibieunhandan.vn/"><img src="/portal/Style%20Library/images/banner-dbnd.jpg" alt="Báo Đại biểu Nhân dân" /></a></div>
  </div>
  <div class="col-main">{main}</div>
 </div>
 <div class="footer">
  <div class="lien-ket">
   <span>LIÊN KẾT WEBSITE</span>
   <select onchange="window.open(this.value)">
    <option value="">-- Chọn --</option>
    <option value="https://quochoi.vn">Cổng thông tin điện tử Quốc hội</option>
    <option value="https://thanhhoa.gov.vn">Cổng thông tin điện tử tỉnh Thanh Hóa</option>
    <option value="https://baothanhhoa.vn">Báo Thanh Hóa</option>
    <option value="https://daibieunhandan.vn">Báo Đại biểu Nhân dân</option>
   </select>
  </div>
  <p>Cơ quan chủ quản: Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Thanh Hóa</p>
  <p>Địa chỉ: Số 35, đường Đại lộ Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa</p>
  <p>Điện thoại: 0237.3852.258 - Email: vanphong@dbndthanhhoa.gov.vn</p>
  <p>Ghi rõ nguồn "Trang thông tin điện tử Đoàn ĐBQH và HĐND tỉnh Thanh Hóa" khi phát hành lại thông tin từ website này. <a href="/noi-bo/thu-dien-tu.aspx">Thư điện tử nội bộ</a></p>
  {furniture.footer_menu(sections, "thanhhoa")}
  <p class="counter">Tổng truy cập: 4.618.227 | Đang trực tuyến: 86</p>
 </div>
</div>
</form>
</body>
</html>"""


def channel_of(portal: FixturePortal, article: Article) -> str:
    """Every sixth article is in "Kỳ họp", the next in "Tiếp xúc cử tri", the rest are news."""
    number = portal.articles.index(article)
    names = list(CHANNELS)
    return names[0] if number % 6 > 1 else names[number % 6 + 1]


def in_channel(portal: FixturePortal, name: str) -> list[Article]:
    return [a for a in portal.articles if channel_of(portal, a) == name]


def pager(name: str, current: int, last: int) -> str:
    """Tân Dân's pager: first, numbers, next (always, even on the last page), last."""
    if last < 2:
        return ""

    def url(number: int) -> str:
        return channel_url(name) + (f"?PageIndex={number}" if number > 1 else "")

    numbers = "".join(
        f'<span class="current">{n}</span>' if n == current else f'<a href="{url(n)}">{n}</a>'
        for n in range(1, last + 1)
    )
    return f"""<div class="pager"><a href="{url(1)}">Trang đầu</a> {numbers}
<a href="{url(current + 1)}">Trang sau</a> <a href="{url(last)}">Trang cuối</a></div>"""


def listing(portal: FixturePortal, hit: Hit) -> Reply | None:
    name = hit.path.removeprefix("/portal/KenhTin/").removesuffix(".aspx")
    if not hit.path.startswith("/portal/KenhTin/") or name not in CHANNELS:
        return None
    articles = in_channel(portal, name)
    last = -(-len(articles) // PER_PAGE)
    current = min(max(int(hit.arg("PageIndex", "1") or 1), 1), last)  # past the end: the last
    items = "".join(
        f"""<div class="news-item"><a class="news-img" href="{a.path}"><img src="{photo(a)}" alt="" /></a>
<h3 class="news-title"><a href="{a.path}">{escape(a.title)}</a></h3><p class="news-summary">{escape(a.lead)}</p></div>"""
        for a in articles[(current - 1) * PER_PAGE : current * PER_PAGE]
    )
    main = f"""<div class="kenhtin-list"><h1 class="kenhtin-title">{CHANNELS[name]}</h1>{items}</div>
{pager(name, current, last)}"""
    crumb = f' / <a href="{channel_url(name)}">{CHANNELS[name]}</a>'
    return Reply(page(portal, CHANNELS[name], main, f"./{name}.aspx", crumb))


def home(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path != HOME:
        return None
    first, *rest = portal.articles[:5]
    boxes = "".join(
        f"""<div class="box box-kenhtin"><div class="box-title"><a href="{channel_url(name)}">{label}</a></div><ul>"""
        + "".join(
            f'<li><a href="{a.path}">{escape(a.title)}</a></li>'
            for a in in_channel(portal, name)[:3]
        )
        + f'</ul><a class="xem-tiep" href="{channel_url(name)}">Xem tiếp</a></div>'
        for name, label in CHANNELS.items()
    )
    main = f"""<div class="tin-noi-bat"><div class="hot-news"><a href="{first.path}"><img src="{photo(first)}" alt="" /></a>
<h2><a href="{first.path}">{escape(first.title)}</a></h2><p>{escape(first.lead)}</p></div>
<ul class="hot-list">{"".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in rest)}</ul></div>{boxes}"""
    return Reply(page(portal, "Trang chủ", main, "./default.aspx"))


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    found = next((a for a in portal.articles if a.path == hit.path), None)
    if found is None:
        return None
    name = channel_of(portal, found)
    peers = in_channel(portal, name)
    older = [a for a in peers if a.published < found.published][:5]
    related = "".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in older)
    if found is portal.articles[0]:  # a related article the editors have since deleted
        related += '<li><a href="/portal/pages/2019-03-01/Thong-bao-lich-tiep-cong-dan-thang-3-nam-2019-8812.aspx">Thông báo lịch tiếp công dân tháng 3 năm 2019</a></li>'
    others = furniture.headline_items(furniture.front(portal, found), lambda a: a.path, STYLE)
    caption = "Quang cảnh buổi làm việc."
    main = f"""<div class="article-detail">
    <h1 class="article-title">{escape(found.title)}</h1>
    <div class="article-tools"><a href="javascript:window.print()">In bài</a> | <a href="javascript:void(0)" onclick="sendMail()">Gửi bài viết</a> | <span>Cỡ chữ: <a href="javascript:void(0)" onclick="zoom(-1)">A-</a> <a href="javascript:void(0)" onclick="zoom(1)">A+</a></span></div>
    <div class="article-content">
<p style="text-align: justify;"><strong>{escape(found.lead)}</strong></p>
<p style="text-align: center;"><img src="{photo(found).replace("a3f_", "b7c_")}" alt="{caption}" style="width: 640px;" /></p>
<p style="text-align: center;"><em>{caption}</em></p>
{found.body_html}
    </div>
    <div class="article-share"><span>Chia sẻ:</span> <a href="https://www.facebook.com/sharer/sharer.php?u=https://dbndthanhhoa.gov.vn{found.path}">Facebook</a> <a href="https://sp.zalo.me/share_inline?url=https://dbndthanhhoa.gov.vn{found.path}">Zalo</a></div>
    <div class="article-viewcount">Lượt xem: {found.id % 997 + 120}</div>
    <div class="article-other"><div class="box-title">Tin liên quan</div><ul>{related}</ul></div>
    <p><b>Các tin khác:</b></p><ul>{others}</ul>
   </div>"""
    crumb = f' / <a href="{channel_url(name)}">{CHANNELS[name]}</a>'
    return Reply(page(portal, found.title, main, "./" + found.path.rsplit("/", 1)[1], crumb))


def about(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path != channel_url(ABOUT):
        return None
    main = """<div class="article-detail"><h1 class="article-title">Giới thiệu</h1><div class="article-content">
<p>Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Thanh Hóa là cơ quan tham mưu, giúp việc cho Đoàn đại biểu Quốc hội,
Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân và đại biểu Hội đồng nhân dân tỉnh.</p>
<p>Văn phòng có tư cách pháp nhân, có con dấu và tài khoản riêng; trụ sở đặt tại số 35, đường Đại lộ Lê Lợi, phường Hạc Thành,
tỉnh Thanh Hóa. Lãnh đạo Văn phòng gồm Chánh Văn phòng và các Phó Chánh Văn phòng.</p></div></div>"""
    return Reply(page(portal, "Giới thiệu", main, "./Gioi-thieu.aspx"))


def contact(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path != CONTACT:
        return None
    main = """<div class="lien-he"><h1>Liên hệ</h1><p>Văn phòng Đoàn ĐBQH và HĐND tỉnh Thanh Hóa. Điện thoại: 0237.3852.258.</p>
<div class="form-lien-he"><input type="text" name="hoten" /><input type="text" name="email" /><textarea name="noidung"></textarea>
<input type="submit" value="Gửi" /></div></div>"""
    return Reply(page(portal, "Liên hệ", main, "./Lien-he.aspx"))


def build() -> FixturePortal:
    articles = corpus()
    for item in articles:
        item.path = f"/portal/pages/{item.published:%Y-%m-%d}/{slug(item.title, lower=False)}-{item.id}.aspx"
    portal = FixturePortal("kenhtin", articles, [])
    news = next(iter(CHANNELS))
    last = -(-len(in_channel(portal, news)) // PER_PAGE)
    # Channel pages past the last one, reached only through "Trang sau".
    beyond = "|".join(str(n) for n in range(last + 1, 100))
    portal.trap_pattern = re.compile(rf"{news}\.aspx\?PageIndex=(?:{beyond}|[1-9]\d\d+)(?:&|$)")
    portal.routes = [
        lambda h: robots(portal.base_url, sitemap=False) if h.path == "/robots.txt" else None,
        lambda h: redirect(HOME) if h.path == "/" else None,
        lambda h: home(portal, h),
        lambda h: article(portal, h),
        lambda h: listing(portal, h),
        lambda h: about(portal, h),
        lambda h: contact(portal, h),
        lambda h: Reply(not_found_page("kenhtin")) if h.path == "/sitemap.xml" else None,
    ]  # fmt: skip
    return portal
