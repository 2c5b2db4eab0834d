"""Joomla 3 department site: SEF category blogs with ?start=N, /<cat>/<id>-<slug>.html articles."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from unseen.base import Site, esc, slugify
from unseen.model import Portal
from unseen.vntext import WEEKDAYS, Story

CATS = {
    "tin-hoat-dong": "tin-tuc/tin-hoat-dong",
    "tin-chuyen-nganh": "tin-tuc/quy-hoach-xay-dung",
    "thong-bao": "thong-bao",
}


class JoomlaSite(Site):
    key = "joomla_ninhbinh_sxd"
    family = "joomla"
    dept = "xaydung"
    org = "Sở Xây dựng"
    abbr = "SXD"
    prov = "tỉnh Ninh Bình"
    prov_host = "ninhbinh.gov.vn"
    seed = 505
    start = datetime(2026, 11, 5, 16, 0)
    source = "Báo Ninh Bình"
    agencies_as_select = True
    categories = (
        ("tin-hoat-dong", "Tin hoạt động"),
        ("tin-chuyen-nganh", "Quy hoạch - Xây dựng"),
        ("thong-bao", "Thông báo"),
    )
    address = "Số 2 đường Lê Đại Hành, phường Hoa Lư, tỉnh Ninh Bình"
    phone = "0229.3871.230"

    def home_path(self) -> str:
        return "/"

    def article_path(self, i: int, story: Story) -> str:
        return f"/{CATS[self.cat_of[i]]}/{3120 + i}-{slugify(story.title, limit=60)}.html"

    def listing_path(self, cat: str, page: int) -> str:
        return f"/{CATS[cat]}.html" + (f"?start={(page - 1) * self.page_size}" if page > 1 else "")

    def util_path(self, name: str) -> str:
        return {
            "intro": "/index.php?option=com_content&view=article&id=2&Itemid=102",
            "org": "/index.php?option=com_content&view=article&id=3&Itemid=103",
            "contact": "/lien-he.html",
            "docs": "/van-ban.html",
            "doc1": "/van-ban/chi-tiet-van-ban.html?id=715",
            "doc2": "/van-ban/chi-tiet-van-ban.html?id=716",
            "gallery": "/thu-vien-anh.html",
            "video": "/video.html",
            "search": "/tim-kiem.html?searchword=" + quote("nhà ở xã hội") + "&searchphrase=all",
        }[name]

    def attachment_path(self, i: int, filename: str) -> str:
        return f"/images/van-ban/{quote(filename)}"

    def image_path(self, i: int) -> str:
        return f"/images/tin-tuc/2026/anh-{i + 1}.jpg"

    def date_line(self, story: Story, i: int) -> tuple[str, str]:
        d = story.published
        iso = d.strftime("%Y-%m-%dT%H:%M:00+07:00")
        wd = WEEKDAYS[d.weekday()]
        hits = 60 + (i * 71) % 3000
        return (
            '<dl class="article-info muted"><dt class="article-info-term">Chi tiết</dt>'
            f'<dd class="category-name">Chuyên mục: <a href="{esc(self.listing_path(self.cat_of[i], 1))}" itemprop="genre">{esc(dict(self.categories)[self.cat_of[i]])}</a></dd>'
            f'<dd class="published"><span class="icon-calendar" aria-hidden="true"></span><time datetime="{iso}" itemprop="datePublished">Ngày đăng: {wd}, {d.day:02d} Tháng {d.month} {d.year} {d:%H:%M}</time></dd>'
            f'<dd class="hits"><span class="icon-eye-open" aria-hidden="true"></span><meta itemprop="interactionCount" content="UserPageVisits:{hits}">Lượt xem: {hits}</dd></dl>',
            iso,
        )

    def head(self, title: str, extra: str = "") -> str:
        return (
            '<!DOCTYPE html><html lang="vi-vn" dir="ltr"><head><meta http-equiv="content-type" content="text/html; charset=utf-8">'
            '<meta name="generator" content="Joomla! - Open Source Content Management">'
            f"<title>{esc(title)}</title>"
            '<link href="/tin-tuc/tin-hoat-dong.feed?type=rss" rel="alternate" type="application/rss+xml" title="RSS 2.0">'
            '<link href="/templates/protostar/favicon.ico" rel="shortcut icon" type="image/vnd.microsoft.icon">'
            '<script src="/media/jui/js/jquery.min.js?5b1d6b8"></script>'
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
            '<body class="site com_content view-article"><div class="header"><h1 class="site-title">SỞ XÂY DỰNG TỈNH NINH BÌNH</h1></div>',
            1,
        )

    def html_title(self, story: Story, i: int) -> str:
        return story.title if i % 7 != 3 else self.site_title

    def article_main(self, story: Story, i: int, date_html: str) -> str:
        path = self.paths[i]
        return (
            '<div class="item-page" itemscope itemtype="https://schema.org/Article"><meta itemprop="inLanguage" content="vi-VN">'
            f'<div class="page-header"><h2 itemprop="headline">{esc(story.title)}</h2></div>'
            f'<div class="icons"><ul class="dropdown-menu"><li class="print-icon"><a href="{esc(path)}?tmpl=component&amp;print=1" rel="nofollow">In</a></li>'
            f'<li class="email-icon"><a href="/component/mailto/?tmpl=component&amp;template=protostar&amp;link=abc{i}" rel="nofollow">Email</a></li></ul></div>'
            f'{date_html}<div itemprop="articleBody">{self.body_html(story, i)}</div>'
            f'<ul class="pager pagenav"><li class="previous"><a href="{esc(self.paths[min(i + 1, len(self.paths) - 1)])}" rel="prev">Trước</a></li>'
            f'<li class="next"><a href="{esc(self.paths[max(i - 1, 0)])}" rel="next">Tiếp</a></li></ul></div>'
            f"{self.share(path)}{self.related_blocks(i)}"
        )

    def listing_item(self, j: int) -> str:
        s = self.stories[j]
        return (
            '<div class="items-row"><div class="item column-1" itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting">'
            f'<div class="page-header"><h2 itemprop="name"><a href="{esc(self.paths[j])}" itemprop="url">{esc(s.title)}</a></h2></div>'
            f'<dd class="published"><time datetime="{s.published:%Y-%m-%dT%H:%M:00+07:00}">Ngày đăng: {s.published:%d/%m/%Y}</time></dd>'
            f"<p>{esc(s.lead[:180].rsplit(' ', 1)[0])}...</p>"
            f'<p class="readmore"><a class="btn" href="{esc(self.paths[j])}">Xem thêm: {esc(s.title[:40])}...</a></p></div></div>'
        )

    def pager(self, cat: str, page: int, npages: int) -> str:
        items = [f'<li><a title="Đầu" href="{esc(self.listing_path(cat, 1))}">Đầu</a></li>']
        for p in range(1, npages + 1):
            items.append(
                f'<li class="active"><a>{p}</a></li>'
                if p == page
                else f'<li><a href="{esc(self.listing_path(cat, p))}">{p}</a></li>'
            )
        if page < npages:
            items.append(
                f'<li><a title="Tiếp" href="{esc(self.listing_path(cat, page + 1))}">Tiếp</a></li>'
            )
        return f'<div class="pagination"><p class="counter pull-right">Trang {page} của {npages}</p><ul>{"".join(items)}</ul></div>'

    def robots(self) -> str:
        dirs = [
            "administrator",
            "bin",
            "cache",
            "cli",
            "components",
            "includes",
            "installation",
            "language",
            "layouts",
            "libraries",
            "logs",
            "modules",
            "plugins",
            "tmp",
        ]
        return "User-agent: *\n" + "".join(f"Disallow: /{d}/\n" for d in dirs)

    def extra_routes(self) -> None:
        for i, story in enumerate(self.stories):
            printable = (
                self.head(story.title)
                + f'<body class="contentpane modal"><div class="item-page"><h2>{esc(story.title)}</h2>{self.body_html(story, i)}</div></body></html>'
            )
            self.b.html(self.paths[i] + "?tmpl=component&print=1", printable)
            self.aliases[self.paths[i] + "?tmpl=component&print=1"] = self.paths[i]
        feed = self.rss(
            "Tin hoạt động",
            [j for j in range(len(self.stories)) if self.cat_of[j] == "tin-hoat-dong"],
            "",
        )
        self.b.raw(
            "/tin-tuc/tin-hoat-dong.feed?type=rss",
            feed.encode(),
            "application/rss+xml; charset=utf-8",
        )


def build() -> Portal:
    return JoomlaSite().build()
