"""Platform families: detection, URL shapes, denied URLs, POST paging hooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.http import FormRequest, HtmlResponse, Request

from govcrawl import platforms
from govcrawl.platforms import desktopmodule, newspaper_cms, sharepoint

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.mark.parametrize(
    ("stem", "family"),
    [
        ("liferay_article_bacgiang", "liferay"),
        ("liferay_listing_danang", "liferay"),
        ("english_article_danang", "liferay"),
        ("sharepoint_tandan_dienbien", "sharepoint"),
        ("desktopmodule_article_ninhbinh", "desktopmodule"),
        ("upload_cms_article_hungyen", "upload_cms"),
        ("kenhtin_article_thanhhoa", "kenhtin"),
    ],
)
def test_detection_on_saved_pages(stem: str, family: str) -> None:
    meta = json.loads((PAGES / f"{stem}.json").read_text(encoding="utf-8"))
    html = (PAGES / f"{stem}.html").read_bytes().decode("utf-8", errors="replace")
    assert platforms.detect(meta["url"], html).name == family


def test_unknown_pages_get_the_generic_profile() -> None:
    assert (
        platforms.detect("https://x.gov.vn/", "<html><body><p>Xin chào</p></body></html>").name
        == "generic"
    )


def test_every_family_is_registered() -> None:
    assert {"generic", "liferay", "sharepoint", "desktopmodule", "upload_cms", "kenhtin",
            "newspaper_cms", "dotnetnuke", "wordpress", "joomla", "drupal"} <= set(platforms.all_platforms())  # fmt: skip
    with pytest.raises(KeyError, match="unknown platform"):
        platforms.get("typo3")


@pytest.mark.parametrize(
    ("family", "url", "kind"),
    [
        (
            "liferay",
            "https://danang.gov.vn/web/dng/-/tp-hcm-at-muc-tieu-giai-quyet-viec-lam",
            "article",
        ),
        (
            "liferay",
            "https://data.gov.vn/web/guest/news/-/asset_publisher/FRkblAs8yr3H/content/quan-tri",
            "article",
        ),
        (
            "liferay",
            "https://x.gov.vn/tin-tuc?p_p_id=101_INSTANCE_abc&_101_INSTANCE_abc_cur=2",
            "listing",
        ),
        (
            "sharepoint",
            "https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=168690",
            "article",
        ),
        ("sharepoint", "https://www.quangninh.gov.vn/Trang/Tin-tuc-su-kien.aspx?Cat=82", "listing"),
        (
            "desktopmodule",
            "https://sokhcn.ninhbinh.gov.vn/tin-hoat-dong/hoi-nghi-tong-ket-nam-2020-31452",
            "article",
        ),
        ("desktopmodule", "https://sokhcn.ninhbinh.gov.vn/tin-hoat-dong-cua-so", "listing"),
        (
            "upload_cms",
            "https://hungyen.gov.vn/chuyen-muc-chi-dao-dieu-hanh-c21072-2.html",
            "listing",
        ),
        (
            "upload_cms",
            "https://hungyen.gov.vn/hung-yen-day-nhanh-giai-ngan-204512.html",
            "article",
        ),
        (
            "kenhtin",
            "https://dbndthanhhoa.gov.vn/portal/pages/2025-06-12/ky-hop-thu-20-185.aspx",
            "article",
        ),
        ("wordpress", "https://nso.gov.vn/2024/05/07/bao-cao-tinh-hinh/", "article"),
        ("wordpress", "https://nso.gov.vn/category/tin-tuc/page/3/", "listing"),
        (
            "joomla",
            "https://bachmai.gov.vn/index.php?option=com_content&task=view&id=2400",
            "article",
        ),
        (
            "joomla",  # canonical form: query parameters sorted
            "https://x.gov.vn/index.php?Itemid=12&catid=45%3Atin-ho-t-d-ng&id=1814%3Ah-i-ngh"
            "&option=com_content&view=article",
            "article",
        ),
        (
            "joomla",
            "https://x.gov.vn/index.php?Itemid=12&id=45&layout=blog&limitstart=10"
            "&option=com_content&view=category",
            "listing",
        ),
        ("drupal", "https://phutho.gov.vn/node/12345", "article"),
        ("dotnetnuke", "https://gdnn.gov.vn/Default.aspx?tabid=89&cateid=546", "listing"),
    ],
)
def test_url_kinds(family: str, url: str, kind: str) -> None:
    assert platforms.get(family).url_kind(url) == kind


@pytest.mark.parametrize(
    ("family", "url"),
    [
        ("liferay", "https://x.gov.vn/web/guest/home?p_p_id=58&p_p_lifecycle=1&p_p_state=normal"),
        ("liferay", "https://x.gov.vn/c/portal/login?p_l_id=123"),
        ("sharepoint", "https://x.gov.vn/sites/skhcn/_layouts/15/Authenticate.aspx?Source=%2F"),
        ("sharepoint", "https://x.gov.vn/Lists/TinTuc/Forms/AllItems.aspx"),
        ("wordpress", "https://x.gov.vn/2024/05/07/bai/?replytocom=12"),
        ("joomla", "https://x.gov.vn/index.php?option=com_mailto&tmpl=component&link=aHR0cA"),
        ("joomla", "https://x.gov.vn/index.php?Itemid=12&format=pdf&id=1814%3Aa&view=article"),
        ("joomla", "https://x.gov.vn/index.php?option=com_user&view=reset"),
        ("joomla", "https://x.gov.vn/index.php?format=feed&id=45&type=atom&view=category"),
        ("joomla", "https://x.gov.vn/index2.php?option=com_content&task=emailform&id=1814"),
        ("drupal", "https://x.gov.vn/printmail/1024"),
        ("drupal", "https://x.gov.vn/print/1024"),
        ("dotnetnuke", "https://x.gov.vn/tabid/36/ctl/Login/Default.aspx"),
        ("dotnetnuke", "https://x.gov.vn/tabid/56/ctl/Terms/Default.aspx"),
        ("dotnetnuke", "https://x.gov.vn/Default.aspx?tabid=57&ctl=Privacy"),
    ],
)
def test_denied_urls(family: str, url: str) -> None:
    assert platforms.get(family).denies(url)


@pytest.mark.parametrize(
    ("family", "url"),
    [
        ("joomla", "https://x.gov.vn/index.php?format=feed&id=45&type=rss&view=category"),
        ("joomla", "https://x.gov.vn/index.php?id=1814%3Aa&option=com_content&view=article"),
        ("dotnetnuke", "https://x.gov.vn/tabid/56/ArticleId/1234/Hoi-nghi.aspx"),
        ("drupal", "https://x.gov.vn/tin-tuc/in-an-tai-lieu-khoa-hoc"),
    ],
)
def test_pages_worth_fetching_are_not_denied(family: str, url: str) -> None:
    assert not platforms.get(family).denies(url)


POSTBACK_PAGE = """<html><body><form method="post" action="./Tin-tuc.aspx" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4NzM=" />
<input type="hidden" name="__EVENTVALIDATION" value="EV123" />
<input type="hidden" name="__EVENTTARGET" value="" /><input type="hidden" name="__EVENTARGUMENT" value="" />
<table class="Paging"><tr><td><span>1</span></td>
<td><a href="javascript:__doPostBack('ctl00$m$g_1f2e$gView','Page$2')">2</a></td>
<td><a href="javascript:__doPostBack('ctl00$m$g_1f2e$gView','Page$3')">3</a></td></tr></table>
</form></body></html>"""


def test_sharepoint_postback_paging_replays_the_view_state() -> None:
    url = "https://x.gov.vn/Trang/Tin-tuc.aspx"
    response = HtmlResponse(url, body=POSTBACK_PAGE.encode(), request=Request(url))
    (request,) = list(sharepoint.postback_pages(response))
    assert request.method == "POST"
    body = request.body.decode()
    assert "__VIEWSTATE=dDwtMTA4NzM%3D" in body and "__EVENTVALIDATION=EV123" in body
    assert "__EVENTTARGET=ctl00%24m%24g_1f2e%24gView" in body and "__EVENTARGUMENT=Page%242" in body
    assert request.meta["govcrawl_postback_page"] == 2


def test_sharepoint_postback_paging_stops_at_the_last_page() -> None:
    last = HtmlResponse(
        "https://x.gov.vn/Trang/Tin-tuc.aspx", body=POSTBACK_PAGE.encode(),
        request=FormRequest("https://x.gov.vn/Trang/Tin-tuc.aspx", meta={"govcrawl_postback_page": 3}),
    )  # fmt: skip
    assert list(sharepoint.postback_pages(last)) == []


AJAX_PAGE = """<html><body><div class="UIArticleInMenu_Default"><ul class="ArticleList"></ul></div>
<script>var article_category_id = 1234; var categoryIds = '1234'; var site_id = 12;
var page_size = 10; var maxPage = parseInt('4');</script></body></html>"""


def test_desktopmodule_ajax_paging() -> None:
    response = HtmlResponse("https://sokhcn.ninhbinh.gov.vn/tin-hoat-dong", body=AJAX_PAGE.encode())
    requests = list(desktopmodule.ajax_pages(response))
    assert not desktopmodule.encrypted_paging(response)
    assert [r.url for r in requests] == [
        "https://sokhcn.ninhbinh.gov.vn" + desktopmodule.ENDPOINT
    ] * 3
    bodies = [r.body.decode() for r in requests]
    assert all("article_category_id=1234" in b and "page_size=10" in b for b in bodies)
    assert ["page=2" in bodies[0], "page=3" in bodies[1], "page=4" in bodies[2]] == [True] * 3
    assert requests[0].headers["Referer"] == b"https://sokhcn.ninhbinh.gov.vn/tin-hoat-dong"


def test_desktopmodule_encrypted_paging_is_not_forged() -> None:
    encrypted = AJAX_PAGE.replace("1234", "nMSbbZ2pR0").replace(
        "site_id = 12", "site_id = 'TwNsaMrfVrU'"
    )
    response = HtmlResponse("https://hanoi.gov.vn/tin-tuc", body=encrypted.encode())
    assert list(desktopmodule.ajax_pages(response)) == []
    assert desktopmodule.encrypted_paging(response)


NEWSZONE_PAGE = """<html><body><div class="box-category"><div class="box-category-middle" id="zone-list"></div>
<a href="javascript:;" class="btn-viewmore">Xem thêm</a></div>
<script>var zoneConfig = { Catname: 'nMSbbZ2pR0/XHR7JMRKsFGiPETTBu6V1', PageSize: 'TwNsaMrfVrU=',
LanguageId: 'jM2HDDVEz40=', Site: '/CP0MQRJUt0=' };
$.post('/api/NewsZone/NewsZone', $.extend({ PageIndex: 2 }, zoneConfig));</script></body></html>"""


def test_newspaper_cms_encrypted_paging_is_recognised() -> None:
    url = "https://hanoi.gov.vn/tin-tuc-su-kien"
    response = HtmlResponse(url, body=NEWSZONE_PAGE.encode())
    assert newspaper_cms.encrypted_paging(response)
    assert list(platforms.get("newspaper_cms").paging(response)) == []  # nothing is forged
    in_attributes = """<div class="box-category" data-catname="nMSbbZ2pR0/XHR7" data-pagesize="TwNsaMrfVrU="
    data-url="/api/NewsZone/NewsZone"></div>"""
    assert newspaper_cms.encrypted_paging(HtmlResponse(url, body=in_attributes.encode()))


def test_newspaper_cms_pages_without_the_endpoint_have_no_opaque_paging() -> None:
    article = HtmlResponse(
        "https://hanoi.gov.vn/ha-noi-trien-khai-4251016171000015.htm",
        body=b'<div class="detail-content afcbc-body clearfix"><p>Catname: chuyen-doi-so</p></div>',
    )
    assert not newspaper_cms.encrypted_paging(article)
    plain = NEWSZONE_PAGE.replace("nMSbbZ2pR0/XHR7JMRKsFGiPETTBu6V1", "12").replace(
        "TwNsaMrfVrU=", "10").replace("jM2HDDVEz40=", "1").replace("/CP0MQRJUt0=", "3")  # fmt: skip
    assert not newspaper_cms.encrypted_paging(
        HtmlResponse("https://x.gov.vn/", body=plain.encode())
    )
