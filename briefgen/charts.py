"""The brief's charts: matplotlib figures turned into ReportLab vector drawings.

Each figure is saved as SVG with its text kept as text (``svg.fonttype: none``)
and converted by svglib into a ``reportlab.graphics.shapes.Drawing`` whose
strings use the brief's own embedded sans face, so the PDF gets sharp charts
whose Chinese text is searchable and copyable.

Choosing is separate from drawing: :func:`plan_charts` decides which series get
which kind of chart (pure Python, fast, no matplotlib); :func:`render_charts`
draws the plans. Kinds:

    line       an indicator with >= 3 points in time
    bars       before/after bars for 2 points (levels: money, areas, ...)
    slope      a slope chart for 2 points of a share or a rate (%)
    rank       a rank over time, axis inverted so that up means better
    progress   completion shares (single % values) of a theme as progress bars
    multiples  small multiples: several count indicators of one theme side by side
    compare    one indicator of several parks, a bar each (the brief's park dark)
    ytd        a monthly bulletin's year-to-date flow (1—N月累计) by month, this year
               against last year, beside its 累计增速 when the series has one

A chart never draws text over text: :func:`declutter` measures every string of a
laid-out figure, thins crowded axis labels and drops the data labels that would
touch a more important string.

Theme charts draw the brief's park's own series only (reconcile/owners.py); an
indicator that several parks report gets a compare chart (key compare:<id>).

``Indicator.chart`` in the catalog forces a kind (or ``none``).
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from briefgen import wording
from briefgen.errors import FontError, MissingGlyphsError
from briefgen.extract import units
from briefgen.models import Chart, Document, Point, Series, SeriesSet, SourceMeta
from briefgen.reconcile import owners
from briefgen.reconcile.timeline import latest_point, trend_points
from briefgen.resources import fonts_dir as default_fonts_dir
from briefgen.wording import Period, period_text

if TYPE_CHECKING:  # heavy imports stay inside the functions that draw
    from reportlab.graphics.shapes import Drawing

CHART_KINDS = ("line", "bars", "slope", "rank", "progress", "multiples", "compare", "ytd")
STYLE_PATH = Path(__file__).resolve().parent / "chartstyle.mplstyle"

CM = 72 / 2.54
FULL_WIDTH = 16 * CM  # an A4 text column
HALF_WIDTH = 7.8 * CM  # two side by side with a gutter
HEIGHT = 7 * CM
MULTIPLES_PER_CHART = 4
PROGRESS_PER_CHART = 6

# The palette (also in chartstyle.mplstyle's cycle): a muted navy for the
# latest / main value, a pale blue-grey for earlier values, grey for furniture.
PRIMARY = "#1F4E79"
EARLIER = "#A9BCD0"
TRACK = "#E8EDF2"
MUTED = "#595959"

# Units whose values are counts (the extractor's vocabulary, one list): several
# of them in one theme become small multiples.
COUNT_UNITS = frozenset(units.COUNT_UNITS)
RANK_UNITS = frozenset({"位", "名次", "强"})
PERCENT_UNITS = frozenset({"%", "％", "个百分点"})
UNDATED = "未注明时间"
BEFORE, NOW = "此前", "目前"  # labels of an undated from → to pair


@dataclass(frozen=True)
class Panel:
    """One indicator's points as drawn (ordered, labelled)."""

    series: Series
    points: tuple[Point, ...]
    labels: tuple[str, ...]  # x labels: 2020年, 2022年1—4月, 此前/目前, 未注明时间
    positions: tuple[float, ...]  # x positions (years when the periods allow, else 0..n-1)

    @property
    def name(self) -> str:
        return self.series.indicator.name

    @property
    def unit(self) -> str:
        return self.points[-1].unit if self.points else self.series.indicator.unit


@dataclass(frozen=True)
class ChartPlan:
    """What to draw before drawing it: the kind and the panels."""

    kind: str
    key: str
    theme: str
    title: str
    caption: str
    panels: tuple[Panel, ...]
    width: float
    height: float
    focus: str = ""  # compare: the brief's park, drawn dark


# --------------------------------------------------------------------------- planning


def plan_charts(series_set: SeriesSet, park: str | None = None) -> list[ChartPlan]:
    """Which series get which chart, in the order of the series set: the brief's
    park's series (``park``: the configured one, see reconcile/owners.focus), then
    a comparison of each indicator several parks report."""
    focus = owners.focus(series_set.series, park)
    own = [s for s in series_set.series if owners.role(s, focus) == owners.PARK]
    return _theme_plans(own, dict(series_set.themes)) + compare_plans(series_set.series, focus)


def compare_plans(series: Iterable[Series], focus: str | None) -> list[ChartPlan]:
    """One bar chart per indicator that two or more parks report: each park's current value.
    Not for ranks: a longer bar would be a worse place (the comparison table has them)."""
    parks: dict[str, list[Panel]] = {}
    for s in series:
        if owners.role(s, focus) not in (owners.PARK, owners.PEER) or s.indicator.chart == "none":
            continue
        if s.indicator.kind == "rank" or s.indicator.unit in RANK_UNITS:
            continue
        main = [p for p in s.points if p.unit == s.indicator.unit]
        latest = latest_point(main) if main else None
        if latest is not None:
            label = f"{s.entity}（{period_label(latest.period)}）" if latest.period else s.entity
            parks.setdefault(s.indicator.id, []).append(Panel(s, (latest,), (label,), (0.0,)))
    plans: list[ChartPlan] = []
    for ind_id, panels in parks.items():
        if len(panels) < 2:
            continue
        if len(plans) >= MAX_COMPARE:
            break  # the brief shows no more (briefgen/budget.py: compare_charts)
        ind = panels[0].series.indicator
        unit = _display_unit(ind.unit)
        title = f"{ind.name}（{unit}）" if unit else ind.name
        height = (1.2 + 0.75 * len(panels)) * CM
        plans.append(
            ChartPlan(
                "compare",
                f"compare:{ind_id}",
                "compare",
                title,
                f"各园区{ind.name}比较",
                tuple(panels),
                FULL_WIDTH,
                height,
                focus or "",
            )
        )
    return plans


