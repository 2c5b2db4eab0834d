"""A legacy PHP-Nuke style portal: table layout, modules.php?name=News&op=viewst&sid=N,
windows-1258 bytes (header without charset, or mis-declared as iso-8859-1), one <title> for every page."""

from __future__ import annotations

import random
from datetime import datetime

from unseen.base import AGENCY_HOSTS, Site, esc
from unseen.model import Portal
from unseen.vntext import Story, date_dmy

CAT_IDS = {"tin-hoat-dong": 2, "tin-chuyen-nganh": 4, "thong-bao": 6}
SITE_NAME = "SỞ NỘI VỤ TỈNH CAO BẰNG"


class LegacyPhpSite(Site):
    key = "legacy_php_caobang_snv"
    family = "legacy_php"
    dept = "noivu"
    org = "Sở Nội vụ"
    abbr = "SNV"
    prov = "tỉnh Cao Bằng"
    prov_host = "caobang.gov.vn"
    seed = 707
    start = datetime(2026, 10, 20, 9, 30)
    source = "Báo Cao Bằng"
    encoding = "windows-1258"
    categories = (
        ("tin-hoat-dong", "Tin hoạt động"),
        ("tin-chuyen-nganh", "Cải cách hành chính"),
        ("thong-bao", "Thông báo"),
    )
    address = "Số 12 phố Hoàng Đình Giong, phường Thục Phán, tỉnh Cao Bằng"
    phone = "0206.3852.019"

    def home_path(self) -> str:
        return "/index.php"

    def article_path(self, i: int, story: Story) -> str:
        return f"/modules.php?name=News&op=viewst&sid={812 - 4 * i}"

    def listing_path(self, cat: str, page: int) -> str:
        return f"/modules.php?name=News&op=viewcat&catid={CAT_IDS[cat]}" + (
            f"&page={page}" if page > 1 else ""
        )

    def util_path(self, name: str) -> str:
        return {
            "intro": "/modules.php?name=Content&pa=showpage&pid=1",
            "org": "/modules.php?name=Content&pa=showpage&pid=2",
            "contact": "/modules.php?name=Contact",
            "docs": "/modules.php?name=Documents",
            "doc1": "/modules.php?name=Documents&op=view&id=312",
            "doc2": "/modules.php?name=Documents&op=view&id=313",
            "gallery": "/modules.php?name=Gallery",
            "video": "/modules.php?name=Video",
            "search": "/modules.php?name=Search&query=cai+cach",
        }[name]

    def attachment_path(self, i: int, filename: str) -> str:
        return f"/uploads/files/{filename.replace(' ', '_')}"

    def image_path(self, i: int) -> str:
        return f"/uploads/news/{812 - 4 * i}.jpg"

    def content_type_for(self, path: str) -> str | None:
        # Listings are mis-declared as Latin-1 by the server; everything else has no charset at all.
        return "text/html; charset=iso-8859-1" if "op=viewcat" in path else "text/html"

    def date_line(self, story: Story, i: int) -> tuple[str, str]:
        d = story.published
        if i % 3 == 0:
            return f'<font color="#666666">Ngày đăng: {date_dmy(d)} {d:%H:%M}</font>', d.strftime(
                "%Y-%m-%dT%H:%M:00+07:00"
            )
        return f'<font color="#666666">({date_dmy(d)})</font>', d.strftime("%Y-%m-%d")

    def head(self, title: str, extra: str = "") -> str:
        return (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
            f'<title>{SITE_NAME}</title><link rel="StyleSheet" href="themes/CaoBang/style/style.css" type="text/css">'
            '<link rel="alternate" type="application/rss+xml" title="RSS" href="/backend.php">'
            f"{extra}</head>"
        )

    def block(self, title: str, inner: str) -> str:
        return (
            '<table width="100%" border="0" cellspacing="0" cellpadding="2" class="block"><tr>'
            f'<td class="blocktitle" bgcolor="#1F4E79"><font color="#FFFFFF"><b>{esc(title)}</b></font></td></tr>'
            f"<tr><td>{inner}</td></tr></table><br>"
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
        menu = "".join(
            f'<tr><td class="menu">&middot; <a href="{esc(h)}">{esc(t)}</a></td></tr>'
            + "".join(
                f'<tr><td class="submenu">&nbsp;&nbsp;- <a href="{esc(sh)}">{esc(st)}</a></td></tr>'
                for st, sh in subs
            )
            for t, h, subs in self.menu_items()
        )
        agencies = "".join(
            f'<a href="https://{h}.{self.prov_host}/">{esc(n)}</a><br>' for n, h in AGENCY_HOSTS
        )
        latest = [j for j in range(len(self.stories)) if j != exclude][:10]
        r = random.Random(self.seed + (exclude or 0))
        popular = r.sample([j for j in range(len(self.stories)) if j != exclude], 6)
        news_rows = "".join(
            f'<img src="images/arrow.gif"> <a href="{esc(self.paths[j])}">{esc(self.stories[j].title)}</a> <font size="1">({date_dmy(self.stories[j].published)})</font><br>'
            for j in latest
        )
        pop_rows = "".join(
            f'<img src="images/arrow.gif"> <a href="{esc(self.paths[j])}">{esc(self.stories[j].title)}</a><br>'
            for j in popular
        )
        bc = " &gt; ".join(f'<a href="{esc(h)}">{esc(t)}</a>' for t, h in crumbs)
        return (
            self.head(title, extra_head)
            + '<body bgcolor="#FFFFFF" topmargin="0" leftmargin="0">'
            + '<table width="980" align="center" border="0" cellpadding="0" cellspacing="0">'
            + f'<tr><td colspan="3"><img src="/themes/CaoBang/images/banner.jpg" width="980" height="150" alt="{SITE_NAME}"></td></tr>'
            + f'<tr><td colspan="3" bgcolor="#E8EEF4"><a href="{self.home_path()}">Trang chủ</a> | <a href="{self.util_path("intro")}">Giới thiệu</a> | <a href="{self.util_path("contact")}">Liên hệ</a> | <a href="{self.util_path("search")}">Tìm kiếm</a> | <a href="/modules.php?name=Your_Account">Tài khoản</a></td></tr>'
            + '<tr><td width="200" valign="top">'
            + self.block("DANH MỤC", f'<table width="100%">{menu}</table>')
            + self.block("LIÊN KẾT WEBSITE", agencies)
            + self.block("THĂM DÒ Ý KIẾN", self.poll())
            + '</td><td width="580" valign="top">'
            + f'<table width="100%"><tr><td class="pathway">{bc}</td></tr></table>{main}'
            + '</td><td width="200" valign="top">'
            + self.block("TIN MỚI NHẤT", news_rows)
            + self.block("ĐỌC NHIỀU NHẤT", pop_rows)
            + self.block("THỐNG KÊ TRUY CẬP", self.counter())
            + "</td></tr>"
            + f'<tr><td colspan="3" bgcolor="#1F4E79"><font color="#FFFFFF">{self.footer()}</font></td></tr></table></body></html>'
        )

    def article_main(self, story: Story, i: int, date_html: str) -> str:
        rel = "".join(
            f'&middot; <a href="{esc(self.paths[j])}">{esc(self.stories[j].title)}</a> ({date_dmy(self.stories[j].published)})<br>'
            for j in story.related[:5]
        )
        other = "".join(
            f'&middot; <a href="{esc(self.paths[j])}">{esc(self.stories[j].title)}</a> ({date_dmy(self.stories[j].published)})<br>'
            for j in range(len(self.stories))
            if j != i and self.cat_of[j] == self.cat_of[i]
        )
        return (
            '<table width="100%" border="0" cellpadding="3" cellspacing="0" class="content">'
            f'<tr><td class="title"><font size="3" color="#1F4E79"><b>{esc(story.title)}</b></font></td></tr>'
            f"<tr><td>{date_html}</td></tr>"
            f'<tr><td class="storytext">{self.body_html(story, i)}</td></tr>'
            f'<tr><td align="right"><a href="/modules.php?name=News&amp;file=print&amp;sid={812 - 4 * i}"><img src="images/print.gif" border="0"> Bản in</a> '
            f'<a href="/modules.php?name=News&amp;file=friend&amp;op=FriendSend&amp;sid={812 - 4 * i}">Gửi bạn bè</a></td></tr>'
            f"<tr><td><b>Tin liên quan:</b><br>{rel}</td></tr>"
            f"<tr><td><b>Các tin khác:</b><br>{other}</td></tr></table>"
        )

    def listing_item(self, j: int) -> str:
        s = self.stories[j]
        return (
            '<table width="100%" cellpadding="2"><tr>'
            f'<td width="110" valign="top"><a href="{esc(self.paths[j])}"><img src="{esc(self.image_path(j))}" width="100" border="0"></a></td>'
            f'<td valign="top"><a href="{esc(self.paths[j])}"><b>{esc(s.title)}</b></a> <font size="1">({s.published:%d/%m/%y})</font><br>'
            f"{esc(s.lead[:150].rsplit(' ', 1)[0])}...</td></tr></table>"
        )

    def pager(self, cat: str, page: int, npages: int) -> str:
        links = " ".join(
            f"[<b>{p}</b>]" if p == page else f'<a href="{esc(self.listing_path(cat, p))}">{p}</a>'
            for p in range(1, npages + 1)
        )
        nxt = (
            f' <a href="{esc(self.listing_path(cat, page + 1))}">Tiếp &raquo;</a>'
            if page < npages
            else ""
        )
        return f'<p align="center">Trang: {links}{nxt}</p>'

    def robots(self) -> str:
        return "User-agent: *\nDisallow: /admin.php\nDisallow: /includes/\n"

    def extra_routes(self) -> None:
        for i, story in enumerate(self.stories):
            sid = 812 - 4 * i
            printable = (
                self.head(story.title)
                + f'<body><table width="600"><tr><td><b>{esc(story.title)}</b></td></tr>'
                + f"<tr><td>{self.body_html(story, i)}</td></tr>"
                + f"<tr><td>Bài viết từ {SITE_NAME}</td></tr></table></body></html>"
            )
            self.b.html(
                f"/modules.php?name=News&file=print&sid={sid}",
                printable,
                encoding=self.encoding,
                content_type="text/html",
            )
            self.aliases[f"/modules.php?name=News&file=print&sid={sid}"] = self.paths[i]
            friend = (
                f'<h3>Gửi bài viết cho bạn bè</h3><p>Bài viết: <b>{esc(story.title)}</b></p><form method="post" action="/modules.php?name=News&amp;file=friend">'
                '<p>Tên của bạn: <input name="yname"></p><p>Email của bạn: <input name="ymail"></p>'
                '<p>Tên người nhận: <input name="fname"></p><p>Email người nhận: <input name="fmail"></p>'
                f'<input type="hidden" name="sid" value="{sid}"><input type="submit" value="Gửi"></form>'
            )
            self.add_page(
                f"/modules.php?name=News&file=friend&op=FriendSend&sid={sid}",
                self.shell(SITE_NAME, friend, [("Trang chủ", self.home_path())]),
            )
        self.b.raw("/backend.php", self.rss(SITE_NAME, list(range(10)), "").encode(), "text/xml")


def build() -> Portal:
    return LegacyPhpSite().build()
