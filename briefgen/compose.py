"""Analysis -> Brief: the numbers the brief shows, put into words by jinja2.

``make_brief`` gathers everything the templates need into small frozen view
objects (formatted values, periods, sources), renders the brief template
(templates/brief.xml.j2 or ``cfg.template``) and parses its output: a small
block markup (headings, paragraphs, KPI cards, charts, tables, notes) that
briefgen.pdf turns into ReportLab flowables. Wording lives in the template;
this module only formats numbers and periods.

The block markup, one element per block::

    <brief>
      <title>…</title> <subtitle>…</subtitle> <meta>…</meta>
      <h1>…</h1> <h2>…</h2> <h3>…</h3>      (numbered 一、 （一） 1. here; number="no" to skip)
      <p>… <b>…</b> …</p>                    (body text, first-line indent)
      <note>…</note>  <li mark="1.">…</li>  (small text, hanging lists)
      <kpis><kpi name= value= unit= period= change= arrow="up|down|flat" tone="good|bad|neutral"/></kpis>
      <chart key="indicator id"/>
      <table caption="…" widths="2,1,1" align="l,r,r" font="small">
        <tr header="1"><td>…</td></tr> <tr><td>…</td></tr>
      </table>
      <pagebreak/>
    </brief>
"""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen import __version__, resources, wording
from briefgen.config import Config
from briefgen.errors import TemplateError
from briefgen.models import Changes, Derived, Fact, Finding, Point, Series
from briefgen.reconcile import owners
from briefgen.reconcile.timeline import is_goal, latest_point, part_year, trend_points
from briefgen.wording import number_text, period_text

BRIEF_TEMPLATE = "brief.xml.j2"
MAX_KPIS = 8
MIN_KPIS = 4
RANK_UNITS = ("位", "名")
_CN_DIGITS = "零一二三四五六七八九十"
CHANGE_LABELS = ("增幅", "名次变化", "变化", "增长", "年均增长", "倍数")


# ------------------------------------------------------------------ formatting


def fmt_num(value: float, decimals: int | None = None) -> str:
    """410.0 -> '410', 11.94 -> '11.94'; ``decimals`` fixes the digits (83.0)."""
    if decimals is not None:
        return f"{value:.{decimals}f}"
    return number_text(value)


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


_YEAR = re.compile(r"(\d{4})")


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


# ------------------------------------------------------------------ view objects


@dataclass(frozen=True)
class SourceView:
    number: int  # [1], [2] … in tables
    name: str  # file name
    title: str
    publisher: str
    date: str  # 2022年6月14日, '' when unknown
    url: str


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
class Owners:
    """The analysis' series by whose they are (reconcile/owners.py)."""

    focus: str | None  # the park's entity; None: the documents give no figure of it
    own: tuple[Series, ...]
    peers: tuple[Series, ...]  # other parks
    context: tuple[Series, ...]  # areas and groups of parks
    firms: tuple[Series, ...]
    unknown: tuple[Series, ...]  # no owner named


def split_owners(series: tuple[Series, ...], park: str | None) -> Owners:
    focus = owners.focus(series, park)
    roles = [owners.role(s, focus) for s in series]

    def having(*wanted: str) -> tuple[Series, ...]:
        return tuple(s for s, r in zip(series, roles, strict=True) if r in wanted)

    return Owners(
        focus,
        having(owners.PARK),
        having(owners.PEER),
        having(owners.AREA, owners.GROUP),
        having(owners.FIRM),
        having(owners.UNKNOWN),
    )


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


