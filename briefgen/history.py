"""What each published brief said, so the next one can say what is new (本期更新).

After every build the published points of every indicator are appended to
``<out>/.briefgen/history.json`` with the build date and a digest of the data
inputs (sources + catalog). The next build compares its series with the last
record made from *different* data: rebuilding the same articles (a new
template, --force) repeats the previous 本期更新 instead of emptying it.

Points are compared by a stable identity, not by period alone: a dated point
is its period; an undated one is the sentences that state it (several undated
points of one indicator stay apart, and an edit elsewhere in an article does
not make them new).

A damaged history.json is never read as "no history" (that would make the
next brief say 首期简报): it is moved aside to ``history.json.damaged-<time>``,
the build says so, and its brief leaves 本期更新 out.

Mail uses the last record too (headline numbers, changes) so ``briefgen mail``
needs no rebuild. Imports nothing heavy.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from briefgen.models import ChangeItem, Changes, Point, SeriesSet
from briefgen.statefile import DamagedState, read_json
from briefgen.wording import period_text, value_text

HISTORY_NAME = "history.json"
KEEP = 36  # records kept: three years of monthly briefs


def load_history(state: Path) -> list[dict]:
    """The recorded builds, oldest first; [] when there is no history yet.
    Raises DamagedState (after moving the file aside) when it cannot be read."""
    data = read_json(state / HISTORY_NAME, valid=lambda d: isinstance(d.get("builds"), list))
    return [r for r in data.get("builds", []) if isinstance(r, dict)] if data else []


def set_aside_if_damaged(state: Path) -> str | None:
    """A note when history.json was damaged (and is now kept aside), else None."""
    try:
        load_history(state)
    except DamagedState as exc:
        return f"{exc}; this brief leaves 本期更新 out, the next one compares with this one"
    return None


def last_record(state: Path) -> dict | None:
    records = load_history(state)
    return records[-1] if records else None


def point_key(p: Point) -> str:
    """A point's identity across builds: ``p:<period>`` for a dated point; for an
    undated one, digests of the sentences stating it (``s:…``), else its value."""
    if p.period:
        return f"p:{p.period}"
    return "u:" + "|".join(_said(p)) if p.facts else f"v:{p.value}{p.unit}{p.qualifier or ''}"


def _said(p: Point) -> list[str]:
    """Short digests of (document, sentence) of each fact: stable when the rest of the text changes."""
    pairs = {f"{f.document}\x1f{f.sentence}" for f in p.facts}
    return sorted(hashlib.sha256(x.encode("utf-8")).hexdigest()[:12] for x in pairs)


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
                        "key": point_key(p),
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


def changes_since(
    state: Path, series: SeriesSet, data_digest: str, park: str | None = None
) -> Changes | None:
    """New and changed indicators against the last brief built from other data;
    None (本期更新 left out) when the history was damaged and set aside."""
    try:
        records = load_history(state)
    except DamagedState:
        return None
    baseline = _baseline(records, data_digest)
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
        pairs = [(p, _same_point(p, prev["points"], points)) for p in points]
        moved = [(p, was) for p, was in pairs if was is None or _differs(was, p)]
        if not moved:
            continue
        last, was = moved[-1]
        if was is not None:
            previous: str | None = was["text"]
        elif last["period"] is None:
            previous = None  # a new undated figure replaces nothing: no "上期为…" to claim
        else:
            latest_before = latest_of(prev)
            when = period_text(latest_before["period"])
            previous = f"{latest_before['text']}（{when}）" if when else latest_before["text"]
        items.append(ChangeItem(ind["name"], "更新", last["period"], last["text"], previous))
    return items


def _same_point(now: dict, before: list[dict], current: list[dict]) -> dict | None:
    """The previous brief's point that ``now`` is (see point_key). An undated point is
    the one stated by a common sentence with the same value, else any undated one of the
    same value (records from before keys existed have no sentences to go by), else one
    stated by a common sentence whose value is gone (the article now says another)."""
    if now["period"] is not None:
        return next((p for p in before if p.get("period") == now["period"]), None)
    undated = [p for p in before if p.get("period") is None]
    said = set(_key_parts(now.get("key")))
    shared = [p for p in undated if said & set(_key_parts(p.get("key")))]
    for candidates in (shared, undated):
        same = next((p for p in candidates if not _differs(p, now)), None)
        if same is not None:
            return same
    # "由224亿元增至410亿元" states two points in one sentence: only a vanished value was edited
    return next((p for p in shared if all(_differs(p, c) for c in current)), None)


def _key_parts(key: object) -> list[str]:
    return key[2:].split("|") if isinstance(key, str) and key.startswith("u:") else []


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
    from briefgen.manifest import shown_path
    from briefgen.publish import write_atomic

    given = extra.get("park")
    park = given if isinstance(given, str) else None  # the brief's park: whose series are its own
    try:
        records = load_history(state)
    except DamagedState:  # moved aside: this build starts a new history
        records = []
    if records and records[-1].get("data") == data_digest:
        records.pop()
    records.append(
        {
            "built": built,
            "data": data_digest,
            "pdf": shown_path(pdf.name),  # UTF-8 text under any locale (publish.on_disk)
            "latest": shown_path(latest.name) if latest else None,
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
