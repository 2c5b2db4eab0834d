"""What every fixture portal shares: story placement, furniture, non-article pages and the gold.

A family module subclasses `Site`, giving its URL shapes and its markup; `Site.build()` returns
the `Portal` (routes + gold).
"""

from __future__ import annotations

import html
import json
import random
from datetime import datetime
from urllib.parse import quote

from unseen.model import ArticleGold, Builder, Portal, strip_tags
from unseen.vntext import Story, date_dmy, make_stories, phrase

ORIGIN = "__ORIGIN__"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
JPEG_BYTES = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")

AGENCY_HOSTS = [
    ("Văn phòng UBND tỉnh", "vpubnd"),
    ("Sở Tài chính", "stc"),
    ("Sở Nội vụ", "snv"),
    ("Sở Tư pháp", "stp"),
    ("Sở Xây dựng", "sxd"),
    ("Sở Công Thương", "sct"),
    ("Sở Y tế", "syt"),
    ("Sở Giáo dục và Đào tạo", "sgddt"),
    ("Sở Khoa học và Công nghệ", "skhcn"),
    ("Sở Nông nghiệp và Môi trường", "snnmt"),
    ("Sở Văn hóa, Thể thao và Du lịch", "svhttdl"),
    ("Sở Dân tộc và Tôn giáo", "sdttg"),
    ("Thanh tra tỉnh", "thanhtra"),
    ("Ban Quản lý các khu công nghiệp", "bqlkcn"),
    ("Trung tâm Phục vụ hành chính công", "hcc"),
    ("Đài Phát thanh và Truyền hình", "ptth"),
    ("Báo tỉnh", "baotinh"),
    ("Công an tỉnh", "congan"),
    ("Bộ Chỉ huy Quân sự tỉnh", "bchqs"),
    ("Liên đoàn Lao động tỉnh", "ldld"),
    ("Hội Nông dân tỉnh", "hoinongdan"),
    ("Tỉnh đoàn", "tinhdoan"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "hoiphunu"),
    ("Bảo hiểm xã hội tỉnh", "bhxh"),
]
NATIONAL_LINKS = [
    ("Cổng TTĐT Chính phủ", "https://chinhphu.vn/"),
    ("Báo Điện tử Chính phủ", "https://baochinhphu.vn/"),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/"),
    ("Quốc hội", "https://quochoi.vn/"),
    ("Bộ Tư pháp", "https://moj.gov.vn/"),
    ("Bộ Nội vụ", "https://moha.gov.vn/"),
    ("Bộ Tài chính", "https://mof.gov.vn/"),
    ("Bộ Khoa học và Công nghệ", "https://mst.gov.vn/"),
]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


