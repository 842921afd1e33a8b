"""The command line: a thin layer that maps options onto a Config and calls the
core. Domain errors become one line ``Error: …`` on stderr and their exit code."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from briefgen import __version__
from briefgen.config import Config, load_config
from briefgen.errors import BriefgenError, StrictWarningsError
from briefgen.manifest import shown_path

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


# Option help, one constant an option: the wording in one place, the commands short.
HELP_VERSION = "Print the version and exit."
HELP_CONFIG = "briefgen.toml to use (default: ./briefgen.toml if present)."
HELP_SOURCES = "Folder of source documents (default: seeds/)."
HELP_QUIET = "Print errors only (for cron)."
HELP_JSON = "Print a one-object JSON summary on stdout."
HELP_BUILD_OUT = "Folder for the PDF (default: out/)."
HELP_TEMPLATE = "Template folder or brief template file to use instead of the packaged one."
HELP_BUILD_STRICT = "Treat warnings (skipped files, conflicts) as errors."
HELP_IF_CHANGED = "Do nothing, and say 'unchanged', when no input changed since the last build."
HELP_MAIL = "Then mail the brief to [mail] recipients, unless this brief went out already."
HELP_BUILD_FORCE = "With --mail: send even if this brief was sent already."
HELP_BUILD_DRY_RUN = "With --mail: write the message as a .eml file next to the PDF instead of sending."
HELP_FETCH = (
    "First fetch new articles from the [[feed]]s and [[page]]s in sources.toml "
    "(as `briefgen fetch`); a failed fetch builds nothing."
)
HELP_ISSUE = "This brief's issue number (期号, 第N期) instead of the next one; later briefs follow it."
HELP_FETCH_OUT = "Output folder; its .briefgen/ keeps state."
HELP_FETCH_DRY_RUN = "List what would be fetched; change nothing."
HELP_DOCUMENTS = "Folder (or file) of source documents; default seeds/."
HELP_FACT_FORMAT = "table (terminal), json (the spec's records) or csv (UTF-8 with BOM, opens in Excel)."
HELP_SERIES_FORMAT = "table or json."
HELP_SERIES_STRICT = "Exit non-zero when there are warnings (skipped files, conflicts, failed checks)."
HELP_BRIEF_OUT = "Folder of the brief (default: out/)."
HELP_MAIL_FORCE = "Send even if this brief was sent already."
HELP_MAIL_DRY_RUN = "Write the message as a .eml file next to the PDF instead of sending."
HELP_SCHEDULE_PRINT = "systemd: a service + timer pair; cron: a crontab line."
HELP_EVERY = "How often to check for new articles."
HELP_AT = "Time of day, HH:MM."
HELP_PARK = "Park name for the title (default: from seeds/sources.toml)."
HELP_INIT_FORCE = "Overwrite an existing briefgen.toml."
HELP_REVIEWER = "Reviewer's name kept with each correction (default: $BRIEFGEN_REVIEWER or login)."
HELP_APPLY = "Read a filled review workbook into corrections.toml beside sources.toml."
HELP_FACT_ID = "The fact's id: `briefgen extract --format json` or the workbook's 编号."
HELP_VALUE = "The right number (in --unit)."
HELP_UNIT = "亿元, 万元, %, 个, 家, 位 ..."
HELP_SUBJECT = "What is measured."
HELP_ENTITY = "Whose figure it is (a name)."
HELP_SCOPE = "park, area, group or firm."
HELP_PERIOD = "2023, 2022-06, 2022-Q1, 2022-01/2022-04, 2020/2023."
HELP_INDICATOR = "The catalog indicator (name or id)."
HELP_DROP = "Leave the figure out of the brief."
HELP_UNDO = "Remove the fact's correction."
HELP_ADD = "Add a figure no source states (needs --source); no ID."
HELP_ADD_SOURCE = "With --add: where the figure comes from."
HELP_NOTE = "备注: why."
HELP_PENDING = "Only finish a send an earlier run left incomplete (the hourly cron retry)."
HELP_LAST_RUNS = "How many runs to show."
HELP_UNIT_NAME = "Unit name suffix, briefgen-<name> (default: the config's or folder's name)."


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
        typer.Option("--version", callback=_version, is_eager=True, help=HELP_VERSION),
    ] = None,
) -> None:
    """briefgen: articles in, brief out."""


ConfigOpt = Annotated[
    Optional[Path],
    typer.Option("--config", "-c", help=HELP_CONFIG),
]
SourcesOpt = Annotated[Optional[Path], typer.Option("--sources", "-s", help=HELP_SOURCES)]


def _abs(p: Path | None) -> Path | None:
    return p.resolve() if p is not None else None


def _config(config: Path | None, **overrides) -> Config:
    # paths typed on the command line are relative to the current folder, not to briefgen.toml
    return load_config(config, **{k: _abs(v) if isinstance(v, Path) else v for k, v in overrides.items()})


def _fail(exc: BriefgenError, json_out: bool = False) -> typer.Exit:
    _echo(f"Error: {exc}", err=True)
    if json_out:  # scripts reading --json get an object on failure too
        _print_json({"ok": False, "error": str(exc), "exit_code": exc.exit_code})
    return typer.Exit(exc.exit_code)


QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help=HELP_QUIET)]
JsonOpt = Annotated[bool, typer.Option("--json", help=HELP_JSON)]


@contextmanager
def _progress(wanted: bool):
    """A live status line on stderr when it is a terminal; nothing under cron."""
    if not (wanted and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console

    with Console(stderr=True).status("starting…") as status:
        yield lambda stage: status.update(f"{stage}…")


def _print_json(obj: dict) -> None:
    _write_stdout(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _build_summary(result, mailed) -> dict:
    changes = result.changes
    return {
        "ok": True,
        "changed": result.changed,
        "pdf": shown_path(result.pdf) if result.pdf else None,
        "latest": shown_path(result.latest) if result.latest else None,
        "documents": result.documents,
        "facts": result.facts,
        "indicators": result.indicators,
        "pages": result.pages,
        "warnings": list(result.warnings),
        "notes": list(result.notes),
        "changes": None
        if changes is None
        else {
            "since": changes.since,
            "first_build": changes.first_build,
            "new": sum(i.status == "新增" for i in changes.items),
            "updated": sum(i.status == "更新" for i in changes.items),
        },
        "mail": None if mailed is None else _mail_summary(mailed),
    }


def _mail_summary(mailed) -> dict:
    return {
        "sent": mailed.sent,
        "reason": mailed.reason,
        "pdf": shown_path(mailed.pdf),
        "recipients": list(mailed.recipients),
        "eml": shown_path(mailed.eml) if mailed.eml else None,
        "message_id": mailed.message_id,
    }


def _mail_line(mailed) -> str:
    if mailed.reason == "dry run":
        return f"mail: wrote {mailed.eml} (dry run, not sent)"
    if mailed.sent:
        return f"mail: sent {mailed.pdf.name} to {', '.join(mailed.recipients)}"
    if mailed.reason == "nothing pending":
        return "mail: nothing pending"
    return f"mail: {mailed.pdf.name} was sent already (--force sends it again)"


def _print_build(result, mailed) -> None:
    for w in result.warnings if result.changed else ():  # unchanged: they were shown by that build
        _echo(f"Warning: {w}", err=True)
    for n in result.notes:
        _echo(f"Note: {n}", err=True)
    if result.changed:
        _echo(
            f"{result.pdf}  ({result.pages} pages, {result.documents} documents, "
            f"{result.facts} facts, {result.indicators} indicators)"
        )
    else:
        _echo(f"unchanged: {result.pdf}")
    if mailed is not None:
        _echo(_mail_line(mailed))


def _sources_from_paths(paths: list[Path] | None, config: Path | None, strict: bool = False) -> Config:
    """`extract`/`series` take one folder (or file) positionally, like `ls`;
    ``strict`` (series --strict): a file that would be skipped is the error, as in build."""
    if paths and len(paths) > 1:
        raise typer.BadParameter("give one folder or file; put several documents in one folder")
    return _config(config, sources=paths[0] if paths else None, strict=strict or None)


@app.command()
def build(
    sources: SourcesOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help=HELP_BUILD_OUT)] = None,
    template: Annotated[
        Optional[Path],
        typer.Option(
            "--template",
            "-t",
            help=HELP_TEMPLATE,
        ),
    ] = None,
    config: ConfigOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help=HELP_BUILD_STRICT)] = False,
    if_changed: Annotated[
        bool,
        typer.Option(
            "--if-changed",
            help=HELP_IF_CHANGED,
        ),
    ] = False,
    mail: Annotated[
        bool,
        typer.Option("--mail", help=HELP_MAIL),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help=HELP_BUILD_FORCE)] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help=HELP_BUILD_DRY_RUN,
        ),
    ] = False,
    fetch: Annotated[
        bool,
        typer.Option(
            "--fetch",
            help=HELP_FETCH,
        ),
    ] = False,
    issue: Annotated[
        Optional[int],
        typer.Option(
            "--issue",
            min=1,
            help=HELP_ISSUE,
        ),
    ] = None,
    quiet: QuietOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Build the brief: read sources, extract indicators, draw charts, write the PDF.

    Example:  briefgen build --sources ./seeds --out ./out

    Example:  briefgen build --fetch --if-changed --mail --quiet      # from cron or a systemd timer
    """
    from briefgen.pipeline import run_build

    if (force or dry_run) and not mail:
        raise typer.BadParameter("--force and --dry-run go with --mail")
    fetched = None
    try:
        cfg = _config(config, sources=sources, out=out, template=template, strict=strict or None, issue=issue)
        options = {"if_changed": if_changed, "mail": mail, "force": force, "dry_run": dry_run}
        with _progress(not (quiet or json_out)) as on_stage:
            if fetch:
                from briefgen.fetch import fetch_and_build

                fetched, result, mailed = fetch_and_build(cfg, on_stage=on_stage, **options)
            else:
                result, mailed = run_build(cfg, on_stage=on_stage, **options)
    except BriefgenError as exc:
        raise _fail(exc, json_out) from None
    if json_out:
        summary = _build_summary(result, mailed)
        _print_json(summary if fetched is None else {**summary, "fetch": _fetch_summary(fetched)})
    elif not quiet:
        if fetched is not None:
            _print_fetch(fetched)
        _print_build(result, mailed)


