#!/usr/bin/env python3
"""`briefgen review` on the seeds (target: at most 1.5 s on this machine), and
`briefgen review --apply` of the workbook it wrote.

Each command runs as a user runs it, a fresh `python -m briefgen` process (so
imports count), in a copy of the seeds. Reported against a baseline measured in
the same run: `briefgen extract seeds --format json`, which reads and extracts
the same sources and does nothing else. review's own work is the rest: series,
where the brief shows each fact (charts and KPI cards planned, nothing drawn)
and the workbook.

    .venv/bin/python benchmarks/review_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = 1.5  # seconds, issue 13


def timed(args: list[str], cwd: Path, repeat: int) -> float:
    """Median wall time of ``python -m briefgen ARGS`` in ``cwd``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "seeds", root / "seeds")
        baseline = timed(["extract", "seeds", "--format", "json"], root, args.repeat)
        review = timed(["review"], root, args.repeat)
        workbook = next((root / "out").glob("*_审核表.xlsx"))
        apply = timed(["review", "--apply", str(workbook)], root, args.repeat)
    print(f"extract (baseline)  {baseline:6.3f} s")
    print(f"review              {review:6.3f} s   {review / baseline:4.2f}x extract   target <= {TARGET} s")
    print(f"review --apply      {apply:6.3f} s   {apply / baseline:4.2f}x extract")
    verdict = "meets" if review <= TARGET else "misses"
    print(f"review {verdict} the {TARGET} s target")
    return 0 if review <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
