"""Series -> SeriesView: each indicator's points, the trend the text tells, its
headline change, its companions (growth/share series said in its sentence), and
the sentences and themes the brief's text is made of."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from briefgen.compose.phrases import (
    RANK_UNITS,
    declined,
    derived_label,
    derived_text,
    derived_words,
    fmt_num,
    value_text,
)
from briefgen.compose.views import DerivedView, GroupView, PointView, SeriesView, ThemeView
from briefgen.models import Chart, Derived, Point, Series, SeriesSet
from briefgen.reconcile.timeline import is_goal, latest_point, trend_points
from briefgen.wording import period_text

CHANGE_LABELS = ("增幅", "名次变化", "变化", "增长", "年均增长", "倍数")
# A brief stays brief (issue 16): a trend's points beyond these are summarized, not
# listed ("24期中17期较上期增加"), and of the dated values outside the trend only the
# latest is said; every point stays in the data file beside the PDF.
MAX_MIDDLE = 2
MAX_OTHERS = 2
MAX_FIGURES = 12  # a sentence of the brief states at most this many figures
GOAL_WORDS = ("计划", "目标", "预期", "预计", "力争")


def point_view(p: Point, kind: str, number_of: dict[str, int]) -> PointView:
    unit = p.unit
    decline = kind == "growth" and declined(p)
    # 下降4.5%: the sign in words
    magnitude = value_text(-p.value if decline else p.value, unit, p.qualifier, kind)
    return PointView(
        period=period_text(p.period),
        value=f"-{magnitude}" if decline else magnitude,
        decline=decline,
        magnitude=magnitude,
        number=fmt_num(p.value),
        unit=unit,
        conflict=p.conflict,
        sources=tuple(sorted({number_of[f.document] for f in p.facts if f.document in number_of})),
        ref=f"{p.period or ''}|{fmt_num(p.value)}|{p.qualifier or ''}",
        sentences=tuple(dict.fromkeys((f.document, f.sentence) for f in p.facts)),
        goal=is_goal(p),
    )


def _derived_view(d: Derived) -> DerivedView:
    return DerivedView(
        d.label,
        derived_text(d),
        d.formula,
        period_text(d.start),
        period_text(d.end),
        said=derived_words(d),
        said_label=derived_label(d),
    )


def main_points(s: Series) -> list[Point]:
    """The points in the indicator's unit (else all), in timeline order."""
    return [p for p in s.points if p.unit == s.indicator.unit] or list(s.points)


def pair_change(s: Series, first: Point, last: Point) -> list[Derived]:
    """The derived values reconcile computed for exactly this pair of points."""
    from briefgen.reconcile.values import fmt

    pair = [d for d in s.derived if (d.start, d.end) == (first.period, last.period)]
    named = [d for d in pair if fmt(first.value) in d.formula and fmt(last.value) in d.formula]
    return named or pair


def series_view(s: Series, number_of: dict[str, int], chart_keys: set[str]) -> SeriesView:
    ind = s.indicator
    kind = ind.kind if ind.kind != "level" or s.points[0].unit not in RANK_UNITS else "rank"
    ordered = list(s.points)  # reconcile's timeline order (briefgen/reconcile/timeline.py)
    main = main_points(s)
    # one span class (timeline.comparable): 1—9月 then 9月 is no fall
    trend = list(trend_points(main))
    latest = latest_point(main) or ordered[-1]
    if len(trend) < 2:
        trend = []
    last_point = trend[-1] if trend else latest
    told = {id(p) for p in trend} | {id(last_point)}

    def view(p: Point) -> PointView:
        v = point_view(p, kind, number_of)
        return PointView(**{**v.__dict__, "goal": False}) if v.goal and says_goal(ind.name) else v

    views = tuple(view(p) for p in ordered)
    trend_views = tuple(view(p) for p in trend)
    first = trend_views[0] if trend else None
    last = trend_views[-1] if trend else view(last_point)
    rest = [p for p in ordered if id(p) not in told]
    direction, improved = "none", None
    derived_pair: list[Derived] = []
    if trend:
        a, b = trend[0].value, trend[-1].value  # Point.value is signed already
        direction = "up" if b > a else "down" if b < a else "flat"
        better = ind.higher_is_better and kind != "rank"
        improved = None if direction == "flat" else (direction == "up") == better
        derived_pair = pair_change(s, trend[0], trend[-1])
    derived = tuple(_derived_view(d) for d in s.derived)
    pair_views = [_derived_view(d) for d in derived_pair]
    # the headline change: a rate before an amount
    change = next((d for label in CHANGE_LABELS for d in pair_views if d.label == label), None)
    # values of the current period that disagree with the one told: said as a range, not listed
    rivals = [p for p in rest if last_point.conflict and p.conflict and p.period == last_point.period]
    others = tuple(view(p) for p in rest if p.period and all(p is not r for r in rivals))
    summary = summarize(trend, trend_views, others, last, disputed(last_point, rivals, view))
    return SeriesView(
        id=ind.id,
        name=ind.name,
        unit=ind.unit,
        kind=kind,
        theme=ind.theme,
        higher_is_better=ind.higher_is_better,
        points=views,
        first=first,
        last=last,
        direction=direction,
        improved=improved,
        change=change,
        derived=derived,
        chart=ind.id if ind.id in chart_keys else None,
        conflict=any(p.conflict for p in s.points),
        sources=tuple(sorted({n for v in views for n in v.sources})),
        undated=tuple(view(p) for p in rest if not p.period),
        of=ind.of,
        trend=trend_views,
        others=others,
        latest=view(latest),
        latest_trend=bool(trend) and trend[-1] is latest,
    ).with_summary(**summary)