@dataclass(frozen=True)
class Block:
    """One block of the brief's markup; ``runs`` are (text, bold) pieces."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    runs: tuple[tuple[str, bool], ...] = ()
    children: tuple[Block, ...] = ()
    line: int = 0  # in the rendered markup, for error messages

    def attr(self, name: str, default: str = "") -> str:
        for k, v in self.attrs:
            if k == name:
                return v
        return default

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass(frozen=True)
class Brief:
    """Everything the PDF needs: metadata, the parsed blocks, the charts."""

    title: str  # as configured, e.g. 《安义高新技术产业园区发展简报》
    park: str
    subject: str
    keywords: tuple[str, ...]
    author: str
    creator: str  # briefgen <version>
    generated: dt.date
    period: str  # the period the data cover, e.g. 2017—2023年
    sources: tuple[SourceView, ...]
    blocks: tuple[Block, ...]
    charts: tuple = ()  # briefgen.charts.Chart, in the order the blocks use them
    template: Path = Path()
    documents: tuple[tuple[str, str], ...] = ()  # (name, text) for naming where a character came from
    lang: str = "zh-CN"

    @property
    def plain_title(self) -> str:
        """The title without 《》, for metadata and page headers."""
        return self.title.strip().removeprefix("《").removesuffix("》")

    def chart(self, key: str):
        for c in self.charts:
            if c.key == key:
                return c
        return None


# ------------------------------------------------------------------ building


def make_brief(
    cfg: Config, analysis, changes: Changes | None = None, *, charts: Iterable | None = None
) -> Brief:
    """The brief for ``analysis`` (a pipeline.Analysis). ``charts``: pre-rendered
    charts; by default briefgen.charts renders them (no charts if it is absent)."""
    park = analysis.park or cfg.park or "园区"
    title = cfg.title or f"《{park}发展简报》"
    sources = _sources(analysis.documents)
    number_of = {s.name: s.number for s in sources}
    split = split_owners(analysis.series.series, analysis.park or cfg.park)
    chart_list = (
        tuple(charts)
        if charts is not None
        else _render_charts(analysis.series, analysis.documents, analysis.park or cfg.park)
    )
    chart_keys = {c.key for c in chart_list}
    series_views = _attach_companions([_series_view(s, number_of, chart_keys) for s in split.own])
    themes = _themes(analysis.series, series_views, chart_list)
    context_views = _owner_views(split.context, split.focus, number_of)
    generated = generation_date()
    facts = _fact_views(analysis.facts, analysis.series, number_of, split.focus)
    period = _coverage(analysis.series.series)
    findings = _owned_findings(analysis.series, split)
    context = {
        "park": park,
        "title": title,
        "generated": date_text(generated),
        "period": period,
        "sources": sources,
        "source_count": len(sources),
        "park_data": split.focus is not None,
        "kpis": _kpis(split.own, series_views),
        "themes": themes,
        "series": series_views,
        "context": context_views,
        "context_rows": sum(len(v.points) for o in context_views for v in o.series),
        "compare": _compare_rows(split, number_of),
        "compare_charts": [c.key for c in chart_list if c.kind == "compare"],
        "projects": _project_rows(split.firms, analysis.series.unmapped, number_of),
        "derived": [
            (sv, d)
            for sv in [*series_views, *(v for o in context_views for v in o.series)]
            for d in sv.derived
        ],
        "findings": [_finding_view(f, number_of, owner) for f, owner in findings],
        "warnings": [_finding_view(f, number_of, owner) for f, owner in findings if f.level == "warning"],
        "facts": facts,
        "appendix": _by_sentence(analysis.facts, facts, analysis.documents),
        "unmapped": _other_rows(split, analysis.series.unmapped, number_of),
        "changes": changes,
        "fact_count": len(analysis.facts),
        "version": __version__,
    }
    template = template_path(cfg)
    markup = render_template(template, context)
    blocks = parse_blocks(markup, template)
    used = [b.attr("key") for b in _walk(blocks) if b.tag == "chart"]
    ordered = tuple(c for key in used for c in chart_list if c.key == key)
    return Brief(
        title=title,
        park=park,
        subject=f"{park}主要指标、图表及资料来源" + (f"（{period}）" if period else ""),
        keywords=tuple(dict.fromkeys([park, "简报", *(t.title for t in themes)])),
        author=cfg.author,
        creator=f"briefgen {__version__}",
        generated=generated,
        period=period,
        sources=sources,
        blocks=blocks,
        charts=ordered,
        template=template,
        documents=tuple(
            (
                d.name,
                "\n".join(
                    [
                        d.text,
                        d.original,
                        d.title,
                        d.meta.publisher or "",
                        *(f.sentence for f in analysis.facts if f.document == d.name),
                    ]
                ),
            )
            for d in analysis.documents
        ),
    )


def _render_charts(series_set, documents, park: str | None = None) -> tuple:
    from briefgen.charts import render_charts  # matplotlib: imported when a brief is made

    return tuple(render_charts(series_set, documents=documents, park=park))


# ------------------------------------------------------------------ owners other than the park


def _owner_views(
    series: tuple[Series, ...], focus: str | None, number_of: dict[str, int]
) -> tuple[OwnerView, ...]:
    """Each area or group with its series named as its own (安义县工业总产值), never charted."""
    from dataclasses import replace

    by_owner: dict[str, list[Series]] = {}
    for s in series:
        by_owner.setdefault(s.entity, []).append(s)
    out = []
    for entity, members in by_owner.items():
        plain = [_series_view(s, number_of, set()) for s in members]
        views = tuple(
            _attach_companions([replace(v, name=owners.owned_name(v.name, entity, focus)) for v in plain])
        )
        names = {v.id: v.name for v in plain}
        paragraphs = tuple(
            _named_once(_groups(tuple(v for v in views if v.theme == theme)), names)
            for theme in dict.fromkeys(v.theme for v in views)
        )
        out.append(OwnerView(entity, members[0].scope, paragraphs, views))
    return tuple(out)


def _named_once(groups: tuple[GroupView, ...], plain: dict[str, str]) -> tuple[GroupView, ...]:
    """A sentence names the owner once: "2023年，安义县新签约项目89个，新签约项目总投资229.09亿元"."""
    from dataclasses import replace

    return tuple(
        replace(g, series=(g.series[0], *(replace(v, name=plain[v.id]) for v in g.series[1:])))
        for g in groups
    )


def _rows(s: Series, number_of: dict[str, int], own: bool = False) -> list[RowView]:
    kind = s.indicator.kind if s.indicator.kind != "level" or s.points[0].unit not in RANK_UNITS else "rank"
    rows = []
    for p in s.points:
        v = _point_view(p, kind, number_of)
        rows.append(
            RowView(
                s.entity,
                s.indicator.name,
                v.period,
                v.value,
                v.sources,
                goal=v.goal and not says_goal(s.indicator.name),
                own=own,
            )
        )
    return rows


def _compare_rows(split: Owners, number_of: dict[str, int]) -> tuple[RowView, ...]:
    """Other parks' values, indicator by indicator, the park's own first where it has that indicator."""
    rows: list[RowView] = []
    for ind_id in dict.fromkeys(s.indicator.id for s in split.peers):
        for s in split.own:
            if s.indicator.id == ind_id:
                rows += _rows(s, number_of, own=True)
        for s in split.peers:
            if s.indicator.id == ind_id:
                rows += _rows(s, number_of)
    return tuple(rows)


def _project_rows(
    firms: tuple[Series, ...], unmapped: Iterable[Fact], number_of: dict[str, int]
) -> tuple[RowView, ...]:
    """Firms' and projects' values: their series, then what 其他数据 holds of them."""
    rows = [r for s in firms for r in _rows(s, number_of)]
    for f in unmapped:
        if f.scope == owners.FIRM:
            rows.append(
                RowView(
                    f.entity,
                    f.subject,
                    period_text(f.period),
                    fact_value_text(f),
                    (number_of.get(f.document, 0),),
                    goal=f.target,
                )
            )
    return tuple(rows)


def _other_rows(split: Owners, unmapped: Iterable[Fact], number_of: dict[str, int]) -> list[FactView]:
    """其他数据: facts that map to no indicator (firms' aside), and series of no named owner
    when others are named (each point once)."""
    rows = [
        _fact_view(p.facts[0], s.indicator.name, number_of, split.focus)
        for s in split.unknown
        for p in s.points
        if p.facts
    ]
    return rows + [_fact_view(f, "", number_of, split.focus) for f in unmapped if f.scope != owners.FIRM]


def _owned_findings(series_set, split: Owners) -> list[tuple[Finding, str]]:
    """Every finding with the owner it is about when that is not the park ('' otherwise)."""
    owner_of = {
        id(f): s.entity for s in series_set.series for f in s.findings if s.entity and s.entity != split.focus
    }
    return [(f, owner_of.get(id(f), "")) for f in series_set.findings]


def _sources(documents) -> tuple[SourceView, ...]:
    return tuple(
        SourceView(i, d.name, d.title, d.meta.publisher or "", date_text(d.meta.published), d.meta.url or "")
        for i, d in enumerate(documents, 1)
    )


GOAL_WORDS = ("计划", "目标", "预期", "预计", "力争")


def _point_view(p: Point, kind: str, number_of: dict[str, int]) -> PointView:
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


def _main_points(s: Series) -> list[Point]:
    """The points in the indicator's unit (else all), in timeline order."""
    return [p for p in s.points if p.unit == s.indicator.unit] or list(s.points)


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
    same_end = [p for p in _main_points(s) if part_year(p) and periods_end(p) == end and not p.conflict]
    return max(same_end, key=lambda p: _months(p) or 0, default=latest)


def periods_end(p: Point) -> int | None:
    from briefgen.reconcile import periods

    span = periods.parse(p.period)
    return span.end if span is not None else None


def _pair_change(s: Series, first: Point, last: Point) -> list[Derived]:
    """The derived values reconcile computed for exactly this pair of points."""
    from briefgen.reconcile.values import fmt

    pair = [d for d in s.derived if (d.start, d.end) == (first.period, last.period)]
    named = [d for d in pair if fmt(first.value) in d.formula and fmt(last.value) in d.formula]
    return named or pair


def _series_view(s: Series, number_of: dict[str, int], chart_keys: set[str]) -> SeriesView:
    ind = s.indicator
    kind = ind.kind if ind.kind != "level" or s.points[0].unit not in RANK_UNITS else "rank"
    ordered = list(s.points)  # reconcile's timeline order (briefgen/reconcile/timeline.py)
    main = _main_points(s)
    # one span class (timeline.comparable): 1—9月 then 9月 is no fall
    trend = list(trend_points(main))
    latest = latest_point(main) or ordered[-1]
    if len(trend) < 2:
        trend = []
    last_point = trend[-1] if trend else latest
    told = {id(p) for p in trend} | {id(last_point)}

    def view(p: Point) -> PointView:
        v = _point_view(p, kind, number_of)
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
        derived_pair = _pair_change(s, trend[0], trend[-1])
    derived = tuple(_derived_view(d) for d in s.derived)
    pair_views = [_derived_view(d) for d in derived_pair]
    # the headline change: a rate before an amount
    change = next((d for label in CHANGE_LABELS for d in pair_views if d.label == label), None)
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
        of=getattr(ind, "of", None),
        trend=trend_views,
        others=tuple(view(p) for p in rest if p.period),
        latest=view(latest),
        latest_trend=bool(trend) and trend[-1] is latest,
    )