def _theme_plans(own: list[Series], theme_titles: dict[str, str]) -> list[ChartPlan]:
    slots: list[tuple[str, Any]] = []  # ("one", ChartPlan) | ("group", (kind, theme)) in display order
    groups: dict[tuple[str, str], list[Panel]] = {}
    bulletins, drawn_with = year_to_date_plans(own)

    for series in own:
        ind = series.indicator
        forced = (ind.chart or "auto").strip().lower()
        if forced == "none":
            continue
        if ind.id in bulletins:
            slots.append(("one", bulletins[ind.id]))
            continue
        if ind.id in drawn_with:  # a 累计增速 drawn beside its year-to-date values
            continue
        panel = make_panel(series)
        if panel is None:
            continue
        n = len(panel.points)
        unit = panel.unit
        kind: str | None = None
        if forced == "progress" or (forced == "auto" and _is_completion_share(series, panel)):
            kind = "progress"
            panel = _latest_only(panel)
        elif n < 2:
            continue  # one value: a KPI card or a sentence, not a chart
        elif forced in ("rank", "bars", "slope", "multiples") or (forced == "line" and n >= 3):
            kind = forced  # a catalog "line" of two points is drawn as a before/after pair
        elif ind.kind == "rank" or unit in RANK_UNITS:
            kind = "rank"
        elif n >= 3 and _all_dated(panel):
            kind = "line"
        elif unit in PERCENT_UNITS or ind.kind in ("share", "growth"):
            kind = "slope"
        elif unit in COUNT_UNITS:
            kind = "multiples"  # becomes bars when the theme has only this one
        else:
            kind = "bars"

        if kind in ("progress", "multiples"):
            key = (kind, ind.theme)
            if key not in groups:
                groups[key] = []
                slots.append(("group", key))
            groups[key].append(panel)
        else:
            slots.append(("one", _single_plan(kind, panel)))

    plans: list[ChartPlan] = []
    for what, item in _within_budget(slots):
        if what == "one":
            plans.append(item)
            continue
        kind, theme = item
        panels = groups[item]
        if kind == "multiples" and len(panels) == 1:
            plans.append(_single_plan("bars", panels[0]))
            continue
        size = MULTIPLES_PER_CHART if kind == "multiples" else PROGRESS_PER_CHART
        chunks = [panels[i : i + size] for i in range(0, len(panels), size)]
        if kind == "multiples" and len(chunks) > 1 and len(chunks[-1]) == 1:
            chunks[-2], chunks[-1] = chunks[-2][:-1], chunks[-2][-1:] + chunks[-1]  # no lone panel
        for i, chunk in enumerate(chunks):
            suffix = f"-{i + 1}" if len(chunks) > 1 else ""
            plans.append(_group_plan(kind, theme, theme_titles.get(theme, theme), tuple(chunk), suffix))
    return plans


# "2022-01/2022-08" (1—8月累计) or "2022-01" (a bulletin's January)
_YEAR_TO_DATE = re.compile(r"^(\d{4})-01(?:/(\d{4})-(\d{2}))?$")


def year_to_date(period: str | None) -> tuple[int, int] | None:
    """(year, last month) of a period running from January: 2022年1—8月 -> (2022, 8)."""
    m = _YEAR_TO_DATE.match(period or "")
    if not m:
        return None
    if m[2] is None:
        return int(m[1]), 1
    return (int(m[1]), int(m[3])) if m[2] == m[1] else None


def _year_to_date_panel(series: Series) -> Panel | None:
    """The series' 1—N月 points, by year and month, when it is a bulletin's
    year-to-date flow (three or more 1—N月 periods, the bulk of its points)."""
    unit = series.indicator.unit
    found: dict[tuple[int, int], Point] = {}
    for p in series.points:
        at = year_to_date(p.period)
        if at is not None and p.unit == unit:
            found.setdefault(at, p)
    ranges = sum(1 for _, month in found if month >= 2)
    if ranges < 3 or 2 * len(found) < len(series.points):
        return None
    keys = sorted(found)
    points = tuple(found[k] for k in keys)
    return Panel(series, points, tuple(month_label(m) for _, m in keys), tuple(float(m) for _, m in keys))


def month_label(month: int) -> str:
    """The compact axis label of 1—N月累计: 1月, 2月, … (the title says 累计)."""
    return f"{month}月"


def year_to_date_plans(own: list[Series]) -> tuple[dict[str, ChartPlan], set[str]]:
    """The ytd charts of a bulletin series, by the level indicator's id, and the
    ids of the growth series drawn beside them (not charted again)."""
    plans: dict[str, ChartPlan] = {}
    beside: set[str] = set()
    for s in own:
        ind = s.indicator
        if ind.kind != "level" or (ind.chart or "auto").strip().lower() not in ("auto", "line"):
            continue
        if ind.unit in COUNT_UNITS or ind.unit in PERCENT_UNITS:
            continue  # a count is a stock at a date (企业数 at month end), never a 1—N月 sum
        level = _year_to_date_panel(s)
        if level is None:
            continue
        growth = next(
            (
                panel
                for g in own
                if g.indicator.kind == "growth"
                and g.entity == s.entity
                and (g.indicator.of == ind.id or g.indicator.id == f"{ind.id}_growth")
                and (panel := _year_to_date_panel(g)) is not None
            ),
            None,
        )
        panels = (level,) if growth is None else (level, growth)
        if growth is not None:
            beside.add(growth.series.indicator.id)
        years = sorted({year_to_date(p.period)[0] for p in level.points})  # type: ignore[index]
        shown = years[-2:]
        unit = _display_unit(level.unit)
        title = f"{ind.name}（{unit}，1月至当月累计）" if unit else f"{ind.name}（1月至当月累计）"
        what = "逐月累计及累计增速" if growth is not None else "逐月累计"
        caption = f"{ind.name}{what}（{'年、'.join(str(y) for y in shown)}年）" + _notes(level.points)
        plans[ind.id] = ChartPlan("ytd", ind.id, ind.theme, title, caption, panels, FULL_WIDTH, HEIGHT)
    return plans, beside


MAX_THEME_CHARTS = 3  # a theme's charts at most (issue 16: a brief stays brief)
MAX_COMPARE = 8  # comparisons of parks at most, in catalog order


