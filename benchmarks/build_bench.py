"""How much slower is a cold `briefgen build` than the work no brief can avoid?

Three programs, each run N times as a fresh process (so imports count), taking
turns so that load from other processes on the machine falls on all of them:

  build      `briefgen build --out <new folder>` on the seeds: a cold build
             (new output folder each run, so no state from an earlier build;
             briefgen byte-compiled first, as a wheel install is)
  baseline   a minimal program doing only the work no implementation of the
             brief can avoid, sized from the brief the build just made:
  imports    the baseline's imports and nothing else (where the time goes)

What the baseline does, and why each part is unavoidable:

  * imports the libraries a build of text sources loads: the Typer CLI (whose
    option parsing loads pydantic), cn2an (Chinese numerals), opencc (traditional
    -> simplified), filelock (the build lock), jinja2 (the wording), matplotlib's
    Figure and SVG backend, svglib, ReportLab's platypus/TTF/renderPDF. These
    are the product's chosen dependencies; their import time is the same for any
    implementation. It runs its work as a one-option Typer command, as the CLI
    does. The `imports` line shows what that share is.
  * registers with ReportLab exactly the faces the built PDF embeds (read back
    from it) and adds the sans face to matplotlib: the brief must embed them.
  * draws as many charts as the brief has, each the least comparable chart: a
    7.8 x 7 cm figure in the brief's chart style (chartstyle.mplstyle) with fixed
    margins (no automatic layout), 3 points as a line or bars, 3 data labels,
    3 x and 3 y ticks, a unit line, text kept as text; saved as SVG and
    converted with svg2rlg. It takes the build's shortcuts too (no clip paths,
    fixed places for titles and axis labels, no attribute checks in svglib), so
    they are not counted as a gain over the least work. Vector charts with
    searchable text are a product requirement, and matplotlib -> SVG -> svglib
    is the way to get them into ReportLab, so the conversion is unavoidable too.
    (The fallback face is not registered: the brief embeds it only when some
    character needs it, and then the baseline registers it as well.)
  * typesets a PDF of the same page count in the same faces: as many body-text
    characters (the seeds' text) as the brief holds outside its charts, in plain
    CJK paragraphs, the charts two to a row. No tables, KPI cards, outline or
    glyph checks: those are features whose cost counts against the build.

The headline is the ratio of the wall-time medians, build / baseline (target
<= 1.3). Also printed: the ratio of CPU time (user + sys of the process, steadier
than wall time when other work shares the machine), "work beyond imports" (each
minus the imports-only median), a stricter view of the same comparison, and
each program's median peak RSS.

On a machine shared with other work, wall times move by +-20 % from one run of
the bench to the next; prefer more runs (--runs 9) and read the CPU ratio too.

    .venv/bin/python benchmarks/build_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"  # fixed SOURCE_DATE_EPOCH: every build run makes the same brief

BASELINE = r"""
import io, json, pathlib, re, sys

import typer  # the CLI; its option parsing loads pydantic, as briefgen's does
import cn2an  # noqa: F401  Chinese numerals (extraction)
import opencc  # noqa: F401  traditional -> simplified (normalisation)
import filelock  # noqa: F401  the build lock
import jinja2  # noqa: F401  the brief's wording
import matplotlib
from matplotlib import font_manager
from matplotlib.backends import backend_svg  # noqa: F401
from matplotlib.figure import Figure
from reportlab import rl_config
from reportlab.graphics import renderPDF  # noqa: F401
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table
from svglib.fonts import FontMap
from svglib.svglib import svg2rlg

app = typer.Typer(add_completion=False)


