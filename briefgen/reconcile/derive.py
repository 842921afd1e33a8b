"""Values computed from two points of a series, always labelled with their
formula so the reader can redo the sum: 增长, 增幅, 倍数, 年均增长 for levels,
变化 (个百分点) for shares, 名次变化 for ranks.

Which pairs: each stated change (a fact with ``from``: 从224亿元到410亿元), and the
first and last dated points of the same shape (two full years, two Jan–Apr
stretches …). Points stated only as bounds (突破300家, 200余家) or in conflict
are not used: a sum on them would look more exact than the text is.
"""

from __future__ import annotations

from briefgen.catalog import indicator_measure
from briefgen.models import Derived, Indicator, Point
from briefgen.reconcile import periods
from briefgen.reconcile.values import decimals, fmt


def comparable_pairs(points: tuple[Point, ...], links: list[tuple[int, int]]) -> list[tuple[Point, Point]]:
    usable = [k for k, p in enumerate(points) if p.qualifier is None and not p.conflict]
    pairs: list[tuple[int, int]] = [(a, b) for a, b in links if a in usable and b in usable]
    by_shape: dict[tuple, list[int]] = {}
    for k in usable:
        shape = periods.shape(points[k].period)
        if shape is not None:
            by_shape.setdefault(shape, []).append(k)
    for ks in by_shape.values():
        if len(ks) >= 2 and (ks[0], ks[-1]) not in pairs:
            pairs.append((ks[0], ks[-1]))
    return [(points[a], points[b]) for a, b in pairs if points[a].unit == points[b].unit]


def derive(ind: Indicator, points: tuple[Point, ...], links: list[tuple[int, int]]) -> tuple[Derived, ...]:
    measure = indicator_measure(ind)
    if measure == "growth":
        return ()
    out: list[Derived] = []
    for a, b in comparable_pairs(points, links):
        if measure == "rank":
            out.extend(_rank(a, b))
        elif measure == "share":
            out.extend(_points_change(a, b))
        else:
            out.extend(_level(a, b))
    return tuple(out)


def _places(*values: float) -> int:
    return max(decimals(v) for v in values)


def _level(a: Point, b: Point) -> list[Derived]:
    x, y, unit = a.value, b.value, b.unit
    s, e = a.period, b.period
    diff = y - x
    out = [
        Derived("增长", round(diff, 6), unit, f"{fmt(y)} − {fmt(x)} = {fmt(diff, _places(x, y))}{unit}", s, e)
    ]
    if x > 0:
        pct = diff / x * 100
        out.append(
            Derived("增幅", round(pct, 4), "%", f"({fmt(y)} − {fmt(x)}) ÷ {fmt(x)} = {fmt(pct, 1)}%", s, e)
        )
        mult = y / x
        out.append(Derived("倍数", round(mult, 4), "倍", f"{fmt(y)} ÷ {fmt(x)} = {fmt(mult, 2)}倍", s, e))
        years = periods.years_between(s, e)
        if years is not None and years >= 2 and y > 0:
            cagr = ((y / x) ** (1 / years) - 1) * 100
            out.append(
                Derived(
                    "年均增长",
                    round(cagr, 4),
                    "%",
                    f"({fmt(y)} ÷ {fmt(x)})^(1/{years}) − 1 = {fmt(cagr, 1)}%",
                    s,
                    e,
                )
            )
    return out


def _points_change(a: Point, b: Point) -> list[Derived]:
    diff = b.value - a.value
    return [
        Derived(
            "变化",
            round(diff, 6),
            "个百分点",
            f"{fmt(b.value)}% − {fmt(a.value)}% = {fmt(diff, _places(a.value, b.value))}个百分点",
            a.period,
            b.period,
        )
    ]


def _rank(a: Point, b: Point) -> list[Derived]:
    gained = a.value - b.value  # lower is better: positive = moved up
    word = "前移" if gained > 0 else ("后退" if gained < 0 else "持平")
    tail = f"{word}{fmt(abs(gained))}位" if gained else word
    return [
        Derived(
            "名次变化",
            round(gained, 6),
            "位",
            f"第{fmt(a.value)}位 → 第{fmt(b.value)}位：{fmt(a.value)} − {fmt(b.value)} = {tail}",
            a.period,
            b.period,
        )
    ]
