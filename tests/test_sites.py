"""The site registry: the packaged sites.toml, its validation, province lookup, `govcrawl sites`."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import fields
from pathlib import Path

import pytest
from conftest import cli

from govcrawl.registry.sites import (
    FIELD_TYPES,
    Site,
    get_site,
    load_sites,
    sites_by_province,
    validate_sites,
)

SITES = load_sites()
# A current provincial portal: agency "UBND tỉnh"/"UBND thành phố" and no active_until.
PROVINCIAL = [site for site in SITES.values() if site.kind == "provincial"]
# Provincial domains portals.md (section 6) does not mark ✓; gia_lai is marked "✓?".
UNVERIFIED = {
    "hue", "lai_chau", "lang_son", "thanh_hoa", "nghe_an", "lao_cai", "phu_tho", "quang_ngai",
    "gia_lai",
}  # fmt: skip
GOOD = '[ok]\nname = "Sở KH&CN"\nstart_urls = ["https://lamdong.gov.vn/sites/skhcn/Home.aspx"]\n'


def test_packaged_registry_validates_clean() -> None:
    assert validate_sites() == []


def test_registry_fields_are_the_site_fields() -> None:
    assert set(FIELD_TYPES) == {f.name for f in fields(Site)} - {"key", "extra"}
    assert all(site.extra == {} for site in SITES.values())


def test_34_current_provincial_portals() -> None:
    assert len(PROVINCIAL) == 34
    assert len({site.province for site in PROVINCIAL}) == 34
    for site in PROVINCIAL:
        assert site.province and site.start_urls and site.name.startswith("Cổng thông tin điện tử")
        assert all(url.startswith("https://") for url in site.start_urls), site.key
        assert not site.merged_from or site.merged_from[0] == site.province, site.key


def test_only_portals_md_checkmarks_are_verified() -> None:
    assert {site.key for site in PROVINCIAL if not site.verified} == UNVERIFIED
    assert not any(site.verified for site in SITES.values() if site.kind == "retired")


def test_retired_sites_point_at_the_unit_that_absorbed_them() -> None:
    units = {site.province: site for site in PROVINCIAL}
    retired = [site for site in SITES.values() if site.kind == "retired"]
    assert {"bac_giang", "vinh_phuc", "ha_nam"} <= {site.key for site in retired}
    for site in retired:
        if site.merged_into:
            assert site.active_until == "2025-06-30", site.key
            assert site.province in units[site.merged_into].merged_from, site.key
        else:  # Sở TT&TT, merged into the Sở KH&CN of the same province
            assert site.province in units and site.active_until == "2025-02-28", site.key


def test_entries_tests_and_readme_rely_on() -> None:
    demo = get_site("demo")
    assert demo.start_urls == ["http://127.0.0.1:8089/"]
    assert (demo.province, demo.agency) == ("Lâm Đồng", "Sở Khoa học và Công nghệ")
    assert get_site("lam_dong_skhcn").path_prefix == "/sites/skhcn/"


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('["Lâm Đồng"]\nname = "x"\nstart_urls = ["https://a.gov.vn/"]', "ASCII snake_case"),
        ('[a]\nname = "x"', "[a] start_urls is missing"),
        ('[a]\nname = "x"\nstart_urls = []', "[a] start_urls is empty"),
        ('[a]\nname = "x"\nstart_urls = ["ftp://a.gov.vn/"]', "is not an absolute http(s) URL"),
        ('[a]\nname = "x"\nstart_urls = ["a.gov.vn/tin-tuc"]', "is not an absolute http(s) URL"),
        (GOOD + 'platform = "sharepoint2013"', "unknown platform 'sharepoint2013'"),
        (GOOD + 'path_prefix = "sites/skhcn/"', "must start and end with '/'"),
        (GOOD + 'path_prefix = "/sites/skhcn"', "must start and end with '/'"),
        (GOOD + 'path_prefix = "/sites/stttt/"', "is not a prefix of the path of start URL"),
        (GOOD + 'active_until = "30/06/2025"', "active_until '30/06/2025' is not an ISO date"),
        (GOOD + 'active_until = "2025-02-30"', "is not an ISO date"),
        (GOOD + 'path_prefx = "/sites/skhcn/"', "unknown field 'path_prefx' (did you mean path_prefix?)"),
        (GOOD + "verified = 1", "[ok] verified must be true or false"),
        (GOOD + 'merged_from = "Bắc Giang"', "[ok] merged_from must be a list of strings"),
        (GOOD + GOOD.replace("[ok]", "[copy]").replace("https:", "http:"), "is also a start URL of [ok]"),
        ("[a\n", "not valid TOML"),
        ('a = "x"', "[a] must be a table"),
    ],
)  # fmt: skip
def test_validate_sites_reports_each_problem(toml: str, problem: str) -> None:
    problems = validate_sites(toml)
    assert len(problems) == 1, problems
    assert problem in problems[0]


def test_validate_sites_accepts_good_entries() -> None:
    prefix = GOOD + 'path_prefix = "/Sites/SKHCN/"\nactive_until = 2025-06-30\n'
    assert validate_sites(prefix) == []
    assert load_sites(prefix)["ok"].active_until == "2025-06-30", "TOML dates become ISO strings"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[Bad-Key]\nname = "x"\nstart_urls = ["https://a.gov.vn/"]', "[Bad-Key] the key must"),
        ('[lam_dong]\nname = "x"', "[lam_dong] start_urls is missing"),
        ('[lam_dong]\nname = "x"\nstart_urls = "https://a.gov.vn/"', "[lam_dong] start_urls must"),
    ],
)
def test_load_sites_names_the_malformed_entry(toml: str, message: str) -> None:
    with pytest.raises(ValueError, match="site registry") as error:
        load_sites(toml)
    assert message in str(error.value)


def test_load_sites_keeps_unknown_fields_aside() -> None:
    assert load_sites(GOOD + 'note = "x"')["ok"].extra == {"note": "x"}


# A small registry for the lookup: a city, a department, a retired portal.
LOOKUP = load_sites(
    """
