"""Ranked lists printed one entry per line ("1　甲经开区　浙江", "2乙高新区江苏"):
each line is a rank of the park it names, in the ranking the article reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.extract.owners import PARK_TYPES

_ENTRY = re.compile(
    r"^\s*(?P<rank>\d{1,3})\s*[、.．:：)）]?\s*"
    r"(?P<name>[\u4e00-\u9fff（）()]{2,24}?(?:" + PARK_TYPES + r"))"
    r"\s*(?P<rest>[\u4e00-\u9fff]{0,6})\s*$"
)


@dataclass(frozen=True)
class RankedEntry:
    rank: int
    name: str
    start: int  # of the rank number in the line
    end: int


def ranked_entry(line: str) -> RankedEntry | None:
    """The rank and the park of one line of a ranked list, or None."""
    m = _ENTRY.match(line)
    if m is None or not 0 < int(m.group("rank")) <= 500:
        return None
    return RankedEntry(int(m.group("rank")), m.group("name"), m.start("rank"), m.end("rank"))
