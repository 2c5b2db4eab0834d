"""A synthetic provincial portal for the speed benchmark, written as static files.

    build(folder, n_articles) -> Portal

N article pages of 50-120 KB each (a mega-menu of a few hundred links, inline CSS and scripts,
a sidebar of dated related news, share bars, a long footer around a body of 5-30 paragraphs),
category listings of 20 teasers per page under ``/chuyen-muc/<cat>/trang-<k>``, a home page,
robots.txt and a sitemap of every article. Deterministic for a given N (seeded).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from functools import partial
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from os import PathLike
from pathlib import Path

CATEGORIES = ["thoi-su", "kinh-te", "van-hoa-xa-hoi", "khoa-hoc-cong-nghe", "chi-dao-dieu-hanh"]
PER_LISTING = 20
# scrapy crawl options that lift the politeness limits, for a benchmark on this local portal
LIFTED = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
          "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
          "-s", "CLOSESPIDER_PAGECOUNT=0", "-s", "GOVCRAWL_MAX_PAGES_PER_SITE=0",
          "-s", "LOG_LEVEL=INFO"]  # fmt: skip
_VOCABULARY = (
    "tỉnh ủy ban nhân dân sở khoa học công nghệ phát triển kinh tế xã hội hội nghị triển khai "
    "kế hoạch năm thực hiện chương trình mục tiêu quốc gia nông thôn mới đầu tư dự án xây dựng "
    "cơ sở hạ tầng giao thông đường bộ huyện thành phố đồng chí chủ tịch phó giám đốc cán bộ "
    "công chức viên chức người dân doanh nghiệp hợp tác xã sản xuất nông nghiệp công nghệ cao "
    "chuyển đổi số chính quyền điện tử dịch vụ công trực tuyến cải cách hành chính tổ chức "
    "đoàn kiểm tra giám sát báo cáo kết quả đánh giá nhiệm vụ giải pháp trọng tâm thời gian tới "
    "giáo dục đào tạo y tế chăm sóc sức khỏe môi trường tài nguyên đất đai rừng phòng chống "
    "thiên tai an ninh quốc phòng văn hóa du lịch lễ hội truyền thống đồng bào dân tộc thiểu số"
)
_WORDS = _VOCABULARY.split()
_NAMES = ["Trần Hằng", "Lê Thị Mai", "Nguyễn Văn An", "Phạm Minh Đức", "Hoàng Thu Trang"]
_STYLE = "".join(
    f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i * 2654435761 % 0xFFFFFF:06x};}}"
    for i in range(400)
)
_SCRIPT = "".join(
    f"function f{i}(a,b){{var x=a*{i}+b;if(x>{i * 3}){{return x-{i};}}return x;}}\n"
    for i in range(250)
)


@dataclass(frozen=True)
class Portal:
    """The generated portal: its folder, article paths and every page path."""

    root: Path
    articles: list[str]
    listings: list[str]


def _sentence(rng: random.Random, low: int = 12, high: int = 30) -> str:
    words = rng.choices(_WORDS, k=rng.randint(low, high))
    return (" ".join(words)).capitalize() + "."


def _menu(rng: random.Random) -> str:
    items = []
    for group in range(rng.randint(8, 16)):
        links = "".join(
            f'<li class="menu-item"><div class="item-wrap"><a class="lnk" '
            f'href="/chuyen-muc/{CATEGORIES[(group + i) % 5]}/trang-1"><span class="icon"></span>'
            f"<span>{escape(' '.join(rng.choices(_WORDS, k=rng.randint(2, 5))))}</span></a></div></li>"
            for i in range(rng.randint(8, 14))
        )
        items.append(f'<li class="menu-group"><a href="#">Nhóm {group}</a><ul>{links}</ul></li>')
    return f'<nav id="mega-menu" class="navbar"><ul class="menu">{"".join(items)}</ul></nav>'


def _teaser_list(rng: random.Random, n_articles: int, count: int) -> str:
    return "".join(
        f'<li class="item"><div class="thumb"><a href="{article_path(rng.randrange(n_articles))}">'
        f'<img src="/img/t{rng.randrange(999)}.jpg" alt=""></a></div><div class="info">'
        f'<a class="tit" href="{article_path(rng.randrange(n_articles))}">'
        f'{escape(_sentence(rng, 6, 12))}</a><span class="date">{rng.randint(1, 28):02d}/'
        f"{rng.randint(1, 12):02d}/2023</span></div></li>"
        for _ in range(count)
    )


def _sidebar(rng: random.Random, n_articles: int) -> str:
    boxes = "".join(
        f'<div class="box box-{b}"><div class="box-head"><h3>Hộp tin {b}</h3></div>'
        f'<div class="box-body"><ul>{_teaser_list(rng, n_articles, rng.randint(5, 8))}</ul></div></div>'
        for b in range(rng.randint(2, 4))
    )
    return (
        f'<aside class="sidebar col-md-3">{boxes}'
        "<div class='banner'><img src='/img/banner.png' alt='banner'></div></aside>"
    )


def _footer(rng: random.Random) -> str:
    columns = "".join(
        f'<div class="col"><ul>{"".join(f"<li><a href=/chuyen-muc/{CATEGORIES[k % 5]}/trang-1>{escape(_sentence(rng, 2, 5))}</a></li>" for k in range(8))}</ul></div>'
        for c in range(4)
    )
    lines = columns + "".join(f"<p>{escape(_sentence(rng, 8, 16))}</p>" for _ in range(6))
    return (
        f'<footer id="footer"><div class="footer-info">{lines}<p>Địa chỉ: Số 36 Trần Phú, '
        "Đà Lạt. Điện thoại: 0263 3822 000.</p><p>Lượt truy cập: 1234567</p></div></footer>"
    )


def article_path(index: int) -> str:
    """The URL path of article ``index`` (ids of 4+ digits: the generic article URL shape)."""
    return f"/tin-tuc/{CATEGORIES[index % 5]}/bai-viet-{index + 1000}.html"


def _page(title: str, main: str, rng: random.Random, n_articles: int) -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(title)} - Cổng thông tin điện tử tỉnh Lâm Đồng</title>"
        f'<meta property="og:title" content="{escape(title)}">'
        f"<style>{_STYLE}</style><script>{_SCRIPT}</script></head><body>"
        '<div id="header"><div class="logo"><a href="/">Cổng thông tin điện tử tỉnh Lâm Đồng</a>'
        f"</div>{_menu(rng)}</div>"
        f'<div class="container"><div class="row">{_sidebar(rng, n_articles)}'
        f'<div class="col-md-9 main-column">{main}</div></div></div>{_footer(rng)}'
        "<script>var _gaq=_gaq||[];_gaq.push(['_trackPageview']);</script></body></html>"
    )


def article_html(index: int, n_articles: int) -> str:
    """The HTML of article ``index``, 50-120 KB."""
    rng = random.Random(index)
    title = _sentence(rng, 8, 16)[:-1]
    paragraphs = "".join(
        f"<p>{escape(_sentence(rng, 20, 60))} {escape(_sentence(rng))}</p>"
        for _ in range(rng.randint(5, 30))
    )
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2022, 2023, 2024])
    related = _teaser_list(rng, n_articles, rng.randint(5, 10))
    main = (
        f'<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/chuyen-muc/'
        f'{CATEGORIES[index % 5]}/trang-1">Tin tức</a></div>'
        f'<div class="news-detail"><h1 class="title">{escape(title)}</h1>'
        f'<div class="meta-date">Ngày đăng: {day:02d}/{month:02d}/{year} 08:{index % 60:02d}</div>'
        f'<div class="sapo">{escape(_sentence(rng, 25, 40))}</div>'
        f'<div id="news-content" class="content">{paragraphs}'
        f'<p style="text-align:right"><strong>{rng.choice(_NAMES)}</strong></p></div>'
        '<div class="share-bar"><a href="#">Chia sẻ</a> <a href="#">In bài</a></div></div>'
        f'<div class="related-news"><h3>Tin liên quan</h3><ul>{related}</ul></div>'
    )
    return _page(title, main, rng, n_articles)


def listing_html(category: str, page: int, pages: int, indexes: list[int], n: int) -> str:
    """A category listing page: 20 teasers and page links."""
    rng = random.Random(f"{category}-{page}")
    teasers = "".join(
        f'<div class="news-item"><h3><a href="{article_path(i)}">'
        f"{escape(_sentence(random.Random(i), 8, 16)[:-1])}</a></h3>"
        f"<p>{escape(_sentence(rng, 15, 25))}</p></div>"
        for i in indexes
    )
    numbers = range(max(1, page - 3), min(pages, page + 3) + 1)
    paging = "".join(f'<a href="/chuyen-muc/{category}/trang-{k}">{k}</a> ' for k in numbers)
    main = f'<h1 class="cat-title">Chuyên mục {category}</h1>{teasers}<div class="paging">{paging}</div>'
    return _page(f"Chuyên mục {category} trang {page}", main, rng, n)


def build(root: Path, n_articles: int) -> Portal:
    """Write the portal of ``n_articles`` articles under ``root``; return its paths."""
    articles, listings = [], []
    for index in range(n_articles):
        path = article_path(index)
        _write(root, path, article_html(index, n_articles))
        articles.append(path)
    for c, category in enumerate(CATEGORIES):
        members = list(range(n_articles))[c::5][::-1]
        pages = max(1, -(-len(members) // PER_LISTING))
        for page in range(1, pages + 1):
            chunk = members[(page - 1) * PER_LISTING : page * PER_LISTING]
            path = f"/chuyen-muc/{category}/trang-{page}"
            _write(root, path, listing_html(category, page, pages, chunk, n_articles))
            listings.append(path)
    home = "".join(f'<li><a href="/chuyen-muc/{c}/trang-1">{c}</a></li>' for c in CATEGORIES)
    _write(root, "/index.html", _page("Trang chủ", f"<ul>{home}</ul>", random.Random(0), 1))
    urls = "".join(f"<url><loc>{{base}}{p}</loc></url>" for p in articles)
    sitemap = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    _write(root, "/sitemap.template.xml", sitemap)
    return Portal(root, articles, listings)


def finish(portal: Portal, base_url: str) -> None:
    """Write robots.txt and sitemap.xml for the portal served at ``base_url``."""
    template = (portal.root / "sitemap.template.xml").read_text(encoding="utf-8")
    (portal.root / "sitemap.xml").write_text(template.replace("{base}", base_url), "utf-8")
    robots = f"User-agent: *\nDisallow: /admin/\nSitemap: {base_url}/sitemap.xml\n"
    (portal.root / "robots.txt").write_text(robots, encoding="utf-8")


def _write(root: Path, path: str, text: str) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


class _Handler(SimpleHTTPRequestHandler):
    """Static files; extensionless paths (listings) are HTML."""

    def guess_type(self, path: str | PathLike[str]) -> str:
        return (
            "text/html; charset=utf-8" if "." not in Path(path).name else super().guess_type(path)
        )

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_in_thread(root: Path, port: int = 0) -> tuple[ThreadingHTTPServer, int]:
    """Serve ``root`` on 127.0.0.1 from a thread (the fallback when nginx is missing)."""
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]
