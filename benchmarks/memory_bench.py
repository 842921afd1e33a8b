"""Peak memory per input byte of the pipeline's stages on one large article.

A folder holding one plain-text file (the seeds repeated to ``--mb`` MB of
UTF-8) is read, normalized and extracted under tracemalloc. Each stage's peak
is reported per input byte, next to a baseline in the same run: the least any
reader needs, the file's bytes and their decoded str held at once. ``pipeline``
is read + normalize + extract in one go (what ``briefgen extract`` holds at its peak).

    .venv/bin/python benchmarks/memory_bench.py [--mb 4] [--stages read,normalize,extract,pipeline]
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from sources_bench import article  # noqa: E402  (run as a script: benchmarks/ is on sys.path)


def peak(fn: Callable[[], object]) -> tuple[int, object]:
    """Peak bytes allocated while ``fn`` runs (what it returns stays alive in the figure)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--stages", default="read,normalize,extract,pipeline")
    args = ap.parse_args()
    stages = args.stages.split(",")

    from briefgen.config import Config
    from briefgen.normalize import normalize
    from briefgen.sources import read_sources

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        path = src / "big.txt"
        path.write_text(article(args.mb), encoding="utf-8")
        size = path.stat().st_size
        cfg = Config(sources=src, max_file_mb=max(50, int(args.mb * 2)))
        print(f"input: {size / 2**20:.1f} MB of UTF-8, {len(path.read_text(encoding='utf-8')):,} characters")

        base, _ = peak(lambda: (lambda b: (b, b.decode("utf-8")))(path.read_bytes()))
        print(f"{'baseline (bytes + str)':24} {base / size:6.1f} bytes per input byte")

        read_peak, sources = peak(lambda: read_sources(cfg))
        if "read" in stages:
            print(f"{'read_sources':24} {read_peak / size:6.1f}  ({read_peak / base:.1f}x baseline)")
        docs = sources.documents
        del sources
        norm_peak, docs = peak(lambda: tuple(normalize(d) for d in docs))
        if "normalize" in stages:
            print(f"{'normalize':24} {norm_peak / size:6.1f}  ({norm_peak / base:.1f}x baseline)")
        if "extract" in stages:
            from briefgen.extract import extract_facts

            ext_peak, facts = peak(lambda: tuple(extract_facts(docs)))
            print(
                f"{'extract (docs held)':24} {ext_peak / size:6.1f}  ({ext_peak / base:.1f}x baseline), "
                f"{len(facts):,} facts"
            )
        offsets = sum(d.offsets.__sizeof__() for d in docs)
        kind = type(docs[0].offsets).__name__
        print(f"{'Document.offsets':24} {offsets / size:6.1f}  (held after normalize, {kind})")
        if "pipeline" in stages:
            from briefgen import pipeline

            whole, _ = peak(lambda: pipeline.extract(cfg))
            print(f"{'pipeline.extract (all)':24} {whole / size:6.1f}  ({whole / base:.1f}x baseline)")


if __name__ == "__main__":
    main()
