"""Facts of one indicator -> points: one per period and value, each carrying
every fact that states it.

Rules (what an analyst would do by hand):
- Same period, values that agree up to the stated rounding or qualifier
  (11.09% and 11.1%; 200余家 and 211家; 前30强 and 第29位) -> one point, all sources.
- Same period, values that disagree -> both points kept, flagged ``conflict``,
  reported as a warning. Never averaged, never one silently picked.
- No period ("未注明时间"): the text gives no time, so nothing is assumed.
  * In the same document, a value equal to a dated point of the indicator is
    the same statement repeated without its year -> it joins that point
    (排名从第93位前移至第16位 ... 从2019年的第93位 ... 到2023年第16位).
  * Undated values that agree merge (any document); undated values that differ
    are separate points, never a conflict: they may be different times.
  * Order: the timeline of timeline.py (periods, the sources' dates, shared
    sentences, stated changes); points nothing places follow in text order.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import math
from dataclasses import dataclass

from briefgen.catalog import number_positions, unit_class, unit_factor, value_position
from briefgen.models import Fact, Finding, Indicator, Point
from briefgen.reconcile import periods
from briefgen.reconcile.timeline import order_points
from briefgen.reconcile.values import (
    decimals,
    fmt,
    interval,
    is_exact,
    overlap,
    signed_interval,
    signed_value,
)


@dataclass(frozen=True)
class Statement:
    """One value a fact states for an indicator: the fact's own value
    (role "stated") or the earlier value of its change (role "from")."""

    fact: Fact
    role: str
    value: float  # in ``unit``
    unit: str
    lo: float
    hi: float
    qualifier: str | None
    period: str | None
    places: int  # decimals as stated, for picking the most precise value
    pos: float  # position in the document text, for ordering
    source: Fact  # what the point cites: the fact, or for "from" the earlier value as a fact of its own

    @property
    def exact(self) -> bool:
        return is_exact(self.qualifier, self.fact.unit if self.role == "stated" else "")

    @property
    def sentence_key(self) -> tuple[str, object]:
        f = self.fact
        return (f.document, f.sentence_index if f.sentence_index >= 0 else f.sentence)


def _convert(value: float, unit: str, ind: Indicator) -> tuple[float, str]:
    """Into the indicator's unit when both are of one convertible kind."""
    if unit == ind.unit:
        return value, unit
    fu, fi = unit_factor(unit), unit_factor(ind.unit)
    if fu and fi and unit_class(unit) == unit_class(ind.unit):
        return value * fu / fi, ind.unit
    return value, unit


def statements(fact: Fact, ind: Indicator) -> list[Statement]:
    out = []
    signed = signed_value(fact)  # 下降4.5% is −4.5: merged, checked and drawn signed
    value, unit = _convert(signed, fact.unit, ind)
    scale = value / signed if signed else 1.0
    lo, hi = signed_interval(signed, fact.qualifier, fact.unit)
    out.append(
        Statement(
            fact,
            "stated",
            value,
            unit,
            lo * scale,
            hi * scale,
            fact.qualifier,
            fact.period,
            decimals(fact.value),
            float(fact.span[0]),
            fact,
        )
    )
    if fact.from_ is not None and fact.from_.unit:
        q = fact.from_
        pos = _from_position(fact)
        fvalue, funit = _convert(q.value, q.unit, ind)
        fscale = fvalue / q.value if q.value else 1.0
        flo, fhi = interval(q.value, None, q.unit)
        # a change runs from an earlier time to a later one: an earlier value dated like
        # its end value (从第93位前移至第16位, both dated by the article's date) has in
        # truth no date of its own; dated so, many re-publications would make every
        # month hold both values and the older one could be read as the newer
        earlier = q.period if q.period != fact.period else None
        out.append(
            Statement(
                fact,
                "from",
                fvalue,
                funit,
                flo * fscale,
                fhi * fscale,
                None,
                earlier,
                decimals(q.value),
                pos,
                _earlier_fact(fact, pos),
            )
        )
    return out


