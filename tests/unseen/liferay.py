"""Liferay 7 department site: /web/<site>/<page>, friendly /-/<slug> articles (đ dropped), _cur paging."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from unseen.base import ORIGIN, Site, esc, slugify
from unseen.model import Portal
from unseen.vntext import Story, date_dmy

SITE = "/web/sotuphap"
INST = "nf7Qy5mlPXqs"
PORTLET = f"com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_{INST}"
CAT_PAGES = {
    "tin-hoat-dong": "tin-hoat-dong",
    "tin-chuyen-nganh": "pho-bien-giao-duc-phap-luat",
    "thong-bao": "thong-bao",
}


def _ampm(d: datetime) -> str:
    h = d.hour % 12 or 12
    return f"{h:02d}:{d.minute:02d} {'PM' if d.hour >= 12 else 'AM'}"


class LiferaySite(Site):
    key = "liferay_danang_sotuphap"
    family = "liferay"
    dept = "tuphap"
    org = "Sở Tư pháp"
    abbr = "STP"
    prov = "thành phố Đà Nẵng"
    prov_host = "danang.gov.vn"
    seed = 202
    start = datetime(2026, 10, 30, 9, 0)
    source = "Báo Đà Nẵng"
    menu_extra = 45
    address = (
        "Tầng 17, Trung tâm Hành chính thành phố, 24 Trần Phú, phường Hải Châu, thành phố Đà Nẵng"
    )
    phone = "0236.3822.366"

    def home_path(self) -> str:
        return f"{SITE}/trang-chu"

    def article_path(self, i: int, story: Story) -> str:
        slug = slugify(story.title, drop_d=True)
        if i % 3 == 1:
            return f"{SITE}/{CAT_PAGES[self.cat_of[i]]}/-/asset_publisher/{INST}/content/{slug}"
        return f"{SITE}/-/{slug}"

    def link_path(self, j: int) -> str:
        """Listings link asset-publisher URLs with a redirect= parameter, as Liferay does."""
        p = self.paths[j]
        if "/asset_publisher/" in p:
            return p + "?redirect=" + quote(f"{SITE}/{CAT_PAGES[self.cat_of[j]]}", safe="")
        return p

    def listing_path(self, cat: str, page: int) -> str:
        base = f"{SITE}/{CAT_PAGES[cat]}"
        if page == 1:
            return base
        return (
            f"{base}?p_p_id={PORTLET}&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view"
            f"&_{PORTLET}_delta=10&p_r_p_resetCur=false&_{PORTLET}_cur={page}"
        )

    def util_path(self, name: str) -> str:
        vb = "vanban_WAR_stpportlet"
        return {
            "intro": f"{SITE}/gioi-thieu",
            "org": f"{SITE}/co-cau-to-chuc",
            "contact": f"{SITE}/lien-he",
            "docs": f"{SITE}/van-ban",
            "doc1": f"{SITE}/van-ban?p_p_id={vb}&p_p_lifecycle=0&_{vb}_id=1201&_{vb}_jspPage=%2Fhtml%2Fview_detail.jsp",
            "doc2": f"{SITE}/van-ban?p_p_id={vb}&p_p_lifecycle=0&_{vb}_id=1202&_{vb}_jspPage=%2Fhtml%2Fview_detail.jsp",
            "gallery": f"{SITE}/thu-vien-anh",
            "video": f"{SITE}/video",
            "search": f"{SITE}/tim-kiem?q=" + quote("trợ giúp pháp lý"),
        }[name]

    def attachment_path(self, i: int, filename: str) -> str:
        return f"/documents/20182/{31000 + i}/{quote(filename)}/5c2e{i:04d}-8f1a-4b2c-9d3e-1a2b3c4d5e6f?t=17{i:011d}"

    def image_path(self, i: int) -> str:
        return f"/documents/20182/0/anh-{i + 1}.jpg/0a1b{i:04d}-2c3d-4e5f-8a9b-0c1d2e3f4a5b?t=1700000000000"

    def list_date(self, d: datetime) -> str:
        return f"{date_dmy(d)} | {_ampm(d)}"

    def date_line(self, story: Story, i: int) -> tuple[str, str]:
        d = story.published
        views = 100 + (i * 37) % 900
        return (
            f'<div class="assetPublishDate block_timer">Ngày đăng {date_dmy(d)} | {_ampm(d)} | Lượt xem: {views}</div>',
            d.strftime("%Y-%m-%dT%H:%M:00+07:00"),
        )

    def head(self, title: str, extra: str = "") -> str:
        return (
            '<!DOCTYPE html><html class="aui ltr" dir="ltr" lang="vi-VN"><head>'
            f'<title>{esc(title)} - Sở Tư pháp thành phố Đà Nẵng - Liferay DXP</title><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
            '<link href="/o/danang-theme/images/favicon.ico" rel="icon">'
            '<script>var Liferay={Browser:{},ThemeDisplay:{getLayoutURL:function(){return "";},getLanguageId:function(){return "vi_VN";},'
            'getScopeGroupId:function(){return "20182";}},authToken:"Xk3jP9aQ"};var themeDisplay=Liferay.ThemeDisplay;</script>'
            f'<link rel="alternate" type="application/rss+xml" title="RSS" href="{SITE}/tin-hoat-dong/-/asset_publisher/{INST}/rss">'
            f"{extra}</head>"
        )

    def html_title(self, story: Story, i: int) -> str:
        return story.title if i % 7 != 3 else "Tin tức - Sự kiện"

    def site_name_suffix(self) -> str:
        return ""

    def article_main(self, story: Story, i: int, date_html: str) -> str:
        return (
            f'<section id="portlet_{PORTLET}" class="portlet"><div class="portlet-asset-publisher"><div class="asset-full-content">'
            f'<h1 class="title-detail">{esc(story.title)}</h1>{date_html}'
            f'<div class="journal-content-article" data-analytics-asset-id="{55000 + i}">{self.body_html(story, i)}</div>'
            f"{self.share(self.paths[i])}</div></div></section>{self.related_blocks(i)}"
        )

    def listing_item(self, j: int) -> str:
        s = self.stories[j]
        summary = (
            esc(s.lead[:150].rsplit(" ", 1)[0]).replace("à", "&agrave;").replace("í", "&iacute;")
            + "..."
        )
        href = esc(self.link_path(j))
        return (
            f'<div class="asset-abstract"><div class="asset-image"><a href="{href}"><img src="{esc(self.image_path(j))}" alt=""></a></div>'
            f'<div class="asset-content-custom"><h3 class="asset-title"><a href="{href}">{esc(s.title)}</a></h3>'
            f'<div class="assetPublishDate block_timer">{self.list_date(s.published)}</div>'
            f'<div class="asset-summary">{summary}</div></div></div>'
        )

    def pager(self, cat: str, page: int, npages: int) -> str:
        items = []
        if page > 1:
            items.append(f'<li><a href="{esc(self.listing_path(cat, page - 1))}">« Trước</a></li>')
        for p in range(1, npages + 1):
            items.append(
                f'<li class="{"active" if p == page else ""}"><a href="{esc(self.listing_path(cat, p))}">{p}</a></li>'
            )
        if page < npages:
            items.append(f'<li><a href="{esc(self.listing_path(cat, page + 1))}">Tiếp</a></li>')
        return f'<div class="taglib-page-iterator"><ul class="pager lfr-pagination-buttons">{"".join(items)}</ul></div>'

    def robots(self) -> str:
        return f"User-agent: *\nDisallow: /c/\nDisallow: /group/\nSitemap: {ORIGIN}/sitemap.xml\n"

    def extra_routes(self) -> None:
        # Liferay's sitemap lists layouts (pages), not web content.
        pages = [self.home_path()] + [self.listing_path(c, 1) for c, _ in self.categories]
        pages += [
            self.util_path(n) for n in ("intro", "org", "contact", "docs", "gallery", "video")
        ]
        self.b.raw(
            "/sitemap.xml",
            self.urlset([(p, None) for p in pages]).encode(),
            "application/xml; charset=utf-8",
        )
        feed = self.rss(
            "Tin hoạt động",
            [j for j in range(len(self.stories)) if self.cat_of[j] == "tin-hoat-dong"],
            "",
        )
        self.b.raw(
            f"{SITE}/tin-hoat-dong/-/asset_publisher/{INST}/rss",
            feed.encode(),
            "application/rss+xml; charset=utf-8",
        )
        for j, p in enumerate(self.paths):
            alias = self.link_path(j)
            if alias != p:
                self.b.routes[alias] = self.b.routes[p]
                self.aliases[alias] = p

    def headline_list(self, heading: str, idx: list[int], cls: str, with_dates: bool = True) -> str:
        html = super().headline_list(heading, idx, cls, with_dates)
        for j in idx:
            html = html.replace(f'href="{esc(self.paths[j])}"', f'href="{esc(self.link_path(j))}"')
        return html


def build() -> Portal:
    return LiferaySite().build()
