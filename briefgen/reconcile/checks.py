"""Consistency checks an analyst makes before quoting a number:

- share: a stated share against its stated part and whole
  (完成投资70.85亿元，占年度计划投资137.31亿元的51.6% -> 70.85 ÷ 137.31 = 51.6% ✓);
- growth: a stated growth rate against two levels of its indicator
  (同比增长23.9% against last year's and this year's value, when both are known);
- doubling: 翻番 / 接近翻番 / 翻两番 against a stated change (224 -> 410: 1.83倍).

Each check that can be made gives a Finding: ``ok`` or ``warning``, with the
sentences involved as quotes. Checks that lack a number are not made.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import permutations

from briefgen.catalog import Catalog, fact_measure, unit_class, unit_factor, value_position
from briefgen.models import Document, Fact, Finding, FindingLevel, Indicator, Point
from briefgen.reconcile import periods
from briefgen.reconcile.derive import comparable_pairs
from briefgen.reconcile.values import decimals, fmt, half_unit, interval, signed_interval, signed_value
from briefgen.wording import with_qualifier

LEVEL_MEASURES = frozenset({"money", "usd", "count", "area", "mass", "energy"})
DOUBLING = re.compile(r"(接近|将近|近)?翻(一|两|三|了一|了两|了三)?番")
_FOLDS = {None: 2, "一": 2, "了一": 2, "两": 4, "了两": 4, "三": 8, "了三": 8}

Tagged = tuple[str | None, Finding]  # (indicator id the finding belongs to, finding)


def _base(f: Fact) -> float | None:
    factor = unit_factor(f.unit)
    return f.value * factor if factor else (f.value if unit_class(f.unit) == "count" else None)


def _near(a: Fact, b: Fact) -> bool:
    if a.document != b.document:
        return False
    if a.sentence_index >= 0 and b.sentence_index >= 0:
        return abs(a.sentence_index - b.sentence_index) <= 2
    return a.sentence == b.sentence


def _name_pos(f: Fact, text: str, catalog: Catalog) -> int:
    """Where the text names what ``f`` measures (-1: it does not)."""
    names = [f.subject]
    ind = catalog.get(f.indicator) if f.indicator else None
    if ind is not None:
        names += [ind.name, *(t for t in ind.terms if "+" not in t)]
    hits = [(len(n), -text.find(n)) for n in names if n and n in text]
    return -max(hits)[1] if hits else -1


# ------------------------------------------------------------------ share vs parts


class _NearIndex:
    """Facts by (document, sentence index) and by (document, sentence), so that the
    facts :func:`_near` a fact are found without a scan of the document; they come
    back in the order they were added."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self._by_index: dict[tuple[str, int], list[tuple[int, Fact]]] = {}
        self._by_sentence: dict[tuple[str, str], list[tuple[int, Fact]]] = {}
        for n, f in enumerate(facts):
            if f.sentence_index >= 0:
                self._by_index.setdefault((f.document, f.sentence_index), []).append((n, f))
            self._by_sentence.setdefault((f.document, f.sentence), []).append((n, f))

    def near(self, a: Fact) -> list[Fact]:
        same = self._by_sentence.get((a.document, a.sentence), ())
        hits = [(n, f) for n, f in same if f.sentence_index < 0]
        if a.sentence_index >= 0:
            for i in range(a.sentence_index - 2, a.sentence_index + 3):
                hits += self._by_index.get((a.document, i), ())
        else:
            hits = list(self._by_sentence.get((a.document, a.sentence), ()))
        return [f for _, f in sorted(hits, key=lambda h: h[0])]