def _within_budget(slots: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """At most MAX_THEME_CHARTS charts a theme, in display order; the headline
    indicators' (catalog ``headline``) and trends over time before the rest."""

    def theme(slot: tuple[str, Any]) -> str:
        return slot[1].theme if slot[0] == "one" else slot[1][1]

    def weight(slot: tuple[str, Any]) -> tuple:
        if slot[0] != "one":
            return (1, 1)
        plan = slot[1]
        headline = min((p.series.indicator.headline or 99 for p in plan.panels), default=99)
        return (0 if headline < 99 else 1, 0 if plan.kind in ("ytd", "line", "rank") else 1, headline)

    kept: set[int] = set()
    for t in dict.fromkeys(theme(s) for s in slots):
        members = [i for i, s in enumerate(slots) if theme(s) == t]
        kept.update(sorted(members, key=lambda i: weight(slots[i]))[:MAX_THEME_CHARTS])
    return [s for i, s in enumerate(slots) if i in kept]


def make_panel(series: Series) -> Panel | None:
    """The series' chartable points, in time order, with their x labels."""
    unit = series.indicator.unit
    points = [p for p in series.points if p.unit == unit] or list(series.points)
    if points and len({p.unit for p in points}) > 1:
        main = max({p.unit for p in points}, key=lambda u: sum(p.unit == u for p in points))
        points = [p for p in points if p.unit == main]
    ordered = list(trend_points(points))  # reconcile's one timeline, no change read off a bound
    if not ordered:
        return None
    return Panel(series, tuple(ordered), _x_labels(ordered), _x_positions(ordered))


def _is_completion_share(series: Series, panel: Panel) -> bool:
    """A single share in %, between 0 and a little over 100: a progress bar."""
    latest = panel.points[-1]
    return (
        series.indicator.kind == "share"
        and latest.unit in ("%", "％")
        and len({p.period for p in panel.points}) == 1
        and 0 <= latest.value <= 150
    )


def _latest_only(panel: Panel) -> Panel:
    return Panel(panel.series, panel.points[-1:], panel.labels[-1:], (0.0,))


def _all_dated(panel: Panel) -> bool:
    return all(p.period and period_span(p.period) for p in panel.points)


def _single_plan(kind: str, panel: Panel) -> ChartPlan:
    ind = panel.series.indicator
    wide = kind == "line" or (kind == "rank" and len(panel.points) >= 3) or len(panel.points) >= 4
    width = FULL_WIDTH if wide else HALF_WIDTH
    unit = _display_unit(panel.unit)
    title = f"{ind.name}（{unit}）" if unit else ind.name
    if kind == "rank":
        what = "变化" if ind.name.endswith(("排名", "排位", "位次", "名次")) else "排名变化"
    else:
        what = "变化情况"
    caption = f"{ind.name}{what}{_span_text(panel)}" + _notes(panel.points)
    return ChartPlan(kind, ind.id, ind.theme, title, caption, (panel,), width, HEIGHT)


def _group_plan(kind: str, theme: str, theme_title: str, panels: tuple[Panel, ...], suffix: str) -> ChartPlan:
    names = "、".join(p.name for p in panels)
    points = tuple(pt for p in panels for pt in p.points)
    if kind == "progress":
        title = f"{theme_title}：完成率与占比（%）"
        caption = f"{names}" + _notes(points)
        height = (0.5 + 0.9 * len(panels)) * CM  # one row ≈ 9 mm whatever the count
        return ChartPlan(kind, f"progress:{theme}{suffix}", theme, title, caption, panels, FULL_WIDTH, height)
    title = f"{theme_title}：主要数量指标"
    caption = f"{names}变化情况" + _notes(points)
    return ChartPlan(kind, f"multiples:{theme}{suffix}", theme, title, caption, panels, FULL_WIDTH, HEIGHT)


def _span_text(panel: Panel) -> str:
    dated = [p.period for p in panel.points if p.period]
    if len(dated) >= 2 and period_label(dated[0]) != period_label(dated[-1]):
        first, last = period_label(dated[0]), period_label(dated[-1])
        if first.endswith("年") and last.endswith("年") and len(first) == len(last) == 5:
            return f"（{first[:-1]}—{last}）"
        joiner = "至" if "—" in first + last else "—"  # no "1—4月—1—6月"
        return f"（{first}{joiner}{last}）"
    return ""


def _notes(points: Iterable[Point]) -> str:
    points = tuple(points)
    notes = []
    if any(p.period is None for p in points):
        notes.append("部分数值原文未注明时间")
    if any(p.conflict for p in points):
        notes.append("各来源数值不一，详见核对说明")
    if any(p.qualifier for p in points):
        notes.append("“余”“突破”等按原文标注")
    return f"。注：{'；'.join(notes)}" if notes else ""


# --------------------------------------------------------------------------- periods and order


def period_span(period: str | None) -> tuple[float, float] | None:
    """ "2022-01/2022-04" -> (2022.0, 2022.333): start and end in years; None if
    unreadable. An open range ("2021/..": 2021年以来) spans its start."""
    p = Period.parse(period)
    if p is None or p.start is None:
        return None
    end = p.end or p.start
    return p.start.first_month / 12, (end.last_month + 1) / 12


def period_label(period: str | None) -> str:
    """The text's label (briefgen.wording): 2020年, 2022年1—4月, 2022年第一季度, 2020—2023年."""
    return period_text(period) if period else UNDATED


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _x_labels(points: list[Point]) -> tuple[str, ...]:
    months = [_MONTH.match(p.period or "") for p in points]
    if len(points) >= 6 and all(months):
        # month-end values over many months: 2022年1月, 2月, …, 2023年1月, 2月 (the year once)
        labels, year = [], ""
        for m in months:
            assert m is not None
            labels.append(f"{int(m[2])}月" if m[1] == year else f"{m[1]}年{int(m[2])}月")
            year = m[1]
        return tuple(labels)
    labels = [period_label(p.period) for p in points]
    if len(points) == 2:
        if points[0].period is None:
            labels[0] = BEFORE
        if points[1].period is None:
            labels[1] = NOW
    return tuple(labels)


def _x_positions(points: list[Point]) -> tuple[float, ...]:
    """Years along the axis when every point is dated and none crowd another;
    evenly spaced otherwise."""
    spans = [period_span(p.period) for p in points]
    if len(points) >= 3 and all(spans):
        ends = [s[1] for s in spans]  # type: ignore[index]
        total = ends[-1] - ends[0]
        gaps = [b - a for a, b in zip(ends, ends[1:], strict=False)]
        if total > 0 and min(gaps) >= 0.12 * total:
            return tuple(e - ends[0] for e in ends)
    return tuple(float(i) for i in range(len(points)))


# --------------------------------------------------------------------------- text helpers


def _display_unit(unit: str) -> str:
    return {"％": "%"}.get(unit, unit)


def number_text(value: float) -> str:
    """410.0 -> 410, 137.31 -> 137.31, 51.60 -> 51.6 (at most two decimals)."""
    return wording.number_text(value, places=2)


def value_text(point: Point, *, with_unit: str = "") -> str:
    """A data label as the text says it: 300余, 突破100, 51.6%, 3.5%以下."""
    return wording.with_qualifier(number_text(point.value), with_unit, point.qualifier)


def rank_text(point: Point) -> str:
    unit = "名" if point.unit in ("名", "名次") else "位"
    return f"第{number_text(point.value)}{unit}"


_NO_LINE_START = set("，。、；：！？）》」』】%")
_NO_LINE_END = set("（《「『【")


def _wrap(text: str, width: int) -> str:
    """Break a CJK label into lines of at most ``width`` characters, keeping
    closing marks off a line's start and opening marks off its end (禁则)."""
    if len(text) <= width:
        return text
    lines = [text[i : i + width] for i in range(0, len(text), width)]
    for i in range(1, len(lines)):
        while (
            lines[i]
            and lines[i - 1]
            and (lines[i][0] in _NO_LINE_START or lines[i - 1][-1] in _NO_LINE_END or len(lines[i]) == 1)
        ):  # nor a lone character
            lines[i - 1], lines[i] = lines[i - 1][:-1], lines[i - 1][-1] + lines[i]
            if len(lines[i]) > width + 2:
                break
    return "\n".join(line for line in lines if line)


# a period in a title: 2022年1—8月, 2022年1月, 2022年第一季度, 2022年
_TITLE_PERIOD = re.compile(
    r"(\d{4})年(?:(\d{1,2})[—–\-~至](\d{1,2})月|(\d{1,2})月|第[一二三四]季度|[上下]半年)?"
)


def _issue(meta: SourceMeta) -> tuple[str, str, str, tuple[int, int], tuple[int, int]] | None:
    """(publisher, title before the period, title after it, first and last
    month) of one issue of a periodical: a title naming one period."""
    if not (meta.title and meta.publisher):
        return None
    found = list(_TITLE_PERIOD.finditer(meta.title))
    if len(found) != 1:
        return None
    m = found[0]
    year = int(m[1])
    if m[2]:
        first, last = (year, int(m[2])), (year, int(m[3]))
    elif m[4]:
        first = last = (year, int(m[4]))
    else:
        first, last = (year, 1), (year, 12)
    return meta.publisher, meta.title[: m.start()], meta.title[m.end() :], first, last


RUN = 3  # issues of one periodical from which they are credited together


def _credits(metas: list[SourceMeta]) -> list[str]:
    """One credit per document, except that a run of issues of one periodical (one
    publisher, titles alike but for their period) is credited once:
    安义高新区管委会，2022年1月—2023年12月经济运行情况，共24期."""
    runs: dict[tuple[str, str, str], list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for meta in metas:
        issue = _issue(meta)
        if issue is not None:
            runs.setdefault(issue[:3], []).append(issue[3:])
    labels: list[str] = []
    done: set[tuple[str, str, str]] = set()
    for meta in metas:
        issue = _issue(meta)
        key = issue[:3] if issue is not None else None
        if key is not None and len(runs[key]) >= RUN:
            if key not in done:
                done.add(key)
                publisher, before, after = key
                # an issue is named by the month it reports up to (1—8月 is the August issue)
                start = min(last for _, last in runs[key])
                end = max(last for _, last in runs[key])
                if publisher.startswith(before):
                    before = ""  # 安义高新区管委会，安义高新区… says the park twice
                span = f"{start[0]}年{start[1]}月—{end[0]}年{end[1]}月"
                labels.append(f"{publisher}，{before}{span}{after}，共{len(runs[key])}期")
            continue
        labels.append(_credit(meta))
    return labels


def _credit(meta: SourceMeta) -> str:
    """人民网 / 江西日报《…》，2022年6月14日: the publication and its date (sources.toml),
    never a file name when sources.toml names the publication."""
    date = meta.published
    when = f"{date.year}年{date.month}月{date.day}日" if date else ""
    if meta.title and meta.publisher:
        return f"{meta.publisher}《{meta.title}》" + (f"，{when}" if when else "")
    if meta.title:
        return f"《{meta.title}》" + (f"，{when}" if when else "")
    if meta.publisher:
        return meta.publisher + (f"，{when}" if when else "")
    return meta.file


def source_line(points: Iterable[Point], documents: Mapping[str, SourceMeta]) -> str:
    """ "资料来源：人民网 / 江西日报《…》" from the documents of the points' facts;
    a run of one periodical's issues is credited once (see :func:`_credits`)."""
    names: list[str] = []
    for p in points:
        for f in p.facts:
            if f.document not in names:
                names.append(f.document)
    labels = _credits([documents.get(n) or SourceMeta(n) for n in names])
    return "资料来源：" + ("；".join(dict.fromkeys(labels)) if labels else "未注明")


def _source_metas(documents: Iterable[Document] | Mapping[str, SourceMeta]) -> dict[str, SourceMeta]:
    if isinstance(documents, Mapping):
        return dict(documents)
    return {d.name: d.meta for d in documents}


# --------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class ChartFonts:
    """The faces charts are drawn in, as matplotlib and ReportLab know them."""

    family: str  # the TTF's family name: what matplotlib writes into the SVG
    regular: str  # ReportLab font names
    bold: str
    fallback: str | None
    fallback_family: str | None


_FONT_CACHE: dict[Path, ChartFonts] = {}
_FACES: dict[str, Any] = {}  # ReportLab name -> briefgen.fonts.Face
_FONT_MAPS: dict[ChartFonts, Any] = {}


def _face_chars(name: str) -> Any:
    """The code points of a face (a face not drawn with yet has only its cmap read)."""
    face = _FACES.get(name)
    if face is not None:
        return face.codepoints
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(name).face.charToGlyph


def _register(name: str) -> None:
    """Parse and register a face with ReportLab before a string is drawn in it."""
    face = _FACES.get(name)
    if face is not None:
        face.register()


def chart_fonts(folder: Path | None = None) -> ChartFonts:
    """The sans (heading) faces and the fallback, registered with ReportLab and
    matplotlib once per process through briefgen.fonts, so the typesetter and the
    charts share one registration under the same names."""
    from briefgen.fonts import load_fonts, register_matplotlib

    folder = Path(folder or default_fonts_dir()).resolve()
    if folder in _FONT_CACHE:
        return _FONT_CACHE[folder]
    fontset = load_fonts(folder)
    for face in (fontset.heading, fontset.heading_bold):
        face.register()
    # the fallback (a 4 MB file) is parsed only when a chart string is drawn in it: _register
    _FACES.update({face.name: face for face in fontset.faces()})
    families = register_matplotlib(fontset)
    fonts = ChartFonts(
        family=families["heading"],
        regular=fontset.heading.name,
        bold=fontset.heading_bold.name,
        fallback=fontset.fallback.name,
        fallback_family=families["fallback"],
    )
    _FONT_CACHE[folder] = fonts
    return fonts


def _svglib_font_map(fonts: ChartFonts) -> Any:
    """svglib looks fonts up by (family, weight, style); answer with our faces and
    refuse anything else rather than let it fall back to Helvetica. One per process."""
    if fonts in _FONT_MAPS:
        return _FONT_MAPS[fonts]
    from svglib.fonts import FontMap

    class ChartFontMap(FontMap):
        def find_font(self, font_name: str, weight: str = "normal", style: str = "normal"):
            name = font_name.strip().strip("'\"").lower()
            bold = str(weight).lower() in ("bold", "bolder", "600", "700", "800", "900")
            if name == fonts.family.lower():
                return (fonts.bold if bold else fonts.regular), True
            if fonts.fallback and fonts.fallback_family and name == fonts.fallback_family.lower():
                _register(fonts.fallback)  # before svglib measures with it
                return fonts.fallback, True
            return fonts.regular, False

    _FONT_MAPS[fonts] = ChartFontMap()
    return _FONT_MAPS[fonts]


# --------------------------------------------------------------------------- drawing


def render_charts(
    series_set: SeriesSet,
    *,
    documents: Iterable[Document] | Mapping[str, SourceMeta] = (),
    fonts_dir: Path | None = None,
    park: str | None = None,
) -> list[Chart]:
    """Draw every chart :func:`plan_charts` chooses; ``documents`` name the sources."""
    plans = plan_charts(series_set, park)
    if not plans:
        return []
    metas = _source_metas(documents)
    fonts = chart_fonts(fonts_dir)
    return [render_plan(plan, fonts, metas) for plan in plans]


def render_plan(plan: ChartPlan, fonts: ChartFonts, metas: Mapping[str, SourceMeta]) -> Chart:
    svg = plan_svg(plan, fonts)
    drawing = svg_drawing(svg, fonts)
    texts = drawing_texts(drawing, fonts)
    points = [pt for p in plan.panels for pt in p.points]
    return Chart(
        key=plan.key,
        theme=plan.theme,
        title=plan.title,
        caption=plan.caption,
        source=source_line(points, metas),
        drawing=drawing,
        width=float(drawing.width),
        height=float(drawing.height),
        texts=texts,
        kind=plan.kind,
        indicators=tuple(dict.fromkeys(p.series.indicator.id for p in plan.panels)),
    )


def plan_svg(plan: ChartPlan, fonts: ChartFonts) -> bytes:
    """The chart as SVG bytes: same plan, same bytes."""
    import matplotlib
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.figure import Figure

    family = [fonts.family] + ([fonts.fallback_family] if fonts.fallback_family else [])
    # typed local: matplotlib's stubs want Literal rcParams names as keys; these are str from a style file
    rc: dict[Any, Any] = {**_chart_style(), "font.family": family}
    with matplotlib.rc_context(rc=rc), warnings.catch_warnings():
        # a glyph the sans face lacks is measured in the fallback; drawing_texts checks coverage
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig = Figure(figsize=(plan.width / 72, plan.height / 72), dpi=72)
        DRAWERS[plan.kind](fig, plan)
        for ax in fig.axes:  # no axis titles: fixing where they would go spares matplotlib
            for axis in (ax.xaxis, ax.yaxis):  # measuring every tick label to place them
                if not axis.label.get_text():
                    axis.set_label_coords(0.5, 0.5)
        # what savefig(format="svg") does, with one renderer for measuring and drawing,
        # so every text is measured once (matplotlib caches text extents per renderer)
        out = io.StringIO()
        renderer = RendererSVG(plan.width, plan.height, out, metadata={"Date": None, "Creator": None})
        fit_margins(fig, renderer)
        declutter(fig, renderer)
        fig.draw(renderer)
        renderer.finalize()
    # every chart keeps its marks inside its axes (limits with headroom and padding), so
    # the clip path matplotlib puts on each line, bar and gridline clips nothing; svglib
    # would turn each into a clipping group (a fifth of its time)
    return _CLIP_REF.sub("", out.getvalue()).encode("utf-8")


_CLIP_REF = re.compile(r' clip-path="url\(#[0-9a-z]+\)"')


@cache
def _chart_style() -> dict[str, Any]:
    """chartstyle.mplstyle, read once per process (rc_context(fname=...) re-reads it per chart)."""
    import matplotlib

    # cast: the stubs' RcParams.__getitem__ takes Literal keys only, so it is no Mapping[str, Any]
    return dict(cast(Any, matplotlib.rc_params_from_file(STYLE_PATH, use_default_template=False)))


PAD = 2.0  # points around each axes' decorations (what constrained layout's w_pad/h_pad were)
WSPACE = 0.06  # share of the figure width between the axes of one row


def fit_margins(fig: Any, renderer: Any = None, pad: float = PAD, wspace: float = WSPACE) -> None:
    """Place the figure's axes (one row) so that their ticks, titles and labels just
    fit: the result of matplotlib's constrained layout for one row of equal-width
    axes, from one measuring pass instead of a full extra draw of the figure
    (constrained layout draws each figure twice and measures every text twice
    more: over a third of a chart's drawing time)."""
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.transforms import Bbox

    axes = fig.axes
    if not axes:
        return
    width, height = fig.bbox.width, fig.bbox.height  # points: the figure is at 72 dpi
    renderer = renderer or RendererSVG(width, height, io.StringIO())
    n = len(axes)
    gap = max(pad, wspace * width / 2 / n)  # between two axes, on each side (as constrained layout)
    lefts, rights, bottoms, tops = [], [], [], []
    for i, ax in enumerate(axes):
        box = ax.get_window_extent(renderer)
        tight = ax.get_tightbbox(renderer, for_layout_only=True)
        lefts.append(box.x0 - tight.x0 + (pad if i == 0 else gap))
        rights.append(tight.x1 - box.x1 + (pad if i == n - 1 else gap))
        bottoms.append(box.y0 - tight.y0 + pad)
        tops.append(tight.y1 - box.y1 + pad)
    inner = (width - sum(lefts) - sum(rights)) / n
    bottom, top = max(bottoms), max(tops)
    x = 0.0
    for ax, left, right in zip(axes, lefts, rights, strict=True):
        x += left
        ax.set_position(Bbox.from_extents(x / width, bottom / height, (x + inner) / width, 1 - top / height))
        x += inner + right


GAP = 2.5  # points that must stay clear between two strings (touching reads as one)


def _texts(fig: Any) -> list[tuple[float, Any]]:
    """(importance, artist) of every visible string of the figure. Axis titles and
    notes first, then axis labels, then data labels (the last point's before the others)."""
    found: list[tuple[float, Any]] = [(5.0, t) for t in fig.texts]
    for ax in fig.axes:
        found += [(5.0, t) for t in (ax.title, ax._left_title, ax._right_title)]  # noqa: SLF001
        found += [(4.0, t) for t in ax.get_xticklabels() + ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            found += [(4.5, t) for t in legend.get_texts()]
        for t in ax.texts:
            found.append((float(getattr(t, "_briefgen_rank", 3.0)), t))
    return [(rank, t) for rank, t in found if t.get_visible() and t.get_text().strip()]


def _clash(a: Any, b: Any) -> bool:
    return a.x0 < b.x1 + GAP and b.x0 < a.x1 + GAP and a.y0 < b.y1 + GAP and b.y0 < a.y1 + GAP


def _thin_ticks(ax: Any, renderer: Any) -> None:
    """Keep every k-th x label from the first (2022年1月, 3月, 5月, …: the labels
    that name the year stay when the series starts in January) for the smallest k
    at which no two kept labels touch."""
    ax.get_tightbbox(renderer)  # places the ticks where the laid-out axes put them
    labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text().strip()]
    if len(labels) < 2:
        return
    boxes = [t.get_window_extent(renderer) for t in labels]
    n = len(labels)
    for step in range(1, n):
        kept = list(range(0, n, step))
        if all(not _clash(boxes[i], boxes[j]) for i, j in zip(kept, kept[1:], strict=False)):
            break
    for i, t in enumerate(labels):
        t.set_visible(i % step == 0)


def declutter(fig: Any, renderer: Any) -> None:
    """No string drawn over another: thin crowded x labels, then hide every string
    that touches a more important one (a data label gives way to an axis label,
    a middle point's label to the last point's)."""
    for ax in fig.axes:
        _thin_ticks(ax, renderer)
    texts = sorted(_texts(fig), key=lambda item: -item[0])  # stable: equal ranks keep their order
    kept: list[Any] = []
    for rank, t in texts:
        box = t.get_window_extent(renderer)
        if rank < 4.0 and any(_clash(box, other) for other in kept):
            t.set_visible(False)
            continue
        kept.append(box)


def svg_drawing(svg: bytes, fonts: ChartFonts) -> Drawing:
    from reportlab import rl_config
    from svglib.svglib import svg2rlg

    # ReportLab checks every attribute svglib sets on a shape (a sixth of the
    # conversion); matplotlib's SVG of our own charts needs no such checking
    checking, rl_config.shapeChecking = rl_config.shapeChecking, 0
    try:
        drawing = svg2rlg(io.BytesIO(svg), font_map=_svglib_font_map(fonts))
    finally:
        rl_config.shapeChecking = checking
    if drawing is None:  # svglib logs and returns None on unreadable SVG: a bug, not bad input
        raise RuntimeError("matplotlib's SVG could not be converted to a drawing")
    # ReportLab starts every drawing with a setFont of its default (Helvetica),
    # which would put an unembedded base-14 font into the PDF
    drawing.initialFontName = fonts.regular
    drawing.initialFontSize = 8
    return drawing


def _strings(node: Any) -> Iterable[Any]:
    from reportlab.graphics.shapes import Group, String

    if isinstance(node, String):
        yield node
    elif isinstance(node, Group):
        for child in node.contents:
            yield from _strings(child)


def drawing_texts(drawing: Drawing, fonts: ChartFonts) -> tuple[str, ...]:
    """Every string of the drawing; a string the sans face cannot draw moves to the
    fallback face, and one no face can draw is an error (never a box)."""

    def covered(face: str | None, text: str) -> bool:
        if face is None:
            return False
        chars = _face_chars(face)
        return all(ord(c) in chars or c.isspace() for c in text)

    texts: list[str] = []
    for s in _strings(drawing):
        if s.fontName not in (fonts.regular, fonts.bold, fonts.fallback):
            raise FontError(f"chart text {s.text!r} would be drawn in {s.fontName}, not an embedded face")
        if not covered(s.fontName, s.text):
            if covered(fonts.fallback, s.text):
                assert fonts.fallback is not None  # covered() is False for no face
                _register(fonts.fallback)
                s.fontName = fonts.fallback
            else:
                missing = sorted({c for c in s.text if not covered(fonts.fallback or s.fontName, c)})
                described = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
                raise MissingGlyphsError(f"no font can draw {described} in chart text {s.text!r}")
        if s.text not in texts:
            texts.append(s.text)
    return tuple(texts)


# ---- one function per kind; each gets the figure and the plan


def _unit_title(ax: Any, unit: str) -> None:
    unit = _display_unit(unit)
    if unit:
        ax.set_title(f"单位：{unit}", loc="left", fontsize=8, color=MUTED)


def _headroom(ax: Any, values: list[float], top: float = 1.2) -> None:
    hi = max(values + [0.0])
    lo = min(values + [0.0])
    ax.set_ylim(lo * top if lo < 0 else 0, hi * top if hi > 0 else (-lo * (top - 1) or 1))


def _number_axis(ax: Any, unit: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    # counts get whole-number ticks (no "0.5家")
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, min_n_ticks=3, integer=unit in COUNT_UNITS))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number_text(round(v, 6))))