def _earlier_fact(fact: Fact, pos: float) -> Fact:
    """The earlier value of a change as a fact of its own (as the scorer flattens
    ``from``): same document and sentence, its own value, period and span."""
    assert fact.from_ is not None
    q = fact.from_
    start = int(pos) if float(pos).is_integer() else fact.span[0]
    width = len(fmt(q.value)) if float(pos).is_integer() else fact.span[1] - fact.span[0]
    return dataclasses.replace(
        fact,
        value=q.value,
        unit=q.unit,
        period=q.period,
        span=(start, start + width),
        qualifier=None,
        from_=None,
        normalized_value=None,
        normalized_unit=None,
    )


def _from_position(fact: Fact) -> float:
    """Where the earlier value of a change is written: the last time its number
    appears before the end value in the sentence (else just before the end value)."""
    assert fact.from_ is not None
    pos = value_position(fact)
    if pos is not None:
        hits = number_positions(fact.sentence[:pos], fact.from_.value)
        if hits:
            return float(fact.span[0] - pos + hits[-1])
    return fact.span[0] - 0.5


def _agrees(s: Statement, group: list[Statement]) -> bool:
    return all(_pair_agrees(s, g) for g in group)


def _pair_agrees(a: Statement, b: Statement) -> bool:
    """An exact value agrees with a bound it satisfies (312 with 突破300); two
    bounds agree only when they state the same number (突破300 and 300余, not
    10亿元以上 and 3亿元以上: those are two different statements)."""
    if a.unit != b.unit:
        return False
    if not a.exact and not b.exact:
        return overlap(interval(a.value, None), interval(b.value, None))
    return overlap((a.lo, a.hi), (b.lo, b.hi))


def _signature(s: Statement) -> tuple:
    """All that :func:`_pair_agrees` reads of a statement."""
    return (s.unit, s.exact, s.value, s.lo, s.hi)


class _FounderIndex:
    """Groups of statements by the first statement of each (its founder), to find
    the groups a statement may agree with without trying every one: agreeing
    with a whole group needs agreeing with its founder, which needs the same
    unit and, for a founder stating an exact value, overlapping ranges. Founders
    with an exact value are kept sorted by range per key; those stating a bound
    (突破300: an open range) are few and always tried. Gives a superset, in
    group order; the caller makes the real check."""

    def __init__(self) -> None:
        # key -> (sorted (lo, k), [max width])
        self._exact: dict[tuple, tuple[list[tuple[float, int]], list[float]]] = {}
        self._bounded: dict[tuple, list[int]] = {}

    def add(self, key: tuple, founder: Statement, k: int) -> None:
        key = (*key, founder.unit)
        if founder.exact and math.isfinite(founder.lo) and math.isfinite(founder.hi):
            keys, width = self._exact.setdefault(key, ([], [0.0]))
            bisect.insort(keys, (founder.lo, k))
            width[0] = max(width[0], founder.hi - founder.lo)
        else:
            self._bounded.setdefault(key, []).append(k)

    def candidates(self, key: tuple, s: Statement) -> list[int]:
        key = (*key, s.unit)
        found = list(self._bounded.get(key, ()))
        if key in self._exact:  # an exact founder is compared on (lo, hi), whatever s states
            keys, width = self._exact[key]
            lo = bisect.bisect_left(keys, (s.lo - width[0],))
            hi = bisect.bisect_right(keys, (s.hi, math.inf))
            found += [k for _, k in keys[lo:hi]]
        return sorted(found)


