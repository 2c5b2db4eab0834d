"""A Joomla 1.5 department site without SEF URLs (JA Purity template): every page is
``/index.php?option=com_...``; articles ``view=article&id=N:alias&catid=M:cat&Itemid=K`` with
the aliases Joomla 1.5 breaks on Vietnamese ("Hội nghị" -> "h-i-ngh"); category blogs paged by
``limitstart``; on every article PDF, print (``tmpl=component&print=1``) and e-mail
(``option=com_mailto``) icons; the login module's reset/remind/register links; RSS and Atom
feeds per blog (the syndicate module links the RSS one); an old article still linking with
Joomla 1.0 URLs (``task=view``, ``task=emailform``)."""

from __future__ import annotations

import base64
import re
import unicodedata
from html import escape
from urllib.parse import urlencode, urlsplit

from govcrawl.urls import canonical_url
from portals import furniture
from portals.base import Article, FixturePortal, Hit, Reply, corpus, robots

SITE = "Sở Khoa học và Công nghệ tỉnh Đắk Nông"
# Category id -> (alias, Itemid of its menu item, name).
CATEGORIES = {45: ("tin-ho-t-d-ng", 12, "Tin hoạt động"), 46: ("thong-bao", 13, "Thông báo")}
PER_PAGE = 10
STYLE = furniture.Style(
    "daknong", menu_class="menu-nav", item_class="parent", sub_class="menu-sub",
    box_class="moduletable", title_tag="h3", title_class="module-title", date_class="small", dated="({day})",
)  # fmt: skip
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
# The accented letters Joomla 1.5's transliteration table knows (Latin-1, and đ).
_LATIN1 = str.maketrans(
    {c: unicodedata.normalize("NFD", c)[0] for c in "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"}
    | {"đ": "d", "Đ": "D"}
)
ERROR_404 = """<html><head><title>404 - Không tìm thấy bài viết</title></head><body><div id="errorboxoutline">
<div id="errorboxheader">404 - Không tìm thấy bài viết</div><div id="errorboxbody"><p><strong>Bạn không thể truy cập trang này vì:</strong></p>
<ol><li>một <strong>liên kết hỏng</strong></li><li>một <strong>địa chỉ sai</strong></li></ol>
<p><a href="/index.php" title="Về trang chủ">Trang chủ</a></p></div></div></body></html>"""


def joomla15_alias(title: str) -> str:
    """What Joomla 1.5 makes of a Vietnamese title: Latin-1 letters lose their accents, every
    other letter with a diacritic (ạ, ộ, ư, ơ...) becomes a dash."""
    text = title.replace("-", " ").translate(_LATIN1)
    return re.sub(r"(?:\s|[^A-Za-z0-9-])+", "-", text).strip("-").lower()


def id_of(hit: Hit) -> int:
    """The numeric part of the ``id`` parameter (``1814:alias`` -> 1814), 0 if none."""
    head = hit.arg("id", "0").split(":")[0]
    return int(head) if head.isdigit() else 0


def article_id(article: Article) -> int:
    return article.id - 8200  # 1800..1831


def category_of(portal: FixturePortal, article: Article) -> int:
    return 46 if portal.articles.index(article) % 8 in (3, 6, 7) else 45  # 12 notices, 20 news


def article_query(portal: FixturePortal, article: Article) -> str:
    cat = category_of(portal, article)
    alias, itemid, _ = CATEGORIES[cat]
    return (
        f"index.php?option=com_content&view=article&id={article_id(article)}:"
        f"{joomla15_alias(article.title)}&catid={cat}:{alias}&Itemid={itemid}"
    )


def link(portal: FixturePortal, article: Article) -> str:
    return "/" + article_query(portal, article)


def blog_url(cat: int, start: int = 0, **extra: str) -> str:
    _, itemid, _ = CATEGORIES[cat]
    query = {"option": "com_content", "view": "category", "layout": "blog", "id": str(cat),
             "Itemid": str(itemid)} | ({"limitstart": str(start)} if start else {}) | extra  # fmt: skip
    return "/index.php?" + urlencode(query)


def created(article: Article) -> str:
    return f"{WEEKDAYS[article.published.weekday()]}, {article.published:%d} Tháng {article.published.month} {article.published:%Y %H:%M}"


