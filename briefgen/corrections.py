"""A reviewer's corrections: ``corrections.toml`` beside ``sources.toml``.

One table per fact id (the ids ``briefgen extract --format json`` prints), written by
``briefgen review --apply`` and ``briefgen correct``, readable and diffable by hand::

    ["f-2a1a1afa69"]
    action = "修改"            # 修改 (change what is given) | 删除 (leave the figure out)
    period = "2023"
    entity = "安义县"
    scope = "area"
    note = "县的数字，不是园区的"
    by = "zhang"
    at = 2026-12-05T09:30:00

    ["m-5b0c1d2e3f"]
    action = "补录"            # a figure no article states: added with its own citation
    subject = "工业总产值"
    value = 512.3
    unit = "亿元"
    period = "2023"
    entity = "安义高新技术产业园区"
    scope = "park"
    source = "园区管委会2024年1月统计月报"

``apply_corrections`` runs right after extraction (build, series, extract): the
brief, its 本期更新 and every listing then show the corrected values. A correction
whose fact is gone (its sentence was edited) is a warning naming it, never dropped
silently; everything wrong in the file is one error naming the file and the id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.errors import CorrectionError
from briefgen.models import Fact

if TYPE_CHECKING:
    from briefgen.catalog import Catalog

CORRECTIONS_TOML = "corrections.toml"
CHANGE, DROP, ADD = "修改", "删除", "补录"
ACTIONS = (CHANGE, DROP, ADD)
SCOPES = ("park", "area", "group", "firm")
# what a correction may set on a fact, in the order they are written
FIELDS = ("subject", "value", "unit", "period", "entity", "scope", "indicator")
_KEYS = ("action", *FIELDS, "source", "note", "by", "at")
MANUAL_PREFIX = "m-"

_HEADER = """\
# Corrections to the figures briefgen extracted, applied by build, series and extract.
# Written by `briefgen review --apply FILE.xlsx` and `briefgen correct ID ...`; edit by hand freely
# (the commands rewrite this file keeping your comments; remarks on a figure go in `note`).
# One table per fact id (`briefgen extract --format json` prints them):
#   action = "修改" sets the keys given (subject, value, unit, period, entity, scope, indicator)
#   action = "删除" leaves the figure out of the brief
#   action = "补录" adds a figure no source states; `source` says where it is from (shown as 人工补录)
# scope: park | area | group | firm; period: 2023, 2022-06, 2022-Q1, 2022-01/2022-04, 2020/2023
"""


@dataclass(frozen=True)
class Correction:
    """One reviewed fact: what to do with it and the values to set (None = keep)."""

    id: str
    action: str  # 修改 | 删除 | 补录
    subject: str | None = None
    value: float | None = None
    unit: str | None = None
    period: str | None = None
    entity: str | None = None
    scope: str | None = None
    indicator: str | None = None  # a catalog id or display name
    source: str | None = None  # 补录: where the figure comes from (a phone call, an internal report)
    note: str = ""  # 备注
    by: str = ""
    at: str = ""  # ISO date-time of the review

    def changes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in FIELDS if getattr(self, k) is not None}


def corrections_path(sources_dir: Path) -> Path:
    """Beside sources.toml: in the sources folder (its parent when one file is given)."""
    folder = sources_dir if sources_dir.is_dir() or not sources_dir.suffix else sources_dir.parent
    return folder / CORRECTIONS_TOML


# --------------------------------------------------------------------------- checking


def check(c: Correction, where: str) -> Correction:
    """The correction if it can be applied; else one CorrectionError whose message
    starts with ``where`` (a file and fact id, a workbook row, an option)."""

    def bad(why: str) -> CorrectionError:
        return CorrectionError(f"{where}: {why}")

    if c.action not in ACTIONS:
        raise bad(f"处理 must be one of {', '.join(ACTIONS)} (or 保留), not {c.action!r}")
    if c.value is not None and not math.isfinite(c.value):
        raise bad(f"value {c.value!r} is not a number")
    if c.scope is not None and c.scope not in SCOPES:
        raise bad(f"unknown owner scope {c.scope!r}; use one of {', '.join(SCOPES)}")
    if c.period is not None:
        from briefgen.wording import Period

        if Period.parse(c.period) is None:
            raise bad(f"period {c.period!r} is not one of 2023, 2022-06, 2022-Q1, 2022-01/2022-04, 2020/2023")
    for key in ("subject", "unit", "entity", "indicator", "source"):
        value = getattr(c, key)
        if value is not None and not value.strip():
            raise bad(f"{key} is empty")
    if c.action == CHANGE and not c.changes():
        raise bad(
            "修改 with nothing to change: fill a corrected value, unit, subject, owner, period or indicator"
        )
    if c.action == ADD:
        missing = [k for k in ("subject", "value", "unit", "source") if getattr(c, k) is None]
        if missing:
            raise bad(f"补录 needs {', '.join(missing)} (source: where the figure comes from)")
    elif c.source is not None:
        raise bad("source is for 补录 (an added figure); an extracted fact keeps its article")
    return c


def number(value: Any, where: str) -> float:
    """A cell or TOML value as a number: 410, 410.5, "410", "1,234.5"; else a CorrectionError."""
    if isinstance(value, bool):
        raise CorrectionError(f"{where}: {value!r} is not a number")
    if isinstance(value, int | float):
        out = float(value)
    else:
        try:
            out = float(str(value).strip().replace(",", "").replace("，", ""))
        except ValueError:
            raise CorrectionError(f"{where}: {str(value)!r} is not a number") from None
    if not math.isfinite(out):
        raise CorrectionError(f"{where}: {value!r} is not a number")
    return out


def manual_id(c: Correction) -> str:
    """An added figure's id: what it states and where from (the same entry twice is one)."""
    key = "\x1f".join(str(x) for x in (c.source, c.subject, c.value, c.unit, c.period, c.entity, c.scope))
    return MANUAL_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


