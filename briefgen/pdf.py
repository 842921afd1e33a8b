"""Brief -> PDF bytes with ReportLab: A4, the embedded CJK faces, 禁则 line
breaking, numbered headings with a matching outline, KPI cards, charts with
captions, tables whose header repeats, and 第 X 页 / 共 Y 页 footers.

Nothing is written to disk here (briefgen.publish does that). Before the PDF
is built, every character it will draw has been checked against the face that
draws it (briefgen.fonts.GlyphCheck); characters no face has stop the build.
Same Brief and SOURCE_DATE_EPOCH -> same bytes.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import HRFlowable

from briefgen.compose import cn_number
from briefgen.errors import FontError, TemplateError
from briefgen.flowables import ChartsOrTableFirst, ContinuedTable, Figure, ScaledDrawing
from briefgen.fonts import Face, FontSet, GlyphCheck, load_fonts
from briefgen.grid import (
    BODY_SIZE,
    FRAME_H,
    FRAME_W,
    LEADING,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
)
from briefgen.models import Block, Brief, Chart
from briefgen.textflow import CJKParagraph

if TYPE_CHECKING:
    from briefgen import jianbao  # imports this module: loaded when a brief has that style

# ---------------------------------------------------------------- colours and sizes

INK = colors.HexColor("#1F2328")
GREY = colors.HexColor("#5F6670")
RULE = colors.HexColor("#B8C0CC")
ACCENT = colors.HexColor("#1D4E89")  # titles, header rows, KPI values
ZEBRA = colors.HexColor("#F1F4F8")
CARD = colors.HexColor("#F3F5F9")
TONES = {"good": colors.HexColor("#1E7B4A"), "bad": colors.HexColor("#B3261E"), "neutral": GREY}
ARROWS = {"up": "↑", "down": "↓", "flat": "→", "": ""}
KPIS_PER_ROW = 4
HEADINGS = ("h1", "h2", "h3")
TEXT_TAGS = ("p", "li", "note")  # text a chart may float past within its section
CHART_MAX_H = 260.0  # taller charts are shrunk


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    headings: tuple[tuple[str, int], ...] = ()  # (numbered heading, its page from 1): the page budget


def render_pdf(brief: Brief, fonts: FontSet | None = None) -> RenderedPdf:
    """Typeset ``brief``; returns the PDF bytes and the page count."""
    fonts = fonts or load_fonts()
    fonts.register()
    check = GlyphCheck(fonts)
    furniture: Furniture | jianbao.PageNumbers
    if brief.style == "jianbao":  # the office's 简报 format (briefgen/jianbao.py)
        from briefgen import jianbao

        styles: Styles = jianbao.JianbaoStyles(fonts)
        furniture = jianbao.PageNumbers(fonts.body, check)
    else:
        styles = Styles(fonts)
        furniture = Furniture(brief.plain_title, fonts.heading, check)
    story = Story(brief, fonts, styles, check).flowables()
    check.raise_if_missing(brief.documents)

    buf = io.BytesIO()
    doc = _Doc(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=brief.plain_title,
        author=brief.author,
        subject=brief.subject,
        keywords=list(brief.keywords),
        creator=brief.creator,
        lang=brief.lang,
        initialFontName=fonts.body.name,  # the canvas preamble would name Helvetica otherwise
        initialFontSize=BODY_SIZE,
        invariant=1 if os.environ.get("SOURCE_DATE_EPOCH", "").strip() else 0,
        pageCompression=1,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        FRAME_W,
        FRAME_H,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    try:
        doc.build(story, canvasmaker=partial(_FurnishedCanvas, furniture=furniture))
    except LayoutError as exc:  # last resort: quotes are excerpts and table rows split, so a template did it
        what = " ".join(str(exc).split())[:120]
        raise TemplateError(
            f"a block of the brief is taller than a page and cannot be split ({what}…); make it shorter",
            path=brief.template,
        ) from None
    return RenderedPdf(buf.getvalue(), doc.page_count, tuple(doc.headings))


# ---------------------------------------------------------------- styles


class Styles:
    def __init__(self, fonts: FontSet) -> None:
        body, sans, sans_bold = fonts.body.name, fonts.heading.name, fonts.heading_bold.name

        def style(name: str, **kw) -> ParagraphStyle:
            kw.setdefault("wordWrap", "CJK")
            kw.setdefault("textColor", INK)
            kw.setdefault("bulletFontName", kw.get("fontName", body))  # never Helvetica
            kw.setdefault("allowWidows", 0)  # no paragraph ends with one line at the top of a page
            return ParagraphStyle(name, **kw)

        self.title = style(
            "title",
            fontName=sans_bold,
            fontSize=21,
            leading=30,
            alignment=TA_CENTER,
            textColor=ACCENT,
            spaceAfter=6,
        )
        self.meta = style("meta", fontName=sans, fontSize=9, leading=14, alignment=TA_CENTER, textColor=GREY)
        self.h1 = style(
            "h1", fontName=sans_bold, fontSize=14, leading=22, spaceBefore=14, spaceAfter=6, textColor=ACCENT
        )
        self.h2 = style("h2", fontName=sans_bold, fontSize=12, leading=19, spaceBefore=8, spaceAfter=3)
        self.h3 = style("h3", fontName=sans_bold, fontSize=11, leading=18, spaceBefore=6, spaceAfter=2)
        self.p = style(
            "p",
            fontName=body,
            fontSize=BODY_SIZE,
            leading=LEADING,
            firstLineIndent=2 * BODY_SIZE,
            alignment=TA_JUSTIFY,
            spaceAfter=4,
        )
        self.li = style(
            "li",
            fontName=body,
            fontSize=10.5,
            leading=17.5,
            leftIndent=2 * 10.5,
            firstLineIndent=-2 * 10.5,
            alignment=TA_JUSTIFY,
            spaceAfter=2,
        )
        self.note = style(
            "note",
            fontName=sans,
            fontSize=8.5,
            leading=13.5,
            textColor=GREY,
            alignment=TA_JUSTIFY,
            spaceAfter=3,
            leftIndent=2 * 10.5,
        )
        self.caption = style(
            "caption",
            fontName=sans_bold,
            fontSize=9.5,
            leading=14,
            alignment=TA_CENTER,
            spaceBefore=4,
            spaceAfter=4,
        )
        self.source = style(
            "source", fontName=sans, fontSize=8, leading=12, textColor=GREY, alignment=TA_CENTER
        )
        self.accent, self.zebra, self.head_fill = ACCENT, ZEBRA, ACCENT  # table rules and bands
        self.kpi_name = style("kpi_name", fontName=sans, fontSize=8.5, leading=12, textColor=GREY)
        self.kpi_value = style("kpi_value", fontName=sans_bold, fontSize=17, leading=23, textColor=ACCENT)
        self.kpi_small = style("kpi_small", fontName=sans, fontSize=7.5, leading=11, textColor=GREY)
        self.cells = {
            size: {
                align: style(
                    f"cell{size}{align}",
                    fontName=sans,
                    fontSize=size,
                    leading=size * 1.45,
                    alignment={"l": TA_LEFT, "r": TA_RIGHT, "c": TA_CENTER}[align],
                )
                for align in "lrc"
            }
            for size in (9.0, 8.0)
        }
        self.header_cells = {
            size: {
                align: style(
                    f"head{size}{align}",
                    fontName=sans_bold,
                    fontSize=size,
                    leading=size * 1.45,
                    textColor=colors.white,
                    alignment={"l": TA_LEFT, "r": TA_RIGHT, "c": TA_CENTER}[align],
                )
                for align in "lrc"
            }
            for size in (9.0, 8.0)
        }


# ---------------------------------------------------------------- blocks -> flowables


class Story:
    """Turns the brief's blocks into flowables, numbering headings, figures and tables."""

    def __init__(self, brief: Brief, fonts: FontSet, styles: Styles, check: GlyphCheck) -> None:
        self.brief, self.fonts, self.styles, self.check = brief, fonts, styles, check
        self.numbers = [0, 0, 0]
        self.figures = 0
        self.tables = 0
        self.bookmarks = 0
        self.after_heading = False

    def flowables(self) -> list[Flowable]:
        out: list[Flowable] = []
        blocks = list(self.brief.blocks)
        i = 0
        while i < len(blocks):
            if blocks[i].tag == "chart":  # consecutive charts share rows, two by two
                j = i
                while j < len(blocks) and blocks[j].tag == "chart":
                    j += 1
                drawn = self.charts(blocks[i:j])
                if j < len(blocks) and blocks[j].tag == "table" and drawn:
                    # the section's table may go first when the charts would leave a gap
                    out.append(ChartsOrTableFirst(drawn, self.table(blocks[j])))
                    j += 1
                elif j < len(blocks) and blocks[j].tag in TEXT_TAGS and drawn:
                    # so may the text after the charts, up to the section's next heading
                    k = j
                    while k < len(blocks) and blocks[k].tag in TEXT_TAGS:
                        k += 1
                    out.append(ChartsOrTableFirst(drawn, [f for b in blocks[j:k] for f in self.block(b)]))
                    j = k
                else:
                    out.extend(drawn)
                i = j
            else:
                if blocks[i].tag in HEADINGS and not self.after_heading:
                    out.append(CondPageBreak(self.room_for(blocks, i)))
                out.extend(self.block(blocks[i]))
                i += 1
            self.after_heading = blocks[i - 1].tag in HEADINGS
        if blocks and blocks[-1].tag == "colophon":
            from briefgen import jianbao

            return jianbao.keep_tail(out)  # the 报尾 never stands alone on a page
        return out

    def room_for(self, blocks: list[Block], i: int) -> float:
        """Height a run of headings needs at the foot of a page: the headings
        and the first piece of what follows them (a heading never ends a page).
        keepWithNext is not used: ReportLab then moves a whole long paragraph
        or table to the next page, leaving a gap."""
        need = 0.0
        while i < len(blocks) and blocks[i].tag in HEADINGS:
            style = getattr(self.styles, blocks[i].tag)
            need += style.spaceBefore + style.leading * 1.5 + style.spaceAfter
            i += 1
        if i >= len(blocks):
            return need
        nxt = blocks[i]
        if nxt.tag == "chart":
            chart = self.brief.chart(nxt.attr("key"))
            return need + (min(chart.height, CHART_MAX_H) + 50 if chart is not None else 0)
        if nxt.tag in ("table", "kpis"):
            return need + 90
        return need + LEADING * 3

    def keep_room(self, height: float) -> list[Flowable]:
        """A page break unless ``height`` is left; not right after a heading
        (the heading's own check covered it, and a break would strand it)."""
        return [] if self.after_heading else [CondPageBreak(height)]

    # -- text

    def face_of(self, style: ParagraphStyle) -> tuple[Face, Face]:
        """(regular, bold) faces of a style's family."""
        f = self.fonts
        if style.fontName == f.kai.name:
            return f.kai, f.kai
        if style.fontName in (f.heading.name, f.heading_bold.name):
            return (
                (f.heading_bold, f.heading_bold)
                if style.fontName == f.heading_bold.name
                else (f.heading, f.heading_bold)
            )
        return f.body, f.body_bold

    def markup(self, runs, style: ParagraphStyle, prefix: str = "") -> str:
        regular, bold = self.face_of(style)
        parts = [self.check.markup(prefix, regular)] if prefix else []
        for text, is_bold in runs:
            if text == "\n":
                parts.append("<br/>")
            elif is_bold:
                parts.append(f"<b>{self.check.markup(text, bold)}</b>")
            else:
                parts.append(self.check.markup(text, regular))
        return "".join(parts)

    def para(self, runs, style: ParagraphStyle, prefix: str = "") -> CJKParagraph:
        return CJKParagraph(self.markup(runs, style, prefix), style)

    def text(self, text: str, style: ParagraphStyle) -> CJKParagraph:
        return self.para([(text, False)], style)

    # -- blocks

    def block(self, b: Block) -> list[Flowable]:
        s = self.styles
        if b.tag == "title":
            return [self.para(b.runs, s.title)]
        if b.tag == "meta":
            return [
                self.para(b.runs, s.meta),
                Spacer(1, 4),
                HRFlowable(width="100%", thickness=0.8, color=ACCENT, spaceBefore=2, spaceAfter=8),
            ]
        if b.tag in ("subtitle", "lead"):
            return [self.para(b.runs, s.meta)]
        if b.tag in ("h1", "h2", "h3"):
            return self.heading(b)
        if b.tag == "p":
            return [self.para(b.runs, s.p)]
        if b.tag == "li":
            mark = b.attr("mark") + " " if b.attr("mark") else ""
            # hang the text after the mark: wrapped lines start where the first line's text does
            hang = stringWidth(mark, s.li.fontName, s.li.fontSize) if mark else 0
            style = ParagraphStyle(f"li{hang:.1f}", parent=s.li, leftIndent=hang, firstLineIndent=-hang)
            return [self.para(b.runs, style, prefix=mark)]
        if b.tag == "note":
            return [self.para(b.runs, s.note)]
        if b.tag == "caption":
            return [self.para(b.runs, s.caption)]
        if b.tag == "kpis":
            return self.kpis(b)
        if b.tag == "chart":
            return self.charts([b])
        if b.tag == "table":
            return self.table(b)
        if b.tag in ("masthead", "colophon"):
            from briefgen import jianbao

            if b.tag == "masthead":
                return [jianbao.Masthead(b, self.fonts, self.check)]
            colophon = jianbao.Colophon(b, self.fonts, self.check)
            return [] if colophon.empty else [Spacer(1, 12), colophon]
        if b.tag == "pagebreak":
            return [PageBreak()]
        if b.tag == "spacer":
            return [Spacer(1, float(b.attr("height", "8")))]
        if b.tag == "box":
            out: list[Flowable] = []
            for child in b.children:
                out.extend(self.block(child))
            return [KeepTogether(out)]
        return []

    def heading(self, b: Block) -> list[Flowable]:
        level = int(b.tag[1]) - 1
        style = (self.styles.h1, self.styles.h2, self.styles.h3)[level]
        prefix = ""
        if b.attr("number", "yes") != "no":
            self.numbers[level] += 1
            for deeper in range(level + 1, 3):
                self.numbers[deeper] = 0
            n = self.numbers[level]
            prefix = (f"{cn_number(n)}、", f"（{cn_number(n)}）", f"{n}. ")[level]
        para = self.para(b.runs, style, prefix)
        self.bookmarks += 1
        para._bookmark = (level, prefix + b.text, f"h{self.bookmarks}")  # read by _Doc.afterFlowable
        # a heading never ends a page: it needs room for itself and a few lines after it
        return [para]

    def kpis(self, b: Block) -> list[Flowable]:
        s = self.styles
        cards: list[list[CJKParagraph] | str] = []  # "" pads the last row
        for k in b.children:
            tone = TONES.get(k.attr("tone"), GREY)
            arrow = ARROWS.get(k.attr("arrow"), "")
            value = self.check.markup(k.attr("value"), self.fonts.heading_bold)
            unit = k.attr("unit")
            unit_markup = (
                f'<font name="{self.fonts.heading.name}" size="9">'
                f"{self.check.markup(unit, self.fonts.heading)}</font>"
                if unit
                else ""
            )
            cell = [self.text(k.attr("name"), s.kpi_name), CJKParagraph(value + unit_markup, s.kpi_value)]
            if k.attr("period"):
                cell.append(self.text(k.attr("period"), s.kpi_small))
            if k.attr("change"):
                said = f"{arrow} {k.attr('change')}" if arrow else k.attr("change")
                # "较2020年增加75家 / 增长187.5%": one statement a line on the narrow card
                parts = said.split(" / ")
                change = "<br/>".join(self.check.markup(part, self.fonts.heading) for part in parts)
                color = "#" + tone.hexval()[2:]
                cell.append(CJKParagraph(f'<font color="{color}">{change}</font>', s.kpi_small))
            cards.append(cell)
        out: list[Flowable] = []
        gap = 6
        width = (FRAME_W - gap * (KPIS_PER_ROW - 1)) / KPIS_PER_ROW
        for i in range(0, len(cards), KPIS_PER_ROW):
            row = cards[i : i + KPIS_PER_ROW]
            row += [""] * (KPIS_PER_ROW - len(row))
            cells, widths = [], []
            for j, card in enumerate(row):
                cells.append(card)
                widths.append(width)
                if j < KPIS_PER_ROW - 1:
                    cells.append("")
                    widths.append(gap)
            table = Table([cells], colWidths=widths)
            cmds: list[tuple[Any, ...]] = [
                ("FONTNAME", (0, 0), (-1, -1), self.fonts.body.name),  # empty cells: not Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
            for j, card in enumerate(row):
                if card != "":
                    col = 2 * j
                    cmds += [
                        ("BACKGROUND", (col, 0), (col, 0), CARD),
                        ("LINEABOVE", (col, 0), (col, 0), 2, ACCENT),
                    ]
            table.setStyle(TableStyle(cmds))
            out += [table, Spacer(1, gap)]
        out.append(Spacer(1, 4))
        return out

    def charts(self, blocks: list[Block]) -> list[Flowable]:
        found = [(b, c) for b in blocks if (c := self.brief.chart(b.attr("key"))) is not None]
        if not found:
            return []
        gap = 14
        half = (FRAME_W - gap) / 2
        out: list[Flowable] = [Spacer(1, 4)]
        pending: list[tuple[Block, Chart]] = []  # narrow charts waiting for a partner

        def flush() -> None:
            if len(pending) == 1:
                b, c = pending[0]
                parts = self.figure(b, c, FRAME_W, CHART_MAX_H)
                out.append(Figure(parts[0], parts[1:]))
                out.append(Spacer(1, 8))
            elif pending:
                # side by side, both drawings the same height and top-aligned: their plot
                # areas and captions line up (bottom alignment shifted the shorter one down)
                height = min(CHART_MAX_H, *(c.height * min(1.0, half / c.width) for _, c in pending))
                cells = [self.figure(b, c, half, height) for b, c in pending]
                grid = Table([cells], colWidths=[half + gap / 2, half + gap / 2])
                grid.setStyle(
                    TableStyle(
                        [
                            ("FONTNAME", (0, 0), (-1, -1), self.fonts.body.name),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                            # a gutter between the two captions: without it their lines run into each other
                            ("LEFTPADDING", (0, 0), (0, 0), 0),
                            ("RIGHTPADDING", (0, 0), (0, 0), gap / 2),
                            ("LEFTPADDING", (1, 0), (1, 0), gap / 2),
                            ("RIGHTPADDING", (1, 0), (1, 0), 0),
                            ("TOPPADDING", (0, 0), (-1, -1), 2),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                        ]
                    )
                )
                out.append(grid)  # a table row never splits: each chart keeps its caption
            pending.clear()

        for b, chart in found:
            if chart.width <= half * 1.05:
                pending.append((b, chart))
                if len(pending) == 2:
                    flush()
            else:
                flush()
                pending.append((b, chart))
                flush()
        flush()
        return out

    def figure(self, b: Block, chart: Chart, max_w: float, max_h: float) -> list[Flowable]:
        """The chart, 图N with its title, its note and where its numbers come from."""
        self.check_chart(chart)
        self.figures += 1
        s = self.styles
        parts: list[Flowable] = [
            ScaledDrawing(chart.drawing, chart.width, chart.height, max_w, max_h),
            self.text(f"图{self.figures}　{chart.title}", s.caption),
        ]
        caption = chart.caption
        source = b.attr("source") or chart.source
        if caption and caption != chart.title:
            parts.append(self.text(caption, s.source))
        if source:
            parts.append(
                self.text(source if source.startswith("资料来源") else f"资料来源：{source}", s.source)
            )
        return parts

    def check_chart(self, chart: Chart) -> None:
        """Chart text is drawn by the chart's own String nodes: check each against its face."""
        ours = {f.name: f for f in self.fonts.faces()}
        for node in _strings(chart.drawing):
            face = ours.get(node.fontName)
            if face is None:
                raise FontError(
                    f"chart '{chart.key}' draws text in font '{node.fontName}', "
                    f"which is not one of the brief's embedded faces"
                )
            self.check.require(node.text, face)

    def table(self, b: Block) -> list[Flowable]:
        size = 8.0 if b.attr("font") == "small" else 9.0
        rows = [r for r in b.children if r.tag == "tr"]
        if not rows:
            return []
        ncols = max(len(r.children) for r in rows)
        aligns = (b.attr("align") or "").split(",")
        aligns = [
            (aligns[i].strip() if i < len(aligns) and aligns[i].strip() in ("l", "r", "c") else "l")
            for i in range(ncols)
        ]
        weights = [float(w) for w in b.attr("widths").split(",")] if b.attr("widths") else [1.0] * ncols
        weights = (weights + [1.0] * ncols)[:ncols]
        widths = [FRAME_W * w / sum(weights) for w in weights]
        header_rows = 0
        data: list[list[CJKParagraph | str]] = []
        for r in rows:
            is_header = r.attr("header") == "1"
            header_rows += is_header and len(data) == header_rows
            styles = self.styles.header_cells[size] if is_header else self.styles.cells[size]
            cells = [
                self.para(td.runs, styles["c" if is_header and aligns[i] == "c" else aligns[i]])
                for i, td in enumerate(r.children)
            ]
            data.append(cells + [""] * (ncols - len(cells)))
        table = ContinuedTable(data, colWidths=widths, repeatRows=header_rows, splitInRow=0)
        cmds = [
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.body.name),  # empty cells: not Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, self.styles.accent),
        ]
        if header_rows:
            cmds += [("BACKGROUND", (0, 0), (-1, header_rows - 1), self.styles.head_fill)]
            if self.styles.head_fill != self.styles.accent:  # a pale header row: ruled above and below
                cmds += [
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, self.styles.accent),
                    ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.5, self.styles.accent),
                ]
        for i in range(header_rows, len(data)):
            if (i - header_rows) % 2 == 1:
                cmds.append(("BACKGROUND", (0, i), (-1, i), self.styles.zebra))
        table.setStyle(TableStyle(cmds))
        out: list[Flowable] = []
        if b.attr("caption"):
            self.tables += 1
            title = f"表{self.tables}　{b.attr('caption')}"
            caption = self.text(title, self.styles.caption)
            table.continued = partial(self.text, f"{title}（续）", self.styles.caption)
            # the caption, the header row and two rows, or a new page
            first = Table(data[: header_rows + 2], colWidths=widths)
            first.setStyle(TableStyle(cmds[:6]))
            need = caption.wrap(FRAME_W, FRAME_H)[1] + first.wrap(FRAME_W, FRAME_H)[1] + 12
            out += [*self.keep_room(need), caption]
        out += [table, Spacer(1, 8)]
        return out


