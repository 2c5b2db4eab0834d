"""HTML of the demo portal's pages, in the markup of the ASP.NET "DesktopModule" portal family."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govcrawl.demo.server import DemoPortal

PORTAL_NAME = "Sở Khoa học và Công nghệ tỉnh Lâm Đồng"
CATEGORIES = {
    "tin-hoat-dong": "Tin hoạt động",
    "khoa-hoc-cong-nghe": "Khoa học - Công nghệ",
    "thong-bao": "Thông báo",
}
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def sort_key(article: dict[str, Any]) -> datetime:
    return datetime.strptime(article["published"], "%d/%m/%Y %H:%M")


def article_path(article: dict[str, Any]) -> str:
    return f"/{article['category']}/{article['slug']}-{article['id']}"


def featured_path(article: dict[str, Any]) -> str:
    """The same article under the "featured news" category path: one article, two URLs."""
    return f"/tin-noi-bat/{article['slug']}-{article['id']}"


def byline(article: dict[str, Any]) -> str:
    """'Thứ Tư, 15/01/2020 - 16:30', as the portal prints it."""
    return f"{WEEKDAYS[sort_key(article).weekday()]}, {article['published'].replace(' ', ' - ')}"


def _layout(title: str, main: str, *, sidebar: str = "", charset: str | None = "utf-8",
            head: str = "") -> str:  # fmt: skip
    meta = f'<meta charset="{charset}">' if charset else ""
    menu = "".join(
        f'<li><a href="/{slug}">{escape(name)}</a></li>' for slug, name in CATEGORIES.items()
    )
    return f"""<!DOCTYPE html>
<html lang="vi"><head>{meta}
<title>{escape(title)} - {PORTAL_NAME}</title>
<meta name="generator" content="Portal DesktopModule 4.0">
<link rel="alternate" type="application/rss+xml" title="Tin tức" href="/rss/tin-tuc.rss">
<link rel="stylesheet" href="/Portals/_default/skin.css">{head}
<script>var site_id = 12; var articlelang = 'vi-VN';</script>
</head><body>
<div id="header" class="header"><div class="logo"><a href="/"><img src="/Portals/logo.png" alt="logo">
<span class="site-title">{PORTAL_NAME.upper()}</span></a></div>
<div class="top-links"><a href="/lien-he">Liên hệ</a> | <a href="/tim-kiem?q=">Tìm kiếm</a> |
<a href="/dang-nhap">Đăng nhập</a> | <a href="mailto:skhcn@lamdong.gov.vn">Email</a> |
<a href="javascript:void(0)">English</a></div></div>
<div id="menu" class="menu nav"><ul><li><a href="/">Trang chủ</a></li>{menu}
<li><a href="/lien-he">Liên hệ</a></li></ul></div>
<div class="breadcrumb"><a href="/">Trang chủ</a> » {escape(title)}</div>
<div id="main" class="container"><div class="col-main">{main}</div>
<div class="col-side sidebar">{sidebar}
<div class="widget links"><h3>LIÊN KẾT WEBSITE</h3><select><option>Cổng TTĐT tỉnh Lâm Đồng</option>
<option>Bộ Khoa học và Công nghệ</option></select></div></div></div>
<div id="footer" class="footer"><p>CƠ QUAN CHỦ QUẢN: {PORTAL_NAME.upper()}</p>
<p>Địa chỉ: 35 Trần Hưng Đạo, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng. Điện thoại: 0263.3822.425</p>
<p>Ghi rõ nguồn khi phát hành lại thông tin từ trang này.</p>
<p class="counter">Tổng truy cập: 1.254.337 | Đang truy cập: 42</p>
<p><a href="/gioi-thieu/lich-su-hinh-thanh">Lịch sử hình thành</a> |
<a href="/noi-bo/tai-lieu-hop-giao-ban">Tài liệu nội bộ</a> | <a href="#top">Về đầu trang</a></p></div>
</body></html>"""


def _teaser(article: dict[str, Any], path: str | None = None) -> str:
    href = path or article_path(article)
    return f"""<li class="row"><img class="image" src="/Portals/thumbs/{article["id"]}.jpg" alt="">
<h2 class="Title"><a href="{href}">{escape(article["title"])}</a></h2>
<div class="Ngaydang">{article["published"][:10]}</div><p>{escape(article["lead"])}</p></li>"""


def _latest_box(portal: DemoPortal, exclude: int | None = None) -> str:
    items = "".join(
        f'<li><a href="{article_path(a)}">{escape(a["title"])}</a> <span class="date">({a["published"][:10]})</span></li>'
        for a in portal.listed[:6] if a["id"] != exclude
    )  # fmt: skip
    return f'<div class="widget tin-moi"><h3>TIN MỚI</h3><ul>{items}</ul></div>'


def home(portal: DemoPortal) -> str:
    listed = portal.listed
    featured = _teaser(listed[0], featured_path(listed[0]))
    tracked = _teaser(listed[1], article_path(listed[1]) + "?utm_source=zalo&utm_medium=social")
    rest = "".join(_teaser(a) for a in listed[2:5])
    blocks = "".join(
        f'<div class="block"><h3><a href="/{slug}">{escape(name)}</a></h3></div>'
        for slug, name in CATEGORIES.items()
    )
    main = f"""<div class="UIArticleInMenu_Default"><h3>TIN NỔI BẬT</h3><ul class="ArticleList">
{featured}{tracked}{rest}</ul></div>{blocks}"""
    return _layout("Trang chủ", main, sidebar=_latest_box(portal))


def listing(portal: DemoPortal, slug: str, page: int, size: int) -> str:
    items = [a for a in portal.listed if a["category"] == slug]
    pages_count = max(1, -(-len(items) // size))
    page = min(max(1, page), pages_count)
    shown = "".join(_teaser(a) for a in items[(page - 1) * size : page * size])
    pager = "".join(
        f'<a class="page-link{" active" if n == page else ""}" href="/{slug}?page={n}">{n}</a>'
        for n in range(1, pages_count + 1)
    )
    if page < pages_count:
        pager += f' <a class="next" href="/{slug}?page={page + 1}">Trang sau »</a>'
    main = f"""<div class="UIArticleInMenu_Default"><h1 class="category-title">{CATEGORIES[slug]}</h1>
