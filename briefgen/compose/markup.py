"""The brief template and the block markup it renders.

``render_template`` renders templates/brief.xml.j2 (or ``cfg.template``) with
the views; ``parse_blocks`` parses its output, a small block markup (headings,
paragraphs, KPI cards, charts, tables, notes) that briefgen.pdf turns into
ReportLab flowables. Wording lives in the template.

The block markup, one element per block::

    <brief>
      <title>…</title> <subtitle>…</subtitle> <meta>…</meta>
      <h1>…</h1> <h2>…</h2> <h3>…</h3>      (numbered 一、 （一） 1. here; number="no" to skip)
      <p>… <b>…</b> …</p>                    (body text, first-line indent)
      <note>…</note>  <li mark="1.">…</li>  (small text, hanging lists)
      <kpis><kpi name= value= unit= period= change= arrow="up|down|flat" tone="good|bad|neutral"/></kpis>
      <chart key="indicator id"/>
      <table caption="…" widths="2,1,1" align="l,r,r" font="small">
        <tr header="1"><td>…</td></tr> <tr><td>…</td></tr>
      </table>
      <pagebreak/>
      <masthead name= issue= total= issuer= date= marking=/>   (简报 报头, page 1)
      <colophon report= send= issue= copies=/>               (简报 报尾, foot of the last page)
    </brief>
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from briefgen import resources
from briefgen.compose.phrases import cn_number, date_text, fmt_num
from briefgen.config import Config
from briefgen.errors import TemplateError
from briefgen.models import Block
from briefgen.wording import period_text

BRIEF_TEMPLATE = "brief.xml.j2"


def template_path(cfg: Config) -> Path:
    """cfg.template: a folder holding brief.xml.j2, or one template file; None = shipped
    (templates/jianbao/ for style = "jianbao")."""
    if cfg.template is None:
        shipped = resources.templates_dir()
        return (shipped / "jianbao" if cfg.style == "jianbao" else shipped) / BRIEF_TEMPLATE
    path = cfg.path(cfg.template)
    if path.is_dir():
        path = path / BRIEF_TEMPLATE
    if not path.is_file():
        raise TemplateError("template not found", path=path)
    return path


def render_template(path: Path, context: dict) -> str:
    """Render with StrictUndefined and autoescaping; errors name the file and line."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path.parent), str(resources.templates_dir())]),
        autoescape=True,  # text from sources is data, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(num=fmt_num, period=period_text, cn=cn_number, date=date_text)
    try:
        template = env.get_template(path.name)
        return template.render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or str(path)
        raise TemplateError(f"line {exc.lineno}: {exc.message}", path=where) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}", path=path) from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError, KeyError, ZeroDivisionError) as exc:
        filename, line = _template_frame(exc, path)
        raise TemplateError(f"line {line}: {type(exc).__name__}: {exc}", path=filename) from None


def _template_frame(exc: BaseException, path: Path) -> tuple[str, int | str]:
    """The innermost template frame of a render error (jinja2 rewrites tracebacks
    so template lines appear as frames of the template file)."""
    found: tuple[str, int | str] = (str(path), "?")
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or name.endswith(".jinja") or name.endswith(".xml") or name == str(path):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


INLINE_TAGS = {"title", "subtitle", "meta", "h1", "h2", "h3", "p", "note", "li", "td", "caption", "lead"}
CONTAINER_TAGS = {"kpis", "table", "tr", "brief", "box"}
EMPTY_TAGS = {"kpi", "chart", "pagebreak", "spacer", "masthead", "colophon"}
# where a tag may stand: a row only in a table, a cell only in a row, a card only
# in <kpis>; everything else in <brief> or a <box>. briefgen.pdf draws nothing for
# a tag elsewhere, so a misplaced one is the template's error, not a silent gap.
PLACES = {"kpis": {"kpi"}, "table": {"tr"}, "tr": {"td"}}
BODY_TAGS = (INLINE_TAGS | CONTAINER_TAGS | EMPTY_TAGS) - {"brief", "kpi", "tr", "td"}


def parse_blocks(markup: str, template: Path) -> tuple[Block, ...]:
    """The rendered markup -> blocks. Errors say which rendered line is wrong."""
    try:
        parser = ET.XMLParser()
        root = ET.fromstring(markup, parser=parser)
    except ET.ParseError as exc:
        line = exc.position[0]
        shown = markup.splitlines()[line - 1].strip()[:80] if line - 1 < len(markup.splitlines()) else ""
        raise TemplateError(
            f"rendered markup is not well-formed at its line {line} ({exc}): {shown}", path=template
        ) from None
    if root.tag != "brief":
        raise TemplateError(f"the template must produce <brief>…</brief>, not <{root.tag}>", path=template)
    return tuple(_block(child, template, "brief") for child in root)


def _block(el: ET.Element, template: Path, parent: str) -> Block:
    known = INLINE_TAGS | CONTAINER_TAGS | EMPTY_TAGS
    if el.tag not in known:
        raise TemplateError(f"unknown block <{el.tag}> (known: {', '.join(sorted(known))})", path=template)
    allowed = PLACES.get(parent, BODY_TAGS)
    if el.tag not in allowed:
        raise TemplateError(
            f"<{el.tag}> is not allowed inside <{parent}> (allowed there: {', '.join(sorted(allowed))})",
            path=template,
        )
    attrs = tuple((k, v) for k, v in el.attrib.items())
    if el.tag in INLINE_TAGS:
        return Block(el.tag, attrs, tuple(_runs(el, False, template)))
    if el.tag in CONTAINER_TAGS:
        return Block(el.tag, attrs, children=tuple(_block(c, template, el.tag) for c in el))
    return Block(el.tag, attrs)


def _runs(el: ET.Element, bold: bool, template: Path) -> list[tuple[str, bool]]:
    runs: list[tuple[str, bool]] = []
    if el.text:
        runs.append((el.text, bold))
    for child in el:
        if child.tag == "b":
            runs.extend(_runs(child, True, template))
        elif child.tag == "br":
            runs.append(("\n", bold))
        else:
            raise TemplateError(
                f"<{child.tag}> is not allowed inside <{el.tag}> (only <b> and <br/>)", path=template
            )
        if child.tail:
            runs.append((child.tail, bold))
    # whitespace from template indentation is not text in Chinese
    return [(re.sub(r"\s*\n\s*", "", t) if t != "\n" else t, b) for t, b in runs]


def walk(blocks: Iterable[Block]):
    for b in blocks:
        yield b
        yield from walk(b.children)
