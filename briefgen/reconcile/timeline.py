"""One timeline for an indicator's points, used by reconcile (Series.points),
the charts, the brief's text and KPI cards, and the build history alike.

What places a point in time, strongest first:

- its period ("2020", "2022-01/2022-04": by the end of the period), else the
  publication date of its source (``Point.as_of``);
- for a point the sources give no time: a sentence it shares with a placed
  point (text order is time order there: "从2019年的第93位，到第64位，第34位，
  再到2023年…第16位"), or a stated change: the end value of "由A增至B" /
  "从A到B" (``Fact.from_``) comes after A, which comes before B.

A point nothing relates to a placed one stays off the timeline: its time is
unknown, so it is neither before nor after anything. :func:`order_points`
still lists it (after the timeline, in text order) so no value is lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from briefgen.models import Point
from briefgen.reconcile import periods
from briefgen.reconcile.values import is_exact, overlap, signed_interval, signed_value

__all__ = [
    "comparable",
    "consistent",
    "is_goal",
    "latest_point",
    "order_points",
    "outcomes",
    "part_year",
    "time_key",
    "timeline",
    "trend_points",
]


def _as_of_key(as_of: str | None) -> tuple[int, int] | None:
    """A publication date (YYYY-MM-DD) as (month index, day), for ordering only."""
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", as_of or "")
    if not m:
        return None
    return int(m[1]) * 12 + int(m[2]) - 1, int(m[3])


def time_key(p: Point) -> tuple[int, int, int] | None:
    """(end month, start month, day) of the point's period, else (month, -1, day)
    of its source's date; None when neither is known. A year-to-date (1—4月)
    ends before the year."""
    span = periods.parse(p.period)
    if span is not None:
        return span.end, span.start, 32  # a period ends after any publication day of its last month
    key = _as_of_key(p.as_of)
    if key is None:
        return None
    return key[0], -1, key[1]  # before a period that ends in the same month


def _anchors(p: Point) -> dict[tuple[str, int | str], int]:
    """Where the text states the point: (document, sentence) -> offset. A change
    "从A到B" states A before B, so A gets offset -1 in that sentence when its own
    position is not recorded."""
    out: dict[tuple[str, int | str], int] = {}
    for f in p.facts:
        key = (f.document, f.sentence_index if f.sentence_index >= 0 else f.sentence)
        stated = signed_value(f) == p.value
        offset = f.span[0] if stated else -1 if f.from_ and f.from_.value == p.value else None
        if offset is not None and key not in out:
            out[key] = offset
    return out


def _linked(a: Point, b: Point) -> bool:
    """Whether a fact states a change from a's value to b's ("从a到b", "由a增至b")."""
    return any(
        f.from_ is not None and f.from_.value == a.value and signed_value(f) == b.value
        for f in (*a.facts, *b.facts)
    )


class _Placed:
    """The points of the timeline so far, indexed by what relates a point to them
    (the sentences they are stated in, their values, the stated changes of their
    facts), so that placing a point looks at the related points only."""

    def __init__(self, points: Sequence[Point]) -> None:
        self.sequence: list[Point] = []
        self._anchors: dict[int, dict[tuple[str, int | str], int]] = {}
        self._by_key: dict[tuple[str, int | str], list[Point]] = {}
        self._by_value: dict[float, list[Point]] = {}
        self._to: dict[float, list[Point]] = {}  # v -> q with a fact "from q.value to v"
        self._from: dict[float, list[Point]] = {}  # v -> q with a fact "from v to q.value"
        for p in points:
            self.insert(len(self.sequence), p)

    def anchors(self, p: Point) -> dict[tuple[str, int | str], int]:
        if id(p) not in self._anchors:
            self._anchors[id(p)] = _anchors(p)
        return self._anchors[id(p)]

    def insert(self, i: int, p: Point) -> None:
        self.sequence.insert(i, p)
        for key in self.anchors(p):
            self._by_key.setdefault(key, []).append(p)
        self._by_value.setdefault(p.value, []).append(p)
        for f in p.facts:
            if f.from_ is not None:
                if f.from_.value == p.value:
                    self._to.setdefault(signed_value(f), []).append(p)
                if signed_value(f) == p.value:
                    self._from.setdefault(f.from_.value, []).append(p)

    def related(self, p: Point) -> dict[int, Point]:
        """A superset of the placed points sharing a sentence or a stated change with p."""
        out: dict[int, Point] = {}
        found = [q for key in self.anchors(p) for q in self._by_key.get(key, ())]
        found += self._to.get(p.value, []) + self._from.get(p.value, [])
        for f in p.facts:
            if f.from_ is not None:
                found += self._by_value.get(f.from_.value, []) + self._by_value.get(signed_value(f), [])
        for q in found:
            out[id(q)] = q
        return out


def _insert(placed: _Placed, p: Point) -> bool:
    """Put an undated point where the sentences it shares with placed points, or a
    stated change, put it; False when nothing relates it to them."""
    related = placed.related(p)
    if not related:
        return False
    mine = placed.anchors(p)
    before: list[int] = []
    after: list[int] = []
    sequence = placed.sequence
    for i, q in enumerate(sequence):
        if id(q) not in related:
            continue
        for key, offset in placed.anchors(q).items():
            if key in mine:
                (before if offset < mine[key] else after).append(i)
        if _linked(q, p):
            before.append(i)
        elif _linked(p, q):
            after.append(i)
    if not before and not after:
        return False
    if before and after and max(before) >= min(after):
        return False  # the text contradicts itself about this point's place
    placed.insert(max(before) + 1 if before else min(after), p)
    return True


def _text_key(p: Point) -> tuple:
    return min(((str(k[0]), o) for k, o in _anchors(p).items()), default=("", 0))


def _place(points: Sequence[Point]) -> tuple[list[Point], list[Point]]:
    """(the timeline, the points nothing places) — no point dropped."""
    timed = sorted((p for p in points if time_key(p) is not None), key=time_key)  # type: ignore[arg-type,return-value]
    untimed = sorted((p for p in points if time_key(p) is None), key=_text_key)
    if not timed and untimed:
        timed, untimed = [untimed[0]], untimed[1:]
    placed = _Placed(timed)
    pending = list(untimed)
    while pending:  # an undated point may relate only to another undated one
        done = {id(p) for p in pending if _insert(placed, p)}
        if not done:
            break
        pending = [p for p in pending if id(p) not in done]
    return placed.sequence, pending


def order_points(points: Iterable[Point]) -> tuple[Point, ...]:
    """Every point, in timeline order, then those nothing places (in text order):
    the order of ``Series.points``."""
    sequence, rest = _place(list(points))
    return tuple(sequence + rest)


def timeline(points: Iterable[Point]) -> tuple[Point, ...]:
    """The points that can stand on a time axis, in order: one value per period
    (a conflict keeps the first, the brief says so), repeats of a value merged,
    points nothing places left off."""
    unique: list[Point] = []
    for p in points:
        if not any(q.period == p.period and q.value == p.value for q in unique):
            unique.append(p)
    seen: set[str] = set()
    kept = []
    for p in unique:
        if p.period is not None:
            if p.period in seen:
                continue
            seen.add(p.period)
        kept.append(p)
    return tuple(_place(kept)[0])


def part_year(p: Point) -> bool:
    """A flow over part of a year (1—4月营业收入): money summed over months."""
    span = periods.parse(p.period)
    open_ended = (p.period or "").endswith("/..")  # 2022年6月以来: up to the source's date
    return p.unit.endswith("元") and span is not None and span.months < 12 and not open_ended


_STOCK = re.compile(r"\d{1,2}月(末|底)|月末|月底|余额|拥有|现有")
_FLOW = re.compile(r"完成|实现|新增|新开工|签约|引进|销售|出口|进口|当月")


def _instant(p: Point) -> bool:
    """A single month's value that is a stock at that instant (9月末存款余额,
    截至3月末累计拥有高新技术企业126家), not the month's flow (截至6月底已完成投资)."""
    return any(_STOCK.search(f.sentence) and not _FLOW.search(f.sentence) for f in p.facts)


