"""Period strings of the extractor ("2023", "2022-01/2022-04", "2022-Q1",
"2020/2023", "2022-06", None) as month ranges, for ordering and comparing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.wording import Period, period_text


@dataclass(frozen=True)
class Span:
    """[start, end] in months since year 0 (inclusive)."""

    start: int
    end: int

    @property
    def months(self) -> int:
        return self.end - self.start + 1


def parse(period: str | None) -> Span | None:
    """None for no period or one we cannot read (kept as text, never guessed).
    An open range "2021/.." (2021年以来, up to the source's date) spans its start."""
    p = Period.parse(period)
    if p is None or p.start is None:
        return None
    end = p.end or p.start
    return Span(p.start.first_month, end.last_month)


def _since(period: str | None) -> bool:
    p = Period.parse(period)
    return p is not None and p.since


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
    if _since(period):
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
    if _since(period):
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
    """Chinese display of a period (briefgen.wording): 2023年, 2022年1—4月,
    2022年第一季度, 2020—2023年; an undated one says when its source came out."""
    if period is None:
        return f"未注明时间（{as_of}发布）" if as_of else "未注明时间"
    return period_text(period)
