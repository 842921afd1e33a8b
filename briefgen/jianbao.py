"""The 简报 layout (style = "jianbao"): what makes the brief look like the ones
an office files every week.

- 报头 on page 1 (:class:`Masthead`): an optional marking at the top left
  (内部资料 注意保存), the brief's name large, centred and red (套红), 第N期 below
  it (with 总第M期, or 增刊第N期), the 编印单位 at the left and the date at the
  right in Arabic figures, and a thick red rule;
- typography after GB/T 9704-2012 (:class:`JianbaoStyles`): the title in a heavy
  serif, level-1 headings in 黑体 (一、), level-2 in 楷体 ((一)), the body in the
  serif face (宋体: no freely licensed 仿宋 with GB 2312 can be had, see
  fonts/README.md), two characters of first-line indent, black rather than blue;
- page numbers "— 1 —" at the outer edge (:class:`PageNumbers`);
- 报尾 at the foot of the last page (:class:`Colophon`): rules, 报：/送：/发：
  lines and 共印N份, each only when configured.

The template (templates/jianbao/brief.xml.j2) says what goes where: <masthead>
and <colophon> blocks carry the texts; briefgen.pdf draws them with this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table

from briefgen.fonts import Face, FontSet, GlyphCheck
from briefgen.grid import FRAME_H, FRAME_W, MARGIN_BOTTOM, MARGIN_X, PAGE_W
from briefgen.models import Block
from briefgen.pdf import Styles

RED = colors.HexColor("#D7000F")  # 套红: the red of a masthead printed in spot red
INK = colors.black
BODY = 14.0  # 四号: 33 characters fill the 462 pt measure exactly
LEADING = 26.0
NAME_SIZE = 38.0  # the brief's name in the 报头; shrunk to fit the measure
RULE_RED = 2.2  # the 报头's red rule, pt
RULE_THICK, RULE_THIN = 1.0, 0.5  # 报尾 rules (GB/T 9704: 0.35 mm and 0.25 mm)


class JianbaoStyles(Styles):
    """The standard styles re-set after GB/T 9704: serif body at 四号, headings the
    size of the body (黑体 一、, 楷体 （一）), black text, plain tables."""

    def __init__(self, fonts: FontSet) -> None:
        super().__init__(fonts)
        body, body_bold, sans = fonts.body.name, fonts.body_bold.name, fonts.heading.name

        def restyle(style: ParagraphStyle, **kw) -> ParagraphStyle:
            kw.setdefault("textColor", INK)
            new = ParagraphStyle(style.name + "-jb", parent=style, **kw)
            new.bulletFontName = kw.get("fontName", style.fontName)
            return new

        self.title = restyle(
            self.title, fontName=body_bold, fontSize=22, leading=34, spaceBefore=6, spaceAfter=10
        )
        self.meta = restyle(
            self.meta, fontName=body, fontSize=10.5, leading=16, textColor=colors.HexColor("#444444")
        )
        self.h1 = restyle(self.h1, fontName=sans, fontSize=BODY, leading=LEADING, spaceBefore=6, spaceAfter=0)
        self.h2 = restyle(
            self.h2, fontName=fonts.kai.name, fontSize=BODY, leading=LEADING, spaceBefore=2, spaceAfter=0
        )
        self.h3 = restyle(
            self.h3, fontName=body_bold, fontSize=BODY, leading=LEADING, spaceBefore=0, spaceAfter=0
        )
        self.p = restyle(
            self.p,
            fontName=body,
            fontSize=BODY,
            leading=LEADING,
            firstLineIndent=2 * BODY,
            alignment=TA_JUSTIFY,
            spaceAfter=0,
        )
        self.li = restyle(self.li, fontName=body, fontSize=12, leading=21)
        self.note = restyle(
            self.note, fontName=body, fontSize=10.5, leading=17, textColor=colors.HexColor("#444444")
        )
        self.caption = restyle(self.caption, fontName=sans, fontSize=10.5, leading=16)
        self.source = restyle(self.source, textColor=colors.HexColor("#444444"))
        # tables: black rules and a grey header row instead of the blue bands
        self.accent = INK
        self.zebra = colors.HexColor("#F2F2F2")
        self.head_fill = colors.HexColor("#E6E6E6")
        for size, by_align in self.header_cells.items():
            for align, style in by_align.items():
                by_align[align] = restyle(style, textColor=INK)
            self.header_cells[size] = by_align
        for by_align in self.cells.values():
            for align, style in by_align.items():
                by_align[align] = restyle(style)
        self.kpi_value = restyle(self.kpi_value, textColor=RED)


# ------------------------------------------------------------------ 报头


class Masthead(Flowable):
    """报头: marking, name in red, 期号, 编印单位 | date, thick red rule."""

    def __init__(self, b: Block, fonts: FontSet, check: GlyphCheck) -> None:
        super().__init__()
        self.fonts = fonts
        self.name = b.attr("name")
        self.marking = b.attr("marking")
        self.issue = b.attr("issue") + b.attr("total")  # 第3期（总第15期）
        self.issuer, self.date = b.attr("issuer"), b.attr("date")
        check.require(self.name, fonts.body_bold)
        check.require(self.marking, fonts.heading)
        check.require(self.issue + self.issuer + self.date, fonts.body)
        name_w = stringWidth(self.name, fonts.body_bold.name, NAME_SIZE) if self.name else 0
        # letter-spaced like a printed masthead when short, shrunk when long
        self.name_size = NAME_SIZE if name_w <= FRAME_W else NAME_SIZE * FRAME_W / name_w
        self.tracking = 0.0
        if self.name and name_w < FRAME_W * 0.6:
            self.tracking = min(NAME_SIZE * 0.25, (FRAME_W * 0.75 - name_w) / max(len(self.name) - 1, 1))

    def wrap(self, availWidth, availHeight):  # noqa: N802,N803
        self.width = availWidth
        self.height = (
            (22 if self.marking else 0)
            + self.name_size * 1.35
            + (28 if self.issue else 6)
            + 24
            + RULE_RED
            + 18
        )
        return self.width, self.height

    def draw(self):
        c, f = self.canv, self.fonts
        y = self.height
        if self.marking:
            c.setFillColor(INK)
            c.setFont(f.heading.name, 12)
            c.drawString(0, y - 14, self.marking)
            y -= 22
        y -= self.name_size * 1.1
        c.setFillColor(RED)
        text = c.beginText()
        text.setFont(f.body_bold.name, self.name_size)
        text.setCharSpace(self.tracking)
        width = stringWidth(self.name, f.body_bold.name, self.name_size) + self.tracking * (
            len(self.name) - 1
        )
        text.setTextOrigin((self.width - width) / 2, y)
        text.textOut(self.name)
        c.drawText(text)
        y -= self.name_size * 0.25
        c.setFillColor(INK)
        if self.issue:
            y -= 22
            c.setFont(f.body.name, 14)
            c.drawCentredString(self.width / 2, y, self.issue)
        y -= 24
        c.setFont(f.body.name, 13)
        if self.issuer:
            c.drawString(0, y, self.issuer)
        if self.date:
            c.drawRightString(self.width, y, self.date)
        y -= 10
        c.setStrokeColor(RED)
        c.setLineWidth(RULE_RED)
        c.line(0, y, self.width, y)


# ------------------------------------------------------------------ 报尾


class Colophon(Flowable):
    """报尾 at the foot of the page it lands on (the last one): a thick rule, the
    报：/送：/发： lines each over a thin rule, 共印N份 at the right, a thick rule.
    It takes the rest of the page, so nothing can follow it there."""

    SIZE = 12.0
    ROW = 24.0

    def __init__(self, b: Block, fonts: FontSet, check: GlyphCheck) -> None:
        super().__init__()
        self.face = fonts.body
        self.lines = [
            (label, b.attr(key)) for label, key in (("报：", "report"), ("送：", "send"), ("发：", "issue"))
        ]
        self.lines = [(label, text) for label, text in self.lines if text]
        copies = b.attr("copies")
        self.copies = f"（共印{copies}份）" if copies and copies != "0" else ""
        check.require("".join(label + text for label, text in self.lines) + self.copies, self.face)

    @property
    def empty(self) -> bool:
        return not self.lines and not self.copies

    def _own_height(self) -> float:
        return self.ROW * (len(self.lines) + (1 if self.copies else 0)) + 4

    def wrap(self, availWidth, availHeight):  # noqa: N802,N803
        self.width = availWidth
        own = self._own_height()
        self.height = max(own, availHeight - 0.01)  # the rest of the page: drawn at its foot
        return self.width, self.height if availHeight >= own else own

    def split(self, availWidth, availHeight):  # noqa: N802,N803
        return []  # whole, on the next page if it does not fit

    def draw(self):
        c = self.canv
        c.setStrokeColor(INK)
        c.setFillColor(INK)
        c.setFont(self.face.name, self.SIZE)
        y = self._own_height()
        c.setLineWidth(RULE_THICK)
        c.line(0, y, self.width, y)
        for i, (label, text) in enumerate(self.lines):
            y -= self.ROW
            c.drawString(self.SIZE, y + 8, label + text)
            last = i == len(self.lines) - 1 and not self.copies
            c.setLineWidth(RULE_THICK if last else RULE_THIN)
            c.line(0, y, self.width, y)
        if self.copies:
            y -= self.ROW
            c.drawRightString(self.width - self.SIZE, y + 8, self.copies)
            c.setLineWidth(RULE_THICK)
            c.line(0, y, self.width, y)


# ------------------------------------------------------------------ pages


@dataclass
class PageNumbers:
    """ "— 1 —" under the text, at the outer edge: right on odd pages, left on even
    ones (GB/T 9704: 4号 Arabic figures, a dash either side, one character in)."""

    face: Face
    check: GlyphCheck

    def __post_init__(self) -> None:
        self.check.require("— 0123456789", self.face)

    def draw(self, canv: Canvas, page: int, pages: int) -> None:
        canv.saveState()
        canv.setFillColor(INK)
        canv.setFont(self.face.name, BODY)
        text = f"— {page} —"
        y = MARGIN_BOTTOM - 30
        if page % 2:
            canv.drawRightString(PAGE_W - MARGIN_X - BODY, y, text)
        else:
            canv.drawString(MARGIN_X + BODY, y, text)
        canv.restoreState()


class TailWith(Flowable):
    """The brief's last table and the 报尾 after it: when the 报尾 would be left
    alone on a page of its own, the table's last row goes with it, so the last
    page holds the end of the text as well as the 报尾."""

    def __init__(self, table: Table, after: list[Flowable]) -> None:
        super().__init__()
        self.table, self.after = table, after

    def wrap(self, availWidth, availHeight):  # noqa: N802,N803
        return availWidth, availHeight + 1  # always laid out by split()

    def _after_height(self, avail_w: float) -> float:
        return sum(
            (f._own_height() if isinstance(f, Colophon) else f.wrap(avail_w, FRAME_H)[1])
            + f.getSpaceBefore()
            + f.getSpaceAfter()
            for f in self.after
        )

    def split(self, availWidth, availHeight):  # noqa: N802,N803
        height = self.table.wrap(availWidth, availHeight)[1]
        if height + self._after_height(availWidth) <= availHeight:
            return [self.table, *self.after]
        rows = getattr(self.table, "_rowHeights", None) or []
        # the table ends on this page but the 报尾 does not fit: leave its last row over
        limit = min(availHeight, height - rows[-1] - 0.5) if rows and height <= availHeight else availHeight
        parts = self.table.split(availWidth, limit)
        if len(parts) < 2:
            return [] if height > availHeight else [self.table, *self.after]
        return [*parts[:-1], TailWith(parts[-1], self.after)]

    def draw(self):  # never drawn whole (wrap asks for more than the page)
        pass


def keep_tail(out: list[Flowable]) -> list[Flowable]:
    """``out`` with its closing table and 报尾 joined in a :class:`TailWith`."""
    if not out or not isinstance(out[-1], Colophon):
        return out
    tables = [k for k, f in enumerate(out) if isinstance(f, Table)]
    if not tables or any(not isinstance(f, (Spacer, Colophon)) for f in out[tables[-1] + 1 :]):
        return out
    k = tables[-1]
    return [*out[:k], TailWith(out[k], out[k + 1 :])]  # type: ignore[arg-type]
