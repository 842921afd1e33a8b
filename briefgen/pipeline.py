"""The whole job, top to bottom, one line per stage.

Heavy imports (matplotlib, ReportLab) happen inside the stages that draw, so
`extract`, `series` and `build --if-changed` stay fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import numbering
from briefgen.config import Config
from briefgen.extract.owners import ParkName
from briefgen.models import Analysis, Changes, Document, Fact

if TYPE_CHECKING:
    from briefgen.catalog import Catalog
    from briefgen.corrections import Applied
    from briefgen.mail import MailResult


@dataclass(frozen=True)
class BuildResult:
    pdf: Path | None  # when unchanged (--if-changed): the previous brief, still current
    latest: Path | None
    changed: bool
    documents: int
    facts: int
    indicators: int
    pages: int
    warnings: tuple[str, ...]
    changes: Changes | None = None  # what 本期更新 listed
    notes: tuple[str, ...] = ()  # operational notices (a stale lock taken over), not input warnings


def read_documents(cfg: Config) -> tuple[tuple[Document, ...], tuple[str, ...], ParkName | None]:
    """Read and normalize every source document; the park is briefgen.toml's, else sources.toml's."""
    from briefgen.normalize import normalize
    from briefgen.sources import drop_normalized_duplicates, read_sources

    sources = read_sources(cfg)
    docs, duplicates = drop_normalized_duplicates(tuple(normalize(doc) for doc in sources.documents))
    name = cfg.park or sources.park
    park = ParkName(name, cfg.aliases or sources.aliases) if name else None
    return docs, tuple(sources.warnings) + duplicates, park


def no_figures(docs: tuple[Document, ...], facts: tuple[Fact, ...]) -> tuple[str, ...]:
    """A document that states no number is still a source, but the user should know (issue 7)."""
    stated = {f.document for f in facts}
    return tuple(f"{d.path}: no figures found; listed as a source only" for d in docs if d.name not in stated)


def corrected(cfg: Config, facts: tuple[Fact, ...], catalog: Catalog | None = None) -> Applied:
    """The facts with the reviewer's corrections.toml (beside sources.toml) applied."""
    from briefgen.corrections import apply_corrections, corrections_path, load_corrections

    path = corrections_path(cfg.sources_dir)
    return apply_corrections(facts, load_corrections(path), path=path, catalog=catalog)


def extract(cfg: Config) -> tuple[tuple[Document, ...], tuple[Fact, ...], tuple[str, ...]]:
    from briefgen.extract import extract_facts

    docs, warnings, park = read_documents(cfg)
    facts = tuple(extract_facts(docs, park))
    applied = corrected(cfg, facts)
    return docs, applied.facts, warnings + no_figures(docs, facts) + applied.warnings


def analyse(cfg: Config) -> Analysis:
    from briefgen.catalog import load_catalog
    from briefgen.extract import extract_facts
    from briefgen.reconcile import build_series

    docs, warnings, park = read_documents(cfg)
    catalog = load_catalog(cfg.catalog and cfg.path(cfg.catalog))
    extracted = tuple(extract_facts(docs, park))
    applied = corrected(cfg, extracted, catalog)
    facts = applied.facts
    series = build_series(facts, catalog, documents=docs)
    warnings += no_figures(docs, extracted) + applied.warnings + tuple(f.message for f in series.warnings)
    name = park.name if park else None
    return Analysis(
        docs, facts, series, warnings, name, applied.corrected, applied.added, applied.dropped, extracted
    )


def build(
    cfg: Config, *, if_changed: bool = False, on_stage: Callable[[str], None] | None = None
) -> BuildResult:
    """Sources -> facts -> series -> charts -> PDF in cfg.out_dir, one run at a time.

    With ``if_changed`` it returns at once when the inputs match the last
    build's manifest; that path imports no drawing library."""
    from briefgen import history, manifest
    from briefgen.lock import BuildLock, state_dir

    stage = on_stage or (lambda name: None)
    state = state_dir(cfg.out_dir)
    with BuildLock(cfg.out_dir) as lock:
        stage("checking inputs")
        previous = manifest.load_manifest(state)
        inputs = manifest.compute_inputs(cfg, previous)
        if if_changed and previous is not None and manifest.unchanged(previous, inputs, cfg.out_dir):
            return _unchanged(previous, cfg.out_dir)
        damaged = history.set_aside_if_damaged(state)  # never read as "first brief"
        notes = tuple(n for n in (lock.stale, damaged) if n)

        stage("reading sources and extracting indicators")
        analysis = analyse(cfg)
        from briefgen.compose.choice import arranged, read_choice

        # briefgen.toml's hidden indicators: not drawn, not in 本期更新 (nor recorded as published)
        analysis = arranged(analysis, read_choice(cfg))
        data = manifest.data_digest(inputs)
        changes = None if damaged else history.changes_since(state, analysis.series, data, park=analysis.park)
        issue = _issue_number(cfg, state, data)

        stage("drawing charts and typesetting")
        from briefgen.charts import render_charts
        from briefgen.compose import make_brief
        from briefgen.pdf import render_pdf
        from briefgen.publish import file_stem, publish_pdf

        charts = render_charts(analysis.series, documents=analysis.documents, park=analysis.park or cfg.park)
        from briefgen.budget import fit_pages

        brief, rendered = fit_pages(  # the body within cfg.body_pages (issue 16)
            cfg.body_pages,
            lambda fit: make_brief(cfg, analysis, changes=changes, charts=charts, issue=issue, budget=fit),
            render_pdf,
        )

        stage("writing the PDF")
        # named and dated as the brief says (its title, the date printed in it)
        published = publish_pdf(rendered.data, cfg, stem=file_stem(brief.title), date=brief.generated)
        _write_data_file(analysis, published.path, published.latest)
        result = BuildResult(
            pdf=published.path,
            latest=published.latest,
            changed=True,
            documents=len(analysis.documents),
            facts=len(analysis.facts),
            indicators=len(analysis.series.series),
            pages=rendered.pages,
            warnings=analysis.warnings,
            changes=changes,
            notes=notes,
        )
        history.record_build(
            state,
            analysis.series,
            built=brief.generated.isoformat(),
            data_digest=data,
            pdf=published.path,
            latest=published.latest,
            title=brief.title,
            changes=changes,
            period=brief.period,
            park=analysis.park,
            documents=result.documents,
        )
        numbering.record(state, issue)
        manifest.save_manifest(state, inputs, _summary(result))
    return result


