"""A newspaper-style CMS portal (family F, hanoi.gov.vn style): zone pages show their latest
items in HTML and load the rest with "Xem thêm" through ``POST /api/NewsZone/NewsZone`` with
encrypted per-zone parameters (a forged request gets an error), so older articles are reachable
only through the sitemap index; articles ``/<slug>-<16 digits>.htm`` with the
``detail-content afcbc-body`` body, tag pages, a deleted related article (HTTP 404)."""

from __future__ import annotations

import json
from html import escape

from govcrawl.platforms.newspaper_cms import ENDPOINT
from portals import furniture
from portals.base import Article, FixturePortal, Hit, Reply, corpus, robots, slug, urlset

PER_PAGE = 8  # items a zone page shows before "Xem thêm"
# Zone path -> (name, ciphertext of its zone id); the page size and language are encrypted too.
ZONES = {
    "/tin-tuc-su-kien": ("Tin tức - Sự kiện", "nMSbbZ2pR0/XHR7JMRKsFGiPETTBu6V1"),
    "/chi-dao-dieu-hanh": ("Chỉ đạo điều hành", "q8Xh3kLmZ1c/Pw9dTRv0bHkA2sUe7YnQ"),
    "/khoa-hoc-cong-nghe": ("Khoa học - Công nghệ", "Vt5sKq0aL2m/Hx8cRb3nJw1yTd6Fg4Ez"),
}
HOME_STREAM = "Zr2mWq7cN4v/Kp1sXb8dHf3jLt6Ya0Ge"
PAGE_SIZE, LANGUAGE, SITE_TOKEN = "TwNsaMrfVrU=", "jM2HDDVEz40=", "/CP0MQRJUt0="
TAGS = {"chuyen-doi-so": "chuyển đổi số", "khoa-hoc-cong-nghe": "khoa học công nghệ"}
STYLE = furniture.Style(
    "hanoi", menu_class="menu-sub", item_class="menu-item dropdown", sub_class="menu-dropdown",
    box_class="box-category", title_tag="h3", title_class="box-heading", date_class="box-category-time", dated="{day}",
)  # fmt: skip
SECTIONS = [(path, name) for path, (name, _) in ZONES.items()]
DELETED = "/ha-noi-cong-bo-ket-qua-cham-diem-cai-cach-hanh-chinh-nam-2018-4190301080000123.htm"


def time_of(article: Article) -> str:
    return article.published.strftime("%d/%m/%Y %H:%M")


