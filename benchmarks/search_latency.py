"""Search latency at scale, before and after: p50/p95 of broad and narrow queries on synthetic
archives of 100,000 and 1,000,000 articles, for main's search and this tree's, side by side.

    .venv/bin/python benchmarks/search_latency.py --articles 100000 --keep /tmp/lat100k.db
    .venv/bin/python benchmarks/search_latency.py --articles 1000000 --keep /tmp/lat1m.db

The archive is built once through the schema's migrations and FTS triggers. Unlike
benchmarks/research_tools.py (independent syllables), its text is Zipf-distributed Vietnamese
*words* (one to four syllables), so phrases occur as they do in real text: "nông thôn mới",
"Ủy ban nhân dân" as often as "UBND", place names, officials' titles, a few spelling variants
(Hòa/Hoà, kỹ/kĩ) and English. Queries are "broad": common words, and phrases made of common
syllables, the costly ones whatever they match (100% of the articles for "tỉnh", 0.13% for
"nâng cao chất lượng"), or "narrow": rarer names and phrases, under 1% of the articles
(``--counts`` prints each query's matches). Every query runs once per round, three rounds,
after a warm-up round. Wall and CPU milliseconds are reported (the machine is shared: wall
includes waiting). The old search is ``git show REV:govcrawl/research/search.py`` run on the
same file: before m015 (``--old fb81a97``) it searches ``articles_fts`` only.

The archive is built as the archive writer writes (the word index kept in step with each
batch). Its texts are shorter than real articles (about 1,100 characters, 250 words): the
per-hit work (snippets, the accent re-rank) grows with the length of the text.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from research_tools import insert_batches
from search_relevance import old_module

from govcrawl.research import search as new_search
from govcrawl.store.connection import connect

# (word, weight): common words first; weights are relative frequencies per word drawn
COMMON = """tỉnh|sở|ban|ngành|hội nghị|triển khai|nhiệm vụ|năm|kế hoạch|đề án|chương trình|
doanh nghiệp|nông nghiệp|ứng dụng|khoa học|công nghệ|người dân|cán bộ|công chức|kinh tế|
xã hội|phát triển|bền vững|đầu tư|dự án|hạ tầng|giao thông|y tế|giáo dục|đào tạo|môi trường|
tài nguyên|đất đai|nước sạch|du lịch|văn hóa|thể thao|an ninh|quốc phòng|phòng chống|
thiên tai|bão|lũ|sạt lở|hỗ trợ|hộ nghèo|giảm nghèo|sản phẩm|cà phê|hồ tiêu|sầu riêng|lúa gạo|
thủy sản|xuất khẩu|thị trường|giá cả|lãnh đạo|kiểm tra|giám sát|thanh tra|cải cách|
hành chính|dịch vụ công|trực tuyến|thủ tục|hồ sơ|tiếp nhận|giải quyết|kết quả|đánh giá|
tổng kết|khen thưởng|thi đua|tuyên truyền|phổ biến|pháp luật|quy định|nghị quyết|quyết định|
thông tư|hướng dẫn|báo cáo|họp|thường kỳ|tháng|quý|đồng chí|đại biểu|thế mạnh|tiềm năng|
cơ hội|thách thức|khó khăn|vướng mắc|đề xuất|kiến nghị|giải pháp|thực hiện|hiệu quả|
chất lượng|nâng cao|tăng cường|công tác|tổ chức|phối hợp|địa phương|huyện|xã|phường|
thành phố|trung tâm|đơn vị|cơ quan|nhà nước|chính quyền|đã|sẽ|đang|các|những|với|và|của|
cho|tại|trong|theo|được|có|là|này|đó|nhiều|mới|cao|lớn|tốt""".replace("\n", "").split("|")
ENTITIES = [  # named things, each in a few percent of the articles or fewer
    ("UBND", 3.0), ("Ủy ban nhân dân", 2.0), ("Uỷ ban nhân dân", 0.5), ("HĐND", 0.6),
    ("Hội đồng nhân dân", 0.4), ("Sở KH&CN", 1.0), ("Sở Khoa học và Công nghệ", 1.0),
    ("chuyển đổi số", 1.2), ("nông thôn mới", 0.8), ("đổi mới sáng tạo", 0.6),
    ("Chủ tịch UBND tỉnh", 0.5), ("Phó Chủ tịch UBND huyện", 0.3), ("Giám đốc Sở", 0.6),
    ("Lâm Đồng", 0.8), ("Đà Lạt", 0.5), ("Đà Nẵng", 0.3), ("Hòa Vang", 0.05),
    ("Hoà Bình", 0.05), ("Hòa Bình", 0.05), ("kỹ thuật", 0.6), ("kĩ thuật", 0.1),
    ("an toàn bức xạ", 0.03), ("Techmart", 0.02), ("OCOP", 0.4), ("TN&MT", 0.2),
    ("NN&PTNT", 0.2), ("GD&ĐT", 0.2), ("cải cách hành chính", 0.4), ("digital", 0.05),
]  # fmt: skip
BROAD = ["tỉnh", "phát triển", "UBND", "người dân", "công tác", "khoa học công nghệ",
         "kinh tế xã hội", "đã triển khai", "nâng cao chất lượng", "Sở KH&CN"]  # fmt: skip
NARROW = ["Đà Nẵng", "da nang", "Hòa Vang", "Hoà Bình", "kĩ thuật", "an toàn bức xạ",
          "Techmart", "Phó Chủ tịch UBND huyện", "TN&MT", "sầu riêng xuất khẩu"]  # fmt: skip


def rows(count: int, seed: int = 11):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    words = COMMON + [word for word, _ in ENTITIES]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(COMMON))]
    total = sum(weights)
    weights += [total * share / 100 / 160 for _, share in ENTITIES]  # about share % of articles

    def sentence(size: int) -> str:
        return " ".join(rng.choices(words, weights=weights, k=size)).capitalize() + "."

    for i in range(1, count + 1):
        title = sentence(rng.randint(6, 14))[:-1]
        text = "\n".join(" ".join(sentence(rng.randint(8, 18)) for _ in range(3)) for _ in range(4))
        yield (i, f"https://bench.gov.vn/{i}", f"site_{i % 200}", title, text, f"h{i}",
               "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00")  # fmt: skip


def build(path: Path, count: int) -> float:
    started = time.perf_counter()
    db = connect(path)
    sql = """INSERT INTO articles (id, url, site, title, text, lang, content_hash, first_seen,
             last_seen) VALUES (?, ?, ?, ?, ?, 'vi', ?, ?, ?)"""
    insert_batches(db, sql, rows(count))
    db.execute("PRAGMA optimize")
    db.conn.close()
    return time.perf_counter() - started


def timings(module, db, queries: list[str], rounds: int = 3) -> dict[str, float]:  # type: ignore[no-untyped-def]
    for query in queries:
        module.search(db, query)
    wall, cpu = [], []
    for _ in range(rounds):
        for query in queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            module.search(db, query)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    return {"wall_p50": _cut(wall, 50), "wall_p95": _cut(wall, 95), "cpu_p50": _cut(cpu, 50),
            "cpu_p95": _cut(cpu, 95)}  # fmt: skip


def _cut(values: list[float], percent: int) -> float:
    return round(statistics.quantiles(values, n=100)[percent - 1], 1)


def matches(db, module, query: str) -> int:  # type: ignore[no-untyped-def]
    expression = module.fts_query(query)
    sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
    try:
        return int(db.execute(sql, [expression]).fetchone()[0])
    except Exception:  # the old search's raw FTS5 syntax error on "TN&MT": it used a fallback
        return -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="Build (or reuse) the archive at this path.")
    parser.add_argument("--old", default="main", help="git revision of the old search")
    parser.add_argument("--counts", action="store_true", help="print each query's match counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "govcrawl.db"
        if not path.exists():
            print(f"building {args.articles:,} articles: {build(path, args.articles):.0f} s")
        db = connect(path, readonly=True)
        total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        old = old_module(args.old)
        if args.counts:
            for query in BROAD + NARROW:
                print(f"  {query!r}: old {matches(db, old, query):,}, "
                      f"new {matches(db, new_search, query):,} of {total:,}")  # fmt: skip
        print(f"{total:,} articles; milliseconds per search (limit 20), 3 rounds")
        print(
            f"{'queries':<8}{'search':>7}{'wall p50':>10}{'wall p95':>10}{'cpu p50':>10}{'cpu p95':>10}"
        )
        for name, queries in (("broad", BROAD), ("narrow", NARROW)):
            for label, module in (("old", old), ("new", new_search)):
                t = timings(module, db, queries)
                print(f"{name:<8}{label:>7}{t['wall_p50']:>10}{t['wall_p95']:>10}"
                      f"{t['cpu_p50']:>10}{t['cpu_p95']:>10}")  # fmt: skip


if __name__ == "__main__":
    main()
