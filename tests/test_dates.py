"""Vietnamese dates: day-first, partial precision kept, +07:00, no future, no year-less dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcrawl.text.dates import date_from_url, find_dates, lead_clue, parse_date

CAPTURED = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("15/01/2020", "2020-01-15"),
        ("05/01/2020", "2020-01-05"),  # 5 January, never May 1
        ("Ngày đăng: 05-03-2024", "2024-03-05"),
        ("Đăng ngày 9-1-2026", "2026-01-09"),
        ("Thứ Tư, 15/01/2020 - 14:30", "2020-01-15T14:30:00+07:00"),
        ("Ngày 15 tháng 1 năm 2020", "2020-01-15"),
        ("Lâm Đồng, ngày 09 tháng 6 năm 2020", "2020-06-09"),
        ("14:30 ngày 15/01/2020", "2020-01-15T14:30:00+07:00"),
        ("03/04/2020 | 10:36 PM", "2020-04-03T22:36:00+07:00"),
        ("Ngày đăng 06/01/2016 | 03:30 PM | View count: 426", "2016-01-06T15:30:00+07:00"),
        ("12/01/2021 12:05 AM", "2021-01-12T00:05:00+07:00"),
        ("Thứ năm, 30/10/2025 | 10:31 | Lượt xem: 426", "2025-10-30T10:31:00+07:00"),
        ("04/01/2026 14:30", "2026-01-04T14:30:00+07:00"),
        ("12/05/19", "2019-05-12"),
        ("15.01.2020", "2020-01-15"),
        ("2020-01-15T07:30:00Z", "2020-01-15T14:30:00+07:00"),
        ("2020-01-15T14:30:00+07:00", "2020-01-15T14:30:00+07:00"),
        ("2020-01-15", "2020-01-15"),
        ("Title (29/06/2025, 14:49)", "2025-06-29T14:49:00+07:00"),
        ("tháng 1/2020", "2020-01"),
        ("Thứ năm, 16 Tháng 10 2025 17:10", "2025-10-16T17:10:00+07:00"),  # Joomla vi-VN locale
        ("16 tháng 10, 2025", "2025-10-16"),
        ("Tháng 3 năm 2021", "2021-03"),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    found = parse_date(text, now=CAPTURED)
    assert found is not None and found.iso == iso
    assert found.raw in text


@pytest.mark.parametrize(
    "text",
    [
        "Chiều 15-1, Sở Khoa học và Công nghệ tổ chức hội nghị",  # year-less: a clue, not a date
        "Từ chiều tối 05-12",
        "31/02/2020",  # no such day
        "15/01/2030",  # after the capture
        "15/01/1990",  # before any portal
        "Số 162-KH/TU",
        "",
    ],
)
def test_no_date(text: str) -> None:
    assert parse_date(text, now=CAPTURED) is None


def test_first_date_in_text_wins() -> None:
    assert parse_date("Cập nhật 20/02/2021, đăng 15/01/2020", now=CAPTURED).iso == "2021-02-20"


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://dbndthanhhoa.gov.vn/portal/pages/2025-06-12/slug-123.aspx", "2025-06-12"),
        ("https://x.gov.vn/2019/05/07/bai-viet", "2019-05-07"),
        ("https://x.gov.vn/tin-tuc/bai-viet-1234.html", None),
        ("https://x.gov.vn/2031/05/07/tuong-lai", None),
    ],
)
def test_date_from_url(url: str, iso: str | None) -> None:
    found = date_from_url(url, now=CAPTURED)
    assert (found.iso if found else None) == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Cập nhật lúc 14:30 ngày 15/01/2020", "2020-01-15T14:30:00+07:00"),
        ("Ngày 5 tháng 3, năm 2024", "2024-03-05"),
        ("15 - 01 - 2020", "2020-01-15"),
        ("Thứ Hai, 06/01/2020, 9h05", "2020-01-06T09:05:00+07:00"),
        ("06/01/2020 02:15 CH", "2020-01-06T14:15:00+07:00"),
        ("12/05/98", "1998-05-12"),  # two-digit year of the last century
        ("2020-01-15 08:00:00", "2020-01-15T08:00:00+07:00"),
        ("2020-01-15T08:00:00+08:00", "2020-01-15T07:00:00+07:00"),
        ("Posted 01/02/2021", "2021-02-01"),  # day-first on Vietnamese portals, even in English
        ("Số 12 tháng 01/2020", "2020-01"),
    ],
)
def test_more_forms(text: str, iso: str) -> None:
    found = parse_date(text, now=CAPTURED)
    assert found is not None and found.iso == iso


def test_find_dates_returns_every_date_in_order() -> None:
    found = find_dates(
        "Ngày đăng: 15/01/2020 08:00 | Cập nhật lúc 14:30 ngày 16/01/2020", now=CAPTURED
    )
    assert [f.iso for f in found] == ["2020-01-15T08:00:00+07:00", "2020-01-16T14:30:00+07:00"]
    assert [f.raw for f in found] == ["15/01/2020 08:00", "14:30 ngày 16/01/2020"]


def test_iso_dates_are_not_read_twice() -> None:
    assert [f.iso for f in find_dates("2020-01-15", now=CAPTURED)] == ["2020-01-15"]


def test_a_date_today_after_the_capture_time_keeps_only_the_day() -> None:
    found = parse_date("10/01/2026 22:00", now=CAPTURED)  # 22:00 in Vietnam is after 03:00 UTC
    assert found is not None and found.iso == "2026-01-10"


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://sotuphap.camau.gov.vn/2020/01/hoi-nghi-tong-ket/", "2020-01"),
        ("https://x.gov.vn/2030/01/tuong-lai/", None),
        ("https://x.gov.vn/upload/2020/01/anh.jpg", "2020-01"),
        ("https://x.gov.vn/tin/2020/13/sai-thang", None),
    ],
)
def test_month_from_url(url: str, iso: str | None) -> None:
    found = date_from_url(url, now=CAPTURED)
    assert (found.iso if found else None) == iso


@pytest.mark.parametrize(
    ("lead", "clue"),
    [
        ("Chiều 15-1, Sở Khoa học và Công nghệ tổ chức hội nghị", (15, 1)),
        ("Sáng 8/5 tại Đà Lạt", (8, 5)),
        ("Tối 3-4, Ban Chỉ đạo họp", (3, 4)),
        ("Ngày 11-7, đoàn công tác", (11, 7)),
        ("Ngày 15/01/2020, UBND tỉnh", None),  # a full date is not a clue
        ("Năm 2020, toàn tỉnh", None),
        ("Chiều 45-13, không phải ngày", None),
    ],
)
def test_lead_clue(lead: str, clue: tuple[int, int] | None) -> None:
    assert lead_clue(lead) == clue


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_parsing_never_raises(text: str) -> None:
    found = parse_date(text, now=CAPTURED)
    assert found is None or found.raw in text
    for each in find_dates(text, now=CAPTURED):
        assert text[each.start :].startswith(each.raw)
    date_from_url(text, now=CAPTURED)
    lead_clue(text)


@given(st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2025, 12, 31)))
@settings(max_examples=200, deadline=None)
def test_any_day_first_date_reads_back(moment: datetime) -> None:
    for text in (
        f"{moment:%d/%m/%Y %H:%M}",
        f"Ngày {moment.day} tháng {moment.month} năm {moment.year}",
    ):
        found = parse_date(text, now=CAPTURED)
        assert found is not None and found.iso[:10] == moment.date().isoformat()