MANY = 12  # points beyond which a line drops its markers and its x labels are thinned first


def _x_ticks(ax: Any, panel: Panel, width: float = FULL_WIDTH) -> None:
    """The x labels; of many, every k-th from the first, k from their estimated widths
    (a tick is costly to make: 48 made and hidden cost more than the chart), so that
    declutter has little or nothing left to thin."""
    positions, labels = list(panel.positions), list(panel.labels)
    if len(labels) > MANY:
        widest = max(_text_width(t) for t in labels) + 2 * GAP + 4
        fits = max(2, int(0.85 * width / widest))
        step = -(-len(labels) // fits)
        positions, labels = positions[::step], labels[::step]
    ax.set_xticks(positions, labels)


def _text_width(text: str, size: float = 8.0) -> float:
    """About how wide ``text`` is set at ``size`` points: CJK a full em, the rest half."""
    return sum(size if ord(c) > 0x2E7F else 0.55 * size for c in text)


def _point_labels(
    ax: Any, xs: list[float], ys: list[float], labels: list[str], *, inverted: bool = False
) -> None:
    """Direct labels that keep off the line: the first point's on its left, the
    last one's on its right, a middle one's above or below, on the side away
    from its neighbours. Leaves room for them on the x axis."""
    n = len(xs)
    # many points: the first, the last and the extremes speak; the axis tells the rest
    wanted = set(range(n)) if n <= 8 else {0, n - 1, ys.index(max(ys)), ys.index(min(ys))}
    for i, (x, y, text) in enumerate(zip(xs, ys, labels, strict=True)):
        if i not in wanted:
            continue
        if n >= 2 and i in (0, n - 1):
            first = i == 0
            offset, ha, va = ((-7, 0), "right", "center") if first else ((7, 0), "left", "center")
        else:
            chord = (ys[i - 1] + ys[i + 1]) / 2 if 0 < i < n - 1 else y
            above = y <= chord if inverted else y >= chord
            offset, ha, va = ((0, 6), "center", "bottom") if above else ((0, -7), "center", "top")
        note = ax.annotate(
            text,
            (x, y),
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=8,
            color=PRIMARY if i == n - 1 else "#222222",
        )
        note._briefgen_rank = 3.5 if i == n - 1 else 3.0  # declutter keeps the latest value
    span = (xs[-1] - xs[0]) or 1.0
    pad = 0.6 if n == 2 else 0.12 * span if len(xs) < 6 else 0.08 * span
    ax.set_xlim(xs[0] - pad, xs[-1] + pad)


def draw_line(fig: Any, plan: ChartPlan) -> None:
    panel = plan.panels[0]
    ax = fig.add_subplot()
    xs, ys = list(panel.positions), [p.value for p in panel.points]
    ax.plot(xs, ys, color=PRIMARY, marker="o" if len(xs) <= MANY else None, zorder=3)
    ax.plot(xs[-1:], ys[-1:], marker="o", markersize=6, color=PRIMARY, zorder=4)
    _point_labels(ax, xs, ys, [value_text(p) for p in panel.points])
    _headroom(ax, ys)
    _number_axis(ax, panel.unit)
    _x_ticks(ax, panel)
    _unit_title(ax, panel.unit)


def _bars(ax: Any, panel: Panel, *, y_axis: bool) -> None:
    xs = list(range(len(panel.points)))
    ys = [p.value for p in panel.points]
    colors = [EARLIER] * (len(xs) - 1) + [PRIMARY]
    ax.bar(xs, ys, width=0.56, color=colors, zorder=2)
    if any(y < 0 for y in ys):
        ax.axhline(0, color=MUTED, linewidth=0.6, zorder=3)
    for x, p in zip(xs, panel.points, strict=True):
        below = p.value < 0  # a decline: the bar hangs below zero, its label under it
        ax.annotate(
            value_text(p),
            (x, p.value),
            xytext=(0, -3 if below else 3),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            fontsize=8,
            color="#222222",
        )
    ax.set_xticks(xs, list(panel.labels))
    ax.set_xlim(-0.7, len(xs) - 0.3)
    _headroom(ax, ys, 1.22)
    if y_axis:
        _number_axis(ax, panel.unit)
    else:
        ax.yaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.grid(False)


def _change_note(panel: Panel) -> str | None:
    """The change from the first to the last point as reconcile derived it (never
    computed here), in words: 增长83.0%, 提高5.21个百分点, 前移77位."""
    first, last = panel.points[0], panel.points[-1]
    derived = {d.label: d for d in panel.series.derived if (d.start, d.end) == (first.period, last.period)}
    if "名次变化" in derived:
        gained = derived["名次变化"].value
        return f"{'前移' if gained > 0 else '后退'}{number_text(abs(gained))}位" if gained else "名次持平"
    if "变化" in derived and derived["变化"].unit == "个百分点":
        v = derived["变化"].value
        return f"{'提高' if v >= 0 else '下降'}{number_text(round(abs(v), 2))}个百分点"
    if "增幅" in derived:
        v = derived["增幅"].value
        return f"{'增长' if v >= 0 else '下降'}{abs(v):.1f}%"
    if "增长" in derived:
        d = derived["增长"]
        return f"{'增加' if d.value >= 0 else '减少'}{number_text(abs(d.value))}{_display_unit(d.unit)}"
    return None


def _change_corner(ax: Any, panel: Panel) -> None:
    """The change over the panel (增长6.3%, 前移7位…) in the top right corner."""
    note = _change_note(panel)
    if note:
        ax.text(1.0, 1.0, note, transform=ax.transAxes, ha="right", va="bottom", fontsize=8, color=PRIMARY)


def draw_bars(fig: Any, plan: ChartPlan) -> None:
    panel = plan.panels[0]
    ax = fig.add_subplot()
    _bars(ax, panel, y_axis=True)
    _unit_title(ax, panel.unit)
    _change_corner(ax, panel)


def draw_slope(fig: Any, plan: ChartPlan) -> None:
    panel = plan.panels[0]
    ax = fig.add_subplot()
    xs = list(range(len(panel.points)))
    ys = [p.value for p in panel.points]
    unit = _display_unit(panel.unit)
    for x in xs:
        ax.axvline(x, color="#D0D0D0", linewidth=0.6, zorder=1)
    ax.plot(xs, ys, color=PRIMARY, marker="o", zorder=3)
    for i, (x, p) in enumerate(zip(xs, panel.points, strict=True)):
        first = i == 0
        ax.annotate(
            value_text(p, with_unit=unit if unit == "%" else ""),
            (x, p.value),
            xytext=(-7 if first else 7, 0),
            textcoords="offset points",
            ha="right" if first else "left",
            va="center",
            fontsize=8.5,
            color=MUTED if first else PRIMARY,
        )
    ax.set_xticks(xs, list(panel.labels))
    ax.set_xlim(-0.6, len(xs) - 0.4)
    _headroom(ax, ys, 1.25)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.grid(False)
    _unit_title(ax, panel.unit)
    _change_corner(ax, panel)


def draw_rank(fig: Any, plan: ChartPlan) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    panel = plan.panels[0]
    ax = fig.add_subplot()
    xs, ys = list(panel.positions), [p.value for p in panel.points]
    ax.plot(xs, ys, color=PRIMARY, marker="o" if len(xs) <= MANY else None, zorder=3)
    _point_labels(ax, xs, ys, [rank_text(p) for p in panel.points], inverted=True)
    lo, hi = min(ys), max(ys)
    pad = max(1.0, 0.12 * (hi - lo))
    ax.set_ylim(hi + pad, max(0.0, lo - 2.2 * pad))  # inverted: better ranks are higher
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True, min_n_ticks=3))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(v)}" if v >= 1 else ""))
    _x_ticks(ax, panel)
    ax.set_title("位次（向上为进位）", loc="left", fontsize=8, color=MUTED)
    _change_corner(ax, panel)


