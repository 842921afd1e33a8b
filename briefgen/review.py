"""Review before the brief goes out: every figure in a workbook, corrections back.

    write_review(cfg)          -> out/<brief>_审核表.xlsx: one row per fact, grouped by
                                  theme and indicator, with where the brief shows it
    apply_review(cfg, xlsx)    -> corrections.toml beside sources.toml
    correct_fact(cfg, id, …)   -> one correction from the command line

The workbook opens in Excel and WPS: a frozen header, filters on, widths for Chinese
text, the number marked 【】 in its sentence, a drop-down for 处理. Reading it back is
all or nothing: the first problem (a workbook of another brief, a renamed column, a
value that is not a number, an unknown owner scope, an id that matches nothing) is
one CorrectionError naming the row, and corrections.toml is left as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.config import Config
from briefgen.corrections import (
    ADD,
    CHANGE,
    DROP,
    SCOPES,
    Correction,
    check,
    corrections_path,
    indicator_names,
    load_corrections,
    manual_id,
    merge,
    number,
    save_corrections,
    stamp,
)
from briefgen.errors import CorrectionError, OutputError
from briefgen.models import Fact

SHEET = "审核"
META_SHEET = "briefgen"  # hidden: which brief the workbook was made for
NAMES_SHEET = "指标列表"  # hidden: the catalog's names, for the 改正指标 drop-down
KEEP = "保留"
CHOICES = (KEEP, DROP, CHANGE, ADD)
SCOPE_LABELS = {"park": "园区", "area": "行政区", "group": "园区合计", "firm": "企业/项目"}
OTHER = "其他数据"
SPARE_ROWS = 50  # empty rows with the drop-downs, for 补录

# (key, header, width in Excel units, reviewer's column)
COLUMNS: tuple[tuple[str, str, float, bool], ...] = (
    ("id", "编号", 15, False),
    ("theme", "主题", 10, False),
    ("indicator", "指标", 22, False),
    ("shown", "简报中", 14, False),
    ("source", "来源", 24, False),
    ("sentence", "原句（【】内为数值）", 60, False),
    ("value", "数值", 10, False),
    ("unit", "单位", 7, False),
    ("subject", "统计项", 18, False),
    ("entity", "主体", 20, False),
    ("scope", "主体类型", 9, False),
    ("period", "时期", 16, False),
    ("action", "处理", 7, True),
    ("new_value", "改正数值", 10, True),
    ("new_unit", "改正单位", 9, True),
    ("new_subject", "改正统计项", 16, True),
    ("new_entity", "改正主体", 18, True),
    ("new_scope", "改正主体类型", 12, True),
    ("new_period", "改正时期", 16, True),
    ("new_indicator", "改正指标", 20, True),
    ("note", "备注", 24, True),
)
_HEADERS = {key: header for key, header, _, _ in COLUMNS}
# a reviewer's column -> the Correction field it sets
_SETS = {
    "new_value": "value",
    "new_unit": "unit",
    "new_subject": "subject",
    "new_entity": "entity",
    "new_scope": "scope",
    "new_period": "period",
    "new_indicator": "indicator",
}


def review_path(cfg: Config, title: str) -> Path:
    """Next to the brief: out/<the brief's file name>_审核表.xlsx."""
    from briefgen.publish import file_stem

    return cfg.out_dir / f"{file_stem(title)}_审核表.xlsx"


def _title(cfg: Config, park: str | None) -> str:
    """The brief's title as make_brief words it (the workbook records it)."""
    return cfg.title or f"《{park or cfg.park or '园区'}发展简报》"


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class Row:
    """One fact as the workbook shows it."""

    fact: Fact  # as extracted (a 补录 figure: as added)
    theme: str
    indicator: str  # display name, or 其他数据
    shown: str  # KPI卡片、图表、表格 | 其他数据 | 未显示 | 已删除
    source: str
    marked: str  # the sentence with the number in 【】
    correction: Correction | None
    order: tuple


