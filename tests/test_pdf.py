"""Brief -> PDF, read back: fonts, text, page furniture, outline, metadata,
line breaking, fallback face, missing glyphs, determinism."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from briefgen.compose import make_brief
from briefgen.config import Config
from briefgen.errors import MissingGlyphsError
from briefgen.fonts import load_fonts
from briefgen.pdf import render_pdf
from briefgen.textflow import CANNOT_END, CANNOT_START, CJKParagraph, can_break
from tests import brief_fixture as bf
from tests.pdf_helpers import assert_clean, fonts, line_break_violations, outline, page_texts


@pytest.fixture(autouse=True)
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def render(analysis=None, **cfg):
    brief = make_brief(Config(park=bf.PARK, **cfg), analysis or bf.analysis(), charts=())
    return brief, render_pdf(brief)


@pytest.fixture(scope="module")
def rendered():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        return render()


def test_a4_pages_and_clean_fonts(rendered):
    _, pdf = rendered
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == pdf.pages >= 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert_clean(pdf.data)
    faces = load_fonts()
    names = " ".join(fonts(pdf.data))
    for face in (faces.body, faces.heading, faces.heading_bold):
        assert face.path.stem in names  # subset names keep the face's PostScript name


def test_text_is_extractable_with_the_numbers(rendered):
    _, pdf = rendered
    text = "".join(page_texts(pdf.data)).replace("\n", "")
    for expected in (f"《{bf.PARK}发展简报》", "410亿元", "224亿元", "83.0%", "第16位", "54个", "资料来源"):
        assert expected in text


def test_source_markup_is_printed_as_text(rendered):
    _, pdf = rendered
    text = "".join(page_texts(pdf.data)).replace("\n", "").replace(" ", "")
    assert bf.MARKUP_TITLE.replace(" ", "") in text  # in 资料来源


def test_page_furniture(rendered):
    brief, pdf = rendered
    pages = page_texts(pdf.data)
    for number, text in enumerate(pages, 1):
        assert re.search(rf"第\s*{number}\s*页\s*/\s*共\s*{pdf.pages}\s*页", text), text[-40:]
    assert brief.plain_title in pages[1].splitlines()[0]  # running header from page 2


def test_outline_mirrors_numbered_headings(rendered):
    _, pdf = rendered
    titles = outline(pdf.data)
    assert titles[:4] == ["一、核心指标", "二、综合排名", "三、工业实力", "四、项目建设"]
    assert "（一）计算说明" in titles and titles[-1].endswith("资料来源")
    assert PdfReader(io.BytesIO(pdf.data)).trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_metadata_and_language(rendered):
    brief, pdf = rendered
    reader = PdfReader(io.BytesIO(pdf.data))
    meta = reader.metadata
    assert meta["/Title"] == f"{bf.PARK}发展简报"
    assert meta["/Author"] == "briefgen"
    assert meta["/Creator"] == brief.creator and re.fullmatch(r"briefgen \d+\.\d+\.\d+.*", brief.creator)
    assert bf.PARK in meta["/Subject"] and bf.PARK in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:20231114")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_no_heading_ends_a_page():
    _, pdf = render(bf.analysis(many_facts=60))
    headings = {t for t in outline(pdf.data)}
    for text in page_texts(pdf.data)[:-1]:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not re.search(r"第\s*\d+\s*页", line)]
        assert body[-1] not in headings


def test_long_table_repeats_its_header_row():
    _, pdf = render(bf.analysis(many_facts=80))
    pages = page_texts(pdf.data)
    appendix = [t for t in pages if "第0条测试数据" in t or "条测试数据" in t]
    assert len(appendix) >= 2
    assert all(re.search(r"来源\s*原句\s*摘录的数据", t) for t in appendix)
    # the continuation pages repeat the table's caption, marked （续）
    assert all(re.search(r"表\d+\s*数据明细（续）", t) for t in appendix[1:])
    assert not re.search(r"数据明细（续）", appendix[0])
    assert_clean(pdf.data)


def test_a_table_row_taller_than_a_page_splits_inside_the_row():
    """The safety net under the appendix's excerpts: such a row must not stop the build."""
    from dataclasses import replace

    from briefgen.compose import parse_blocks

    brief, _ = render()
    tall = "继续推进项目建设，" * 900  # about four pages in a table cell
    markup = (
        f'<brief><table caption="长表" widths="1,4"><tr header="1"><td>来源</td><td>原句</td></tr>'
        f"<tr><td>[1]</td><td>{tall}</td></tr><tr><td>[2]</td><td>末行410亿元</td></tr></table></brief>"
    )
    pdf = render_pdf(replace(brief, blocks=parse_blocks(markup, brief.template)))
    text = re.sub(r"\s+", "", "".join(page_texts(pdf.data)))
    assert text.count("推") == 900 and "末行410亿元" in text  # page furniture may fall inside a word
    assert pdf.pages >= 3


