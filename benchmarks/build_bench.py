"""How much slower is `briefgen build` than the work no brief can avoid?

Times, in the same run (median wall clock of N runs, each a fresh process):
  baseline   a script doing only the unavoidable work: the same heavy imports
             (matplotlib, ReportLab, svglib, jinja2), the same font files
             registered, the same number of charts drawn the same way
             (matplotlib -> SVG -> svglib) and a PDF of the same page count
             set in the same faces with the seeds' text
  build      `briefgen build` on the seeds into a temporary folder
and prints the ratio (target <= 1.3) and the brief's size (target <= 1.5 MB).

    .venv/bin/python benchmarks/build_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

BASELINE = r'''
import sys, io, pathlib
import matplotlib
matplotlib.use("svg")
from matplotlib.figure import Figure
from matplotlib import font_manager
import jinja2  # noqa: F401 (the build renders a template: same import cost)
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Paragraph, PageBreak
from svglib.svglib import svg2rlg

fonts, seeds, out, charts, pages = sys.argv[1:6]
charts, pages = int(charts), int(pages)
# the faces a brief in plain Chinese draws with: serif body, sans and sans bold
files = [f for f in sorted(pathlib.Path(fonts).glob("Briefgen*.ttf")) if "SerifSC-Bold" not in f.name]
for f in files:
    pdfmetrics.registerFont(TTFont(f.stem, str(f)))
sans = next(f for f in files if "Sans" in f.name and "Regular" in f.name)
serif = next(f for f in files if "Serif" in f.name and "Regular" in f.name)
font_manager.fontManager.addfont(str(sans))
matplotlib.rcParams["font.family"] = font_manager.FontProperties(fname=str(sans)).get_name()
matplotlib.rcParams["svg.fonttype"] = "none"
text = "".join(p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(seeds).glob("*.txt")))
drawings = []
for i in range(charts):
    # the least a chart needs: three points, three ticks, fixed margins, Chinese labels
    fig = Figure(figsize=(6.3, 2.75), dpi=72)
    fig.subplots_adjust(left=0.08, right=0.97, bottom=0.12, top=0.88)
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [224, 300 + i, 410], marker="o")
    ax.set_xticks([0, 1, 2], ["2020年", "2021年", "2023年"])
    ax.set_yticks([0, 200, 400])
    ax.set_title("工业总产值（亿元）")
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    buf.seek(0)
    drawings.append(svg2rlg(buf))
style = ParagraphStyle("p", fontName=serif.stem, fontSize=11, leading=19, wordWrap="CJK", firstLineIndent=22)
story = []
per_page = -(-charts // pages)
for page in range(pages):
    for d in drawings[page * per_page:(page + 1) * per_page]:
        story.append(d)
    story.append(Paragraph(text[page * 300:(page + 1) * 300] or "园区", style))
    if page < pages - 1:
        story.append(PageBreak())
doc = SimpleDocTemplate(out, pagesize=A4, initialFontName=serif.stem)
doc.build(story)
'''


def wall(argv: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="briefgen-build-bench-"))
    try:
        shutil.copytree(REPO / "seeds", work / "seeds")
        shutil.copy(REPO / "briefgen.toml", work / "briefgen.toml")
        once = subprocess.run([py, "-m", "briefgen", "build"], cwd=work, check=True, capture_output=True, text=True)
        pages = int(re.search(r"\((\d+) pages", once.stdout)[1])
        pdf = Path(once.stdout.split("  (")[0].strip())
        size = pdf.stat().st_size
        charts = len(re.findall(r"图\d+", _text(pdf)))
        (work / "baseline.py").write_text(BASELINE, encoding="utf-8")
        from briefgen import resources

        baseline_argv = [py, str(work / "baseline.py"), str(resources.fonts_dir()), str(work / "seeds"),
                         str(work / "baseline.pdf"), str(charts), str(pages)]
        subprocess.run(baseline_argv, cwd=work, check=True, capture_output=True)
        from pypdf import PdfReader

        baseline_pages = len(PdfReader(str(work / "baseline.pdf")).pages)
        base = wall(baseline_argv, args.runs, work)
        build = wall([py, "-m", "briefgen", "build"], args.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = build / base
    print(f"runs per figure: {args.runs} (median wall time, fresh process each)")
    print(f"brief: {pages} pages, {charts} charts, {size / 1024:.0f} KiB "
          f"(target <= 1536 KiB: {'met' if size <= 1.5 * 1024 * 1024 else 'NOT met'})")
    print(f"baseline (imports, fonts, {charts} charts, {baseline_pages} pages)  {base:7.3f} s   1.00x")
    print(f"briefgen build                                  {build:7.3f} s   {ratio:4.2f}x")
    print(f"target <= 1.3x: {'met' if ratio <= 1.3 else 'NOT met'}")


def _text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


if __name__ == "__main__":
    main()
