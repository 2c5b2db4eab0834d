"""A DotNetNuke 6 department portal (family G, skhdt.longan.gov.vn style): ``/tabid/NN/Default.aspx``
pages, ``dnn_`` ids and ``/DesktopModules/`` scripts; news articles
``/tabid/56/ArticleId/NNN/<Slug>.aspx`` in a Telerik RadGrid with SEO paging links
(``...grdNewsChangePage=2_8``), notices ``/tabid/57/Default.aspx?newsid=<GUID>``; every page
carries the skin's Login/Register/Terms/Privacy links for its own tab and a module print
action; DNN's default robots.txt (sitemap line commented out), no sitemap or feed."""

from __future__ import annotations

import re
import uuid
from html import escape
from urllib.parse import quote

from portals import furniture
from portals.base import Article, FixturePortal, Hit, Reply, corpus, slug

HOME, ABOUT, NEWS, NOTICES, CONTACT = 36, 37, 56, 57, 60
TABS = {
    HOME: "Trang chủ",
    ABOUT: "Giới thiệu",
    NEWS: "Tin tức - Sự kiện",
    NOTICES: "Thông báo",
    CONTACT: "Liên hệ",
}
PER_PAGE = 8
GRID = "dnn_ctr507_ViewNews_grdNews"
PORTAL = "Sở Kế hoạch và Đầu tư tỉnh Long An"
STYLE = furniture.Style(
    "longan", menu_class="subLevel", item_class="item haschild", sub_class="subLevelRight",
    box_class="DnnModule DnnModule-DNN_HTML", title_tag="h2", title_class="c_title",
    date_class="news-date", dated="({day})",
)  # fmt: skip
SECTIONS = [("/tabid/56/Default.aspx", "Tin tức - Sự kiện"), ("/tabid/57/Default.aspx", "Thông báo"),
            ("/tabid/37/Default.aspx", "Giới thiệu")]  # fmt: skip
ROBOTS = """# Begin robots.txt file
#/-----------------------------------------------\\
#| In single portal/domain situations, uncomment the sitmap line and enter domain name
#\\-----------------------------------------------/
#Sitemap: http://www.DOMAIN.com/sitemap.aspx

User-agent: *
Disallow: /admin/
Disallow: /App_Browsers/
Disallow: /App_Code/
Disallow: /App_Data/
Disallow: /App_GlobalResources/
Disallow: /bin/
Disallow: /Components/
Disallow: /Config/
Disallow: /contest/
Disallow: /controls/
Disallow: /DesktopModules/
Disallow: /Documentation/
Disallow: /HttpModules/
Disallow: /images/
Disallow: /Install/
Disallow: /Providers/
Disallow: /noi-bo/
# End of robots.txt file
"""
TERMS = """<div class="dnnTerms"><h2>Terms of Use</h2><p>Access to and use of this site is provided by {portal} subject
to the following terms. By using the site you agree to be legally bound by these terms, which shall take effect immediately on
your first use of the site. If you do not agree to be legally bound by all the following terms please do not access and/or use
the site. The portal may change these terms at any time by posting changes online; please review these terms regularly to
ensure you are aware of any changes made.</p><p>All content and materials available on the site, including but not limited
to text, graphics, website name, code, images and logos are the intellectual property of the portal and are protected by
applicable copyright and trademark law. Any inappropriate use, including but not limited to the reproduction, distribution,
display or transmission of any content on this site is strictly prohibited, unless specifically authorized.</p>
<p>You agree not to use any device, software or routine to interfere or attempt to interfere with the proper working of the
site or any activity being conducted on the site. You agree, further, not to use or attempt to use any engine, software, tool,
agent or other device or mechanism (including without limitation browsers, spiders, robots, avatars or intelligent agents) to
navigate or search the site other than the search engine and search agents available from the portal on the site.</p></div>"""
IIS_404 = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>404 - File or directory not found.</title></head>
<body><div id="header"><h1>Server Error</h1></div><div id="content"><fieldset><h2>404 - File or directory not found.</h2>
<h3>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</h3></fieldset></div></body></html>"""


def tab_url(tab: int) -> str:
    return f"/tabid/{tab}/Default.aspx"


def is_notice(portal: FixturePortal, article: Article) -> bool:
    return portal.articles.index(article) % 4 == 3  # 8 notices, 24 news


def news_id(article: Article) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"skhdt.longan.gov.vn/{article.id}")).upper()


def module(number: int, kind: str, title: str, content: str, tab: int) -> str:
    """A DNN module in its container, with the print action every container shows."""
    print_url = (
        f"/tabid/{tab}/ctl/Print/mid/{number}/Default.aspx?dnnprintmode=true"
        "&amp;SkinSrc=%5bG%5dSkins%2f_default%2fNo+Skin&amp;ContainerSrc=%5bG%5dContainers%2f_default%2fNo+Container"
    )
    return f"""<div class="DnnModule DnnModule-{kind} DnnModule-{number}"><a name="{number}"></a>