class Site:
    """Base class of a fixture portal. Subclasses set the identity and override URLs and markup."""

    key = "site"
    family = "generic"
    held_out = False
    dept = "tuphap"
    org = "Sở Tư pháp"
    abbr = "STP"
    prov = "tỉnh Lâm Đồng"
    prov_host = "lamdong.gov.vn"
    seed = 1
    start = datetime(2026, 11, 20, 9, 0)
    source = "Báo Lâm Đồng"
    encoding = "utf-8"
    content_type: str | None = None
    crawl_delay: float | None = None
    page_size = 10
    credit_styles: list[str] | None = None
    categories: tuple[tuple[str, str], ...] = (
        ("tin-hoat-dong", "Tin hoạt động"),
        ("tin-chuyen-nganh", "Tin chuyên ngành"),
        ("thong-bao", "Thông báo"),
    )
    address = "Số 36 đường Trần Phú, phường Xuân Hương - Đà Lạt"
    phone = "0263.3822.145"
    license_no = "Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày 15/3/2021"
    agencies_as_select = False
    menu_extra = 0

    # ---- identity helpers -------------------------------------------------------------
    @property
    def org_full(self) -> str:
        return f"{self.org} {self.prov}"

    @property
    def site_title(self) -> str:
        return f"Trang thông tin điện tử {self.org_full}"

    def __init__(self) -> None:
        self.rng = random.Random(self.seed * 7919)
        self.stories: list[Story] = make_stories(
            self.dept,
            org=self.org,
            abbr=self.abbr,
            prov=self.prov,
            seed=self.seed,
            start=self.start,
            source=self.source,
            credit_styles=self.credit_styles,
        )
        self.cat_of: list[str] = []
        a, b, notice = (c[0] for c in self.categories)
        n_long = 0
        for s in self.stories:
            if s.short:
                self.cat_of.append(notice)
            else:
                self.cat_of.append(a if n_long % 2 == 0 else b)
                n_long += 1
        self.paths = [self.article_path(i, s) for i, s in enumerate(self.stories)]
        self.b = Builder()
        self.non_articles: list[str] = []
        self.golds: list[ArticleGold] = []
        self.aliases: dict[str, str] = {}

    # ---- URLs (override) ----------------------------------------------------------------
    def home_path(self) -> str:
        return "/"

    def start_path(self) -> str:
        return self.home_path()

    def article_path(self, i: int, story: Story) -> str:
        raise NotImplementedError

    def listing_path(self, cat: str, page: int) -> str:
        raise NotImplementedError

    def util_path(self, name: str) -> str:
        """intro, org, contact, docs, doc1, doc2, gallery, video, search."""
        raise NotImplementedError

    def attachment_path(self, i: int, filename: str) -> str:
        return f"/upload/files/{quote(filename)}"

    def image_path(self, i: int) -> str:
        return f"/upload/images/anh-{i + 1}.jpg"

    # ---- formatting hooks (override) -----------------------------------------------------
    def date_line(self, story: Story, i: int) -> tuple[str, str]:
        """(HTML of the date line, gold published)."""
        d = story.published
        return f'<span class="date">Ngày đăng: {date_dmy(d)}</span>', d.strftime("%Y-%m-%d")

    def list_date(self, d: datetime) -> str:
        return date_dmy(d)

    def html_title(self, story: Story, i: int) -> str:
        if i % 7 == 3:
            return f"Tin tức - Sự kiện - {self.site_title}"
        if i % 7 == 5:
            return f"{self.org}: {story.title.lower()}"
        return f"{story.title} - {self.site_title}"

    # ---- furniture --------------------------------------------------------------------
    def menu_items(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        cats = [(name, self.listing_path(key, 1)) for key, name in self.categories]
        ext = f"https://{self.prov_host}"
        return [
            ("Trang chủ", self.home_path(), []),
            (
                "Giới thiệu",
                self.util_path("intro"),
                [
                    ("Chức năng, nhiệm vụ", self.util_path("intro")),
                    ("Cơ cấu tổ chức", self.util_path("org")),
                    ("Lãnh đạo Sở", self.util_path("org") + "#lanh-dao"),
                    ("Lịch sử hình thành", "#"),
                    ("Đơn vị trực thuộc", "javascript:void(0)"),
                ],
            ),
            (
                "Tin tức - Sự kiện",
                cats[0][1],
                [
                    *cats[:2],
                    ("Tin trong tỉnh", ext + "/tin-tuc/tin-trong-tinh"),
                    ("Tin trong nước", ext + "/tin-tuc/tin-trong-nuoc"),
                ],
            ),
            (
                "Thông báo",
                cats[2][1],
                [
                    ("Thông báo", cats[2][1]),
                    ("Lịch công tác", ext + "/lich-cong-tac"),
                    ("Tuyển dụng", "#"),
                ],
            ),
            (
                "Văn bản",
                self.util_path("docs"),
                [
                    ("Văn bản quy phạm pháp luật", self.util_path("docs")),
                    ("Văn bản chỉ đạo điều hành", "#"),
                    ("Dự thảo lấy ý kiến", ext + "/du-thao"),
                    ("Văn bản trung ương", "https://vbpl.vn/"),
                ],
            ),
            (
                "Thủ tục hành chính",
                "https://dichvucong.gov.vn/",
                [
                    ("Dịch vụ công trực tuyến", "https://dichvucong.gov.vn/"),
                    ("Tra cứu hồ sơ", ext + "/tra-cuu-ho-so"),
                    ("Đánh giá sự hài lòng", "#"),
                ],
            ),
            (
                "Thư viện",
                self.util_path("gallery"),
                [("Thư viện ảnh", self.util_path("gallery")), ("Video", self.util_path("video"))],
            ),
            ("Hỏi đáp", ext + "/hoi-dap", [("Gửi câu hỏi", "#"), ("Câu hỏi thường gặp", "#")]),
            (
                "Công khai",
                "#",
                [
                    ("Công khai ngân sách", ext + "/cong-khai-ngan-sach"),
                    ("Quy hoạch, kế hoạch", "#"),
                    ("Thống kê", ext + "/thong-ke"),
                    ("Mua sắm công", "#"),
                ],
            ),
            ("Liên hệ", self.util_path("contact"), []),
            *self.extra_menu(),
        ]

    def extra_menu(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """More province-portal sections in the mega menu (`menu_extra` links)."""
        if not self.menu_extra:
            return []
        topics = [
            "Kinh tế",
            "Chính trị",
            "Văn hóa - Xã hội",
            "Quốc phòng - An ninh",
            "Nông nghiệp",
            "Công nghiệp",
            "Thương mại",
            "Du lịch",
            "Giáo dục",
            "Y tế",
            "Khoa học",
            "Môi trường",
            "Giao thông",
            "Xây dựng",
            "Đất đai",
            "Lao động",
            "Dân tộc",
            "Tôn giáo",
            "Thể thao",
            "Báo chí",
            "Chuyển đổi số",
            "Cải cách hành chính",
            "Thanh tra",
            "Tư pháp",
        ]
        ext = f"https://{self.prov_host}"
        subs = [
            (
                f"{topics[k % len(topics)]} ({k // len(topics) + 1})"
                if k >= len(topics)
                else topics[k],
                f"{ext}/chuyen-muc/{k + 1}",
            )
            for k in range(self.menu_extra)
        ]
        return [("Chuyên mục", "#", subs)]

    def mega_menu(self) -> str:
        out = ['<nav id="mainmenu" class="mega-menu"><ul class="menu-level-1">']
        for text, href, subs in self.menu_items():
            out.append(f'<li class="menu-item"><a href="{esc(href)}">{esc(text)}</a>')
            if subs:
                out.append('<ul class="sub-menu">')
                out.extend(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in subs)
                out.append("</ul>")
            out.append("</li>")
        out.append(
            f'<li class="search"><form action="{esc(self.util_path("search").split("?")[0])}" method="get">'
            '<input type="text" name="q" placeholder="Nhập từ khóa tìm kiếm..."><button type="submit">Tìm</button></form></li>'
        )
        out.append(
            f'<li><a href="{esc(self.util_path("search"))}">Tìm kiếm nâng cao</a></li></ul></nav>'
        )
        return "".join(out)

    def top_bar(self) -> str:
        return (
            '<div class="top-bar"><span>Thứ Sáu, ngày 20/11/2026</span>'
            f'<a href="{self.home_path()}">Trang chủ</a> | <a href="#">Sơ đồ site</a> | <a href="#">English</a> | '
            '<a href="#" class="login">Đăng nhập</a></div>'
        )

    def headline_list(self, heading: str, idx: list[int], cls: str, with_dates: bool = True) -> str:
        items = []
        for j in idx:
            s = self.stories[j]
            date = (
                f' <span class="list-date">({self.list_date(s.published)})</span>'
                if with_dates
                else ""
            )
            items.append(
                f'<li><a href="{esc(self.paths[j])}" title="{esc(s.title)}">{esc(s.title)}</a>{date}</li>'
            )
        return f'<div class="{cls}"><h3 class="block-title">{esc(heading)}</h3><ul>{"".join(items)}</ul></div>'

    def agencies(self) -> str:
        if self.agencies_as_select:
            opts = "".join(
                f'<option value="https://{h}.{self.prov_host}/">{esc(n)}</option>'
                for n, h in AGENCY_HOSTS
            )
            opts += "".join(f'<option value="{u}">{esc(n)}</option>' for n, u in NATIONAL_LINKS)
            return (
                '<div class="lien-ket-website"><h3>Liên kết website</h3>'
                f'<select onchange="window.open(this.value)"><option value="">-- Chọn liên kết --</option>{opts}</select></div>'
            )
        links = "".join(
            f'<li><a href="https://{h}.{self.prov_host}/" target="_blank">{esc(n)}</a></li>'
            for n, h in AGENCY_HOSTS
        )
        nat = "".join(
            f'<li><a href="{u}" target="_blank">{esc(n)}</a></li>' for n, u in NATIONAL_LINKS
        )
        return f'<div class="lien-ket-website"><h3>Liên kết website</h3><ul class="links">{links}{nat}</ul></div>'

    def poll(self) -> str:
        opts = ["Rất hài lòng", "Hài lòng", "Bình thường", "Chưa hài lòng"]
        radios = "".join(
            f'<label><input type="radio" name="poll" value="{k}"> {o}</label><br>'
            for k, o in enumerate(opts)
        )
        return (
            '<div class="poll"><h3>Thăm dò ý kiến</h3><p>Bạn đánh giá thế nào về chất lượng thông tin trên trang?</p>'
            f'<form>{radios}<button type="button">Bình chọn</button> <a href="#ketqua">Xem kết quả</a></form></div>'
        )

    def counter(self) -> str:
        r = random.Random(self.seed)
        return (
            f'<div class="visitor-counter"><h3>Thống kê truy cập</h3><p>Đang truy cập: {r.randint(20, 300)}</p>'
            f"<p>Truy cập tháng: {r.randint(10000, 90000):,}</p><p>Tổng truy cập: {r.randint(1000000, 9000000):,}</p></div>"
        ).replace(",", ".")

    def share(self, path: str) -> str:
        u = quote(ORIGIN + path, safe="")
        return (
            '<div class="social-share">Chia sẻ: '
            f'<a href="https://www.facebook.com/sharer/sharer.php?u={u}">Facebook</a> '
            f'<a href="https://zalo.me/share?u={u}">Zalo</a> '
            f'<a href="https://twitter.com/intent/tweet?url={u}">X</a> '
            f'<a href="mailto:?subject=Tin%20hay&amp;body={u}">Email</a> '
            '<a href="javascript:window.print()">In bài</a></div>'
        )

    def footer(self) -> str:
        return (
            '<footer id="footer"><div class="footer-info">'
            f"<p><strong>{esc(self.site_title.upper())}</strong></p>"
            f"<p>Cơ quan chủ quản: UBND {esc(self.prov)}. Chịu trách nhiệm chính: Giám đốc {esc(self.org)}.</p>"
            f"<p>Địa chỉ: {esc(self.address)}. Điện thoại: {self.phone}. Email: {self.abbr.lower()}@{self.prov_host}</p>"
            f"<p>{esc(self.license_no)}.</p>"
            "<p>Ghi rõ nguồn khi phát hành lại thông tin từ trang thông tin điện tử này.</p>"
            f'<p><a href="{self.home_path()}">Về đầu trang</a> | <a href="{self.util_path("contact")}">Liên hệ</a></p>'
            "</div></footer>"
        )

    def sidebar(self, exclude: int | None = None) -> str:
        latest = [j for j in range(len(self.stories)) if j != exclude][:8]
        r = random.Random(self.seed + (exclude or 0))
        popular = r.sample([j for j in range(len(self.stories)) if j != exclude], 7)
        return (
            '<aside class="sidebar">'
            + self.headline_list("Tin mới nhất", latest, "tin-moi")
            + self.headline_list("Đọc nhiều nhất", popular, "doc-nhieu", with_dates=False)
            + self.agencies()
            + self.poll()
            + self.counter()
            + "</aside>"
        )

    def scripts(self) -> str:
        """Inline scripts real portals carry (menu data, analytics): bulk that is not text."""
        r = random.Random(self.seed + 77)
        menu = [
            {"id": k, "title": f"muc-{k}", "url": f"/chuyen-muc/{k}", "order": r.randint(1, 99)}
            for k in range(260)
        ]
        return (
            f"<script>window.__MENU_DATA__ = {json.dumps(menu)};</script>"
            "<script>(function(i,s,o,g,r,a,m){i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){(i[r].q=i[r].q||[]).push(arguments)}})"
            "(window,document,'script','https://www.google-analytics.com/analytics.js','ga');ga('create','UA-00000000-1','auto');ga('send','pageview');</script>"
        )

    def head(self, title: str, extra: str = "") -> str:
        return (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="{self.encoding}">'
            f"<title>{esc(title)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
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
        """Whole page: header, mega menu, breadcrumbs, main, sidebar, footer."""
        bc = " » ".join(f'<a href="{esc(h)}">{esc(t)}</a>' for t, h in crumbs)
        return (
            self.head(title, extra_head)
            + "<body>"
            + self.top_bar()
            + f'<header class="banner"><a href="{self.home_path()}"><img src="/images/banner.png" alt="{esc(self.site_title)}"></a></header>'
            + self.mega_menu()
            + f'<div class="breadcrumb">{bc}</div>'
            + f'<div class="container"><main class="content">{main}</main>{self.sidebar(exclude)}</div>'
            + self.footer()
            + self.scripts()
            + "</body></html>"
        )

    # ---- body -------------------------------------------------------------------------
    def body_html(self, story: Story, i: int, *, lead_in_body: bool = True) -> str:
        parts: list[str] = []
        if lead_in_body:
            parts.append(f"<p><strong>{esc(story.lead)}</strong></p>")
        for k, p in enumerate(story.paragraphs):
            if k == 0 and story.image_caption:
                parts.append(
                    f'<figure class="image"><img src="{esc(self.image_path(i))}" alt="{esc(story.title)}">'
                    f"<figcaption><em>{esc(story.image_caption)}</em></figcaption></figure>"
                )
            parts.append(f"<p>{esc(p)}</p>")
            if k == 1 and story.table:
                rows = "".join(
                    "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                    for row in story.table
                )
                parts.append(f'<table class="table" border="1" cellpadding="4">{rows}</table>')
        if story.attachment:
            fname, text = story.attachment
            parts.append(
                f'<p>Xem chi tiết: <a href="{esc(self.attachment_path(i, fname))}" class="link-download">{esc(text)}</a></p>'
            )
        parts.append(story.credit.html)
        return "".join(parts)

    def related_blocks(self, i: int) -> str:
        s = self.stories[i]
        rel = s.related[:4]
        same = [j for j in range(len(self.stories)) if j != i and self.cat_of[j] == self.cat_of[i]][
            :10
        ]
        return self.headline_list("Tin liên quan", rel, "tin-lien-quan") + self.headline_list(
            "Các tin khác", same, "tin-khac"
        )

    def article_main(self, story: Story, i: int, date_html: str) -> str:
        """The article block (override for family markup)."""
        return (
            f'<article class="news-detail"><h1 class="title">{esc(story.title)}</h1>'
            f'<div class="meta">{date_html}</div>'
            f'<div class="content">{self.body_html(story, i)}</div>'
            f"{self.share(self.paths[i])}</article>{self.related_blocks(i)}"
        )

    def article_page(self, story: Story, i: int, date_html: str) -> str:
        cat = self.cat_of[i]
        catname = dict(self.categories)[cat]
        crumbs = [("Trang chủ", self.home_path()), (catname, self.listing_path(cat, 1))]
        return self.shell(
            self.html_title(story, i), self.article_main(story, i, date_html), crumbs, exclude=i
        )

    # ---- listings -----------------------------------------------------------------------
    def listing_items(self, cat: str) -> list[int]:
        return [j for j in range(len(self.stories)) if self.cat_of[j] == cat]

    def listing_item(self, j: int) -> str:
        s = self.stories[j]
        summary = s.lead[:160].rsplit(" ", 1)[0] + "..."
        return (
            f'<div class="news-item"><a href="{esc(self.paths[j])}"><img src="{esc(self.image_path(j))}" alt=""></a>'
            f'<h3><a href="{esc(self.paths[j])}">{esc(s.title)}</a></h3>'
            f'<span class="date">{self.list_date(s.published)}</span><p class="summary">{esc(summary)}</p></div>'
        )

    def pager(self, cat: str, page: int, npages: int) -> str:
        links = []
        for p in range(1, npages + 1):
            if p == page:
                links.append(f'<span class="current">{p}</span>')
            else:
                links.append(
                    f'<a class="page-link" href="{esc(self.listing_path(cat, p))}">{p}</a>'
                )
        if page < npages:
            links.append(
                f'<a class="next" href="{esc(self.listing_path(cat, page + 1))}">Trang sau »</a>'
            )
        return f'<div class="pagination">{" ".join(links)}</div>'

    def notices_extra(self) -> list[tuple[str, str, datetime]]:
        """Announcements that are only PDF files (no HTML article)."""
        r = random.Random(self.seed + 99)
        out = []
        for k in range(5):
            d = self.stories[min(len(self.stories) - 1, 5 * k + 2)].published
            num = r.randint(100, 2999)
            name = f"TB-{num}-{self.abbr}.pdf"
            out.append(
                (
                    f"Thông báo số {num}/TB-{self.abbr} về lịch tiếp công dân tháng {d.month}/{d.year}",
                    self.attachment_path(900 + k, name),
                    d,
                )
            )
        return out

    def listing_page(self, cat: str, page: int, npages: int, items: list[int]) -> str:
        catname = dict(self.categories)[cat]
        body = "".join(self.listing_item(j) for j in items)
        if cat == self.categories[2][0] and page == 1:
            body += "".join(
                f'<div class="news-item notice"><h3><a href="{esc(h)}">{esc(t)}</a></h3><span class="date">{self.list_date(d)}</span></div>'
                for t, h, d in self.notices_extra()
            )
        main = f'<h1 class="cat-title">{esc(catname)}</h1><div class="news-list">{body}</div>{self.pager(cat, page, npages)}'
        crumbs = [("Trang chủ", self.home_path()), (catname, self.listing_path(cat, 1))]
        return self.shell(f"{catname} - {self.site_title}", main, crumbs)

    def home_page(self) -> str:
        top = self.headline_list("Tin nổi bật", list(range(0, 12)), "tin-noi-bat")
        notices = self.headline_list(
            "Thông báo", self.listing_items(self.categories[2][0]), "thong-bao-home"
        )
        main = f'<h2 class="home-title">{esc(self.site_title)}</h2>{top}{notices}'
        return self.shell(
            self.site_title, main, [("Trang chủ", self.home_path())], extra_head=self.feed_link()
        )

    def feed_link(self) -> str:
        return ""

    # ---- utility pages ------------------------------------------------------------------
    def util_pages(self) -> dict[str, tuple[str, str]]:
        """name -> (page title, main HTML)."""
        r = random.Random(self.seed + 5)
        leaders = []
        for role in [
            "Giám đốc",
            "Phó Giám đốc",
            "Phó Giám đốc",
            "Chánh Văn phòng",
            "Chánh Thanh tra",
        ]:
            from unseen.vntext import person_name

            leaders.append(
                f"<tr><td>{esc(person_name(r))}</td><td>{role}</td><td>0263.38{r.randint(10000, 99999)}</td>"
                f"<td>{self.abbr.lower()}{r.randint(1, 99)}@{self.prov_host}</td></tr>"
            )
        intro = (
            f"<h1>Chức năng, nhiệm vụ</h1><p>{esc(self.org_full)} là cơ quan chuyên môn thuộc UBND {esc(self.prov)}, "
            "có chức năng tham mưu, giúp UBND tỉnh quản lý nhà nước về lĩnh vực được giao.</p>"
            "<h2>Nhiệm vụ và quyền hạn</h2><ol>"
            "<li>Trình UBND tỉnh dự thảo quyết định, chỉ thị và các văn bản khác thuộc phạm vi quản lý.</li>"
            "<li>Tổ chức thực hiện các văn bản quy phạm pháp luật, quy hoạch, kế hoạch sau khi được phê duyệt.</li>"
            "<li>Hướng dẫn, kiểm tra chuyên môn, nghiệp vụ đối với UBND cấp xã.</li>"
            "<li>Thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo theo quy định của pháp luật.</li>"
            "<li>Quản lý tổ chức bộ máy, biên chế công chức, số lượng người làm việc.</li></ol>"
        )
        org = (
            '<h1>Cơ cấu tổ chức</h1><h2 id="lanh-dao">Lãnh đạo Sở</h2><table class="org"><tr><th>Họ và tên</th><th>Chức vụ</th>'
            f"<th>Điện thoại</th><th>Email</th></tr>{''.join(leaders)}</table>"
            "<h2>Các phòng chuyên môn</h2><ul><li>Văn phòng Sở</li><li>Thanh tra Sở</li><li>Phòng Kế hoạch - Tài chính</li>"
            "<li>Phòng Quản lý chuyên ngành</li></ul>"
        )
        contact = (
            f"<h1>Liên hệ</h1><p>{esc(self.org_full)}</p><p>Địa chỉ: {esc(self.address)}</p><p>Điện thoại: {self.phone}</p>"
            '<form class="contact-form" method="post"><label>Họ và tên <input name="hoten"></label>'
            '<label>Email <input name="email"></label><label>Tiêu đề <input name="tieude"></label>'
            '<label>Nội dung <textarea name="noidung"></textarea></label><label>Mã xác nhận <input name="captcha"></label>'
            "<button>Gửi liên hệ</button></form>"
        )
        docs_rows = []
        for k, (num, _kind, summary, d) in enumerate(self.documents(), start=1):
            link = self.util_path("doc1") if k == 1 else self.util_path("doc2") if k == 2 else "#"
            docs_rows.append(
                f'<tr><td>{k}</td><td><a href="{esc(link)}">{num}</a></td><td>{esc(summary)}</td><td>{d}</td>'
                f'<td><a href="{esc(self.attachment_path(800 + k, num.replace("/", "-") + ".pdf"))}">Tải về</a></td></tr>'
            )
        docs = (
            '<h1>Văn bản quy phạm pháp luật</h1><div class="list-legal-document-table"><table><tr><th>STT</th><th>Số hiệu</th>'
            f"<th>Trích yếu</th><th>Ngày ban hành</th><th>File</th></tr>{''.join(docs_rows)}</table></div>"
        )
        pages = {
            "intro": ("Giới thiệu", intro),
            "org": ("Cơ cấu tổ chức", org),
            "contact": ("Liên hệ", contact),
            "docs": ("Văn bản", docs),
            "doc1": ("Văn bản", self.doc_attributes(0)),
            "doc2": ("Văn bản", self.doc_attributes(1)),
            "gallery": ("Thư viện ảnh", self.gallery()),
            "video": ("Video", self.video()),
            "search": ("Kết quả tìm kiếm", self.search_results()),
        }
        return pages

    def documents(self) -> list[tuple[str, str, str, str]]:
        r = random.Random(self.seed + 11)
        kinds = ["Quyết định", "Kế hoạch", "Công văn", "Chỉ thị", "Thông báo"]
        out = []
        for k in range(8):
            kind = kinds[k % len(kinds)]
            code = {
                "Quyết định": "QĐ",
                "Kế hoạch": "KH",
                "Công văn": "CV",
                "Chỉ thị": "CT",
                "Thông báo": "TB",
            }[kind]
            num = f"{r.randint(10, 2900)}/{code}-{'UBND' if k % 3 == 0 else self.abbr}"
            d = f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.choice([2024, 2025, 2026])}"
            summary = f"{kind} về việc {self.stories[k].topic.noun} trên địa bàn {self.prov}"
            out.append((num, kind, summary, d))
        return out

    def doc_attributes(self, k: int) -> str:
        num, kind, summary, d = self.documents()[k]
        r = random.Random(self.seed + 20 + k)
        from unseen.vntext import person_name

        rows = [
            ("Số ký hiệu", num),
            ("Ngày ban hành", d),
            ("Ngày hiệu lực", d),
            ("Loại văn bản", kind),
            ("Cơ quan ban hành", self.org if "UBND" not in num else f"UBND {self.prov}"),
            ("Người ký", person_name(r)),
            ("Trích yếu", summary),
            ("Lĩnh vực", "Hành chính"),
            ("Tình trạng hiệu lực", "Còn hiệu lực"),
        ]
        table = "".join(
            f'<tr><td class="td-title">{esc(a)}</td><td>{esc(b)}</td></tr>' for a, b in rows
        )
        fname = num.replace("/", "-") + ".pdf"
        return (
            f'<div class="legal-document-detail"><h2>Thuộc tính văn bản</h2><table class="table-detail">{table}'
            f'<tr><td class="td-title">File đính kèm</td><td><a href="{esc(self.attachment_path(810 + k, fname))}">{esc(fname)}</a></td></tr>'
            f'</table><p><a href="{esc(self.util_path("docs"))}">Quay lại danh sách</a></p></div>'
        )

    def gallery(self) -> str:
        r = random.Random(self.seed + 30)
        from unseen.vntext import PLACES

        items = "".join(
            f'<div class="album"><a href="{esc(self.image_path(200 + k))}"><img src="{esc(self.image_path(200 + k))}" alt=""></a>'
            f"<p>Hình ảnh hoạt động tại {esc(r.choice(PLACES))} ({k + 1})</p></div>"
            for k in range(12)
        )
        return f'<h1>Thư viện ảnh</h1><div class="gallery">{items}</div>'

    def video(self) -> str:
        items = "".join(
            f'<div class="video-item"><iframe src="https://www.youtube.com/embed/vid{k}x{self.seed}" title="Video {k}"></iframe>'
            f"<p>Phóng sự: {esc(self.stories[k].title)}</p></div>"
            for k in range(4)
        )
        return f'<h1>Video</h1><div class="videos">{items}</div>'

    def search_results(self) -> str:
        hits = [j for j in range(len(self.stories)) if j % 3 == 0][:8]
        items = "".join(
            f'<li><a href="{esc(self.paths[j])}">{esc(self.stories[j].title)}</a><p>{esc(self.stories[j].lead[:120])}...</p></li>'
            for j in hits
        )
        return f'<h1>Kết quả tìm kiếm</h1><p>Tìm thấy {len(hits)} kết quả cho từ khóa "chuyển đổi số"</p><ol class="search-results">{items}</ol>'

    # ---- robots, sitemaps, feeds ------------------------------------------------------
    def robots(self) -> str:
        lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /login"]
        if self.crawl_delay:
            lines.append(f"Crawl-delay: {int(self.crawl_delay)}")
        return "\n".join(lines) + "\n"

    def add_print_view(self, i: int, path: str) -> None:
        """Serve the article's print view (body only) at `path`, an alias of the article."""
        s = self.stories[i]
        page = (
            self.head(s.title)
            + f'<body class="print"><h1>{esc(s.title)}</h1>{self.body_html(s, i)}<p>{esc(self.site_title)}</p></body></html>'
        )
        self.b.html(path, page, encoding=self.encoding, content_type=self.content_type_for(path))
        self.aliases[path] = self.paths[i]

    def extra_routes(self) -> None:
        """Sitemaps, feeds, aliases (override)."""

    def rss(self, title: str, items: list[int], self_path: str) -> str:
        entries = []
        for j in items:
            s = self.stories[j]
            d = s.published
            pub = f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][d.weekday()]}, {d.day:02d} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.month - 1]} {d.year} {d:%H:%M}:00 +0700"
            entries.append(
                f"<item><title>{esc(s.title)}</title><link>{ORIGIN}{esc(self.paths[j])}</link>"
                f"<guid>{ORIGIN}{esc(self.paths[j])}</guid><pubDate>{pub}</pubDate>"
                f"<description>{esc(s.lead[:200])}</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{esc(title)}</title><link>{ORIGIN}{self.home_path()}</link><description>{esc(self.site_title)}</description>"
            f"{''.join(entries)}</channel></rss>"
        )

    def urlset(self, paths: list[tuple[str, str | None]]) -> str:
        urls = "".join(
            f"<url><loc>{ORIGIN}{esc(p)}</loc>"
            + (f"<lastmod>{lm}</lastmod>" if lm else "")
            + "</url>"
            for p, lm in paths
        )
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'

    def add_page(self, path: str, page: str, *, article: bool = False) -> None:
        self.b.html(path, page, encoding=self.encoding, content_type=self.content_type_for(path))
        if not article:
            self.non_articles.append(path)

    def content_type_for(self, path: str) -> str | None:
        return self.content_type

    # ---- build --------------------------------------------------------------------------
    def build(self) -> Portal:
        for i, story in enumerate(self.stories):
            date_html, published = self.date_line(story, i)
            page = self.article_page(story, i, date_html)
            path = self.paths[i]
            self.add_page(path, page, article=True)
            first = story.lead
            last = story.paragraphs[-1]
            must = [phrase(first, at_start=True), phrase(last, at_start=False)]
            if len(story.paragraphs) > 2:
                must.append(phrase(last, at_start=True, words=7))
            rel_title = self.stories[story.related[0]].title
            must_not = (rel_title, self.license_no, "Thăm dò ý kiến")
            self.golds.append(
                ArticleGold(
                    path, story.title, published, story.credit.author, tuple(must), must_not
                )
            )
            if story.image_caption:
                self.b.raw(self.image_path(i), JPEG_BYTES, "image/jpeg")
            if story.attachment:
                self.b.raw(
                    self.attachment_path(i, story.attachment[0]), PDF_BYTES, "application/pdf"
                )
        for cat, _name in self.categories:
            items = self.listing_items(cat)
            npages = max(1, -(-len(items) // self.page_size))
            for p in range(1, npages + 1):
                chunk = items[(p - 1) * self.page_size : p * self.page_size]
                self.add_page(self.listing_path(cat, p), self.listing_page(cat, p, npages, chunk))
        for k in range(12):  # gallery photos
            self.b.raw(self.image_path(200 + k), JPEG_BYTES, "image/jpeg")
        for _t, href, _d in self.notices_extra():
            self.b.raw(href, PDF_BYTES, "application/pdf")
        for name, (title, main) in self.util_pages().items():
            crumbs = [("Trang chủ", self.home_path()), (title, self.util_path(name))]
            self.add_page(
                self.util_path(name), self.shell(f"{title} - {self.site_title}", main, crumbs)
            )
        for k in range(1, 9):
            num = self.documents()[k - 1][0]
            self.b.raw(
                self.attachment_path(800 + k, num.replace("/", "-") + ".pdf"),
                PDF_BYTES,
                "application/pdf",
            )
        for k in range(2):
            num = self.documents()[k][0]
            self.b.raw(
                self.attachment_path(810 + k, num.replace("/", "-") + ".pdf"),
                PDF_BYTES,
                "application/pdf",
            )
        self.add_page(self.home_path(), self.home_page())
        self.b.text("/robots.txt", self.robots())
        self.extra_routes()
        portal = Portal(
            name=self.key,
            family=self.family,
            held_out=self.held_out,
            routes=self.b.routes,
            articles=self.golds,
            non_articles=list(dict.fromkeys(self.non_articles)),
            start_path=self.start_path(),
            crawl_delay=self.crawl_delay,
            charsets=self.b.charsets,
            bodies={self.paths[i]: s.body_text for i, s in enumerate(self.stories)},
            aliases=self.aliases,
        )
        return portal


def check_texts(golds: list[ArticleGold]) -> None:
    """Gold strings must be plain text (no markup)."""
    for g in golds:
        for p in (*g.body_must, g.title):
            assert p == strip_tags(p), p


def slugify(text: str, *, drop_d: bool = False, limit: int = 80) -> str:
    """ASCII slug of a Vietnamese title; Liferay drops `đ` instead of transliterating it."""
    import re
    import unicodedata

    t = text.lower()
    t = t.replace("đ", "" if drop_d else "d")
    t = unicodedata.normalize("NFD", t)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t[:limit].rstrip("-")
