"""Microsoft SharePoint portals (family B): ``/Pages/`` or ``/Trang/`` pages, ASP.NET postbacks.

Department sub-sites live under ``/sites/<dept>/`` (Lâm Đồng) or ``/So/<dept>/`` (Quảng Ninh).
Article pages are ``ChiTietTinTuc.aspx?nid=N``-like; listings page either with ``?Page=N``
links or with GridView postbacks (``__doPostBack('ctl00$...$gView','Page$3')``), which need the
form's ``__VIEWSTATE`` sent back: ``paging`` builds those requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from form2request import form2request
from scrapy import Request
from scrapy.http import TextResponse

from govcrawl.platforms.base import Platform, markers

_POSTBACK = re.compile(r"__doPostBack\(\s*'([^']+)'\s*,\s*'(Page\$(?:\d+|Next))'\s*\)")
# Postback pages followed from one listing before its items must prove new (trap guard too).
MAX_POSTBACK_PAGES = 200


def postback_pages(response: TextResponse) -> Iterator[Request]:
    """The next pages of an ASP.NET GridView pager, as form posts that replay the view state."""
    if not response.xpath("//input[@name='__VIEWSTATE']"):
        return
    request = response.request
    page = int(request.meta.get("govcrawl_postback_page", 1)) if request is not None else 1
    targets = _POSTBACK.findall(" ".join(response.xpath("//a/@href").getall()))
    numbered = {int(arg.split("$")[1]): target for target, arg in targets if arg[5:].isdigit()}
    following = sorted(n for n in numbered if n > page)
    if not following or page >= MAX_POSTBACK_PAGES:
        return
    number = following[0]
    form = response.xpath("//form[.//input[@name='__VIEWSTATE']]")[0]
    data = {"__EVENTTARGET": numbered[number], "__EVENTARGUMENT": f"Page${number}"}
    yield form2request(form, data, click=False).to_scrapy(
        callback=None, meta={"govcrawl_postback_page": number, "govcrawl_source": "postback"}
    )


PLATFORM = Platform(
    name="sharepoint",
    markers=markers(
        (r"/_layouts/", 2),
        (r"SPWebPartManager|_spPageContextInfo", 3),
        (r"ms-rtestate", 2),
        (r"/(?:Pages|Trang|SitePages)/[^\"'?]*\.aspx", 1.5),
        (r'content="Microsoft SharePoint', 4),
        (r"__VIEWSTATE", 0.5),
        (r"RichHtmlField", 2),
    ),
    article_url=re.compile(
        r"ChiTiet\w*\.aspx\?(?:.*&)?(?:nid|ItemID|id|newsid)=\d+|View_Detail\.aspx\?ItemID=\d+|"
        r"/(?:Pages|Trang)/[^?]*-\d+\.aspx$",
        re.IGNORECASE,
    ),
    listing_url=re.compile(
        r"[?&](?:Page|PageIndex|Cat|ChuyenMucID|CategoryID)=\d+|/(?:Trang|Pages)/[\w-]+\.aspx$",
        re.IGNORECASE,
    ),
    deny_url=re.compile(
        r"/_layouts/|/_vti_bin/|/_catalogs/|/Forms/(?:AllItems|DispForm|EditForm|NewForm)\.aspx|"
        r"[?&]Source=|[?&]ContentTypeId=|/SiteAssets/|/Style%20Library/",
        re.IGNORECASE,
    ),
    paging=postback_pages,
)
