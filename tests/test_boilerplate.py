"""Boilerplate helpers on small hand-made pages."""

from __future__ import annotations

from lxml import html

from govcrawl.extract.boilerplate import (
    NAVIGATION,
    drop_boilerplate_lines,
    in_block,
    unwrap_layout_tables,
)

LAYOUT = """<html><body><table><tr><td class="menu"><a href="/">Trang chủ</a></td>
<td><table class="contentpaneopen"><tr><td><h1>Hội nghị tổng kết</h1></td></tr>
<tr><td><p>Đoạn một.</p><p>Đoạn hai.</p><p>Tác giả: Lê Văn Hùng</p></td></tr></table></td></tr></table>
<table class="so-lieu"><tr><th>Năm</th><th>Số đề tài</th></tr><tr><td>2024</td><td>28</td></tr></table>
</body></html>"""


def test_layout_tables_are_unwrapped_and_data_tables_kept() -> None:
    tree = html.document_fromstring(LAYOUT)
    headline = tree.find(".//h1")
    assert unwrap_layout_tables(tree, headline) == 1  # the outer table, with the nested one
    tables = tree.findall(".//table")
    assert [t.get("class") for t in tables] == ["so-lieu"]
    assert tree.find(".//h1").getparent().tag == "div"


def test_body_classes_are_not_blocks() -> None:
    tree = html.document_fromstring(
        '<html><body class="one-sidebar sidebar-second"><p id="x">Nội dung</p></body></html>'
    )
    assert not in_block(tree.get_element_by_id("x"), NAVIGATION)


def test_date_and_counter_lines_are_dropped() -> None:
    text = "Nội dung bài viết.\n03/08/2021 | 04:15 PM\nLượt xem: 426\nNgày 15/01/2020, Sở tổ chức hội nghị."
    assert (
        drop_boilerplate_lines(text) == "Nội dung bài viết.\nNgày 15/01/2020, Sở tổ chức hội nghị."
    )
