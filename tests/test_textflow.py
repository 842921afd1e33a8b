"""Line breaking stays linear in the paragraph's length: the work is counted
(each look at a glyph: its width or its character), never timed."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cjkU

from briefgen.fonts import load_fonts
from briefgen.textflow import CJKParagraph, break_lines


class CountedGlyph(cjkU):
    """A glyph that counts how often it is looked at (its width, its character)."""

    reads = 0

    @property
    def width(self) -> float:
        CountedGlyph.reads += 1
        return self._width

    def __str__(self) -> str:
        CountedGlyph.reads += 1
        return str.__str__(self)


def _width_reads(text: str, measure: float) -> tuple[int, list[str]]:
    faces = load_fonts()
    faces.register()
    style = ParagraphStyle("t", fontName=faces.body.name, fontSize=11, leading=19, wordWrap="CJK")
    frag = CJKParagraph("园", style).frags[0]  # a real fragment: the lines are made as in a brief
    glyphs = [CountedGlyph(ch, frag, "utf8") for ch in text]
    CountedGlyph.reads = 0
    lines = break_lines(glyphs, [measure], False).lines
    return CountedGlyph.reads, ["".join(w.text for w in line.words) for line in lines]


@pytest.mark.parametrize(
    "text",
    [
        "园区营业收入410亿元" + "，继续推进项目建设" * 3_300 + "。",  # one 30,000-character sentence
        "详见https://example.com/" + "x" * 30_000 + "。",  # no break opportunity at all
    ],
    ids=["long_sentence", "unbreakable_word"],
)
def test_a_30000_character_paragraph_costs_a_few_looks_per_character(text: str) -> None:
    reads, lines = _width_reads(text, 462.0)
    assert "".join(lines) == text
    assert len(lines) > 100
    assert reads <= 10 * len(text), f"{reads / len(text):.1f} looks per glyph"


def test_the_work_per_character_does_not_grow_with_the_paragraph() -> None:
    unit = "，继续推进项目建设"
    short, _ = _width_reads(unit * 300, 262.0)
    long, _ = _width_reads(unit * 3_000, 262.0)
    assert long <= 10.5 * short


# ------------------------------------------------ quantities and justification

TEXT = (
    "2022年6月14日，园区规模以上工业企业营业收入达410亿元，同比增长28.53%，"
    "1—4月完成固定资产投资99.85亿元，较上年提高5.21个百分点，新签约项目80余个，"
    "全省开发区综合考评排名第16位，2019—2023年工业总产值年均增长16.5%。"
)
QUANTITIES = (
    "2022年6月14日",
    "410亿元",
    "28.53%",
    "1—4月",
    "99.85亿元",
    "5.21个百分点",
    "80余个",
    "第16位",
    "2019—2023年",
    "16.5%",
)


def _para(text: str, width: float, **style_kw) -> CJKParagraph:
    from reportlab.lib.enums import TA_JUSTIFY

    faces = load_fonts()
    faces.register()
    kw = dict(fontName=faces.body.name, fontSize=11, leading=19, wordWrap="CJK", alignment=TA_JUSTIFY)
    kw.update(style_kw)
    para = CJKParagraph(text, ParagraphStyle("t", **kw))
    para.wrap(width, 10_000)
    return para


@pytest.mark.parametrize("chars", range(10, 31))
def test_dates_and_numbers_with_their_units_never_split_over_lines(chars: int) -> None:
    para = _para(TEXT, chars * 11.0)
    lines = ["".join(w.text for w in line.words) for line in para.blPara.lines]
    assert "".join(lines) == TEXT
    for q in QUANTITIES:
        assert any(q in line for line in lines), f"{q} split at {chars} characters a line: {lines}"


def test_quantities_are_unbreakable_but_text_around_them_breaks() -> None:
    from briefgen.textflow import break_opportunities

    text = "截至2022年6月底，营收410亿元的园区"
    ok = break_opportunities(text)
    inside = {text.index("2022") + k for k in range(1, len("2022年6月"))}
    assert not any(ok[k] for k in inside)
    assert ok[text.index("营")] and ok[text.index("园")]


def _drawn_lines(para: CJKParagraph, width: float) -> list[list[tuple[str, float, float]]]:
    """The paragraph drawn into a real PDF and read back with PDFium (which applies
    character spacing as viewers do): each line's characters with their left and
    right edges (advance boxes)."""
    import io

    import pypdfium2 as pdfium
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(width + 40, 600))
    para.drawOn(canvas, 20, 600 - 20 - para.height)
    canvas.save()
    page = pdfium.PdfDocument(buf.getvalue())[0]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    lines: list[list[tuple[str, float, float]]] = [[]]
    for i, ch in enumerate(text):
        if ch == "\n":
            lines.append([])
        elif ch != "\r":
            left, _, right, _ = textpage.get_charbox(i, loose=True)
            lines[-1].append((ch, left, right))
    return lines


def test_justification_opens_no_gap_inside_a_quantity_and_fills_the_measure() -> None:
    width = 21 * 11.0 + 3.0  # an awkward measure: every full line has slack to spread
    para = _para(TEXT, width)
    drawn = _drawn_lines(para, width)
    assert "".join(ch for line in drawn for ch, _, _ in line) == TEXT
    for line in drawn:
        text = "".join(ch for ch, _, _ in line)
        for q in QUANTITIES:
            at = text.find(q)
            for a, b in (
                zip(line[at : at + len(q) - 1], line[at + 1 : at + len(q)], strict=True) if at >= 0 else ()
            ):
                assert b[1] - a[2] == pytest.approx(0, abs=0.05), f"gap inside {q}: {a[0]}|{b[0]}"
    justified = [k for k, line in enumerate(para.blPara.lines) if line.wordCount > 1]
    assert len(justified) >= 3
    for k in justified:  # a justified line ends at the right edge of the measure
        assert drawn[k][-1][2] == pytest.approx(20 + width, abs=0.05)


def test_a_line_that_cannot_be_justified_cleanly_is_set_ragged() -> None:
    # the unbreakable address goes to the next line; the two gaps of 园区见 would open 80 pt each
    para = _para("园区见https://example.com/a/b/c/d/e/f/g/h。", 200.0)
    first = para.blPara.lines[0]
    assert "".join(w.text for w in first.words) == "园区见"
    assert first.wordCount == 1  # ragged, not stretched
    # an ordinary full line is still justified
    assert _para("园区" * 30, 200.0).blPara.lines[0].wordCount > 1