def _attach_companions(views: list[SeriesView]) -> list[SeriesView]:
    """Growth/share series that are 'of' another indicator ride in its sentence."""
    from dataclasses import replace

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
    told = [*([parent.last] if parent.last else []), *parent.trend, *parent.others, *parent.undated]
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


def _groups(series: tuple[SeriesView, ...]) -> tuple[GroupView, ...]:
    ids = {v.id for v in series}
    groups: list[GroupView] = []
    for v in series:
        if v.of in ids:
            continue  # said with its parent
        if v.first is not None:
            groups.append(GroupView("trend", "", (v,)))
            continue
        period = v.last.period
        if groups and groups[-1].kind == "snapshot" and groups[-1].period == period:
            groups[-1] = GroupView("snapshot", period, groups[-1].series + (v,))
        else:
            groups.append(GroupView("snapshot", period, (v,)))
    return tuple(groups)


def _themes(series_set, views: list[SeriesView], charts: tuple = ()) -> tuple[ThemeView, ...]:
    order: list[tuple[str, str]] = list(getattr(series_set, "themes", ()) or ())
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
            themes.append(ThemeView(tid, ttitle, members, _groups(members), keys))
    return tuple(themes)


def _kpis(series: tuple[Series, ...], views: list[SeriesView]) -> tuple[KpiView, ...]:
    by_id = {v.id: v for v in views}
    chosen = sorted((s for s in series if s.indicator.headline > 0), key=lambda s: s.indicator.headline)
    if len(chosen) < MIN_KPIS:  # fill with the indicators that have a trend to show
        rest = [s for s in series if s not in chosen]
        rest.sort(key=lambda s: -len({p.period for p in s.points if p.period}))
        chosen += rest[: MIN_KPIS - len(chosen)]
    return tuple(_kpi(s, by_id[s.indicator.id]) for s in chosen[:MAX_KPIS])