def page(title: str, main: str, *, description: str = "") -> str:
    """The portal's chrome: header with date and weather, mega menu, hotline, long footer."""
    menu = "".join(f'<li><a href="{path}">{name}</a></li>' for path, (name, _) in ZONES.items())
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{escape(title)}</title><meta name="description" content="{escape(description)}">
<meta property="og:title" content="{escape(title)}"><meta property="og:site_name" content="Cổng Giao tiếp điện tử Hà Nội">
<link rel="stylesheet" href="https://static.hanoi.gov.vn/web/css/main.min.css?v=2.4.1">
<script src="https://static.hanoi.gov.vn/web/js/jquery-3.6.0.min.js"></script></head>
<body><div class="header"><div class="header-top"><div class="container">
<span class="header-date">Thứ Sáu, 04/04/2026</span><span class="header-weather">Hà Nội 28°C</span>
<a class="header-english" href="https://english.hanoi.gov.vn/">English</a></div></div>
<div class="header-logo"><a href="/" title="Cổng Giao tiếp điện tử Hà Nội"><img src="https://static.hanoi.gov.vn/web/images/logo.png" alt="Cổng Giao tiếp điện tử Hà Nội"></a></div>
<nav class="menu-main"><ul><li><a href="/" class="menu-home">Trang chủ</a></li>{menu}
<li><a href="https://dichvucong.hanoi.gov.vn/">Dịch vụ công trực tuyến</a></li>
<li><a href="https://vanban.hanoi.gov.vn/">Văn bản</a></li><li><a href="/lien-he">Liên hệ</a></li></ul>{furniture.mega_menu(STYLE, SECTIONS)}
<div class="menu-search"><form action="/tim-kiem" method="get"><input type="text" name="keywords" placeholder="Tìm kiếm"></form></div></nav></div>
<div class="container main-content">{main}</div>
<div class="hotline-box">Đường dây nóng: 1022 - Tổng đài tiếp nhận phản ánh, kiến nghị của người dân, doanh nghiệp</div>
<div class="footer"><div class="container"><div class="footer-logo">CỔNG GIAO TIẾP ĐIỆN TỬ HÀ NỘI</div>
<p>Cơ quan chủ quản: Văn phòng Ủy ban nhân dân Thành phố Hà Nội. Chịu trách nhiệm chính: Chánh Văn phòng UBND Thành phố.</p>
<p>Địa chỉ: 79 Đinh Tiên Hoàng, phường Hoàn Kiếm, Hà Nội. Điện thoại: 024.38253536. Email: banbientap@hanoi.gov.vn</p>
<p>Giấy phép số 31/GP-TTĐT do Cục Phát thanh, truyền hình và thông tin điện tử cấp. Ghi rõ nguồn "Cổng Giao tiếp điện tử Hà Nội" khi phát hành lại thông tin từ Cổng này.</p>
{furniture.footer_menu(SECTIONS, "hanoi")}<p><a href="/noi-bo/">Hệ thống điều hành nội bộ</a></p><p class="footer-counter">Lượt truy cập: 98.451.233</p></div></div></body></html>"""


def zone_of(portal: FixturePortal, article: Article) -> str:
    return list(ZONES)[portal.articles.index(article) % len(ZONES)]


def item(article: Article, portal: FixturePortal) -> str:
    return f"""<div class="box-category-item" data-id="{article.path[-20:-4]}">
<a class="box-category-link-with-avatar img-resize" href="{article.path}" title="{escape(article.title)}"><img src="https://static.hanoi.gov.vn/thumb_w/300/{article.id}.jpg" alt=""></a>
<div class="box-category-content"><h3 class="box-title-text"><a class="box-category-link-title" data-type="0" href="{article.path}" title="{escape(article.title)}">{escape(article.title)}</a></h3>
<span class="box-category-time">{time_of(article)}</span><p class="box-category-sapo">{escape(article.lead)}</p></div></div>"""


def load_more(catname: str, shown: list[Article]) -> str:
    """The "Xem thêm" button and the script that posts the encrypted parameters."""
    ids = json.dumps([a.path[-20:-4] for a in shown])
    return f"""<div class="box-viewmore"><a href="javascript:;" class="btn-viewmore">Xem thêm</a></div>
<script>var zoneConfig = {{ Catname: '{catname}', PageSize: '{PAGE_SIZE}', LanguageId: '{LANGUAGE}', Site: '{SITE_TOKEN}' }};
var pageIndex = 1, dataIds = {ids};
$('.btn-viewmore').on('click', function () {{ pageIndex++;
  $.ajax({{ url: '{ENDPOINT}', type: 'POST', headers: {{ 'X-Requested-With': 'XMLHttpRequest' }},
    data: $.extend({{ PageIndex: pageIndex, 'DataIds[]': dataIds }}, zoneConfig),
    success: function (html) {{ $('#zone-list').append(html); }} }}); }});</script>"""


def sidebar(portal: FixturePortal) -> str:
    most_read = "".join(
        f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in portal.articles[3:8]
    )
    return f"""<div class="col-right"><div class="box-most-view xem-nhieu"><h3 class="box-heading">Đọc nhiều</h3><ul>{most_read}</ul></div>
