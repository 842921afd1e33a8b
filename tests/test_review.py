"""Review before it goes out (issue 13): the workbook, corrections.toml, `briefgen correct`,
and the brief built with the corrections. Everything through the real CLI and real files:
the workbook is written by `briefgen review`, filled with openpyxl as a reviewer fills it
in Excel, applied, and the brief's PDF is read back."""

from __future__ import annotations

import difflib
import io
import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.review import COLUMNS, META_SHEET, SHEET

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLDEN_DIFF = REPO / "tests" / "data" / "review" / "round_trip.diff"
BRIEF = "安义高新技术产业园区发展简报"
HEADER = {key: k for k, (key, _, _, _) in enumerate(COLUMNS, 1)}
runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds in a project folder, the current folder, with a fixed build date."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    monkeypatch.setenv("BRIEFGEN_REVIEWER", "审核员")
    return tmp_path


def cli(*args: str, code: int = 0):
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def workbook(project: Path) -> Path:
    cli("review")
    path = project / "out" / f"{BRIEF}_审核表.xlsx"
    assert path.is_file()
    return path


def find_row(ws, marked: str) -> int:
    """The row whose sentence marks ``marked`` (e.g. 【442个】)."""
    col = HEADER["sentence"]
    rows = [r for r in range(2, ws.max_row + 1) if marked in (ws.cell(r, col).value or "")]
    assert len(rows) == 1, (marked, rows)
    return rows[0]


def fill(path: Path, edits: dict[tuple[str, str], object] | None = None, add: dict | None = None) -> None:
    """Type into the workbook as a reviewer does: (marked number, column key) -> value."""
    wb = load_workbook(path)
    ws = wb[SHEET]
    for (marked, key), value in (edits or {}).items():
        ws.cell(find_row(ws, marked), HEADER[key], value)
    if add:
        r = ws.max_row + 1
        for key, value in add.items():
            ws.cell(r, HEADER[key], value)
    wb.save(path)