def review_rows(cfg: Config, analysis) -> tuple[tuple[Row, ...], str]:
    """The rows of ``analysis`` (pipeline.analyse), grouped by theme and indicator, and
    the brief's title."""
    from briefgen.catalog import load_catalog

    catalog = load_catalog(cfg.catalog and cfg.path(cfg.catalog))
    theme_rank = {t: k for k, (t, _) in enumerate(analysis.series.themes)}
    theme_title = dict(analysis.series.themes)
    ind_rank = {ind.id: k for k, ind in enumerate(catalog.indicators)}
    where = placements(cfg, analysis)
    indicator_of: dict[str, tuple[Any, str]] = {}  # fact id -> (Indicator, its series' owner)
    for s in analysis.series.series:
        for p in s.points:
            for f in p.facts:
                indicator_of.setdefault(f.id, (s.indicator, s.entity))
    corrections = {c.id: c for c in load_corrections(corrections_path(cfg.sources_dir))}
    docs = {d.name: d for d in analysis.documents}
    doc_rank = {d.name: k for k, d in enumerate(analysis.documents)}
    manual = tuple(f for f in analysis.facts if f.review == "manual")
    rows = []
    for n, f in enumerate(analysis.extracted + manual):
        ind, owner = indicator_of.get(f.id, (None, ""))
        c = corrections.get(f.id)
        dropped = c is not None and c.action == DROP
        if ind is not None:
            theme, name = theme_title.get(ind.theme, ind.theme), ind.name
            key: tuple = (theme_rank.get(ind.theme, len(theme_rank)), ind_rank.get(ind.id, 1 << 20), owner)
        else:
            theme, name = ("（已删除）", "") if dropped else (OTHER, OTHER)
            key = (len(theme_rank) + (2 if dropped else 1), 0, "")
        doc = docs.get(f.document)
        rows.append(
            Row(
                fact=f,
                theme=theme,
                indicator=name,
                shown="已删除" if dropped else "、".join(where.get(f.id, ())) or "未显示",
                source=f"{doc.title}（{doc.name}）" if doc else f.sentence,
                marked=_marked(f, doc) if doc else "（人工补录）",
                correction=c,
                order=(*key, doc_rank.get(f.document, 1 << 20), n),
            )
        )
    rows.sort(key=lambda r: r.order)
    return tuple(rows), _title(cfg, analysis.park)


def _marked(f: Fact, doc) -> str:
    """The sentence with its number in 【】 (the span is an offset into the document's text)."""
    if not 0 <= f.sentence_index < len(doc.sentences):
        return f.sentence
    start = doc.sentences[f.sentence_index].start
    a, b = f.span[0] - start, f.span[1] - start
    s = f.sentence
    if not 0 <= a < b <= len(s):
        return s
    return f"{s[:a]}【{s[a:b]}】{s[b:]}"


def placements(cfg: Config, analysis) -> dict[str, tuple[str, ...]]:
    """fact id -> where the brief shows it: KPI卡片, 图表, 表格, 其他数据. Decided as
    compose and charts decide (their planning functions: nothing is drawn)."""
    from briefgen.charts import plan_charts
    from briefgen.compose.choice import arranged, read_choice
    from briefgen.compose.kpis import card_series
    from briefgen.reconcile import owners
    from briefgen.reconcile.timeline import latest_point

    choice = read_choice(cfg)
    shown = arranged(analysis, choice)
    focus = owners.focus(shown.series.series, analysis.park or cfg.park)
    out: dict[str, list[str]] = {}

    def put(facts, place: str) -> None:
        for f in facts:
            if place not in out.setdefault(f.id, []):
                out[f.id].append(place)

    own = tuple(s for s in shown.series.series if owners.role(s, focus) == owners.PARK)
    for s in card_series(own, choice):
        latest = latest_point(list(s.points)) or s.points[-1]
        put(latest.facts, "KPI卡片")
    for plan in plan_charts(shown.series, analysis.park or cfg.park):
        for panel in plan.panels:
            for p in panel.points:
                put(p.facts, "图表")
    for s in shown.series.series:
        role = owners.role(s, focus)
        for p in s.points:
            put(p.facts, OTHER if role == owners.UNKNOWN else "表格")
    for f in shown.series.unmapped:
        put((f,), "表格" if f.scope == owners.FIRM else OTHER)  # firms' figures: 企业与项目
    return {k: tuple(v) for k, v in out.items()}


# --------------------------------------------------------------------------- writing


