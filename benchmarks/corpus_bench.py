#!/usr/bin/env python3
"""How long does a cold `briefgen build` of a large archive take, against the seeds?

Issue 16's target: the 96-document archive (tests/data/corpora/make_corpora.py:
the two seed articles re-published monthly over four years, figures drifting)
builds in <= 5 s on this machine. Each corpus is built N times as a fresh
process (imports count), taking turns so that load from other work on the
machine falls on all of them, each into a new output folder (no state from an
earlier build). Reported: the median wall time of each, the ratio against the
seeds' build measured in the same run, the pages, and the body pages (before
计算说明 and the appendix) against the page budget.

    .venv/bin/python benchmarks/corpus_bench.py [--runs 3] [--corpora bulletins,year,archive]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKER = REPO / "tests" / "data" / "corpora" / "make_corpora.py"
BRIEFGEN = Path(sys.executable).parent / "briefgen"
TARGET_S = 5.0  # the archive's build (issue 16)


def _maker():
    spec = importlib.util.spec_from_file_location("make_corpora", MAKER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_once(sources: Path, out: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    done = subprocess.run(
        [str(BRIEFGEN), "build", "--sources", str(sources), "--out", str(out), "--json"],
        capture_output=True,
        text=True,
        cwd=out.parent,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build of {sources} failed ({done.returncode}): {done.stdout[-400:]} {done.stderr[-400:]}")
    return elapsed, json.loads(done.stdout)


def body_pages(pdf: Path) -> int:
    """Pages before the first back-matter heading, read from the PDF's text."""
    from pypdf import PdfReader

    from briefgen.budget import BACK_MATTER

    reader = PdfReader(str(pdf))
    for number, page in enumerate(reader.pages, 1):
        lines = [line.strip() for line in (page.extract_text() or "").splitlines()]
        if any(line.endswith(BACK_MATTER) and "、" in line[:4] for line in lines):
            return number
    return len(reader.pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpora", default="archive", help="comma-separated: bulletins, year, archive")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "briefgen")], check=True)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        maker = _maker()
        folders = {"seeds": REPO / "seeds"}
        for name in args.corpora.split(","):
            folders[name] = maker.make(root / "corpora", name.strip())
        times: dict[str, list[float]] = {name: [] for name in folders}
        last: dict[str, dict] = {}
        for run in range(args.runs):
            for name, folder in folders.items():
                elapsed, summary = build_once(folder, root / f"out_{name}_{run}")
                times[name].append(elapsed)
                last[name] = summary
        seeds = statistics.median(times["seeds"])
        print(
            f"{'corpus':<10} {'docs':>5} {'facts':>6} {'median s':>9} {'x seeds':>8} {'pages':>6} {'body':>5}"
        )
        for name in folders:
            median = statistics.median(times[name])
            s = last[name]
            body = body_pages(Path(s["pdf"]))
            print(
                f"{name:<10} {s['documents']:>5} {s['facts']:>6} {median:>9.2f} {median / seeds:>8.2f}"
                f" {s['pages']:>6} {body:>5}"
            )
        if "archive" in folders:
            archive = statistics.median(times["archive"])
            verdict = "meets" if archive <= TARGET_S else "misses"
            ratio = archive / seeds
            print(f"archive: {archive:.2f} s, {verdict} the {TARGET_S:.0f} s target, {ratio:.2f} x the seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