def brief_text(pdf: Path) -> str:
    """The PDF's text, runs of spaces folded, without what a page break adds (the page's
    footer and running head, a table's "（续）" caption and repeated header row): a figure
    more or less moves page breaks, which is no change of content."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as doc:
        pages = [(page.extract_text() or "").split("\n") for page in doc.pages]
    out: list[str] = []
    for k, lines in enumerate(pages):
        lines = [re.sub(r"\s+", " ", ln).strip() for ln in lines]
        lines = [ln for ln in lines if ln and not re.fullmatch(r"第 \d+ 页 / 共 \d+ 页", ln)]
        if k and lines and lines[0] == BRIEF:
            lines = lines[1:]
        if lines and lines[0].endswith("（续）"):
            lines = lines[2:]
        out += lines
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- the workbook


def test_workbook_lists_every_fact_grouped_with_reviewer_columns(project: Path):
    path = workbook(project)
    facts = json.loads(cli("extract", "seeds", "--format", "json").stdout)
    wb = load_workbook(path)
    ws = wb[SHEET]
    assert [c.value for c in ws[1]] == [header for _, header, _, _ in COLUMNS]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2) if row[0].value]
    assert sorted(r[0] for r in rows) == sorted(f["id"] for f in facts)
    # grouped: each theme, then each indicator, in one run of rows
    themes = [r[HEADER["theme"] - 1] for r in rows]
    runs = [t for k, t in enumerate(themes) if k == 0 or themes[k - 1] != t]
    assert len(runs) == len(set(runs)), runs
    shown = {r[HEADER["shown"] - 1] for r in rows}
    assert {"KPI卡片、图表、表格", "表格"} <= shown
    assert any("【442个】" in r[HEADER["sentence"] - 1] for r in rows)
    assert {r[HEADER["action"] - 1] for r in rows} == {"保留"}
    # Excel furniture: frozen header, filters, the 处理 drop-down, widths, hidden identity sheet
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref.startswith("A1:")
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"保留,删除,修改,补录"' in lists
    assert ws.column_dimensions["F"].width >= 40
    assert wb[META_SHEET].sheet_state == "hidden"


# --------------------------------------------------------------------------- the round trip


@pytest.mark.slow
def test_round_trip_review_fill_apply_build(project: Path, update_golden: bool):
    """review -> fill -> apply -> build: the PDF shows the corrected value, no longer the
    deleted one, the added one as 人工补录; the text diff is exactly those changes."""
    cli("build")
    before = brief_text(project / "out" / f"{BRIEF}.pdf")
    path = workbook(project)
    fill(
        path,
        {
            ("【99.85亿元】", "action"): "修改",
            ("【99.85亿元】", "new_value"): 98.6,
            ("【99.85亿元】", "note"): "管委会核实",
            ("【442个】", "action"): "删除",
        },
        add={
            "action": "补录",
            "source": "园区管委会2023年1月统计月报",
            "new_subject": "工业总产值",
            "new_value": 260,
            "new_unit": "亿元",
            "new_entity": "安义高新技术产业园区",
            "new_scope": "园区",
            "new_period": "2022",
            "new_indicator": "工业总产值",
        },
    )
    result = cli("review", "--apply", str(path))
    assert "1 corrected, 1 deleted, 1 added" in result.stdout
    corrections = tomllib.loads((project / "seeds" / "corrections.toml").read_text(encoding="utf-8"))
    assert sorted(c["action"] for c in corrections.values()) == ["修改", "删除", "补录"]
    assert all(c["by"] == "审核员" and c["at"] for c in corrections.values())

    result = cli("build", "--if-changed")  # a changed corrections file is a change
    assert "unchanged" not in result.stdout
    after = brief_text(project / "out" / f"{BRIEF}.pdf")
    assert "98.6亿元" in after and "累计建成5G基站442个" not in after
    assert "累计建成5G基站：442个" not in after  # nor in the appendix's figures
    assert "工业总产值：98.6亿元（2022年1—4月）" in after and "（已校正）" in after  # the appendix marks it
    assert "园区管委会2023年1月统计月报 工业总产值：260亿元（2022年）" in after  # cited as 人工补录
    assert "本期新增或更新1项指标" in after  # 本期更新 from the corrected values
    assert "校正数据1项，人工补录数据1项，删除摘录数据1项" in after
    assert "unchanged" in cli("build", "--if-changed").stdout

    lines = before.splitlines(True), after.splitlines(True)
    diff = "".join(difflib.unified_diff(*lines, "before", "after", n=0))
    diff = re.sub(r"^@@.*\n", "", diff, flags=re.M)  # line numbers move with any layout change
    if update_golden:
        GOLDEN_DIFF.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN_DIFF.write_text(diff, encoding="utf-8")
    assert GOLDEN_DIFF.exists(), f"{GOLDEN_DIFF} is missing: run pytest --update-golden and review it"
    assert diff == GOLDEN_DIFF.read_text(encoding="utf-8")

    # the workbook written now shows the corrections, and applying it again changes nothing
    before_toml = (project / "seeds" / "corrections.toml").read_bytes()
    again = workbook(project)
    ws = load_workbook(again)[SHEET]
    assert ws.cell(find_row(ws, "【99.85亿元】"), HEADER["action"]).value == "修改"
    assert ws.cell(find_row(ws, "【442个】"), HEADER["shown"]).value == "已删除"
    cli("review", "--apply", str(again))
    assert (project / "seeds" / "corrections.toml").read_bytes() == before_toml


# --------------------------------------------------------------------------- bad workbooks


def _meta(path: Path, key: str, value: str) -> None:
    wb = load_workbook(path)
    for row in wb[META_SHEET].iter_rows():
        if row[0].value == key:
            row[1].value = value
    wb.save(path)


def _rename(path: Path, old: str, new: str) -> None:
    wb = load_workbook(path)
    for cell in wb[SHEET][1]:
        if cell.value == old:
            cell.value = new
    wb.save(path)


BAD = {
    "another brief": (lambda p: _meta(p, "简报", "《甲经开区发展简报》"), r"made for 《甲经开区发展简报》"),
    "renamed column": (lambda p: _rename(p, "处理", "操作"), r"has no column '处理'"),
    "not a number": (
        lambda p: fill(p, {("【442个】", "action"): "修改", ("【442个】", "new_value"): "约四百"}),
        r"row \d+ \(f-[0-9a-f]{10}\): 改正数值: '约四百' is not a number",
    ),
    "unknown scope": (
        lambda p: fill(p, {("【442个】", "action"): "修改", ("【442个】", "new_scope"): "公司"}),
        r"row \d+ \(f-[0-9a-f]{10}\): unknown owner scope '公司'",
    ),
    "unknown id": (
        lambda p: fill(p, {("【442个】", "id"): "f-0000000000", ("【442个】", "action"): "删除"}),
        r"row \d+ \(f-0000000000\): id f-0000000000 matches no fact of this brief",
    ),
    "keep with a value": (
        lambda p: fill(p, {("【442个】", "action"): "保留", ("【442个】", "new_value"): 400}),
        r"row \d+ .*处理 is 保留 but 改正数值 is filled",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_workbook_is_one_line_naming_the_row_and_applies_nothing(project: Path, case: str):
    # a good correction first, so "nothing applied half-way" has something to keep
    path = workbook(project)
    fill(path, {("【99.85亿元】", "action"): "删除"})
    cli("review", "--apply", str(path))
    toml = project / "seeds" / "corrections.toml"
    kept = toml.read_bytes()
    path = workbook(project)
    fill(path, {("【99.85亿元】", "action"): "保留"})  # would undo it, if the rest were good
    spoil, message = BAD[case]
    spoil(path)
    result = cli("review", "--apply", str(path), code=2)
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert str(path) in lines[0] and re.search(message, lines[0]), lines[0]
    assert toml.read_bytes() == kept


def test_a_file_that_is_no_workbook(project: Path):
    bad = project / "notes.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = cli("review", "--apply", str(bad), code=2)
    assert "not an Excel workbook" in result.output
    assert not (project / "seeds" / "corrections.toml").exists()


# --------------------------------------------------------------------------- briefgen correct


def _record(project: Path, fid: str) -> dict | None:
    facts = json.loads(cli("extract", "seeds", "--format", "json").stdout)
    return next((f for f in facts if f["id"] == fid), None)


def test_correct_one_fact_from_the_command_line(project: Path):
    facts = json.loads(cli("extract", "seeds", "--format", "json").stdout)
    fact = next(f for f in facts if f["value"] == 442)
    cli("correct", fact["id"], "--period", "2023", "--entity", "安义县", "--scope", "area", "--note", "县的")
    cli("correct", fact["id"], "--value", "443")  # on top of the first
    rec = _record(project, fact["id"])
    assert rec is not None
    assert (rec["period"], rec["entity"], rec["scope"], rec["value"], rec["review"]) == (
        "2023",
        "安义县",
        "area",
        443,
        "corrected",
    )
    table = tomllib.loads((project / "seeds" / "corrections.toml").read_text(encoding="utf-8"))[fact["id"]]
    assert table["note"] == "县的" and table["by"] == "审核员"
    cli("correct", fact["id"], "--drop")
    assert _record(project, fact["id"]) is None
    cli("correct", fact["id"], "--undo")
    assert _record(project, fact["id"])["value"] == 442  # type: ignore[index]


def test_the_commands_keep_what_a_person_wrote_in_corrections_toml(project: Path):
    facts = json.loads(cli("extract", "seeds", "--format", "json").stdout)
    first, second = (next(f for f in facts if f["value"] == v) for v in (442, 887))
    cli("correct", first["id"], "--entity", "安义县", "--scope", "area")
    path = project / "seeds" / "corrections.toml"
    path.write_text("# 张科长：5G基站是县里的数\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    cli("correct", second["id"], "--entity", "安义县", "--scope", "area")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 张科长：5G基站是县里的数\n")
    assert set(tomllib.loads(text)) == {first["id"], second["id"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["f-0000000000", "--period", "2023"], "id f-0000000000 matches no fact"),
        (["{id}", "--scope", "county"], "unknown owner scope 'county'"),
        (["{id}", "--period", "去年"], "period '去年' is not one of"),
        (["{id}", "--value", "many"], "--value: 'many' is not a number"),
        (["{id}", "--indicator", "不存在的指标"], "indicator '不存在的指标' is not in the catalog"),
        (["--add", "--subject", "工业总产值", "--value", "1", "--unit", "亿元"], "补录 needs source"),
    ],
)
def test_correct_refuses_bad_input_in_one_line(project: Path, args: list[str], message: str):
    fid = json.loads(cli("extract", "seeds", "--format", "json").stdout)[0]["id"]
    result = cli("correct", *[a.replace("{id}", fid) for a in args], code=2)
    assert message in result.output and result.output.count("\n") == 1, result.output
    assert not (project / "seeds" / "corrections.toml").exists()


def test_a_correction_whose_fact_is_gone_warns_and_fails_strict(project: Path):
    (project / "seeds" / "corrections.toml").write_text(
        '["f-0123456789"]\naction = "删除"\n', encoding="utf-8"
    )
    result = cli("series", "seeds")
    assert "correction f-0123456789 matches no fact" in result.output
    result = cli("series", "seeds", "--strict", code=8)
    assert "f-0123456789" in result.output


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('["f-1"]\naction = "改"\n', "处理 must be one of"),
        ('["f-1"]\naction = "修改"\nscope = "county"\n', "unknown owner scope 'county'"),
        ('["f-1"]\naction = "修改"\nvalue = "lots"\n', "'lots' is not a number"),
        ('["f-1"]\naction = "修改"\ncolour = "red"\n', "unknown key 'colour'"),
        ('["f-1"]\naction = "修改"\n', "修改 with nothing to change"),
    ],
)
def test_a_wrong_corrections_file_names_the_file_and_the_id(project: Path, toml: str, message: str):
    (project / "seeds" / "corrections.toml").write_text(toml, encoding="utf-8")
    result = cli("extract", "seeds", code=2)
    assert "corrections.toml" in result.output and '["f-1"]' in result.output and message in result.output
