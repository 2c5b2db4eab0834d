"""Discovery from saved responses: links, feeds, robots.txt sitemaps, sitemaps (gzip, index)."""

from __future__ import annotations

import gzip

from scrapy.http import HtmlResponse, TextResponse, XmlResponse

from govcrawl.crawl import discovery

HOME = "https://skhcn.lamdong.gov.vn/"


def html(body: str, url: str = HOME) -> HtmlResponse:
    return HtmlResponse(url, body=body.encode("utf-8"), encoding="utf-8")


def test_page_links_skip_search_login_and_non_http() -> None:
    page = html("""<a href="/tin-hoat-dong">Tin</a> <a href="/tin-hoat-dong?page=2">2</a>
    <a href="/tim-kiem?q=abc">Tìm</a> <a href="/dang-nhap">Login</a> <a href="mailto:a@b.vn">m</a>
    <a href="javascript:void(0)">js</a> <a href="tel:0263">tel</a> <a href="/files/a.pdf">pdf</a>
    <a href="/anh/x.jpg">jpg</a> <a href="https://other.gov.vn/x">other</a>""")
    assert set(discovery.page_links(page)) == {
        HOME + "tin-hoat-dong", HOME + "tin-hoat-dong?page=2", "https://other.gov.vn/x",
    }  # fmt: skip


def test_feed_links() -> None:
    page = html("""<head><link rel="alternate" type="application/rss+xml" href="/rss/tin.rss">
    <link rel="alternate" type="application/atom+xml" href="https://skhcn.lamdong.gov.vn/atom">
    <link rel="alternate" hreflang="en" href="/en/"><link rel="stylesheet" href="/a.css"></head>""")
    assert list(discovery.feed_links(page)) == [HOME + "rss/tin.rss", HOME + "atom"]


def test_sitemaps_from_robots() -> None:
    robots = TextResponse(
        HOME + "robots.txt",
        body=b"User-agent: *\nDisallow:\nSitemap: /sitemap.xml\nsitemap: https://skhcn.lamdong.gov.vn/s2.xml\n",
    )
    assert discovery.sitemaps_from_robots(robots) == [HOME + "sitemap.xml", HOME + "s2.xml"]


URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://skhcn.lamdong.gov.vn/tin/a-1</loc><lastmod>2020-01-15</lastmod></url>
<url><loc>https://skhcn.lamdong.gov.vn/tin/b-2</loc></url></urlset>"""


def test_urlset_plain_and_gzip() -> None:
    plain = XmlResponse(HOME + "sitemap.xml", body=URLSET)
    packed = TextResponse(HOME + "sitemap.xml.gz", body=gzip.compress(URLSET))
    expected = ("urlset", [HOME + "tin/a-1", HOME + "tin/b-2"])
    assert discovery.sitemap_entries(plain, max_size=10**6) == expected
    assert discovery.sitemap_entries(packed, max_size=10**6) == expected


def test_gzip_bomb_is_refused() -> None:
    bomb = TextResponse(HOME + "s.xml.gz", body=gzip.compress(URLSET + b" " * 2_000_000))
    assert discovery.sitemap_entries(bomb, max_size=100_000) == ("invalid", [])


def test_sitemap_index_and_flat_sitemap_of_sitemaps() -> None:
    index = XmlResponse(
        HOME + "sitemap.xml",
        body=b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://skhcn.lamdong.gov.vn/sitemap-news.xml</loc></sitemap></sitemapindex>""",
    )
    assert discovery.sitemap_entries(index, max_size=10**6) == (
        "sitemapindex",
        [HOME + "sitemap-news.xml"],
    )
    assert discovery.looks_like_sitemap(HOME + "sitemap-news.xml")
    assert discovery.looks_like_sitemap(HOME + "sitemap-1.xml.gz")
    assert not discovery.looks_like_sitemap(HOME + "tin/a-1.html")


def test_entities_are_never_expanded() -> None:
    evil = XmlResponse(
        HOME + "sitemap.xml",
        body=b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol2;&xxe;</loc></url></urlset>""",
    )
    _, urls = discovery.sitemap_entries(evil, max_size=10**6)
    assert not any("lol" in u or "root:" in u for u in urls)


def test_garbage_is_not_a_sitemap() -> None:
    assert discovery.sitemap_entries(html("<html>not xml</html>"), max_size=10**6) == (
        "invalid",
        [],
    )


def test_rss_and_atom_entries() -> None:
    rss = XmlResponse(
        HOME + "rss",
        body="""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
    <title>Tin tức</title><link>https://skhcn.lamdong.gov.vn/</link>
    <item><title>Đà Lạt</title><link> https://skhcn.lamdong.gov.vn/tin/a-1 </link></item>
    <item><title>B</title><link>/tin/b-2</link></item></channel></rss>""".encode(),
    )
    atom = XmlResponse(
        HOME + "atom",
        body=b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <link rel="self" href="https://skhcn.lamdong.gov.vn/atom"/>
    <entry><title>A</title><link href="https://skhcn.lamdong.gov.vn/tin/c-3"/></entry>
    <entry><title>B</title><link rel="alternate" href="/tin/d-4"/><link rel="enclosure" href="/x.mp3"/></entry></feed>""",
    )
    assert discovery.feed_entries(rss) == [HOME + "tin/a-1", HOME + "tin/b-2"]
    assert discovery.feed_entries(atom) == [HOME + "tin/c-3", HOME + "tin/d-4"]
    assert discovery.feed_entries(html("<p>no feed</p>")) == []
