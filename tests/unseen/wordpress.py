"""WordPress department site: /yyyy/mm/slug/, /category/.../page/N/, tags, wp-sitemap.xml, /feed/."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from unseen.base import ORIGIN, Site, esc, slugify
from unseen.model import Portal
from unseen.vntext import Story, date_dmy

CATS = {
    "tin-hoat-dong": "tin-tuc/hoat-dong-nganh",
    "tin-chuyen-nganh": "tin-tuc/y-te-du-phong",
    "thong-bao": "thong-bao",
}
TAGS = ["phong-chong-dich", "an-toan-thuc-pham", "tiem-chung", "y-te-co-so"]
TAG_NAMES = {
    "phong-chong-dich": "phòng chống dịch",
    "an-toan-thuc-pham": "an toàn thực phẩm",
    "tiem-chung": "tiêm chủng",
    "y-te-co-so": "y tế cơ sở",
}


class WordPressSite(Site):
    key = "wordpress_quangtri_syt"
    family = "wordpress"
    dept = "yte"
    org = "Sở Y tế"
    abbr = "SYT"
    prov = "tỉnh Quảng Trị"
    prov_host = "quangtri.gov.vn"
    seed = 404
    start = datetime(2026, 11, 25, 8, 0)
    source = "Báo Quảng Trị"
    categories = (
        ("tin-hoat-dong", "Hoạt động ngành"),
        ("tin-chuyen-nganh", "Y tế dự phòng"),
        ("thong-bao", "Thông báo"),
    )
    address = "Số 34 đường Hùng Vương, phường Đông Hà, tỉnh Quảng Trị"
    phone = "0233.3852.476"

    def article_path(self, i: int, story: Story) -> str:
        d = story.published
        return f"/{d.year}/{d.month:02d}/{slugify(story.title)}/"

    def listing_path(self, cat: str, page: int) -> str:
        return f"/category/{CATS[cat]}/" + (f"page/{page}/" if page > 1 else "")

    def util_path(self, name: str) -> str:
        return {
            "intro": "/gioi-thieu/",
            "org": "/gioi-thieu/co-cau-to-chuc/",
            "contact": "/lien-he/",
            "docs": "/van-ban/",
            "doc1": "/van-ban/quyet-dinh-ve-viec-kien-toan-ban-chi-dao/",
            "doc2": "/van-ban/ke-hoach-trien-khai-tiem-chung-mo-rong/",
            "gallery": "/thu-vien-anh/",
            "video": "/video/",
            "search": "/?s=" + quote("sốt xuất huyết").replace("%20", "+"),
        }[name]

    def attachment_path(self, i: int, filename: str) -> str:
        return f"/wp-content/uploads/2026/{(i % 12) + 1:02d}/{slugify(filename[:-4])}.pdf"

    def image_path(self, i: int) -> str:
        return f"/wp-content/uploads/2026/{(i % 12) + 1:02d}/anh-tin-{i + 1}-1024x683.jpg"

    def date_line(self, story: Story, i: int) -> tuple[str, str]:
        d = story.published
        iso = d.strftime("%Y-%m-%dT%H:%M:00+07:00")
        return (
            f'<span class="posted-on"><a href="{esc(self.paths[i])}" rel="bookmark"><time class="entry-date published" datetime="{iso}">{date_dmy(d)}</time>'
            f'<time class="updated" datetime="{iso}">{date_dmy(d)}</time></a></span>',
            iso,
        )

    def tags_of(self, i: int) -> list[str]:
        return [TAGS[i % 4], TAGS[(i + 1) % 4]]

    def head(self, title: str, extra: str = "") -> str:
        return (
            '<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8">'
            f"<title>{esc(title)}</title>"
            "<meta name='robots' content='max-image-preview:large'>"
            f'<link rel="alternate" type="application/rss+xml" title="{esc(self.site_title)} &raquo; Dòng thông tin" href="/feed/">'
            "<link rel='stylesheet' id='astra-theme-css-css' href='/wp-content/themes/astra/assets/css/minified/main.min.css?ver=4.6.4' media='all'>"
            '<link rel="https://api.w.org/" href="/wp-json/"><meta name="generator" content="WordPress 6.4.3">'
            f"{extra}</head>"
        )

    def html_title(self, story: Story, i: int) -> str:
        if i % 7 == 5:
            return f"{story.title.split(' tại ')[0]} &#8211; {self.org} {self.prov}".replace(
                "&#8211;", "–"
            )
        return f"{story.title} – {self.site_title}"

    def article_page(self, story: Story, i: int, date_html: str) -> str:
        page = super().article_page(story, i, date_html)
        meta = f'<meta property="article:published_time" content="{story.published:%Y-%m-%dT%H:%M:00+07:00}">'
        meta += f'<meta property="og:site_name" content="{esc(self.site_title)}"><meta property="og:type" content="article">'
        return page.replace("</head>", meta + "</head>", 1)

    def article_main(self, story: Story, i: int, date_html: str) -> str:
        cat = self.cat_of[i]
        tags = ", ".join(
            f'<a href="/tag/{t}/" rel="tag">{TAG_NAMES[t]}</a>' for t in self.tags_of(i)
        )
        return (
            f'<article id="post-{880 + i}" class="post-{880 + i} post type-post status-publish format-standard has-post-thumbnail category-{cat}">'
            f'<header class="entry-header"><h1 class="entry-title" itemprop="headline">{esc(story.title)}</h1>'
            f'<div class="entry-meta">{date_html}<span class="cat-links"><a href="{esc(self.listing_path(cat, 1))}" rel="category tag">{esc(dict(self.categories)[cat])}</a></span></div></header>'
            f'<div class="entry-content clear" itemprop="text">{self.body_html(story, i)}</div>'
            f'<footer class="entry-footer"><span class="tags-links">Thẻ: {tags}</span></footer>'
            f"{self.share(self.paths[i])}</article>"
            '<nav class="navigation post-navigation"><div class="nav-links">'
            + (
                f'<a href="{esc(self.paths[i + 1])}" rel="prev">‹ Bài trước</a>'
                if i + 1 < len(self.paths)
                else ""
            )
            + (f'<a href="{esc(self.paths[i - 1])}" rel="next">Bài sau ›</a>' if i > 0 else "")
            + "</div></nav>"
            + self.related_blocks(i)
            + '<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Trả lời</h3>'
            '<form action="/wp-comments-post.php" method="post" id="commentform"><p>Email của bạn sẽ không được hiển thị công khai.</p>'
            '<textarea id="comment" name="comment"></textarea><input name="author"><input name="email"><input type="submit" value="Phản hồi"></form></div></div>'
        )

    def pager(self, cat: str, page: int, npages: int) -> str:
        links = []
        for p in range(1, npages + 1):
            links.append(
                f'<span aria-current="page" class="page-numbers current">{p}</span>'
                if p == page
                else f'<a class="page-numbers" href="{esc(self.listing_path(cat, p))}">{p}</a>'
            )
        if page < npages:
            links.append(
                f'<a class="next page-numbers" href="{esc(self.listing_path(cat, page + 1))}">Trang sau →</a>'
            )
        return f'<nav class="navigation pagination"><div class="nav-links">{"".join(links)}</div></nav>'

    def robots(self) -> str:
        return f"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: {ORIGIN}/wp-sitemap.xml\n"

    def extra_routes(self) -> None:
        for t in TAGS:
            items = [j for j in range(len(self.stories)) if t in self.tags_of(j)][:12]
            main = f'<h1 class="page-title">Thẻ: {esc(TAG_NAMES[t])}</h1>' + "".join(
                self.listing_item(j) for j in items
            )
            self.add_page(
                f"/tag/{t}/",
                self.shell(f"{TAG_NAMES[t]} – {self.site_title}", main, [("Trang chủ", "/")]),
            )
        idx = (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(
                f"<sitemap><loc>{ORIGIN}/wp-sitemap-{n}-1.xml</loc></sitemap>"
                for n in ("posts-post", "posts-page", "taxonomies-category", "taxonomies-post_tag")
            )
            + "</sitemapindex>"
        )
        xml = "application/xml; charset=UTF-8"
        self.b.raw("/wp-sitemap.xml", idx.encode(), xml)
        posts = [(p, None) for p in self.paths]
        pages = [
            (self.util_path(n), None)
            for n in ("intro", "org", "contact", "docs", "gallery", "video")
        ]
        cats = [(self.listing_path(c, 1), None) for c, _ in self.categories]
        tags = [(f"/tag/{t}/", None) for t in TAGS]
        self.b.raw("/wp-sitemap-posts-post-1.xml", self.urlset(posts).encode(), xml)
        self.b.raw("/wp-sitemap-posts-page-1.xml", self.urlset(pages).encode(), xml)
        self.b.raw("/wp-sitemap-taxonomies-category-1.xml", self.urlset(cats).encode(), xml)
        self.b.raw("/wp-sitemap-taxonomies-post_tag-1.xml", self.urlset(tags).encode(), xml)
        self.b.raw(
            "/feed/",
            self.rss(self.site_title, list(range(10)), "/feed/").encode(),
            "application/rss+xml; charset=UTF-8",
        )

    def feed_link(self) -> str:
        return ""


def build() -> Portal:
    return WordPressSite().build()
