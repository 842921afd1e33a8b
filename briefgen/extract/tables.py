"""Tables of a statistical bulletin, as they arrive in text (cells separated by
tabs — docx and markdown tables are read that way — or by " | "):

    指标名称	单位	1-9月	同比增长（%）
    地区生产总值	亿元	189.6	5.9

The header row says what each column holds: a unit (单位), a period (1-9月),
a growth rate (同比增长（%）); each bare number of a later row is a value of
the row's indicator. Cells that carry their unit ("189.6亿元") are read as
prose by the sentence reader, so they are left alone here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.extract.periods import Reference, find_times
from briefgen.extract.units import UNIT_RE
from briefgen.models import FactKind

_CELL_SPLIT = re.compile(r"[^\t|]+")
_NUMBER = re.compile(r"[-−]?\d+(?:,\d{3})*(?:\.\d+)?")
_BRACKET_UNIT = re.compile(rf"[（(]\s*(?P<u>{UNIT_RE}|%)\s*[）)]|(?P<pct>%|％)\s*$")
_GROWTH_HEAD = re.compile(r"增长|增速|增幅|增减|同比|比上年|±")
_SHARE_HEAD = re.compile(r"比重|占比")
_UNIT_HEAD = re.compile(r"^\s*(?:计量)?单位\s*$")
_NAME_MARKS = re.compile(r"^\s*(?:其中[：:]?|#|\*|[一二三四五六七八九十]+、|\d+[.、])\s*")
_BRACKETS = re.compile(r"[（(][^（）()]{0,12}[）)]")
_WITH_UNIT = re.compile(rf"(?P<n>[-−]?\d+(?:,\d{{3}})*(?:\.\d+)?)(?P<u>{UNIT_RE}|%)")


def is_table_row(text: str) -> bool:
    return "\t" in text or text.count("|") >= 2


@dataclass(frozen=True)
class Cell:
    start: int  # in the row text
    end: int
    text: str


@dataclass(frozen=True)
class Column:
    unit: str | None
    period: str | None
    kind: FactKind  # level | growth | share
    is_unit: bool = False  # the 单位 column
    name: str = ""  # the header's words without the unit: 产值（亿元） -> 产值


@dataclass(frozen=True)
class TableValue:
    subject: str
    value: float
    unit: str
    period: str | None
    kind: FactKind
    start: int  # of the number in the row text
    end: int


def cells(row: str) -> list[Cell]:
    out = []
    for m in _CELL_SPLIT.finditer(row):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if text:
            out.append(Cell(m.start() + lead, m.start() + lead + len(text), text))
    return out


def is_header(row: list[Cell]) -> bool:
    """A row of column names: no cell is a bare number."""
    return len(row) >= 2 and not any(
        _NUMBER.fullmatch(t := c.text.replace(" ", "")) or _WITH_UNIT.fullmatch(t) for c in row
    )


def read_header(row: list[Cell], ref: Reference, frame: str | None) -> list[Column]:
    """What each column holds; a column without a time of its own holds the
    period of the column before it (the growth beside a value), else ``frame``."""
    columns: list[Column] = []
    last_period = frame
    for c in row:
        if _UNIT_HEAD.match(c.text):
            columns.append(Column(None, None, "level", is_unit=True))
            continue
        times = [t for t in find_times(c.text, ref) if t.period and not t.base]
        period = times[-1].period if times else last_period
        last_period = period
        m = _BRACKET_UNIT.search(c.text)
        unit = (m.group("u") or "%") if m else None
        if m and m.group("pct"):
            unit = "%"
        kind: FactKind = (
            "share" if _SHARE_HEAD.search(c.text) else "growth" if _GROWTH_HEAD.search(c.text) else "level"
        )
        if kind != "level" and unit is None:
            unit = "%"
        name = _BRACKETS.sub("", _BRACKET_UNIT.sub("", c.text)).strip()
        if kind != "level":  # 同比增长（%） beside 产值（亿元）: the growth of that value
            before = next((col.name for col in reversed(columns) if col.kind == "level" and col.name), "")
            name = before + ("增速" if kind == "growth" else "占比") if before else name
        columns.append(Column(unit.replace("％", "%") if unit else None, period, kind, name=name))
    return columns


def read_row(row: list[Cell], columns: list[Column], row_period: str | None = None) -> list[TableValue]:
    """The numbers of a data row under ``columns``. The first cell names the row,
    or, in a series (1月, 2月, …: ``row_period``), says when and the column names what."""
    if len(row) < 2 or len(row) != len(columns):
        return []
    name_cell = row[0]
    m = _BRACKET_UNIT.search(name_cell.text)
    row_unit = m.group("u") if m and m.group("u") else None
    subject = _BRACKETS.sub("", _NAME_MARKS.sub("", name_cell.text)).strip()
    if not subject or _NUMBER.fullmatch(subject):
        return []
    unit_col = next((c.text for c, col in zip(row, columns, strict=True) if col.is_unit), None)
    out = []
    for cell, col in zip(row[1:], columns[1:], strict=True):
        number = cell.text.replace(" ", "")
        if col.is_unit:
            continue
        stated = None
        if not _NUMBER.fullmatch(number):
            stated = _WITH_UNIT.fullmatch(number)  # 35.2亿元: the cell states its unit
            if not stated:
                continue
            number = stated.group("n")
        unit = (
            (stated.group("u") if stated else None)
            or col.unit
            or (unit_col if unit_col and re.fullmatch(UNIT_RE, unit_col) else None)
            or row_unit
        )
        if unit is None:
            continue  # a number without a unit is not a value we can state
        value = float(number.replace(",", "").replace("−", "-"))
        sign = 1 if number[0] in "-−" else 0  # the span points at the digits
        period: str | None
        if row_period is not None:
            name, period = col.name, row_period
        else:
            name, period = subject, col.period
        if not name:
            continue
        out.append(TableValue(name[:20], value, unit, period, col.kind, cell.start + sign, cell.end))
    return out
