"""HELD-OUT: a second WordPress with a magazine theme, plain permalinks (?p=N), Yoast sitemaps and
JSON-LD in UTC, month-name dates ("Tháng Ba 5, 2026"). Scored only at the very end."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from unseen.base import ORIGIN, Site, esc
from unseen.model import Portal
from unseen.vntext import Story

CAT_IDS = {"tin-hoat-dong": 3, "tin-chuyen-nganh": 5, "thong-bao": 8}
MONTHS = [
    "Một",
    "Hai",
    "Ba",
    "Tư",
    "Năm",
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Mười Một",
    "Mười Hai",
]


def vi_month_date(d: datetime) -> str:
    return f"Tháng {MONTHS[d.month - 1]} {d.day}, {d.year}"


class HeldOutWordPressSite(Site):
    key = "heldout_wordpress_gialai_sgddt"
    family = "wordpress"
    held_out = True
    dept = "gddt"
    org = "Sở Giáo dục và Đào tạo"
    abbr = "SGDĐT"
    prov = "tỉnh Gia Lai"
    prov_host = "gialai.gov.vn"
    seed = 808
    start = datetime(2026, 11, 28, 10, 0)
    source = "Báo Gia Lai"
    menu_extra = 24
    categories = (
        ("tin-hoat-dong", "Tin giáo dục"),
        ("tin-chuyen-nganh", "Thi cử - Tuyển sinh"),
        ("thong-bao", "Thông báo"),
    )
    address = "Số 127 đường Trần Hưng Đạo, phường Quy Nhơn, tỉnh Gia Lai"
    phone = "0256.3822.418"

    def article_path(self, i: int, story: Story) -> str:
        return f"/?p={1400 + 9 * i}"

    def listing_path(self, cat: str, page: int) -> str:
        return f"/?cat={CAT_IDS[cat]}" + (f"&paged={page}" if page > 1 else "")

    def util_path(self, name: str) -> str:
        return {
            "intro": "/?page_id=2",
            "org": "/?page_id=14",
            "contact": "/?page_id=19",
            "docs": "/?page_id=23",
            "doc1": "/?dlm_download_category=van-ban&document=245",
            "doc2": "/?dlm_download_category=van-ban&document=246",
            "gallery": "/?page_id=31",
            "video": "/?page_id=35",
            "search": "/?s=tuy%E1%BB%83n+sinh",
        }[name]

    def attachment_path(self, i: int, filename: str) -> str:
        return f"/wp-content/uploads/2026/{(i % 11) + 1:02d}/{filename.replace(' ', '-')}"

    def image_path(self, i: int) -> str:
        return f"/wp-content/uploads/2026/{(i % 11) + 1:02d}/hinh-{i + 1}-scaled.jpg"

    def list_date(self, d: datetime) -> str:
        return vi_month_date(d)

    def date_line(self, story: Story, i: int) -> tuple[str, str]:
        d = story.published
        iso = d.strftime("%Y-%m-%dT%H:%M:00+07:00")
        return (
            f'<div class="td-post-date"><time class="entry-date updated td-module-date" datetime="{iso}">{vi_month_date(d)}</time></div>'
            f'<div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-{1400 + 9 * i}">{300 + 17 * i}</span></div>',
            iso,
        )

    def article_page(self, story: Story, i: int, date_html: str) -> str:
        page = super().article_page(story, i, date_html)
        utc = (story.published - timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:00+00:00")
        ld = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "Article",
                    "headline": story.title,
                    "datePublished": utc,
                    "dateModified": utc,
                    "publisher": {"@type": "Organization", "name": self.site_title},
                    "inLanguage": "vi",
                },
                {"@type": "WebSite", "name": self.site_title, "url": ORIGIN + "/"},
            ],
        }
        meta = (
            f'<meta property="article:published_time" content="{utc}"><meta property="og:type" content="article">'
            f'<meta name="author" content="{esc(self.site_title)}">'
            f'<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(ld, ensure_ascii=False)}</script>'
        )
        return page.replace("</head>", meta + "</head>", 1)

    def head(self, title: str, extra: str = "") -> str:
        return (
            '<!doctype html><html lang="vi"><head><meta charset="UTF-8">'
            f"<title>{esc(title)}</title><!-- This site is optimized with the Yoast SEO plugin v22.1 -->"
            "<link rel='stylesheet' id='td-theme-css' href='/wp-content/themes/Newspaper/style.css?ver=12.6' media='all'>"
            f'<link rel="alternate" type="application/rss+xml" title="Dòng thông tin" href="/?feed=rss2">{extra}</head>'
        )

    def html_title(self, story: Story, i: int) -> str:
        return f"{story.title} | {self.site_title}"

    def article_main(self, story: Story, i: int, date_html: str) -> str:
        return (
            '<div class="td-post-content-wrap"><article class="post type-post status-publish">'
            f'<div class="td-post-header"><ul class="td-category"><li><a class="td-cat" href="{esc(self.listing_path(self.cat_of[i], 1))}">{esc(dict(self.categories)[self.cat_of[i]])}</a></li></ul>'
            f'<header class="td-post-title"><h1 class="entry-title">{esc(story.title)}</h1><div class="td-module-meta-info">{date_html}</div></header></div>'
            f'<div class="td-post-content tagdiv-type">{self.body_html(story, i)}</div>'
            f"{self.share(self.paths[i])}</article></div>"
            + self.headline_list("Bài viết liên quan", story.related[:3], "td-related-row")
            + self.headline_list(
                "Tin cùng chuyên mục",
                [
                    j
                    for j in range(len(self.stories))
                    if self.cat_of[j] == self.cat_of[i] and j != i
                ][:12],
                "td_block_related_posts",
            )
        )

    def robots(self) -> str:
        return f"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: {ORIGIN}/sitemap_index.xml\n"

    def extra_routes(self) -> None:
        xml = "text/xml; charset=UTF-8"
        idx = (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(
                f"<sitemap><loc>{ORIGIN}/{n}-sitemap.xml</loc><lastmod>2026-11-28T03:00:00+00:00</lastmod></sitemap>"
                for n in ("post", "page", "category")
            )
            + "</sitemapindex>"
        )
        self.b.raw("/sitemap_index.xml", idx.encode(), xml)
        self.b.raw(
            "/post-sitemap.xml",
            self.urlset(
                [
                    (p, f"{s.published:%Y-%m-%d}")
                    for p, s in zip(self.paths, self.stories, strict=True)
                ]
            ).encode(),
            xml,
        )
        self.b.raw(
            "/page-sitemap.xml",
            self.urlset(
                [
                    (self.util_path(n), None)
                    for n in ("intro", "org", "contact", "docs", "gallery", "video")
                ]
            ).encode(),
            xml,
        )
        self.b.raw(
            "/category-sitemap.xml",
            self.urlset([(self.listing_path(c, 1), None) for c, _ in self.categories]).encode(),
            xml,
        )
        self.b.raw(
            "/?feed=rss2",
            self.rss(self.site_title, list(range(10)), "").encode(),
            "application/rss+xml; charset=UTF-8",
        )


def build() -> Portal:
    return HeldOutWordPressSite().build()
