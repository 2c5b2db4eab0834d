"""Researcher tools on a synthetic archive of 100,000 articles: search latency (p50/p95 of 20
Vietnamese queries, with and without filters), export throughput and peak memory, report time.

    .venv/bin/python benchmarks/research_tools.py                    # 100,000 articles
    .venv/bin/python benchmarks/research_tools.py --articles 20000 --keep /tmp/bench.db

The archive is built once through the schema's migrations and FTS triggers (the crawl's own
path, minus extraction): 34 provinces, 6 agencies each, 2015-2025, 3% near-duplicates, a few
dates known only to the month or year, 3% English, one site silent for four months. Article text is Zipf-distributed sentences
over a Vietnamese news vocabulary. Export runs in a child process so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from govcrawl.research.filters import Filters
from govcrawl.research.report import build
from govcrawl.research.search import search
from govcrawl.store import word_index
from govcrawl.store.connection import CACHE_KIB, connect

PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]  # fmt: skip
AGENCIES = ["UBND tỉnh", "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường",
            "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tài chính"]  # fmt: skip
WORDS = [  # a Vietnamese news vocabulary (syllables, as FTS5 tokenises them)
    "tỉnh", "sở", "ban", "ngành", "hội", "nghị", "triển", "khai", "nhiệm", "vụ", "năm", "kế",
    "hoạch", "đề", "án", "chương", "trình", "doanh", "nghiệp", "nông", "nghiệp", "ứng", "dụng",
    "khoa", "học", "công", "nghệ", "đổi", "mới", "sáng", "tạo", "chuyển", "đổi", "số", "người",
    "dân", "cán", "bộ", "công", "chức", "kinh", "tế", "xã", "hội", "phát", "triển", "bền", "vững",
    "đầu", "tư", "dự", "án", "hạ", "tầng", "giao", "thông", "y", "tế", "giáo", "dục", "đào",
    "tạo", "môi", "trường", "tài", "nguyên", "đất", "đai", "nước", "sạch", "du", "lịch", "văn",
    "hóa", "thể", "thao", "an", "ninh", "quốc", "phòng", "phòng", "chống", "thiên", "tai", "bão",
    "lũ", "sạt", "lở", "hỗ", "trợ", "hộ", "nghèo", "giảm", "nghèo", "nông", "thôn", "mới", "sản",
    "phẩm", "ocop", "cà", "phê", "hồ", "tiêu", "sầu", "riêng", "lúa", "gạo", "thủy", "sản",
    "xuất", "khẩu", "thị", "trường", "giá", "cả", "lãnh", "đạo", "chủ", "tịch", "phó", "chủ",
    "tịch", "giám", "đốc", "kiểm", "tra", "giám", "sát", "thanh", "tra", "cải", "cách", "hành",
    "chính", "dịch", "vụ", "công", "trực", "tuyến", "thủ", "tục", "hồ", "sơ", "tiếp", "nhận",
    "giải", "quyết", "kết", "quả", "đánh", "giá", "tổng", "kết", "khen", "thưởng", "thi", "đua",
    "tuyên", "truyền", "phổ", "biến", "pháp", "luật", "quy", "định", "nghị", "quyết", "quyết",
    "định", "thông", "tư", "hướng", "dẫn", "báo", "cáo", "họp", "thường", "kỳ", "tháng", "quý",
    "đồng", "chí", "đại", "biểu", "thế", "mạnh", "tiềm", "năng", "cơ", "hội", "thách", "thức",
    "khó", "khăn", "vướng", "mắc", "đề", "xuất", "kiến", "nghị", "giải", "pháp", "thực", "hiện",
    "hiệu", "quả", "chất", "lượng", "nâng", "cao", "tăng", "cường"
]  # fmt: skip
GAP = ("lam_dong_skhcn", "2021-03", "2021-06")  # the site publishes nothing in these months
QUERIES = [
    "chuyển đổi số", "khoa học công nghệ", "đổi mới sáng tạo", "nông thôn mới", "sầu riêng",
    "cải cách hành chính", "dịch vụ công trực tuyến", '"phòng chống thiên tai"', "thể thao",
    "thế mạnh", "giảm nghèo", "ocop", "hồ tiêu OR cà phê", "đất đai NOT thủy", "giáo dục*",
    "y tế", "du lịch văn hóa", "xuat khau thuy san", "bão lũ sạt lở", "Đà Nẵng",
]  # fmt: skip
FILTERS = [
    {"province": "lam dong"}, {"since": "2023-06"}, {"province": "Hà Nội", "since": "2020"},
    {"agency": "so khoa hoc", "until": "2021-12"}, {"lang": "vi", "site": "da_nang_ubnd"},
]  # fmt: skip


def sentence(rng: random.Random, weights: list[float]) -> str:
    words = rng.choices(WORDS, weights=weights, k=rng.randint(8, 22))
    return " ".join(words).capitalize() + "."


def rows(count: int, seed: int = 7):  # type: ignore[no-untyped-def]
    """Synthetic article rows (tuples in the INSERT's column order)."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(WORDS))]
    rng.shuffle(weights)
    for i in range(1, count + 1):
        province = PROVINCES[i % len(PROVINCES)]
        agency = AGENCIES[rng.randrange(len(AGENCIES))]
        site = f"{slug(province)}_{['ubnd', 'skhcn', 'snnmt', 'syt', 'sgddt', 'stc'][AGENCIES.index(agency)]}"
        day = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        published = rng.choices([day, day[:7], day[:4], None], weights=[90, 5, 2, 3])[0]
        if site == GAP[0] and published and GAP[1] <= published[:7] <= GAP[2]:
            published = f"2019{published[4:]}"  # a coverage gap for the report to find
        text = "\n".join(" ".join(sentence(rng, weights) for _ in range(3)) for _ in range(4))
        english = rng.random() < 0.03
        title = "Workshop on digital transformation" if english else sentence(rng, weights)[:-1]
        duplicate_of = rng.randrange(1, i) if i > 10 and rng.random() < 0.03 else None
        yield (i, f"https://{site}.gov.vn/tin/{i}", site, province, agency, title, published,
               "Trần Hằng" if i % 11 == 0 else None, text, "en" if english else "vi",
               f"h{i}", duplicate_of, "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00")  # fmt: skip


def slug(name: str) -> str:
    from govcrawl.text.normalise import fold

    return fold(name).replace(" ", "_")


def insert_batches(db: sqlite_utils.Database, sql: str, rows: Iterable[tuple[object, ...]]) -> None:
    """Insert ``rows`` with ``sql``, 5,000 per transaction, the word index kept in step as the
    archive writer keeps it."""
    rows = iter(rows)
    while batch := list(itertools.islice(rows, 5000)):
        with db.conn:
            db.conn.executemany(sql, batch)
            word_index.sync(db)


def build_archive(path: Path, count: int) -> float:
    """Create the synthetic archive at ``path``; return the seconds it took."""
    started = time.perf_counter()
    db = connect(path)
    sql = """INSERT INTO articles (id, url, site, province, agency, title, published, author,
             text, lang, content_hash, duplicate_of, first_seen, last_seen)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
    insert_batches(db, sql, rows(count))
    with db.conn:
        db.conn.executemany(
            "INSERT INTO crawl_runs (spider, site, started_at, finished_at, finish_reason, "
            "pages_new, pages_duplicate, pages_failed) VALUES ('portal', ?, ?, ?, ?, ?, ?, ?)",
            [(f"{slug(p)}_ubnd", "2026-01-01T00:00:00+00:00", "2026-01-01T01:00:00+00:00",
              "finished" if n % 9 else "closespider_pagecount", 500, 20, n % 40)
             for n, p in enumerate(PROVINCES)],
        )  # fmt: skip
    db.execute("PRAGMA optimize")
    db.conn.close()
    return time.perf_counter() - started


def latencies(path: Path, filtered: bool) -> dict[str, float]:
    """Wall and CPU milliseconds per search (limit 20), p50/p95, each query once per filter set.

    CPU time is reported beside wall time: on a shared machine wall time includes waiting.
    """
    db = connect(path, readonly=True)
    sets = [Filters.of(**f) for f in FILTERS] if filtered else [Filters()]
    for query in QUERIES:  # warm the page cache
        search(db, query)
    wall, cpu, slowest = [], [], []
    for filters in sets:
        for query in QUERIES:
            started, started_cpu = time.perf_counter(), time.process_time()
            search(db, query, filters=filters)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            slowest.append((cpu[-1], query, matches(db, query)))
    for ms, query, count in sorted(slowest, reverse=True)[:3]:
        print(f"  slow: {query!r} ({count:,} articles match unfiltered): {ms:.0f} ms CPU")
    return {**percentiles(wall), **{f"cpu_{k}": v for k, v in percentiles(cpu).items()}}


def matches(db: object, query: str) -> int:
    """How many articles the FTS query matches (folded as govcrawl.research.search does)."""
    from govcrawl.research.search import fts_query

    sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    return int(db.execute(sql, [fts_query(query)]).fetchone()[0])  # type: ignore[attr-defined]


def percentiles(values: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=100)
    return {
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "max_ms": round(max(values), 1),
    }


def export_child(path: str, fmt: str, cache_kib: str = "") -> None:
    """Run in a child: export everything to a temporary file, print rows/s and peak RSS.

    ``cache_kib`` shrinks SQLite's page cache: what remains of the peak is the export's own.
    """
    from govcrawl.research.export import EXPORT_COLUMNS, iter_articles, write_csv, write_jsonl

    db = connect(path, readonly=True)
    if cache_kib:
        db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
    before_mib = peak_rss_mib()  # imports and all
    with tempfile.TemporaryDirectory() as tmp:
        out_path = Path(tmp) / f"export.{fmt}"
        started = time.perf_counter()
        with open(out_path, "w", encoding="utf-8", newline="") as out:
            rows_ = iter_articles(db, Filters(include_duplicates=True))
            count = (write_jsonl(rows_, out) if fmt == "jsonl"
                     else write_csv(rows_, out, list(EXPORT_COLUMNS)))  # fmt: skip
        seconds = time.perf_counter() - started
        size = out_path.stat().st_size
    peak_mib = peak_rss_mib()
    print(json.dumps({"format": fmt, "cache_kib": int(cache_kib or CACHE_KIB), "rows": count,
                      "rows_per_s": round(count / seconds), "mib": round(size / 2**20),
                      "rss_before_mib": round(before_mib), "peak_rss_mib": round(peak_mib)}))  # fmt: skip


def peak_rss_mib() -> float:
    """This process's peak RSS (VmHWM; ru_maxrss would include the parent's, kept over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="Build (or reuse) the archive at this path.")
    parser.add_argument("--export-child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child(*args.export_child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "govcrawl.db"
        if not path.exists():
            print(
                f"building {args.articles:,} articles: {build_archive(path, args.articles):.0f} s"
            )
        run(path)


def run(path: Path) -> None:
    """Print every measurement of the archive at ``path``."""
    print("search, no filter:  ", latencies(path, filtered=False))
    print("search, 5 filters:  ", latencies(path, filtered=True))
    for fmt, cache in (("jsonl", ""), ("csv", ""), ("jsonl", "2000")):
        child = [sys.executable, __file__, "--export-child", str(path), fmt, cache]
        print("export:             ", subprocess.run(child, capture_output=True, text=True,
                                                     check=True).stdout.strip())  # fmt: skip
    started = time.perf_counter()
    page = build(connect(path, readonly=True))
    print(f"report:              {time.perf_counter() - started:.2f} s, {len(page) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
