"""The indicator catalog: which measured things a brief knows, read from
briefgen/catalog.toml (or the file named by ``catalog =`` in briefgen.toml).

The catalog is data, edited by analysts: adding an indicator or an alias needs
no code. This module loads it, validates every entry (errors name the file and
the entry) and maps an extracted Fact onto an Indicator.

Mapping rule (``Catalog.match``):
  1. Only indicators whose *measure* fits the fact are candidates: money,
     counts, areas, masses … are not mixed; a ``%`` is a share unless the fact
     is a growth rate; ranks (第N位/名) only map to rank indicators.
  2. A plain term matches when the fact's subject contains it. A compound term
     ``"财园信贷通+贷款"`` matches when every part is in the subject or in the
     clause the number sits in (or the clause before it) and at least one part
     is in the subject: a generic subject (贷款) is pinned down by its context
     (failing that, by the sentence before the number: its topic).
  3. The most characters matched in the subject win; then a match within the
     number's clause or the one before over one needing the sentence's topic;
     then the longest term (a compound beats its bare part: 数字经济+营收 over
     营收); then the match closer to the number; then catalog order.
  4. Only when nothing matches and the subject is generic (≤ 4 characters, or
     empty) are plain terms looked for in the clause, the clause before, then
     the sentence up to the number.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.config import read_toml
from briefgen.errors import CatalogError
from briefgen.extract import units
from briefgen.models import Fact, Indicator
from briefgen.wording import number_text

# unit -> (measure class, factor to the class's base unit). Count-like units share
# one class without a factor: 个/家/项 are not converted into one another.
UNITS: dict[str, tuple[str, float | None]] = {
    "元": ("money", 1.0),
    "万元": ("money", 1e4),
    "亿元": ("money", 1e8),
    "美元": ("usd", 1.0),
    "万美元": ("usd", 1e4),
    "亿美元": ("usd", 1e8),
    "%": ("percent", 1.0),
    "个百分点": ("pp", 1.0),
    "百分点": ("pp", 1.0),
    "倍": ("multiple", 1.0),
    "位": ("rank", 1.0),
    "名": ("rank", 1.0),
    "强": ("rank", 1.0),
    "平方米": ("area", 1.0),
    "亩": ("area", 10000 / 15),
    "公顷": ("area", 1e4),
    "平方公里": ("area", 1e6),
    "万平方米": ("area", 1e4),
    "吨": ("mass", 1.0),
    "万吨": ("mass", 1e4),
    "亿吨": ("mass", 1e8),
    "千瓦时": ("energy", 1.0),
    "度": ("energy", 1.0),
    "万千瓦时": ("energy", 1e4),
    "亿千瓦时": ("energy", 1e8),
    "天": ("duration", 1.0),
    "日": ("duration", 1.0),
    "个工作日": ("duration", 1.0),
    "个月": ("duration", 30.0),
    "年": ("duration", 365.0),
}

INDICATOR_KINDS = ("level", "growth", "share", "rank")
CHARTS = ("auto", "line", "bars", "rank", "progress", "none")
_CLAUSE_BREAKS = re.compile(r"[，。；：！？,;:!?\n﹐﹔﹕﹖﹗]")
GENERIC_SUBJECT_MAX = 4


def unit_class(unit: str) -> str:
    if unit in UNITS:
        return UNITS[unit][0]
    # counts: the extractor's measure words (万人 too), or 个 + a noun (个项目)
    if units.unit_family(unit) == "count" or (unit.startswith("个") and len(unit) <= 3):
        return "count"
    return f"unit:{unit}"


def unit_factor(unit: str) -> float | None:
    entry = UNITS.get(unit)
    return entry[1] if entry else None


def fact_measure(fact: Fact) -> str:
    """What a fact measures, coarsely: money, count, share, growth, rank, pp ..."""
    return _measure(fact.unit, fact.kind)


@functools.lru_cache(maxsize=4096)  # a corpus has few (unit, kind) pairs; reconcile asks per fact
def _measure(unit: str, kind: str) -> str:
    cls = unit_class(unit)
    if kind == "rank":
        return "rank"
    if kind == "change" and cls == "rank":  # 上升1位, 前移7位: places moved, never a rank itself
        return "change:rank"
    if cls == "rank" and kind != "level":
        return "rank"
    if cls == "rank":  # 50名 with kind level: a head count
        return "count" if unit == "名" else "rank"
    if cls == "percent":
        return "growth" if kind == "growth" else ("pp" if kind == "change" else "share")
    if kind == "change" and cls not in ("pp", "multiple"):
        return f"change:{cls}"
    return cls


def indicator_measure(ind: Indicator) -> str:
    if ind.kind in ("rank", "growth", "share"):
        return ind.kind
    cls = unit_class(ind.unit)
    return "share" if cls == "percent" else cls


@dataclass(frozen=True)
class Theme:
    id: str
    title: str


@dataclass(frozen=True)
class _Term:
    parts: tuple[str, ...]  # lower-cased; one part for a plain term

    @property
    def size(self) -> int:
        return sum(len(p) for p in self.parts)


@dataclass(frozen=True)
class Catalog:
    indicators: tuple[Indicator, ...]
    themes: tuple[Theme, ...]
    path: Path | None = None
    _terms: dict[str, tuple[_Term, ...]] = field(default_factory=dict, repr=False, compare=False)
    # lookups built once from ``indicators`` (reconcile asks them per fact)
    _by_id: dict[str, Indicator] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_measure: dict[str, list[Indicator]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for ind in reversed(self.indicators):  # the first of a duplicated id wins, as a scan would
            self._by_id[ind.id] = ind
        for ind in self.indicators:
            self._by_measure.setdefault(indicator_measure(ind), []).append(ind)

    def get(self, indicator_id: str) -> Indicator | None:
        return self._by_id.get(indicator_id)

    def theme_title(self, theme_id: str) -> str:
        return next((t.title for t in self.themes if t.id == theme_id), theme_id)

    def match(self, fact: Fact, *, sentence_start: int | None = None) -> Indicator | None:
        """The indicator ``fact`` measures, or None (see the module docstring).
        ``sentence_start``: offset of the fact's sentence in Document.text, when
        known, to locate the number in the sentence exactly."""
        candidates = self._by_measure.get(fact_measure(fact), [])
        return self._best(fact, candidates, sentence_start)

    def match_any_measure(self, fact: Fact, *, kinds: tuple[str, ...] = ("level",)) -> Indicator | None:
        """Like match, ignoring the unit: which indicator a claim such as
        "总量接近翻番" (unit 倍) is about."""
        return self._best(fact, [i for i in self.indicators if i.kind in kinds], None)

    def _best(self, fact: Fact, candidates: list[Indicator], sentence_start: int | None) -> Indicator | None:
        if not candidates:
            return None
        subject = fact.subject.lower()
        clause, before = _clauses(fact, sentence_start)
        sentence_prefix = _sentence_prefix(fact, sentence_start)
        if fact.entity and fact.scope == "park":
            # 广丰经济开发区325.44亿元，全省第八位: the owner's name is no word of the measure
            # (开发区+排名 is a ranking of parks, not any rank near a park's name)
            owner = fact.entity.lower()
            clause, before, sentence_prefix = (
                clause.replace(owner, ""),
                before.replace(owner, ""),
                sentence_prefix.replace(owner, ""),
            )
        best: tuple | None = None
        chosen: Indicator | None = None
        for order, ind in enumerate(candidates):
            for term in self._terms.get(ind.id, ()):
                score = _score(term, subject, clause, before, sentence_prefix)
                if score is None:
                    continue
                in_subject = sum(len(p) for p in term.parts if p in subject)
                key = (in_subject, score <= 2, term.size, -score, -order)
                if best is None or key > best:
                    best, chosen = key, ind
        if chosen is not None or len(subject) > GENERIC_SUBJECT_MAX:
            return chosen
        # generic subject (贷款, 排名, 项目): look for a plain term near the number
        for window in (clause, before + clause, sentence_prefix):
            hits = [
                (len(t.parts[0]), -order, ind)
                for order, ind in enumerate(candidates)
                for t in self._terms.get(ind.id, ())
                if len(t.parts) == 1 and t.parts[0] in window
            ]
            if hits:
                return max(hits, key=lambda h: h[:2])[2]
        return None


def _score(term: _Term, subject: str, clause: str, before: str, prefix: str) -> int | None:
    """0: all in subject; 1: needs the clause; 2: needs the clause before;
    3: needs the sentence before the number (its topic); None: no match."""
    if len(term.parts) == 1:
        return 0 if term.parts[0] in subject else None
    if not any(p in subject for p in term.parts):
        return None
    level = 0
    for p in term.parts:
        if p in subject:
            continue
        if p in clause:
            level = max(level, 1)
        elif p in before:
            level = max(level, 2)
        elif p in prefix:
            level = max(level, 3)
        else:
            return None
    return level


def value_position(fact: Fact, sentence_start: int | None = None) -> int | None:
    """Where the number of ``fact`` starts in ``fact.sentence`` (None: unknown)."""
    if sentence_start is not None and fact.span[0] >= sentence_start:
        pos = fact.span[0] - sentence_start
        if pos <= len(fact.sentence):
            return pos
    hits = number_positions(fact.sentence, fact.value)
    return hits[0] if hits else None


def number_positions(text: str, value: float) -> list[int]:
    """Where ``value`` is written in digits in ``text`` (not inside a longer number)."""
    out = []
    for m in re.finditer(re.escape(number_text(value, 6)), text):
        prev = text[m.start() - 1] if m.start() else ""
        nxt = text[m.end()] if m.end() < len(text) else ""
        if not (prev.isdigit() or prev == ".") and not (nxt.isdigit() or nxt == "."):
            out.append(m.start())
    return out


def _clauses(fact: Fact, sentence_start: int | None) -> tuple[str, str]:
    """(the clause holding the number, the clause before it), lower-cased."""
    sentence = fact.sentence.lower()
    pos = value_position(fact, sentence_start)
    if pos is None:
        return sentence, ""
    bounds = [0] + [m.end() for m in _CLAUSE_BREAKS.finditer(sentence)] + [len(sentence) + 1]
    for i in range(len(bounds) - 1):
        if bounds[i] <= pos < bounds[i + 1]:
            clause = sentence[bounds[i] : bounds[i + 1]]
            before = sentence[bounds[i - 1] : bounds[i]] if i else ""
            return clause, before
    return sentence, ""


def _sentence_prefix(fact: Fact, sentence_start: int | None) -> str:
    pos = value_position(fact, sentence_start)
    sentence = fact.sentence.lower()
    return sentence if pos is None else sentence[:pos]


# --------------------------------------------------------------------------- loading

_INDICATOR_KEYS = {
    "id",
    "name",
    "unit",
    "theme",
    "terms",
    "kind",
    "higher_is_better",
    "chart",
    "headline",
    "growth",
    "growth_name",
    "of",
}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and validate a catalog file (None: the packaged briefgen/catalog.toml)."""
    from briefgen.resources import catalog_path

    path = Path(path) if path is not None else catalog_path()
    return parse_catalog(read_toml(path, CatalogError, missing="catalog file not found"), path)


