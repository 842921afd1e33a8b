"""Figures whose owner is not the park: other parks (the comparison), areas and
groups of parks (区域背景), firms and projects, and figures of no named owner."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from briefgen.compose.phrases import RANK_UNITS, fact_value_text
from briefgen.compose.quotes import fact_view
from briefgen.compose.series_views import (
    attach_companions,
    point_view,
    says_goal,
    sentence_groups,
    series_view,
)
from briefgen.compose.views import FactView, GroupView, OwnerView, RowView
from briefgen.models import Fact, Finding, Series
from briefgen.reconcile import owners
from briefgen.wording import period_text


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


def owner_views(
    series: tuple[Series, ...], focus: str | None, number_of: dict[str, int]
) -> tuple[OwnerView, ...]:
    """Each area or group with its series named as its own (安义县工业总产值), never charted."""

    by_owner: dict[str, list[Series]] = {}
    for s in series:
        by_owner.setdefault(s.entity, []).append(s)
    out = []
    for entity, members in by_owner.items():
        plain = [series_view(s, number_of, set()) for s in members]
        views = tuple(
            attach_companions([replace(v, name=owners.owned_name(v.name, entity, focus)) for v in plain])
        )
        names = {v.id: v.name for v in plain}
        paragraphs = tuple(
            _named_once(sentence_groups(tuple(v for v in views if v.theme == theme)), names)
            for theme in dict.fromkeys(v.theme for v in views)
        )
        out.append(OwnerView(entity, members[0].scope, paragraphs, views))
    return tuple(out)


def _named_once(groups: tuple[GroupView, ...], plain: dict[str, str]) -> tuple[GroupView, ...]:
    """A sentence names the owner once: "2023年，安义县新签约项目89个，新签约项目总投资229.09亿元"."""

    return tuple(
        replace(g, series=(g.series[0], *(replace(v, name=plain[v.id]) for v in g.series[1:])))
        for g in groups
    )


def _rows(s: Series, number_of: dict[str, int], own: bool = False) -> list[RowView]:
    kind = s.indicator.kind if s.indicator.kind != "level" or s.points[0].unit not in RANK_UNITS else "rank"
    rows = []
    for p in s.points:
        v = point_view(p, kind, number_of)
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


def compare_rows(split: Owners, number_of: dict[str, int]) -> tuple[RowView, ...]:
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


def project_rows(
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


def other_rows(split: Owners, unmapped: Iterable[Fact], number_of: dict[str, int]) -> list[FactView]:
    """其他数据: facts that map to no indicator (firms' aside), and series of no named owner
    when others are named (each point once)."""
    rows = [
        fact_view(p.facts[0], s.indicator.name, number_of, split.focus)
        for s in split.unknown
        for p in s.points
        if p.facts
    ]
    return rows + [fact_view(f, "", number_of, split.focus) for f in unmapped if f.scope != owners.FIRM]


def owned_findings(series_set, split: Owners) -> list[tuple[Finding, str]]:
    """Every finding with the owner it is about when that is not the park ('' otherwise)."""
    owner_of = {
        id(f): s.entity for s in series_set.series for f in s.findings if s.entity and s.entity != split.focus
    }
    return [(f, owner_of.get(id(f), "")) for f in series_set.findings]
