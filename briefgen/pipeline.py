"""The whole job, top to bottom, one line per stage.

Heavy imports (matplotlib, ReportLab) happen inside the stages that draw, so
`extract`, `series` and `build --if-changed` stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.config import Config
from briefgen.models import Document, Fact, SeriesSet


@dataclass(frozen=True)
class Analysis:
    """Everything known before drawing: documents, facts, series."""

    documents: tuple[Document, ...]
    facts: tuple[Fact, ...]
    series: SeriesSet
    warnings: tuple[str, ...]
    park: str | None


@dataclass(frozen=True)
class BuildResult:
    pdf: Path | None  # None when --if-changed found nothing new
    latest: Path | None
    changed: bool
    documents: int
    facts: int
    indicators: int
    pages: int
    warnings: tuple[str, ...]


def read_documents(cfg: Config) -> tuple[tuple[Document, ...], tuple[str, ...], str | None]:
    """Read and normalize every source document."""
    from briefgen.normalize import normalize
    from briefgen.sources import read_sources

    sources = read_sources(cfg)
    docs = tuple(normalize(doc) for doc in sources.documents)
    return docs, tuple(sources.warnings), sources.park


def extract(cfg: Config) -> tuple[tuple[Document, ...], tuple[Fact, ...], tuple[str, ...]]:
    from briefgen.extract import extract_facts

    docs, warnings, _ = read_documents(cfg)
    return docs, tuple(extract_facts(docs)), warnings


def analyse(cfg: Config) -> Analysis:
    from briefgen.catalog import load_catalog
    from briefgen.extract import extract_facts
    from briefgen.reconcile import build_series

    docs, warnings, park = read_documents(cfg)
    facts = tuple(extract_facts(docs))
    series = build_series(facts, load_catalog(cfg.catalog and cfg.path(cfg.catalog)))
    warnings += tuple(f.message for f in series.warnings)
    return Analysis(docs, facts, series, warnings, cfg.park or park)


def build(cfg: Config) -> BuildResult:
    """Sources -> facts -> series -> charts -> PDF in cfg.out_dir."""
    from briefgen.compose import make_brief
    from briefgen.pdf import render_pdf
    from briefgen.publish import publish_pdf

    analysis = analyse(cfg)
    brief = make_brief(cfg, analysis, changes=None)
    rendered = render_pdf(brief)
    published = publish_pdf(rendered.data, cfg, brief)
    return BuildResult(
        pdf=published.path,
        latest=published.latest,
        changed=True,
        documents=len(analysis.documents),
        facts=len(analysis.facts),
        indicators=len(analysis.series.series),
        pages=rendered.pages,
        warnings=analysis.warnings,
    )