def disputed(last: Point, rivals: list[Point], view) -> dict:
    """The sources disagree on the current value: how many values, the lowest and the
    highest (the brief says so; it never picks one by accident)."""
    if not rivals:
        return {}
    values = [last, *rivals]
    return {
        "rivals": len(values),
        "low": view(min(values, key=lambda p: p.value)),
        "high_value": view(max(values, key=lambda p: p.value)),
    }


def summarize(
    trend: list[Point],
    views: tuple[PointView, ...],
    others: tuple[PointView, ...],
    last: PointView,
    dispute: dict,
) -> dict:
    """What a long series says instead of every point: the trend's ends with how many
    steps rose and fell, its peak when neither end is it, and the point before the
    end (较上期); of the values outside the trend, the latest (较上期 of a part-year
    flow: 2023年1—11月 before 2023年1—12月). Empty when there is nothing to cut."""
    out: dict = dict(dispute)
    if len(views) - 2 > MAX_MIDDLE:
        values = [p.value for p in trend]
        steps = list(zip(values, values[1:], strict=False))
        top = max(range(len(values)), key=values.__getitem__)
        peak = 0 < top < len(values) - 1 and values[top] > max(values[0], values[-1])
        out.update(
            trend=(views[0], views[-1]),
            periods=len(views),
            rises=sum(b > a for a, b in steps),
            falls=sum(b < a for a, b in steps),
            high=views[top] if peak else None,
            previous=views[-2],
        )
    if out.get("previous") or dispute:  # 较上期 said already, or a range: that is enough
        out.update(others=(), left_out=len(others))
    elif len(others) > MAX_OTHERS:
        out.update(others=others[-1:], left_out=len(others) - 1)
    if out:  # the theme's table lists what the text says, in time order
        kept = out.get("trend", views) or (last,)
        before_end = [out["previous"]] if out.get("previous") else []
        out["table"] = tuple(dict.fromkeys([*kept[:-1], *before_end, *kept[-1:], *out.get("others", others)]))
    return out


def attach_companions(views: list[SeriesView]) -> list[SeriesView]:
    """Growth/share series that are 'of' another indicator ride in its sentence."""

    by_id = {v.id: v for v in views}
    kids: dict[str, list[SeriesView]] = {}
    out = []
    for v in views:
        parent = by_id.get(v.of or "")
        if parent is not None and parent.theme == v.theme:
            short = v.name[len(parent.name) :] if v.name.startswith(parent.name) else v.name
            v = replace(v, short=short or v.name, pairs=_pairs(v, parent))
            kids.setdefault(parent.id, []).append(v)
        out.append(v)
    return [replace(v, companions=tuple(kids.get(v.id, ()))) for v in out]


def _pairs(kid: SeriesView, parent: SeriesView) -> tuple[tuple[str, PointView], ...]:
    """Each of the parent's points with at most one of the companion's points:
    the one stated in the same sentence (in "由A增至B，年均增长X%" X goes with B, the
    later point), else the one of the same period when neither is disputed
    ("全年实现地区生产总值412.6亿元，增长6.3%": 6.3% goes with 412.6 even when the
    series' last rate is a later target)."""
    told = [
        *([parent.last] if parent.last else []),
        *parent.trend,
        *([parent.previous] if parent.previous else []),
        *parent.others,
        *parent.undated,
    ]
    order = {p.ref: i for i, p in enumerate(parent.points)}
    paired: dict[str, PointView] = {}
    left = list(kid.points)
    for q in list(left):
        shared = [p for p in told if p.ref not in paired and set(p.sentences) & set(q.sentences)]
        if shared:
            paired[max(shared, key=lambda p: order.get(p.ref, -1)).ref] = q
            left.remove(q)
    for q in left:
        same = [
            p
            for p in told
            if p.ref not in paired and p.period and p.period == q.period and not (p.conflict or q.conflict)
        ]
        if same:
            paired[same[0].ref] = q
    return tuple(paired.items())


def sentence_groups(series: tuple[SeriesView, ...]) -> tuple[GroupView, ...]:
    ids = {v.id for v in series}
    groups: list[GroupView] = []
    for v in series:
        if v.of in ids:
            continue  # said with its parent
        if v.first is not None:
            groups.append(GroupView("trend", "", (v,)))
            continue
        period = v.last.period
        if (
            groups
            and groups[-1].kind == "snapshot"
            and groups[-1].period == period
            and sum(_figures(x) for x in groups[-1].series) + _figures(v) <= MAX_FIGURES
        ):
            groups[-1] = GroupView("snapshot", period, groups[-1].series + (v,))
        else:
            groups.append(GroupView("snapshot", period, (v,)))
    return tuple(groups)


def _figures(v: SeriesView) -> int:
    """About how many figures a snapshot of ``v`` states: its value, a disputed range
    (count, lowest, highest), its companions' values and the values outside it."""
    return 1 + (3 if v.rivals else 0) + len(v.companions) * (1 + len(v.others)) + len(v.others)


def theme_views(
    series_set: SeriesSet, views: list[SeriesView], charts: Sequence[Chart] = ()
) -> tuple[ThemeView, ...]:
    order = list(series_set.themes)
    known = {tid for tid, _ in order}
    for v in views:  # themes the catalog did not list keep their first-seen order
        if v.theme not in known:
            order.append((v.theme, v.theme))
            known.add(v.theme)
    themes = []
    for tid, ttitle in order:
        members = tuple(v for v in views if v.theme == tid)
        if members:
            keys = tuple(c.key for c in charts if c.theme == tid)
            themes.append(ThemeView(tid, ttitle, members, sentence_groups(members), keys))
    return tuple(themes)


def says_goal(name: str) -> bool:
    """年度计划投资, 目标产值: the name already says its values are goals (no （目标） after them)."""
    return any(w in name for w in GOAL_WORDS)