[lam_dong]
name = "Cổng thông tin điện tử tỉnh Lâm Đồng"
province = "Lâm Đồng"
start_urls = ["https://lamdong.gov.vn/"]
[lam_dong_skhcn]
name = "Sở Khoa học và Công nghệ tỉnh Lâm Đồng"
province = "Lâm Đồng"
start_urls = ["https://lamdong.gov.vn/sites/skhcn/"]
[ho_chi_minh]
name = "Cổng thông tin điện tử thành phố Hồ Chí Minh"
province = "Hồ Chí Minh"
start_urls = ["https://hochiminhcity.gov.vn/"]
[vinh_phuc]
name = "Cổng thông tin điện tử tỉnh Vĩnh Phúc"
province = "Vĩnh Phúc"
start_urls = ["https://vinhphuc.gov.vn/"]
merged_into = "Phú Thọ"
"""
)


@pytest.mark.parametrize(
    "query",
    ["Lâm Đồng", "lam dong", "LAM DONG", "tỉnh Lâm Đồng", "  Lâm   Đồng ", unicodedata.normalize("NFD", "Lâm Đồng")],
)  # fmt: skip
def test_province_lookup_ignores_accents_case_and_title(query: str) -> None:
    assert [site.key for site in sites_by_province(query, LOOKUP)] == ["lam_dong", "lam_dong_skhcn"]


@pytest.mark.parametrize("query", ["TP. Hồ Chí Minh", "thanh pho ho chi minh", "Hồ Chí Minh"])
def test_province_lookup_of_a_city(query: str) -> None:
    assert [site.key for site in sites_by_province(query, LOOKUP)] == ["ho_chi_minh"]


def test_province_lookup_finds_retired_sites_by_the_province_they_served() -> None:
    assert [site.key for site in sites_by_province("vinh phuc", LOOKUP)] == ["vinh_phuc"]
    assert sites_by_province("Phú Thọ", LOOKUP) == []
    assert sites_by_province("Atlantis", LOOKUP) == []


def test_province_lookup_in_the_packaged_registry() -> None:
    keys = [site.key for site in sites_by_province("lam dong")]
    assert {"lam_dong", "lam_dong_skhcn", "demo"} <= set(keys)
    assert all(SITES[key].province == "Lâm Đồng" for key in keys)


def test_cli_check_of_the_packaged_registry() -> None:
    result = cli("sites", "--check")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{len(SITES)} sites, no problems\n"


def test_cli_check_lists_problems_and_fails(tmp_path: Path) -> None:
    registry = tmp_path / "sites.toml"
    registry.write_text(GOOD + 'platform = "wix"\npath_prefx = "/"\n', encoding="utf-8")
    result = cli("sites", "--check", "--registry", str(registry))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 2
    assert "[ok] unknown platform 'wix'" in result.stdout and "path_prefx" in result.stdout
    assert result.stderr.strip() == "Error: 2 problem(s) in the site registry"


def test_cli_lists_one_province_as_a_table() -> None:
    result = cli("sites", "--province", "lam dong")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["key", "province", "agency", "platform", "verified", "active_until"]
    assert {row.split()[0] for row in rows} == {s.key for s in sites_by_province("Lâm Đồng")}
    assert any(row.startswith("lam_dong ") and "✓" in row for row in rows)


def test_cli_jsonl_has_every_entry() -> None:
    result = cli("sites", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert [entry["key"] for entry in entries] == list(SITES)
    assert sum(entry["kind"] == "provincial" for entry in entries) == 34
    bac_giang = next(entry for entry in entries if entry["key"] == "bac_giang")
    assert bac_giang["merged_into"] == "Bắc Ninh" and bac_giang["active_until"] == "2025-06-30"


def test_cli_unknown_province_is_one_line() -> None:
    result = cli("sites", "--province", "Atlantis")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        == "Error: no site for province 'Atlantis' (govcrawl sites lists the provinces)"
    )
