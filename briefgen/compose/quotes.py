"""Facts and findings with the source sentences they are quoted from: fact
views, the appendix (one entry a sentence), check findings, and excerpts of
long sentences around their numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefgen.compose.phrases import fact_value_text
from briefgen.compose.series_views import says_goal
from briefgen.compose.views import FactView, FindingView, SentenceView
from briefgen.models import Fact, Finding
from briefgen.wording import period_text


def fact_view(f: Fact, indicator: str, number_of: dict[str, int], focus: str | None = "") -> FactView:
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
        review=f.review,
    )


def _owner_to_name(f: Fact, name: str, focus: str | None) -> str:
    """Whose the fact is, when not the park's and its name does not say it already."""
    return "" if not f.entity or f.entity == focus or name.startswith(f.entity) else f.entity


def fact_views(facts, series_set, number_of, focus: str | None = "") -> tuple[FactView, ...]:
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
                    rows.append(fact_view(f, s.indicator.name, number_of, focus))
    for f in facts:
        if key(f) not in seen:
            seen.add(key(f))
            rows.append(fact_view(f, names.get(f.indicator or "", ""), number_of, focus))
    return tuple(rows)


def by_sentence(
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
    # figures a reviewer added (人工补录, no source document: number 0) come after the sources'
    order = sorted(
        groups, key=lambda k: (groups[k][0].source or 1 << 30, position.get(k, (1 << 30, 1 << 30)))
    )
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


def finding_view(f: Finding, number_of: dict[str, int], owner: str = "") -> FindingView:
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
