"""The page budget (issue 16): a brief gets better with more data, not longer.

The body (everything before 计算说明 and the appendix) fits ``body_pages`` pages
(briefgen.toml, default 10) at any corpus size. The pipeline composes and
typesets, and composes again with shorter lists while the body runs over
(:func:`fit_pages`); briefgen/compose/budget.py decides what a list may hold at
each step, series_views.summarize how a long series is put into words. What the
brief leaves out is in the data file beside the PDF (briefgen/datafile.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

# headings that start the back matter (after the typesetter's numbering: 六、计算说明与数据提示)
BACK_MATTER = ("计算说明与数据提示", "附表：数据明细", "资料来源")
# rows each list may hold at the first try; halved at each step of tightening
LIMITS = {
    "derived": 40,
    "findings": 60,  # for custom templates (the packaged ones print the warnings)
    "warnings": 12,
    "unmapped": 120,
    "compare_charts": 8,  # 园区比较: a bar chart for each indicator parks share
    "projects": 20,
    "compare": 30,
    "appendix": 60,
    "context_rows": 80,  # 区域背景's table: left out when longer (its text says the values)
}
MIN_ROWS = 3
MAX_STEPS = 3  # after that the brief is as short as lists can make it


@dataclass(frozen=True)
class Budget:
    pages: int = 10  # the body's pages
    step: int = 0  # how often the lists were halved to fit

    def limit(self, key: str) -> int:
        return max(MIN_ROWS, LIMITS[key] >> self.step)


def body_pages(rendered: Any) -> int:
    """Pages before the first back-matter heading (all pages when there is none), from
    the headings the typesetter placed (briefgen.pdf.RenderedPdf.headings)."""
    headings = getattr(rendered, "headings", ())  # a stand-in renderer may place none
    starts = [page for title, page in headings if title.endswith(BACK_MATTER)]
    if not starts:
        return int(getattr(rendered, "pages", 0))
    return min(starts)  # the page the back matter opens on may hold the body's end: counted in


B = TypeVar("B")
R = TypeVar("R")


SURE = 1.5  # pages over the budget by the estimate that need no typesetting to be believed
LINE_CHARS = 38  # characters a line of body text holds
PAGE_LINES = 36  # lines a page of the body holds; headings, rows, cards and charts in lines
LINES = {"h1": 2.5, "h2": 2.0, "h3": 1.5, "kpis": 7.0, "chart": 11.0, "tr": 1.2, "table": 2.5}


def estimate_body_pages(blocks: Any) -> float:
    """About how many pages the body's blocks fill, from their text and kinds alone:
    good enough to skip a typesetting that cannot fit (the typeset count decides)."""
    lines = 0.0
    for block in blocks:
        if block.tag == "h1" and block.text.endswith(BACK_MATTER):
            break
        lines += _lines(block)
    return lines / PAGE_LINES


def _lines(block: Any) -> float:
    if block.tag in ("p", "li", "note"):
        return math.ceil(len(block.text) / LINE_CHARS) + 0.4
    if block.tag == "td":
        return 0.0  # a row is counted as a row
    return LINES.get(block.tag, 0.0) + sum(_lines(c) for c in block.children)


def fit_pages(pages: int, make: Callable[[Budget], B], render: Callable[[B], R]) -> tuple[B, R]:
    """Compose and typeset; while the body runs over ``pages`` compose again with
    the lists halved (at most MAX_STEPS times). ``render`` returns a
    briefgen.pdf.RenderedPdf (its ``headings`` place the back matter)."""
    budget = Budget(pages)
    while True:
        brief = make(budget)
        # clearly over by the estimate: compose tighter without typesetting this one
        estimate = estimate_body_pages(getattr(brief, "blocks", ()))
        if budget.step < MAX_STEPS and estimate > pages + SURE:
            budget = Budget(pages, budget.step + 1)
            continue
        rendered = render(brief)
        body = body_pages(rendered)
        if budget.step >= MAX_STEPS or body <= pages:
            return brief, rendered
        # halving the lists about halves what they fill: skip the steps that cannot fit
        skip = max(1, math.ceil(math.log2(body / pages)))
        budget = Budget(pages, min(MAX_STEPS, budget.step + skip))