def parse_catalog(data: dict[str, Any], path: Path | None = None) -> Catalog:
    unknown = set(data) - {"theme", "indicator"}
    if unknown:
        raise CatalogError(f"unknown top-level key(s) {sorted(unknown)} (known: theme, indicator)", path=path)
    themes = _themes(data.get("theme"), path)
    theme_ids = {t.id for t in themes}
    entries = data.get("indicator")
    if not isinstance(entries, list) or not entries:
        raise CatalogError("no [[indicator]] entries", path=path)
    indicators: list[Indicator] = []
    terms: dict[str, tuple[_Term, ...]] = {}
    companions: list[tuple[Indicator, str | None]] = []
    for n, raw in enumerate(entries, 1):
        ind, ind_terms, growth, growth_name = _indicator(raw, n, theme_ids, path)
        if ind.id in terms:
            raise CatalogError(f"indicator #{n}: duplicate id '{ind.id}'", path=path)
        indicators.append(ind)
        terms[ind.id] = ind_terms
        if (
            growth
            and ind.kind == "level"
            and unit_class(ind.unit) not in ("percent", "pp", "rank", "multiple")
        ):
            companions.append((ind, growth_name))
    ids = set(terms)
    for ind in indicators:
        if ind.of is not None and ind.of not in ids:
            raise CatalogError(
                f"indicator '{ind.id}': key 'of' names unknown indicator '{ind.of}'", path=path
            )
    stated_growth = {i.of for i in indicators if i.kind == "growth" and i.of}
    for base, growth_name in companions:
        gid = f"{base.id}_growth"
        if base.id in stated_growth or gid in ids:
            continue
        growth_ind = Indicator(
            id=gid,
            name=growth_name or f"{base.name}增速",
            unit="%",
            theme=base.theme,
            terms=base.terms,
            kind="growth",
            higher_is_better=base.higher_is_better,
            chart="none",
            of=base.id,
        )
        indicators.append(growth_ind)
        terms[gid] = terms[base.id]
        ids.add(gid)
    # display order: themes in catalog order, indicators in file order within a theme
    order = {t.id: k for k, t in enumerate(themes)}
    position = {ind.id: k for k, ind in enumerate(indicators)}
    base_pos = {ind.id: position[ind.of] if ind.of else position[ind.id] for ind in indicators}
    indicators.sort(key=lambda i: (order[i.theme], base_pos[i.id], i.of is not None, position[i.id]))
    return Catalog(tuple(indicators), themes, path, terms)


