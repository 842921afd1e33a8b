#!/usr/bin/env python3
"""build_series (mapping + merging + derived values + checks) at two corpus sizes.

The seeds' gold facts (tests/gold_fixture.py) are copied into many documents,
each copy shifted by whole years so that series grow long, and reconciled in
one call. Reported against a baseline measured in the same run: mapping alone
(Catalog.match on every fact), the part that cannot be avoided. A ratio that
stays flat from the small to the large corpus means no quadratic step.

    .venv/bin/python benchmarks/series_bench.py [--copies 20]
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
from briefgen.reconcile import build_series  # noqa: E402
from tests.gold_fixture import gold_case  # noqa: E402


def _shift(period: str | None, years: int) -> str | None:
    return re.sub(r"\d{4}", lambda m: str(int(m[0]) + years), period) if period else period


def corpus(copies: int):
    docs, facts = gold_case()
    all_docs, all_facts = [], []
    for k in range(copies):
        names = {d.name: f"{k:04d}_{d.name}" for d in docs}
        all_docs += [dataclasses.replace(d, name=names[d.name]) for d in docs]
        for f in facts:
            q = f.from_ and dataclasses.replace(f.from_, period=_shift(f.from_.period, k))
            all_facts.append(
                dataclasses.replace(f, document=names[f.document], period=_shift(f.period, k), from_=q)
            )
    return all_docs, all_facts


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=20, help="copies of the two seeds in the large corpus")
    args = ap.parse_args()
    catalog = load_catalog(None)
    print(f"{'docs':>6} {'facts':>6} {'map only s':>11} {'build_series s':>15} {'ratio':>6} {'facts/s':>9}")
    for copies in (max(1, args.copies // 10), args.copies):
        docs, facts = corpus(copies)
        base = best_of(3, lambda facts=facts: [catalog.match(f) for f in facts])
        full = best_of(3, lambda facts=facts, docs=docs: build_series(facts, catalog, documents=docs))
        rate = len(facts) / full
        print(f"{len(docs):>6} {len(facts):>6} {base:>11.3f} {full:>15.3f} {full / base:>6.2f} {rate:>9.0f}")


if __name__ == "__main__":
    main()
