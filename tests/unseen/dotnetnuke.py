"""DotNetNuke portal with a news module (tabid paths, ArticleType/ArticleView, Telerik pager)."""

from __future__ import annotations

from datetime import datetime, timedelta

from unseen.base import ORIGIN, Site, esc
from unseen.model import Portal
from unseen.vntext import WEEKDAYS, Story, date_dmy

CAT_IDS = {"tin-hoat-dong": 5, "tin-chuyen-nganh": 7, "thong-bao": 9}


class DnnSite(Site):
    key = "dotnetnuke_tayninh_skhcn"
    family = "dotnetnuke"
    dept = "khcn"
    org = "Sở Khoa học và Công nghệ"
    abbr = "SKHCN"
    prov = "tỉnh Tây Ninh"
    prov_host = "tayninh.gov.vn"
    seed = 303
    start = datetime(2026, 11, 10, 15, 0)
    source = "Báo Tây Ninh"
    categories = (
        ("tin-hoat-dong", "Tin hoạt động"),
        ("tin-chuyen-nganh", "Khoa học - Công nghệ"),
        ("thong-bao", "Thông báo"),
    )
    address = "Số 61 đường Nguyễn Trung Trực, phường Long An, tỉnh Tây Ninh"
    phone = "0272.3826.155"

    def home_path(self) -> str:
        return "/trang-chu/tabid/36/default.aspx"

    def article_path(self, i: int, story: Story) -> str:
        return f"/tin-tuc/tabid/82/ArticleType/ArticleView/ArticleID/{2150 + 3 * i}/Default.aspx"

    def listing_path(self, cat: str, page: int) -> str:
        base = f"/tin-tuc/tabid/82/ArticleType/CategoryView/CategoryID/{CAT_IDS[cat]}"
        return f"{base}/Default.aspx" if page == 1 else f"{base}/CurrentPage/{page}/Default.aspx"

    def util_path(self, name: str) -> str:
        return {
            "intro": "/gioi-thieu/tabid/55/default.aspx",
            "org": "/co-cau-to-chuc/tabid/56/default.aspx",
            "contact": "/lien-he/tabid/60/default.aspx",
            "docs": "/van-ban/tabid/90/default.aspx",
            "doc1": "/van-ban/tabid/90/VanBanID/1512/default.aspx",
            "doc2": "/van-ban/tabid/90/VanBanID/1513/default.aspx",
            "gallery": "/thu-vien-anh/tabid/95/default.aspx",
            "video": "/video/tabid/96/default.aspx",
            "search": "/tim-kiem/tabid/40/default.aspx?Search=chuyen+doi+so",
        }[name]

    def attachment_path(self, i: int, filename: str) -> str:
        return f"/Portals/0/VanBan/{filename.replace(' ', '%20')}"

    def image_path(self, i: int) -> str:
        return f"/Portals/0/Images/tintuc/{2150 + 3 * i}.jpg"

    def date_line(self, story: Story, i: int) -> tuple[str, str]:
        d = story.published
        wd = (
            WEEKDAYS[d.weekday()]
            .replace("Thứ B", "Thứ b")
            .replace("Thứ H", "Thứ h")
            .replace("Thứ N", "Thứ n")
            .replace("Thứ S", "Thứ s")
            .replace("Thứ T", "Thứ t")
        )
        line = f'<span class="PostDate">{wd}, {date_dmy(d)} | {d:%H:%M}</span>'
        if i % 4 == 2:
            upd = d + timedelta(days=2, hours=3)
            line += f' <span class="update">Cập nhật: {date_dmy(upd)} {upd:%H:%M}</span>'
        views = 40 + (i * 53) % 2000
        line += f'<div class="author">Lượt xem: {views}</div>'
        return line, d.strftime("%Y-%m-%dT%H:%M:00+07:00")

    def head(self, title: str, extra: str = "") -> str:
        return (
            '<!DOCTYPE html><html lang="vi-VN"><head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type">'
            f"<title>{esc(title)}</title>"
            '<meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke">'
            '<link href="/Portals/_default/Skins/SKHCN/skin.css" rel="stylesheet">'
            '<script src="/Resources/Shared/Scripts/jquery/jquery.min.js"></script>'
            '<link rel="alternate" type="application/rss+xml" title="Tin tức" href="/DesktopModules/DnnForge%20-%20NewsArticles/Rss.aspx?TabID=82&amp;ModuleID=507&amp;MaxCount=25">'
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
        page = page.replace(
            'class="login">Đăng nhập</a>', 'class="login" id="dnn_dnnLOGIN_loginLink">Đăng nhập</a>'
        )
        page = page.replace(
            'href="#" class="login"',
            'href="/Login/tabid/40/Default.aspx?returnurl=%2f" class="login"',
        )
        return page.replace(
            "<body>",
            '<body id="Body"><form method="post" action="/" id="Form"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTA5MjA0NTQ4OGRk">',
            1,
        ).replace("</body>", "</form></body>", 1)

    def article_main(self, story: Story, i: int, date_html: str) -> str:
        return (
            '<div id="dnn_ctr507_ContentPane" class="DNNModuleContent ModDNNForgeNewsArticlesC">'
            '<div id="dnn_ctr507_ViewArticle_pnlArticle" class="article">'
            f'<h1 class="articleTitle">{esc(story.title)}</h1><div class="articleInfo">{date_html}</div>'
            f'<div class="articleSummary"><strong>{esc(story.lead)}</strong></div>'
            f'<div class="articleContent" id="dnn_ctr507_ViewArticle_articleBody">{self.body_html(story, i, lead_in_body=False)}</div>'
            f'{self.share(self.paths[i])}<div class="articleTools"><a href="{esc(self.paths[i])}?print=true">In bài</a></div></div></div>'
            f"{self.related_blocks(i)}"
        )

    def pager(self, cat: str, page: int, npages: int) -> str:
        cells = []
        for p in range(1, npages + 1):
            cls = ' class="rgCurrentPage"' if p == page else ""
            cells.append(f'<a href="{esc(self.listing_path(cat, p))}"{cls}><span>{p}</span></a>')
        nxt = (
            f'<a class="rgPageNext" href="{esc(self.listing_path(cat, page + 1))}" title="Trang sau">›</a>'
            if page < npages
            else ""
        )
        return (
            f'<div class="RadGrid"><div class="rgWrap rgNumPart">{"".join(cells)}</div>{nxt}</div>'
        )

    def robots(self) -> str:
        return (
            "User-agent: *\nDisallow: /admin/\nDisallow: /App_Browsers/\nDisallow: /App_Code/\nDisallow: /App_Data/\n"
            "Disallow: /bin/\nDisallow: /Config/\nDisallow: /Install/\nDisallow: /Providers/\n"
            f"Sitemap: {ORIGIN}/SiteMap.aspx\n"
        )

    def extra_routes(self) -> None:
        for i in range(len(self.stories)):
            self.add_print_view(i, self.paths[i] + "?print=true")
        tabs = [
            self.home_path(),
            *[self.util_path(n) for n in ("intro", "org", "contact", "docs", "gallery", "video")],
        ]
        tabs += [self.listing_path(c, 1) for c, _ in self.categories]
        self.b.raw(
            "/SiteMap.aspx",
            self.urlset([(p, "2026-11-10") for p in tabs]).encode(),
            "text/xml; charset=utf-8",
        )
        self.b.raw(
            "/DesktopModules/DnnForge - NewsArticles/Rss.aspx?TabID=82&ModuleID=507&MaxCount=25",
            self.rss("Tin tức", list(range(25)), "").encode(),
            "text/xml; charset=utf-8",
        )


def build() -> Portal:
    return DnnSite().build()
