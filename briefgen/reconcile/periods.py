"""Period strings of the extractor ("2023", "2022-01/2022-04", "2022-Q1",
"2020/2023", "2022-06", None) as month ranges, for ordering and comparing."""

from __future__ import annotations

import re
from dataclasses import dataclass

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")


@dataclass(frozen=True)
class Span:
    """[start, end] in months since year 0 (inclusive)."""

    start: int
    end: int

    @property
    def months(self) -> int:
        return self.end - self.start + 1

    @property
    def start_year(self) -> int:
        return self.start // 12

    @property
    def end_year(self) -> int:
        return self.end // 12


def _single(text: str) -> Span | None:
    if m := _YEAR.match(text):
        y = int(m[1])
        return Span(y * 12, y * 12 + 11)
    if m := _MONTH.match(text):
        k = int(m[1]) * 12 + int(m[2]) - 1
        return Span(k, k)
    if m := _QUARTER.match(text):
        k = int(m[1]) * 12 + (int(m[2]) - 1) * 3
        return Span(k, k + 2)
    if m := _HALF.match(text):
        k = int(m[1]) * 12 + (int(m[2]) - 1) * 6
        return Span(k, k + 5)
    return None


def parse(period: str | None) -> Span | None:
    """None for no period or one we cannot read (kept as text, never guessed)."""
    if not period:
        return None
    if "/" in period:
        a, _, b = period.partition("/")
        if b.strip() == "..":  # open range "2021/..": 2021年以来, up to the source's date
            return _single(a.strip())
        sa, sb = _single(a.strip()), _single(b.strip())
        if sa is None or sb is None or sb.end < sa.start:
            return None
        return Span(sa.start, sb.end)
    return _single(period.strip())


def sort_key(period: str | None) -> tuple[int, int, str]:
    """Dated periods by end month, then start; unknown ones after."""
    span = parse(period)
    if span is None:
        return (1 << 30, 0, period or "")
    return (span.end, span.start, period or "")


def shape(period: str | None) -> tuple | None:
    """What a period covers regardless of the year: a year, Jan–Apr, Q1 ...
    Two values compare (growth, CAGR) only when their shapes are equal."""
    span = parse(period)
    if span is None:
        return None
    if (period or "").endswith("/.."):
        return ("since", period)  # open-ended: compares with nothing
    if "/" in (period or "") and span.months % 12 == 0 and span.start % 12 == 0:
        return ("years", span.months // 12)
    return ("months", span.start % 12, span.months)


def span_class(period: str | None) -> tuple | None:
    """Which periods a value compares with on one timeline: full years with full
    years, the same stretch of months with itself across years (1—9月 with 1—9月,
    一季度 with 1—3月), single months with single months, several years
    (2019/2023) only with as many years. None: no readable period."""
    span = parse(period)
    if span is None:
        return None
    if (period or "").endswith("/.."):
        return ("since", period)  # open-ended: compares with nothing
    if span.start % 12 == 0 and span.months % 12 == 0:
        return ("year",) if span.months == 12 else ("years", span.months // 12)
    if span.months == 1:
        return ("month",)
    return ("months", span.start % 12, span.months)


def previous_year(period: str | None) -> str | None:
    """The same stretch one year earlier (for a stated 同比 growth)."""
    if not period or parse(period) is None:
        return None
    return re.sub(r"\d{4}", lambda m: str(int(m[0]) - 1), period)


def years_between(a: str | None, b: str | None) -> int | None:
    """Whole years from a to b, when both are the same shape (else None)."""
    sa, sb = parse(a), parse(b)
    if sa is None or sb is None or shape(a) != shape(b):
        return None
    diff = sb.end - sa.end
    return diff // 12 if diff > 0 and diff % 12 == 0 else None


def label(period: str | None, as_of: str | None = None) -> str:
    """Chinese display of a period: 2023年, 2022年1—4月, 2022年一季度, 2020—2023年."""
    if period is None:
        return f"未注明时间（{as_of}发布）" if as_of else "未注明时间"
    if m := _YEAR.match(period):
        return f"{m[1]}年"
    if m := _QUARTER.match(period):
        return f"{m[1]}年{'一二三四'[int(m[2]) - 1]}季度"
    if m := _HALF.match(period):
        return f"{m[1]}年{'上下'[int(m[2]) - 1]}半年"
    if m := _MONTH.match(period):
        return f"{m[1]}年{int(m[2])}月"
    if period.endswith("/.."):
        return f"{label(period[:-3])}以来"
    if "/" in period:
        a, _, b = period.partition("/")
        ma, mb = _MONTH.match(a), _MONTH.match(b)
        if ma and mb and ma[1] == mb[1]:
            return f"{ma[1]}年{int(ma[2])}—{int(mb[2])}月"
        if _YEAR.match(a) and _YEAR.match(b):
            return f"{a}—{b}年"
        return f"{label(a)}—{label(b)}"
    return period