def check_shares(facts: Sequence[Fact], catalog: Catalog) -> list[Tagged]:
    out: list[Tagged] = []
    levels = _NearIndex(f for f in facts if fact_measure(f) in LEVEL_MEASURES)
    for share in facts:
        if fact_measure(share) != "share":
            continue
        text = share.sentence
        named = [
            (f, pos)
            for f in levels.near(share)
            if f is not share
            and _near(f, share)
            and _base(f) is not None
            and (pos := _name_pos(f, text, catalog)) >= 0
        ]
        share_pos = value_position(share)
        zhan = text.rfind("占", 0, share_pos if share_pos is not None else len(text))
        if zhan < 0:  # 开工率100%: a rate, not a stated part of a stated whole
            continue
        tried: list[tuple[Fact, Fact, float, float]] = []
        for (part, pp), (whole, wp) in permutations(named, 2):
            if fact_measure(part) != fact_measure(whole) or (
                part.value == whole.value and part.unit == whole.unit
            ):
                continue
            if not (pp < zhan < wp):
                continue
            p, w = _base(part), _base(whole)
            if not w or p is None or p > w:
                continue
            ratio = p / w * 100
            slack = (
                half_unit(share.value)
                + ratio * (half_unit(part.value) / part.value + half_unit(whole.value) / whole.value)
                + 1e-9
            )
            lo, hi = interval(share.value, share.qualifier, share.unit)
            tried.append((part, whole, ratio, 0.0 if lo - slack <= ratio <= hi + slack else 1.0))
        good = [t for t in tried if t[3] == 0.0]
        pick = good[0] if good else (tried[0] if len(tried) == 1 else None)
        if pick is None:
            continue
        part, whole, ratio, bad = pick
        sum_text = f"{fmt(part.value)}{part.unit} ÷ {fmt(whole.value)}{whole.unit} = {fmt(ratio, 1)}%"
        stated = with_qualifier(fmt(share.value), "%", share.qualifier)
        what = f"{part.subject}占{whole.subject}的比重"
        level: FindingLevel = "warning" if bad else "ok"
        msg = f"{what}核对{'不符' if bad else '一致'}：{sum_text}，{'而' if bad else ''}文中为{stated}"
        quotes = tuple(dict.fromkeys([share.sentence, part.sentence, whole.sentence]))
        docs = (share.document,)
        out.append((share.indicator, Finding(level, "share", msg, quotes, docs)))
    return out


# ------------------------------------------------------------------ stated growth vs levels


def _single(hits: Sequence[Point]) -> Point | None:
    return hits[0] if len(hits) == 1 and hits[0].qualifier is None and not hits[0].conflict else None


class _SeriesIndex:
    """One indicator's points by period and by the sentences of their facts, and
    its stated changes by the sentence of their end point: what the checks look
    up per fact, built once per indicator (not a scan of the points per fact)."""

    def __init__(self, points: tuple[Point, ...], links: list[tuple[int, int]]) -> None:
        self.by_period: dict[str | None, list[Point]] = {}
        self.by_sentence: dict[tuple[str, str], list[Point]] = {}
        for p in points:
            self.by_period.setdefault(p.period, []).append(p)
            for key in dict.fromkeys((f.document, f.sentence) for f in p.facts):
                self.by_sentence.setdefault(key, []).append(p)
        self.first_link: dict[tuple[str, str], tuple[Point, Point]] = {}  # any stated change
        self.first_exact_link: dict[tuple[str, str], tuple[Point, Point]] = {}  # neither end a bound
        for x, y in links:
            a, b = points[x], points[y]
            exact = a.qualifier is None and b.qualifier is None
            for f in b.facts:
                self.first_link.setdefault((f.document, f.sentence), (a, b))
                if exact:
                    self.first_exact_link.setdefault((f.document, f.sentence), (a, b))

    def at(self, period: str | None) -> Point | None:
        return _single(self.by_period.get(period, ())) if period is not None else None


def _indexes(
    levels: Mapping[str, tuple[tuple[Point, ...], list[tuple[int, int]]]],
) -> dict[str, _SeriesIndex]:
    return {ind_id: _SeriesIndex(points, links) for ind_id, (points, links) in levels.items()}


