"""What a stated number allows: "11.1%" is 11.05–11.15, "200余家" 200–299,
"突破300家" 300 or more. Two statements agree when their ranges overlap."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from briefgen.wording import ABOUT, AT_LEAST, AT_MOST, NEARLY, SOME_MORE, number_text

if TYPE_CHECKING:
    from briefgen.models import Fact

UPPER_BOUND_UNITS = frozenset({"强"})  # 前30强: rank 30 or better


def decimals(value: float) -> int:
    """Decimal places as stated: 11.09 -> 2, 11.1 -> 1, 410 -> 0."""
    if float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text:
        return 6
    return len(text.split(".")[1])


def half_unit(value: float) -> float:
    """Half the last stated digit: the rounding slack of the statement."""
    return 0.5 * 10 ** -decimals(value)


def _step(value: float) -> float:
    """200余 -> 100, 80余 -> 10, 9300余 -> 100, 1.5余 -> 0.1."""
    d = decimals(value)
    if d:
        return 10**-d
    n = int(abs(value))
    if n == 0:
        return 1
    k = 0
    while n % 10 == 0:
        n //= 10
        k += 1
    return 10**k


def interval(value: float, qualifier: str | None = None, unit: str = "") -> tuple[float, float]:
    """The range of true values a statement allows, in the stated unit."""
    q = qualifier or ""
    if unit in UPPER_BOUND_UNITS or q == "前":
        return (1.0, value + half_unit(value))
    if q in AT_LEAST:
        return (value, math.inf)
    if q in SOME_MORE:
        return (value, value + _step(value))
    if q in NEARLY:
        return (value * 0.9, value)
    if q in ABOUT:
        return (value * 0.9, value * 1.1)
    if q in AT_MOST:
        return (-math.inf, value)
    h = half_unit(value)
    return (value - h, value + h)


def signed_interval(value: float, qualifier: str | None = None, unit: str = "") -> tuple[float, float]:
    """:func:`interval` of a signed value: a qualifier bounds the size of a
    decline (下降超过5% -> −inf … −5), so a negative value mirrors the range of its size."""
    if value >= 0:
        return interval(value, qualifier, unit)
    lo, hi = interval(-value, qualifier, unit)
    return (-hi, -lo)


def signed_value(fact: Fact) -> float:
    """The fact's value with the sign its words give it: extract keeps the number
    as written in ``Fact.value`` (下降4.5% -> 4.5) and the sign in
    ``normalized_value`` (−4.5); reconcile compares, merges and computes signed."""
    if fact.normalized_value is not None and fact.normalized_value < 0 < fact.value:
        return -fact.value
    return fact.value


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Ranges are half-open at the rounding edge (29.5 reads as 30), so 29 and
    30 do not agree but 11.1 and 11.09 do."""
    eps = 1e-9 * max(1.0, *(abs(x) for x in (*a, *b) if math.isfinite(x)))
    return a[0] < b[1] - eps and b[0] < a[1] - eps


def is_exact(qualifier: str | None, unit: str = "") -> bool:
    return not qualifier and unit not in UPPER_BOUND_UNITS


def fmt(value: float, places: int | None = None) -> str:
    """A number in a formula: 410.0 -> "410", 11.09 -> "11.09" (up to 6 decimals);
    places: exactly that many (83.0). Worded by briefgen.wording."""
    return number_text(value, 6) if places is None else number_text(value, places, fixed=True)
