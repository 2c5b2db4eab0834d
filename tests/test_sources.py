"""Sources and photo credits: where an article came from, never its author."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcrawl.text.credits import photo_agency, source_from_text, source_line

BODY = "Chiều 15-1, Sở Khoa học và Công nghệ tổ chức hội nghị triển khai nhiệm vụ năm 2020."


@pytest.mark.parametrize(
    ("last_lines", "source"),
    [
        ("(Nguồn: Báo Lâm Đồng)", "Báo Lâm Đồng"),
        ("Nguồn: baochinhphu.vn", "baochinhphu.vn"),
        ("Nguồn tin: Sở Y tế", "Sở Y tế"),
        ("Theo baochinhphu.vn", "baochinhphu.vn"),
        ("(Theo TTXVN)", "TTXVN"),
        ("Theo Báo Điện Biên Phủ", "Báo Điện Biên Phủ"),
        ("Source: Da Nang Today", "Da Nang Today"),
        ("Trần Hằng\n(Nguồn: Báo Lâm Đồng)", "Báo Lâm Đồng"),
        ("Nguồn: TTXVN\nTrần Hằng", "TTXVN"),
        ("Trần Hằng", None),
        ("Theo báo cáo của UBND huyện, năm 2019 toàn huyện trồng mới 300 ha rừng.", None),
        ("Theo đó, các sở, ngành phải báo cáo trước ngày 15.", None),
        ("Tin, ảnh: Đặng Thu Hà", None),
    ],
)
def test_source_from_last_lines(last_lines: str, source: str | None) -> None:
    assert source_from_text(f"{BODY}\n{last_lines}") == source


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("Thủ tướng phát biểu tại hội nghị. Ảnh: VGP/Nhật Bắc", "VGP"),
        ("Toàn cảnh hội nghị. (Ảnh: TTXVN/Dương Giang)", "TTXVN"),
        ("Ảnh: Báo Chính phủ", "Báo Chính phủ"),
        ("Ảnh: baochinhphu.vn", "baochinhphu.vn"),
        ("Quang cảnh buổi làm việc. Ảnh: Trần Hằng", None),  # a photographer, not an agency
        ("Ảnh minh họa", None),
        ("Ảnh hưởng của mưa lũ rất lớn", None),
    ],
)
def test_photo_agency(line: str, agency: str | None) -> None:
    assert photo_agency(line) == agency


def test_a_source_line_wins_over_a_photo_credit() -> None:
    text = f"{BODY}\nToàn cảnh. Ảnh: VGP/Nhật Bắc\nĐoạn cuối.\nNguồn: Báo Lâm Đồng"
    assert source_from_text(text) == "Báo Lâm Đồng"
    assert source_from_text(f"{BODY}\nToàn cảnh. Ảnh: VGP/Nhật Bắc\nĐoạn cuối.") == "VGP"


def test_source_line_alone() -> None:
    assert source_line("Nguồn: Báo Lâm Đồng, Báo Đà Nẵng, ") is None
    assert source_line("  Nguồn : Cổng TTĐT Chính phủ.  ") == "Cổng TTĐT Chính phủ"


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_sources_never_raise(text: str) -> None:
    source_from_text(text)
    photo_agency(text)