<div class="c_container c_head_blue"><h2 class="c_title"><span id="dnn_ctr{number}_dnnTITLE_titleLabel" class="TitleHead">{title}</span></h2>
<div id="dnn_ctr{number}_ContentPane" class="c_content"><div id="dnn_ctr{number}_ModuleContent" class="DNNModuleContent Mod{kind}C">{content}</div></div>
<div class="c_footer"><a id="dnn_ctr{number}_dnnPRINTMODULE_ModuleActionLink" href="{print_url}" target="_blank"><img src="/images/action_print.gif" alt="In" /></a></div></div></div>"""


def page(portal: FixturePortal, tab: int, title: str, content: str, action: str) -> str:
    """The DNN skin: generator meta, WebForms form, DDR menu, skin objects for the tab."""
    back = quote(action, safe="").lower()
    menu = "".join(
        f'<li class="item{" selected" if t == tab else ""}"><a href="{tab_url(t)}"><div><span>{name}</span></div></a></li>'
        for t, name in TABS.items()
    )
    latest = "".join(
        f'<li><a href="{a.path}">{escape(a.title)}</a></li>'
        for a in portal.articles[:5]
        if not is_notice(portal, a)
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="vi-VN" lang="vi-VN" xmlns="http://www.w3.org/1999/xhtml">
<head id="Head"><!--**********************************************************************************-->
<!-- DotNetNuke - http://www.dotnetnuke.com                                          -->
<!-- Copyright (c) 2002-2012                                                          -->
<!-- by DotNetNuke Corporation                                                        -->
<!--**********************************************************************************-->
<meta content="text/html; charset=UTF-8" http-equiv="Content-Type" /><meta content="text/javascript" http-equiv="Content-Script-Type" />
<meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " /><meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" />
<title>{escape(title)}</title>
<link href="/Portals/_default/default.css?cdv=41" type="text/css" rel="stylesheet"/><link href="/Portals/0/Skins/SoKHDT/skin.css?cdv=41" type="text/css" rel="stylesheet"/>
<script src="/Resources/Shared/Scripts/jquery/jquery.min.js?cdv=41" type="text/javascript"></script>
<script src="/DesktopModules/NewsArticles/js/newsarticles.js?cdv=41" type="text/javascript"></script></head>
<body id="Body">
<form method="post" action="{escape(action)}" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden"><input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" /><input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY4ODcxNTM3OQ9kFgZmDxYCHgRUZXh0BT48IURPQ1RZUEUgaHRtbCBQVUJMSUMg{tab}" /></div>
<script src="/WebResource.axd?d=pynGkmcFUV13He1Qd6_TZAG0REM8qqEBAHCZinHsmTftbBz8ARFqQG4SmTbTGQGNsxByiuhhp7M8BL__qlDclA2&amp;t=634773918900000000" type="text/javascript"></script>
<script src="/Telerik.Web.UI.WebResource.axd?_TSM_HiddenField_=ScriptManager_TSM&amp;compress=1" type="text/javascript"></script>
<div id="dnn_ControlPanel"></div>
<div id="skin-wrapper">
 <div id="skin-top"><span id="dnn_dnnCURRENTDATE_lblDate" class="DateToken">Thứ bảy, 04/04/2026</span>
  <div class="user-links"><a id="dnn_dnnUSER_registerLink" title="Đăng ký" class="SkinObject" rel="nofollow" href="/tabid/{tab}/ctl/Register/Default.aspx?returnurl={back}">Đăng ký</a> |
  <a id="dnn_dnnLOGIN_loginLink" title="Đăng nhập" class="SkinObject" rel="nofollow" href="/tabid/{tab}/ctl/Login/Default.aspx?returnurl={back}">Đăng nhập</a></div>
  <div class="search"><span id="dnn_dnnSEARCH_ClassicSearch"><input name="dnn$dnnSEARCH$txtSearch" type="text" maxlength="255" size="20" id="dnn_dnnSEARCH_txtSearch" class="NormalTextBox" />
  <a id="dnn_dnnSEARCH_cmdSearch" class="SkinObject" href="javascript:__doPostBack(&#39;dnn$dnnSEARCH$cmdSearch&#39;,&#39;&#39;)">Tìm kiếm</a></span></div></div>
 <div id="skin-banner"><a id="dnn_dnnLOGO_hypLogo" title="{PORTAL}" href="/"><img id="dnn_dnnLOGO_imgLogo" src="/Portals/0/banner-skhdt.jpg" alt="{PORTAL}" /></a></div>
 <div id="skin-menu"><div id="dnn_dnnNAV_ctldnnNAV"><ul class="topLevel">{menu}
 <li class="item"><a href="https://dichvucong.longan.gov.vn/"><div><span>Dịch vụ công</span></div></a></li></ul>{furniture.mega_menu(STYLE, SECTIONS)}</div></div>
 <div id="skin-breadcrumb">Bạn đang ở: <span id="dnn_dnnBREADCRUMB_lblBreadCrumb"><a href="{tab_url(tab)}" class="Breadcrumb">{TABS[tab]}</a></span></div>
 <div id="skin-content">
  <div id="dnn_ContentPane" class="contentPane">{content}</div>
  <div id="dnn_LeftPane" class="leftPane">
   <div class="DnnModule DnnModule-DNN_HTML DnnModule-420"><div class="c_container"><h2 class="c_title">Tin mới</h2><div class="c_content tinmoi"><ul>{latest}</ul></div></div></div>
   <div class="DnnModule DnnModule-DNN_HTML DnnModule-421"><div class="c_container"><h2 class="c_title">Liên kết website</h2><div class="c_content lienket">
   <select onchange="window.open(this.value)"><option>-- Liên kết website --</option><option value="http://www.chinhphu.vn">Cổng TTĐT Chính phủ</option>
   <option value="http://www.mpi.gov.vn">Bộ Kế hoạch và Đầu tư</option><option value="http://www.longan.gov.vn">Cổng TTĐT tỉnh Long An</option></select></div></div></div>
   {furniture.box(STYLE, "Tin xem nhiều", f'<div class="c_content xemnhieu"><ul>{furniture.headline_items(furniture.most_read(portal), lambda a: a.path, STYLE, dated=False)}</ul></div>', "DnnModule-422")}
   {furniture.agencies(STYLE, "DnnModule-423")}
   <div class="DnnModule DnnModule-Survey DnnModule-433"><div class="c_container"><h2 class="c_title">Thăm dò ý kiến</h2><div class="c_content">
   <p>Bạn thấy thông tin trên website có hữu ích không?</p><input type="radio" name="dnn$ctr433$Survey$rbl" value="1" />Rất hữu ích<br /><input type="radio" name="dnn$ctr433$Survey$rbl" value="2" />Bình thường<br />
   <a href="javascript:__doPostBack(&#39;dnn$ctr433$Survey$cmdSubmit&#39;,&#39;&#39;)">Bình chọn</a></div></div></div>
  </div>
 </div>
 <div id="skin-footer"><div class="footer-links"><a id="dnn_dnnTERMS_hypTerms" class="SkinObject" rel="nofollow" href="/tabid/{tab}/ctl/Terms/Default.aspx">Điều khoản sử dụng</a> |
 <a id="dnn_dnnPRIVACY_hypPrivacy" class="SkinObject" rel="nofollow" href="/tabid/{tab}/ctl/Privacy/Default.aspx">Chính sách bảo mật</a> | <a href="/noi-bo/Default.aspx">Nội bộ</a></div>
 {furniture.footer_menu(SECTIONS, "longan")}<p><span id="dnn_dnnCOPYRIGHT_lblCopyright" class="SkinObject">Bản quyền thuộc {PORTAL}</span></p>
 <p>Địa chỉ: Số 137, đường Nguyễn Đình Chiểu, Phường 1, TP Tân An, tỉnh Long An. Điện thoại: (0272) 3826 412 - Fax: (0272) 3825 608</p>
 <p>Chịu trách nhiệm chính: Giám đốc Sở Kế hoạch và Đầu tư. Giấy phép số 04/GP-TTĐT do Sở Thông tin và Truyền thông cấp.</p>
 <p class="counter">Số lượt truy cập: 2.918.406 - Đang truy cập: 37</p></div>
</div>
<input name="ScrollTop" type="hidden" id="ScrollTop" /><input name="__dnnVariable" type="hidden" id="__dnnVariable" value="{{&quot;__scdoff&quot;:&quot;1&quot;}}" />
</form></body></html>"""