def _themes(raw: Any, path: Path | None) -> tuple[Theme, ...]:
    if not isinstance(raw, list) or not raw:
        raise CatalogError("no [[theme]] entries (id, title) giving the display order", path=path)
    themes: list[Theme] = []
    for n, t in enumerate(raw, 1):
        if not isinstance(t, dict) or set(t) != {"id", "title"}:
            raise CatalogError(f"theme #{n}: needs exactly the keys id and title", path=path)
        if not all(isinstance(t[k], str) and t[k].strip() for k in ("id", "title")):
            raise CatalogError(f"theme #{n}: id and title must be non-empty strings", path=path)
        if any(x.id == t["id"] for x in themes):
            raise CatalogError(f"theme #{n}: duplicate id '{t['id']}'", path=path)
        themes.append(Theme(t["id"], t["title"]))
    return tuple(themes)


def _indicator(
    raw: Any, n: int, theme_ids: set[str], path: Path | None
) -> tuple[Indicator, tuple[_Term, ...], bool, str | None]:
    if not isinstance(raw, dict):
        raise CatalogError(f"indicator #{n}: must be a table", path=path)
    where = f"indicator '{raw.get('id')}'" if isinstance(raw.get("id"), str) else f"indicator #{n}"
    unknown = set(raw) - _INDICATOR_KEYS
    if unknown:
        raise CatalogError(
            f"{where}: unknown key(s) {sorted(unknown)} (known: {', '.join(sorted(_INDICATOR_KEYS))})",
            path=path,
        )
    for key in ("id", "name", "unit", "theme"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise CatalogError(f"{where}: key '{key}' is required and must be a non-empty string", path=path)
    if not _ID.match(raw["id"]):
        raise CatalogError(f"{where}: id must be lower-case ascii letters, digits and _", path=path)
    if raw["theme"] not in theme_ids:
        raise CatalogError(f"{where}: theme '{raw['theme']}' is not one of {sorted(theme_ids)}", path=path)
    kind = raw.get("kind", "level")
    if kind not in INDICATOR_KINDS:
        raise CatalogError(f"{where}: kind must be one of {', '.join(INDICATOR_KINDS)}", path=path)
    chart = raw.get("chart", "auto")
    if chart not in CHARTS:
        raise CatalogError(f"{where}: chart must be one of {', '.join(CHARTS)}", path=path)
    raw_terms = raw.get("terms", [])
    if not isinstance(raw_terms, list) or not all(isinstance(t, str) and t.strip() for t in raw_terms):
        raise CatalogError(f"{where}: terms must be a list of non-empty strings", path=path)
    for key, typ in (
        ("higher_is_better", bool),
        ("growth", bool),
        ("headline", int),
        ("growth_name", str),
        ("of", str),
    ):
        if key in raw and (not isinstance(raw[key], typ) or (typ is int and isinstance(raw[key], bool))):
            raise CatalogError(f"{where}: key '{key}' must be {typ.__name__}", path=path)
    all_terms = [raw["name"], *raw_terms]
    parsed = tuple(
        dict.fromkeys(_Term(tuple(p.strip().lower() for p in t.split("+") if p.strip())) for t in all_terms)
    )
    ind = Indicator(
        id=raw["id"],
        name=raw["name"],
        unit=raw["unit"],
        theme=raw["theme"],
        terms=tuple(raw_terms),
        kind=kind,
        higher_is_better=raw.get("higher_is_better", kind != "rank"),
        chart=chart,
        headline=raw.get("headline", 0),
        of=raw.get("of"),
    )
    return ind, parsed, raw.get("growth", True), raw.get("growth_name")