def write_review(cfg: Config) -> tuple[Path, int]:
    """Write the review workbook next to the brief; (its path, the number of facts)."""
    from briefgen.pipeline import analyse

    analysis = analyse(cfg)
    rows, title = review_rows(cfg, analysis)
    from briefgen.catalog import load_catalog

    names = [i.name for i in load_catalog(cfg.catalog and cfg.path(cfg.catalog)).indicators]
    meta = {
        "工具": "briefgen review",
        "格式": "1",
        "简报": title,
        "园区": analysis.park or cfg.park or "",
        "资料文件夹": cfg.sources_dir.name,
        "生成时间": dt.datetime.now().replace(microsecond=0).isoformat(),
    }
    path = review_path(cfg, title)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror}", path=path.parent) from None
    data = workbook_bytes(rows, meta, names)
    from briefgen.publish import write_atomic

    write_atomic(path, data)
    return path, len(rows)


def workbook_bytes(rows: Sequence[Row], meta: dict[str, str], indicator_list: Sequence[str]) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append([header for _, header, _, _ in COLUMNS])
    grey, yellow = PatternFill("solid", fgColor="D9D9D9"), PatternFill("solid", fgColor="FFE699")
    band = PatternFill("solid", fgColor="F2F2F2")
    for k, (_, _, width, reviewer) in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=k)
        cell.font = Font(bold=True)
        cell.fill = yellow if reviewer else grey
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(k)].width = width
    col = {key: k for k, (key, _, _, _) in enumerate(COLUMNS, 1)}
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    shade, last = False, None
    for r, row in enumerate(rows, 2):
        values = _cells(row)
        ws.append([values.get(key) for key, _, _, _ in COLUMNS])
        group = (row.theme, row.indicator)
        shade = shade if group == last else not shade  # every other indicator banded
        last = group
        for key, k in col.items():
            cell = ws.cell(row=r, column=k)
            cell.alignment = wrap if key in ("sentence", "source", "note", "indicator", "subject") else top
            if shade and not COLUMNS[k - 1][3]:
                cell.fill = band
        ws.cell(row=r, column=col["new_period"]).number_format = "@"  # 2022-06 stays text, not a date
    end = len(rows) + 1 + SPARE_ROWS
    for r in range(len(rows) + 2, end + 1):
        ws.cell(row=r, column=col["new_period"]).number_format = "@"

    def drop_down(key: str, formula: str) -> None:
        letter = get_column_letter(col[key])
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.error, dv.errorTitle = "请从下拉列表中选择", "briefgen"
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{end}")

    drop_down("action", '"' + ",".join(CHOICES) + '"')
    drop_down("new_scope", '"' + ",".join(SCOPE_LABELS.values()) + '"')
    names = wb.create_sheet(NAMES_SHEET)
    for k, name in enumerate(indicator_list, 1):
        names.cell(row=k, column=1, value=name)
    names.sheet_state = "hidden"
    if indicator_list:
        drop_down("new_indicator", f"'{NAMES_SHEET}'!$A$1:$A${len(indicator_list)}")
    ws.freeze_panes = "B2"  # the header and the id stay in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    ws.row_dimensions[1].height = 30
    info = wb.create_sheet(META_SHEET)
    for key, value in meta.items():
        info.append([key, value])
    info.sheet_state = "hidden"
    wb.properties.creator = "briefgen"
    wb.properties.title = f"{meta.get('简报', '')}审核表"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cells(row: Row) -> dict[str, Any]:
    f, c = row.fact, row.correction
    values: dict[str, Any] = {
        "id": f.id,
        "theme": row.theme,
        "indicator": row.indicator,
        "shown": row.shown,
        "source": row.source,
        "sentence": row.marked,
        "value": f.value,
        "unit": f.unit,
        "subject": f.subject,
        "entity": f.entity,
        "scope": SCOPE_LABELS.get(f.scope, f.scope),
        "period": f.period or "",
        "action": c.action if c else KEEP,
    }
    if c is not None:  # what corrections.toml holds already: applying the workbook again keeps it
        for column, key in _SETS.items():
            value = getattr(c, key)
            if value is not None:
                values[column] = SCOPE_LABELS.get(value, value) if key == "scope" else value
        values["note"] = c.note or None
    return values


# --------------------------------------------------------------------------- reading