def skin_control(portal: FixturePortal, hit: Hit) -> Reply | None:
    """``/tabid/N/ctl/<Control>/...``: the skin's Terms, Privacy, Login, Register and print views."""
    found = re.match(r"/tabid/(\d+)/ctl/(\w+)/", hit.path, re.IGNORECASE)
    if found is None or int(found.group(1)) not in TABS:
        return None
    tab, control = int(found.group(1)), found.group(2).lower()
    if control in ("terms", "privacy"):
        title = "Điều khoản sử dụng" if control == "terms" else "Chính sách bảo mật"
        text = TERMS.format(portal=PORTAL)
        if control == "privacy":
            text = text.replace("Terms of Use", "Privacy Statement")
        return Reply(page(portal, tab, f"{PORTAL} > {title}", text, hit.path))
    if control in ("login", "register", "sendpassword"):
        form = """<div class="dnnForm dnnLogin"><label>Tên đăng nhập:</label><input name="dnn$ctr$Login$Login_DNN$txtUsername" type="text" />
<label>Mật khẩu:</label><input name="dnn$ctr$Login$Login_DNN$txtPassword" type="password" />
<a href="javascript:__doPostBack(&#39;dnn$ctr$Login$Login_DNN$cmdLogin&#39;,&#39;&#39;)">Đăng nhập</a></div>"""
        return Reply(page(portal, tab, f"{PORTAL} > Đăng nhập", form, hit.path))
    return Reply(f"<html><body>{rad_grid(portal, 1)}</body></html>")  # ctl/Print: no skin


