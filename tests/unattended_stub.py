"""Stand-ins for the analysis and typesetting stages, so the unattended
machinery (lock, manifest, publish, history, mail) is tested through the real
CLI without matplotlib/ReportLab. Used in-process (``install(monkeypatch)``)
and in subprocesses (``python tests/unattended_stub.py build ...``).

Environment knobs for subprocesses:
  STUB_VALUE      value of the one indicator (change it to change the facts)
  STUB_HOLD       a path: the renderer writes <path>.started and waits until
                  <path> exists (to overlap two runs)
  STUB_KILL_MARK  a path: publishing writes half the PDF, creates this file and
                  sleeps (the test SIGKILLs the process there)
"""

from __future__ import annotations

import os
import sys
import time
import types
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from briefgen import pipeline  # noqa: E402
from briefgen.models import (  # noqa: E402
    Analysis,
    Block,
    Brief,
    Changes,
    Document,
    Indicator,
    Point,
    Series,
    SeriesSet,
    SourceMeta,
)
from briefgen.publish import build_date  # noqa: E402


def fake_series(value: float) -> SeriesSet:
    output = Indicator("industrial_output", "工业总产值", "亿元", "economy", headline=1)
    projects = Indicator("major_projects", "重大项目", "个", "investment", headline=2)
    return SeriesSet(
        series=(
            Series(output, (Point("2021", 224.0, "亿元", ()), Point("2022", value, "亿元", ()))),
            Series(projects, (Point("2022", 54.0, "个", ()),)),
        )
    )


def fake_analyse(cfg) -> Analysis:
    """The source folder's files as (unread) documents, and the one indicator's series."""
    paths = sorted(p for p in cfg.sources_dir.iterdir() if not p.name.startswith("."))
    docs = tuple(Document(p.name, p, SourceMeta(p.name), original="", sha256="") for p in paths)
    value = float(os.environ.get("STUB_VALUE", "410"))
    return Analysis(
        documents=docs, facts=(), series=fake_series(value), warnings=(), park="安义高新技术产业园区"
    )


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int


def render_charts(series, *, documents=(), park=None) -> list:
    return []


def make_brief(cfg, analysis, changes: Changes | None = None, *, charts=(), **layout) -> Brief:
    """A real Brief whose one paragraph says the value and 本期更新 (what render_pdf prints);
    ``layout`` (issue, budget …) changes nothing here."""
    value = analysis.series.series[0].points[-1].value
    items = "".join(f"{i.status}:{i.indicator}:{i.value_text};" for i in (changes.items if changes else ()))
    return Brief(
        title="《安义高新技术产业园区发展简报》",
        park=analysis.park or "",
        subject="",
        keywords=(),
        author="",
        creator="briefgen stub",
        generated=build_date(),
        period="",
        sources=(),
        blocks=(Block("p", runs=((f"value={value} changes={items}", False),)),),
    )


def render_pdf(brief: Brief) -> Rendered:
    hold = os.environ.get("STUB_HOLD")
    if hold:
        Path(hold + ".started").touch()
        deadline = time.monotonic() + 30
        while not Path(hold).exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    body = f"%PDF-1.4\n% fake brief {brief.blocks[0].text}\n".encode()
    return Rendered(body + b"x" * 200_000 + b"\n%%EOF\n", 1)


def _modules() -> dict[str, types.ModuleType]:
    charts = types.ModuleType("briefgen.charts")
    charts.render_charts = render_charts
    compose = types.ModuleType("briefgen.compose")
    compose.make_brief = make_brief
    compose.generation_date = build_date  # the date a brief is made (pipeline numbers issues by its year)
    compose.__path__ = [str(REPO / "briefgen" / "compose")]  # real submodules (compose.choice) still import
    pdf = types.ModuleType("briefgen.pdf")
    pdf.render_pdf = render_pdf
    return {"briefgen.charts": charts, "briefgen.compose": compose, "briefgen.pdf": pdf}


def install(monkeypatch) -> None:
    """Replace the analysis and typesetting stages for one test."""
    monkeypatch.setattr(pipeline, "analyse", fake_analyse)
    for name, module in _modules().items():
        monkeypatch.setitem(sys.modules, name, module)


def _install_globally() -> None:
    pipeline.analyse = fake_analyse
    sys.modules.update(_modules())
    mark = os.environ.get("STUB_KILL_MARK")
    if mark:
        from briefgen import publish

        real = publish._write_all

        def half_then_hang(fd: int, data: bytes) -> None:
            real(fd, data[: len(data) // 2])
            Path(mark).touch()
            time.sleep(60)

        publish._write_all = half_then_hang


if __name__ == "__main__":
    _install_globally()
    from briefgen.cli import app

    app(prog_name="briefgen")
