"""The command line: a thin layer that maps options onto a Config and calls the
core. Domain errors become one line ``Error: …`` on stderr and their exit code."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from briefgen import __version__
from briefgen.config import Config, load_config
from briefgen.errors import BriefgenError, StrictWarningsError

app = typer.Typer(
    name="briefgen",
    help=(
        "Turn Chinese news articles about an industrial park into a typeset PDF brief (简报).\n\n"
        "Example:  briefgen build            # seeds/ -> out/简报.pdf\n\n"
        "Example:  briefgen extract seeds --format json"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class FactFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class SeriesFormat(str, Enum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """briefgen: articles in, brief out."""


ConfigOpt = Annotated[
    Optional[Path], typer.Option("--config", "-c", help="briefgen.toml to use (default: ./briefgen.toml if present).")
]
SourcesOpt = Annotated[
    Optional[Path], typer.Option("--sources", "-s", help="Folder of source documents (default: seeds/).")
]


def _abs(p: Path | None) -> Path | None:
    return p.resolve() if p is not None else None


def _config(config: Path | None, **overrides) -> Config:
    return load_config(config, **{k: _abs(v) if isinstance(v, Path) else v for k, v in overrides.items()})


def _fail(exc: BriefgenError) -> typer.Exit:
    typer.echo(f"Error: {exc}", err=True)
    return typer.Exit(exc.exit_code)


def _sources_from_paths(paths: list[Path] | None, config: Path | None) -> Config:
    """`extract`/`series` take one folder (or file) positionally, like `ls`."""
    if paths and len(paths) > 1:
        raise typer.BadParameter("give one folder or file; put several documents in one folder")
    return _config(config, sources=paths[0] if paths else None)


@app.command()
def build(
    sources: SourcesOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Folder for the PDF (default: out/).")] = None,
    template: Annotated[
        Optional[Path], typer.Option("--template", "-t", help="Template folder or brief template file to use instead of the packaged one.")
    ] = None,
    config: ConfigOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings (skipped files, conflicts) as errors.")] = False,
) -> None:
    """Build the brief: read sources, extract indicators, draw charts, write the PDF.

    Example:  briefgen build --sources ./seeds --out ./out
    """
    from briefgen.pipeline import build as run_build

    try:
        cfg = _config(config, sources=sources, out=out, template=template, strict=strict or None)
        result = run_build(cfg)
        if cfg.strict and result.warnings:
            raise StrictWarningsError(f"{len(result.warnings)} warning(s) under --strict: {result.warnings[0]}")
    except BriefgenError as exc:
        raise _fail(exc) from None
    for w in result.warnings:
        typer.echo(f"Warning: {w}", err=True)
    typer.echo(f"{result.pdf}  ({result.pages} pages, {result.documents} documents, "
               f"{result.facts} facts, {result.indicators} indicators)")


@app.command()
def extract(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Folder (or file) of source documents; default seeds/.")] = None,
    format: Annotated[FactFormat, typer.Option("--format", "-f", help="table (terminal), json (the spec's records) or csv (UTF-8 with BOM, opens in Excel).")] = FactFormat.table,
    config: ConfigOpt = None,
) -> None:
    """Print every indicator fact found in the sources.

    Example:  briefgen extract seeds --format json > facts.json
    """
    from briefgen.extract.output import format_facts
    from briefgen.pipeline import extract as run_extract

    try:
        cfg = _sources_from_paths(paths, config)
        _, facts, warnings = run_extract(cfg)
    except BriefgenError as exc:
        raise _fail(exc) from None
    for w in warnings:
        typer.echo(f"Warning: {w}", err=True)
    _write_stdout(format_facts(facts, format.value))


@app.command()
def series(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Folder (or file) of source documents; default seeds/.")] = None,
    format: Annotated[SeriesFormat, typer.Option("--format", "-f", help="table or json.")] = SeriesFormat.table,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero when there are warnings (conflicts, failed checks).")] = False,
    config: ConfigOpt = None,
) -> None:
    """Show indicators with their points, sources, derived values and warnings.

    Example:  briefgen series --format json
    """
    from briefgen.pipeline import analyse
    from briefgen.reconcile.output import format_series

    try:
        cfg = _sources_from_paths(paths, config)
        analysis = analyse(cfg)
    except BriefgenError as exc:
        raise _fail(exc) from None
    _write_stdout(format_series(analysis.series, format.value))
    if strict and analysis.series.warnings:
        exc = StrictWarningsError(f"{len(analysis.series.warnings)} warning(s) under --strict")
        raise _fail(exc)


def _write_stdout(text: str) -> None:
    # bytes, so a BOM (csv) and Chinese survive any locale
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def main() -> None:
    app()
