"""SharePoint department sub-site (Lâm Đồng style): /sites/<dept>/SitePages/..., list items by ItemID."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from unseen.base import Site, esc
from unseen.model import Portal
from unseen.vntext import Story, date_dmy

BASE = "/sites/snnmt"
CAT_IDS = {"tin-hoat-dong": 12, "tin-chuyen-nganh": 14, "thong-bao": 18}
GUID = "g_6f1c2d3e_4a5b_4c6d_8e7f_9a0b1c2d3e4f"


class SharePointSite(Site):
    key = "sharepoint_lamdong_snnmt"
    family = "sharepoint"
    dept = "nnmt"
    org = "Sở Nông nghiệp và Môi trường"
    abbr = "SNNMT"
    prov = "tỉnh Lâm Đồng"
    prov_host = "lamdong.gov.vn"
    seed = 101
    start = datetime(2026, 11, 18, 10, 0)
    source = "Báo Lâm Đồng"
    crawl_delay = 2.0
    agencies_as_select = True
    categories = (
        ("tin-hoat-dong", "Tin hoạt động"),
        ("tin-chuyen-nganh", "Tin chuyên ngành"),
        ("thong-bao", "Thông báo"),
    )
    address = "Số 4 đường Trần Hưng Đạo, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng"

    def home_path(self) -> str:
        return f"{BASE}/SitePages/Home.aspx"

    def article_path(self, i: int, story: Story) -> str:
        return f"{BASE}/Lists/TinTuc/View_Detail.aspx?ItemID={4310 + 7 * i}"

    def listing_path(self, cat: str, page: int) -> str:
        q = f"?Cat={CAT_IDS[cat]}" + (f"&Page={page}" if page > 1 else "")
        return f"{BASE}/SitePages/TinTuc.aspx{q}"

    def util_path(self, name: str) -> str:
        return {
            "intro": f"{BASE}/SitePages/GioiThieu.aspx",
            "org": f"{BASE}/SitePages/CoCauToChuc.aspx",
            "contact": f"{BASE}/SitePages/LienHe.aspx",
            "docs": f"{BASE}/Lists/VanBan/AllItems.aspx",
            "doc1": f"{BASE}/Lists/VanBan/DispForm.aspx?ID=215",
            "doc2": f"{BASE}/Lists/VanBan/DispForm.aspx?ID=216",
            "gallery": f"{BASE}/SitePages/ThuVienAnh.aspx",
            "video": f"{BASE}/SitePages/Video.aspx",
            "search": f"{BASE}/SitePages/TimKiem.aspx?k=" + quote("phòng chống thiên tai"),
        }[name]

    def attachment_path(self, i: int, filename: str) -> str:
        return f"{BASE}/Lists/TinTuc/Attachments/{4310 + 7 * i}/{quote(filename)}"

    def image_path(self, i: int) -> str:
        return f"{BASE}/PublishingImages/TinTuc/anh-tin-{i + 1}.jpg"

    def date_line(self, story: Story, i: int) -> tuple[str, str]:
        d = story.published
        return (
            f'<span id="txtDateString" class="tandan-span-date-publish">Đăng ngày {date_dmy(d)} {d:%H:%M}</span>',
            d.strftime("%Y-%m-%dT%H:%M:00+07:00"),
        )

    def head(self, title: str, extra: str = "") -> str:
        return (
            '<!DOCTYPE html><html dir="ltr" lang="vi-VN"><head><meta http-equiv="X-UA-Compatible" content="IE=10">'
            '<meta http-equiv="Content-type" content="text/html; charset=utf-8">'
            f"<title>\r\n\t{esc(title)}\r\n</title>"
            '<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=OqAycmyMLoQIDkAlzHdMhQ%3D%3D">'
            '<script type="text/javascript" src="/_layouts/15/init.js?rev=ZoW9%2F1X2kGsFmZ4bO6pYyA%3D%3D"></script>'
            '<script>var _spPageContextInfo={webServerRelativeUrl:"/sites/snnmt",webLanguage:1066,siteServerRelativeUrl:"/sites/snnmt"};</script>'
            f'<link rel="alternate" type="application/rss+xml" title="Tin tức" href="{BASE}/SitePages/Rss.aspx">'
            f"{extra}</head>"
        )

    def shell(
        self,
        title: str,
        main: str,
        crumbs: list[tuple[str, str]],
        *,
        exclude: int | None = None,
        extra_head: str = "",
    ) -> str:
        page = super().shell(title, main, crumbs, exclude=exclude, extra_head=extra_head)
        form = (
            '<form method="post" action="./Home.aspx" id="aspnetForm"><div class="aspNetHidden">'
            '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIFD2QWAmYPZBYCAgEPFgIeE1ByZXZpb3VzQ29udHJvbE1vZGULKYgBTWljcm9zb2Z0">'
            '<input type="hidden" name="__REQUESTDIGEST" value="0x5A1B2C3D4E5F,07 Dec 2026 10:00:00 -0000"></div>'
            '<div id="s4-workspace"><div id="s4-bodyContainer">'
        )
        return page.replace("<body>", "<body>" + form, 1).replace(
            "</body>", "</div></div></form></body>", 1
        )

    def article_main(self, story: Story, i: int, date_html: str) -> str:
        return (
            f'<div id="ctl00_SPWebPartManager1_{GUID}_ctl00" class="ms-webpart-zone"><div class="tandan-article">'
            f'<h1 id="txtTitle" class="tandan-p-article-news-title">{esc(story.title)}</h1>'
            f'<div class="tandan-date">{date_html}</div>'
            f'<div class="ms-rtestate-field RichHtmlField tandan-p-article-main">{self.body_html(story, i)}</div>'
            f"{self.share(self.paths[i])}</div></div>"
            f'<div class="tandan-div-article-other">{self.related_blocks(i)}</div>'
        )

    def extra_routes(self) -> None:
        items = list(range(len(self.stories)))[:20]
        self.b.raw(
            f"{BASE}/SitePages/Rss.aspx",
            self.rss("Tin tức - " + self.site_title, items, "").encode(),
            "text/xml; charset=utf-8",
        )


def build() -> Portal:
    return SharePointSite().build()
