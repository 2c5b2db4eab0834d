"""Publishers are not authors (issue 16): the site's names, its host and publications are
dropped from author credits; people and desks are kept as the page gives them."""

from __future__ import annotations

import pytest

from govcrawl.text.publishers import is_publisher, publisher_keys, without_publisher

BAOCHINHPHU = publisher_keys(["Báo Chính phủ"], "baochinhphu.vn")
VIETNAMNET = publisher_keys(["VietNamNet"], "vietnamnet.vn")


@pytest.mark.parametrize(
    ("author", "publishers", "kept"),
    [
        ("Baochinhphu Vn", BAOCHINHPHU, None),  # JSON-LD "author" of real-pages/001.html
        ("VietNamNet News", VIETNAMNET, None),  # <meta name="author"> of real-pages/008.html
        ("Duy Anh, VietNamNet News", VIETNAMNET, "Duy Anh"),
        ("Thanh Niên Online", frozenset(), None),
        ("Báo Lâm Đồng", frozenset(), None),
        ("Bảo Anh", BAOCHINHPHU, "Bảo Anh"),  # a person, though "Báo" folds the same
        ("Trần Hằng, Minh Thư", BAOCHINHPHU, "Trần Hằng, Minh Thư"),
        ("PV", VIETNAMNET, "PV"),
        ("Ban Biên tập", VIETNAMNET, "Ban Biên tập"),  # a desk
        (None, VIETNAMNET, None),
    ],
)
def test_publisher_credits_are_dropped(
    author: str | None, publishers: frozenset[str], kept: str | None
) -> None:
    assert without_publisher(author, publishers) == kept


def test_host_keys_leave_out_suffixes_and_ip_hosts() -> None:
    assert publisher_keys([], "skhcn.lamdong.gov.vn") >= {"skhcn", "lamdong"}
    assert "gov" not in publisher_keys([], "skhcn.lamdong.gov.vn")
    assert publisher_keys([], "127.0.0.1") == frozenset()


def test_a_short_host_label_is_no_prefix_of_names() -> None:
    nld = publisher_keys([], "nld.com.vn")
    assert is_publisher("NLD", nld)
    assert not is_publisher("Nguyễn Lê Duy", nld)
