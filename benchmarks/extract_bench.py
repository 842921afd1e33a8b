#!/usr/bin/env python3
"""Extraction throughput and peak memory.

Builds a corpus of many documents (≥ 5 MB at the large size) by permuting the
paragraphs of the seeds and of tests/data/extract/*.txt, then runs
normalize + extract_facts document by document, at two corpus sizes:

- throughput in MB/s (UTF-8 bytes of source text), against a baseline measured
  in the same run: one pass of a bare number+unit regex over the same text;
- peak traced memory (tracemalloc, a separate pass) with the documents
  generated lazily and the facts counted, not kept — it should not grow with
  the corpus.

    .venv/bin/python benchmarks/extract_bench.py [--mb 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from briefgen.extract import extract_facts
from briefgen.models import Document, SourceMeta
from briefgen.normalize import normalize

REPO = Path(__file__).resolve().parent.parent
NAIVE = re.compile(r"\d+(?:\.\d+)?(?:亿元|万元|元|%|个|家|位|亩|平方公里|万吨|条|项)")


def paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((REPO / "tests" / "data" / "extract").glob("*.txt"))
    ]
    return [par for t in texts for par in re.split(r"\n\s*\n|\n", t) if par.strip()]


def documents(total_bytes: int, seed: int = 7) -> Iterator[Document]:
    """Articles of ~20 shuffled paragraphs each until ``total_bytes`` of text."""
    pars = paragraphs()
    rng = random.Random(seed)
    made, i = 0, 0
    while made < total_bytes:
        text = "\n\n".join(rng.sample(pars, min(20, len(pars))))
        made += len(text.encode("utf-8"))
        i += 1
        yield Document(
            name=f"bench_{i:05d}.txt",
            path=Path(f"bench_{i:05d}.txt"),
            meta=SourceMeta(file=f"bench_{i:05d}.txt", published=dt.date(2024, 6, 14)),
            original=text,
            sha256="",
        )


def run(total_bytes: int) -> tuple[int, int]:
    n = 0
    nbytes = 0
    for doc in documents(total_bytes):
        nbytes += len(doc.original.encode("utf-8"))
        n += len(extract_facts([normalize(doc)]))
    return nbytes, n


def baseline(total_bytes: int) -> int:
    return sum(len(NAIVE.findall(doc.original)) for doc in documents(total_bytes))


def measure(total_bytes: int) -> dict:
    list(documents(total_bytes))  # warm caches (OpenCC, cn2an, regexes) and the generator
    t0 = time.perf_counter()
    baseline(total_bytes)
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    nbytes, nfacts = run(total_bytes)
    t_ours = time.perf_counter() - t0
    tracemalloc.start()
    run(total_bytes)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mb = nbytes / 1e6
    return {
        "mb": mb,
        "facts": nfacts,
        "seconds": t_ours,
        "mb_s": mb / t_ours,
        "base_mb_s": mb / t_base,
        "peak_mb": peak / 1e6,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--mb", type=float, default=5.0, help="size of the large corpus in MB (small = a quarter)"
    )
    args = ap.parse_args()
    run(50_000)  # imports and first-use costs out of the way
    rows = [measure(int(args.mb * 1e6 / 4)), measure(int(args.mb * 1e6))]
    print(
        f"{'corpus MB':>9} {'facts':>8} {'seconds':>8} {'MB/s':>6} "
        f"{'regex MB/s':>10} {'ratio':>6} {'peak MB':>8}"
    )
    for r in rows:
        print(
            f"{r['mb']:9.2f} {r['facts']:8d} {r['seconds']:8.2f} {r['mb_s']:6.2f} {r['base_mb_s']:10.1f} "
            f"{r['mb_s'] / r['base_mb_s']:6.3f} {r['peak_mb']:8.2f}"
        )
    small, large = rows
    print(
        f"peak memory large/small: {large['peak_mb'] / small['peak_mb']:.2f}x for "
        f"{large['mb'] / small['mb']:.1f}x the text; throughput target ≥ 1 MB/s: "
        f"{'met' if large['mb_s'] >= 1 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
