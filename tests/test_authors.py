"""Author credits as Vietnamese portals print them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcrawl.text.authors import author_from_text

BODY = "Chiều 15-1, Sở Khoa học và Công nghệ tổ chức hội nghị triển khai nhiệm vụ năm 2020."


@pytest.mark.parametrize(
    ("last_lines", "author"),
    [
        ("Trần Hằng", "Trần Hằng"),
        ("Tin, ảnh: Nguyễn Văn Đức", "Nguyễn Văn Đức"),
        ("Tin và ảnh: Nguyễn Văn Đức", "Nguyễn Văn Đức"),
        ("Bài, ảnh: Phạm Minh Đạt", "Phạm Minh Đạt"),
        ("Tác giả: Lê Thị Mai", "Lê Thị Mai"),
        ("PV: Hoàng Yến", "Hoàng Yến"),
        ("T.H.", "T.H."),
        ("N.V.Đ", "N.V.Đ"),
        ("Trần Hằng\n(Nguồn: Báo Lâm Đồng)", "Trần Hằng"),
        ("Nguyễn Thị Thu Hà\nNguồn: baochinhphu.vn", "Nguyễn Thị Thu Hà"),
        ("Nguyen Van Duc", "Nguyen Van Duc"),
        ("Toàn cảnh hội nghị", None),  # a photo caption
        ("Hội nghị kết thúc lúc 17 giờ cùng ngày.", None),
        ("UBND Tỉnh", None),
        ("(Nguồn: Báo Lâm Đồng)", None),
        ("Theo baochinhphu.vn", None),
        ("Lượt xem: 426", None),
        ("PV", "PV"),
        ("Nhóm PV", "Nhóm PV"),
        ("Minh Anh - Thu Trang", "Minh Anh, Thu Trang"),
        ("Tin, ảnh: Minh Anh - Thu Trang", "Minh Anh, Thu Trang"),
        ("Bài và ảnh: Nguyễn Thị Lan; Trần Văn Bình", "Nguyễn Thị Lan, Trần Văn Bình"),
        ("Tin: Quàng Văn Đức", "Quàng Văn Đức"),
        ("Người viết: Hoàng Đức Minh", "Hoàng Đức Minh"),
        ("Thực hiện: Lê Na (tổng hợp)", "Lê Na"),
        ("By Nguyen Van Duc", "Nguyen Van Duc"),
        ("Author: Tran Thi Lan", "Tran Thi Lan"),
        ("Đoàn Văn Hậu", "Đoàn Văn Hậu"),  # Đoàn is a surname, not "delegation"
        ("Trần Hằng\nẢnh: VGP/Nhật Bắc", "Trần Hằng"),
        ("Ảnh minh họa", None),
        ("Theo Báo Lâm Đồng", None),
        ("Source: Da Nang Today", None),
        ("Sở Khoa Học", None),  # an agency heading, not a person
        ("Xem Thêm", None),
        ("Quang Cảnh Hội Nghị Tổng Kết Năm", None),  # too many words for a name
    ],
)
def test_author_from_last_lines(last_lines: str, author: str | None) -> None:
    assert author_from_text(f"{BODY}\n{last_lines}") == author


def test_a_one_line_text_has_no_author() -> None:
    assert author_from_text("Trần Hằng") is None


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_author_never_raises(text: str) -> None:
    author = author_from_text(text)
    assert author is None or (isinstance(author, str) and author.strip() == author)