def check_growth(
    facts: Sequence[Fact],
    catalog: Catalog,
    levels: Mapping[str, tuple[tuple[Point, ...], list[tuple[int, int]]]],
) -> list[Tagged]:
    out: list[Tagged] = []
    index = _indexes(levels)
    for g in facts:
        ind = catalog.get(g.indicator) if g.indicator else None
        if ind is None or ind.kind != "growth" or not ind.of or ind.of not in levels:
            continue
        series = index[ind.of]
        pair: tuple[Point, Point] | None = None
        if g.period and "/" in g.period:
            a_per, _, b_per = g.period.partition("/")
            a, b = series.at(a_per), series.at(b_per)
            pair = (a, b) if a and b else None
        elif g.period:
            a, b = series.at(periods.previous_year(g.period)), series.at(g.period)
            pair = (a, b) if a and b else None
        else:  # undated: the first stated change of the level whose end is in the same sentence
            pair = series.first_exact_link.get((g.document, g.sentence))
        if pair is None or pair[0].value <= 0 or pair[0].unit != pair[1].unit:
            continue
        a, b = pair
        rate = (b.value - a.value) / a.value * 100
        slack = (
            half_unit(g.value)
            + (b.value / a.value)
            * 100
            * (half_unit(a.value) / a.value + half_unit(b.value) / max(b.value, 1e-12))
            + 1e-9
        )
        stated_rate = signed_value(g)  # 下降4.5% is checked as −4.5%, never as a rise
        lo, hi = signed_interval(stated_rate, g.qualifier, g.unit)
        ok = lo - slack <= rate <= hi + slack
        base = catalog.get(ind.of)
        sum_text = (
            f"({fmt(b.value)} − {fmt(a.value)}) ÷ {fmt(a.value)} = {fmt(rate, 1)}%"
            f"（{periods.label(a.period)} → {periods.label(b.period)}）"
        )
        stated = ("下降" if stated_rate < 0 else "") + with_qualifier(fmt(g.value), "%", g.qualifier)
        name = base.name if base else ind.name
        msg = f"{name}增速核对{'一致' if ok else '不符'}：{sum_text}，文中为{stated}"
        quotes = tuple(
            dict.fromkeys([g.sentence, *(f.sentence for f in a.facts), *(f.sentence for f in b.facts)])
        )
        docs = tuple(sorted({g.document, *(f.document for f in a.facts + b.facts)}))
        out.append((ind.id, Finding("ok" if ok else "warning", "growth", msg, quotes, docs)))
    return out


def check_points_change(
    facts: Sequence[Fact],
    catalog: Catalog,
    levels: Mapping[str, tuple[tuple[Point, ...], list[tuple[int, int]]]],
) -> list[Tagged]:
    """A stated change in percentage points (提高4.1个百分点) against the two
    shares of its indicator stated in the same sentence."""
    out: list[Tagged] = []
    index = _indexes(levels)
    for c in facts:
        if fact_measure(c) != "pp":
            continue
        ind = catalog.match_any_measure(c, kinds=("share",))
        if ind is None or ind.id not in levels:
            continue
        pair = index[ind.id].first_link.get((c.document, c.sentence))
        if pair is None:
            continue
        a, b = pair
        diff = b.value - a.value
        slack = half_unit(c.value) + half_unit(a.value) + half_unit(b.value) + 1e-9
        if c.normalized_value is None:  # no direction known: the size alone is checked
            lo, hi = interval(c.value, c.qualifier, c.unit)
            ok = lo - slack <= abs(diff) <= hi + slack
        else:  # 下降0.3个百分点 is −0.3: a rise of 0.3 does not match it
            lo, hi = signed_interval(signed_value(c), c.qualifier, c.unit)
            ok = lo - slack <= diff <= hi + slack
        said = ("下降" if signed_value(c) < 0 else "") + with_qualifier(fmt(c.value), "个百分点", c.qualifier)
        msg = (
            f"{ind.name}变化核对{'一致' if ok else '不符'}：{fmt(b.value)}% − {fmt(a.value)}% = "
            f"{fmt(diff, max(decimals(a.value), decimals(b.value)))}个百分点，文中为{said}"
        )
        quotes = tuple(dict.fromkeys([c.sentence, *(f.sentence for f in b.facts)]))
        out.append((ind.id, Finding("ok" if ok else "warning", "points", msg, quotes, (c.document,))))
    return out


