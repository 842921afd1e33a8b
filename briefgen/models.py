"""The typed hand-offs between pipeline stages. All frozen: a stage never edits
what an earlier stage produced, it makes new objects.

    sources  -> Document (raw)        normalize -> Document (clean, sentences)
    extract  -> Fact                  reconcile -> Series, Finding (SeriesSet)
    (all of it: Analysis)
    charts   -> Chart                 compose   -> Brief (Block, SourceView)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

# Closed vocabularies (a value outside them is a bug, and mypy says so)
FactKind = Literal["level", "growth", "share", "rank", "change"]
IndicatorKind = Literal["level", "growth", "share", "rank"]
FindingLevel = Literal["ok", "warning"]
ChangeStatus = Literal["新增", "更新"]

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing


@dataclass(frozen=True)
class SourceMeta:
    """What seeds/sources.toml says about one document (all optional but file)."""

    file: str
    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None  # None = unknown; never invented
    script: str | None = None  # "traditional" | "simplified" | None (detect)
    url: str | None = None


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int  # offsets into Document.text (normalized)
    end: int


@dataclass(frozen=True)
class Document:
    """One source document. ``original`` is the decoded file text; ``text`` is
    the normalized (simplified, folded, re-joined) text, empty until normalize
    runs. ``offsets[i]`` is the index in ``original`` of ``text[i]``."""

    name: str  # file basename: the key used everywhere (facts, gold, sources.toml)
    path: Path
    meta: SourceMeta
    original: str
    sha256: str  # of the decoded text, for duplicate detection and manifests
    text: str = ""
    sentences: tuple[Sentence, ...] = ()
    offsets: Sequence[int] = ()  # normalize.Offsets (an array of 4-byte ints), () before normalize
    warnings: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.meta.title or self.name


@dataclass(frozen=True)
class Quantity:
    """An earlier value of a stated change ("从224亿元到410亿元" -> 224亿元)."""

    value: float
    unit: str
    period: str | None = None


@dataclass(frozen=True)
class Fact:
    """One stated value (see ../shared/spec/indicators.md for the contract)."""

    document: str
    subject: str
    value: float
    unit: str
    period: str | None
    sentence: str
    span: tuple[int, int]  # [start, end) of the number+unit in Document.text
    kind: FactKind = "level"
    qualifier: str | None = None  # 余 多 近 超 突破 以上 约 ...
    from_: Quantity | None = None
    normalized_value: float | None = None  # in base units: 元, 1, %, 位, 平方米, 吨
    normalized_unit: str | None = None
    sentence_index: int = -1
    indicator: str | None = None  # catalog id, filled by reconcile
    target: bool = False  # a goal or forecast (力争…, 预期目标, 到2025年), not an outcome
    entity: str = ""  # whose quantity it is: the park, area, group of parks or firm, by name
    scope: str = ""  # park | area | group | firm ("" when the document names no owner at all)
    id: str = ""  # stable across re-runs, re-wrapping, 繁体 and added documents (extract/ids.py)
    review: str = ""  # "" as extracted | "corrected" | "manual" (corrections.toml, briefgen/corrections.py)

    def to_record(self) -> dict:
        """The JSON record of the spec (``briefgen extract --format json``)."""
        rec: dict = {
            **({"id": self.id} if self.id else {}),
            "document": self.document,
            "subject": self.subject,
            "value": _num(self.value),
            "unit": self.unit,
            "period": self.period,
            "sentence": self.sentence,
            "kind": self.kind,
            "span": list(self.span),
            "entity": self.entity,
            "scope": self.scope,
        }
        if self.qualifier:
            rec["qualifier"] = self.qualifier
        if self.from_ is not None:
            rec["from"] = {
                "value": _num(self.from_.value),
                "unit": self.from_.unit,
                "period": self.from_.period,
            }
        if self.normalized_value is not None:
            rec["normalized"] = {"value": _num(self.normalized_value), "unit": self.normalized_unit}
        if self.indicator:
            rec["indicator"] = self.indicator
        if self.target:
            rec["target"] = True
        if self.review:
            rec["review"] = self.review
        return rec


def _num(x: float) -> float | int:
    """410.0 -> 410 so JSON reads like the text."""
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


@dataclass(frozen=True)
class Indicator:
    """A catalog entry (briefgen/catalog.toml, editable without code)."""

    id: str
    name: str
    unit: str
    theme: str
    terms: tuple[str, ...] = ()  # aliases matched against Fact.subject
    kind: IndicatorKind = "level"
    higher_is_better: bool = True
    chart: str = "auto"  # auto | line | bars | rank | progress | none
    headline: int = 0  # > 0: candidate KPI card, lower = earlier
    of: str | None = None  # growth/share companions: the id of the level indicator they are about


@dataclass(frozen=True)
class Point:
    """One value of an indicator in one period, with every fact that states it."""

    period: str | None
    value: float
    unit: str
    facts: tuple[Fact, ...]
    qualifier: str | None = None
    conflict: bool = False  # same indicator+period, different values
    as_of: str | None = None  # period None: the source's publication date (YYYY-MM-DD), for ordering only


@dataclass(frozen=True)
class Derived:
    """A computed value, always labelled as such, with its formula."""

    label: str  # 增长 | 增幅 | 倍数 | 年均增长 | 名次变化
    value: float
    unit: str
    formula: str  # e.g. "(410 − 224) ÷ 224 = 83.0%"
    start: str | None = None  # period of the first point
    end: str | None = None


@dataclass(frozen=True)
class Finding:
    """A consistency check's outcome or a conflict; warnings are reported."""

    level: FindingLevel
    check: str  # conflict | share | growth | doubling | ...
    message: str
    quotes: tuple[str, ...] = ()  # the sentences involved, for the reader
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Series:
    """An indicator's points in timeline order (briefgen/reconcile/timeline.py:
    periods, the sources' dates, shared sentences and stated changes place them;
    points nothing places come last, in text order). ``points[-1]`` is therefore
    not necessarily the current value: use timeline.latest_point."""

    indicator: Indicator
    points: tuple[Point, ...]
    derived: tuple[Derived, ...] = ()
    findings: tuple[Finding, ...] = ()
    entity: str = ""  # whose values these are (Fact.entity): a series never mixes owners
    scope: str = ""  # park | area | group | firm ("" unknown), as Fact.scope


