"""Facts and documents built from the hand-annotated gold files, standing in
for the extractor in reconcile tests: each gold fact becomes a Fact with
terms[0] as subject, the quote's whole sentence (simplified) as sentence, the
value's offset as span, and ``from`` ids turned into ``Fact.from_``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from functools import cache
from pathlib import Path

import opencc

from briefgen.models import Document, Fact, Quantity, Sentence, SourceMeta

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "data" / "gold"  # a copy of ../shared/gold
SEEDS = REPO / "seeds"
_T2S = opencc.OpenCC("t2s")
_SENTENCE_END = re.compile(r"[。！？!?\n]+")


def _sentences(text: str) -> tuple[Sentence, ...]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        raw = text[start : m.end()]
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip().rstrip("\n")
        if body.strip():
            s = start + lead
            out.append(Sentence(len(out), body, s, s + len(body)))
        start = m.end()
    return tuple(out)


def _number_in(quote: str, value: float) -> int:
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    k = quote.find(text)
    return max(k, 0)


MULTIPLES = frozenset({"倍"})  # 翻番 claims: optional in the gold, but the doubling check reads them


def _wanted(g: dict, optional_units: frozenset[str] | None) -> bool:
    if not g.get("optional"):
        return True
    return optional_units is None or g["unit"] in optional_units


@cache
def gold_case(
    optional_units: frozenset[str] | None = MULTIPLES,
) -> tuple[tuple[Document, ...], tuple[Fact, ...]]:
    """Non-optional gold facts, plus optional ones in ``optional_units`` (None: all)."""
    docs, facts = [], []
    for gold_path in sorted(GOLD.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold["document"]
        original = (SEEDS / name).read_text(encoding="utf-8")
        text = _T2S.convert(original)
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        sentences = _sentences(text)
        docs.append(
            Document(
                name=name,
                path=SEEDS / name,
                meta=SourceMeta(file=name, published=published),
                original=original,
                sha256=hashlib.sha256(original.encode()).hexdigest(),
                text=text,
                sentences=sentences,
            )
        )
        by_id = {g["id"]: g for g in gold["facts"]}
        cursor = 0
        for g in gold["facts"]:
            if not _wanted(g, optional_units):
                continue
            quote = _T2S.convert(g["quote"])
            at = text.find(quote, cursor)
            if at < 0:
                at = text.find(quote)
            assert at >= 0, (name, g["id"], quote)
            cursor = at
            sentence = next(s for s in sentences if s.start <= at < s.end)
            pos = at + _number_in(quote, g["value"])
            earlier = by_id.get(g.get("from")) if g.get("from") else None
            facts.append(
                Fact(
                    document=name,
                    subject=g["terms"][0],
                    value=float(g["value"]),
                    unit=g["unit"],
                    period=g["period"],
                    sentence=sentence.text,
                    span=(pos, pos + len(str(g["value"]))),
                    kind=g.get("kind", "level"),
                    qualifier=g.get("qualifier"),
                    from_=Quantity(float(earlier["value"]), earlier["unit"], earlier["period"])
                    if earlier
                    else None,
                    sentence_index=sentence.index,
                )
            )
    return tuple(docs), tuple(facts)


def gold_records(optional_units: frozenset[str] | None = MULTIPLES) -> list[dict]:
    """The gold records (with "document") in the order gold_case builds facts."""
    out = []
    for gold_path in sorted(GOLD.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        out += [{**g, "document": gold["document"]} for g in gold["facts"] if _wanted(g, optional_units)]
    return out
