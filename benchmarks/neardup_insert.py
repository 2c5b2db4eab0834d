"""Near-duplicate indexing cost: insert new articles into a small archive (just the originals
they republish) and into one that also holds 100,000 synthetic articles; print time per new
article and peak memory, side by side.

    .venv/bin/python benchmarks/neardup_insert.py                 # 100,000 archived articles
    .venv/bin/python benchmarks/neardup_insert.py --archived 20000 --new 300

Each measurement runs in a fresh process (peak RSS is per process). The archived articles are
random sentences over a Vietnamese syllable vocabulary, indexed as a crawl would index them;
half of the new articles republish archived ones (new lead, last paragraph dropped).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

from govcrawl import neardup
from govcrawl.archive import ArchiveWriter, ArticleRecord, _index, connect
from govcrawl.dedupe import content_hash
from govcrawl.settings import GOVCRAWL_ARCHIVE_BATCH_SIZE as ARCHIVE_BATCH_SIZE

SYLLABLES = [
    "sở",
    "khoa",
    "học",
    "công",
    "nghệ",
    "tỉnh",
    "lâm",
    "đồng",
    "đà",
    "lạt",
    "hội",
    "nghị",
    "triển",
    "khai",
    "nhiệm",
    "vụ",
    "năm",
    "kế",
    "hoạch",
    "đề",
    "án",
    "chương",
    "trình",
    "doanh",
    "nghiệp",
    "nông",
    "nghiệp",
    "ứng",
    "dụng",
    "đổi",
    "mới",
    "sáng",
    "tạo",
    "tiêu",
    "chuẩn",
    "đo",
    "lường",
    "chất",
    "lượng",
    "sở",
    "hữu",
    "trí",
    "tuệ",
    "an",
    "toàn",
    "bức",
    "xạ",
    "chuyển",
    "giao",
    "phát",
    "triển",
    "kinh",
    "tế",
    "xã",
    "hội",
    "huyện",
    "thành",
    "phố",
    "ủy",
    "ban",
    "nhân",
    "dân",
    "đồng",
    "chí",
    "giám",
    "đốc",
    "phó",
    "tổ",
    "chức",
    "cá",
    "nhân",
    "hỗ",
    "trợ",
    "kinh",
    "phí",
    "đánh",
    "giá",
    "nghiệm",
    "thu",
    "đề",
    "tài",
    "cấp",
    "cơ",
    "sở",
]


def synthetic_text(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(4, 7)):
        sentences = [
            " ".join(rng.choices(SYLLABLES, k=rng.randint(12, 25))).capitalize() + "."
            for _ in range(3)
        ]
        paragraphs.append(" ".join(sentences))
    return "\n".join(paragraphs)


def _signature_row(item: tuple[int, str]) -> tuple[int, str, bytes]:
    article_id, text = item
    return article_id, text, neardup.signature(text).tobytes()


def build_archive(path: Path, count: int) -> None:
    """An archive of ``count`` indexed synthetic articles (signatures on both cores)."""
    import numpy as np

    rng = random.Random(1)
    texts = [(n + 1, synthetic_text(rng)) for n in range(count)]
    db = connect(path)
    with Pool(2) as pool, db.atomic():
        for article_id, text, signature in pool.imap(_signature_row, texts, chunksize=200):
            db.execute(
                "INSERT INTO articles (id, url, site, text, content_hash, first_seen, last_seen, published) "
                "VALUES (?, ?, 'bench', ?, ?, '2026-01-01', '2026-01-01', '2020-01-01')",
                [article_id, f"https://bench.gov.vn/{article_id}", text, content_hash(text)],
            )
            _index(db, article_id, np.frombuffer(signature, dtype=np.uint64))
    db.close()


def new_records(archived: int, count: int) -> list[ArticleRecord]:
    """``count`` new articles; every other one republishes an archived article."""
    rng, originals = random.Random(2), random.Random(1)
    archived_texts = (
        [synthetic_text(originals) for _ in range(min(archived, count))] if archived else []
    )
    records = []
    for n in range(count):
        if archived_texts and n % 2:
            body = archived_texts[n % len(archived_texts)].split("\n")
            text = "\n".join(["Cổng thông tin điện tử tỉnh giới thiệu bài viết.", *body[:-1]])
        else:
            text = synthetic_text(rng)
        records.append(ArticleRecord(
            url=f"https://copy.gov.vn/{n}", site="copy", province=None, agency=None, title=f"Tin {n}",
            published="2020-01-02", author=None, text=text, lang="vi", content_hash=content_hash(text),
            fetched_at="2026-01-02T00:00:00+00:00",
        ))  # fmt: skip
    return records


def measure(path: str, archived: int, count: int, batch: int) -> None:
    """In this process: insert ``count`` new articles one transaction each; print JSON."""
    records = new_records(archived, count)
    writer = ArchiveWriter(connect(path))
    Path("/proc/self/clear_refs").write_text("5")  # peak RSS from here (not the forked parent's)
    started = time.perf_counter()
    outcomes: dict[str, int] = {}
    for start in range(0, count, batch):
        for key, value in writer.write_batch(records[start : start + batch]).items():
            outcomes[key] = outcomes.get(key, 0) + value
    elapsed = time.perf_counter() - started
    status = Path("/proc/self/status").read_text()
    peak_kib = int(
        next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    )
    print(
        json.dumps(
            {"ms_per_article": 1000 * elapsed / count, "peak_mib": peak_kib / 1024, **outcomes}
        )
    )


def run(path: Path, archived: int, count: int, batch: int) -> dict:
    command = [
        sys.executable,
        __file__,
        "--measure",
        str(path),
        "--archived",
        str(archived),
        "--new",
        str(count),
        "--batch",
        str(batch),
    ]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archived", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=500)
    parser.add_argument(
        "--batch",
        type=int,
        default=ARCHIVE_BATCH_SIZE,
        help="articles per transaction (default: GOVCRAWL_ARCHIVE_BATCH_SIZE, as in a crawl)",
    )
    parser.add_argument("--measure")
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.archived, args.new, args.batch)
        return
    # Both archives hold the originals the new articles republish (the same first texts), so
    # both find and verify the same matches: the difference is the archive's size alone.
    with tempfile.TemporaryDirectory() as folder:
        small_path, full = Path(folder) / "small.db", Path(folder) / "full.db"
        build_archive(small_path, args.new)
        started = time.perf_counter()
        build_archive(full, args.archived)
        seconds = time.perf_counter() - started
        print(f"built an archive of {args.archived:,} indexed articles in {seconds:.0f} s")
        small, large = (
            run(small_path, args.new, args.new, args.batch),
            run(full, args.archived, args.new, args.batch),
        )
    print(f"{'archive':<24} {'ms/new article':>15} {'peak MiB':>9}  outcomes")
    for name, result in ((f"{args.new:,} articles", small), (f"{args.archived:,} articles", large)):
        outcomes = {k: v for k, v in result.items() if k not in ("ms_per_article", "peak_mib")}
        print(
            f"{name:<24} {result['ms_per_article']:>15.2f} {result['peak_mib']:>9.1f}  {outcomes}"
        )
    time_ratio = large["ms_per_article"] / small["ms_per_article"]
    print(
        f"ratio large/small: time {time_ratio:.2f}, peak memory {large['peak_mib'] / small['peak_mib']:.2f}"
    )


if __name__ == "__main__":
    main()