def grid_url(number: int) -> str:
    return f"{tab_url(NEWS)}?{GRID}ChangePage={number}_{PER_PAGE}"


def rad_grid(portal: FixturePortal, number: int) -> str:
    """A Telerik RadGrid with SEO paging: first/prev/numbers/next/last are links."""
    news = [a for a in portal.articles if not is_notice(portal, a)]
    last = -(-len(news) // PER_PAGE)
    rows = "".join(
        f"""<tr class="{"rgAltRow" if i % 2 else "rgRow"}" id="{GRID}_ctl00__{i}"><td><div class="news-item">
<a class="news-img" href="{a.path}"><img src="/Portals/0/News/{a.published:%Y%m}/{a.id}_thumb.jpg" alt="" /></a>
<a class="news-title" href="{a.path}">{escape(a.title)}</a> <span class="news-date">({a.day})</span><p class="news-desc">{escape(a.lead)}</p></div></td></tr>"""
        for i, a in enumerate(news[(number - 1) * PER_PAGE : number * PER_PAGE])
    )
    numbers = "".join(
        f'<a{" class=rgCurrentPage" if n == number else ""} href="{grid_url(n)}"><span>{n}</span></a>'
        for n in range(1, last + 1)
    )
    pager = f"""<tr class="rgPager"><td><table summary="Data pager which controls on which page is shown." style="width:100%;border-spacing:0;"><tbody><tr><td class="rgPagerCell NextPrevAndNumeric">
<div class="rgWrap rgArrPart1"><a class="rgPageFirst" title="Trang đầu" href="{grid_url(1)}"></a><a class="rgPagePrev" title="Trang trước" href="{grid_url(max(number - 1, 1))}"></a></div>
<div class="rgWrap rgNumPart">{numbers}</div>
<div class="rgWrap rgArrPart2"><a class="rgPageNext" title="Trang sau" href="{grid_url(min(number + 1, last))}"></a><a class="rgPageLast" title="Trang cuối" href="{grid_url(last)}"></a></div>
<div class="rgWrap rgInfoPart">&nbsp;Trang <strong>{number}</strong> / <strong>{last}</strong>, tổng số <strong>{len(news)}</strong> tin</div></td></tr></tbody></table></td></tr>"""
    return f"""<div id="{GRID}" class="RadGrid RadGrid_Default"><table class="rgMasterTable" id="{GRID}_ctl00">
<tfoot>{pager}</tfoot><tbody>{rows}</tbody></table></div>"""


def tab_page(portal: FixturePortal, hit: Hit) -> Reply | None:
    found = re.fullmatch(r"/tabid/(\d+)/Default\.aspx", hit.path, re.IGNORECASE)
    tab = HOME if hit.path == "/" else int(found.group(1)) if found else None
    if tab not in TABS or hit.arg("newsid"):
        return None
    if tab == NEWS:
        changed = hit.arg(f"{GRID}ChangePage", "1_8").split("_")[0]
        content = module(507, "NewsArticles", TABS[NEWS], rad_grid(portal, int(changed)), tab)
    elif tab == NOTICES:
        items = "".join(
            f'<li><a href="{a.path}">{escape(a.title)}</a> <span class="tb-date">({a.day})</span></li>'
            for a in portal.articles
            if is_notice(portal, a)
        )
        content = module(512, "ThongBao", TABS[NOTICES], f'<ul class="tb-list">{items}</ul>', tab)
    elif tab == ABOUT:
        text = """<p>Sở Kế hoạch và Đầu tư là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh Long An, tham mưu, giúp Ủy ban nhân dân
tỉnh quản lý nhà nước về quy hoạch, kế hoạch và đầu tư, đăng ký doanh nghiệp, kinh tế tập thể và kinh tế tư nhân.</p>
<p>Sở có tư cách pháp nhân, có con dấu và tài khoản riêng, chịu sự chỉ đạo, quản lý về tổ chức, biên chế và công tác của
Ủy ban nhân dân tỉnh, đồng thời chịu sự chỉ đạo, kiểm tra, hướng dẫn về chuyên môn, nghiệp vụ của Bộ Kế hoạch và Đầu tư.</p>"""
        content = module(441, "DNN_HTML", TABS[ABOUT], text, tab)
    elif tab == CONTACT:
        form = """<p>Mọi ý kiến đóng góp xin gửi về Sở Kế hoạch và Đầu tư tỉnh Long An.</p><table class="feedback">
<tr><td>Họ tên</td><td><input name="dnn$ctr455$Feedback$txtName" type="text" /></td></tr>
<tr><td>Nội dung</td><td><textarea name="dnn$ctr455$Feedback$txtBody" rows="8" cols="40"></textarea></td></tr></table>
<a href="javascript:__doPostBack(&#39;dnn$ctr455$Feedback$cmdSend&#39;,&#39;&#39;)">Gửi</a>"""
        content = module(455, "Feedback", TABS[CONTACT], form, tab)
    else:
        content = home_content(portal)
    return Reply(page(portal, tab, portal_title(tab), content, hit.path))


def portal_title(tab: int) -> str:
    return PORTAL if tab == HOME else TABS[tab]


def home_content(portal: FixturePortal) -> str:
    first, *others = [a for a in portal.articles if not is_notice(portal, a)][:5]
    notices = [a for a in portal.articles if is_notice(portal, a)][:4]
    hot = f"""<div class="hot-news"><a href="{first.path}"><img src="/Portals/0/News/{first.published:%Y%m}/{first.id}.jpg" alt="" /></a>
<h3><a href="{first.path}">{escape(first.title)}</a></h3><p>{escape(first.lead)}</p></div>
<ul class="hot-list">{"".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in others)}</ul>"""
    board = "".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in notices)
    return module(507, "NewsArticles", "Tin nổi bật", hot, HOME) + module(
        512, "ThongBao", "Thông báo", f'<ul class="tb-list">{board}</ul>', HOME
    )


