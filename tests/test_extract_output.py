"""`briefgen extract` through the real CLI: table, json (the spec's records)
and csv (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.extract.output import display_width, format_facts
from briefgen.models import Fact, Quantity

ARTICLE = (
    "1-10月，全县规模以上工业增加值同比增长8.5%。全县工业总产值从224亿元增至410亿元，排名位列全省第3位。\n"
)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    (tmp_path / "bulletin.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sources.toml").write_text('["bulletin.txt"]\npublished = 2024-11-15\n', encoding="utf-8")
    return tmp_path


def run(*args: str) -> bytes:
    result = CliRunner().invoke(app, ["extract", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_json_is_the_spec_records(sources: Path):
    records = json.loads(run(str(sources), "--format", "json").decode("utf-8"))
    assert [(r["subject"], r["value"], r["unit"], r["period"], r["kind"]) for r in records] == [
        ("规模以上工业增加值", 8.5, "%", "2024-01/2024-10", "growth"),
        ("工业总产值", 410, "亿元", "2024-01/2024-10", "level"),
        ("工业总产值排名", 3, "位", "2024-01/2024-10", "rank"),
    ]
    # whose figures: 全县 of a text that names no county stays the literal words
    assert {(r["entity"], r["scope"]) for r in records} == {("全县", "area")}
    assert records[1]["from"] == {"value": 224, "unit": "亿元", "period": "2024-01/2024-10"}
    assert all(r["document"] == "bulletin.txt" and r["sentence"] for r in records)
    assert records[1]["normalized"] == {"value": 41000000000, "unit": "元"}


def test_csv_has_bom_and_opens_as_a_table(sources: Path):
    raw = run(str(sources), "--format", "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["subject"], r["value"], r["unit"]) for r in rows][0] == ("规模以上工业增加值", "8.5", "%")
    assert rows[1]["from_value"] == "224" and rows[1]["normalized_value"] == "41000000000"


def test_table_is_aligned_and_readable(sources: Path):
    out = run(str(sources)).decode("utf-8")
    lines = out.splitlines()
    assert lines[0] == "== bulletin.txt"
    assert "224亿元→410亿元" in out and "3 facts from 1 document(s)" in out
    body = [ln for ln in lines[3:6]]
    # the value column starts at the same display column on every row
    cols = {display_width(ln[: ln.index(v)]) for ln, v in zip(body, ("8.5%", "224亿元", "3位"), strict=False)}
    assert len(cols) == 1


def test_unknown_format_is_an_error():
    with pytest.raises(ValueError):
        format_facts([], "xml")


def test_empty_table_says_so():
    assert format_facts([], "table") == "(no facts found)\n"


def test_json_keeps_qualifier_and_from():
    f = Fact(
        document="d.txt",
        subject="问题",
        value=80,
        unit="个",
        period=None,
        sentence="问题80余个。",
        span=(2, 6),
        qualifier="余",
        from_=Quantity(50, "个", "2020"),
    )
    (rec,) = json.loads(format_facts([f], "json"))
    assert rec["qualifier"] == "余" and rec["from"] == {"value": 50, "unit": "个", "period": "2020"}


def test_json_marks_targets_only():
    goal = "力争全年营业收入突破500亿元。去年营业收入410亿元。"
    from tests.test_extract import extract_text

    records = json.loads(format_facts(extract_text(goal)[1], "json"))
    assert [(r["value"], r.get("target")) for r in records] == [(500, True), (410, None)]
    assert "target" not in records[1]


def test_the_table_says_a_qualifier_where_chinese_puts_it(tmp_path: Path):
    """城镇调查失业率3.5%以下 stays 3.5%以下 in the terminal table (was 以下3.5%)."""
    (tmp_path / "a.txt").write_text(
        "城镇调查失业率3.5%以下。园区企业80余家，营收超100亿元。\n", encoding="utf-8"
    )
    table = run(str(tmp_path)).decode("utf-8")
    assert "3.5%以下" in table and "以下3.5%" not in table
    assert "80余家" in table and "超100亿元" in table