def _fetch_summary(fetched) -> dict:
    return {
        "dry_run": fetched.dry_run,
        "requests": fetched.requests,
        "kept": [{"url": o.url, "file": o.file, "title": o.detail} for o in fetched.of("kept")],
        **{
            key: [{"url": o.url, "why": o.detail} for o in fetched.of(status)]
            for key, status in (("skipped", "skipped"), ("duplicates", "duplicate"), ("failed", "failed"))
        },
        "would_fetch": [o.url for o in fetched.of("would fetch")],
        "notes": list(fetched.notes),
    }


def _print_fetch(fetched) -> None:
    for o in fetched.outcomes:
        if o.status == "kept":
            _echo(f"kept        {o.url} -> {o.file}  {o.detail}")
        elif o.status == "failed":
            _echo(f"Warning: {o.url}: {o.detail}", err=True)
        else:
            _echo(f"{o.status:<11} {o.url}  {o.detail}".rstrip())
    for n in fetched.notes:
        _echo(f"Note: {n}", err=True)
    counts = {s: len(fetched.of(s)) for s in ("kept", "skipped", "duplicate", "failed", "would fetch")}
    if fetched.dry_run:
        _echo(f"dry run: would fetch {counts['would fetch']} page(s) ({fetched.requests} request(s) sent)")
    elif counts["kept"]:
        _echo(
            f"fetched {counts['kept']} new article(s); {counts['skipped']} skipped, "
            f"{counts['duplicate']} duplicate(s), {counts['failed']} failed ({fetched.requests} request(s))"
        )
    else:
        _echo(f"nothing new ({fetched.requests} request(s))")