def _kpi(s: Series, v: SeriesView) -> KpiView:
    """A card for the current value (timeline.latest_point); a change only when
    the trend the text tells ends at that value."""
    main = _main_points(s)
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
        labels = {d.label: d for d in _pair_change(s, *_trend_ends(s))}
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
    trend = trend_points(_main_points(s))
    return trend[0], trend[-1]


def _coverage(series: tuple[Series, ...]) -> str:
    years = sorted({int(y) for s in series for p in s.points for y in _YEAR.findall(p.period or "")})
    if not years:
        return ""
    return f"{years[0]}年" if years[0] == years[-1] else f"{years[0]}—{years[-1]}年"


def says_goal(name: str) -> bool:
    """年度计划投资, 目标产值: the name already says its values are goals (no （目标） after them)."""
    return any(w in name for w in GOAL_WORDS)


def _fact_view(f: Fact, indicator: str, number_of: dict[str, int], focus: str | None = "") -> FactView:
    value = fact_value_text(f)
    if indicator and f.kind == "growth" and f.unit == "%":  # the name says 增速: the signed rate is enough
        value = value.replace("增长", "", 1).replace("下降", "-", 1)
    return FactView(
        indicator=indicator or f.subject,
        value=value,
        period=period_text(f.period),
        source=number_of.get(f.document, 0),
        document=f.document,
        sentence=f.sentence,
        goal=f.target and not says_goal(indicator or f.subject),
        owner=_owner_to_name(f, indicator or f.subject, focus),
    )


