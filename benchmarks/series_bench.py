#!/usr/bin/env python3
"""build_series (mapping + merging + derived values + checks) at three corpus sizes.

The seeds' gold facts (tests/gold_fixture.py) are copied many times, each copy
shifted by whole years so that series grow long, and reconciled in one call.
Two layouts: each copy a document of its own ("documents"), and all copies in
one long document ("one document", like a 17 MB yearbook: every per-document
and per-sentence lookup meets all its facts). Reported against a baseline
measured in the same run: mapping alone (Catalog.match on every fact), the part
that cannot be avoided. Time per fact (and the ratio) that stays flat from the
small to the large corpus means no quadratic step.

    .venv/bin/python benchmarks/series_bench.py [--sizes 1,20,100]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefgen.catalog import load_catalog  # noqa: E402
from briefgen.models import Sentence  # noqa: E402
from briefgen.reconcile import build_series  # noqa: E402
from tests.gold_fixture import gold_case  # noqa: E402


def _shift(period: str | None, years: int) -> str | None:
    return re.sub(r"\d{4}", lambda m: str(int(m[0]) + years), period) if period else period


def _shifted(f, k: int, document: str, offset: int = 0, sentences: int = 0):
    q = f.from_ and dataclasses.replace(f.from_, period=_shift(f.from_.period, k))
    return dataclasses.replace(
        f,
        document=document,
        period=_shift(f.period, k),
        from_=q,
        span=(f.span[0] + offset, f.span[1] + offset),
        sentence_index=f.sentence_index + sentences if f.sentence_index >= 0 else -1,
    )


def corpus(copies: int):
    """Each copy of each seed a document of its own."""
    docs, facts = gold_case()
    all_docs, all_facts = [], []
    for k in range(copies):
        names = {d.name: f"{k:04d}_{d.name}" for d in docs}
        all_docs += [dataclasses.replace(d, name=names[d.name]) for d in docs]
        all_facts += [_shifted(f, k, names[f.document]) for f in facts]
    return all_docs, all_facts


def one_document(copies: int):
    """Every copy of every seed one after the other in a single document."""
    docs, facts = gold_case()
    texts: list[str] = []
    sentences: list[Sentence] = []
    all_facts = []
    offset = 0
    for k in range(copies):
        for d in docs:
            base, first = offset, len(sentences)
            sentences += [
                Sentence(first + s.index, s.text, s.start + base, s.end + base) for s in d.sentences
            ]
            all_facts += [_shifted(f, k, "big.txt", base, first) for f in facts if f.document == d.name]
            texts.append(d.text)
            offset += len(d.text) + 1
    big = dataclasses.replace(docs[0], name="big.txt", text="\n".join(texts), sentences=tuple(sentences))
    return [big], all_facts


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,20,100", help="copies of the two seeds, comma-separated")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    catalog = load_catalog(None)
    print(
        f"{'layout':<13} {'copies':>6} {'facts':>6} {'map only s':>11} {'build_series s':>15}"
        f" {'ratio':>6} {'µs/fact':>8}"
    )
    for layout, make in (("documents", corpus), ("one document", one_document)):
        for copies in sizes:
            docs, facts = make(copies)
            runs = 3 if len(facts) < 5000 else 1
            base = best_of(runs, lambda facts=facts: [catalog.match(f) for f in facts])
            full = best_of(runs, lambda facts=facts, docs=docs: build_series(facts, catalog, documents=docs))
            print(
                f"{layout:<13} {copies:>6} {len(facts):>6} {base:>11.3f} {full:>15.3f}"
                f" {full / base:>6.2f} {full / len(facts) * 1e6:>8.0f}"
            )


if __name__ == "__main__":
    main()
