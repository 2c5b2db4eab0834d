"""A Drupal 7 department site (phutho.gov.vn style): news nodes under pathauto aliases
``/tin-tuc/<alias>``, notices at bare ``/node/N``; the ``/tin-tuc`` view pages by ``?page=N``
counted from 0 (page 1 has no parameter); the notices view is a table with click-sortable
columns (``?order=...&sort=...``, the same items in another order); the print module's
``/print/N``, ``/printmail/N`` and ``/printpdf/N`` links and comment login links on every node;
``/rss.xml`` and a taxonomy term feed, announced in ``<head>`` and by the feed icon; no sitemap
(Drupal's 404)."""

from __future__ import annotations

import re
from html import escape

from portals import furniture
from portals.base import Article, FixturePortal, Hit, Reply, corpus, slug

SITE = "Sở Khoa học và Công nghệ tỉnh Phú Thọ"
PER_PAGE = 10
TERM = (12, "chuyển đổi số")
STYLE = furniture.Style(
    "phutho", menu_class="menu nice-menu nice-menu-down", item_class="menuparent", sub_class="menu",
    box_class="block block-views", title_tag="h2", title_class="block-title",
    date_class="views-field-created", dated="{day}",
)  # fmt: skip
SECTIONS = [
    ("/tin-tuc", "Tin tức - Sự kiện"),
    ("/thong-bao", "Thông báo"),
    ("/gioi-thieu", "Giới thiệu"),
]
WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
# Drupal 7's robots.txt (its Crawl-delay: 10 removed by the site), plus the site's own line.
ROBOTS = """# This file is to prevent the crawling and indexing of certain parts
# of your site by web crawlers and spiders run by sites like Yahoo!
# and Google.
User-agent: *
# Directories
Disallow: /includes/
Disallow: /misc/
Disallow: /modules/
Disallow: /profiles/
Disallow: /scripts/
Disallow: /themes/
# Files
Disallow: /CHANGELOG.txt
Disallow: /cron.php
Disallow: /INSTALL.txt
Disallow: /install.php
Disallow: /update.php
Disallow: /xmlrpc.php
# Paths (clean URLs)
Disallow: /admin/
Disallow: /comment/reply/
Disallow: /filter/tips/
Disallow: /node/add/
Disallow: /search/
Disallow: /user/register/
Disallow: /user/password/
Disallow: /user/login/
Disallow: /user/logout/
Disallow: /noi-bo/
# Paths (no clean URLs)
Disallow: /?q=admin/
Disallow: /?q=comment/reply/
Disallow: /?q=user/login/
"""


def node_id(article: Article) -> int:
    return article.id - 9000  # 1000..1031


def is_notice(portal: FixturePortal, article: Article) -> bool:
    return portal.articles.index(article) % 4 == 1  # 8 notices, 24 news


def tagged(article: Article) -> bool:
    return article.id % 4 == 0


def submitted(article: Article) -> str:
    when = article.published
    return f"{WEEKDAYS[when.weekday()]}, {when:%d/%m/%Y - %H:%M}"