<ul class="ArticleList">{shown}</ul><div class="pager">{pager}</div></div>"""
    return _layout(CATEGORIES[slug], main, sidebar=_latest_box(portal))


def article(portal: DemoPortal, item: dict[str, Any], charset: str | None = "utf-8") -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in item["paragraphs"])
    credit = ""
    if item.get("author_line"):
        credit = f'<p style="text-align: right;"><strong>{escape(item["author_line"])}</strong></p>'
    related = "".join(
        f'<li><a href="{article_path(a)}">{escape(a["title"])}</a> <span class="PostDate">({a["published"][:10]})</span></li>'
        for a in portal.listed if a["category"] == item["category"] and a["id"] != item["id"]
    )  # fmt: skip
    main = f"""<div class="ArticleDetailControl">
<div class="ArticleHeader"><h1 class="title">{escape(item["title"])}</h1></div>
<div class="PostDate">{byline(item)}</div>
<div class="tool"><a href="#">In bài</a> | <a href="#">Gửi email</a> | Cỡ chữ: A- A A+</div>
<div class="ArticleSummary"><p><strong>{escape(item["lead"])}</strong></p></div>
<div class="ArticleContent">
<p style="text-align:center"><img class="ImgDetailImage" src="/Portals/images/{item["id"]}.jpg" alt=""></p>
{body}{credit}</div>
<div class="author">Lượt xem: {1000 + item["id"] % 977}</div>
<div class="UISocialShare">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a> <a href="#">Twitter</a></div>
<div class="tags">Từ khóa: <a href="/tag/khoa-hoc-cong-nghe">khoa học công nghệ</a></div>
</div>
<div class="related-news tin-lien-quan"><h3>Tin liên quan</h3><ul>{related}</ul></div>"""
    return _layout(item["title"], main, sidebar=_latest_box(portal, item["id"]), charset=charset,
                   head=f'<meta property="og:title" content="{escape(item["title"])}">')  # fmt: skip


def contact(portal: DemoPortal) -> str:
    main = """<div class="ArticleDetailControl"><h1 class="title">Liên hệ</h1>
<p>Sở Khoa học và Công nghệ tỉnh Lâm Đồng</p><p>Địa chỉ: 35 Trần Hưng Đạo, Đà Lạt</p>
<p>Điện thoại: 0263.3822.425 - Fax: 0263.3822.425</p><p>Email: skhcn@lamdong.gov.vn</p>
<form action="/lien-he" method="post"><input name="hoten"><textarea name="noidung"></textarea>
<button>Gửi</button></form></div>"""
    return _layout("Liên hệ", main, sidebar=_latest_box(portal))


def tag(portal: DemoPortal, path: str) -> str:
    items = "".join(_teaser(a) for a in portal.listed[:6])
    main = f"""<div class="UIListNews_Default"><h1>Từ khóa: khoa học công nghệ</h1>
<ul class="ArticleList">{items}</ul></div>"""
    return _layout("Từ khóa", main)


def internal(portal: DemoPortal) -> str:
    """A page robots.txt forbids: the crawl must never fetch it."""
    text = " ".join(
        ["Tài liệu nội bộ phục vụ cuộc họp giao ban của Sở, không công bố rộng rãi."] * 20
    )
    main = f'<div class="ArticleDetailControl"><h1 class="title">Tài liệu họp giao ban nội bộ tháng 3</h1><div class="ArticleContent"><p>{text}</p></div></div>'
    return _layout("Tài liệu nội bộ", main)


def not_found(portal: DemoPortal) -> str:
    main = """<div class="error-page"><h1>Không tìm thấy trang</h1>
<p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa. Vui lòng quay lại <a href="/">trang chủ</a>.</p></div>"""
    return _layout("Không tìm thấy trang", main, sidebar=_latest_box(portal))


def robots(base: str) -> str:
    return f"User-agent: *\nDisallow: /noi-bo/\nCrawl-delay: 0\n\nSitemap: {base}/sitemap.xml\n"


def sitemap(base: str, portal: DemoPortal) -> str:
    urls = [f"{base}/{slug}" for slug in CATEGORIES] + [base + article_path(portal.sitemap_only)]
    entries = "".join(f"<url><loc>{escape(u)}</loc></url>" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


def feed(base: str, portal: DemoPortal) -> str:
    items = "".join(
        f"<item><title>{escape(a['title'])}</title><link>{base}{article_path(a)}</link>"
        f"<description>{escape(a['lead'])}</description></item>"
        for a in [portal.feed_only, *portal.listed[:3]]
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{PORTAL_NAME}</title><link>{base}/</link>{items}</channel></rss>'