def test_a_block_no_page_can_hold_is_a_template_error(monkeypatch):
    """Last resort: ReportLab's LayoutError (a traceback) becomes one clear TemplateError line."""
    from reportlab.platypus.doctemplate import LayoutError

    import briefgen.pdf
    from briefgen.errors import TemplateError

    def refuse(self, *a, **k):
        raise LayoutError("Flowable <Figure at 0x7f> too large on page 3 in frame 'body' of template 'page'")

    monkeypatch.setattr(briefgen.pdf._Doc, "build", refuse)
    with pytest.raises(TemplateError) as err:
        render()
    assert "taller than a page" in str(err.value) and "too large on page 3" in str(err.value)


def test_character_missing_from_the_body_face_is_drawn_by_the_fallback_face():
    faces = load_fonts()
    rare = next(
        chr(c)
        for c in range(0x4E00, 0xA000)
        if c in faces.fallback.codepoints
        and c not in faces.body.codepoints
        and c not in faces.heading.codepoints
    )
    _, pdf = render(bf.analysis(extra_sentence=f"园区新建{rare}字号厂房。"))
    assert any(faces.fallback.name in name for name in fonts(pdf.data))
    assert rare in "".join(page_texts(pdf.data))
    assert_clean(pdf.data)


def test_character_no_face_has_stops_the_build_naming_the_document():
    faces = load_fonts()
    nowhere = next(
        chr(c) for c in range(0x4DBF, 0x3400, -1) if all(c not in f.codepoints for f in faces.faces())
    )
    with pytest.raises(MissingGlyphsError) as err:
        render(bf.analysis(extra_sentence=f"园区{nowhere}项目。"))
    assert f"U+{ord(nowhere):04X}" in str(err.value) and bf.DOC_A in str(err.value)


def test_same_input_and_epoch_give_the_same_bytes(monkeypatch):
    _, first = render()
    _, second = render()
    assert first.data == second.data
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    _, later = render()
    assert later.data != first.data


# -------------------------------------------------------------- line breaking


def test_break_rules():
    assert not can_break("增", "，")  # ， never starts a line
    assert not can_break("《", "安")  # 《 never ends a line
    assert not can_break("4", "1")  # numbers stay whole
    assert not can_break("0", "亿")  # a number keeps its unit
    assert not can_break("—", "—")
    assert can_break("园", "区") and can_break("。", "工")
    assert {"，", "。", "、", "；", "：", "！", "？", "）", "》", "”"} <= CANNOT_START
    assert {"（", "《", "“"} <= CANNOT_END


TEXT = (
    "安义县围绕“工业强县、产业兴县”，闯出了县域经济高质量发展新天地。全省开发区争先创优综合考评排名"
    "从第93位前移至第16位，并于2020年、2021年蝉联省级开发区进位赶超先进单位；《安义强工兴产》（供稿）"
    "指出：工业总产值由224亿元增至410亿元！增长83.0%？是的……"
)


