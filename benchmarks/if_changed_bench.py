"""How fast is `briefgen build --if-changed` when nothing changed, and does it stay
clear of matplotlib/ReportLab?

Builds the seeds once into a temporary folder, then times (median of N runs,
wall clock) in the same run:
  python -c pass            the interpreter alone
  briefgen --version        the CLI's import cost
  briefgen build --if-changed   the unchanged path (target: <= 0.5 s)
and reports the ratios, plus the heavy modules `-X importtime` shows on that path.

    .venv/bin/python benchmarks/if_changed_bench.py [--runs 15]
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
HEAVY = ("matplotlib", "reportlab", "jinja2", "PIL", "numpy")


def wall(argv: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    briefgen = [py, "-m", "briefgen"]
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    try:
        shutil.copytree(REPO / "seeds", work / "seeds")
        start = time.perf_counter()
        subprocess.run([*briefgen, "build"], cwd=work, check=True, capture_output=True)
        full = time.perf_counter() - start
        check = subprocess.run(
            [*briefgen, "build", "--if-changed"], cwd=work, check=True, capture_output=True, text=True
        )
        assert check.stdout.startswith("unchanged"), check.stdout

        base = wall([py, "-c", "pass"], args.runs, work)
        version = wall([*briefgen, "--version"], args.runs, work)
        unchanged = wall([*briefgen, "build", "--if-changed"], args.runs, work)
        trace = subprocess.run(
            [py, "-X", "importtime", "-m", "briefgen", "build", "--if-changed"],
            cwd=work,
            check=True,
            capture_output=True,
            text=True,
        ).stderr
        imported = {line.split("|")[-1].strip().split(".")[0] for line in trace.splitlines() if "|" in line}
        heavy = sorted(m for m in HEAVY if m in imported)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"runs per figure: {args.runs} (median wall time)")
    print(f"full build (once)              {full:7.3f} s")
    print(f"python -c pass                 {base:7.3f} s   1.00x")
    print(f"briefgen --version             {version:7.3f} s   {version / base:4.2f}x")
    print(
        f"briefgen build --if-changed    {unchanged:7.3f} s   {unchanged / base:4.2f}x  "
        f"({unchanged / version:4.2f}x --version, {unchanged / full:.3f}x full build)"
    )
    print(f"target <= 0.5 s: {'met' if unchanged <= 0.5 else 'NOT met'}")
    print(f"heavy modules imported on the unchanged path: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