def _strings(node):
    if isinstance(node, String):
        yield node
    for child in getattr(node, "contents", ()) or ():
        yield from _strings(child)


# ---------------------------------------------------------------- pages


@dataclass
class Furniture:
    """Running header (from page 2) and the 第 X 页 / 共 Y 页 footer."""

    title: str
    face: Face
    check: GlyphCheck

    def __post_init__(self) -> None:
        self.check.require(self.title + "第页共/0123456789", self.face)

    def draw(self, canv: Canvas, page: int, pages: int) -> None:
        canv.saveState()
        canv.setFillColor(GREY)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        if page > 1:
            y = PAGE_H - MARGIN_TOP + 10
            canv.setFont(self.face.name, 8)
            canv.drawString(MARGIN_X, y + 3, self.title)
            canv.line(MARGIN_X, y, PAGE_W - MARGIN_X, y)
        canv.setFont(self.face.name, 8)
        canv.drawCentredString(PAGE_W / 2, MARGIN_BOTTOM - 28, f"第 {page} 页 / 共 {pages} 页")
        canv.restoreState()


class _FurnishedCanvas(Canvas):
    """Holds pages back until save(), when the page total is known."""

    def __init__(self, *args, furniture: Furniture | jianbao.PageNumbers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._held: list[dict] = []

    def showPage(self):  # noqa: N802
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held)
        for number, state in enumerate(self._held, 1):
            self.__dict__.update(state)
            self._furniture.draw(self, number, total)
            super().showPage()
        super().save()


class _Doc(BaseDocTemplate):
    page_count = 0

    def afterFlowable(self, flowable):  # noqa: N802
        mark = getattr(flowable, "_bookmark", None)
        if mark:
            level, title, key = mark
            level = min(level, self._outline_level + 1)
            if self._outline_level < 0:
                self.canv.showOutline()  # open the bookmarks panel in viewers
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)
            self._outline_level = level
            self.headings.append((title, self.page))

    def handle_documentBegin(self):  # noqa: N802
        self._outline_level = -1
        self.headings: list[tuple[str, int]] = []
        super().handle_documentBegin()

    def afterPage(self):  # noqa: N802
        self.page_count = self.page