def draw_progress(fig: Any, plan: ChartPlan) -> None:
    ax = fig.add_subplot()
    n = len(plan.panels)
    ys = list(range(n))[::-1]  # first indicator on top
    full = max([100.0] + [p.points[-1].value for p in plan.panels])
    ax.barh(ys, [full] * n, height=0.42, color=TRACK, zorder=1)
    values = [p.points[-1].value for p in plan.panels]
    ax.barh(ys, values, height=0.42, color=PRIMARY, zorder=2)
    for y, panel in zip(ys, plan.panels, strict=True):
        p = panel.points[-1]
        label = value_text(p, with_unit="%")
        inside = p.value >= 0.82 * full
        ax.text(
            p.value - 0.012 * full if inside else p.value + 0.012 * full,
            y,
            label,
            ha="right" if inside else "left",
            va="center",
            fontsize=8,
            color="white" if inside else "#222222",
            zorder=3,
        )
    labels = []
    for panel in plan.panels:
        p = panel.points[-1]
        when = f"（{period_label(p.period)}）" if p.period else ""
        labels.append(f"{panel.name}{when}")
    ax.set_yticks(ys, labels)
    ax.set_xlim(0, full * 1.001)
    ax.set_ylim(-0.6, n - 0.4)
    ax.xaxis.set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.grid(False)
    ax.tick_params(axis="y", length=0, labelsize=8, labelcolor="#333333")