class _Clusters:
    """The groups of :func:`_cluster` with what makes a join cheap: each group's
    distinct signatures, sentences and documents, and the founders' index."""

    def __init__(self) -> None:
        self.groups: list[list[Statement]] = []
        self._sigs: list[dict[tuple, Statement]] = []
        self._sentences: list[set[tuple]] = []
        self._docs: list[set[str]] = []
        self._founders = _FounderIndex()

    def candidates(self, s: Statement) -> list[int]:
        return self._founders.candidates((), s)

    def fits(self, s: Statement, k: int) -> bool:
        return all(_pair_agrees(s, g) for g in self._sigs[k].values())

    def add(self, s: Statement) -> None:
        k = len(self.groups)
        self.groups.append([s])
        self._sigs.append({_signature(s): s})
        self._sentences.append({s.sentence_key})
        self._docs.append({s.fact.document})
        self._founders.add((), s, k)

    def join(self, s: Statement, k: int) -> None:
        self.groups[k].append(s)
        self._sigs[k].setdefault(_signature(s), s)
        self._sentences[k].add(s.sentence_key)
        self._docs[k].add(s.fact.document)

    def preference(self, s: Statement, k: int) -> tuple:
        return (s.sentence_key in self._sentences[k], s.fact.document in self._docs[k], -k)


def _cluster(stmts: list[Statement]) -> list[list[Statement]]:
    """Exact values first; a bound (突破500亿元) then joins a group it agrees with,
    preferably one of its own sentence, then of its own document: the headline
    "首破五百亿元" goes with its article's 506.3, not with another's 520."""
    clusters = _Clusters()
    for s in sorted(stmts, key=lambda s: not s.exact):  # stable: text order within each tier
        fits = [k for k in clusters.candidates(s) if clusters.fits(s, k)]
        if not fits:
            clusters.add(s)
            continue
        clusters.join(s, max(fits, key=lambda k: clusters.preference(s, k)))
    return clusters.groups


def _month_index(date: str | None) -> int | None:
    if not date:
        return None
    try:
        d = dt.date.fromisoformat(date)
    except ValueError:
        return None
    return d.year * 12 + d.month - 1


@dataclass
class _Group:
    stmts: list[Statement]
    period: str | None
    key: tuple = ()
    conflict: bool = False


def build_points(
    ind: Indicator, facts: list[Fact], published: dict[str, str]
) -> tuple[tuple[Point, ...], list[tuple[int, int]], list[Finding]]:
    """Points of ``ind`` in display order, the (from, to) point index pairs of
    stated changes, and conflict findings."""
    stmts = [s for f in facts for s in statements(f, ind)]
    dated: dict[str, list[Statement]] = {}
    undated: list[Statement] = []
    goals: dict[str, list[Statement]] = {}
    for s in stmts:
        if s.period is None:
            undated.append(s)
        elif s.fact.target and s.role == "stated":  # 力争突破500亿元: a goal, not a second outcome
            goals.setdefault(s.period, []).append(s)
        else:
            dated.setdefault(s.period, []).append(s)

    groups: list[_Group] = []
    findings: list[Finding] = []
    for kind, by_period in (("outcome", dated), ("goal", goals)):
        for period, items in by_period.items():
            clusters = _cluster(items)
            conflict = len(clusters) > 1  # a goal never conflicts with what was achieved
            for c in clusters:
                groups.append(_Group(c, period, conflict=conflict))
            if conflict:
                findings.append(_conflict_finding(ind, period, clusters, goal=kind == "goal"))

    rest: list[Statement] = []
    founders = _FounderIndex()  # the dated groups each document states
    for k, g in enumerate(groups):
        for doc in dict.fromkeys(x.fact.document for x in g.stmts):
            founders.add((doc,), g.stmts[0], k)
    for s in undated:
        same_doc = []
        for k in founders.candidates((s.fact.document,), s):
            if _agrees(s, groups[k].stmts):
                same_doc.append(groups[k])
                if len(same_doc) > 1:  # more than one dated value it may repeat: it joins none
                    break
        if len(same_doc) == 1:
            same_doc[0].stmts.append(s)
        else:
            rest.append(s)
    for c in _cluster(rest):
        groups.append(_Group(c, None))

    _order(groups, published)
    groups.sort(key=lambda g: g.key)
    # the one timeline of the brief (timeline.py); the sort above breaks its ties
    made = [(_point(g, published), g) for g in groups]
    rank = {id(p): k for k, p in enumerate(order_points(p for p, _ in made))}
    made.sort(key=lambda pg: rank[id(pg[0])])
    groups = [g for _, g in made]
    points = tuple(p for p, _ in made)

    where = {(id(s.fact), s.role): k for k, g in enumerate(groups) for s in g.stmts}
    links = []
    for f in facts:
        if f.from_ is not None and (id(f), "from") in where:
            a, b = where[(id(f), "from")], where[(id(f), "stated")]
            if a != b and (a, b) not in links:
                links.append((a, b))
    return points, links, findings