# --------------------------------------------------------------------------- the file


def load_corrections(path: Path) -> tuple[Correction, ...]:
    """The corrections in ``path``; () when there is no such file."""
    if not path.is_file():
        return ()
    from briefgen.config import read_toml

    data = read_toml(path, CorrectionError, missing="not found")
    out = []
    for fact_id, table in data.items():
        where = f"{path}: [{json.dumps(fact_id, ensure_ascii=False)}]"
        if not isinstance(table, dict):
            raise CorrectionError(f'{where}: must be a table of keys (action = "修改", ...)')
        unknown = sorted(set(table) - set(_KEYS))
        if unknown:
            raise CorrectionError(f"{where}: unknown key '{unknown[0]}' (known: {', '.join(_KEYS)})")
        values: dict[str, Any] = {}
        for key, value in table.items():
            if key == "value":
                values[key] = number(value, f"{where} value")
            elif key == "at":
                values[key] = value.isoformat() if isinstance(value, dt.date | dt.datetime) else str(value)
            elif not isinstance(value, str):
                raise CorrectionError(f"{where}: '{key}' must be text, not {type(value).__name__}")
            else:
                values[key] = value
        values.setdefault("action", "")
        out.append(check(Correction(id=str(fact_id), **values), where))
    return tuple(out)


def _toml_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def dump_corrections(items: Iterable[Correction], previous: str = "") -> str:
    """The file's text for ``items``: ``previous`` (the file as it was) with its tables
    updated, added and removed by tomlkit, so the comments a person wrote stay."""
    import tomlkit

    doc = tomlkit.parse(previous) if previous.strip() else tomlkit.parse(_HEADER + "\n")
    wanted = {c.id: c for c in items}
    for gone in [k for k in doc if k not in wanted]:
        del doc[gone]
    for c in wanted.values():
        table = tomlkit.table()
        for key in _KEYS:
            value = getattr(c, key)
            if value is None or value == "":
                continue
            # `at` is a TOML local date-time, not a string
            table[key] = dt.datetime.fromisoformat(value) if key == "at" else _toml_value(value)
        if c.id in doc:
            old = doc[c.id]
            if dict(old) != dict(table):  # rewrite only what changed (its comments go with it)
                doc[c.id] = table
        else:
            doc[c.id] = table
    return tomlkit.dumps(doc)


def save_corrections(path: Path, items: Sequence[Correction]) -> None:
    """Write all at once (a failed write leaves the previous file as it was)."""
    import tomllib

    from briefgen.publish import write_atomic

    previous = path.read_text(encoding="utf-8") if path.is_file() else ""
    text = dump_corrections(items, previous)
    tomllib.loads(text)  # what we write must read back: a bug here is caught before the file changes
    write_atomic(path, text.encode("utf-8"))


