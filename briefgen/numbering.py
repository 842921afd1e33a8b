"""期号: the issue number a brief is published under (第N期, 总第M期, 增刊第N期).

Each published brief takes the next number of its year; the first brief of a
new year is 第1期 again. 增刊 (supplements) are numbered apart and do not count
in the running total 总第M期. A rebuild from the same data (the same articles
and catalog: a new template, a fixed typo in the config) is the same issue and
keeps its number; ``--issue N`` sets the number, and the next brief follows it.

The numbers live in ``<out>/.briefgen/issues.json``, one record per numbered
brief, written atomically after the brief is published. Imports nothing heavy.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

NUMBERS_NAME = "issues.json"
KEEP = 120  # records kept: ten years of monthly briefs


@dataclass(frozen=True)
class IssueNumber:
    year: int
    number: int  # 第N期 within the year (增刊 counted on their own)
    total: int  # 总第M期: regular issues so far, including those before briefgen (``before``)
    supplement: bool = False  # 增刊
    data: str = ""  # digest of the data the brief was made from (manifest.data_digest)

    @property
    def label(self) -> str:
        """第3期 / 增刊第1期."""
        return f"{'增刊' if self.supplement else ''}第{self.number}期"


def load_numbers(state: Path) -> list[IssueNumber]:
    """The numbered briefs, oldest first; an unreadable file counts as none."""
    try:
        data = json.loads((state / NUMBERS_NAME).read_text(encoding="utf-8"))
        return [IssueNumber(**r) for r in data.get("issues", [])]
    except (OSError, ValueError, TypeError, AttributeError):
        return []


def assign(
    state: Path,
    *,
    data: str,
    year: int,
    supplement: bool = False,
    override: int | None = None,
    before: int = 0,
) -> IssueNumber:
    """The number of the brief about to be built from ``data`` in ``year``.

    ``override``: --issue N. ``before``: regular issues the office published before
    briefgen numbered them, so 总第M期 continues their count."""
    records = load_numbers(state)
    same_kind = [r for r in records if r.supplement == supplement]
    last = same_kind[-1] if same_kind else None
    regular = [r for r in records if not r.supplement]
    total = (regular[-1].total if regular else before) + (0 if supplement else 1)
    if last is not None and last.data == data and override in (None, last.number):
        return last  # the same brief again: its number stays
    if override is not None:
        number = override
    elif last is not None and last.year == year:
        number = last.number + 1
    else:
        number = 1
    if supplement and regular:
        total = regular[-1].total
    return IssueNumber(year=year, number=number, total=total, supplement=supplement, data=data)


def record(state: Path, issue: IssueNumber) -> None:
    """Remember ``issue`` as published (a rebuild of the same issue is not added twice)."""
    records = load_numbers(state)
    if records and records[-1] == issue:
        return
    records = [r for r in records if r != issue] + [issue]
    state.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"issues": [asdict(r) for r in records[-KEEP:]]}, ensure_ascii=False, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=".issues-", suffix=".tmp", dir=state)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        os.replace(tmp, state / NUMBERS_NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
