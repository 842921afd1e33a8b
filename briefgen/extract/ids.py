"""Stable fact ids: the handle a reviewer's correction holds on to.

An id is a hash of what the fact *is* in its source, never of a counter or of
where the text happens to sit in the file:

- the document's name (its key everywhere: sources.toml, facts, gold),
- its sentence, normalized (simplified, widths folded) and without whitespace,
- the value and unit as stated,
- where the number stands in that sentence (non-space characters before it).

So re-wrapping a source's lines, saving it in 繁体, or adding another document
to the folder leaves every id as it was; editing the sentence itself makes a
new fact (its correction then reports that it matches nothing, by id).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable

from briefgen.models import Document, Fact

ID_PREFIX = "f-"  # extracted facts; manual facts (corrections.toml) use "m-"
_HEX = 10  # 40 bits: no clash among the ten thousands of facts a park's folder holds
_SPACE = re.compile(r"\s+")


def sentence_key(sentence: str) -> str:
    """The sentence as the id reads it: normalize already simplified and folded it;
    whitespace is dropped because re-wrapped lines may leave or lose a space."""
    return _SPACE.sub("", sentence)


def fact_id(document: str, sentence: str, place: int, value: float, unit: str, repeat: int = 0) -> str:
    """``place``: non-space characters of the sentence before the number;
    ``repeat``: how many earlier facts of the document had the same key (the same
    sentence printed twice, one number read as two facts)."""
    key = "\x1f".join((document, sentence_key(sentence), str(place), repr(float(value)), unit, str(repeat)))
    return ID_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:_HEX]


def _place(doc: Document, f: Fact) -> int:
    """Where the number starts in its sentence, counted without whitespace."""
    if 0 <= f.sentence_index < len(doc.sentences):
        start = doc.sentences[f.sentence_index].start
        before = doc.text[start : max(start, f.span[0])]
    else:  # no sentence to count in (a fact made elsewhere): the span's own start
        before = doc.text[: f.span[0]]
    return len(sentence_key(before))


def with_ids(doc: Document, facts: Iterable[Fact]) -> list[Fact]:
    """The document's facts, each with its id."""
    seen: dict[tuple, int] = {}
    out = []
    for f in facts:
        key = (sentence_key(f.sentence), _place(doc, f), float(f.value), f.unit)
        repeat = seen.get(key, 0)
        seen[key] = repeat + 1
        out.append(dataclasses.replace(f, id=fact_id(doc.name, f.sentence, key[1], f.value, f.unit, repeat)))
    return out
