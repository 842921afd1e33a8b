"""The frozen view objects the brief template reads: every value, period and
source already in the words the brief prints."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class PointView:
    period: str  # display text, '' when the sources give no time
    value: str  # display text with unit; a declining rate keeps its sign: -4.5%
    number: str
    unit: str
    conflict: bool
    sources: tuple[int, ...]  # SourceView numbers
    ref: str = ""  # identifies the point within its series (what a companion is said with)
    sentences: tuple[tuple[str, str], ...] = ()  # (document, sentence) of its facts
    decline: bool = False  # a growth rate the text states as a decline (下降4.5%)
    magnitude: str = ""  # the value without its sign, for "下降4.5%"
    goal: bool = False  # a goal or forecast (力争突破500亿元), not an outcome: the brief says （目标）


@dataclass(frozen=True)
class DerivedView:
    label: str
    value: str
    formula: str
    start: str
    end: str
    said: str = ""  # label and value in words that carry the direction: 增幅83.0%, 降幅60.7%, 减少75家
    said_label: str = ""  # that label alone (增幅, 降幅, 减少 …), for a formula that shows the sign


@dataclass(frozen=True)
class SeriesView:
    id: str
    name: str
    unit: str
    kind: str
    theme: str
    higher_is_better: bool
    points: tuple[PointView, ...]  # every point in timeline order (Series.points), unplaced ones last
    first: PointView | None  # start of the trend the text tells (None: no change to tell)
    last: PointView  # end of that trend, else the current value (timeline.latest_point)
    direction: str  # up | down | flat | none (no trend)
    improved: bool | None  # direction judged with higher_is_better
    change: DerivedView | None  # the headline derived value (增长/增幅/名次变化…)
    derived: tuple[DerivedView, ...]
    chart: str | None  # chart key when a chart exists
    conflict: bool
    sources: tuple[int, ...]
    undated: tuple[PointView, ...] = ()  # other points the sources give no time for
    trend: tuple[PointView, ...] = ()  # first … last, the intermediate points included
    others: tuple[PointView, ...] = ()  # dated points outside the trend (a part-year value, a bound)
    latest: PointView | None = None  # the current value (KPI cards)
    latest_trend: bool = False  # whether the trend ends at the current value
    of: str | None = None  # a growth/share companion of this indicator id
    short: str = ""  # name without the parent's (工业总产值增速 -> 增速)
    companions: tuple[SeriesView, ...] = ()  # growth/share series about this one
    pairs: tuple[tuple[str, PointView], ...] = ()  # a companion: (parent point ref, own point said with it)
    # issue 16: a long series is summarized, not listed (compose/series_views.summarize)
    periods: int = 0  # points in the trend when its middle is summarized (0: listed in full)
    rises: int = 0  # of those steps, how many went up
    falls: int = 0  # and how many down
    high: PointView | None = None  # the highest point inside the trend, when neither end is it
    previous: PointView | None = None  # the point just before the trend's end (较上期)
    left_out: int = 0  # dated points the text does not say (in the data file)
    table: tuple[PointView, ...] = ()  # the points the theme's table lists (every point when empty)
    rivals: int = 0  # sources disagree on the current value: how many values they give
    low: PointView | None = None  # the lowest of them
    high_value: PointView | None = None  # and the highest

    def with_summary(self, **summary: object) -> SeriesView:
        return replace(self, **summary) if summary else self  # type: ignore[arg-type]


@dataclass(frozen=True)
class KpiView:
    name: str
    value: str  # number only, big
    unit: str  # shown small after the number (第…位 for ranks)
    period: str
    change: str  # kept for custom templates: the headline change in words, e.g. 较2020年增幅83.0%
    arrow: str  # up | down | flat | ''
    tone: str  # good | bad | neutral
    kind: str = "level"  # level | rank | share | growth
    direction: str = "none"  # up | down | flat | none (no change to show)
    since: str = ""  # period of the value compared with ('' when the sources give none)
    since_value: str = ""  # that value, e.g. 224亿元
    amount: str = ""  # derived 增长 without sign, e.g. 75家
    rate: str = ""  # derived 增幅 without sign, e.g. 187.5%
    moved: str = ""  # ranks: places moved, e.g. 77位
    points_change: str = ""  # shares: 5.21个百分点
    part_year: bool = False  # a money flow over part of a year (1—4月累计)
    growth: str = ""  # the rate stated with the shown value, in words: 增长6.3% / 下降4.5% ('' when none)


@dataclass(frozen=True)
class GroupView:
    """One sentence of a theme's text: a trend of one indicator, or a snapshot of
    several indicators that share a period (period '' = the sources give none)."""

    kind: str  # trend | snapshot
    period: str
    series: tuple[SeriesView, ...]


@dataclass(frozen=True)
class ThemeView:
    id: str
    title: str
    series: tuple[SeriesView, ...]  # every series of the theme, companions included
    groups: tuple[GroupView, ...] = ()  # the text, sentence by sentence (companions inside their parent)
    charts: tuple[str, ...] = ()  # keys of the theme's charts, in drawing order


@dataclass(frozen=True)
class FactView:
    indicator: str
    value: str
    period: str
    source: int
    document: str
    sentence: str
    goal: bool = False  # Fact.target: a goal or forecast, marked （目标）
    owner: str = ""  # whose value it is, when not the brief's park's (安义县, 某公司); '' for the park's
    review: str = ""  # "corrected" (已校正) | "manual" (人工补录) | "" as extracted (corrections.toml)


@dataclass(frozen=True)
class OwnerView:
    """The figures of one owner that is not the park (a county, the city's parks as a
    group): its sentences and its series, each named with the owner (安义县工业总产值)."""

    entity: str
    scope: str  # area | group
    paragraphs: tuple[tuple[GroupView, ...], ...]  # one a theme, its sentences; the owner named in each
    series: tuple[SeriesView, ...]


@dataclass(frozen=True)
class RowView:
    """A row of the comparison of parks or of the list of firms and projects."""

    owner: str  # the park, firm or project
    name: str  # the indicator, or what the source says the number is
    period: str
    value: str
    sources: tuple[int, ...]
    goal: bool = False
    own: bool = False  # the brief's park's own value (comparison)


@dataclass(frozen=True)
class SentenceView:
    """A source sentence with every fact read from it (the appendix prints each sentence once)."""

    source: int
    document: str
    sentence: str
    facts: tuple[FactView, ...]


@dataclass(frozen=True)
class FindingView:
    level: str
    check: str
    message: str
    quotes: tuple[str, ...]
    sources: tuple[int, ...]
