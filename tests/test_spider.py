"""The portal spider's arguments and settings, with hand-built crawlers (no reactor)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import project_crawler
from scrapy.crawler import Crawler
from scrapy.statscollectors import MemoryStatsCollector

from govcrawl.crawl.spiders.portal import PortalSpider
from govcrawl.registry.sites import UnknownSiteError
from govcrawl.registry.targets import SpiderArgumentError


def spider(**arguments: str) -> PortalSpider:
    """A spider made the way `scrapy crawl` makes it: before the settings are frozen."""
    crawler = Crawler(PortalSpider, project_crawler().settings.copy_to_dict())
    return PortalSpider.from_crawler(crawler, **arguments)


def test_registry_settings_are_applied_to_the_crawl() -> None:
    legacy = spider(site="bac_ninh")
    assert legacy.crawler.settings.get("DOWNLOADER_CLIENT_TLS_CIPHERS") == "DEFAULT:@SECLEVEL=1"
    assert (
        spider(site="lam_dong_skhcn").crawler.settings.get("DOWNLOADER_CLIENT_TLS_CIPHERS")
        == "DEFAULT"
    )


def test_several_sites_and_their_labels() -> None:
    crawl = spider(site="lam_dong_skhcn,ninh_binh_skhcn")
    assert list(crawl.targets) == ["lam_dong_skhcn", "ninh_binh_skhcn"]
    assert crawl.site_key == "lam_dong_skhcn,ninh_binh_skhcn"
    assert crawl.targets["lam_dong_skhcn"].scope.path_prefix == "/sites/skhcn/"
    assert crawl.targets["lam_dong_skhcn"].platform.name == "sharepoint"


def test_a_province_selects_its_current_sites() -> None:
    crawl = spider(province="lam dong")
    assert "lam_dong" in crawl.targets and "lam_dong_skhcn" in crawl.targets
    assert "demo" not in crawl.targets
    assert all(not key.endswith("stttt") for key in crawl.targets), "retired sites are skipped"


def test_ad_hoc_url_with_labels() -> None:
    crawl = spider(url="http://127.0.0.1:8089/", province="Lâm Đồng", agency="Sở KH&CN")
    (target,) = crawl.targets.values()
    assert (target.key, target.province, target.agency) == (
        "127.0.0.1:8089",
        "Lâm Đồng",
        "Sở KH&CN",
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"url": "notaurl"}, r"not an http\(s\) URL"),
        ({}, "give a start URL"),
        ({"province": "Atlantis"}, "no current registry site in province"),
        ({"url": "http://x.vn/", "site": "lam_dong,ha_tinh"}, "labels one portal"),
        ({"url": "http://x.vn/", "platform": "typo3"}, "unknown platform"),
        ({"site": "demo", "registry": "/nonexistent/sites.toml"}, "cannot read site registry"),
    ],
)
def test_bad_arguments(arguments: dict[str, str], message: str) -> None:
    with pytest.raises(SpiderArgumentError, match=message):
        PortalSpider(**arguments)


def test_unknown_site() -> None:
    with pytest.raises(UnknownSiteError, match="unknown site 'atlantis'"):
        PortalSpider(site="atlantis")


def test_a_broken_registry_file_is_reported(tmp_path: Path) -> None:
    registry = tmp_path / "sites.toml"
    registry.write_text("[x\nname=", encoding="utf-8")
    with pytest.raises(SpiderArgumentError, match="site registry"):
        PortalSpider(site="x", registry=str(registry))


def test_a_link_followed_recently_is_not_requested_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from govcrawl.crawl.spiders import portal

    monkeypatch.setattr(portal, "RECENT_REQUESTS", 3)
    crawl = spider(url="https://skhcn.lamdong.gov.vn/")
    crawl.crawler.stats = MemoryStatsCollector(crawl.crawler)
    target = next(iter(crawl.targets.values()))

    def follow(path: str) -> list[str]:
        url = f"https://skhcn.lamdong.gov.vn/{path}"
        return [r.url for r in crawl._follow(url, crawl.parse_page, "link", target)]

    assert follow("tin-tuc") == ["https://skhcn.lamdong.gov.vn/tin-tuc"]
    assert follow("tin-tuc") == []  # a menu link on the next page
    for path in ("a.html", "b.html", "c.html"):  # three others push it out of the memory
        assert follow(path)
    assert follow("tin-tuc") == ["https://skhcn.lamdong.gov.vn/tin-tuc"]
    assert len(crawl.recent_requests) == 3
    assert crawl.crawler.stats.get_value("govcrawl/discovery/repeated") == 1