<div class="box-banner-right"><a href="https://dichvucong.hanoi.gov.vn/"><img src="https://static.hanoi.gov.vn/banner/dvc.jpg" alt="Dịch vụ công"></a></div>
<div class="box-poll"><h3 class="box-heading">Thăm dò ý kiến</h3><p>Bạn đánh giá thế nào về chất lượng dịch vụ công trực tuyến?</p>
<label><input type="radio" name="poll">Tốt</label><label><input type="radio" name="poll">Chưa tốt</label></div>
{furniture.agencies(STYLE, "box-lien-ket")}{furniture.counter(STYLE, "98.451.233")}</div>"""


def zone(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path not in ZONES:
        return None
    name, catname = ZONES[hit.path]
    articles = [a for a in portal.articles if zone_of(portal, a) == hit.path]
    shown = articles[:PER_PAGE]
    main = f"""<div class="col-left"><div class="box-category"><h1 class="box-category-title">{name}</h1>
<div class="box-category-middle" id="zone-list">{"".join(item(a, portal) for a in shown)}</div>
{load_more(catname, shown)}</div></div>{sidebar(portal)}"""
    return Reply(page(f"{name} - Cổng Giao tiếp điện tử Hà Nội", main))


def home(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path != "/":
        return None
    first, *hot = portal.articles[:4]
    boxes = "".join(
        f'<div class="box-home-zone"><h2 class="box-heading"><a href="{path}">{name}</a></h2><ul>'
        + "".join(
            f'<li><a href="{a.path}">{escape(a.title)}</a></li>'
            for a in [a for a in portal.articles if zone_of(portal, a) == path][:3]
        )
        + "</ul></div>"
        for path, (name, _) in ZONES.items()
    )
    stream = portal.articles[:6]
    main = f"""<div class="col-left"><div class="box-focus"><div class="focus-main"><a href="{first.path}"><img src="https://static.hanoi.gov.vn/thumb_w/640/{first.id}.jpg" alt=""></a>
<h2><a href="{first.path}">{escape(first.title)}</a></h2><p class="box-category-sapo">{escape(first.lead)}</p></div>
<ul class="focus-list">{"".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in hot)}</ul></div>
{boxes}<div class="box-category"><h2 class="box-heading">Tin mới nhất</h2><div class="box-category-middle" id="zone-list">{"".join(item(a, portal) for a in stream)}</div>
{load_more(HOME_STREAM, stream)}</div></div>{sidebar(portal)}"""
    return Reply(page("Cổng Giao tiếp điện tử Hà Nội", main))


def api(portal: FixturePortal, hit: Hit) -> Reply | None:
    """The AJAX endpoint: only the page's own ciphertext is accepted."""
    if hit.path != ENDPOINT:
        return None
    paths = {catname: path for path, (_, catname) in ZONES.items()}
    path = paths.get(hit.arg("Catname"))
    if hit.method != "POST" or path is None or hit.arg("PageSize") != PAGE_SIZE:
        error = '{"Success":false,"Message":"Tham số không hợp lệ"}'
        return Reply(error, status=400, content_type="application/json; charset=utf-8")
    number = int(hit.arg("PageIndex", "2") or 2)
    articles = [a for a in portal.articles if zone_of(portal, a) == path]
    shown = articles[(number - 1) * PER_PAGE : number * PER_PAGE]
    return Reply("".join(item(a, portal) for a in shown))


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    found = next((a for a in portal.articles if a.path == hit.path), None)
    if found is None:
        return None
    path = zone_of(portal, found)
    name = ZONES[path][0]
    related = [a for a in portal.articles if zone_of(portal, a) == path and a is not found][:4]
    links = "".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in related)
    if found is portal.articles[1]:
        links += f'<li><a href="{DELETED}">Hà Nội công bố kết quả chấm điểm cải cách hành chính năm 2018</a></li>'
    tags = ", ".join(f'<a href="/tag/{key}.htm">{label}</a>' for key, label in TAGS.items())
    stream = "".join(item(a, portal) for a in furniture.front(portal, found))
    main = f"""<div class="col-left"><div class="detail-container">
<div class="detail-cate"><a href="{path}">{name}</a></div>
<h1 class="detail-title" data-role="title">{escape(found.title)}</h1>
<div class="detail-info"><div class="detail-time" data-role="publishdate">{time_of(found)}</div>
<div class="detail-tool"><a href="javascript:window.print()">In bài</a> <a href="javascript:;" class="font-size">A+</a></div></div>
<h2 class="detail-sapo" data-role="sapo">{escape(found.lead)}</h2>
<div class="detail-content afcbc-body clearfix" data-role="content">
<figure class="VCSortableInPreviewMode" type="Photo"><div><img src="https://static.hanoi.gov.vn/{found.published:%Y/%m/%d}/{found.id}-anh-1.jpg" alt="Quang cảnh hội nghị"></div>
<figcaption class="PhotoCMS_Caption"><p>Quang cảnh hội nghị.</p></figcaption></figure>
{found.body_html}</div>
<div class="detail-tab">Từ khóa: {tags}</div>
<div class="social-share">Chia sẻ: <a href="https://www.facebook.com/sharer/sharer.php?u=https://hanoi.gov.vn{found.path}">Facebook</a> <a href="https://zalo.me/share?u=https://hanoi.gov.vn{found.path}">Zalo</a></div>
<div class="box-comment"><h3>Ý kiến bạn đọc</h3><textarea placeholder="Nhập ý kiến của bạn"></textarea><button>Gửi ý kiến</button></div>
<div class="detail-related tin-lien-quan"><h3>Tin liên quan</h3><ul>{links}</ul></div>
<div class="box-category box-tin-moi"><h3 class="box-heading">Tin mới</h3><div class="box-category-middle">{stream}</div></div></div></div>{sidebar(portal)}"""
    return Reply(
        page(f"{found.title} - Cổng Giao tiếp điện tử Hà Nội", main, description=found.lead)
    )


