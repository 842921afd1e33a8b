"""The brief's words for values, changes and dates (on top of briefgen.wording):
410亿元, 第16位, 增长8.5%, 降幅60.7%, 2026年11月22日, heading numbers 一、十二."""

from __future__ import annotations

import datetime as dt
import os

from briefgen import wording
from briefgen.extract.units import RANK_UNITS
from briefgen.models import Derived, Fact, Point
from briefgen.wording import number_text

_CN_DIGITS = "零一二三四五六七八九十"


def fmt_num(value: float, decimals: int | None = None) -> str:
    """410.0 -> '410', 11.94 -> '11.94'; ``decimals`` fixes the digits (83.0)."""
    return number_text(value) if decimals is None else number_text(value, decimals, fixed=True)


def value_text(value: float, unit: str, qualifier: str | None = None, kind: str = "level") -> str:
    """The value as the text would say it: 410亿元, 80余个, 第16位, 超100亿元, 3.5%以下."""
    rank = kind == "rank" or (unit == "位" and kind == "level")  # 12名干部 is a head count, not a rank
    return wording.value_text(value, unit, qualifier, rank=rank)


def fact_value_text(f: Fact) -> str:
    """A fact's value in words that keep its sign (extract keeps the number as
    written and the sign in ``normalized_value``): 增长8.5% / 下降2.4% for a rate,
    +19家 / -0.3个百分点 for a stated change, 前移7位 for places moved."""
    negative = f.normalized_value is not None and f.normalized_value < 0
    if f.kind == "growth" and f.unit == "%":
        return ("下降" if negative else "增长") + value_text(f.value, f.unit, f.qualifier, "level")
    if f.kind == "change":
        if f.unit in RANK_UNITS:
            return ("后移" if negative else "前移") + f"{fmt_num(f.value)}{f.unit}"
        return ("-" if negative else "+") + value_text(f.value, f.unit, f.qualifier, "level")
    return value_text(f.value, f.unit, f.qualifier, f.kind)


def declined(p: Point) -> bool:
    """A rate stated as a decline (下降4.5%): reconcile keeps the sign in Point.value (−4.5)."""
    return p.value < 0


_DIRECTED_LABELS = {"增幅": ("增幅", "降幅"), "增长": ("增长", "减少"), "年均增长": ("年均增长", "年均下降")}


def derived_label(d: Derived) -> str:
    """The label of a derived change with its direction: 增长 -> 减少 for a fall."""
    pair = _DIRECTED_LABELS.get(d.label)
    return pair[d.value < 0] if pair else d.label


def derived_words(d: Derived) -> str:
    """A derived change said with its direction: 增幅83.0% / 降幅60.7%, 增长75家 /
    减少173.5亿元, 年均增长22.6% / 年均下降37.3%; never 增长-60.7%."""
    text = derived_text(d)
    if d.label in _DIRECTED_LABELS:
        return derived_label(d) + text.lstrip("-")
    return d.label + text


def derived_text(d: Derived) -> str:
    if d.unit == "%":
        return f"{d.value:.1f}{d.unit}"
    if d.unit in RANK_UNITS:
        return f"{fmt_num(abs(d.value))}{d.unit}"
    return f"{fmt_num(round(d.value, 2))}{d.unit}"


def date_text(date: dt.date | str | None) -> str:
    """2026-11-22 (a date or its ISO text) -> 2026年11月22日; other text as it is."""
    if isinstance(date, str):
        text = date
        try:
            date = dt.date.fromisoformat(text.strip()[:10])
        except ValueError:
            return text
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (heading numbers up to 99)."""
    if n <= 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def generation_date() -> dt.date:
    """SOURCE_DATE_EPOCH's date when set (reproducible builds), else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()
