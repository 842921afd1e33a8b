"""Numbers, values and periods in Chinese: the one place that says how.

Every stage that shows a number or a period to a reader (the brief, the charts,
``briefgen series``, 本期更新 and the mail) words it here, so a value reads the
same everywhere: 410余亿元, 超100亿元, 3.5%以下, 第16位; 2023年, 2022年1—4月,
2022年第一季度, 2022年上半年, 2021年以来.

A period is the extractor's string ("2023", "2020/2023", "2022-01/2022-04",
"2022-09", "2022-Q1", "2022-H1", "2021/..", "../2023"); :class:`Period` reads
it once and labels it once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# ------------------------------------------------------------------ qualifiers

# The qualifier vocabulary, in one place: the words read before a number, the
# word the spec keeps for each, what each allows, and where Chinese says it.

# Words before a number that qualify it (extract reads them, longest first where
# they share a start); ``SPEC_QUALIFIER`` names the spec's word for a variant.
PREFIX_QUALIFIERS = (
    "不低于",
    "不少于",
    "接近",
    "将近",
    "超过",
    "突破",
    "约",
    "近",
    "超",
    "破",
    "逾",
    "不足",
    "不到",
    "多达",
)
SPEC_QUALIFIER = {"破": "突破", "超过": "超", "将近": "近", "不低于": "以上", "不少于": "以上"}

# What a qualifier allows (reconcile.values.interval): the value or more, a
# little more (200余: 200 up to the next step), a little less, about, at most.
AT_LEAST = frozenset({"超", "突破", "以上", "逾", "超过", "破", "多于"})
SOME_MORE = frozenset({"余", "多"})
NEARLY = frozenset({"近", "接近", "将近", "逼近"})
ABOUT = frozenset({"约", "左右", "大约"})
AT_MOST = frozenset({"以下", "不到", "不足", "以内"})

# Where Chinese puts a qualifier: 80余个 / 200多家 (between number and unit),
# 10亿元以上 / 3.5%以下 / 6%左右 (after the unit), 超100亿元 / 近千人 (before).
AFTER_NUMBER = SOME_MORE
AFTER_UNIT = frozenset({"以上", "以下", "左右", "以内"})


def number_text(value: float, places: int = 4, *, fixed: bool = False) -> str:
    """410.0 -> 410, 11.94 -> 11.94, 51.60 -> 51.6: at most ``places`` decimals,
    no exponent, no trailing zeros; ``fixed``: exactly ``places`` decimals (83.0).
    Never a minus zero (-0, -0.0)."""
    if fixed:
        text = f"{value:.{places}f}"
    elif float(value).is_integer():
        text = str(int(value))
    else:
        text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text.lstrip("-") if not text.strip("-0.") else text


def with_qualifier(number: str, unit: str, qualifier: str | None) -> str:
    """An already written number with its unit and qualifier, each where Chinese
    puts it: 80余个, 10亿元以上, 3.5%以下, 超100亿元, 410亿元."""
    q = qualifier or ""
    if q in AFTER_NUMBER:
        return f"{number}{q}{unit}"
    if q in AFTER_UNIT:
        return f"{number}{unit}{q}"
    return f"{q}{number}{unit}"


def value_text(value: float, unit: str, qualifier: str | None = None, *, rank: bool = False) -> str:
    """A value as the text says it: 410亿元, 80余个, 超100亿元, 3.5%以下; a rank
    as 第16位 (its qualifier, if any, is not said)."""
    if rank:
        return f"第{number_text(value)}{unit}"
    return with_qualifier(number_text(value), unit, qualifier)


# ------------------------------------------------------------------ periods

Grain = Literal["year", "half", "quarter", "month"]
_PART = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-\d{2})?|Q([1-4])|H([12])))?$")
_QUARTERS = "一二三四"


@dataclass(frozen=True)
class Stretch:
    """One end of a period: a year, a half, a quarter or a month of a year."""

    year: int
    grain: Grain
    number: int = 0  # the month (1–12), quarter (1–4) or half (1–2); 0 for a year

    @classmethod
    def parse(cls, text: str) -> Stretch | None:
        m = _PART.match(text.strip())
        if not m:
            return None
        year = int(m[1])
        if m[2]:
            month = int(m[2])
            return cls(year, "month", month) if 1 <= month <= 12 else None
        if m[3]:
            return cls(year, "quarter", int(m[3]))
        if m[4]:
            return cls(year, "half", int(m[4]))
        return cls(year, "year")

    @property
    def first_month(self) -> int:
        """Months since year 0 of the first month covered."""
        offset = {"year": 0, "half": (self.number - 1) * 6, "quarter": (self.number - 1) * 3}
        return self.year * 12 + offset.get(self.grain, self.number - 1)

    @property
    def last_month(self) -> int:
        length = {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.grain]
        return self.first_month + length - 1

    @property
    def label(self) -> str:
        """2023年, 2022年上半年, 2022年第一季度, 2022年9月."""
        if self.grain == "month":
            return f"{self.year}年{self.number}月"
        if self.grain == "quarter":
            return f"{self.year}年第{_QUARTERS[self.number - 1]}季度"
        if self.grain == "half":
            return f"{self.year}年{'上下'[self.number - 1]}半年"
        return f"{self.year}年"


@dataclass(frozen=True)
class Period:
    """A period read once: from ``start`` to ``end`` (both inclusive). An open
    range has ``end`` None ("2021/..": 2021年以来) or ``start`` None
    ("../2023": 截至2023年)."""

    text: str
    start: Stretch | None
    end: Stretch | None

    @classmethod
    def parse(cls, text: str | None) -> Period | None:
        """None for no period or one we cannot read (kept as text, never guessed)."""
        if not text or not text.strip():
            return None
        text = text.strip()
        a, slash, b = text.partition("/")
        if not slash:
            one = Stretch.parse(a)
            return cls(text, one, one) if one else None
        start = None if a.strip() in ("..", "") else Stretch.parse(a)
        end = None if b.strip() in ("..", "") else Stretch.parse(b)
        if (start is None and a.strip() not in ("..", "")) or (end is None and b.strip() not in ("..", "")):
            return None
        if start is None and end is None:
            return None
        if start and end and end.last_month < start.first_month:
            return None
        return cls(text, start, end)

    @property
    def since(self) -> bool:
        """Open-ended ("2021/.."): up to the source's date."""
        return self.end is None

    @property
    def label(self) -> str:
        """2023年, 2020—2023年, 2022年1—4月, 2022年9月, 2022年第一季度,
        2022年上半年, 2021年以来, 截至2023年."""
        a, b = self.start, self.end
        if b is None:
            return f"{a.label}以来" if a else self.text
        if a is None:
            return f"截至{b.label}"
        if a == b:
            return a.label
        if a.grain == b.grain == "month":
            if a.year == b.year:
                return f"{a.year}年{a.number}—{b.number}月"
            return f"{a.label}—{b.label}"
        if a.grain == "year":
            return f"{a.year}—{b.label}"  # 2020—2023年, 2020—2022年6月
        return f"{a.label}—{b.label}"


def period_text(period: str | None) -> str:
    """The label of a period string; '' for none, the text itself when unreadable."""
    if not period:
        return ""
    parsed = Period.parse(period)
    return parsed.label if parsed else period
