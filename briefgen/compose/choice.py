"""The reader's say over the headlines, without code (briefgen.toml):

    kpi_pin = ["工业总产值", "主营业务收入"]   # these KPI cards first, in this order
    kpi_hide = ["全省开发区综合考评排名"]      # never a KPI card
    indicator_order = ["工业总产值"]          # first in their theme, in this order
    indicator_hide = ["用地面积"]             # left out of the brief (extract/series still list them)

Names are the catalog's display names or ids; a name the catalog does not know is
an error naming briefgen.toml and the key, so a typo never silently does nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from briefgen.config import Config
from briefgen.errors import ConfigError
from briefgen.models import Fact, Series


def _ids(cfg: Config, key: str, known: dict[str, str]) -> tuple[str, ...]:
    out = []
    for name in getattr(cfg, key):
        if name.strip() not in known:
            raise ConfigError(
                f"'{key}': {name!r} is no indicator of the catalog (use its name, e.g. 工业总产值, or id)",
                path=cfg.config_file,
            )
        out.append(known[name.strip()])
    return tuple(dict.fromkeys(out))


@dataclasses.dataclass(frozen=True)
class Choice:
    """Indicator ids, resolved from the names in briefgen.toml."""

    kpi_pin: tuple[str, ...] = ()
    kpi_hide: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()


def read_choice(cfg: Config) -> Choice:
    if not (cfg.kpi_pin or cfg.kpi_hide or cfg.indicator_order or cfg.indicator_hide):
        return Choice()  # nothing asked: the catalog is not read again
    from briefgen.catalog import load_catalog
    from briefgen.corrections import indicator_names

    known = indicator_names(load_catalog(cfg.catalog and cfg.path(cfg.catalog)))
    return Choice(
        _ids(cfg, "kpi_pin", known),
        _ids(cfg, "kpi_hide", known),
        _ids(cfg, "indicator_order", known),
        _ids(cfg, "indicator_hide", known),
    )


def arranged(analysis, choice: Choice):
    """The analysis (a pipeline.Analysis) without the hidden indicators' series and facts,
    the ordered indicators' series first (themes still group them)."""
    if not (choice.hide or choice.order):
        return analysis
    hidden = set(choice.hide)
    rank = {ind: k for k, ind in enumerate(choice.order)}
    kept = [s for s in analysis.series.series if s.indicator.id not in hidden]
    kept.sort(key=lambda s: rank.get(s.indicator.id, len(rank)))  # stable: the rest keep their order
    series = dataclasses.replace(analysis.series, series=tuple(kept))
    # a fact is known by what it says (reconcile may copy facts; not every caller tags them)
    gone = {
        _said(f)
        for s in analysis.series.series
        if s.indicator.id in hidden
        for p in s.points
        for f in p.facts
    }
    facts = tuple(f for f in analysis.facts if f.indicator not in hidden and _said(f) not in gone)
    return dataclasses.replace(analysis, series=series, facts=facts)


def _said(f: Fact) -> tuple:
    return (f.document, f.span, f.value, f.unit, f.period)


def card_candidates(series: Sequence[Series], choice: Choice) -> tuple[list[Series], list[Series]]:
    """(pinned cards in the reader's order, the catalog's headline cards in its order),
    neither holding a hidden card."""
    by_id = {s.indicator.id: s for s in series}
    pinned = [by_id[i] for i in choice.kpi_pin if i in by_id and i not in choice.kpi_hide]
    skip = set(choice.kpi_pin) | set(choice.kpi_hide)
    headline = sorted(
        (s for s in series if s.indicator.headline > 0 and s.indicator.id not in skip),
        key=lambda s: s.indicator.headline,
    )
    return pinned, headline


NO_CHOICE = Choice()  # briefgen.toml says nothing: the catalog's headline order
