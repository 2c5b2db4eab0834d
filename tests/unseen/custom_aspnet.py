"""A custom in-house ASP.NET portal: /tin-tuc/<slug>-<id>.aspx, ?page=N, no charset in the header, NFD text."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from urllib.parse import quote

from unseen.base import ORIGIN, Site, esc, slugify
from unseen.model import Portal
from unseen.vntext import WEEKDAYS, Story, date_dmy

CATS = {
    "tin-hoat-dong": "hoat-dong-cua-so",
    "tin-chuyen-nganh": "tai-chinh-ngan-sach",
    "thong-bao": "thong-bao",
}


class CustomAspNetSite(Site):
    key = "custom_aspnet_hatinh_stc"
    family = "custom_aspnet"
    dept = "taichinh"
    org = "Sở Tài chính"
    abbr = "STC"
    prov = "tỉnh Hà Tĩnh"
    prov_host = "hatinh.gov.vn"
    seed = 606
    start = datetime(2026, 11, 12, 11, 0)
    source = "Báo Hà Tĩnh"
    menu_extra = 90
    content_type = "text/html"
    categories = (
        ("tin-hoat-dong", "Hoạt động của Sở"),
        ("tin-chuyen-nganh", "Tài chính - Ngân sách"),
        ("thong-bao", "Thông báo"),
    )
    address = "Số 108 đường Hà Huy Tập, phường Thành Sen, tỉnh Hà Tĩnh"
    phone = "0239.3855.432"

    def home_path(self) -> str:
        return "/trang-chu.aspx"

    def article_path(self, i: int, story: Story) -> str:
        return f"/tin-tuc/{slugify(story.title, limit=70)}-{18230 + 11 * i}.aspx"

    def listing_path(self, cat: str, page: int) -> str:
        return f"/chuyen-muc/{CATS[cat]}.aspx" + (f"?page={page}" if page > 1 else "")

    def util_path(self, name: str) -> str:
        return {
            "intro": "/gioi-thieu.aspx",
            "org": "/co-cau-to-chuc.aspx",
            "contact": "/lien-he.aspx",
            "docs": "/van-ban.aspx",
            "doc1": "/van-ban/chi-tiet.aspx?id=1201",
            "doc2": "/van-ban/chi-tiet.aspx?id=1202",
            "gallery": "/thu-vien-anh.aspx",
            "video": "/video.aspx",
            "search": "/tim-kiem.aspx?tukhoa=" + quote("giải ngân"),
        }[name]

    def attachment_path(self, i: int, filename: str) -> str:
        return f"/Uploads/files/2026/{quote(filename)}"

    def image_path(self, i: int) -> str:
        return f"/Uploads/images/tin-tuc/{18230 + 11 * i}.jpg"

    def list_date(self, d: datetime) -> str:
        return f"{date_dmy(d)}"

    def date_line(self, story: Story, i: int) -> tuple[str, str]:
        d = story.published
        wd = WEEKDAYS[d.weekday()]
        return f'<span class="news-date">{wd}, {date_dmy(d)} {d:%H:%M}</span>', d.strftime(
            "%Y-%m-%dT%H:%M:00+07:00"
        )

    def head(self, title: str, extra: str = "") -> str:
        return (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f"<title>{esc(title)}</title>"
            '<link href="/Content/css/style.css" rel="stylesheet" type="text/css">'
            '<link rel="alternate" type="application/rss+xml" title="Hoạt động của Sở" href="/rss/hoat-dong-cua-so.rss">'
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
        return page.replace(
            "<body>",
            '<body><form name="form1" method="post" id="form1"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwULLTE2MTY2ODcyMjkPZBYCZg9kFgICAw9kFgQ">'
            '<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEdAAOTkQ3c">',
            1,
        ).replace("</body>", "</form></body>", 1)

    def body_html(self, story: Story, i: int, *, lead_in_body: bool = True) -> str:
        html = super().body_html(story, i, lead_in_body=lead_in_body)
        # Text pasted from another editor: decomposed (NFD) Vietnamese on some pages.
        return unicodedata.normalize("NFD", html) if i % 4 == 1 else html

    def article_main(self, story: Story, i: int, date_html: str) -> str:
        return (
            f'<div class="news-detail"><h1 class="news-title">{esc(story.title)}</h1>'
            f'<div class="news-tools">{date_html} <a href="{esc(self.paths[i])}?print=1" class="print">In trang</a> <a href="#" class="font-plus">A+</a> <a href="#" class="font-minus">A-</a></div>'
            f'<div class="news-content">{self.body_html(story, i)}</div>{self.share(self.paths[i])}'
            '<div class="rating">Đánh giá bài viết: <a href="#">1</a><a href="#">2</a><a href="#">3</a><a href="#">4</a><a href="#">5</a></div>'
            f"</div>{self.related_blocks(i)}"
        )

    def robots(self) -> str:
        return f"User-agent: *\nDisallow: /Admin/\nDisallow: /Login.aspx\nSitemap: {ORIGIN}/sitemap.xml\n"

    def extra_routes(self) -> None:
        for i in range(len(self.stories)):
            self.add_print_view(i, self.paths[i] + "?print=1")
        urls = [
            (p, f"{s.published:%Y-%m-%d}") for p, s in zip(self.paths, self.stories, strict=True)
        ]
        urls += [(self.listing_path(c, 1), None) for c, _ in self.categories]
        self.b.raw("/sitemap.xml", self.urlset(urls).encode(), "text/xml")
        feed = self.rss(
            "Hoạt động của Sở",
            [j for j in range(len(self.stories)) if self.cat_of[j] == "tin-hoat-dong"],
            "",
        )
        self.b.raw("/rss/hoat-dong-cua-so.rss", feed.encode(), "text/xml")


def build() -> Portal:
    return CustomAspNetSite().build()