@dataclass(frozen=True)
class SeriesSet:
    """Everything reconcile hands to the brief: series, facts that mapped to no
    indicator (shown as 其他数据, never dropped), and all findings."""

    series: tuple[Series, ...]
    unmapped: tuple[Fact, ...] = ()
    findings: tuple[Finding, ...] = field(default=())
    themes: tuple[tuple[str, str], ...] = ()  # (theme id, title) in display order, from the catalog

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level == "warning")


@dataclass(frozen=True)
class ChangeItem:
    """One indicator that is new or changed since the previous published brief."""

    indicator: str  # display name
    status: ChangeStatus
    period: str | None
    value_text: str  # e.g. "410亿元"
    previous_text: str | None = None  # e.g. "224亿元" (None for 新增)


@dataclass(frozen=True)
class Changes:
    """What the brief reports under 本期更新; ``since`` is the previous build's date."""

    since: str | None
    items: tuple[ChangeItem, ...] = ()
    first_build: bool = False


# ------------------------------------------------------------------ reconcile -> charts, compose


@dataclass(frozen=True)
class Analysis:
    """Everything known before drawing: documents, facts, series."""

    documents: tuple[Document, ...]
    facts: tuple[Fact, ...]
    series: SeriesSet
    warnings: tuple[str, ...]
    park: str | None
    corrected: int = 0  # facts a reviewer changed (corrections.toml), for 计算说明
    added: int = 0  # figures a reviewer added (人工补录)
    dropped: int = 0  # facts a reviewer left out
    extracted: tuple[Fact, ...] = ()  # the facts before corrections (briefgen review lists these)


# ------------------------------------------------------------------ charts -> compose -> pdf


@dataclass(frozen=True)
class Chart:
    """One drawn chart (briefgen.charts), ready for compose: the PDF numbers captions (图N) itself."""

    key: str  # indicator id, or a group id ("multiples:<theme>", "progress:<theme>")
    theme: str
    title: str  # e.g. "工业总产值（亿元）"
    caption: str  # without the 图N number
    source: str  # "资料来源：…"
    drawing: Drawing = field(compare=False, repr=False)
    width: float  # points
    height: float
    texts: tuple[str, ...]  # every string drawn, for glyph-coverage checks
    kind: str  # one of charts.CHART_KINDS
    indicators: tuple[str, ...] = ()  # ids of the indicators drawn (several for a group chart)


@dataclass(frozen=True)
class SourceView:
    number: int  # [1], [2] … in tables
    name: str  # file name
    title: str
    publisher: str
    date: str  # 2022年6月14日, '' when unknown
    url: str


@dataclass(frozen=True)
class Block:
    """One block of the brief's markup (briefgen.compose.markup); ``runs`` are (text, bold) pieces."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    runs: tuple[tuple[str, bool], ...] = ()
    children: tuple[Block, ...] = ()

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
    charts: tuple[Chart, ...] = ()  # in the order the blocks use them
    template: Path = Path()
    documents: tuple[tuple[str, str], ...] = ()  # (name, text) for naming where a character came from
    lang: str = "zh-CN"
    style: str = "standard"  # the layout: standard | jianbao (报头, GB/T 9704 typography, 报尾)

    @property
    def plain_title(self) -> str:
        """The title without 《》, for metadata and page headers."""
        return self.title.strip().removeprefix("《").removesuffix("》")

    def chart(self, key: str) -> Chart | None:
        for c in self.charts:
            if c.key == key:
                return c
        return None