def check_rank_change(
    facts: Sequence[Fact],
    catalog: Catalog,
    levels: Mapping[str, tuple[tuple[Point, ...], list[tuple[int, int]]]],
) -> list[Tagged]:
    """A stated move of places (排名第11位，较上年前移7位) against the rank of the
    same sentence and the rank of the year before, when both are known. The move
    itself is never a rank (catalog.fact_measure: change:rank)."""
    out: list[Tagged] = []
    index = _indexes(levels)
    for c in facts:
        if fact_measure(c) != "change:rank" or c.normalized_value is None:
            continue
        ind = catalog.match_any_measure(c, kinds=("rank",))
        if ind is None or ind.id not in levels:
            continue
        series = index[ind.id]
        here = [
            p
            for p in series.by_sentence.get((c.document, c.sentence), ())
            if p.qualifier is None and not p.conflict
        ]
        if len(here) != 1:
            continue
        b = here[0]
        a = series.at(periods.previous_year(b.period))
        if a is None:
            continue
        moved = a.value - b.value  # lower is better: positive = moved up
        ok = math.isclose(moved, signed_value(c), abs_tol=1e-9)
        said = f"{'前移' if signed_value(c) > 0 else '后移'}{fmt(c.value)}位"
        msg = (
            f"{ind.name}名次变化核对{'一致' if ok else '不符'}："
            f"第{fmt(a.value)}位（{periods.label(a.period)}） → "
            f"第{fmt(b.value)}位（{periods.label(b.period)}），"
            f"文中为{said}"
        )
        quotes = tuple(dict.fromkeys([c.sentence, *(f.sentence for f in a.facts)]))
        docs = tuple(sorted({c.document, *(f.document for f in a.facts)}))
        out.append((ind.id, Finding("ok" if ok else "warning", "rank", msg, quotes, docs)))
    return out


# ------------------------------------------------------------------ 翻番 claims


def _claim_range(m: re.Match) -> tuple[str, float, float]:
    n = _FOLDS.get(m[2], 2)
    if m[1]:
        return m[0], 0.8 * n, 1.02 * n
    return m[0], 0.95 * n, math.inf


def _claim_names(sentence: str, ind: Indicator) -> bool:
    """A 翻番 phrase whose clause names the indicator (全县知识产权数量翻番，从…)."""
    m = DOUBLING.search(sentence)
    if m is None:
        return False
    start = max(sentence.rfind(c, 0, m.start()) for c in "，；,;")
    clause = sentence[start + 1 : m.end()]
    return any(n in clause for n in (ind.name, *(t for t in ind.terms if "+" not in t)))