@app.command("fetch")
def fetch_command(
    sources: SourcesOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help=HELP_FETCH_OUT)] = None,
    config: ConfigOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=HELP_FETCH_DRY_RUN)] = False,
    quiet: QuietOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Download new articles from the [[feed]]s and [[page]]s listed in sources.toml.

    Kept articles (those that mention the park, or a feed's `match` words) are saved in
    the sources folder with a record in sources.toml; the others are listed as skipped.

    Example:  briefgen fetch --dry-run
    """
    from briefgen.fetch import fetch_sources

    try:
        fetched = fetch_sources(_config(config, sources=sources, out=out), dry_run=dry_run)
    except BriefgenError as exc:
        raise _fail(exc, json_out) from None
    if json_out:
        _print_json({"ok": True, **_fetch_summary(fetched)})
    elif not quiet:
        _print_fetch(fetched)


@app.command()
def extract(
    paths: Annotated[Optional[list[Path]], typer.Argument(help=HELP_DOCUMENTS)] = None,
    format: Annotated[
        FactFormat,
        typer.Option(
            "--format",
            "-f",
            help=HELP_FACT_FORMAT,
        ),
    ] = FactFormat.table,
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
        _echo(f"Warning: {w}", err=True)
    _write_stdout(format_facts(facts, format.value))


@app.command()
def series(
    paths: Annotated[Optional[list[Path]], typer.Argument(help=HELP_DOCUMENTS)] = None,
    format: Annotated[
        SeriesFormat, typer.Option("--format", "-f", help=HELP_SERIES_FORMAT)
    ] = SeriesFormat.table,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=HELP_SERIES_STRICT,
        ),
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Show indicators with their points, sources, derived values and warnings.

    Example:  briefgen series --format json
    """
    from briefgen.pipeline import analyse
    from briefgen.reconcile.output import format_series

    try:
        cfg = _sources_from_paths(paths, config, strict=strict)
        analysis = analyse(cfg)
    except BriefgenError as exc:
        raise _fail(exc) from None
    _write_stdout(format_series(analysis.series, format.value))
    checks = {f.message for f in analysis.series.warnings}  # those the listing shows already
    for w in analysis.warnings:
        if w not in checks:  # skipped files, corrections that match no fact: never silent
            _echo(f"Warning: {w}", err=True)
    if strict and analysis.warnings:
        err = StrictWarningsError(
            f"{len(analysis.warnings)} warning(s) under --strict: {analysis.warnings[0]}"
        )
        raise _fail(err)


ByOpt = Annotated[
    Optional[str],
    typer.Option("--by", help=HELP_REVIEWER),
]


@app.command()
def review(
    sources: SourcesOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help=HELP_BRIEF_OUT)] = None,
    apply: Annotated[
        Optional[Path],
        typer.Option("--apply", help=HELP_APPLY),
    ] = None,
    by: ByOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Check the numbers before sending: every figure in a workbook (.xlsx) next to the brief.

    Fill 处理 (保留/删除/修改/补录) and the 改正 columns in Excel or WPS, then apply it;
    build, series and extract use the corrections from then on.

    Example:  briefgen review                                   # out/<简报>_审核表.xlsx

    Example:  briefgen review --apply out/安义高新技术产业园区发展简报_审核表.xlsx
    """
    from briefgen.review import apply_review, write_review

    try:
        cfg = _config(config, sources=sources, out=out)
        if apply is None:
            path, rows = write_review(cfg)
            _echo(f"{path}  ({rows} facts to review)")
            return
        written, counts = apply_review(cfg, _abs(apply) or apply, by=by)
    except BriefgenError as exc:
        raise _fail(exc) from None
    _echo(f"{written}  ({counts['修改']} corrected, {counts['删除']} deleted, {counts['补录']} added)")


@app.command()
def correct(
    fact_id: Annotated[
        Optional[str],
        typer.Argument(help=HELP_FACT_ID),
    ] = None,
    value: Annotated[Optional[str], typer.Option("--value", help=HELP_VALUE)] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help=HELP_UNIT)] = None,
    subject: Annotated[Optional[str], typer.Option("--subject", help=HELP_SUBJECT)] = None,
    entity: Annotated[Optional[str], typer.Option("--entity", help=HELP_ENTITY)] = None,
    scope: Annotated[Optional[str], typer.Option("--scope", help=HELP_SCOPE)] = None,
    period: Annotated[Optional[str], typer.Option("--period", help=HELP_PERIOD)] = None,
    indicator: Annotated[Optional[str], typer.Option("--indicator", help=HELP_INDICATOR)] = None,
    drop: Annotated[bool, typer.Option("--drop", help=HELP_DROP)] = False,
    undo: Annotated[bool, typer.Option("--undo", help=HELP_UNDO)] = False,
    add: Annotated[bool, typer.Option("--add", help=HELP_ADD)] = False,
    source: Annotated[Optional[str], typer.Option("--source", help=HELP_ADD_SOURCE)] = None,
    note: Annotated[Optional[str], typer.Option("--note", help=HELP_NOTE)] = None,
    by: ByOpt = None,
    sources: SourcesOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Correct one extracted figure (or add one) in corrections.toml beside sources.toml.

    Example:  briefgen correct f-2a1a1afa69 --period 2023 --entity 安义县 --scope area

    Example:  briefgen correct --add --subject 工业总产值 --value 512.3 --unit 亿元 --period 2023
              --entity 安义高新技术产业园区 --scope park --source "园区管委会2024年1月统计月报"
    """
    from briefgen.corrections import number
    from briefgen.review import correct_fact

    if add == bool(fact_id):
        raise typer.BadParameter("give a fact ID, or --add (with --source) for a new figure")
    if sum((drop, undo, add)) > 1:
        raise typer.BadParameter("--drop, --undo and --add go alone")
    try:
        cfg = _config(config, sources=sources)
        fields: dict[str, object] = {"unit": unit, "subject": subject, "entity": entity, "scope": scope}
        fields["period"] = period
        fields["indicator"] = indicator
        if value is not None:
            fields["value"] = number(value, "--value")
        path, done = correct_fact(
            cfg, fact_id, drop=drop, undo=undo, source=source, note=note or "", by=by, **fields
        )
    except BriefgenError as exc:
        raise _fail(exc) from None
    _echo(f"{path}: {done.id} {done.action}" if done else f"{path}: {fact_id} back as extracted")


