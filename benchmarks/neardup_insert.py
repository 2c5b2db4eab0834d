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
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from multiprocessing import Pool
from pathlib import Path

from govcrawl.dedupe import neardup
from govcrawl.dedupe.content_hash import content_hash
from govcrawl.dedupe.lsh_index import LshIndex
from govcrawl.items import ArticleRecord
from govcrawl.settings import GOVCRAWL_ARCHIVE_BATCH_SIZE as ARCHIVE_BATCH_SIZE
from govcrawl.store import connection as archive
from govcrawl.store.connection import connect
from govcrawl.store.writer import ArchiveWriter

# Articles per transaction when building an archive (the index is compacted after each).
BUILD_CHUNK = 1000
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


def build_archive(path: Path, count: int) -> float:
    """An archive of ``count`` indexed synthetic articles (signatures on both cores), written in
    transactions of ``BUILD_CHUNK`` articles with the index compacted after each, as crawls
    would leave it. Returns the seconds spent merging the index."""
    import numpy as np

    rng = random.Random(1)
    texts = [(n + 1, synthetic_text(rng)) for n in range(count)]
    db = connect(path)
    index, merging = LshIndex(db), 0.0
    with Pool(2) as pool:
        rows = pool.imap(_signature_row, texts, chunksize=200)
        for _ in range(0, count, BUILD_CHUNK):
            with db.atomic():
                for article_id, text, signature in islice(rows, BUILD_CHUNK):
                    db.execute(
                        "INSERT INTO articles (id, url, site, text, content_hash, first_seen, "
                        "last_seen, published) VALUES (?, ?, 'bench', ?, ?, '2026-01-01', "
                        "'2026-01-01', '2020-01-01')",
                        [
                            article_id,
                            f"https://bench.gov.vn/{article_id}",
                            text,
                            content_hash(text),
                        ],
                    )
                    index.add(article_id, np.frombuffer(signature, dtype=np.uint64))
            started = time.perf_counter()
            index.compact()
            merging += time.perf_counter() - started
    db.close()
    return merging


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
        "--cache-kib",
        str(archive.WRITER_CACHE_KIB),
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
    parser.add_argument("--repeat", type=int, default=3, help="measurements of each archive")
    parser.add_argument(
        "--cache-kib",
        type=int,
        help="SQLite page cache of the writer (default: archive.WRITER_CACHE_KIB)",
    )
    parser.add_argument("--measure")
    parser.add_argument(
        "--keep",
        type=Path,
        help="folder for the built archives: reused when present, measured on copies",
    )
    args = parser.parse_args()
    if args.cache_kib:
        archive.WRITER_CACHE_KIB = args.cache_kib
    if args.measure:
        measure(args.measure, args.archived, args.new, args.batch)
        return
    # Both archives hold the originals the new articles republish (the same first texts), so
    # both find and verify the same matches: the difference is the archive's size alone.
    results: dict[str, list[dict]] = {"small": [], "large": []}
    merging = {"small": 0.0, "large": 0.0}
    with tempfile.TemporaryDirectory() as folder:
        built = args.keep or Path(folder)
        kept = {
            "small": built / f"small-{args.new}.db",
            "large": built / f"full-{args.archived}.db",
        }
        for size, count in (("small", args.new), ("large", args.archived)):
            merged_file = kept[size].with_suffix(".merging")
            if not kept[size].exists():
                started = time.perf_counter()
                merged_file.write_text(str(build_archive(kept[size], count)))
                seconds = time.perf_counter() - started
                print(f"built an archive of {count:,} indexed articles in {seconds:.0f} s")
            merging[size] = float(merged_file.read_text()) / count
        # Alternate the two, each on a fresh copy, and take medians: the machine is shared.
        for _ in range(args.repeat):
            for size, archived in (("small", args.new), ("large", args.archived)):
                copy = Path(shutil.copy(kept[size], Path(folder) / "measured.db"))
                os.sync()  # the copy's dirty pages are not written back during the measurement
                results[size].append(run(copy, archived, args.new, args.batch))
    print(
        f"{'archive':<20} {'ms/new article':>15} {'+ merges':>9} {'= total':>8} {'peak MiB':>9}"
        "  outcomes (last run)"
    )
    totals, peaks = {}, {}
    for size, count in (("small", args.new), ("large", args.archived)):
        insert = statistics.median(r["ms_per_article"] for r in results[size])
        totals[size] = insert + 1000 * merging[size]
        peaks[size] = max(r["peak_mib"] for r in results[size])
        outcomes = {
            k: v for k, v in results[size][-1].items() if k not in ("ms_per_article", "peak_mib")
        }
        print(
            f"{f'{count:,} articles':<20} {insert:>15.2f} {1000 * merging[size]:>9.2f} "
            f"{totals[size]:>8.2f} {peaks[size]:>9.1f}  {outcomes}"
        )
    print(
        f"ratio large/small (median of {args.repeat}): time {totals['large'] / totals['small']:.2f}, "
        f"peak memory {peaks['large'] / peaks['small']:.2f}"
    )
    print(
        "(+ merges: the index merges of the archive's build, per article: "
        "each article's share of keeping the index in generations)"
    )


if __name__ == "__main__":
    main()