def icons(portal: FixturePortal, article: Article) -> str:
    """The PDF, print and e-mail buttons Joomla 1.5 shows next to every article title."""
    cat = category_of(portal, article)
    alias, itemid, _ = CATEGORIES[cat]
    view = f"/index.php?view=article&amp;catid={cat}:{alias}&amp;id={article_id(article)}:{joomla15_alias(article.title)}"
    mail = base64.b64encode(f"{portal.base_url}{link(portal, article)}".encode()).decode()
    return f"""<td align="right" width="100%" class="buttonheading"><a href="{view}&amp;format=pdf&amp;option=com_content&amp;Itemid={itemid}" title="PDF" rel="nofollow"><img src="/images/M_images/pdf_button.png" alt="PDF" /></a></td>
<td align="right" width="100%" class="buttonheading"><a href="{view}&amp;tmpl=component&amp;print=1&amp;layout=default&amp;page=&amp;option=com_content&amp;Itemid={itemid}" title="In" onclick="window.open(this.href,'win2','status=no,toolbar=no,scrollbars=yes,width=640,height=480'); return false;" rel="nofollow"><img src="/images/M_images/printButton.png" alt="In" /></a></td>
<td align="right" width="100%" class="buttonheading"><a href="/index.php?option=com_mailto&amp;tmpl=component&amp;link={mail}" title="E-mail" onclick="window.open(this.href,'win2','width=400,height=350,menubar=yes,resizable=yes'); return false;"><img src="/images/M_images/emailButton.png" alt="E-mail" /></a></td>"""