def article(portal: FixturePortal, hit: Hit) -> Reply | None:
    found = next((a for a in portal.articles if a.path == hit.path + (f"?newsid={hit.arg('newsid')}" if hit.arg("newsid") else "")), None)  # fmt: skip
    deleted = hit.path.startswith(f"/tabid/{NEWS}/ArticleId/")
    if found is None and not deleted:
        return None
    tab = NOTICES if found is not None and is_notice(portal, found) else NEWS
    if found is None:
        content = module(507, "NewsArticles", TABS[NEWS], '<div class="dnnFormMessage dnnFormWarning">Bài viết không tồn tại hoặc đã bị xóa.</div>', tab)  # fmt: skip
        return Reply(page(portal, tab, PORTAL, content, hit.path))
    peers = [
        a for a in portal.articles if is_notice(portal, a) == (tab == NOTICES) and a is not found
    ]
    others = "".join(
        f'<li><a href="{a.path}">{escape(a.title)}</a> ({a.day})</li>' for a in peers[:5]
    )
    if found is portal.articles[0]:
        others += f'<li><a href="/tabid/{NEWS}/ArticleId/9871/Thong-bao-ket-qua-xet-tuyen-vien-chuc-nam-2019.aspx">Thông báo kết quả xét tuyển viên chức năm 2019</a> (12/07/2019)</li>'
    attachment = (
        f'<div class="article-attach">Văn bản đính kèm: <a href="/LinkClick.aspx?fileticket=Xy3k9LmQ{found.id}aE%3d&amp;tabid={tab}&amp;mid=507">'
        f"KH-{found.id}-SKHĐT.pdf</a></div>"
        if found.id % 4 == 0
        else ""
    )
    detail = f"""<div class="article-detail"><h1 class="article-title">{escape(found.title)}</h1>
<span class="article-date">Cập nhật: {found.published:%d/%m/%Y %H:%M}</span>
<div class="article-summary">{escape(found.lead)}</div><div class="article-body">{found.body_html}</div>{attachment}
<div class="article-tool"><a href="javascript:window.print()">In trang</a> | <a href="mailto:?subject={quote(found.title)}">Gửi email</a></div>
{furniture.share_bar(found.path, "article-share")}
<div class="other-news"><h3>Các tin khác</h3><ul>{others}</ul></div>
<h3>Tin mới đăng</h3><ul>{furniture.headline_items(furniture.front(portal, found), lambda a: a.path, STYLE)}</ul></div>"""
    kind, number = ("ThongBao", 512) if tab == NOTICES else ("NewsArticles", 507)
    return Reply(
        page(portal, tab, found.title, module(number, kind, TABS[tab], detail, tab), hit.path)
    )


def build() -> FixturePortal:
    articles = corpus()
    portal = FixturePortal(
        "dotnetnuke", articles, [], trap_pattern=re.compile(r"/ctl/|dnnprintmode|LinkClick\.aspx", re.I)
    )  # fmt: skip
    for item in articles:
        item.path = (
            f"{tab_url(NOTICES)}?newsid={news_id(item)}"
            if is_notice(portal, item)
            else f"/tabid/{NEWS}/ArticleId/{item.id}/{slug(item.title, lower=False)}.aspx"
        )
    portal.routes = [
        lambda h: Reply(ROBOTS, content_type="text/plain") if h.path == "/robots.txt" else None,
        lambda h: skin_control(portal, h),
        lambda h: article(portal, h),
        lambda h: tab_page(portal, h),
        lambda h: Reply(IIS_404, status=404),
    ]  # fmt: skip
    return portal
