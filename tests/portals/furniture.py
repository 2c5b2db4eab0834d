"""Page furniture the way real Vietnamese portals print it, for the family fixture portals.

Real article pages carry 60 to 330 links (tests/fixtures/real_pages, /work/shared/portals.md
sections 1, 7 and 8): a mega menu of the portal's sections and of the province's other agencies,
a breadcrumb, two to four headline lists with dates ("Tin mới", "Đọc nhiều", "Tin liên quan",
"Các tin khác"), a list of agency portals, a poll, a visitor counter, a share bar and a long
footer. Each family names these blocks in its own markup (``Style``); the builders here only
assemble the links.

Which links a family may use, so its portal keeps the structure its end-to-end tests expect:
in-portal links go only to pages the portal already has (its listing pages and the articles
every listing's first page shows, ``front``), everything else to off-site hosts (other agencies),
so furniture adds no page to fetch and no way around a listing's paging.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from portals.base import Article, FixturePortal

FRONT = 8  # the newest articles: every family's listing pages show them on their first page
# The province's departments and units, each with its own portal (off-site hosts).
DEPARTMENTS = (
    ("sotc", "Sở Tài chính"), ("snv", "Sở Nội vụ"), ("stp", "Sở Tư pháp"),
    ("sct", "Sở Công Thương"), ("sxd", "Sở Xây dựng"), ("skhcn", "Sở Khoa học và Công nghệ"),
    ("snnmt", "Sở Nông nghiệp và Môi trường"), ("sgddt", "Sở Giáo dục và Đào tạo"),
    ("syt", "Sở Y tế"), ("svhttdl", "Sở Văn hóa, Thể thao và Du lịch"),
    ("sdtn", "Sở Dân tộc và Tôn giáo"), ("thanhtra", "Thanh tra tỉnh"),
    ("bqlkkt", "Ban Quản lý các khu công nghiệp"), ("vpubnd", "Văn phòng UBND tỉnh"),
)  # fmt: skip
SERVICES = (
    ("dichvucong", "Dịch vụ công trực tuyến"), ("vbpl", "Văn bản quy phạm pháp luật"),
    ("congbao", "Công báo điện tử"), ("hoidap", "Hỏi đáp trực tuyến"),
    ("tiepdan", "Lịch tiếp công dân"), ("dautu", "Thông tin đầu tư"),
    ("dulich", "Du lịch"), ("tuyendung", "Thông tin tuyển dụng"),
)  # fmt: skip
AGENCIES = (
    ("https://chinhphu.vn/", "Cổng thông tin điện tử Chính phủ"),
    ("https://baochinhphu.vn/", "Báo điện tử Chính phủ"),
    ("https://quochoi.vn/", "Cổng thông tin điện tử Quốc hội"),
    ("https://dichvucong.gov.vn/", "Cổng Dịch vụ công quốc gia"),
    ("https://vbpl.vn/", "Cơ sở dữ liệu quốc gia về văn bản pháp luật"),
    ("https://mof.gov.vn/", "Bộ Tài chính"), ("https://moha.gov.vn/", "Bộ Nội vụ"),
    ("https://moj.gov.vn/", "Bộ Tư pháp"), ("https://moit.gov.vn/", "Bộ Công Thương"),
    ("https://moc.gov.vn/", "Bộ Xây dựng"), ("https://mst.gov.vn/", "Bộ Khoa học và Công nghệ"),
    ("https://mae.gov.vn/", "Bộ Nông nghiệp và Môi trường"),
    ("https://moet.gov.vn/", "Bộ Giáo dục và Đào tạo"), ("https://moh.gov.vn/", "Bộ Y tế"),
    ("https://bvhttdl.gov.vn/", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("https://hanoi.gov.vn/", "Cổng Giao tiếp điện tử Hà Nội"),
    ("https://hochiminhcity.gov.vn/", "Cổng TTĐT TP Hồ Chí Minh"),
    ("https://danang.gov.vn/", "Cổng TTĐT TP Đà Nẵng"), ("https://haiphong.gov.vn/", "Cổng TTĐT TP Hải Phòng"),
    ("https://cantho.gov.vn/", "Cổng TTĐT TP Cần Thơ"), ("https://ninhbinh.gov.vn/", "Cổng TTĐT tỉnh Ninh Bình"),
    ("https://thanhhoa.gov.vn/", "Cổng TTĐT tỉnh Thanh Hóa"), ("https://nghean.gov.vn/", "Cổng TTĐT tỉnh Nghệ An"),
    ("https://quangninh.gov.vn/", "Cổng TTĐT tỉnh Quảng Ninh"),
)  # fmt: skip
MOST_READ_ORDER = (3, 0, 5, 1, 7, 2, 6, 4)  # "Đọc nhiều" ranks by views, not by date


@dataclass(frozen=True)
class Style:
    """A platform's names for its furniture (as portals.md and the real pages show them)."""

    province: str  # the host's province label: "bacgiang" -> sotc.bacgiang.gov.vn
    menu_class: str = "mega-menu"  # the mega menu's <ul>
    item_class: str = "menu-item"  # a top-level <li>
    sub_class: str = "sub-menu"  # a submenu <ul>
    box_class: str = "box"  # a sidebar box
    title_tag: str = "div"
    title_class: str = "box-title"
    date_class: str = "date"
    dated: str = "({day})"  # how a headline list prints the date after the title