def page(portal: FixturePortal, title: str, content: str, *, body_class: str = "not-front",
         feed: tuple[str, str] | None = None, crumb: str = "") -> str:  # fmt: skip
    """A Drupal 7 page: RDFa doctype, Drupal.settings, header, main menu, sidebar blocks."""
    head_feed = (
        f'<link rel="alternate" type="application/rss+xml" title="{escape(feed[1])}" href="{feed[0]}" />'
        if feed
        else ""
    )
    feed_icon = (
        f'<a href="{feed[0]}" class="feed-icon" title="Đăng ký {escape(feed[1])}"><img typeof="foaf:Image" src="/misc/feed.png" width="16" height="16" alt="Đăng ký {escape(feed[1])}" /></a>'
        if feed
        else ""
    )
    latest = "".join(
        f'<li class="views-row views-row-{i + 1}"><span class="views-field views-field-title"><span class="field-content"><a href="{a.path}">{escape(a.title)}</a></span></span></li>'
        for i, a in enumerate(portal.articles[:5])
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.0//EN" "http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi" version="XHTML+RDFa 1.0" dir="ltr"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/terms/" xmlns:foaf="http://xmlns.com/foaf/0.1/"
  xmlns:og="http://ogp.me/ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:sioc="http://rdfs.org/sioc/ns#">
<head profile="http://www.w3.org/1999/xhtml/vocab">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<link rel="shortcut icon" href="/sites/default/files/favicon.ico" type="image/vnd.microsoft.icon" />{head_feed}
<meta name="Generator" content="Drupal 7 (http://drupal.org)" />
<title>{escape(title)} | {SITE}</title>
<style type="text/css" media="all">@import url("/modules/system/system.base.css?t2k8vq");
@import url("/sites/all/themes/skhcn/css/style.css?t2k8vq");</style>
<script type="text/javascript" src="/misc/jquery.js?v=1.4.4"></script>
<script type="text/javascript" src="/misc/drupal.js?t2k8vq"></script>
<script type="text/javascript"><!--//--><![CDATA[//><!--
jQuery.extend(Drupal.settings, {{"basePath":"\\/","pathPrefix":"","ajaxPageState":{{"theme":"skhcn","theme_token":"pX3v0qC6bH1y2Q9rWmZ8kT4eJ7uN5aDf"}}}});
//--><!]]>
</script>
</head>
<body class="html {body_class} not-logged-in one-sidebar sidebar-second">
<div id="skip-link"><a href="#main-content" class="element-invisible element-focusable">Chuyển tới nội dung chính</a></div>
<div id="page-wrapper"><div id="page">
<div id="header"><div class="section clearfix">
<a href="/" title="Trang chủ" rel="home" id="logo"><img src="/sites/default/files/logo-skhcn.png" alt="Trang chủ" /></a>
<div id="name-and-slogan"><div id="site-name"><strong><a href="/" title="Trang chủ" rel="home"><span>{SITE}</span></a></strong></div>
<div id="site-slogan">Khoa học và công nghệ - động lực phát triển</div></div>
<div class="region region-header"><div id="block-search-form" class="block block-search"><div class="content">
<form action="/tin-tuc" method="post" id="search-block-form" accept-charset="UTF-8"><div class="container-inline"><h2 class="element-invisible">Biểu mẫu tìm kiếm</h2>
<input title="Nhập từ khóa bạn muốn tìm." type="text" id="edit-search-block-form--2" name="search_block_form" value="" size="15" maxlength="128" class="form-text" />
<input type="submit" id="edit-submit" name="op" value="Tìm kiếm" class="form-submit" /></div></form></div></div></div></div></div>
<div id="navigation"><div class="section"><h2 class="element-invisible">Menu chính</h2><ul id="main-menu" class="links inline clearfix">
<li class="menu-218 first"><a href="/">Trang chủ</a></li><li class="menu-470"><a href="/gioi-thieu">Giới thiệu</a></li>
<li class="menu-471"><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li class="menu-472"><a href="/thong-bao">Thông báo</a></li>
<li class="menu-473"><a href="https://dichvucong.phutho.gov.vn/">Dịch vụ công</a></li><li class="menu-474 last"><a href="/lien-he">Liên hệ</a></li></ul>
<div id="block-nice-menus-1" class="block block-nice-menus">{furniture.mega_menu(STYLE, SECTIONS)}</div></div></div>
<div id="breadcrumb"><h2 class="element-invisible">Bạn đang ở đây</h2><div class="breadcrumb"><a href="/">Trang chủ</a>{crumb}</div></div>
<div id="main-wrapper"><div id="main" class="clearfix">
<div id="content" class="column"><div class="section"><a id="main-content"></a>{content}{feed_icon}</div></div>
<div id="sidebar-second" class="column sidebar"><div class="section"><div class="region region-sidebar-second">
<div id="block-views-tin-moi-block" class="block block-views"><h2>Tin mới</h2><div class="content"><div class="view view-tin-moi view-id-tin_moi view-display-id-block">
<div class="view-content"><div class="item-list"><ul>{latest}</ul></div></div></div></div></div>
<div id="block-user-login" class="block block-user"><h2>Đăng nhập</h2><div class="content">
<form action="/node?destination=node" method="post" id="user-login-form" accept-charset="UTF-8"><div>
<div class="form-item form-type-textfield form-item-name"><label for="edit-name">Tên đăng nhập <span class="form-required">*</span></label><input type="text" id="edit-name" name="name" size="15" maxlength="60" class="form-text required" /></div>
<div class="form-item form-type-password form-item-pass"><label for="edit-pass">Mật khẩu <span class="form-required">*</span></label><input type="password" id="edit-pass" name="pass" size="15" maxlength="128" class="form-text required" /></div>
<div class="item-list"><ul><li class="first"><a href="/user/register" title="Tạo tài khoản mới.">Tạo tài khoản mới</a></li><li class="last"><a href="/user/password" title="Yêu cầu mật khẩu mới qua thư điện tử.">Yêu cầu mật khẩu mới</a></li></ul></div>
<input type="submit" id="edit-submit--2" name="op" value="Đăng nhập" class="form-submit" /></div></form></div></div>
<div id="block-block-3" class="block block-block"><h2>Liên kết website</h2><div class="content"><select onchange="window.open(this.value)"><option>-- Chọn liên kết --</option>
<option value="https://www.most.gov.vn">Bộ Khoa học và Công nghệ</option><option value="https://phutho.gov.vn">Cổng TTĐT tỉnh Phú Thọ</option></select></div></div>
<div id="block-views-doc-nhieu-block" class="block block-views"><h2>Đọc nhiều</h2><div class="content"><div class="item-list"><ol>{furniture.headline_items(furniture.most_read(portal), lambda a: a.path, STYLE, dated=False)}</ol></div></div></div>
{furniture.agencies(STYLE, "block-block-5")}{furniture.poll(STYLE, "choice")}
<div id="block-statistics-popular" class="block block-statistics"><h2>Thống kê truy cập</h2><div class="content"><p>Đang truy cập: 23<br />Tổng lượt truy cập: 3.112.587</p></div></div>
</div></div></div></div></div>
<div id="footer-wrapper"><div class="section"><div id="footer" class="clearfix"><div class="region region-footer">
<div id="block-menu-menu-footer" class="block block-menu">{furniture.footer_menu(SECTIONS, "phutho", "menu")}</div>
<div id="block-block-1" class="block block-block"><div class="content"><p>Cơ quan chủ quản: {SITE}. Địa chỉ: Số 1468, đại lộ Hùng Vương, TP Việt Trì, tỉnh Phú Thọ.</p>
<p>Điện thoại: 0210.3846.203 - Email: skhcn@phutho.gov.vn. Ghi rõ nguồn khi phát hành lại thông tin từ trang này. <a href="/noi-bo/">Nội bộ</a></p></div></div></div></div></div></div>
</div></div></body></html>"""


def node(portal: FixturePortal, hit: Hit) -> Reply | None:
    found = next((a for a in portal.articles if a.path == hit.path), None)
    if found is None:
        return None
    number = node_id(found)
    kind = "thong_bao" if is_notice(portal, found) else "article"
    tags = (
        f"""<div class="field field-name-field-tags field-type-taxonomy-term-reference field-label-above"><div class="field-label">Từ khóa:&nbsp;</div>
<div class="field-items"><div class="field-item even"><a href="/taxonomy/term/{TERM[0]}" typeof="skos:Concept" property="rdfs:label skos:prefLabel" datatype="">{TERM[1]}</a></div></div></div>"""
        if tagged(found)
        else ""
    )
    same = [
        a
        for a in portal.articles
        if is_notice(portal, a) == is_notice(portal, found) and a is not found
    ]
    related = "".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in same[:5])
    if found is portal.articles[3]:
        related += '<li><a href="/node/987">Thông báo tuyển dụng viên chức năm 2019</a></li>'
    newest = furniture.headline_items(furniture.front(portal, found), lambda a: a.path, STYLE)
    content = f"""<h1 class="title" id="page-title">{escape(found.title)}</h1><div class="tabs"></div>
<div class="region region-content"><div id="block-system-main" class="block block-system"><div class="content">
<div id="node-{number}" class="node node-{kind} node-promoted clearfix" about="{found.path}" typeof="sioc:Item foaf:Document">
<span property="dc:title" content="{escape(found.title)}" class="rdf-meta element-hidden"></span>
<div class="meta submitted"><span property="dc:date dc:created" content="{found.published.isoformat()}+07:00" datatype="xsd:dateTime" rel="sioc:has_creator">Gửi bởi <span class="username" xml:lang="" typeof="sioc:UserAccount" property="foaf:name" datatype="">bientap</span> vào {submitted(found)}</span></div>
<div class="content clearfix">
<div class="field field-name-field-image field-type-image field-label-hidden"><div class="field-items"><div class="field-item even"><img typeof="foaf:Image" src="/sites/default/files/styles/large/public/field/image/anh-{number}.jpg?itok=Xq3z9LmA" width="480" height="320" alt="" /></div></div></div>
<div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" property="content:encoded"><p><strong>{escape(found.lead)}</strong></p>{found.body_html}</div></div></div>
{tags}</div>
<div class="link-wrapper"><ul class="links inline"><li class="print_html first"><a href="/print/{number}" title="Hiển thị phiên bản thân thiện với máy in của trang này." class="print-page" rel="nofollow"><img src="/sites/all/modules/print/icons/print_icon.png" alt="Bản in" /> Bản in</a></li>
<li class="print_mail"><a href="/printmail/{number}" title="Gửi trang này tới bạn bè" class="print-mail" rel="nofollow"><img src="/sites/all/modules/print/icons/mail_icon.png" alt="Gửi email" /> Gửi email</a></li>
<li class="print_pdf"><a href="/printpdf/{number}" title="Hiển thị phiên bản PDF của trang này." class="print-pdf" rel="nofollow"><img src="/sites/all/modules/print/icons/pdf_icon.png" alt="PDF" /> PDF</a></li>
<li class="comment_forbidden last"><span><a href="/user/login?destination=node/{number}%23comment-form">Đăng nhập</a> hoặc <a href="/user/register?destination=node/{number}%23comment-form">đăng ký</a> để gửi bình luận</span></li></ul></div>
</div></div></div></div>
<div class="service-links">{furniture.share_bar(found.path, "links inline")}</div>
<div id="block-views-tin-lien-quan-block" class="block block-views"><h2>Tin liên quan</h2><div class="content"><ul>{related}</ul></div></div>
<div id="block-views-tin-khac-block" class="block block-views"><h2>Các tin khác</h2><div class="content"><div class="view view-tin-khac"><ul>{newest}</ul></div></div></div>"""
    section = (
        ("/thong-bao", "Thông báo")
        if is_notice(portal, found)
        else ("/tin-tuc", "Tin tức - Sự kiện")
    )
    crumb = f' » <a href="{section[0]}">{section[1]}</a>'
    return Reply(page(portal, found.title, content, body_class=f"not-front page-node page-node-{number} node-type-{kind.replace('_', '-')}", crumb=crumb))  # fmt: skip


def pager(path: str, current: int, last: int) -> str:
    """Drupal 7's theme_pager: pages count from 0, page 0 is linked without ``?page=``."""

    def url(number: int) -> str:
        return path + (f"?page={number}" if number else "")

    items = [
        f'<li class="pager-item"><a title="Đến trang {n + 1}" href="{url(n)}">{n + 1}</a></li>'
        if n != current
        else f'<li class="pager-current">{n + 1}</li>'
        for n in range(last + 1)
    ]
    if current > 0:
        items[:0] = [f'<li class="pager-first first"><a title="Đến trang đầu tiên" href="{url(0)}">« đầu</a></li>',
                     f'<li class="pager-previous"><a title="Đến trang trước" href="{url(current - 1)}">‹ trước</a></li>']  # fmt: skip
    if current < last:
        items += [f'<li class="pager-next"><a title="Đến trang kế tiếp" href="{url(current + 1)}">tiếp ›</a></li>',
                  f'<li class="pager-last last"><a title="Đến trang cuối" href="{url(last)}">cuối »</a></li>']  # fmt: skip
    return f'<h2 class="element-invisible">Trang</h2><div class="item-list"><ul class="pager">{"".join(items)}</ul></div>'


def news_view(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path != "/tin-tuc":
        return None
    news = [a for a in portal.articles if not is_notice(portal, a)]
    last = (len(news) - 1) // PER_PAGE
    current = min(max(int(hit.arg("page", "0") or 0), 0), last)  # Drupal clamps to the last page
    rows = "".join(
        f"""<div class="views-row views-row-{i + 1} views-row-{"even" if i % 2 else "odd"}">
<div class="views-field views-field-field-image"><div class="field-content"><a href="{a.path}"><img typeof="foaf:Image" src="/sites/default/files/styles/thumbnail/public/field/image/anh-{node_id(a)}.jpg" width="100" height="67" alt="" /></a></div></div>
<div class="views-field views-field-title"><span class="field-content"><a href="{a.path}">{escape(a.title)}</a></span></div>
<div class="views-field views-field-created"><span class="field-content">{a.day}</span></div>
<div class="views-field views-field-body"><div class="field-content">{escape(a.lead)}</div></div></div>"""
        for i, a in enumerate(news[current * PER_PAGE : (current + 1) * PER_PAGE])
    )
    content = f"""<h1 class="title" id="page-title">Tin tức - Sự kiện</h1><div class="region region-content"><div id="block-system-main" class="block block-system"><div class="content">
<div class="view view-tin-tuc view-id-tin_tuc view-display-id-page view-dom-id-5f1c0e"><div class="view-content">{rows}</div>
{pager("/tin-tuc", current, last)}</div></div></div></div>"""
    return Reply(page(portal, "Tin tức - Sự kiện", content, body_class="not-front page-tin-tuc"))


def notices_view(portal: FixturePortal, hit: Hit) -> Reply | None:
    """A Views table whose column headers sort it (tablesort): same rows, other order."""
    if hit.path != "/thong-bao":
        return None
    notices = [a for a in portal.articles if is_notice(portal, a)]
    order, sort = hit.arg("order", "created"), hit.arg("sort", "desc")
    key = (lambda a: a.title) if order == "title" else (lambda a: a.published)
    notices.sort(key=key, reverse=sort == "desc")

    def header(field: str, label: str) -> str:
        flip = "asc" if order == field and sort == "desc" else "desc" if order == field else "asc"
        active = ' class="active"' if order == field else ""
        return f'<th class="views-field views-field-{field}"><a href="/thong-bao?order={field}&amp;sort={flip}" title="sắp xếp theo {label}"{active}>{label}</a></th>'

    rows = "".join(
        f'<tr class="{"even" if i % 2 else "odd"}"><td class="views-field views-field-title"><a href="{a.path}">{escape(a.title)}</a></td><td class="views-field views-field-created">{a.day}</td></tr>'
        for i, a in enumerate(notices)
    )
    content = f"""<h1 class="title" id="page-title">Thông báo</h1><div class="region region-content"><div id="block-system-main" class="block block-system"><div class="content">
<div class="view view-thong-bao view-id-thong_bao view-display-id-page"><div class="view-content"><table class="views-table cols-2">
<thead><tr>{header("title", "Tiêu đề")}{header("created", "Ngày đăng")}</tr></thead><tbody>{rows}</tbody></table></div></div></div></div></div>"""
    return Reply(page(portal, "Thông báo", content, body_class="not-front page-thong-bao"))


def front(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path not in ("/", "/node"):
        return None
    first, *rest = [a for a in portal.articles if not is_notice(portal, a)][:6]
    notices = [a for a in portal.articles if is_notice(portal, a)][:5]
    content = f"""<div class="region region-content"><div id="block-views-tin-noi-bat-block" class="block block-views"><h2>Tin nổi bật</h2><div class="content">
<div class="node-teaser"><h2><a href="{first.path}">{escape(first.title)}</a></h2><p>{escape(first.lead)}</p>
<ul class="links inline"><li class="node-readmore first last"><a href="{first.path}" rel="tag" title="{escape(first.title)}">Xem thêm<span class="element-invisible"> về {escape(first.title)}</span></a></li></ul></div>
<ul class="hot-list">{"".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in rest)}</ul></div></div>
<div id="block-views-thong-bao-block" class="block block-views"><h2>Thông báo</h2><div class="content"><ul>{"".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in notices)}</ul>
<div class="more-link"><a href="/thong-bao" title="Xem tất cả thông báo">xem tất cả</a></div></div></div></div>"""
    return Reply(
        page(portal, "Trang chủ", content, body_class="front", feed=("/rss.xml", f"{SITE} RSS"))
    )


def term(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path != f"/taxonomy/term/{TERM[0]}":
        return None
    teasers = "".join(
        f'<div class="node node-teaser"><h2><a href="{a.path}">{escape(a.title)}</a></h2><div class="meta submitted">{submitted(a)}</div><p>{escape(a.lead)}</p></div>'
        for a in portal.articles
        if tagged(a)
    )
    content = f'<h1 class="title" id="page-title">{TERM[1]}</h1><div class="region region-content"><div class="term-listing-heading"></div>{teasers}</div>'
    return Reply(page(portal, TERM[1], content, body_class="not-front page-taxonomy page-taxonomy-term",
                      feed=(f"/taxonomy/term/{TERM[0]}/feed", f"RSS - {TERM[1]}")))  # fmt: skip


def feed(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.path not in ("/rss.xml", f"/taxonomy/term/{TERM[0]}/feed"):
        return None
    chosen = [a for a in portal.articles if tagged(a) or hit.path == "/rss.xml"][:10]
    base = portal.base_url
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{base}{a.path}</link><description>{escape(a.lead)}</description>"
        f'<pubDate>{a.published:%a, %d %b %Y %H:%M:%S} +0700</pubDate><dc:creator>bientap</dc:creator><guid isPermaLink="false">{node_id(a)} at {base}</guid></item>'
        for a in chosen
    )
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xml:base="{base}" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>{SITE}</title><link>{base}</link><language>vi</language>{items}</channel></rss>"""
    return Reply(xml, content_type="application/rss+xml; charset=utf-8")


def static(portal: FixturePortal, hit: Hit) -> Reply | None:
    """Basic pages: "Giới thiệu" and the contact form (a textarea)."""
    if hit.path == "/gioi-thieu":
        text = """<p>Sở Khoa học và Công nghệ tỉnh Phú Thọ là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, thực hiện chức năng tham mưu,
giúp Ủy ban nhân dân tỉnh quản lý nhà nước về khoa học và công nghệ, bao gồm: hoạt động khoa học và công nghệ, đổi mới sáng tạo,
phát triển tiềm lực khoa học và công nghệ, tiêu chuẩn, đo lường, chất lượng, sở hữu trí tuệ, ứng dụng bức xạ và đồng vị phóng xạ.</p>"""
        content = f'<h1 class="title" id="page-title">Giới thiệu</h1><div class="node node-page">{text}</div>'
        return Reply(
            page(portal, "Giới thiệu", content, body_class="not-front page-node node-type-page")
        )
    if hit.path == "/lien-he":
        form = """<h1 class="title" id="page-title">Liên hệ</h1><form action="/lien-he" method="post" id="contact-site-form">
<div class="form-item"><label>Tên của bạn</label><input type="text" name="name" /></div><div class="form-item"><label>Tin nhắn</label>
<textarea name="message" cols="60" rows="5"></textarea></div><input type="submit" name="op" value="Gửi tin nhắn" /></form>"""
        return Reply(page(portal, "Liên hệ", form, body_class="not-front page-contact"))
    return None


def printmail(portal: FixturePortal, hit: Hit) -> Reply | None:
    """The print module's "send to a friend" form for a node."""
    found = re.fullmatch(r"/printmail/(\d+)", hit.path)
    if found is None:
        return None
    form = f"""<h1 class="title" id="page-title">Gửi trang này tới bạn bè</h1><form action="/printmail/{found.group(1)}" method="post" id="print-mail-form">
<div class="form-item"><label>Địa chỉ email của bạn</label><input type="text" name="fld_from_addr" /></div>
<div class="form-item"><label>Tên của bạn</label><input type="text" name="fld_from_name" /></div>
<div class="form-item"><label>Gửi đến</label><textarea name="txt_to_addrs" rows="3" cols="60"></textarea></div>
<div class="form-item"><label>Tin nhắn</label><textarea name="txt_message" rows="6" cols="60"></textarea></div>
<input type="submit" name="op" value="Gửi email" /></form>"""
    return Reply(
        page(portal, "Gửi trang này tới bạn bè", form, body_class="not-front page-printmail")
    )


def drupal_404(portal: FixturePortal, hit: Hit) -> Reply:
    content = f'<h1 class="title" id="page-title">Không tìm thấy trang</h1><div class="content">Không tìm thấy trang được yêu cầu "{escape(hit.path)}".</div>'
    return Reply(page(portal, "Không tìm thấy trang", content), status=404)


def build() -> FixturePortal:
    articles = corpus()
    portal = FixturePortal(
        "drupal", articles, [], trap_pattern=re.compile(r"^/(?:print|printmail|printpdf|user|comment)/|[?&](?:order|sort)=")
    )  # fmt: skip
    for item in articles:
        item.path = (
            f"/node/{node_id(item)}" if is_notice(portal, item) else f"/tin-tuc/{slug(item.title)}"
        )
    portal.routes = [
        lambda h: Reply(ROBOTS, content_type="text/plain") if h.path == "/robots.txt" else None,
        lambda h: feed(portal, h),
        lambda h: front(portal, h),
        lambda h: node(portal, h),
        lambda h: news_view(portal, h),
        lambda h: notices_view(portal, h),
        lambda h: term(portal, h),
        lambda h: static(portal, h),
        lambda h: printmail(portal, h),
        lambda h: Reply(b"%PDF-1.4\n% dompdf fixture\n%%EOF\n", content_type="application/pdf") if h.path.startswith("/printpdf/") else None,
        lambda h: drupal_404(portal, h),
    ]  # fmt: skip
    return portal