@pytest.mark.parametrize("chars", range(6, 30))
def test_paragraph_lines_obey_the_rules_at_every_width(chars):
    from reportlab.lib.styles import ParagraphStyle

    faces = load_fonts()
    faces.register()
    style = ParagraphStyle("t", fontName=faces.body.name, fontSize=10, leading=16, wordWrap="CJK")
    para = CJKParagraph(TEXT, style)
    para.wrap(chars * 10 + 3, 10_000)
    lines = ["".join(w.text for w in line.words) for line in para.blPara.lines]
    assert "".join(lines) == TEXT
    for i, line in enumerate(lines):
        if i:
            assert line[0] not in CANNOT_START, lines
        if i < len(lines) - 1:
            assert line[-1] not in CANNOT_END, lines
            assert not (line[-1].isdigit() and lines[i + 1][0].isdigit()), lines


@pytest.mark.parametrize("chars", range(6, 30))
def test_a_paragraphs_last_line_is_never_one_lone_character(chars):
    from reportlab.lib.styles import ParagraphStyle

    faces = load_fonts()
    faces.register()
    style = ParagraphStyle("t", fontName=faces.body.name, fontSize=10, leading=16, wordWrap="CJK")
    text = "园" * (2 * chars + 1) + "。"  # one character (and its full stop) past two full lines
    para = CJKParagraph(text, style)
    para.wrap(chars * 10 + 3, 10_000)
    lines = ["".join(w.text for w in line.words) for line in para.blPara.lines]
    assert "".join(lines) == text and len(lines) == 3
    assert len(lines[-1].rstrip("。")) >= 2, lines


def test_justified_lines_reach_the_right_margin(tmp_path):
    """Measured with pdfium, which applies character spacing (Tc) as the PDF spec
    says; pdfminer drops it after the last glyph of each string."""
    import pypdfium2 as pdfium
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    faces = load_fonts()
    faces.register()
    style = ParagraphStyle(
        "t", fontName=faces.body.name, fontSize=11, leading=18, wordWrap="CJK", alignment=TA_JUSTIFY
    )
    path = tmp_path / "j.pdf"
    doc = SimpleDocTemplate(str(path), leftMargin=100, rightMargin=100, initialFontName=faces.body.name)
    doc.build([CJKParagraph(TEXT * 2, style)])
    right = doc.leftMargin + doc.width - 6  # the frame has 6 pt padding
    page = pdfium.PdfDocument(str(path))[0]
    text = page.get_textpage()
    rows: dict[int, float] = {}
    for i in range(text.count_chars()):
        left, bottom, r, top = text.get_charbox(i, loose=True)
        if r > left:
            row = round(bottom / 18)
            rows[row] = max(rows.get(row, 0.0), r)
    ends = [rows[k] for k in sorted(rows, reverse=True)]
    assert len(ends) > 3
    assert all(abs(end - right) < 0.05 for end in ends[:-1]), ends
    assert ends[-1] < right - 11  # the last line is not stretched
    assert line_break_violations(path.read_bytes()) == []


def _chart_and_table():
    from reportlab.graphics.shapes import Drawing, Rect
    from reportlab.platypus import Spacer, Table

    from briefgen.pdf import FRAME_W, ChartsOrTableFirst, Figure, ScaledDrawing

    drawing = Drawing(400, 200)
    drawing.add(Rect(0, 0, 400, 200))
    figure = Figure(ScaledDrawing(drawing, 400, 200, FRAME_W, 260), [Spacer(1, 20)])
    table = Table([["指标", "数值"]] + [[f"行{i}", str(i)] for i in range(6)], rowHeights=20)
    return figure, table, ChartsOrTableFirst([figure], [Spacer(1, 10), table])


def test_a_chart_shrinks_up_to_a_fifth_to_end_a_page():
    figure, _, _ = _chart_and_table()
    assert figure.wrap(462, 1000)[1] == 220  # room: natural size
    assert 189.9 < figure.wrap(462, 190)[1] <= 190  # 200 -> 170: shrunk to fit
    assert figure.wrap(462, 150)[1] == 220  # would need more than a fifth: moves on whole


def test_the_sections_table_goes_before_charts_that_would_leave_a_gap():
    figure, table, both = _chart_and_table()
    assert both.split(462, 500)[0] is figure  # the chart fits: charts first
    order = both.split(462, 160)  # the chart does not, the table does
    assert order.index(table) < order.index(figure)
    assert both.split(462, 10) == []  # nothing fits: the next page
