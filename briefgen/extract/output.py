"""Facts as text: a terminal table, the spec's JSON records, or CSV for a
spreadsheet (UTF-8 with a BOM so Excel shows the Chinese)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence

from briefgen.models import Fact
from briefgen.wording import with_qualifier

FORMATS = ("table", "json", "csv")
CSV_COLUMNS = (
    "document",
    "subject",
    "value",
    "unit",
    "period",
    "kind",
    "entity",
    "scope",
    "qualifier",
    "from_value",
    "from_unit",
    "from_period",
    "normalized_value",
    "normalized_unit",
    "span_start",
    "span_end",
    "sentence",
)


def format_facts(facts: Sequence[Fact], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([f.to_record() for f in facts], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return format_csv(facts)
    if fmt == "table":
        return format_table(facts)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() and abs(x) < 2**53 else repr(float(x))


def format_csv(facts: Sequence[Fact]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for f in facts:
        w.writerow(
            [
                f.document,
                f.subject,
                _num(f.value),
                f.unit,
                f.period or "",
                f.kind,
                f.entity,
                f.scope,
                f.qualifier or "",
                _num(f.from_.value) if f.from_ else "",
                f.from_.unit if f.from_ else "",
                (f.from_.period or "") if f.from_ else "",
                _num(f.normalized_value),
                f.normalized_unit or "",
                f.span[0],
                f.span[1],
                f.sentence,
            ]
        )
    return "\ufeff" + buf.getvalue()


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(text: str, width: int) -> str:
    out, w = "", 0
    for c in text:
        cw = display_width(c)
        if w + cw > width:
            return out[:-1] + "…" + " " * (width - w) if out else ""
        out, w = out + c, w + cw
    return out + " " * (width - w)


def _value(f: Fact) -> str:
    """80余个, 3.5%以下, 超100亿元: briefgen.wording places the qualifier, as everywhere."""
    v = with_qualifier(_num(f.value), f.unit, f.qualifier)
    if f.from_ is not None:
        v = f"{_num(f.from_.value)}{f.from_.unit}→{v}"
    return v


def format_table(facts: Sequence[Fact]) -> str:
    """One line per fact, columns aligned for CJK terminals, grouped by document."""
    if not facts:
        return "(no facts found)\n"
    headers = ("主体 owner", "指标 subject", "数值 value", "时期 period", "类型 kind")
    rows = [(f.entity or "—", f.subject, _value(f), f.period or "—", f.kind) for f in facts]
    widths = [
        min(max(display_width(r[i]) for r in [*rows, headers]), cap)
        for i, cap in enumerate((24, 40, 28, 18, 9))
    ]
    lines: list[str] = []
    current = None
    for f, row in zip(facts, rows, strict=False):
        if f.document != current:
            current = f.document
            if lines:
                lines.append("")
            lines.append(f"== {current}")
            lines.append("  ".join(_fit(h, w) for h, w in zip(headers, widths, strict=False)).rstrip())
            lines.append("  ".join("-" * w for w in widths))
        lines.append("  ".join(_fit(c, w) for c, w in zip(row, widths, strict=False)).rstrip())
    n_docs = len({f.document for f in facts})
    lines.append("")
    lines.append(f"{len(facts)} facts from {n_docs} document(s)")
    return "\n".join(lines) + "\n"