@app.command()
def main(job: pathlib.Path, imports_only: bool = False) -> None:
    if imports_only:
        return
    cfg = json.loads(job.read_text(encoding="utf-8"))
    for path in cfg["faces"]:  # the faces the brief embeds
        pdfmetrics.registerFont(TTFont(pathlib.Path(path).stem, path))
    sans, serif = pathlib.Path(cfg["sans"]), pathlib.Path(cfg["serif"])
    font_manager.fontManager.addfont(str(sans))
    family = font_manager.FontProperties(fname=str(sans)).get_name()
    # the brief's own chart style (its look is a product decision, not avoidable work)
    matplotlib.rcParams.update(matplotlib.rc_params_from_file(cfg["style"], use_default_template=False))
    matplotlib.rcParams["font.family"] = [family]

    class Faces(FontMap):  # svglib: the family is our sans face (no font search)
        def find_font(self, font_name, weight="normal", style="normal"):
            return sans.stem, True

    faces = Faces()
    drawings = []
    for i in range(cfg["charts"]):
        fig = Figure(figsize=(7.8 / 2.54, 7 / 2.54), dpi=72)
        fig.subplots_adjust(left=0.1, right=0.97, bottom=0.1, top=0.88)  # fixed margins
        ax = fig.add_subplot()
        xs, ys = [0, 1, 2], [224 + i, 300, 410]
        if i % 2:
            ax.bar(xs, ys, width=0.56, color=["#A9BCD0", "#A9BCD0", "#1F4E79"])
        else:
            ax.plot(xs, ys, marker="o", color="#1F4E79")
        for x, y in zip(xs, ys):
            ax.annotate(f"{y}", (x, y), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom")
        ax.set_xticks(xs, ["2020年", "2021年", "2023年"])
        ax.set_yticks([0, 200, 400])  # three gridlines: no tick locator at work
        ax.set_title("单位：亿元", loc="left")
        for axis in (ax.xaxis, ax.yaxis):  # no axis titles: nothing to place (as the build does)
            axis.set_label_coords(0.5, 0.5)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        svg = re.sub(rb' clip-path="url\(#[0-9a-z]+\)"', b"", buf.getvalue())  # as the build does
        rl_config.shapeChecking = 0  # as the build does while svglib converts
        drawing = svg2rlg(io.BytesIO(svg), font_map=faces)
        rl_config.shapeChecking = 1
        drawing.initialFontName = sans.stem
        drawings.append(drawing)

    seeds = "".join(p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(cfg["seeds"]).glob("*.txt")))
    seeds = "".join(seeds.split())
    text = (seeds * (cfg["chars"] // max(1, len(seeds)) + 1))[: cfg["chars"]]
    style = ParagraphStyle("p", fontName=serif.stem, fontSize=11, leading=19, wordWrap="CJK",
                           firstLineIndent=22, spaceAfter=4)
    pages, per_page = cfg["pages"], -(-len(text) // cfg["pages"])
    charts_on = [[d for j, d in enumerate(drawings) if j * pages // len(drawings) == page]
                 for page in range(pages)]
    story = []
    for page in range(pages):
        chunk = text[page * per_page:(page + 1) * per_page]
        for k in range(0, len(chunk), 160):  # paragraphs of the brief's usual length
            story.append(Paragraph(chunk[k:k + 160], style))
        row = charts_on[page]
        for k in range(0, len(row), 2):
            story.append(Table([row[k:k + 2]]))
        if page < pages - 1:
            story.append(PageBreak())
    doc = SimpleDocTemplate(cfg["out"], pagesize=A4, initialFontName=serif.stem, invariant=1)
    doc.build(story)
    print(doc.page)


app()
"""


def run(argv: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Wall time (s), CPU time (s), peak RSS (KiB) and stdout of one fresh process."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise SystemExit(f"{argv} failed ({proc.returncode}):\n{err.read().decode(errors='replace')}")
        cpu = usage.ru_utime + usage.ru_stime
        return elapsed, cpu, usage.ru_maxrss, out.read().decode("utf-8", errors="replace")


def brief_facts(work: Path, pdf: Path) -> dict:
    """What the baseline must match: charts, pages, text volume, embedded faces."""
    import pdfplumber
    from pypdf import PdfReader

    from briefgen import charts, pipeline, resources
    from briefgen.config import load_config

    cfg = load_config(root=work)
    analysis = pipeline.analyse(cfg)
    drawn = charts.render_charts(analysis.series, documents=analysis.documents)
    chart_chars = sum(len(t) for c in drawn for t in c.texts)
    with pdfplumber.open(pdf) as doc:
        chars = sum(len("".join((page.extract_text() or "").split())) for page in doc.pages)
    embedded = set()
    for page in PdfReader(str(pdf)).pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            embedded.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    files = sorted(resources.fonts_dir().glob("*.ttf"))
    faces = [str(f) for f in files if any(f.stem.startswith(name) for name in embedded)]
    serif = next(f for f in faces if "Serif" in f and "Regular" in f)
    sans = next(f for f in faces if "Sans" in f and "Regular" in f and "Fallback" not in f)
    return {
        "charts": len(drawn),
        "chars": max(0, chars - chart_chars),
        "faces": faces,
        "serif": serif,
        "sans": sans,
        "embedded": sorted(embedded),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    py = sys.executable
    # as installed from a wheel: with bytecode (PYTHONDONTWRITEBYTECODE would have
    # every run compile briefgen's sources again)
    subprocess.run([py, "-m", "compileall", "-q", str(REPO / "briefgen")], check=True)
    work = Path(tempfile.mkdtemp(prefix="briefgen-build-bench-"))
    try:
        shutil.copytree(REPO / "seeds", work / "seeds")
        shutil.copy(REPO / "briefgen.toml", work / "briefgen.toml")
        *_, first = run([py, "-m", "briefgen", "build", "--out", str(work / "out-0")], work)
        pages = int(re.search(r"\((\d+) pages", first)[1])
        pdf = Path(first.split("  (")[0].strip())
        size = pdf.stat().st_size
        facts = brief_facts(work, pdf)
        job = work / "baseline.json"
        job.write_text(
            json.dumps(
                {
                    **facts,
                    "pages": pages,
                    "seeds": str(work / "seeds"),
                    "style": str(REPO / "briefgen" / "chartstyle.mplstyle"),
                    "out": str(work / "baseline.pdf"),
                }
            ),
            encoding="utf-8",
        )
        script = work / "baseline.py"
        script.write_text(BASELINE, encoding="utf-8")
        base_argv = [py, str(script), str(job)]
        baseline_pages = int(run(base_argv, work)[3].strip())

        times: dict[str, list[float]] = {"build": [], "baseline": [], "imports": []}
        cpus: dict[str, list[float]] = {"build": [], "baseline": [], "imports": []}
        peaks: dict[str, list[int]] = {"build": [], "baseline": [], "imports": []}
        for i in range(args.runs):  # taking turns: load on the machine falls on all three
            build_argv = [py, "-m", "briefgen", "build", "--out", str(work / f"out-{i + 1}")]
            for name, argv in (
                ("baseline", base_argv),
                ("build", build_argv),
                ("imports", [*base_argv, "--imports-only"]),
            ):
                elapsed, cpu, peak, _ = run(argv, work)
                times[name].append(elapsed)
                cpus[name].append(cpu)
                peaks[name].append(peak)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in times.items()}
    mem = {k: statistics.median(v) / 1024 for k, v in peaks.items()}
    cpu = {k: statistics.median(v) for k, v in cpus.items()}
    ratio = med["build"] / med["baseline"]
    beyond = (med["build"] - med["imports"]) / max(1e-9, med["baseline"] - med["imports"])
    print(f"runs per figure: {args.runs} (median wall time, fresh process each, cold build)")
    print(
        f"brief: {pages} pages, {facts['charts']} charts, {facts['chars']} text characters outside charts, "
        f"{size / 1024:.0f} KiB (target <= 1536 KiB: {'met' if size <= 1.5 * 1024 * 1024 else 'NOT met'})"
    )
    print(f"faces embedded: {', '.join(facts['embedded'])}")
    if baseline_pages != pages:
        print(f"NOTE: the baseline's PDF has {baseline_pages} pages, the brief {pages}")
    print("                                            wall            CPU (user+sys)   peak RSS")
    print(
        f"imports only (baseline's libraries)       {med['imports']:7.3f} s         "
        f"{cpu['imports']:7.3f} s         {mem['imports']:5.0f} MiB"
    )
    label = f"baseline ({facts['charts']} charts, {baseline_pages} pages)"
    print(
        f"{label:42s}{med['baseline']:7.3f} s  1.00x  {cpu['baseline']:7.3f} s  1.00x  "
        f"{mem['baseline']:5.0f} MiB"
    )
    print(
        f"briefgen build (cold)                     {med['build']:7.3f} s  {ratio:4.2f}x  "
        f"{cpu['build']:7.3f} s  {cpu['build'] / cpu['baseline']:4.2f}x  {mem['build']:5.0f} MiB"
    )
    print(
        f"work beyond imports: build {med['build'] - med['imports']:.3f} s vs baseline "
        f"{med['baseline'] - med['imports']:.3f} s = {beyond:4.2f}x"
    )
    print(f"target <= 1.3x: {'met' if ratio <= 1.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
