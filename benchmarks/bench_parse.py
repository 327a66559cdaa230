"""Parser throughput: MB/s over the development documents, cost of 1×, 10×, 100× one document, 50 MB refusal.

usage: python benchmarks/bench_parse.py [--docs DIR] [--repeat N]

Documents come from ../shared/gold/docs (beside the checkout); where that is absent, from the golden
texts under tests/parsing/golden. Sizes are UTF-8 bytes of the loaded text; times are CPU seconds of
this process (best of several runs), so other work on the machine disturbs them little. The goal
(issue 3) is at least 2 MB/s on one core and a cost per MB that stays flat as the input grows.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workplan.parsing import parse_file, parse_text
from workplan.parsing.errors import InputTooLarge
from workplan.parsing.loaders import MAX_BYTES, load_path

ROOT = Path(__file__).resolve().parents[1]
GOLD_DOCS = ROOT.parent / "shared" / "gold" / "docs"
GOLDEN = ROOT / "tests" / "parsing" / "golden"
MB = 1024 * 1024


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """Fastest of ``repeat`` runs in CPU seconds of this process: the least disturbed by other work."""
    times = []
    for _ in range(repeat):
        gc.collect()  # start each run from the same heap, not with the previous run's garbage
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def documents(docs_dir: Path | None) -> list[tuple[str, str]]:
    if docs_dir is None:
        if GOLD_DOCS.is_dir():
            docs_dir = GOLD_DOCS
        else:
            print(f"development set not found at {GOLD_DOCS}: using the golden texts in {GOLDEN}")
            docs_dir = GOLDEN
    files = sorted(p for p in docs_dir.iterdir() if p.is_file() and p.suffix in (".txt", ".html", ".htm", ".docx"))
    print(f"documents: {docs_dir} ({len(files)} files)")
    return [(p.name, load_path(p)[0]) for p in files]


def throughput(docs: list[tuple[str, str]], repeat: int) -> None:
    print(f"\n== throughput (parse_text, best of {repeat})")
    total_bytes = total_time = 0.0
    parse_text("预热：一、新增企业10家。")  # load rule tables and opencc once, outside the timing
    for name, source in docs:
        size = len(source.encode("utf-8"))
        seconds = best_of(repeat, lambda s=source: parse_text(s))
        total_bytes += size
        total_time += seconds
        print(f"  {name:<32} {size / 1024:8.1f} KB  {seconds * 1000:8.1f} ms  {size / MB / seconds:6.2f} MB/s")
    print(
        f"  {'all':<32} {total_bytes / 1024:8.1f} KB  {total_time * 1000:8.1f} ms  "
        f"{total_bytes / MB / total_time:6.2f} MB/s"
    )


def linearity(docs: list[tuple[str, str]]) -> None:
    name, source = max(docs, key=lambda d: len(d[1]))
    print(f"\n== linearity: {name} repeated (best of 3)")
    per_mb = []
    for times in (1, 10, 100):
        text = "\n".join([source] * times)
        size = len(text.encode("utf-8"))
        seconds = best_of(3, lambda t=text: parse_text(t))
        per_mb.append(seconds / (size / MB))
        print(
            f"  {times:>3}×  {size / MB:7.2f} MB  {seconds:7.3f} s  {per_mb[-1]:6.3f} s/MB  "
            f"(ratio to 1×: {per_mb[-1] / per_mb[0]:.2f})"
        )


def refusal() -> None:
    print(f"\n== refusal of an input over {MAX_BYTES // MB} MB")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        line = "一、新增高新技术企业100家以上。\n".encode()
        with big.open("wb") as f:
            f.write(line * (MAX_BYTES // len(line) + 1))
        size = big.stat().st_size
        t0 = time.perf_counter()
        try:
            parse_file(big)
        except InputTooLarge as exc:
            print(f"  {size / MB:.1f} MB refused in {(time.perf_counter() - t0) * 1000:.1f} ms: {exc.message}")
        else:
            print(f"  NOT refused: {size / MB:.1f} MB parsed in {time.perf_counter() - t0:.1f} s")
            sys.exit(1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=Path, help="directory of documents (default: ../shared/gold/docs)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    docs = documents(args.docs)
    if not docs:
        print("no documents to parse")
        return 1
    throughput(docs, args.repeat)
    linearity(docs)
    refusal()
    return 0


if __name__ == "__main__":
    sys.exit(main())
