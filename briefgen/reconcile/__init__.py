"""Facts -> the indicators a brief shows: map each fact onto the catalog, merge
points across documents, compute derived values, run consistency checks.

    build_series(facts, catalog, documents=docs) -> SeriesSet

Facts that map to no indicator are kept in ``SeriesSet.unmapped`` (the brief's
其他数据), never dropped; so are size thresholds naming a group of firms or
projects (营收10亿元以上企业), which are not values of an indicator.
See points.py for the merging rules, derive.py for what is computed, checks.py
for the checks.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from briefgen.catalog import Catalog, value_position
from briefgen.models import Document, Fact, Finding, Point, Series, SeriesSet
from briefgen.reconcile.checks import (
    check_doubling,
    check_growth,
    check_points_change,
    check_rank_change,
    check_shares,
)
from briefgen.reconcile.derive import derive
from briefgen.reconcile.points import build_points
from briefgen.reconcile.values import fmt

__all__ = ["build_series"]


_GROUP_NOUN = r"(企业|项目|公司|园区|平台|产业园|基地)"


def is_threshold(fact: Fact) -> bool:
    """营收10亿元以上企业, 投资20亿元以上的优强项目: the number names a group (firms
    above a size), it is not a value of the indicator; it stays in 其他数据."""
    if fact.qualifier not in ("以上", "以下"):
        return False
    number = fmt(fact.value)
    pattern = (
        re.escape(number)
        + r"\s*"
        + re.escape(fact.unit)
        + re.escape(fact.qualifier)
        + r"的?[^，。；,;]{0,6}?"
        + _GROUP_NOUN
    )
    return re.search(pattern, fact.sentence) is not None


_PART_OF = "其中"


def _after_qizhong(fact: Fact, start: int | None) -> int | None:
    """Where 其中 stands before the number in the fact's sentence, when the number
    is inside what 其中 lists (up to a 。 or ；), else None."""
    pos = value_position(fact, start)
    if pos is None:
        return None
    k = fact.sentence.rfind(_PART_OF, 0, pos)
    if k < 0 or re.search(r"[。；;]", fact.sentence[k:pos]):
        return None
    return k


def parts_of_a_whole(facts: Sequence[Fact], starts: dict[tuple[str, int], int]) -> set[int]:
    """ids of facts that state a part listed after 其中 of a whole of the same
    indicator and period stated just before it ("新开工项目28个，其中亿元以上项目22个";
    "合同引资93.6亿元。其中工业项目…合同引资81.2亿元"): the part is not a second value
    of the indicator (no conflict with its whole); it stays in 其他数据."""
    parts: set[int] = set()
    same: dict[tuple, list[Fact]] = {}  # (document, period, indicator) -> facts: wholes are looked for there only
    for f in facts:
        same.setdefault((f.document, f.period, f.indicator), []).append(f)
    for f in facts:
        start = starts.get((f.document, f.sentence_index))
        k = _after_qizhong(f, start)
        if k is None:
            continue
        for g in same[(f.document, f.period, f.indicator)]:
            if g is f:
                continue
            if g.sentence == f.sentence:
                gpos = value_position(g, starts.get((g.document, g.sentence_index)))
                whole_before = gpos is not None and gpos < k
            else:  # 其中 opens the sentence: the whole is in the one before
                whole_before = k <= 1 and f.sentence_index > 0 and g.sentence_index == f.sentence_index - 1
            if whole_before and _after_qizhong(g, starts.get((g.document, g.sentence_index))) is None:
                parts.add(id(f))
                break
    return parts


def build_series(facts: Sequence[Fact], catalog: Catalog, *, documents: Sequence[Document] = ()) -> SeriesSet:
    """``documents`` (optional) give publication dates (to place undated points)
    and neighbouring sentences (for 翻番 claims); facts alone work too."""
    published = {d.name: d.meta.published.isoformat() for d in documents if d.meta.published}
    starts = {(d.name, s.index): s.start for d in documents for s in d.sentences}
    by_doc = {d.name: d for d in documents}

    mapped: dict[str, list[Fact]] = {}
    unmapped: list[Fact] = []
    tagged: list[Fact] = []
    for fact in facts:
        ind = None
        if not is_threshold(fact):
            ind = catalog.match(fact, sentence_start=starts.get((fact.document, fact.sentence_index)))
        if ind is None:
            unmapped.append(fact)
            tagged.append(fact)
        else:
            f = dataclasses.replace(fact, indicator=ind.id)
            mapped.setdefault(ind.id, []).append(f)
            tagged.append(f)

    parts = parts_of_a_whole([f for fs in mapped.values() for f in fs], starts)
    if parts:
        left = {id(f) for f in unmapped}
        for ind_id in list(mapped):
            kept = [f for f in mapped[ind_id] if id(f) not in parts]
            moved = {id(f) for f in mapped[ind_id]} - {id(f) for f in kept}
            if not moved:
                continue
            if kept:
                mapped[ind_id] = kept
            else:
                del mapped[ind_id]
            tagged = [dataclasses.replace(f, indicator=None) if id(f) in moved else f for f in tagged]
            left |= {id(f) for f in tagged if id(f) not in left and f.indicator is None}
        unmapped = [f for f in tagged if id(f) in left]

    built: dict[str, tuple[tuple[Point, ...], list[tuple[int, int]]]] = {}
    own: dict[str, list[Finding]] = {}
    for ind in catalog.indicators:
        if ind.id in mapped:
            points, links, conflicts = build_points(ind, mapped[ind.id], published)
            built[ind.id] = (points, links)
            own[ind.id] = list(conflicts)

    checks = (
        check_shares(tagged, catalog)
        + check_growth(tagged, catalog, built)
        + check_points_change(tagged, catalog, built)
        + check_rank_change(tagged, catalog, built)
        + check_doubling(tagged, catalog, built, by_doc)
    )
    loose: list[Finding] = []
    for ind_id, finding in checks:
        own.get(ind_id or "", loose).append(finding)

    series = []
    for ind in catalog.indicators:
        if ind.id in built:
            points, links = built[ind.id]
            series.append(Series(ind, points, derive(ind, points, links), tuple(own[ind.id])))
    findings = tuple(f for s in series for f in s.findings) + tuple(loose)
    themes = tuple((t.id, t.title) for t in catalog.themes)
    return SeriesSet(tuple(series), tuple(unmapped), findings, themes)
