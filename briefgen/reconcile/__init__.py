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
from collections import Counter
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
    # (document, period, indicator, owner) -> facts: wholes are looked for there only
    same: dict[tuple, list[Fact]] = {}
    for f in facts:
        same.setdefault((f.document, f.period, f.indicator, f.entity), []).append(f)
    for f in facts:
        start = starts.get((f.document, f.sentence_index))
        k = _after_qizhong(f, start)
        if k is None:
            continue
        for g in same[(f.document, f.period, f.indicator, f.entity)]:
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


Key = tuple[str, str]  # (indicator id, entity): one series per indicator and owner


def build_series(facts: Sequence[Fact], catalog: Catalog, *, documents: Sequence[Document] = ()) -> SeriesSet:
    """``documents`` (optional) give publication dates (to place undated points)
    and neighbouring sentences (for 翻番 claims); facts alone work too.

    A series never mixes owners: facts are grouped by (indicator, Fact.entity),
    and points, derived values, conflicts and checks are made within one owner
    (the park's 99.85亿元 and the county's 410亿元 are two 工业总产值 series)."""
    published = {d.name: d.meta.published.isoformat() for d in documents if d.meta.published}
    starts = {(d.name, s.index): s.start for d in documents for s in d.sentences}
    by_doc = {d.name: d for d in documents}

    mapped, unmapped, tagged = _map_facts(facts, catalog, starts)
    built: dict[Key, tuple[tuple[Point, ...], list[tuple[int, int]]]] = {}
    own: dict[Key, list[Finding]] = {}
    for ind in catalog.indicators:
        for key in (k for k in mapped if k[0] == ind.id):
            points, links, conflicts = build_points(ind, mapped[key], published)
            built[key] = (points, links)
            own[key] = list(conflicts)

    loose: list[Finding] = []
    for entity in dict.fromkeys(f.entity for f in tagged):
        levels = {ind_id: b for (ind_id, e), b in built.items() if e == entity}
        for ind_id, finding in _checks([f for f in tagged if f.entity == entity], catalog, levels, by_doc):
            own.get((ind_id or "", entity), loose).append(finding)

    indicators = {ind.id: ind for ind in catalog.indicators}
    series = []
    for key, (points, links) in built.items():
        ind = indicators[key[0]]
        scope = Counter(f.scope for f in mapped[key]).most_common(1)[0][0]
        series.append(
            Series(ind, points, derive(ind, points, links), tuple(own[key]), entity=key[1], scope=scope)
        )
    findings = tuple(f for s in series for f in s.findings) + tuple(loose)
    themes = tuple((t.id, t.title) for t in catalog.themes)
    return SeriesSet(tuple(series), tuple(unmapped), findings, themes)


def _map_facts(
    facts: Sequence[Fact], catalog: Catalog, starts: dict[tuple[str, int], int]
) -> tuple[dict[Key, list[Fact]], list[Fact], list[Fact]]:
    """Facts by (indicator, owner); the facts that map to none (其他数据); every
    fact, tagged with its indicator, in input order."""
    mapped: dict[Key, list[Fact]] = {}
    tagged: list[Fact] = []
    for fact in facts:
        ind = None
        if fact.review and fact.indicator:  # a reviewer chose it (corrections.toml): not guessed again
            ind = catalog.get(fact.indicator)
        elif not is_threshold(fact):
            ind = catalog.match(fact, sentence_start=starts.get((fact.document, fact.sentence_index)))
        f = fact if ind is None else dataclasses.replace(fact, indicator=ind.id)
        if ind is not None:
            mapped.setdefault((ind.id, f.entity), []).append(f)
        tagged.append(f)
    parts = parts_of_a_whole([f for fs in mapped.values() for f in fs], starts)
    if parts:
        for key in list(mapped):
            kept = [f for f in mapped[key] if id(f) not in parts]
            if kept:
                mapped[key] = kept
            else:
                del mapped[key]
        tagged = [dataclasses.replace(f, indicator=None) if id(f) in parts else f for f in tagged]
    unmapped = [f for f in tagged if f.indicator is None]
    return mapped, unmapped, tagged


def _checks(facts: list[Fact], catalog: Catalog, levels: dict, by_doc: dict[str, Document]) -> list:
    """The consistency checks over one owner's facts and series."""
    return (
        check_shares(facts, catalog)
        + check_growth(facts, catalog, levels)
        + check_points_change(facts, catalog, levels)
        + check_rank_change(facts, catalog, levels)
        + check_doubling(facts, catalog, levels, by_doc)
    )