def draw_multiples(fig: Any, plan: ChartPlan) -> None:
    axes = fig.subplots(1, len(plan.panels), squeeze=False)[0]
    fits = max(6, int(plan.width / len(plan.panels) / 9.5))  # characters of 8.5 pt per panel title line
    for ax, panel in zip(axes, plan.panels, strict=True):
        _bars(ax, panel, y_axis=False)
        unit = _display_unit(panel.unit)
        title = _wrap(f"{panel.name}（{unit}）" if unit else panel.name, fits)
        ax.set_title(title, loc="center", fontsize=8.5, color="#333333", linespacing=1.35)


def draw_compare(fig: Any, plan: ChartPlan) -> None:
    """A bar per park, first on top; the brief's park dark, the others pale."""
    ax = fig.add_subplot()
    n = len(plan.panels)
    ys = list(range(n))[::-1]
    values = [p.points[0].value for p in plan.panels]
    colors = [PRIMARY if p.series.entity == plan.focus else EARLIER for p in plan.panels]
    ax.barh(ys, values, height=0.5, color=colors, zorder=2)
    hi = max(values + [0.0]) or 1.0
    for y, panel in zip(ys, plan.panels, strict=True):
        p = panel.points[0]
        ax.text(p.value + 0.012 * hi, y, value_text(p), ha="left", va="center", fontsize=8, color="#222222")
    ax.set_yticks(ys, [p.labels[0] for p in plan.panels])
    ax.set_xlim(min(values + [0.0]), hi * 1.18)
    ax.set_ylim(-0.6, n - 0.4)
    ax.xaxis.set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.grid(False)
    ax.tick_params(axis="y", length=0, labelsize=8, labelcolor="#333333")
    _unit_title(ax, plan.panels[0].unit)