def _owner_to_name(f: Fact, name: str, focus: str | None) -> str:
    """Whose the fact is, when not the park's and its name does not say it already."""
    return "" if not f.entity or f.entity == focus or name.startswith(f.entity) else f.entity


def _fact_views(facts, series_set, number_of, focus: str | None = "") -> tuple[FactView, ...]:
    """Every fact, in the order of the series (then the rest), each once."""
    names = {s.indicator.id: s.indicator.name for s in series_set.series}
    rows: list[FactView] = []
    seen: set[tuple] = set()

    def key(f: Fact) -> tuple:  # reconcile may copy facts: compare what they say, not identity
        return (f.document, f.span, f.value, f.unit, f.period)

    for s in series_set.series:
        for p in s.points:  # timeline order
            for f in p.facts:
                if key(f) not in seen:
                    seen.add(key(f))
                    rows.append(_fact_view(f, s.indicator.name, number_of, focus))
    for f in facts:
        if key(f) not in seen:
            seen.add(key(f))
            rows.append(_fact_view(f, names.get(f.indicator or "", ""), number_of, focus))
    return tuple(rows)


def _by_sentence(
    facts: tuple[Fact, ...], views: tuple[FactView, ...], documents=()
) -> tuple[SentenceView, ...]:
    """Fact views grouped by the sentence they come from, in reading order of the sources;
    a long sentence is shown as an excerpt around its numbers."""
    position = {(f.document, f.sentence): (f.sentence_index, i) for i, f in reversed(list(enumerate(facts)))}
    groups: dict[tuple[str, str], list[FactView]] = {}
    listed: set[tuple] = set()
    for v in views:  # a sentence the source repeats word for word lists its facts once
        if (v.document, v.sentence, v.indicator, v.value, v.period) not in listed:
            listed.add((v.document, v.sentence, v.indicator, v.value, v.period))
            groups.setdefault((v.document, v.sentence), []).append(v)
    order = sorted(groups, key=lambda k: (groups[k][0].source, position.get(k, (1 << 30, 1 << 30))))
    spans = _spans_in_sentences(facts, documents)
    return tuple(
        SentenceView(groups[k][0].source, k[0], excerpt(k[1], spans.get(k, ())), tuple(groups[k]))
        for k in order
    )


QUOTE_LIMIT = 200  # characters of a source sentence the brief prints (the appendix, check quotes)
_CLAUSE_END = frozenset("，；、：。！？,;!?")  # not ':' (https://, 10:30)


def _ends_clause(text: str, k: int) -> bool:
    """Is ``text[k]`` a clause mark? An ASCII comma inside a number (1,200) is not."""
    return text[k] in _CLAUSE_END and not (text[k] == "," and text[k + 1 : k + 2].isdigit())


