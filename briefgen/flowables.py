"""The brief's own ReportLab flowables: a table that says （续） where it breaks,
a chart kept with its caption (shrinking a little to end a page), a section's
charts that let its table go first when that fills a page, and a vector chart
scaled to the frame."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics import renderPDF
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table

from briefgen.grid import FRAME_H, LEADING
from briefgen.textflow import CJKParagraph

CHART_MIN_SCALE = 0.8  # a chart may shrink this far to end a page instead of leaving a gap


class ContinuedTable(Table):
    """A table that, when it breaks across pages, starts the next page with its
    caption marked （续） above the repeated header row."""

    continued: Callable[[], CJKParagraph] | None = None  # makes the continuation's caption paragraph

    def split(self, availWidth, availHeight):  # noqa: N802,N803
        parts = super().split(availWidth, availHeight)
        if not parts and self._row_taller_than_a_page():
            # rows never split, but one no page can hold would stop the build with ReportLab's
            # LayoutError: that row alone splits inside its cells
            self.splitInRow = 1
            try:
                parts = super().split(availWidth, availHeight)
            finally:
                self.splitInRow = 0
            for part in parts:
                if isinstance(part, Table):
                    part.splitInRow = 0
        if len(parts) != 2 or self.continued is None:
            return parts
        head, rest = parts
        rest.continued = self.continued
        return [head, PageBreak(), self.continued(), rest]

    def _row_taller_than_a_page(self) -> bool:
        """Is the first row after the repeated header, with that header and a
        continuation caption, taller than an empty page? (after split's _calc)"""
        heights = getattr(self, "_rowHeights", None) or []
        first = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        return len(heights) > first and sum(heights[: first + 1]) > FRAME_H - 2 * LEADING


class Figure(Flowable):
    """A chart with its caption lines, kept on one page; the chart shrinks (to
    CHART_MIN_SCALE) when that lets it end the page instead of moving on."""

    def __init__(self, chart: ScaledDrawing, texts: list[Flowable]) -> None:
        super().__init__()
        self.chart, self.texts = chart, texts

    def _texts_height(self, avail_w: float) -> float:
        return sum(t.wrap(avail_w, FRAME_H)[1] + t.getSpaceBefore() + t.getSpaceAfter() for t in self.texts)

    def min_height(self, avail_w: float) -> float:
        self.chart.fit_height = None
        return self.chart.wrap(avail_w, FRAME_H)[1] * CHART_MIN_SCALE + self._texts_height(avail_w)

    def wrap(self, availWidth, availHeight):  # noqa: N802,N803
        texts = self._texts_height(availWidth)
        self.chart.fit_height = None
        full = self.chart.wrap(availWidth, FRAME_H)[1]
        if full + texts > availHeight >= full * CHART_MIN_SCALE + texts:
            self.chart.fit_height = availHeight - texts - 0.01  # a hair under: no rounding overflow
            full = self.chart.wrap(availWidth, FRAME_H)[1]
        self.width, self.height = availWidth, full + texts
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N802,N803
        return []  # never split: a chart keeps its caption (the next page, if need be)

    def draw(self):
        y = self.height - self.chart.height
        self.chart.drawOn(self.canv, (self.width - self.chart.width) / 2, y)
        for t in self.texts:
            y -= t.getSpaceBefore()
            w, h = t.wrap(self.width, FRAME_H)
            y -= h
            t.drawOn(self.canv, 0, y)
            y -= t.getSpaceAfter()


class ChartsOrTableFirst(Flowable):
    """A section's charts and then its table, or the text that follows them in
    the section. Chart by chart: when the next chart does not fit in what is left
    of the page but the table (or its first rows) or the first lines of the text
    do, they go there and the remaining charts follow them, so the page is not
    left half empty."""

    def __init__(self, charts: list[Flowable], table: list[Flowable]) -> None:
        super().__init__()
        self.charts, self.table = charts, table

    def wrap(self, availWidth, availHeight):  # noqa: N802,N803
        return availWidth, availHeight + 1  # always laid out by split()

    @staticmethod
    def _height(flowables: list[Flowable], avail_w: float) -> float:
        total = 0.0
        for f in flowables:
            h = f.min_height(avail_w) if isinstance(f, Figure) else f.wrap(avail_w, FRAME_H)[1]
            total += h + f.getSpaceBefore() + f.getSpaceAfter()
        return total

    def split(self, availWidth, availHeight):  # noqa: N802,N803
        if availHeight < 2 * LEADING:
            return []  # the next page
        drawn = [k for k, f in enumerate(self.charts) if not isinstance(f, Spacer)]
        if not drawn:
            return [*self.charts, *self.table]
        head, tail = self.charts[: drawn[0] + 1], self.charts[drawn[0] + 1 :]
        if self._height(head, availWidth) <= availHeight:
            if len(drawn) == 1:
                return [*head, *tail, *self.table]
            return [*head, ChartsOrTableFirst(tail, self.table)]  # the same choice for the next chart
        return self._table_first(availWidth, availHeight)  # or [] : the charts start the next page

    def _table_first(self, avail_w: float, avail_h: float) -> list[Flowable]:
        rest = [f for f in self.table if not isinstance(f, CondPageBreak)]
        tables = [f for f in rest if isinstance(f, Table)]
        if not tables:
            return self._text_first(rest, avail_w, avail_h)
        table = tables[0]
        before = rest[: rest.index(table)]  # the caption
        after = rest[rest.index(table) + 1 :]
        room = avail_h - self._height(before, avail_w)
        if room <= 3 * LEADING:
            return []
        if table.wrap(avail_w, room)[1] <= room:
            return [*before, table, *after, *self.charts]
        parts = table.split(avail_w, room)
        if not parts or parts[0].wrap(avail_w, room)[1] < 3 * LEADING:
            return []  # not even the header and a few rows: charts first, on the next page
        return [*before, *parts, *after, *self.charts]

    def _text_first(self, rest: list[Flowable], avail_w: float, avail_h: float) -> list[Flowable]:
        """The page filled with the text after the charts (its last paragraph split
        where it must), then the charts: a float goes after the text that follows it."""
        room, taken = avail_h, []
        for k, f in enumerate(rest):
            h = f.wrap(avail_w, room)[1] + f.getSpaceBefore() + f.getSpaceAfter()
            if h <= room:
                taken.append(f)
                room -= h
                continue
            parts = f.split(avail_w, room - f.getSpaceBefore()) if room > 2 * LEADING else []
            if parts:
                return [*taken, parts[0], *self.charts, *parts[1:], *rest[k + 1 :]]
            return [*taken, *self.charts, *rest[k:]] if taken else []
        return [*taken, *self.charts]

    def draw(self):  # never drawn whole (wrap asks for more than the page)
        pass


class ScaledDrawing(Flowable):
    """A vector chart, shrunk to the frame if it is wider (the chart object is left as it is)."""

    def __init__(self, drawing, width: float, height: float, max_w: float, max_h: float) -> None:
        super().__init__()
        self.drawing, self.dw, self.dh = drawing, float(width), float(height)
        self.max_w, self.max_h = max_w, max_h
        self.fit_height: float | None = None  # set by Figure to shrink the chart into the page
        self.hAlign = "CENTER"

    def wrap(self, availWidth, availHeight):  # noqa: N802,N803
        max_h = min(self.max_h, self.fit_height) if self.fit_height else self.max_h
        self.scale = min(1.0, availWidth / self.dw, self.max_w / self.dw, max_h / self.dh) if self.dw else 1.0
        self.width, self.height = self.dw * self.scale, self.dh * self.scale
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        self.canv.restoreState()