def apply_review(cfg: Config, workbook: Path, by: str | None = None) -> tuple[Path, dict[str, int]]:
    """The workbook's corrections into corrections.toml (all or nothing); (its path, counts)."""
    from briefgen.catalog import load_catalog
    from briefgen.pipeline import analyse

    analysis = analyse(cfg)
    path = corrections_path(cfg.sources_dir)
    existing = load_corrections(path)
    known = {f.id for f in analysis.extracted} | {c.id for c in existing if c.action == ADD}
    names = indicator_names(load_catalog(cfg.catalog and cfg.path(cfg.catalog)))
    decided = read_workbook(workbook, _title(cfg, analysis.park), known, names)
    before = {c.id: c for c in existing}
    fresh: list[Correction] = []
    for c in decided.values():
        if c is None:
            continue
        old = before.get(c.id)
        same = old is not None and dataclasses.replace(old, by="", at="") == c
        fresh.append(old if same and old is not None else c)  # unchanged rows keep who and when
    # rows marked 保留 take their correction away; ids not in the workbook are left alone;
    # the file keeps its order, so applying the same workbook twice changes no byte
    kept = [c for c in existing if decided.get(c.id, c) is not None]
    items = merge(kept, stamp(fresh, by or reviewer()))
    save_corrections(path, items)
    counts = {a: sum(c.action == a for c in items) for a in (CHANGE, DROP, ADD)}
    return path, counts


def reviewer() -> str:
    """Who is applying: BRIEFGEN_REVIEWER, else the login name."""
    try:
        return os.environ.get("BRIEFGEN_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):  # no user name on some containers
        return ""


def read_workbook(
    path: Path, title: str, known: set[str], names: dict[str, str]
) -> dict[str, Correction | None]:
    """fact id -> its correction (None: 保留) for every filled row of the workbook."""
    ws, meta = _open(path)
    if meta.get("简报") != title:
        raise CorrectionError(
            f"made for {meta.get('简报') or 'another brief'}, not {title}: "
            "run `briefgen review` for this brief and fill that workbook",
            path=path,
        )
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    col = {}
    for key, text in _HEADERS.items():
        if text not in header:
            raise CorrectionError(
                f"sheet {SHEET} has no column '{text}' (the first row's headings must stay as written)",
                path=path,
            )
        col[key] = header.index(text)
    out: dict[str, Correction | None] = {}
    for r, values in enumerate(rows, 2):
        cells = {key: _text(values[k]) if k < len(values) else "" for key, k in col.items()}
        if not any(cells[k] for k in ("id", "action", *_SETS, "note")):
            continue  # an empty row
        where = f"{path}: row {r}" + (f" ({cells['id']})" if cells["id"] else "")
        correction = _row_correction(cells, values, col, where, known, names)
        fid = correction.id if correction else cells["id"]
        if fid in out:
            raise CorrectionError(f"{where}: the id is on an earlier row too")
        out[fid] = correction
    return out


def _open(path: Path):
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise CorrectionError("workbook not found", path=path) from None
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise CorrectionError(f"not an Excel workbook (.xlsx): {exc}", path=path) from None
    if META_SHEET not in wb.sheetnames or SHEET not in wb.sheetnames:
        raise CorrectionError("not a briefgen review workbook (make one with `briefgen review`)", path=path)
    meta = {str(k): _text(v) for k, v, *_ in wb[META_SHEET].iter_rows(values_only=True) if k is not None}
    return wb[SHEET], meta


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):  # Excel made 2022-06 a date: the month meant
        return f"{value.year}-{value.month:02d}"
    return str(value).strip()


