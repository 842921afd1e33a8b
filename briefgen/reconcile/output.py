"""`briefgen series` output: a readable table for the terminal, or JSON with
every point's source facts (the records of `briefgen extract --format json`)."""

from __future__ import annotations

import json
import unicodedata

from briefgen import wording
from briefgen.models import Derived, Finding, Point, Series, SeriesSet, _num
from briefgen.reconcile import periods
from briefgen.reconcile.timeline import is_goal
from briefgen.reconcile.values import fmt

FORMATS = ("table", "json")


def format_series(series_set: SeriesSet, fmt_name: str) -> str:
    if fmt_name == "json":
        return json.dumps(to_json(series_set), ensure_ascii=False, indent=1) + "\n"
    if fmt_name == "table":
        return to_table(series_set)
    raise ValueError(f"unknown format {fmt_name!r} (use one of {', '.join(FORMATS)})")


# ------------------------------------------------------------------ JSON


def _round(x: float) -> float | int:
    return _num(round(x, 6))


def _point(p: Point) -> dict:
    rec = {
        "period": p.period,
        "label": periods.label(p.period, p.as_of),
        "value": _round(p.value),
        "unit": p.unit,
        "qualifier": p.qualifier,
        "conflict": p.conflict,
        "sources": [f.to_record() for f in p.facts],
    }
    if p.as_of:
        rec["as_of"] = p.as_of
    # a goal or forecast (力争…, 预期目标), not an outcome; absent = outcome, as in the facts' records
    if is_goal(p):
        rec["target"] = True
    return rec


def _derived(d: Derived) -> dict:
    return {
        "label": d.label,
        "value": _round(d.value),
        "unit": d.unit,
        "formula": d.formula,
        "start": d.start,
        "end": d.end,
        "computed": True,
    }


def _finding(f: Finding) -> dict:
    return {
        "level": f.level,
        "check": f.check,
        "message": f.message,
        "quotes": list(f.quotes),
        "documents": list(f.documents),
    }


def _series(s: Series) -> dict:
    i = s.indicator
    return {
        "id": i.id,
        "name": i.name,
        "theme": i.theme,
        "unit": i.unit,
        "kind": i.kind,
        "higher_is_better": i.higher_is_better,
        "chart": i.chart,
        "headline": i.headline,
        "of": i.of,
        "entity": s.entity,
        "scope": s.scope,
        "points": [_point(p) for p in s.points],
        "derived": [_derived(d) for d in s.derived],
        "findings": [_finding(f) for f in s.findings],
    }


def to_json(ss: SeriesSet) -> dict:
    return {
        "themes": [{"id": t, "title": title} for t, title in ss.themes],
        "series": [_series(s) for s in ss.series],
        "unmapped": [f.to_record() for f in ss.unmapped],
        "findings": [_finding(f) for f in ss.findings],
        "summary": {
            "indicators": len(ss.series),
            "points": sum(len(s.points) for s in ss.series),
            "sources": sum(len(p.facts) for s in ss.series for p in s.points),
            "unmapped": len(ss.unmapped),
            "warnings": len(ss.warnings),
        },
    }


# ------------------------------------------------------------------ table


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _cell(text: str, width: int) -> str:
    """Padded to ``width``, and never touching the next column."""
    return _pad(text, width) if _width(text) < width else text + " "


def with_qualifier(value: float, unit: str, qualifier: str | None) -> str:
    """200余家, 突破300家, 10亿元以上, 410亿元: the qualifier where Chinese puts it."""
    return wording.with_qualifier(fmt(value), unit, qualifier)


GOAL_MARK = "（目标）"


def _value(p: Point) -> str:
    return with_qualifier(p.value, p.unit, p.qualifier) + (GOAL_MARK if is_goal(p) else "")


def _short(doc: str) -> str:
    return doc if len(doc) <= 24 else doc[:21] + "…"


def to_table(ss: SeriesSet) -> str:
    lines: list[str] = []
    titles = dict(ss.themes)
    theme = None
    for s in ss.series:
        if s.indicator.theme != theme:
            theme = s.indicator.theme
            lines += ["", f"【{titles.get(theme, theme)}】"]
        i = s.indicator
        owner = f"  （{s.entity}）" if s.entity else ""
        lines.append(f"  {i.name}  [{i.id}]  单位：{i.unit}{owner}")
        for p in s.points:
            docs = "、".join(dict.fromkeys(_short(f.document) for f in p.facts))
            flag = "  ⚠冲突" if p.conflict else ""
            lines.append(
                f"    {_pad(periods.label(p.period, p.as_of), 30)}{_cell(_value(p), 14)}"
                f"来源×{len(p.facts)}：{docs}{flag}"
            )
        for d in s.derived:
            lines.append(f"    = 计算·{d.label}：{d.formula}")
        for finding in s.findings:
            mark = "✓" if finding.level == "ok" else "⚠"
            lines.append(f"    {mark} {finding.message}")
    if ss.unmapped:
        lines += ["", f"【其他数据】（{len(ss.unmapped)}条未归入指标目录）"]
        for f in ss.unmapped:
            lines.append(
                f"    {_pad(f.subject, 20)}"
                f"{_cell(with_qualifier(f.value, f.unit, f.qualifier) + (GOAL_MARK if f.target else ''), 14)}"
                f"{_pad(periods.label(f.period), 16)}{_short(f.document)}"
            )
    warnings = ss.warnings
    lines += [
        "",
        f"共{len(ss.series)}项指标、{sum(len(s.points) for s in ss.series)}个数据点，"
        f"其他数据{len(ss.unmapped)}条，警告{len(warnings)}条",
    ]
    for w in warnings:
        lines.append(f"  ⚠ [{w.check}] {w.message}")
        for q in w.quotes:
            lines.append(f"      “{q}”")
    return "\n".join(lines).lstrip("\n") + "\n"