def check_doubling(
    facts: Sequence[Fact],
    catalog: Catalog,
    levels: Mapping[str, tuple[tuple[Point, ...], list[tuple[int, int]]]],
    documents: Mapping[str, Document],
) -> list[Tagged]:
    """Claims come from facts in 倍 (总量接近翻番 -> 2倍, 近), from the sentence of
    a stated change (its 翻番 clause naming the indicator), and — when the
    documents are given — from a sentence without numbers of its own that is
    just before the change (实现主要工业经济指标翻番。全县工业总产值从224亿元到410亿元)
    or that names the indicator anywhere in the same document
    (工业主营业务收入、工业总产值等主要经济指标…总量接近翻番)."""
    claims: list[tuple[Indicator, str, str, Point, Point]] = []  # (ind, document, sentence, a, b)
    seen: set[tuple[str, str, str]] = set()

    def add(ind: Indicator, doc: str, sentence: str, a: Point, b: Point) -> None:
        if (ind.id, doc, sentence) not in seen:
            seen.add((ind.id, doc, sentence))
            claims.append((ind, doc, sentence, a, b))

    pairs_of: dict[str, list[tuple[Point, Point]]] = {}  # indicator id -> comparable_pairs, made once
    for f in facts:
        if f.unit != "倍" or not DOUBLING.search(f.sentence):
            continue
        ind = catalog.match_any_measure(f)
        if ind is None or ind.id not in levels:
            continue
        if ind.id not in pairs_of:
            pairs_of[ind.id] = comparable_pairs(*levels[ind.id])
        pairs = [
            (a, b)
            for a, b in pairs_of[ind.id]
            if any(x.document == f.document for x in b.facts)
            and any(x.document == f.document for x in a.facts)
        ]
        if pairs:
            add(ind, f.document, f.sentence, *pairs[0])
    # sentences without numbers of their own that claim a doubling, per document
    summaries = {
        name: [s.text for s in doc.sentences if DOUBLING.search(s.text) and not re.search(r"\d", s.text)]
        for name, doc in documents.items()
    }
    summary_set = {name: set(texts) for name, texts in summaries.items()}
    for ind_id, (points, links) in levels.items():
        ind = catalog.get(ind_id)
        if ind is None or ind.kind != "level":
            continue
        names = [n for n in (ind.name, *ind.terms) if "+" not in n and len(n) >= 3]
        summarised: set[str] = set()  # documents whose summaries naming ind are added (first pair wins)
        names_ind: dict[str, bool] = {}  # sentence -> its 翻番 clause names ind
        for a, b in pairs_of.get(ind_id) or comparable_pairs(points, links):
            a_docs = {x.document for x in a.facts}
            for f in b.facts:
                if f.document not in a_docs:
                    continue  # a claim in one article is about that article's numbers
                if f.sentence not in names_ind:
                    names_ind[f.sentence] = _claim_names(f.sentence, ind)
                if names_ind[f.sentence]:
                    add(ind, f.document, f.sentence, a, b)
                doc = documents.get(f.document)
                if doc is None:
                    continue
                if 0 < f.sentence_index < len(doc.sentences):
                    prev = doc.sentences[f.sentence_index - 1].text
                    if prev in summary_set[f.document]:
                        add(ind, f.document, prev, a, b)
                # a summary sentence elsewhere naming the indicator (工业总产值等…总量接近翻番)
                if f.document in summarised:
                    continue
                summarised.add(f.document)
                for text in summaries[f.document]:
                    if any(n in text for n in names):
                        add(ind, f.document, text, a, b)

    out: list[Tagged] = []
    for ind, doc_name, sentence, a, b in claims:
        if a.value <= 0:
            continue
        m = DOUBLING.search(sentence)
        assert m is not None
        phrase, lo, hi = _claim_range(m)
        mult = b.value / a.value
        ok = lo <= mult <= hi
        sum_text = (
            f"{ind.name}{fmt(a.value)}{a.unit} → {fmt(b.value)}{b.unit}，"
            f"{fmt(b.value)} ÷ {fmt(a.value)} = {fmt(mult, 2)}倍"
        )
        verdict = "相符" if ok else ("未达" if mult < lo else "超出") + f"“{phrase}”"
        msg = f"“{phrase}”核对：{sum_text}，{'与“' + phrase + '”相符' if ok else verdict}"
        quotes = tuple(dict.fromkeys([sentence, *(f.sentence for f in b.facts)]))
        docs = tuple(sorted({doc_name, *(f.document for f in a.facts + b.facts)}))
        out.append((ind.id, Finding("ok" if ok else "warning", "doubling", msg, quotes, docs)))
    return out