def draw_ytd(fig: Any, plan: ChartPlan) -> None:
    """累计值 (and 累计增速) by month, the latest year dark against the year before pale."""
    axes = fig.subplots(1, len(plan.panels), squeeze=False)[0]
    for ax, panel in zip(axes, plan.panels, strict=True):
        by_year: dict[int, list[tuple[int, Point]]] = {}
        for p in panel.points:
            at = year_to_date(p.period)
            if at is not None:
                by_year.setdefault(at[0], []).append((at[1], p))
        years = sorted(by_year)[-2:]
        values: list[float] = []
        for year in years:
            latest = year == years[-1]
            months = [m for m, _ in by_year[year]]
            ys = [p.value for _, p in by_year[year]]
            values += ys
            color = PRIMARY if latest else EARLIER
            ax.plot(
                months,
                ys,
                color=color,
                marker="o",
                markersize=3 if not latest else 4,
                zorder=3 if latest else 2,
                label=f"{year}年",
            )
            last = by_year[year][-1][1]
            note = ax.annotate(
                value_text(last, with_unit="%" if panel.unit in PERCENT_UNITS else ""),
                (months[-1], ys[-1]),
                xytext=(5, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=8,
                color=PRIMARY if latest else MUTED,
            )
            note._briefgen_rank = 3.5 if latest else 3.0
        shown = sorted({m for year in years for m, _ in by_year[year]})
        ax.set_xticks(shown, [month_label(m) for m in shown])
        ax.set_xlim(min(shown) - 0.5, max(shown) + 1.6)  # room for the last values' labels
        if panel.unit in PERCENT_UNITS:
            # a growth rate: the axis fits the rates (not forced to zero); zero marked when crossed
            lo, hi = min(values), max(values)
            pad = max(0.5, 0.2 * (hi - lo))
            ax.set_ylim(lo - pad, hi + pad)
            if lo - pad < 0 < hi + pad:
                ax.axhline(0, color=MUTED, linewidth=0.6, zorder=1)
            ax.set_title("累计增速（%）", loc="left", fontsize=8, color=MUTED)
        else:
            _headroom(ax, values, 1.15)
            _unit_title(ax, panel.unit)
        _number_axis(ax, panel.unit)
        if len(years) > 1:
            ax.legend(loc="upper left", fontsize=7.5, frameon=False, handlelength=1.6, borderaxespad=0.2)


DRAWERS = {
    "ytd": draw_ytd,
    "compare": draw_compare,
    "line": draw_line,
    "bars": draw_bars,
    "slope": draw_slope,
    "rank": draw_rank,
    "progress": draw_progress,
    "multiples": draw_multiples,
}
