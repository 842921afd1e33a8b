"""期号: the issue number a brief is published under (第N期, 总第M期, 增刊第N期).

Each published brief takes the next number of its year; the first brief of a
new year is 第1期 again. 增刊 (supplements) are numbered apart and do not count
in the running total 总第M期. A rebuild from the same data (the same articles
and catalog: a new template, a fixed typo in the config) is the same issue and
keeps its number; ``--issue N`` sets the number, and the next brief follows it.

The numbers live in ``<out>/.briefgen/issues.json``, one record per numbered
brief, written atomically after the brief is published. A damaged file is kept
aside (briefgen.statefile) and never read as "no brief yet": until a brief is
numbered again, the build stops and asks for ``--issue N``. Imports nothing heavy.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from briefgen.errors import OutputError
from briefgen.statefile import DamagedState, read_json

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


_FIELDS = {f.name for f in fields(IssueNumber)}


def _valid(data: dict) -> bool:
    issues = data.get("issues")
    return isinstance(issues, list) and all(isinstance(r, dict) and set(r) == _FIELDS for r in issues)


def load_numbers(state: Path) -> list[IssueNumber]:
    """The numbered briefs, oldest first. Raises statefile.DamagedState (the file
    kept aside) when the file is not what briefgen wrote."""
    data = read_json(state / NUMBERS_NAME, _valid)
    return [IssueNumber(**r) for r in data["issues"]] if data else []


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
    try:
        records = load_numbers(state)
        lost = not records and any(state.glob(f"{NUMBERS_NAME}.damaged-*"))
        why = f"{state / NUMBERS_NAME}: the issue numbers were damaged earlier and set aside"
    except DamagedState as exc:
        records, lost, why = [], True, str(exc)
    if lost and override is None:  # a guessed 第1期 would repeat a number already sent out
        raise OutputError(f"{why}; give this brief's number with --issue N")
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
    try:
        records = load_numbers(state)
    except DamagedState:  # assign() said so; the file is kept aside, start it again
        records = []
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
