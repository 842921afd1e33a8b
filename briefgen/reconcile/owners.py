"""Whose series is whose in a brief (issue 10): the park the brief is about (its
focus) and the role every other owner plays in it.

    focus(series, park)  -> the entity whose figures are the park's own, or None
    role(series, focus)  -> park | peer | area | group | firm | unknown

The configured park is the focus when some series is its; with no park
configured, the park with the most facts. When no series has an owner at all
(facts from before owners were read), the unnamed owner is the focus, so such
data are presented as before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from briefgen.models import Series

PARK, PEER, AREA, GROUP, FIRM, UNKNOWN = "park", "peer", "area", "group", "firm", "unknown"
_BY_SCOPE = {"park": PEER, "area": AREA, "group": GROUP, "firm": FIRM}


def focus(series: Iterable[Series], park: str | None) -> str | None:
    """The owner whose figures the brief shows as the park's; None when the
    documents give none of the configured park's (or, unconfigured, of any park)."""
    series = tuple(series)
    if not any(s.entity for s in series):
        return ""
    if park:
        return park if any(s.entity == park for s in series) else None
    facts = Counter({s.entity: 0 for s in series if s.scope == "park"})
    for s in series:
        if s.scope == "park":
            facts[s.entity] += sum(len(p.facts) for p in s.points)
    return facts.most_common(1)[0][0] if facts else None


def role(s: Series, focus_entity: str | None) -> str:
    if focus_entity is not None and s.entity == focus_entity:
        return PARK
    return _BY_SCOPE.get(s.scope, UNKNOWN)


def owned_name(name: str, entity: str, focus_entity: str | None) -> str:
    """工业总产值 of 安义县 -> 安义县工业总产值; the park's own (and an unnamed owner's) keep their name."""
    if not entity or entity == focus_entity or name.startswith(entity):
        return name
    return f"{entity}{name}"