def _span_class(p: Point) -> tuple:
    """periods.span_class of the point; a stock at a month's end goes with the
    years (a year's value of a stock is its year-end value); an undated value
    goes with the years too (an as-of total, placed by its source's date)."""
    cls = periods.span_class(p.period)
    if cls is None:
        return ("year",)
    if cls == ("month",) and _instant(p):
        return ("year",)
    return cls


def comparable(points: Sequence[Point]) -> list[Point]:
    """The points that may stand on one timeline: those of one span class
    (periods.span_class: full years, the same months across years, single months).
    1—9月 98.45亿元, 9月 11.6亿元 and 2023年 156.8亿元 are three different measures,
    never a rise or a fall. The class with the most periods is kept; on a tie the
    years, then the class that ends latest."""
    classes: dict[tuple, list[Point]] = {}
    for p in points:
        classes.setdefault(_span_class(p), []).append(p)
    if len(classes) <= 1:
        return list(points)

    def weight(item: tuple[tuple, list[Point]]) -> tuple:
        cls, members = item
        ends = [k[0] for q in members if (k := time_key(q)) is not None]
        return (len({q.period for q in members}), cls == ("year",), max(ends, default=-1))

    return max(classes.items(), key=weight)[1]


def _whole_over_part(points: Sequence[Point]) -> list[Point]:
    """Money flows over part of a year give way to whole years or as-of totals
    when both exist (what the current value of a money flow is)."""
    part = [p for p in points if part_year(p)]
    whole = [p for p in points if not part_year(p)]
    return whole if part and whole and all(p.unit.endswith("元") for p in points) else list(points)


