#!/usr/bin/env python3
"""Chart drawing: the vector path (matplotlib SVG -> svglib Drawing) per chart kind.

Baseline measured in the same run: the same figure rasterised to PNG at 300 dpi,
the fallback the issue allows when vector output is impossible. A ratio near or
below 1 means the vector path costs no more than a raster one would. Also
reports the one-off costs (module import, font registration, first figure).

    .venv/bin/python benchmarks/charts_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from briefgen import charts

    t1 = time.perf_counter()
    fonts = charts.chart_fonts()
    t2 = time.perf_counter()
    from test_charts import sample  # one series of every chart kind

    plans = charts.plan_charts(sample())
    t3 = time.perf_counter()
    charts.svg_drawing(charts.plan_svg(plans[0], fonts), fonts)  # first figure: caches, lazy imports
    t4 = time.perf_counter()
    print(
        f"import briefgen.charts {t1 - t0:.3f}s | register fonts {t2 - t1:.3f}s | "
        f"plan {1000 * (t3 - t2):.1f}ms | first figure {t4 - t3:.3f}s"
    )

    import matplotlib
    from matplotlib.figure import Figure

    def vector(plan) -> float:
        a = time.perf_counter()
        drawing = charts.svg_drawing(charts.plan_svg(plan, fonts), fonts)
        charts.drawing_texts(drawing, fonts)
        return time.perf_counter() - a

    def raster(plan) -> float:
        a = time.perf_counter()
        with matplotlib.rc_context(fname=str(charts.STYLE_PATH), rc={"font.family": [fonts.family]}):
            fig = Figure(figsize=(plan.width / 72, plan.height / 72), dpi=72)
            charts.DRAWERS[plan.kind](fig, plan)
            for ax in fig.axes:  # the same shortcuts as the vector path (charts.plan_svg)
                for axis in (ax.xaxis, ax.yaxis):
                    axis.set_label_coords(0.5, 0.5)
            charts.fit_margins(fig)
            fig.savefig(io.BytesIO(), format="png", dpi=300)
        return time.perf_counter() - a

    total_v = total_r = 0.0
    for plan in plans:
        v = statistics.median(vector(plan) for _ in range(args.repeat))
        r = statistics.median(raster(plan) for _ in range(args.repeat))
        total_v, total_r = total_v + v, total_r + r
        print(f"{plan.kind:10s} vector {1000 * v:6.1f}ms | png 300 dpi {1000 * r:6.1f}ms | ratio {v / r:.2f}")
    print(
        f"{'all':10s} vector {1000 * total_v:6.1f}ms | png 300 dpi {1000 * total_r:6.1f}ms | "
        f"ratio {total_v / total_r:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