def _order(groups: list[_Group], published: dict[str, str]) -> None:
    """Give every group a sort key (end month, start month, tier, document, position)."""
    anchors: dict[tuple, list[tuple[float, tuple]]] = {}
    for g in groups:
        if g.period is not None:
            end, start, _ = periods.sort_key(g.period)
            first = min(g.stmts, key=lambda s: (s.fact.document, s.pos))
            g.key = (end, start, 0, first.fact.document, first.pos)
            for s in g.stmts:
                if s.period is not None:
                    anchors.setdefault(s.sentence_key, []).append((s.pos, g.key))
    for g in groups:
        if g.period is not None:
            continue
        first = min(g.stmts, key=lambda s: (s.fact.document, s.pos))
        doc, pos = first.fact.document, first.pos
        # a publication dates what the text says now, never the earlier value of a change it
        # states (从第93位前移至第16位: 93 is older than the article): many re-publications
        # must not date the old value as new and turn a stated rise into a fall
        months = [
            m
            for s in g.stmts
            if s.role == "stated" and (m := _month_index(published.get(s.fact.document))) is not None
        ]
        here = anchors.get(first.sentence_key, [])
        before = [k for p, k in here if p < pos]
        after = [k for p, k in here if p > pos]
        if months:
            g.key = (min(months), -1, 1, doc, pos)
        elif before:
            prev = max(before)
            g.key = (prev[0], prev[1], 1, doc, pos)
        elif after:
            nxt = min(after)
            g.key = (nxt[0], nxt[1], -1, doc, pos)
        else:
            g.key = (1 << 30, 0, 0, doc, pos)


def _best(stmts: list[Statement]) -> Statement:
    exact = [s for s in stmts if s.exact]
    pool = exact or stmts
    return max(pool, key=lambda s: (s.places, -s.pos))


def _point(g: _Group, published: dict[str, str]) -> Point:
    best = _best(g.stmts)
    facts: list[Fact] = []
    cited: set[tuple] = set()
    for s in sorted(g.stmts, key=lambda s: (s.fact.document, s.pos)):
        # one source per statement: a separate record of a change's earlier value
        # and the flattened ``from`` of the change are the same words in the text
        key = (s.source.document, s.source.span, s.source.value)
        if key not in cited:
            cited.add(key)
            facts.append(s.source)
    as_of = None
    if g.period is None:  # dated by the publications that state it as current (see _order)
        dates = sorted(d for s in g.stmts if s.role == "stated" and (d := published.get(s.fact.document)))
        as_of = dates[0] if dates else None
    return Point(
        period=g.period,
        value=best.value,
        unit=best.unit,
        facts=tuple(facts),
        qualifier=None if best.exact else best.qualifier,
        conflict=g.conflict,
        as_of=as_of,
    )


def _conflict_finding(
    ind: Indicator, period: str, clusters: list[list[Statement]], goal: bool = False
) -> Finding:
    parts = []
    for c in clusters:
        b = _best(c)
        docs = "、".join(sorted({s.fact.document for s in c}))
        parts.append(f"{b.qualifier or ''}{fmt(b.value)}{b.unit}（{docs}）")
    quotes = tuple(dict.fromkeys(s.fact.sentence for c in clusters for s in c))
    documents = tuple(sorted({s.fact.document for c in clusters for s in c}))
    return Finding(
        level="warning",
        check="conflict",
        message=(
            f"{ind.name}（{periods.label(period)}{'目标' if goal else ''}）数值冲突："
            f"{' 与 '.join(parts)}；两者均保留，请核实"
        ),
        quotes=quotes,
        documents=documents,
    )