@app.command()
def mail(
    config: ConfigOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help=HELP_BRIEF_OUT)] = None,
    force: Annotated[bool, typer.Option("--force", help=HELP_MAIL_FORCE)] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=HELP_MAIL_DRY_RUN),
    ] = False,
    pending: Annotated[
        bool,
        typer.Option("--pending", help=HELP_PENDING),
    ] = False,
    quiet: QuietOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Mail the latest brief to the [mail] recipients (once per brief).

    The SMTP login is read from the environment variables named in [mail]
    (default BRIEFGEN_SMTP_USER / BRIEFGEN_SMTP_PASSWORD), or from the
    NAME=value lines of [mail] login_file; never from briefgen.toml itself.

    Example:  briefgen mail --dry-run
    """
    from briefgen.mail import run_mail

    try:
        cfg = _config(config, out=out)
        mailed = run_mail(cfg, force=force, dry_run=dry_run, pending_only=pending)
    except BriefgenError as exc:
        raise _fail(exc, json_out) from None
    if json_out:
        _print_json({"ok": True, **_mail_summary(mailed)})
    elif not quiet:
        _echo(_mail_line(mailed))


@app.command()
def status(
    config: ConfigOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help=HELP_BRIEF_OUT)] = None,
    last: Annotated[int, typer.Option("--last", help=HELP_LAST_RUNS)] = 10,
) -> None:
    """Show the current brief, the mail still pending and the last runs (changes nothing).

    Example:  briefgen status --last 20
    """
    from briefgen.status import status_text

    try:
        text = status_text(_config(config, out=out).out_dir, last=last)
    except BriefgenError as exc:
        raise _fail(exc) from None
    _write_stdout(text)


class ScheduleKind(str, Enum):
    systemd = "systemd"
    cron = "cron"


class Every(str, Enum):
    monthly = "monthly"
    weekly = "weekly"
    daily = "daily"


@app.command()
def schedule(
    print_: Annotated[ScheduleKind, typer.Option("--print", help=HELP_SCHEDULE_PRINT)],
    every: Annotated[Every, typer.Option("--every", help=HELP_EVERY)] = Every.monthly,
    at: Annotated[str, typer.Option("--at", help=HELP_AT)] = "08:00",
    config: ConfigOpt = None,
    name: Annotated[
        Optional[str],
        typer.Option("--name", help=HELP_UNIT_NAME),
    ] = None,
) -> None:
    """Print what runs `briefgen build --fetch --if-changed --mail --quiet` on a schedule in this folder.

    Example:  briefgen schedule --print systemd --name anyi
    """
    from briefgen.schedule import render

    try:
        cfg = _config(config)
        config_file = cfg.config_file and _abs(cfg.config_file)
        text = render(print_.value, cfg.root, every=every.value, at=at, config=config_file, name=name)
    except BriefgenError as exc:
        raise _fail(exc) from None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    _write_stdout(text)


@app.command()
def init(
    park: Annotated[
        Optional[str],
        typer.Option("--park", help=HELP_PARK),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=HELP_INIT_FORCE)] = False,
) -> None:
    """Write a commented briefgen.toml in the current folder.

    Example:  briefgen init --park 安义高新技术产业园区
    """
    from briefgen.init_config import write_config

    try:
        path = write_config(Path.cwd(), park=park, force=force)
    except BriefgenError as exc:
        raise _fail(exc) from None
    _echo(f"wrote {path}")


def _echo(line: str, err: bool = False) -> None:
    """A line that may name a path: a folder whose name is not UTF-8 shows its
    bytes (\\xb1…) instead of failing the print after the brief was published."""
    typer.echo(shown_path(line), err=err)


def _write_stdout(text: str) -> None:
    # bytes, so a BOM (csv) and Chinese survive any locale; paths as in _echo
    sys.stdout.buffer.write(shown_path(text).encode("utf-8"))
    sys.stdout.flush()


def main() -> None:
    app()