def excerpt(sentence: str, spans: Iterable[tuple[int, int]] = (), limit: int = QUOTE_LIMIT) -> str:
    """``sentence`` as the brief quotes it: whole when it is short, else the clauses
    around ``spans`` (positions in ``sentence`` of the numbers it is quoted for;
    default: its first number), cuts marked ……. A 27,000-character "sentence"
    (a page without stops) would fill pages and overflow a table cell."""
    if len(sentence) <= limit:
        return sentence
    marks = sorted({(max(0, a), min(len(sentence), max(a, b))) for a, b in spans if 0 <= a < len(sentence)})
    if not marks:
        first = re.search(r"\d", sentence)
        marks = [(first.start(), first.end())] if first else [(0, 0)]
    room = max(limit // len(marks), 40)  # each number keeps its clause, however many there are
    windows: list[list[int]] = []
    for a, b in marks:
        b = min(b, a + room)
        lo = max(0, a - (room - (b - a)) // 2)
        hi = min(len(sentence), lo + room)
        lo = max(0, min(lo, hi - room))
        if lo > 0:  # start after a clause mark, if one comes before the number
            lo = next((k + 1 for k in range(lo, a) if _ends_clause(sentence, k)), lo)
        if hi < len(sentence):  # end at a clause mark, if one comes after it
            hi = next((k + 1 for k in range(hi - 1, b - 1, -1) if _ends_clause(sentence, k)), hi)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    out = "……" if windows[0][0] > 0 else ""
    for lo, hi in windows:
        piece = sentence[lo:hi]
        if hi < len(sentence):
            out += piece.rstrip("".join(_CLAUSE_END)) + "……"
        else:
            out += piece
    return out


def _spans_in_sentences(
    facts: Iterable[Fact], documents: Iterable
) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """(document, sentence) -> where its facts' numbers are in that sentence."""
    texts = {d.name: d for d in documents}
    found: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for f in facts:
        doc = texts.get(f.document)
        start = -1
        if doc is not None and 0 <= f.sentence_index < len(doc.sentences):
            s = doc.sentences[f.sentence_index]
            start = s.start if s.text == f.sentence else -1
        if start < 0 and doc is not None:
            around = max(0, f.span[1] - len(f.sentence)), f.span[0] + len(f.sentence)
            start = doc.text.rfind(f.sentence, *around)
        if start >= 0:
            found.setdefault((f.document, f.sentence), []).append((f.span[0] - start, f.span[1] - start))
    return found


def _quote_spans(quote: str, message: str) -> list[tuple[int, int]]:
    """Where the numbers a check's message speaks of are in one of its quotes."""
    spans = []
    for number in dict.fromkeys(re.findall(r"\d+(?:\.\d+)?", message)):
        m = re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", quote)
        if m:
            spans.append(m.span())
    return spans


def _finding_view(f: Finding, number_of: dict[str, int], owner: str = "") -> FindingView:
    quotes = tuple(excerpt(q, _quote_spans(q, f.message)) for q in f.quotes)
    message = f"{owner}：{f.message}" if owner else f.message
    return FindingView(
        f.level,
        f.check,
        _with_refs(message, number_of),
        quotes,
        tuple(sorted({number_of[d] for d in f.documents if d in number_of})),
    )


def _with_refs(message: str, number_of: dict[str, int]) -> str:
    """File names in a check's message -> the brief's source numbers: "612亿元
    （h03_a.txt） 与 168.2亿元（h08_b.txt、h09_c.txt）" -> "612亿元[3] 与 168.2亿元[8][9]".
    A file name cannot break across lines: in justified text it spread its line apart."""
    for name in sorted(number_of, key=len, reverse=True):
        message = message.replace(name, f"[{number_of[name]}]")
    return re.sub(r"\s*（((?:\[\d+\]、?)+)）", lambda m: m[1].replace("、", ""), message)


# ------------------------------------------------------------------ templates


def template_path(cfg: Config) -> Path:
    """cfg.template: a folder holding brief.xml.j2, or one template file; None = shipped."""
    if cfg.template is None:
        return resources.templates_dir() / BRIEF_TEMPLATE
    path = cfg.path(cfg.template)
    if path.is_dir():
        path = path / BRIEF_TEMPLATE
    if not path.is_file():
        raise TemplateError("template not found", path=path)
    return path


def render_template(path: Path, context: dict) -> str:
    """Render with StrictUndefined and autoescaping; errors name the file and line."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path.parent), str(resources.templates_dir())]),
        autoescape=True,  # text from sources is data, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(num=fmt_num, period=period_text, cn=cn_number, date=date_text)
    try:
        template = env.get_template(path.name)
        return template.render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or str(path)
        raise TemplateError(f"line {exc.lineno}: {exc.message}", path=where) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}", path=path) from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError, KeyError, ZeroDivisionError) as exc:
        filename, line = _template_frame(exc, path)
        raise TemplateError(f"line {line}: {type(exc).__name__}: {exc}", path=filename) from None


def _template_frame(exc: BaseException, path: Path) -> tuple[str, int | str]:
    """The innermost template frame of a render error (jinja2 rewrites tracebacks
    so template lines appear as frames of the template file)."""
    found: tuple[str, int | str] = (str(path), "?")
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or name.endswith(".jinja") or name.endswith(".xml") or name == str(path):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


INLINE_TAGS = {"title", "subtitle", "meta", "h1", "h2", "h3", "p", "note", "li", "td", "caption", "lead"}
CONTAINER_TAGS = {"kpis", "table", "tr", "brief", "box"}
EMPTY_TAGS = {"kpi", "chart", "pagebreak", "spacer"}
# where a tag may stand: a row only in a table, a cell only in a row, a card only
# in <kpis>; everything else in <brief> or a <box>. briefgen.pdf draws nothing for
# a tag elsewhere, so a misplaced one is the template's error, not a silent gap.
PLACES = {"kpis": {"kpi"}, "table": {"tr"}, "tr": {"td"}}
BODY_TAGS = (INLINE_TAGS | CONTAINER_TAGS | EMPTY_TAGS) - {"brief", "kpi", "tr", "td"}


def parse_blocks(markup: str, template: Path) -> tuple[Block, ...]:
    """The rendered markup -> blocks. Errors say which rendered line is wrong."""
    try:
        parser = ET.XMLParser()
        root = ET.fromstring(markup, parser=parser)
    except ET.ParseError as exc:
        line = exc.position[0]
        shown = markup.splitlines()[line - 1].strip()[:80] if line - 1 < len(markup.splitlines()) else ""
        raise TemplateError(
            f"rendered markup is not well-formed at its line {line} ({exc}): {shown}", path=template
        ) from None
    if root.tag != "brief":
        raise TemplateError(f"the template must produce <brief>…</brief>, not <{root.tag}>", path=template)
    return tuple(_block(child, template, "brief") for child in root)


def _block(el: ET.Element, template: Path, parent: str) -> Block:
    known = INLINE_TAGS | CONTAINER_TAGS | EMPTY_TAGS
    if el.tag not in known:
        raise TemplateError(f"unknown block <{el.tag}> (known: {', '.join(sorted(known))})", path=template)
    allowed = PLACES.get(parent, BODY_TAGS)
    if el.tag not in allowed:
        raise TemplateError(
            f"<{el.tag}> is not allowed inside <{parent}> (allowed there: {', '.join(sorted(allowed))})",
            path=template,
        )
    attrs = tuple((k, v) for k, v in el.attrib.items())
    if el.tag in INLINE_TAGS:
        return Block(el.tag, attrs, tuple(_runs(el, False, template)))
    if el.tag in CONTAINER_TAGS:
        return Block(el.tag, attrs, children=tuple(_block(c, template, el.tag) for c in el))
    return Block(el.tag, attrs)


def _runs(el: ET.Element, bold: bool, template: Path) -> list[tuple[str, bool]]:
    runs: list[tuple[str, bool]] = []
    if el.text:
        runs.append((el.text, bold))
    for child in el:
        if child.tag == "b":
            runs.extend(_runs(child, True, template))
        elif child.tag == "br":
            runs.append(("\n", bold))
        else:
            raise TemplateError(
                f"<{child.tag}> is not allowed inside <{el.tag}> (only <b> and <br/>)", path=template
            )
        if child.tail:
            runs.append((child.tail, bold))
    # whitespace from template indentation is not text in Chinese
    return [(re.sub(r"\s*\n\s*", "", t) if t != "\n" else t, b) for t, b in runs]


def _walk(blocks: Iterable[Block]):
    for b in blocks:
        yield b
        yield from _walk(b.children)
