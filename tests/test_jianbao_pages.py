"""Page details of issue 14, through the real typesetter and read back from the
PDF: two charts side by side line up their plot areas and captions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from briefgen.fonts import load_fonts
from briefgen.models import Block, Brief, Chart
from briefgen.pdf import render_pdf

FILLS = {"a": colors.HexColor("#123456"), "b": colors.HexColor("#654321")}


def chart(key: str, width: float, height: float) -> Chart:
    """A chart whose plot area is the same share of its height as any other's
    (the charts module draws with fixed margins), in its own colour."""
    drawing = Drawing(width, height)
    drawing.add(Rect(30, 0.15 * height, width - 40, 0.7 * height, fillColor=FILLS[key], strokeColor=None))
    drawing.add(String(30, 0.9 * height, "单位：亿元", fontName=load_fonts().heading.name, fontSize=8))
    return Chart(
        key,
        "t",
        f"指标{key}",
        "",
        "资料来源：某报，2022年6月14日",
        drawing,
        width,
        height,
        ("单位：亿元",),
        "bars",
    )


def brief(*charts: Chart) -> Brief:
    blocks = tuple(Block("chart", (("key", c.key),)) for c in charts)
    return Brief(
        title="《测试简报》",
        park="测试园区",
        subject="",
        keywords=(),
        author="t",
        creator="t",
        generated=dt.date(2023, 11, 14),
        period="",
        sources=(),
        blocks=(Block("p", runs=(("园区", False),)), *blocks),
        charts=charts,
    )


def _rgb(color) -> tuple[float, ...]:
    return tuple(round(v, 3) for v in color or ())


@pytest.mark.parametrize("style", ["standard", "jianbao"])
def test_two_charts_side_by_side_align_plot_areas_and_captions(style: str) -> None:
    import dataclasses

    import pdfplumber

    pair = brief(chart("a", 200, 200), chart("b", 200, 140))
    data = render_pdf(dataclasses.replace(pair, style=style)).data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        plots = {
            key: next(r for r in page.rects if _rgb(r["non_stroking_color"]) == _rgb(fill.rgb()))
            for key, fill in FILLS.items()
        }
        assert plots["a"]["x0"] < plots["b"]["x0"]  # side by side
        assert plots["a"]["top"] == pytest.approx(plots["b"]["top"], abs=0.5)
        assert plots["a"]["bottom"] == pytest.approx(plots["b"]["bottom"], abs=0.5)
        captions = [w for w in page.extract_words() if w["text"].startswith("图")]
        assert len(captions) == 2
        assert captions[0]["top"] == pytest.approx(captions[1]["top"], abs=0.5)


def test_a_chart_that_does_not_fit_moves_after_the_text_that_follows_it() -> None:
    """The page is filled with the section's next paragraphs; the chart starts the next
    page instead of leaving the foot of this one empty."""
    import pdfplumber

    before = "园区工业总产值稳步增长，" * 95  # three quarters of a page
    after = "重大项目建设加快推进，" * 40
    tall = chart("a", 440, 400)
    b = brief(tall)
    blocks = (
        Block("p", runs=((before, False),)),
        Block("chart", (("key", "a"),)),
        Block("p", runs=(("其后第一段。" + after, False),)),
        Block("p", runs=(("其后第二段。" + after, False),)),
    )
    data = render_pdf(dataclasses_replace(b, blocks=blocks)).data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first, second = pdf.pages[0], pdf.pages[1]
        assert "其后第一段" in first.extract_text()  # the text went first
        lowest = max(c["bottom"] for c in first.chars if c["top"] < first.height - 60)
        assert lowest > first.height * 2 / 3  # not a third of the page left empty
        plot = next(r for r in second.rects if _rgb(r["non_stroking_color"]) == _rgb(FILLS["a"].rgb()))
        assert plot["top"] < second.height / 2  # the chart heads the next page


def dataclasses_replace(obj, **changes):
    import dataclasses

    return dataclasses.replace(obj, **changes)


def _table(rows: int) -> Block:
    def row(cells: tuple[str, ...], header: bool = False) -> Block:
        attrs = (("header", "1"),) if header else ()
        return Block("tr", attrs, children=tuple(Block("td", runs=((c, False),)) for c in cells))

    said = "园区营业收入100.03亿元，同比增长23.9%。"
    body = tuple(row((f"[{n}]", f"第{n}行：{said}")) for n in range(1, rows + 1))
    head = row(("来源", "原句"), True)
    return Block("table", (("caption", "数据明细"), ("widths", "1,6")), children=(head, *body))


def test_the_colophon_never_stands_alone_on_the_last_page() -> None:
    """Whatever the length of the closing table, the last page holds its end as well
    as the 报尾 (rows move over to keep it company)."""
    import pdfplumber

    colophon = Block("colophon", (("report", "县委办公室"), ("copies", "60")))
    alone = []
    for rows in range(30, 75, 3):
        b = dataclasses_replace(brief(), blocks=(_table(rows), colophon), style="jianbao")
        with pdfplumber.open(io.BytesIO(render_pdf(b).data)) as pdf:
            last = pdf.pages[-1].extract_text()
            assert "报：县委办公室" in last and "（共印60份）" in last
            if "行：园区营业收入" not in last:
                alone.append(rows)
    assert alone == []