def merge(old: Sequence[Correction], new: Sequence[Correction]) -> tuple[Correction, ...]:
    """``old`` with ``new`` on top: one entry per id, the newer one wins, order kept."""
    by_id = {c.id: c for c in old}
    for c in new:
        by_id[c.id] = c
    return tuple(by_id.values())


def stamp(items: Iterable[Correction], by: str, at: dt.datetime | None = None) -> tuple[Correction, ...]:
    when = (at or dt.datetime.now()).replace(microsecond=0).isoformat()
    return tuple(dataclasses.replace(c, by=c.by or by, at=c.at or when) for c in items)


# --------------------------------------------------------------------------- applying


@dataclass(frozen=True)
class Applied:
    facts: tuple[Fact, ...]
    corrected: int  # facts changed
    dropped: int
    added: int
    warnings: tuple[str, ...]  # corrections whose fact no longer exists


def apply_corrections(
    facts: Sequence[Fact],
    items: Sequence[Correction],
    *,
    path: Path | str = CORRECTIONS_TOML,
    catalog: Catalog | None = None,
) -> Applied:
    """The facts as corrected. With the ``catalog`` a reviewer's indicator may be its
    id or its display name (an unknown one is an error); without it, kept as written."""
    indicator_ids = indicator_names(catalog) if catalog is not None else None
    by_id = {c.id: c for c in items if c.action != ADD}
    out: list[Fact] = []
    used: set[str] = set()
    corrected = dropped = 0
    for f in facts:
        c = by_id.get(f.id)
        if c is None:
            out.append(f)
            continue
        used.add(c.id)
        if c.action == DROP:
            dropped += 1
            continue
        out.append(_changed(f, c, indicator_ids, path))
        corrected += 1
    added = [_manual_fact(c, indicator_ids, path, catalog) for c in items if c.action == ADD]
    warnings = tuple(
        f"{path}: correction {c.id} matches no fact (its sentence or document changed?); not applied"
        for c in items
        if c.action != ADD and c.id not in used
    )
    return Applied(tuple(out + added), corrected, dropped, len(added), warnings)


def indicator_names(catalog: Catalog) -> dict[str, str]:
    """Display name or id -> id."""
    out = {ind.name: ind.id for ind in catalog.indicators}
    out.update({ind.id: ind.id for ind in catalog.indicators})
    return out


def _indicator(name: str | None, ids: dict[str, str] | None, path: Path | str, cid: str) -> str | None:
    if name is None or ids is None:
        return name
    if name not in ids:
        raise CorrectionError(f"{path}: [{cid}]: indicator {name!r} is not in the catalog")
    return ids[name]


def _changed(f: Fact, c: Correction, ids: dict[str, str] | None, path: Path | str) -> Fact:
    from briefgen.extract.units import normalize_quantity

    fields = c.changes()
    if "indicator" in fields:
        fields["indicator"] = _indicator(c.indicator, ids, path, c.id)
    new = dataclasses.replace(f, **fields, review="corrected")
    if "value" in fields or "unit" in fields:
        nv, nu = normalize_quantity(new.value, new.unit)
        sign = -1 if f.kind in ("growth", "change") and (f.normalized_value or 0) < 0 else 1
        # a typed value is exact: 80余个 corrected to 83 is 83个
        qualifier = None if "value" in fields else f.qualifier
        new = dataclasses.replace(new, normalized_value=nv * sign, normalized_unit=nu, qualifier=qualifier)
    return new


def _manual_fact(
    c: Correction, ids: dict[str, str] | None, path: Path | str, catalog: Catalog | None
) -> Fact:
    from briefgen.extract.units import RANK_UNITS, normalize_quantity

    assert c.value is not None and c.unit is not None and c.subject is not None  # check() saw to it
    nv, nu = normalize_quantity(c.value, c.unit)
    indicator = _indicator(c.indicator, ids, path, c.id)
    known = catalog.get(indicator) if catalog is not None and indicator else None
    # the indicator says what kind of figure it is; without one the unit does
    kind = known.kind if known else "rank" if c.unit in RANK_UNITS else "level"
    return Fact(
        document="",  # no article: the citation is the source
        subject=c.subject,
        value=c.value,
        unit=c.unit,
        period=c.period,
        sentence=c.source or "",
        span=(0, 0),
        kind=kind,
        normalized_value=nv,
        normalized_unit=nu,
        indicator=indicator,
        entity=c.entity or "",
        scope=c.scope or "",
        id=c.id,
        review="manual",
    )