def tag(portal: FixturePortal, hit: Hit) -> Reply | None:
    key = hit.path.removeprefix("/tag/").removesuffix(".htm")
    if not hit.path.startswith("/tag/") or key not in TAGS:
        return None
    items = "".join(item(a, portal) for a in portal.articles[:10])
    main = f'<div class="col-left"><div class="box-category"><h1 class="box-category-title">Từ khóa: {TAGS[key]}</h1>{items}</div></div>'
    return Reply(page(f"{TAGS[key]} - Cổng Giao tiếp điện tử Hà Nội", main))


def contact(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path != "/lien-he":
        return None
    main = """<div class="col-left"><h1>Liên hệ</h1><p>Ban Biên tập Cổng Giao tiếp điện tử Hà Nội, 79 Đinh Tiên Hoàng.</p>
<form class="form-contact" method="post"><input name="HoTen"><input name="Email"><textarea name="NoiDung"></textarea><button>Gửi</button></form></div>"""
    return Reply(page("Liên hệ", main))


def sitemap_index(portal: FixturePortal) -> Reply:
    entries = "".join(
        f"<sitemap><loc>{portal.base_url}/sitemaps/{name}.xml</loc></sitemap>"
        for name in ("zones", "news-1")
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
    return Reply(xml, content_type="application/xml; charset=utf-8")


def build() -> FixturePortal:
    articles = corpus()
    for item_ in articles:
        number = f"4{item_.published:%y%m%d%H%M%S}{item_.id % 1000:03d}"
        item_.path = f"/{slug(item_.title)}-{number}.htm"
    portal = FixturePortal("newspaper_cms", articles, [], trap_prefixes=("/api/",))
    not_found = page(
        "Không tìm thấy trang",
        "<h1>Không tìm thấy trang</h1><p>Bài viết không tồn tại hoặc đã bị gỡ.</p>",
    )
    portal.routes = [
        lambda h: robots(portal.base_url) if h.path == "/robots.txt" else None,
        lambda h: sitemap_index(portal) if h.path == "/sitemap.xml" else None,
        lambda h: urlset(portal.base_url, list(ZONES)) if h.path == "/sitemaps/zones.xml" else None,
        lambda h: urlset(portal.base_url, [a.path for a in articles]) if h.path == "/sitemaps/news-1.xml" else None,
        lambda h: api(portal, h),
        lambda h: home(portal, h),
        lambda h: zone(portal, h),
        lambda h: article(portal, h),
        lambda h: tag(portal, h),
        lambda h: contact(portal, h),
        lambda h: Reply(not_found, status=404),
    ]  # fmt: skip
    return portal