def consistent(a: Point, b: Point) -> bool:
    """Whether two values may be the same number as stated: 211 and 200余 are,
    211 and 突破300 are not (the qualifier's range decides)."""
    if a.unit != b.unit:
        return False
    return overlap(
        signed_interval(a.value, a.qualifier, a.unit), signed_interval(b.value, b.qualifier, b.unit)
    )


def is_goal(p: Point) -> bool:
    """Every fact of the point states a goal or forecast (力争…, 预期目标), not an outcome."""
    return bool(p.facts) and all(f.target for f in p.facts)


def outcomes(points: Iterable[Point]) -> list[Point]:
    """The points that state what happened (goals left out), or all when only goals are known."""
    pts = list(points)
    return [p for p in pts if not is_goal(p)] or pts


def trend_points(points: Iterable[Point]) -> tuple[Point, ...]:
    """The timeline a change may be read from (a chart, "由A增至B"): comparable
    outcomes only (no goal), and no approximate value (200余, 近, 突破) next to an
    exact one it is consistent with — "211家 → 200余家" is no decline."""
    line = list(timeline(comparable(outcomes(points))))
    changed = True
    while changed and len(line) >= 2:
        changed = False
        for i, p in enumerate(line):
            if is_exact(p.qualifier, p.unit):
                continue
            neighbours = [
                q
                for q in (line[i - 1] if i else None, line[i + 1] if i + 1 < len(line) else None)
                if q is not None
            ]
            if any(is_exact(q.qualifier, q.unit) and consistent(p, q) for q in neighbours):
                del line[i]
                changed = True
                break
    return tuple(line)


def latest_point(points: Iterable[Point]) -> Point | None:
    """The current value: the last point of the timeline, preferring whole-year
    or as-of values over part-year ones of a money flow; an undated value counts
    only when a sentence or a stated change places it (its time is unknown
    otherwise). None for no points."""
    pts = outcomes(points)
    if not pts:
        return None
    line = timeline(_whole_over_part(pts)) or timeline(pts)
    return line[-1] if line else pts[-1]
