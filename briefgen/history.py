"""What each published brief said, so the next one can say what is new (本期更新).

After every build the published points of every indicator are appended to
``<out>/.briefgen/history.json`` with the build date and a digest of the data
inputs (sources + catalog). The next build compares its series with the last
record made from *different* data: rebuilding the same articles (a new
template, --force) repeats the previous 本期更新 instead of emptying it.

Mail uses the last record too (headline numbers, changes) so ``briefgen mail``
needs no rebuild. Imports nothing heavy.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefgen.models import ChangeItem, Changes, SeriesSet
from briefgen.wording import period_text, value_text

HISTORY_NAME = "history.json"
KEEP = 36  # records kept: three years of monthly briefs


def load_history(state: Path) -> list[dict]:
    try:
        data = json.loads((state / HISTORY_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [r for r in data.get("builds", []) if isinstance(r, dict)] if isinstance(data, dict) else []


def last_record(state: Path) -> dict | None:
    records = load_history(state)
    return records[-1] if records else None


def snapshot(series: SeriesSet, park: str | None = None) -> list[dict]:
    """The published points of every indicator and owner, as plain JSON. Another
    owner's series is named with it (安义县工业总产值) and is no headline: the
    brief's KPI cards (and the mail's) are the park's own (reconcile/owners.py)."""
    from briefgen.reconcile import owners
    from briefgen.reconcile.timeline import latest_point

    focus = owners.focus(series.series, park)
    out = []
    for s in series.series:
        ind = s.indicator
        latest = latest_point(s.points)
        own = owners.role(s, focus) == owners.PARK
        out.append(
            {
                "id": ind.id,
                "entity": s.entity,
                "scope": s.scope,
                "name": owners.owned_name(ind.name, s.entity, focus),
                "kind": ind.kind,
                "headline": ind.headline if own else 0,
                # points are in timeline order, but the last one is not always the current value
                "latest": s.points.index(latest) if latest is not None else None,
                "points": [
                    {
                        "period": p.period,
                        "value": p.value,
                        "unit": p.unit,
                        "qualifier": p.qualifier,
                        "text": value_text(p.value, p.unit, p.qualifier, rank=p.unit == "位"),
                    }
                    for p in s.points
                ],
            }
        )
    return out


def changes_since(state: Path, series: SeriesSet, data_digest: str, park: str | None = None) -> Changes:
    """New and changed indicators against the last brief built from other data."""
    baseline = _baseline(load_history(state), data_digest)
    if baseline is None:
        return Changes(since=None, items=(), first_build=True)
    items = compare(baseline.get("indicators", []), snapshot(series, park))
    return Changes(since=baseline.get("built"), items=tuple(items))


def _baseline(records: list[dict], data_digest: str) -> dict | None:
    for record in reversed(records):
        if record.get("data") != data_digest:
            return record
    return None


def compare(before: list[dict], now: list[dict]) -> list[ChangeItem]:
    """One item per indicator and owner that is new or has a new or different point
    (the park's 工业总产值 is never compared with the county's)."""
    old = {_key(ind): ind for ind in before if "id" in ind}
    items = []
    for ind in now:
        points = ind["points"]
        if not points:
            continue
        prev = old.get(_key(ind))
        if prev is None or not prev.get("points"):
            last = latest_of(ind)
            items.append(ChangeItem(ind["name"], "新增", last["period"], last["text"]))
            continue
        prev_by_period = {p["period"]: p for p in prev["points"]}
        moved = [p for p in points if _differs(prev_by_period.get(p["period"]), p)]
        if not moved:
            continue
        last = moved[-1]
        same_period = prev_by_period.get(last["period"])
        if same_period is not None:
            previous = same_period["text"]
        else:
            latest_before = latest_of(prev)
            when = period_text(latest_before["period"])
            previous = f"{latest_before['text']}（{when}）" if when else latest_before["text"]
        items.append(ChangeItem(ind["name"], "更新", last["period"], last["text"], previous))
    return items


def _key(indicator: dict) -> tuple[str, str]:
    """(indicator id, owner); records from before owners have the owner ''."""
    return indicator["id"], indicator.get("entity", "")


def latest_of(indicator: dict) -> dict:
    """The recorded current point (records from before ``latest`` existed: the last)."""
    points = indicator["points"]
    index = indicator.get("latest")
    return points[index] if isinstance(index, int) and 0 <= index < len(points) else points[-1]


def _differs(before: dict | None, now: dict) -> bool:
    if before is None:
        return True
    if before.get("unit") != now["unit"] or before.get("qualifier") != now.get("qualifier"):
        return True
    a, b = float(before.get("value", 0)), float(now["value"])
    return abs(a - b) > 1e-9 * max(abs(a), abs(b), 1.0)


def record_build(
    state: Path,
    series: SeriesSet,
    *,
    built: str,
    data_digest: str,
    pdf: Path,
    latest: Path | None,
    title: str | None,
    changes: Changes | None,
    **extra: object,
) -> None:
    """Append this build; a rebuild from the same data replaces its own previous record."""
    from briefgen.publish import write_atomic

    given = extra.get("park")
    park = given if isinstance(given, str) else None  # the brief's park: whose series are its own
    records = load_history(state)
    if records and records[-1].get("data") == data_digest:
        records.pop()
    records.append(
        {
            "built": built,
            "data": data_digest,
            "pdf": pdf.name,
            "latest": latest.name if latest else None,
            "title": title,
            "indicators": snapshot(series, park),
            "changes": _changes_json(changes),
            **extra,
        }
    )
    state.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"builds": records[-KEEP:]}, ensure_ascii=False, indent=1)
    write_atomic(state / HISTORY_NAME, text.encode("utf-8"))


def _changes_json(changes: Changes | None) -> dict | None:
    if changes is None:
        return None
    return {
        "since": changes.since,
        "first_build": changes.first_build,
        "items": [
            {
                "indicator": i.indicator,
                "status": i.status,
                "period": i.period,
                "value_text": i.value_text,
                "previous_text": i.previous_text,
            }
            for i in changes.items
        ],
    }


def changes_from_json(data: dict | None) -> Changes | None:
    if not data:
        return None
    items = tuple(
        ChangeItem(i["indicator"], i["status"], i.get("period"), i["value_text"], i.get("previous_text"))
        for i in data.get("items", [])
    )
    return Changes(since=data.get("since"), items=items, first_build=bool(data.get("first_build")))