def page(portal: FixturePortal, title: str, main: str, feed: str = "") -> str:
    """JA Purity: header, main nav, component, right column with login and latest news."""
    feeds = (
        f"""<link href="{escape(feed)}&amp;format=feed&amp;type=rss" rel="alternate" type="application/rss+xml" title="RSS 2.0" />
<link href="{escape(feed)}&amp;format=feed&amp;type=atom" rel="alternate" type="application/atom+xml" title="Atom 1.0" />"""
        if feed
        else ""
    )
    syndicate = (
        f'<div class="moduletable"><a href="{escape(feed)}&amp;format=feed&amp;type=rss"><img src="/images/M_images/livemarks.png" alt="feed-image" /> <span>Tin RSS</span></a></div>'
        if feed
        else ""
    )
    latest = "".join(
        f'<li class="latestnews"><a href="{escape(link(portal, a))}" class="latestnews">{escape(a.title)}</a></li>'
        for a in portal.articles[:5]
    )
    menu = "".join(
        f'<li><a href="{escape(blog_url(cat))}"><span>{name}</span></a></li>'
        for cat, (_, _, name) in CATEGORIES.items()
    )
    sections = [(blog_url(cat), name) for cat, (_, _, name) in CATEGORIES.items()]
    read = "".join(
        f'<li class="mostread"><a href="{escape(link(portal, a))}" class="mostread">{escape(a.title)}</a></li>'
        for a in furniture.most_read(portal)
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi-vn" lang="vi-vn">
<head><base href="{portal.base_url}/" /><meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta name="robots" content="index, follow" /><meta name="keywords" content="khoa học, công nghệ, Đắk Nông" />
<meta name="generator" content="Joomla! 1.5 - Open Source Content Management" />
<title>{escape(title)}</title>{feeds}
<link rel="stylesheet" href="/templates/ja_purity/css/template.css" type="text/css" />
<script type="text/javascript" src="/media/system/js/mootools.js"></script><script type="text/javascript" src="/media/system/js/caption.js"></script>
</head><body id="bd" class="fs3 Moz">
<a name="Top" id="Top"></a>
<div id="ja-wrapper">
<div id="ja-header" class="wrap"><div class="main"><div class="inner clearfix">
<h1 class="logo"><a href="/index.php" title="{SITE}"><span>{SITE}</span></a></h1>
<div id="ja-search"><form action="index.php" method="post"><input name="searchword" id="mod_search_searchword" maxlength="20" class="inputbox" type="text" size="20" value="Tìm kiếm..." /><input type="hidden" name="task" value="search" /><input type="hidden" name="option" value="com_search" /></form></div>
</div></div></div>
<div id="ja-mainnav" class="wrap"><div class="main"><div class="inner clearfix"><ul class="menu">
<li class="item1"><a href="{portal.base_url}/"><span>Trang chủ</span></a></li>
<li class="item2"><a href="/index.php?option=com_content&amp;view=article&amp;id=2&amp;Itemid=2"><span>Giới thiệu</span></a></li>{menu}
<li class="item5"><a href="/index.php?option=com_contact&amp;view=contact&amp;id=1&amp;Itemid=5"><span>Liên hệ</span></a></li>
<li class="item6"><a href="https://dichvucong.daknong.gov.vn/"><span>Dịch vụ công</span></a></li></ul>{furniture.mega_menu(STYLE, sections, home=portal.base_url + "/")}</div></div></div>
<div id="ja-container" class="wrap ja-r1"><div class="main clearfix">
<div id="ja-mainbody" style="width:73%"><div id="ja-main" style="width:100%"><div class="inner clearfix">
<div id="ja-pathway"><strong>Bạn đang ở:</strong> <span class="breadcrumbs pathway"><a href="{portal.base_url}/" class="pathway">Trang chủ</a></span></div>
<div id="ja-current-content" class="clearfix">{main}</div></div></div></div>
<div id="ja-right" class="column sidebar" style="width:27%"><div class="ja-innerpad">
<div class="moduletable"><h3>Đăng nhập</h3><form action="/index.php" method="post" name="login" id="form-login">
<p id="form-login-username"><label for="modlgn_username">Tên đăng nhập</label><br /><input id="modlgn_username" type="text" name="username" class="inputbox" size="18" /></p>
<p id="form-login-password"><label for="modlgn_passwd">Mật khẩu</label><br /><input id="modlgn_passwd" type="password" name="passwd" class="inputbox" size="18" /></p>
<input type="submit" name="Submit" class="button" value="Đăng nhập" />
<ul><li><a href="/index.php?option=com_user&amp;view=reset">Quên mật khẩu?</a></li><li><a href="/index.php?option=com_user&amp;view=remind">Quên tên đăng nhập?</a></li>
<li><a href="/index.php?option=com_user&amp;view=register">Tạo tài khoản</a></li></ul>
<input type="hidden" name="option" value="com_user" /><input type="hidden" name="task" value="login" /></form></div>
<div class="moduletable"><h3>Tin mới nhất</h3><ul class="latestnews">{latest}</ul></div>
<div class="moduletable"><h3>Liên kết website</h3><select onchange="window.open(this.value)"><option>-- Chọn liên kết --</option>
<option value="http://www.most.gov.vn">Bộ Khoa học và Công nghệ</option><option value="http://www.daknong.gov.vn">Cổng TTĐT tỉnh Đắk Nông</option></select></div>
<div class="moduletable_mostread"><h3>Tin xem nhiều</h3><ul class="mostread">{read}</ul></div>
{furniture.agencies(STYLE)}{furniture.poll(STYLE)}
<div class="moduletable"><h3>Thống kê truy cập</h3><p>Hôm nay: 127<br />Tất cả: 1.284.903</p></div>{syndicate}
</div></div></div></div>
<div id="ja-footer" class="wrap"><div class="main clearfix"><small>Bản quyền © 2010 {SITE}. Địa chỉ: đường 23 tháng 3, phường Nghĩa Đức, TX Gia Nghĩa, tỉnh Đắk Nông. ĐT: 0261.3544.180.
Ghi rõ nguồn khi phát hành lại thông tin từ website này.</small>{furniture.footer_menu(sections, "daknong")} <a href="/noi-bo/">Nội bộ</a></div></div>
</div></body></html>"""


def blog(portal: FixturePortal, hit: Hit) -> Reply | None:
    """A category blog (``view=category&layout=blog``), ``limitstart`` paging (page 1 without)."""
    cat = id_of(hit)
    if hit.arg("view") != "category" or cat not in CATEGORIES or hit.arg("format"):
        return None
    articles = [a for a in portal.articles if category_of(portal, a) == cat]
    start = int(hit.arg("limitstart", "0") or 0)
    items = "".join(
        f"""<div><table class="contentpaneopen"><tr><td class="contentheading" width="100%"><a href="{escape(link(portal, a))}" class="contentpagetitle">{escape(a.title)}</a></td>
{icons(portal, a)}</tr></table><table class="contentpaneopen"><tr><td valign="top" colspan="2" class="createdate">{created(a)}</td></tr>
<tr><td valign="top" colspan="2"><p>{escape(a.lead)}</p></td></tr>
<tr><td colspan="2"><a href="{escape(link(portal, a))}" class="readon">Đọc tiếp...</a></td></tr></table><span class="article_separator">&nbsp;</span></div>"""
        for a in articles[start : start + PER_PAGE]
    )
    pages = -(-len(articles) // PER_PAGE)
    current = start // PER_PAGE + 1

    def to(number: int, label: str) -> str:
        url = escape(blog_url(cat, (number - 1) * PER_PAGE))
        return f'<a href="{url}" title="{label}">{label}</a>'

    numbers = "".join(
        f"<strong><span>{n}</span></strong>"
        if n == current
        else f"<strong>{to(n, str(n))}</strong>"
        for n in range(1, pages + 1)
    )
    first = (
        "<span>Đầu</span><span>Trước</span>"
        if current == 1
        else to(1, "Đầu") + to(current - 1, "Trước")
    )
    last = (
        "<span>Tiếp</span><span>Cuối</span>"
        if current == pages
        else to(current + 1, "Tiếp") + to(pages, "Cuối")
    )
    pager = f"""<del class="container"><div class="pagination"><span>&laquo;</span>{first}{numbers}{last}<span>&raquo;</span></div></del>
<p class="counter">Trang {current} của {pages}</p>"""
    main = f"""<div class="componentheading">{CATEGORIES[cat][2]}</div><table class="blog" cellpadding="0" cellspacing="0">
<tr><td valign="top">{items}</td></tr><tr><td valign="top" align="center">{pager}</td></tr></table>"""
    return Reply(page(portal, CATEGORIES[cat][2], main, feed=blog_url(cat)))


def feed(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.arg("format") != "feed":
        return None
    cat = id_of(hit) if hit.arg("view") == "category" else 0
    articles = [a for a in portal.articles if category_of(portal, a) == cat] or portal.articles
    base = "http://" + hit.host
    if hit.arg("type") == "atom":
        entries = "".join(
            f'<entry><title>{escape(a.title)}</title><link rel="alternate" type="text/html" href="{escape(base + link(portal, a))}"/></entry>'
            for a in articles[:10]
        )
        xml = f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi-vn"><title>{SITE}</title>{entries}</feed>'
        return Reply(xml, content_type="application/atom+xml; charset=utf-8")
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(base + link(portal, a))}</link><description>{escape(a.lead)}</description></item>"
        for a in articles[:10]
    )
    xml = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{SITE}</title>{items}</channel></rss>'
    return Reply(xml, content_type="application/rss+xml; charset=utf-8")


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    """``view=article`` (and the Joomla 1.0 ``task=view`` the legacy plugin still accepts)."""
    if (
        not (hit.arg("view") == "article" or hit.arg("task") == "view")
        or hit.arg("tmpl")
        or hit.arg("format")
    ):
        return None
    number = id_of(hit)
    if number == 2:
        about = """<p>Sở Khoa học và Công nghệ tỉnh Đắk Nông là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu, giúp Ủy ban
nhân dân tỉnh quản lý nhà nước về khoa học và công nghệ, phát triển tiềm lực khoa học và công nghệ, tiêu chuẩn, đo lường,
chất lượng, sở hữu trí tuệ, ứng dụng bức xạ và đồng vị phóng xạ, an toàn bức xạ và hạt nhân trên địa bàn tỉnh.</p>"""
        return Reply(page(portal, "Giới thiệu", f'<table class="contentpaneopen"><tr><td class="contentheading" width="100%">Giới thiệu</td></tr></table><table class="contentpaneopen"><tr><td valign="top">{about}</td></tr></table>'))  # fmt: skip
    found = next((a for a in portal.articles if article_id(a) == number), None)
    if found is None:
        return Reply(ERROR_404, status=404)
    cat = category_of(portal, found)
    others = [a for a in portal.articles if category_of(portal, a) == cat and a is not found][:5]
    related = "".join(
        f'<li><a href="{escape(link(portal, a))}">{escape(a.title)}</a></li>' for a in others
    )
    if found is portal.articles[2]:
        related += '<li><a href="/index.php?option=com_content&amp;view=article&amp;id=1377:h-i-th-o-khoa-h-c-n-m-2016&amp;catid=45:tin-ho-t-d-ng&amp;Itemid=12">Hội thảo khoa học năm 2016</a></li>'
    newer = furniture.headline_items(
        furniture.front(portal, found), lambda a: link(portal, a), STYLE
    )
    legacy = ""
    if found is portal.articles[-1]:  # imported from the Joomla 1.0 site in 2009
        previous = portal.articles[-2]
        legacy = f"""<p>Xem thêm: <a href="index.php?option=com_content&amp;task=view&amp;id={article_id(previous)}&amp;Itemid=12">{escape(previous.title)}</a></p>
<p><a href="index2.php?option=com_content&amp;task=emailform&amp;id={article_id(found)}&amp;itemid=12">Gửi bài viết cho bạn bè</a></p>"""
    modified = (
        found.published.replace(hour=8, minute=12) if found.published.hour > 8 else found.published
    )
    main = f"""<table class="contentpaneopen"><tr><td class="contentheading" width="100%">{escape(found.title)}</td>
{icons(portal, found)}</tr></table>
<table class="contentpaneopen"><tr><td valign="top"><span class="small">Viết bởi Quản trị</span>&nbsp;&nbsp;</td></tr>
<tr><td valign="top" class="createdate">{created(found)}</td></tr>
<tr><td valign="top"><p><strong>{escape(found.lead)}</strong></p>{found.body_html}{legacy}</td></tr>
<tr><td colspan="2" class="modifydate">Lần cập nhật cuối ( {created(Article(0, "", modified, None, "", []))} )</td></tr></table>
<span class="article_separator">&nbsp;</span>
{furniture.share_bar(link(portal, found), "buttonheading")}
<div class="moduletable"><h3>Các tin khác</h3><ul class="relateditems">{related}</ul></div>
<h4>Tin mới hơn:</h4><ul>{newer}</ul>"""
    return Reply(page(portal, found.title, main))


def home(portal: FixturePortal, hit: Hit) -> Reply | None:
    if not (hit.path == "/" or hit.arg("view") == "frontpage") or hit.arg("format"):
        return None
    leading, *intro = portal.articles[:5]
    more = "".join(
        f'<li><a class="blogsection" href="{escape(link(portal, a))}">{escape(a.title)}</a></li>'
        for a in portal.articles[5:9]
    )
    items = "".join(
        f"""<div class="article_row"><table class="contentpaneopen"><tr><td class="contentheading" width="100%"><a href="{escape(link(portal, a))}" class="contentpagetitle">{escape(a.title)}</a></td></tr></table>
<table class="contentpaneopen"><tr><td valign="top" class="createdate">{created(a)}</td></tr><tr><td valign="top"><p>{escape(a.lead)}</p></td></tr>
<tr><td><a href="{escape(link(portal, a))}" class="readon">Đọc tiếp...</a></td></tr></table></div>"""
        for a in [leading, *intro]
    )
    main = f"""<table class="blog" cellpadding="0" cellspacing="0"><tr><td valign="top">{items}</td></tr>
<tr><td valign="top"><div class="blog_more"><strong>Xem thêm...</strong><ul>{more}</ul></div></td></tr></table>"""
    return Reply(
        page(portal, SITE, main, feed="/index.php?option=com_content&view=frontpage&Itemid=1")
    )


def contact(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.arg("option") != "com_contact":
        return None
    main = """<div class="componentheading">Liên hệ</div><div id="component-contact"><p>Văn phòng Sở Khoa học và Công nghệ tỉnh Đắk Nông</p>
<form action="index.php" method="post" name="emailForm" id="emailForm" class="form-validate"><label for="contact_name">Họ tên:</label><input type="text" name="name" id="contact_name" />
<label for="contact_text">Nội dung:</label><textarea cols="50" rows="10" name="text" id="contact_text" class="inputbox required"></textarea>
<button class="button validate" type="submit">Gửi</button><input type="hidden" name="option" value="com_contact" /><input type="hidden" name="task" value="submit" /></form></div>"""
    return Reply(page(portal, "Liên hệ", main))


def user(portal: FixturePortal, hit: Hit) -> Reply | None:
    if hit.arg("option") != "com_user":
        return None
    return Reply(page(portal, "Đăng nhập", '<div class="componentheading">Đăng ký</div><form action="index.php" method="post"><input name="username" /></form>'))  # fmt: skip


def build() -> FixturePortal:
    articles = corpus()
    portal = FixturePortal(
        "joomla", articles, [],
        trap_pattern=re.compile(r"tmpl=component|format=pdf|com_mailto|task=emailform|com_user\b|type=atom"),
    )  # fmt: skip
    for item in articles:
        parts = urlsplit(canonical_url("http://h" + link(portal, item)))
        item.path = f"{parts.path}?{parts.query}"
    portal.routes = [
        lambda h: robots(portal.base_url, sitemap=False) if h.path == "/robots.txt" else None,
        lambda h: None if h.path in ("/", "/index.php", "/index2.php") else Reply(ERROR_404, status=404),
        lambda h: feed(portal, h),
        lambda h: home(portal, h),
        lambda h: blog(portal, h),
        lambda h: article(portal, h),
        lambda h: contact(portal, h),
        lambda h: user(portal, h),
        lambda h: Reply(b"%PDF-1.3\n% TCPDF fixture\n%%EOF\n", content_type="application/pdf") if h.arg("format") == "pdf" else None,
        lambda h: Reply(f"<html><body><h1>{SITE}</h1></body></html>") if h.arg("tmpl") == "component" else None,
    ]  # fmt: skip
    return portal