def _link(url: str, label: str, css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    return f'<a href="{escape(url)}"{attribute}>{escape(label)}</a>'


def offsite(province: str, unit: str) -> str:
    return f"https://{unit}.{province}.gov.vn/"


def mega_menu(style: Style, sections: Sequence[tuple[str, str]], *, home: str = "/") -> str:
    """Trang chủ, the portal's sections (each repeated in its own submenu), then the province's
    departments, services and agencies as submenus of off-site links."""

    def group(label: str, url: str, children: Sequence[tuple[str, str]]) -> str:
        subs = "".join(f"<li>{_link(u, text)}</li>" for u, text in children)
        return (f'<li class="{style.item_class}">{_link(url, label)}'
                f'<ul class="{style.sub_class}">{subs}</ul></li>')  # fmt: skip

    news = group("Tin tức - Sự kiện", sections[0][0], [(u, t) for u, t in sections])
    departments = [(offsite(style.province, key), name) for key, name in DEPARTMENTS]
    services = [(offsite(style.province, key), name) for key, name in SERVICES]
    government = group("Chính quyền", offsite(style.province, "vpubnd"), departments)
    citizens = group("Công dân - Doanh nghiệp", offsite(style.province, "dichvucong"), services)
    national = group("Liên kết", AGENCIES[0][0], AGENCIES[:8])
    return (f'<ul class="{style.menu_class}"><li class="{style.item_class}">{_link(home, "Trang chủ")}</li>'
            f"{news}{government}{citizens}{national}</ul>")  # fmt: skip


def headline_items(
    articles: Sequence[Article], href: Callable[[Article], str], style: Style, *, dated: bool = True
) -> str:
    """``<li>`` items: headline link and, when ``dated``, the article's date as the family prints it."""
    return "".join(
        f"<li>{_link(href(a), a.title)}"
        + (f' <span class="{style.date_class}">{style.dated.format(day=a.day)}</span>' if dated else "")
        + "</li>"
        for a in articles
    )  # fmt: skip


def box(style: Style, title: str, inner: str, css: str = "") -> str:
    """A sidebar box: its title element and content, in the family's class names."""
    extra = f" {css}" if css else ""
    return (f'<div class="{style.box_class}{extra}"><{style.title_tag} class="{style.title_class}">{escape(title)}'
            f"</{style.title_tag}>{inner}</div>")  # fmt: skip


def front(portal: FixturePortal, exclude: Article | None = None) -> list[Article]:
    """The articles furniture may link: those every listing's first page already shows."""
    return [a for a in portal.articles[:FRONT] if a is not exclude]


def most_read(portal: FixturePortal) -> list[Article]:
    shown = portal.articles[:FRONT]
    return [shown[i] for i in MOST_READ_ORDER if i < len(shown)]


def agencies(style: Style, css: str = "lien-ket-website") -> str:
    """ "Liên kết website": the national and provincial portals as a list of links."""
    items = "".join(f"<li>{_link(url, name)}</li>" for url, name in AGENCIES)
    return box(style, "Liên kết website", f"<ul>{items}</ul>", css)


def poll(style: Style, name: str = "poll") -> str:
    inner = f"""<p>Bạn đánh giá thế nào về nội dung thông tin trên cổng?</p>
<label><input type="radio" name="{name}" value="1">Rất hữu ích</label><label><input type="radio" name="{name}" value="2">Hữu ích</label>
<label><input type="radio" name="{name}" value="3">Chưa hữu ích</label>
<a href="javascript:void(0)" onclick="vote()">Biểu quyết</a> <a href="javascript:void(0)" onclick="results()">Xem kết quả</a>"""
    return box(style, "Thăm dò ý kiến", inner, "poll")


def counter(style: Style, total: str = "12.584.310") -> str:
    inner = (f"<p>Đang truy cập: 138</p><p>Hôm nay: 5.214</p><p>Tháng hiện tại: 148.390</p>"
             f"<p>Tổng lượt truy cập: {total}</p>")  # fmt: skip
    return box(style, "Thống kê truy cập", inner, "visitor-counter")


def share_bar(url: str, css: str = "share-bar") -> str:
    return f"""<div class="{css}"><span>Chia sẻ:</span> <a href="https://www.facebook.com/sharer/sharer.php?u={escape(url)}">Facebook</a>
<a href="https://twitter.com/intent/tweet?url={escape(url)}">Twitter</a> <a href="https://sp.zalo.me/share_inline?url={escape(url)}">Zalo</a>
<a href="https://www.linkedin.com/sharing/share-offsite/?url={escape(url)}">LinkedIn</a> <a href="javascript:window.print()">In bài</a>
<a href="javascript:void(0)" onclick="sendMail()">Gửi email</a> <a href="#top">Về đầu trang</a></div>"""


def footer_menu(
    sections: Sequence[tuple[str, str]], province: str, css: str = "footer-menu"
) -> str:
    """The footer's repeat of the sections and of the province's service portals."""
    links = [*sections, *((offsite(province, key), name) for key, name in SERVICES[:5])]
    return f'<ul class="{css}">' + "".join(f"<li>{_link(u, t)}</li>" for u, t in links) + "</ul>"