def _issue_number(cfg: Config, state: Path, data: str) -> numbering.IssueNumber:
    """期号: the next one of the year, the same one for the same data, or --issue N."""
    from briefgen.compose import generation_date

    return numbering.assign(
        state,
        data=data,
        year=generation_date().year,
        supplement=cfg.jianbao.supplement,
        override=cfg.issue,
        before=cfg.jianbao.issues_before,
    )


def run_build(
    cfg: Config,
    *,
    if_changed: bool = False,
    mail: bool = False,
    force: bool = False,
    dry_run: bool = False,
    on_stage: Callable[[str], None] | None = None,
) -> tuple[BuildResult, MailResult | None]:
    """What `briefgen build` runs: build, then mail with ``mail``. Under ``cfg.strict``
    warnings fail the run (StrictWarningsError) once the brief is written. Without
    ``mail``, a send an earlier run left incomplete is finished first. Every run,
    failed or not, gets its line in out/.briefgen/runs.log."""
    from briefgen import runlog

    mailed: MailResult | None
    with runlog.logged(cfg.out_dir, "build") as entry:
        if mail:
            entry["mail"] = "pending"  # "failed" if the run ends in an error
            result, mailed = build_and_mail(
                cfg, if_changed=if_changed, force=force, dry_run=dry_run, on_stage=on_stage
            )
        else:
            mailed, note = _finish_pending_mail(cfg)
            result = build(cfg, if_changed=if_changed, on_stage=on_stage)
            result = replace(result, notes=result.notes + ((note,) if note else ()))
        entry.update(runlog.build_entry(result, mailed))
        if not mail:
            _refuse_warnings(cfg, result)
        return result, mailed


def _finish_pending_mail(cfg: Config) -> tuple[MailResult | None, str | None]:
    """Retry a send that stopped half way (greylisting outlasts one run's retries)."""
    from briefgen.errors import MailError
    from briefgen.mailstate import pending_send

    if pending_send(cfg.out_dir) is None:
        return None, None
    from briefgen.mail import send_latest

    try:
        return send_latest(cfg, pending_only=True), None
    except MailError as exc:
        return None, f"mail still pending: {exc}"


def build_and_mail(
    cfg: Config,
    *,
    if_changed: bool = False,
    force: bool = False,
    dry_run: bool = False,
    on_stage: Callable[[str], None] | None = None,
) -> tuple[BuildResult, MailResult]:
    """``build --mail``: build, then send the brief unless it went out already, under one lock
    so two scheduled runs can never both send it."""
    from briefgen.lock import BuildLock
    from briefgen.mail import send_latest

    with BuildLock(cfg.out_dir):
        result = build(cfg, if_changed=if_changed, on_stage=on_stage)
        _refuse_warnings(cfg, result, ", not mailed")  # never mail a brief that --strict rejects
        if on_stage:
            on_stage("mailing the brief")
        return result, send_latest(cfg, force=force, dry_run=dry_run)


def _refuse_warnings(cfg: Config, result: BuildResult, consequence: str = "") -> None:
    if cfg.strict and result.warnings:
        from briefgen.errors import StrictWarningsError

        raise StrictWarningsError(
            f"{len(result.warnings)} warning(s) under --strict{consequence}: {result.warnings[0]}"
        )


def _write_data_file(analysis: Analysis, *pdfs: Path | None) -> None:
    """Every figure, summarized or not, beside each published PDF (briefgen/datafile.py)."""
    from briefgen.datafile import data_csv, data_path
    from briefgen.publish import write_atomic

    data = data_csv(analysis.series, analysis.documents)
    for pdf in pdfs:
        if pdf is not None:
            write_atomic(data_path(pdf), data)


def _summary(result: BuildResult) -> dict:
    """What the manifest keeps of a build, to answer --if-changed without rebuilding."""
    # file names, not paths: the project folder may move
    return {
        "pdf": result.pdf.name if result.pdf else None,
        "latest": result.latest.name if result.latest else None,
        "documents": result.documents,
        "facts": result.facts,
        "indicators": result.indicators,
        "pages": result.pages,
        "warnings": list(result.warnings),
    }


def _unchanged(previous: dict, out_dir: Path) -> BuildResult:
    from briefgen.publish import on_disk

    return BuildResult(
        pdf=out_dir / on_disk(Path(previous["pdf"]).name),  # names are kept as UTF-8 text
        latest=out_dir / on_disk(Path(previous["latest"]).name) if previous.get("latest") else None,
        changed=False,
        documents=previous.get("documents", 0),
        facts=previous.get("facts", 0),
        indicators=previous.get("indicators", 0),
        pages=previous.get("pages", 0),
        warnings=tuple(previous.get("warnings", ())),
    )