def _row_correction(
    cells: dict[str, str],
    values: tuple,
    col: dict[str, int],
    where: str,
    known: set[str],
    names: dict[str, str],
) -> Correction | None:
    action = cells["action"]
    filled = {field: cells[column] for column, field in _SETS.items() if cells[column]}
    if action in ("", KEEP):
        if filled and action == KEEP:
            first = next(c for c, f in _SETS.items() if f in filled)
            raise CorrectionError(
                f"{where}: 处理 is 保留 but {_HEADERS[first]} is filled; choose 修改 or clear it"
            )
        if not filled:
            if cells["id"] and cells["id"] not in known:
                raise CorrectionError(f"{where}: id {cells['id']} matches no fact of this brief")
            return None
        action = CHANGE  # corrected values without a choice: the reviewer meant 修改
    if action not in CHOICES:
        raise CorrectionError(f"{where}: 处理 must be one of {', '.join(CHOICES)}, not {action!r}")
    fields: dict[str, Any] = dict(filled)
    if "value" in fields:
        raw = values[col["new_value"]]
        fields["value"] = number(raw, f"{where}: {_HEADERS['new_value']}")
    if "scope" in fields:
        scope = _scope(fields["scope"])
        if scope is None:
            labels = "、".join(SCOPE_LABELS.values())
            raise CorrectionError(f"{where}: unknown owner scope {fields['scope']!r}; use one of {labels}")
        fields["scope"] = scope
    if "indicator" in fields and fields["indicator"] not in names:
        raise CorrectionError(f"{where}: indicator {fields['indicator']!r} is not in the catalog")
    fid = cells["id"]
    if action == ADD:
        fields["source"] = cells["source"] or None
        c = check(Correction(id=fid or "", action=ADD, note=cells["note"], **fields), where)
        return c if fid else dataclasses.replace(c, id=manual_id(c))
    if not fid:
        raise CorrectionError(f"{where}: 编号 is empty; only a 补录 row may have none")
    if fid not in known:
        raise CorrectionError(f"{where}: id {fid} matches no fact of this brief")
    if action == DROP:
        fields = {}
    return check(Correction(id=fid, action=action, note=cells["note"], **fields), where)


def _scope(text: str) -> str | None:
    text = text.strip()
    if text in SCOPES:
        return text
    return next((code for code, label in SCOPE_LABELS.items() if label == text), None)


# --------------------------------------------------------------------------- one correction


def correct_fact(
    cfg: Config,
    fact_id: str | None,
    *,
    drop: bool = False,
    undo: bool = False,
    source: str | None = None,
    note: str = "",
    by: str | None = None,
    **fields: Any,
) -> tuple[Path, Correction | None]:
    """One correction (``briefgen correct``): changes on top of the fact's earlier ones;
    ``fact_id`` None with ``source``: a 补录 figure; ``undo``: the fact back as extracted."""
    from briefgen.catalog import load_catalog

    path = corrections_path(cfg.sources_dir)
    existing = load_corrections(path)
    fields = {k: v for k, v in fields.items() if v is not None}
    where = f"briefgen correct {fact_id or '--add'}"
    if "scope" in fields:
        scope = _scope(fields["scope"])
        if scope is None:
            raise CorrectionError(
                f"{where}: unknown owner scope {fields['scope']!r}; use {', '.join(SCOPES)}"
            )
        fields["scope"] = scope
    if "indicator" in fields:
        names = indicator_names(load_catalog(cfg.catalog and cfg.path(cfg.catalog)))
        if fields["indicator"] not in names:
            raise CorrectionError(f"{where}: indicator {fields['indicator']!r} is not in the catalog")
    before = {c.id: c for c in existing}
    if fact_id is None:
        c = check(Correction(id="", action=ADD, source=source, note=note, **fields), where)
        c = dataclasses.replace(c, id=manual_id(c))
    else:
        facts = {f.id for f in _extracted(cfg)} | {i for i, c in before.items() if c.action == ADD}
        if fact_id not in facts:
            raise CorrectionError(
                f"{where}: id {fact_id} matches no fact (see `briefgen extract --format json`)"
            )
        if undo:
            save_corrections(path, tuple(c for c in existing if c.id != fact_id))
            return path, None
        old = before.get(fact_id)
        if drop:
            c = Correction(id=fact_id, action=DROP, note=note or (old.note if old else ""))
        else:
            base = old.changes() if old and old.action in (CHANGE, ADD) else {}
            action = old.action if old and old.action == ADD else CHANGE
            c = Correction(
                id=fact_id,
                action=action,
                note=note or (old.note if old else ""),
                source=source or (old.source if old else None),
                **{**base, **fields},
            )
        c = check(c, where)
    (stamped,) = stamp([c], by or reviewer())
    save_corrections(path, merge(existing, [stamped]))
    return path, stamped


def _extracted(cfg: Config) -> list[Fact]:
    """The facts as extracted (extract() applies corrections; a dropped fact is still a fact)."""
    from briefgen.extract import extract_facts
    from briefgen.pipeline import read_documents

    docs, _, park = read_documents(cfg)
    return extract_facts(docs, park)
