"""HELD-OUT: a Drupal 10 department site: path aliases plus /node/N duplicates, ?page=N from 0,
/sites/default/files/ attachments, Drupal's default robots.txt. Scored only at the very end."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from unseen.base import ORIGIN, Site, esc, slugify
from unseen.model import Portal
from unseen.vntext import Story, date_dmy

CATS = {
    "tin-hoat-dong": "tin-tuc/hoat-dong",
    "tin-chuyen-nganh": "tin-tuc/du-lich-di-san",
    "thong-bao": "thong-bao",
}
WD_SHORT = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]


class HeldOutDrupalSite(Site):
    key = "heldout_drupal_phutho_svhttdl"
    family = "drupal"
    held_out = True
    dept = "vhttdl"
    org = "Sở Văn hóa, Thể thao và Du lịch"
    abbr = "SVHTTDL"
    prov = "tỉnh Phú Thọ"
    prov_host = "phutho.gov.vn"
    seed = 909
    start = datetime(2026, 11, 15, 14, 0)
    source = "Báo Phú Thọ"
    categories = (
        ("tin-hoat-dong", "Hoạt động"),
        ("tin-chuyen-nganh", "Du lịch - Di sản"),
        ("thong-bao", "Thông báo"),
    )
    address = "Số 1568 đại lộ Hùng Vương, phường Việt Trì, tỉnh Phú Thọ"
    phone = "0210.3846.472"

    def article_path(self, i: int, story: Story) -> str:
        return f"/tin-tuc/{slugify(story.title, limit=90)}"

    def node_path(self, i: int) -> str:
        return f"/node/{5200 + i}"

    def listing_path(self, cat: str, page: int) -> str:
        return f"/{CATS[cat]}" + (f"?page={page - 1}" if page > 1 else "")

    def util_path(self, name: str) -> str:
        return {
            "intro": "/gioi-thieu/chuc-nang-nhiem-vu",
            "org": "/gioi-thieu/co-cau-to-chuc",
            "contact": "/lien-he",
            "docs": "/van-ban",
            "doc1": "/van-ban/quyet-dinh-phe-duyet-ke-hoach-bao-ton",
            "doc2": "/van-ban/ke-hoach-to-chuc-le-hoi",
            "gallery": "/thu-vien-anh",
            "video": "/video",
            "search": "/search/node?keys=" + quote("du lịch"),
        }[name]

    def attachment_path(self, i: int, filename: str) -> str:
        return f"/sites/default/files/2026-{(i % 11) + 1:02d}/{quote(filename.replace(' ', '_'))}"

    def image_path(self, i: int) -> str:
        return f"/sites/default/files/styles/large/public/2026-{(i % 11) + 1:02d}/anh{i + 1}.jpg?itok=Ab{i:03d}xY"

    def date_line(self, story: Story, i: int) -> tuple[str, str]:
        d = story.published
        return (
            f'<div class="field field--name-created field--type-created">{WD_SHORT[d.weekday()]}, {date_dmy(d)} - {d:%H:%M}</div>',
            d.strftime("%Y-%m-%dT%H:%M:00+07:00"),
        )

    def head(self, title: str, extra: str = "") -> str:
        return (
            '<!DOCTYPE html><html lang="vi" dir="ltr"><head><meta charset="utf-8"><meta name="Generator" content="Drupal 10 (https://www.drupal.org)">'
            f'<title>{esc(title)}</title><link rel="alternate" type="application/rss+xml" title="Tin tức" href="/rss.xml">'
            '<link rel="stylesheet" media="all" href="/sites/default/files/css/css_x1.css">'
            f"{extra}</head>"
        )

    def article_main(self, story: Story, i: int, date_html: str) -> str:
        return (
            f'<article role="article" about="{esc(self.paths[i])}" class="node node--type-article node--view-mode-full">'
            f'<h1 class="page-title"><span class="field field--name-title">{esc(story.title)}</span></h1>'
            f'<div class="node__meta">{date_html}</div>'
            f'<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{self.body_html(story, i)}</div>'
            f"{self.share(self.paths[i])}</article>"
            + self.headline_list(
                "Tin cùng chuyên mục",
                [
                    j
                    for j in range(len(self.stories))
                    if self.cat_of[j] == self.cat_of[i] and j != i
                ][:8],
                "views-element-container",
            )
            + self.headline_list("Tin liên quan", story.related[:5], "block-views-blockrelated")
        )

    def pager(self, cat: str, page: int, npages: int) -> str:
        items = "".join(
            f'<li class="pager__item{" is-active" if p == page else ""}"><a href="{esc(self.listing_path(cat, p))}">{p}</a></li>'
            for p in range(1, npages + 1)
        )
        nxt = (
            f'<li class="pager__item pager__item--next"><a href="{esc(self.listing_path(cat, page + 1))}" rel="next">Trang tiếp ›</a></li>'
            if page < npages
            else ""
        )
        return f'<nav class="pager" role="navigation"><ul class="pager__items js-pager__items">{items}{nxt}</ul></nav>'

    def robots(self) -> str:
        lines = [
            "User-agent: *",
            "Disallow: /core/",
            "Disallow: /profiles/",
            "Disallow: /README.md",
            "Disallow: /admin/",
            "Disallow: /comment/reply/",
            "Disallow: /filter/tips",
            "Disallow: /node/add/",
            "Disallow: /search/",
            "Disallow: /user/register",
            "Disallow: /user/password",
            "Disallow: /user/login",
            "Disallow: /user/logout",
            "Disallow: /index.php/admin/",
            f"Sitemap: {ORIGIN}/sitemap.xml",
        ]
        return "\n".join(lines) + "\n"

    def extra_routes(self) -> None:
        for i in range(len(self.stories)):
            self.b.routes[self.node_path(i)] = self.b.routes[self.paths[i]]
            self.aliases[self.node_path(i)] = self.paths[i]
        urls = [
            (p, f"{s.published:%Y-%m-%dT%H:%M+07:00}")
            for p, s in zip(self.paths, self.stories, strict=True)
        ]
        urls += [
            (self.util_path(n), None)
            for n in ("intro", "org", "contact", "docs", "gallery", "video")
        ]
        self.b.raw("/sitemap.xml", self.urlset(urls).encode(), "application/xml; charset=utf-8")
        self.b.raw(
            "/rss.xml",
            self.rss(self.site_title, list(range(10)), "").encode(),
            "application/rss+xml; charset=utf-8",
        )

    def home_page(self) -> str:
        page = super().home_page()
        extra = "".join(
            f'<a href="{self.node_path(j)}">{esc(self.stories[j].title)}</a> '
            for j in range(12, 16)
        )
        return page.replace("</main>", f'<div class="block-featured">{extra}</div></main>', 1)


def build() -> Portal:
    return HeldOutDrupalSite().build()
