"""The KPI cards: which indicators get one (the catalog's headline order, filled
up with the indicators that have a trend), and what each card shows."""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.compose.choice import NO_CHOICE, Choice, card_candidates
from briefgen.compose.phrases import derived_text, fmt_num
from briefgen.compose.series_views import main_points, pair_change
from briefgen.compose.views import KpiView, PointView, SeriesView
from briefgen.models import Point, Series
from briefgen.reconcile.timeline import latest_point, part_year, trend_points

MAX_KPIS = 8
MIN_KPIS = 4


def _months(p: Point) -> int | None:
    from briefgen.reconcile import periods

    span = periods.parse(p.period)
    return span.months if span is not None else None


def _card_point(s: Series, latest: Point) -> Point:
    """The value a KPI card shows: the current one; of flows ending in the same
    month, the one over the longest span (1—9月累计 rather than 9月当月)."""
    if not part_year(latest):
        return latest
    end = periods_end(latest)
    same_end = [p for p in main_points(s) if part_year(p) and periods_end(p) == end and not p.conflict]
    return max(same_end, key=lambda p: _months(p) or 0, default=latest)


def periods_end(p: Point) -> int | None:
    from briefgen.reconcile import periods

    span = periods.parse(p.period)
    return span.end if span is not None else None


def kpi_cards(
    series: tuple[Series, ...], views: list[SeriesView], choice: Choice = NO_CHOICE
) -> tuple[KpiView, ...]:
    by_id = {v.id: v for v in views}
    return tuple(_kpi(s, by_id[s.indicator.id]) for s in card_series(series, choice))


def card_series(series: Sequence[Series], choice: Choice = NO_CHOICE) -> list[Series]:
    """The series that get a card, in card order: briefgen.toml's pinned ones, then the
    catalog's headline order, filled up with the indicators that have a trend."""
    pinned, headline = card_candidates(series, choice)
    chosen = pinned + headline
    if len(chosen) < MIN_KPIS:  # fill with the indicators that have a trend to show
        rest = [s for s in series if s not in chosen and s.indicator.id not in choice.kpi_hide]
        rest.sort(key=lambda s: -len({p.period for p in s.points if p.period}))
        chosen += rest[: MIN_KPIS - len(chosen)]
    return chosen[:MAX_KPIS]


def _kpi(s: Series, v: SeriesView) -> KpiView:
    """A card for the current value (timeline.latest_point); a change only when
    the trend the text tells ends at that value."""
    main = main_points(s)
    latest = latest_point(main) or s.points[-1]
    shown = v.latest or v.last
    card = _card_point(s, latest)
    switched = card is not latest and card in s.points
    if switched:  # the trend the text tells ends elsewhere: no change on this card
        latest, shown = card, v.points[list(s.points).index(card)]
    number, unit = shown.value, shown.unit
    if unit and number.endswith(unit):  # 410亿元 -> 410 + 亿元, 第16位 -> 第16 + 位
        number = number[: -len(unit)]
    else:
        unit = ""
    fields: dict = {}
    change = ""
    direction = "none"
    if v.latest_trend and v.first is not None and not switched:
        direction = v.direction
        labels = {d.label: d for d in pair_change(s, *_trend_ends(s))}
        fields = {
            "since": v.first.period,
            "since_value": v.first.value,
            "amount": derived_text(labels["增长"]).lstrip("-") if "增长" in labels else "",
            "rate": derived_text(labels["增幅"]).lstrip("-") if "增幅" in labels else "",
            "moved": derived_text(labels["名次变化"]).lstrip("-") if "名次变化" in labels else "",
            "points_change": derived_text(labels["变化"]).lstrip("-") if "变化" in labels else "",
        }
        if v.kind == "growth" and not fields["points_change"]:  # a rate moves in percentage points
            a, b = _trend_ends(s)
            moved = abs(b.value - a.value)
            fields["points_change"] = f"{fmt_num(round(moved, 2))}个百分点"
        if v.change is not None:
            change = f"较{v.first.period or '此前'}{v.change.said or v.change.label + v.change.value}"
    tone = "neutral" if direction == "none" or v.improved is None else "good" if v.improved else "bad"
    arrow = {"up": "up", "down": "down", "flat": "flat"}.get(direction, "")
    growth = ""
    if direction == "none":  # no trend to show: the rate the text states with this value, if any
        said = _rate_with(v, shown)
        if said is not None:
            c, rate = said
            growth = ("下降" if rate.decline else "增长") + rate.magnitude
            arrow = "down" if rate.decline else "up"
            tone = "good" if rate.decline != c.higher_is_better else "bad"
    if v.kind == "rank" and arrow in ("up", "down"):  # a smaller rank number is a move up
        arrow = "down" if arrow == "up" else "up"
    # 累计 only for a span of months: a single month is that month's flow or a month-end stock
    cumulative = part_year(latest) and (_months(latest) or 0) > 1
    return KpiView(
        v.name,
        number,
        unit,
        shown.period,
        change,
        arrow,
        tone,
        kind=v.kind,
        direction=direction,
        part_year=cumulative,
        growth=growth,
        **fields,
    )


def _rate_with(v: SeriesView, shown: PointView) -> tuple[SeriesView, PointView] | None:
    """The growth rate stated with value ``shown``: in the same sentence, else the
    only rate of its period when neither is disputed ("全年实现地区生产总值412.6亿元，增长6.3%")."""
    rates = [c for c in v.companions if c.kind == "growth"]
    for c in rates:
        for p in c.points:
            if p.unit == "%" and set(p.sentences) & set(shown.sentences):
                return c, p
    for c in rates:
        same = [
            p
            for p in c.points
            if p.unit == "%"
            and shown.period
            and p.period == shown.period
            and not (shown.conflict or p.conflict)
        ]
        if len(same) == 1:
            return c, same[0]
    return None


def _trend_ends(s: Series) -> tuple[Point, Point]:
    trend = trend_points(main_points(s))
    return trend[0], trend[-1]
