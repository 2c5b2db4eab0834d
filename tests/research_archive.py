"""A small archive for the researcher tools' tests: known provinces, agencies, authors, dates of
every precision, a near-duplicate, a site with a coverage gap, two crawls and a hostile title."""

from __future__ import annotations

from pathlib import Path

from conftest import make_record

from govcrawl.store.connection import connect
from govcrawl.store.writer import ArchiveWriter

HOSTILE = "<script>alert('x')</script> Tin \x1b[31mđỏ\x1b[0m"
# (url suffix, site, province, agency, published, author, lang, title, text)
ARTICLES = [
    ("1", "lam_dong_skhcn", "Lâm Đồng", "Sở Khoa học và Công nghệ", "2020-01-15", "Trần Hằng",
     "vi", "Hội nghị khoa học công nghệ năm 2020",
     "Sáng 15-1, Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết năm 2019 với 120 đại biểu."),
    ("2", "lam_dong_ubnd", "Lâm Đồng", "UBND tỉnh", "2020-03", None, "vi",
     "Thế mạnh du lịch Đà Lạt",
     "Thế mạnh của Đà Lạt là du lịch. Thế và lực mới của tỉnh sau hội nghị xúc tiến đầu tư 2020."),
    ("3", "da_nang_ubnd", "Đà Nẵng", "UBND thành phố", "2021", "Minh Anh, Thu Trang", "vi",
     "Tin tổng hợp tháng bảy",
     "Hoạt động văn hóa, thể thao tại Đà Nẵng sôi nổi; hội nghị du lịch có 45 doanh nghiệp dự."),
    ("4", "da_nang_ubnd", "Đà Nẵng", "UBND thành phố", "2021-07-02T09:30:00+07:00", None, "en",
     "Da Nang hosts the tourism conference",
     "The Da Nang tourism conference (hội nghị) gathered 300 guests on 2 July 2021."),
    ("5", "ha_noi_skhcn", "Hà Nội", "Sở Khoa học và Công nghệ", None, "Lê Văn Nam", "vi",
     HOSTILE, "Hội nghị về đổi mới sáng tạo của thành phố Hà Nội với 17 dự án khởi nghiệp."),
    ("6", "ha_noi_skhcn", "Hà Nội", "Sở Khoa học và Công nghệ", "2020-01-16", None, "vi",
     "Hội nghị khoa học công nghệ (đăng lại)",
     "Sở Khoa học và Công nghệ Lâm Đồng tổ chức hội nghị tổng kết năm 2019 (đăng lại từ Lâm Đồng)."),
]  # fmt: skip
# Cà Mau's health department publishes 5 a month: January and March 2022, nothing in February.
GAP_MONTHS = {"2022-01": 5, "2022-03": 5}
DUPLICATE = 6  # id of the republication of article 1
CRAWLS = [
    ("lam_dong_skhcn", "2026-01-10T03:00:00+00:00", "2026-01-10T03:20:00+00:00", "finished", 40, 2, 1),
    ("da_nang_ubnd", "2026-01-11T03:00:00+00:00", None, None, 10, 0, 0),
    ("da_nang_ubnd", "2026-01-12T03:00:00+00:00", "2026-01-12T03:05:00+00:00", "shutdown", 5, 0, 9),
]  # fmt: skip


def build_research_archive(path: Path) -> Path:
    """Write the archive at ``path`` (migrated, through ArchiveWriter) and return ``path``."""
    records = [
        make_record(url=f"https://{site}.gov.vn/tin/{suffix}", site=site, province=province,
                    agency=agency, published=published, author=author, lang=lang, title=title,
                    text=text, content_hash=f"hash-{suffix}")
        for suffix, site, province, agency, published, author, lang, title, text in ARTICLES
    ]  # fmt: skip
    for month, count in GAP_MONTHS.items():
        records += [
            make_record(url=f"https://ca_mau_syt.gov.vn/{month}/{n}", site="ca_mau_syt",
                        province="Cà Mau", agency="Sở Y tế", published=f"{month}-0{n + 1}",
                        author=None, title=f"Bản tin y tế {month} số {n}",
                        text=f"Bản tin y tế số {n} tháng {month}: {n * 7 + 3} ca bệnh, {n + 11} xã.",
                        content_hash=f"hash-{month}-{n}")
            for n in range(count)
        ]  # fmt: skip
    db = connect(path)
    ArchiveWriter(db).write_batch(records)
    db.execute("UPDATE articles SET duplicate_of = NULL")  # only the known republication
    db.execute("UPDATE articles SET duplicate_of = 1 WHERE id = ?", [DUPLICATE])
    db.conn.executemany(
        "INSERT INTO crawl_runs (spider, site, started_at, finished_at, finish_reason, pages_new, "
        "pages_duplicate, pages_failed) VALUES ('portal', ?, ?, ?, ?, ?, ?, ?)",
        CRAWLS,
    )
    db.conn.commit()
    db.conn.close()
    return path
