"""Facts -> series: mapping coverage of the gold facts, merging across
documents, conflicts, derived values, consistency checks, output, CLI.

Golden file: tests/golden/series_seeds.json is `briefgen series --format json`
for the seeds' gold facts (tests/gold_fixture.py stands in for the extractor).
Regenerate with:  .venv/bin/pytest tests/test_reconcile.py --update-golden
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.catalog import load_catalog, unit_class
from briefgen.cli import app
from briefgen.models import Fact, Quantity, SeriesSet
from briefgen.reconcile import build_series
from briefgen.reconcile.output import format_series
from tests.gold_fixture import SEEDS, gold_case, gold_records

GOLDEN = Path(__file__).resolve().parent / "golden" / "series_seeds.json"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(None)


@pytest.fixture(scope="module")
def seeds(catalog) -> SeriesSet:
    docs, facts = gold_case()
    return build_series(facts, catalog, documents=docs)


def _series(ss: SeriesSet, ind_id: str):
    found = [s for s in ss.series if s.indicator.id == ind_id]
    assert found, f"no series {ind_id}"
    return found[0]


def _key(f: Fact) -> tuple:
    return (f.document, f.span, f.value, f.unit)


# ------------------------------------------------------------------ the checks


def test_every_non_optional_gold_fact_lands_in_an_indicator(seeds):
    docs, facts = gold_case()
    records = gold_records()
    in_points = {_key(f) for s in seeds.series for p in s.points for f in p.facts}
    missing = [
        (r["document"][:3], r["id"], r["quote"])
        for r, f in zip(records, facts, strict=True)
        if not r.get("optional") and _key(f) not in in_points
    ]
    assert missing == []
    # and nothing of them is left in 其他数据
    non_optional = {_key(f) for r, f in zip(records, facts, strict=True) if not r.get("optional")}
    assert not non_optional & {_key(f) for f in seeds.unmapped}


def test_every_source_fact_carries_its_indicator(seeds):
    for s in seeds.series:
        for p in s.points:
            assert p.facts and all(f.indicator == s.indicator.id for f in p.facts)


def test_loan_indicator_has_two_points_from_two_documents(seeds):
    loans = _series(seeds, "caiyuan_loans")
    assert [(p.value, p.period) for p in loans.points] == [(6.67, None), (11.94, "2023")]
    assert [{f.document for f in p.facts} for p in loans.points] == [
        {"000_f375bfca49fd402f.txt"},
        {"001_14a3bcd6bc545aa4.txt"},
    ]
    # the undated point is placed at its article's publication date, the period stays unknown
    assert loans.points[0].as_of == "2022-06-14"
    firms = _series(seeds, "caiyuan_firms")
    assert [p.value for p in firms.points] == [121, 244]


def test_11_09_and_11_1_are_one_point_with_both_sources(seeds):
    share = _series(seeds, "industrial_investment_share")
    assert [(p.period, p.value) for p in share.points] == [("2020", 5.88), ("2023", 11.09)]
    latest = share.points[-1]
    assert not latest.conflict
    stated = sorted(f.value for f in latest.facts)
    assert stated == [11.09, 11.1]
    assert {f.sentence for f in latest.facts} != {latest.facts[0].sentence}  # two different statements
    assert [d.formula for d in share.derived] == ["11.09% − 5.88% = 5.21个百分点"]


def test_share_check_51_6_passes(seeds):
    found = [f for f in seeds.findings if f.check == "share"]
    assert len(found) == 1
    f = found[0]
    assert f.level == "ok"
    assert "70.85亿元 ÷ 137.31亿元 = 51.6%" in f.message
    assert any("51.6%" in q for q in f.quotes) and any("137.31" in q for q in f.quotes)
    assert f in _series(seeds, "investment_progress").findings


def test_doubling_claims_checked_against_224_to_410(seeds):
    output = _series(seeds, "industrial_output")
    by_phrase = {f.message.split("”")[0].lstrip("“"): f for f in output.findings if f.check == "doubling"}
    assert by_phrase["接近翻番"].level == "ok"  # 410 ÷ 224 = 1.83: nearly doubled
    assert by_phrase["翻番"].level == "warning"  # "实现主要工业经济指标翻番" right before 224 → 410
    assert "1.83倍" in by_phrase["翻番"].message
    assert any("224亿元到410亿元" in q for q in by_phrase["翻番"].quotes)
    ip = _series(seeds, "ip_count")
    assert [f.level for f in ip.findings if f.check == "doubling"] == ["ok"]  # 46 → 130 is 2.83倍


def test_derived_values_carry_their_formula(seeds):
    output = {d.label: d for d in _series(seeds, "industrial_output").derived}
    assert output["增幅"].formula == "(410 − 224) ÷ 224 = 83.0%"
    assert output["倍数"].formula == "410 ÷ 224 = 1.83倍"
    assert output["增长"].value == 186 and output["增长"].unit == "亿元"
    assert "年均增长" not in output  # the years of 224 and 410 are not stated
    ip = {d.label: d for d in _series(seeds, "ip_count").derived}
    assert ip["年均增长"].formula == "(130 ÷ 46)^(1/3) − 1 = 41.4%"
    assert (ip["年均增长"].start, ip["年均增长"].end) == ("2020", "2023")
    rank = _series(seeds, "devzone_rank")
    assert [p.value for p in rank.points] == [93, 64, 34, 16]  # undated 64, 34 sit between 2019 and 2023
    assert [(d.label, d.value) for d in rank.derived] == [("名次变化", 77)]
    assert "前移77位" in rank.derived[0].formula


def test_repeated_statements_without_a_year_join_the_dated_point(seeds):
    rank = _series(seeds, "devzone_rank")
    first = rank.points[0]
    assert first.period == "2019"
    # 排名从第93位… (no year) and 从2019年的第93位 are one point
    assert len(first.facts) >= 2 and any(f.period is None for f in first.facts)


# ------------------------------------------------------------------ merging rules, synthetic


def F(
    doc: str,
    subject: str,
    value: float,
    unit: str,
    period: str | None,
    sentence: str = "",
    kind: str = "level",
    **kw,
) -> Fact:
    return Fact(
        document=doc,
        subject=subject,
        value=value,
        unit=unit,
        period=period,
        sentence=sentence or f"{subject}{value:g}{unit}",
        span=(kw.pop("at", 0), 0),
        kind=kind,
        **kw,
    )


def test_conflict_is_kept_flagged_and_reported(catalog):
    ss = build_series(
        [F("a.txt", "工业总产值", 410, "亿元", "2023"), F("b.txt", "工业总产值", 400, "亿元", "2023")],
        catalog,
    )
    pts = _series(ss, "industrial_output").points
    assert sorted(p.value for p in pts) == [400, 410]  # never averaged, never one picked
    assert all(p.conflict for p in pts)
    (w,) = ss.warnings
    assert w.check == "conflict" and set(w.documents) == {"a.txt", "b.txt"}
    assert "410亿元" in w.message and "400亿元" in w.message and "2023年" in w.message


def test_rounding_agreement_only_to_the_stated_precision(catalog):
    agree = build_series(
        [
            F("a.txt", "工业投资占全市比重", 11.09, "%", "2023", kind="share"),
            F("b.txt", "工业投资占全市比重", 11.1, "%", "2023", kind="share"),
        ],
        catalog,
    )
    (p,) = _series(agree, "industrial_investment_share").points
    assert p.value == 11.09 and len(p.facts) == 2 and not agree.warnings
    differ = build_series(
        [
            F("a.txt", "工业投资占全市比重", 11.04, "%", "2023", kind="share"),
            F("b.txt", "工业投资占全市比重", 11.1, "%", "2023", kind="share"),
        ],
        catalog,
    )
    assert [w.check for w in differ.warnings] == ["conflict"]


def test_bounds_agree_with_exact_values_and_units_convert(catalog):
    ss = build_series(
        [
            F("a.txt", "规上工业企业", 300, "家", "2023", qualifier="突破"),
            F("b.txt", "规上工业企业", 312, "家", "2023"),
            F("a.txt", "惠企资金", 9300, "万元", "2023"),
            F("b.txt", "惠企资金", 0.93, "亿元", "2023"),
        ],
        catalog,
    )
    (firms,) = _series(ss, "industrial_firms").points
    assert firms.value == 312 and firms.qualifier is None and len(firms.facts) == 2
    (money,) = _series(ss, "subsidies_paid").points
    assert money.unit == "万元" and money.value == pytest.approx(9300) and len(money.facts) == 2
    assert not ss.warnings


def test_undated_values_that_differ_are_not_a_conflict(catalog):
    ss = build_series(
        [
            F("a.txt", "规上工业企业", 200, "家", None),
            F("b.txt", "规上工业企业", 300, "家", None),
            F("c.txt", "规上工业企业", 300, "家", None),
        ],
        catalog,
    )
    pts = _series(ss, "industrial_firms").points
    assert [(p.value, len(p.facts), p.conflict) for p in pts] == [(200, 1, False), (300, 2, False)]
    assert not ss.findings


def test_a_change_gives_two_points_and_its_derived_values(catalog):
    change = F(
        "a.txt",
        "高新技术企业",
        115,
        "家",
        "2023",
        sentence="高新技术企业由2020年的40家增至2023年的115家",
        from_=Quantity(40, "家", "2020"),
        at=100,
    )
    ss = build_series([change], catalog)
    s = _series(ss, "high_tech_firms")
    assert [(p.period, p.value) for p in s.points] == [("2020", 40), ("2023", 115)]
    (earlier,), (later,) = (p.facts for p in s.points)
    assert later == dataclasses.replace(change, indicator="high_tech_firms")
    # the earlier value is cited as a fact of its own, like the scorer flattens `from`
    assert (earlier.value, earlier.unit, earlier.period, earlier.from_) == (40, "家", "2020", None)
    assert earlier.sentence == change.sentence and earlier.indicator == "high_tech_firms"
    labels = {d.label: d.formula for d in s.derived}
    assert labels["年均增长"] == "(115 ÷ 40)^(1/3) − 1 = 42.2%"


def test_unmapped_facts_are_kept_as_other_data(catalog):
    odd = F("a.txt", "员工人数", 3000, "人", "2023")
    ss = build_series([odd, F("a.txt", "工业总产值", 410, "亿元", "2023")], catalog)
    assert ss.unmapped == (odd,)
    table = format_series(ss, "table")
    assert "【其他数据】" in table and "员工人数" in table and "3000人" in table
    assert json.loads(format_series(ss, "json"))["unmapped"][0]["subject"] == "员工人数"


# ------------------------------------------------------------------ checks, synthetic


def test_share_check_mismatch_is_a_warning_with_the_quotes(catalog):
    s = "目前累计完成投资70.85亿元，占年度计划投资137.31亿元的61.6%。"
    ss = build_series(
        [
            F("a.txt", "累计完成投资", 70.85, "亿元", "2022", s, at=10),
            F("a.txt", "年度计划投资", 137.31, "亿元", "2022", s, at=20),
            F("a.txt", "累计完成投资占年度计划投资", 61.6, "%", "2022", s, kind="share", at=30),
        ],
        catalog,
    )
    (w,) = ss.warnings
    assert w.check == "share" and "51.6%" in w.message and "61.6%" in w.message and s in w.quotes


def test_stated_growth_against_two_levels(catalog):
    def run(rate: float) -> list[str]:
        ss = build_series(
            [
                F("a.txt", "营业收入", 100, "亿元", "2022"),
                F("b.txt", "营业收入", 120, "亿元", "2023"),
                F("b.txt", "营业收入", rate, "%", "2023", kind="growth"),
            ],
            catalog,
        )
        return [f.level for f in ss.findings if f.check == "growth"]

    assert run(20) == ["ok"]
    assert run(25) == ["warning"]


def test_a_check_says_the_stated_qualifier_where_chinese_puts_it(catalog):
    """增长15%以上 is quoted as 15%以上 (briefgen.wording), not 以上15%."""
    ss = build_series(
        [
            F("a.txt", "营业收入", 100, "亿元", "2022"),
            F("b.txt", "营业收入", 120, "亿元", "2023"),
            F("b.txt", "营业收入", 15, "%", "2023", kind="growth", qualifier="以上"),
        ],
        catalog,
    )
    (finding,) = [f for f in ss.findings if f.check == "growth"]
    assert finding.level == "ok"
    assert "文中为15%以上" in finding.message and "以上15" not in finding.message


def test_doubling_claim_in_the_same_sentence(catalog):
    s = "全县知识产权数量翻番，从2020年的46个增至2023年的80个。"
    ss = build_series(
        [F("a.txt", "知识产权数量", 80, "个", "2023", s, from_=Quantity(46, "个", "2020"), at=20)], catalog
    )
    (w,) = ss.warnings
    assert w.check == "doubling" and "1.74倍" in w.message


# ------------------------------------------------------------------ owners (issue 10)


def _owned(value: float, period: str | None, entity: str, scope: str, sentence: str, **kw) -> Fact:
    return Fact(
        "a.txt", "工业总产值", value, "亿元", period, sentence, (0, 1), entity=entity, scope=scope, **kw
    )


def test_a_series_never_mixes_owners(catalog):
    park, county = "甲高新区", "甲县"
    facts = [
        _owned(99.85, "2022-01/2022-04", park, "park", "1—4月，园区完成工业总产值99.85亿元。"),
        _owned(224, "2020", county, "area", "全县工业总产值从2020年的224亿元到2023年的410亿元。"),
        _owned(
            410,
            "2023",
            county,
            "area",
            "全县工业总产值从2020年的224亿元到2023年的410亿元。",
            from_=Quantity(224, "亿元", "2020"),
        ),
        _owned(120, "2023", park, "park", "2023年，园区完成工业总产值120亿元。"),
    ]
    ss = build_series(facts, catalog)
    output = [s for s in ss.series if s.indicator.id == "industrial_output"]
    assert [(s.entity, s.scope) for s in output] == [(park, "park"), (county, "area")]
    by_owner = {s.entity: s for s in output}
    assert [p.value for p in by_owner[park].points] == [99.85, 120]
    assert [p.value for p in by_owner[county].points] == [224, 410]
    for s in output:
        assert {f.entity for p in s.points for f in p.facts} == {s.entity}
    # derived values stay within one owner: 224 -> 410 for the county, nothing from 224 to the park's 120
    assert any("410 − 224" in d.formula for d in by_owner[county].derived)
    assert not any("224" in d.formula for d in by_owner[park].derived)
    # the same period and different owners is no conflict
    same_year = [*facts, _owned(130, "2023", park, "park", "园区2023年工业总产值130亿元。")]
    conflicts = [f for f in build_series(same_year, catalog).findings if f.check == "conflict"]
    assert conflicts and all("410" not in f.message for f in conflicts)


def test_a_part_of_another_owners_whole_is_that_owners_value(catalog):
    """全市工业园区900亿元，其中甲经开区410亿元: 410 is the park's revenue, not a part to drop."""
    said = "全市工业园区实现营业收入900亿元，其中甲经开区实现营业收入410亿元。"
    whole = Fact(
        "a.txt", "营业收入", 900, "亿元", "2023", said, (10, 13), entity="全市工业园区", scope="group"
    )
    part = Fact("a.txt", "营业收入", 410, "亿元", "2023", said, (28, 31), entity="甲经开区", scope="park")
    ss = build_series([whole, part], catalog)
    assert sorted((s.entity, s.points[0].value) for s in ss.series if s.indicator.id == "revenue") == [
        ("全市工业园区", 900),
        ("甲经开区", 410),
    ]


# ------------------------------------------------------------------ output, golden, CLI


def test_json_lists_points_with_source_records(seeds):
    data = json.loads(format_series(seeds, "json"))
    assert [t["title"] for t in data["themes"]][0] == "综合排名"
    loans = next(s for s in data["series"] if s["id"] == "caiyuan_loans")
    assert [p["label"] for p in loans["points"]] == ["未注明时间（2022-06-14发布）", "2023年"]
    src = loans["points"][1]["sources"][0]
    assert src["document"] == "001_14a3bcd6bc545aa4.txt" and src["indicator"] == "caiyuan_loans"
    assert src["value"] == 11.94 and "sentence" in src
    assert data["summary"]["warnings"] == len(seeds.warnings)


def test_table_output(seeds):
    table = format_series(seeds, "table")
    assert "【营商环境与金融】" in table and "财园信贷通贷款" in table
    assert "= 计算·增幅：(410 − 224) ÷ 224 = 83.0%" in table
    assert "✓ 累计完成投资占年度计划投资的比重核对一致" in table or "✓ 完成投资占年度计划投资" in table
    with pytest.raises(ValueError):
        format_series(seeds, "xml")


def test_golden_series_of_the_seeds(seeds, update_golden):
    """A missing golden file fails; --update-golden writes it (as test_build_cli)."""
    text = format_series(seeds, "json")
    if update_golden:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), f"{GOLDEN} is missing: run pytest --update-golden and review the diff"
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "series changed: review, then run pytest --update-golden"
    )


def test_a_missing_series_golden_fails_instead_of_writing_itself(seeds, tmp_path, monkeypatch):
    # issue 11: the golden test wrote a missing file and then compared it with itself
    missing = tmp_path / "series_seeds.json"
    monkeypatch.setattr(sys.modules[__name__], "GOLDEN", missing)
    with pytest.raises(AssertionError, match="is missing"):
        test_golden_series_of_the_seeds(seeds, update_golden=False)
    assert not missing.exists()


def test_cli_series_on_the_seeds_maps_what_the_extractor_finds(tmp_path, monkeypatch):
    """Through the real extractor: every fact that matches a non-optional gold
    fact (same document, value and kind of unit) is in a series, not in 其他数据."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["series", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    mapped = [
        (src["document"], src["value"], unit_class(src["unit"]))
        for s in data["series"]
        for p in s["points"]
        for src in p["sources"]
    ]
    unmapped = [(f["document"], f["value"], unit_class(f["unit"])) for f in data["unmapped"]]
    gold = {
        (r["document"], r["value"], unit_class(r["unit"]))
        for r in gold_records(None)
        if not r.get("optional")
    }
    assert not [u for u in unmapped if u in gold]
    # mapping is reconcile's job, finding the numbers the extractor's: all 95 are found today
    assert len(gold & set(mapped)) >= 0.9 * len(gold)
    # 财园信贷通: the park's 6.67亿元 (2022) and the county's 11.94亿元 (2023) are two series
    loans = {s["entity"]: s for s in data["series"] if s["id"] == "caiyuan_loans"}
    assert set(loans) == {"安义高新技术产业园区", "安义县"}
    assert (loans["安义县"]["scope"], loans["安义高新技术产业园区"]["scope"]) == ("area", "park")
    assert [p["value"] for p in loans["安义县"]["points"]] == [11.94]
    assert [p["value"] for p in loans["安义高新技术产业园区"]["points"]] == [6.67]
    for s in data["series"]:  # no series mixes owners
        assert {src["entity"] for p in s["points"] for src in p["sources"]} == {s["entity"]}


def test_cli_strict_exits_non_zero_on_warnings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["series", str(SEEDS), "--strict"])
    assert result.exit_code == 8  # the seeds say 翻番 where 224 → 410 is 1.83倍
    assert "warning(s) under --strict" in result.stderr
    assert "【综合排名】" in result.stdout


def test_cli_strict_fails_on_a_skipped_file_like_build(tmp_path, monkeypatch):
    # issue 11: `series --strict` exited 0 and said nothing when a file was skipped
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a.txt").write_bytes((SEEDS / "000_f375bfca49fd402f.txt").read_bytes())
    (folder / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["series", str(folder)]).exit_code == 0
    result = CliRunner().invoke(app, ["series", str(folder), "--strict"])
    assert result.exit_code != 0
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: ") and "b.png" in line


def test_cli_uses_the_catalog_named_in_the_config(tmp_path, monkeypatch):
    (tmp_path / "mine.toml").write_text(
        '[[theme]]\nid = "t"\ntitle = "只有一个主题"\n\n[[indicator]]\nid = "output"\nname = "工业总产值"\n'
        'unit = "亿元"\ntheme = "t"\n',
        encoding="utf-8",
    )
    (tmp_path / "briefgen.toml").write_text('catalog = "mine.toml"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["series", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {s["id"] for s in data["series"]} <= {"output", "output_growth"}
    assert len(data["unmapped"]) > 50  # everything else is kept as 其他数据


def test_cli_bad_catalog_is_one_error_line(tmp_path, monkeypatch):
    (tmp_path / "mine.toml").write_text("[[theme]]\nid = 1\n", encoding="utf-8")
    (tmp_path / "briefgen.toml").write_text('catalog = "mine.toml"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["series", str(SEEDS)])
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("Error: ") and "mine.toml" in result.stderr and "theme #1" in result.stderr
    )


def test_stated_change_in_points_against_the_two_shares(catalog):
    s = "工业投资占全市比重由2020年的5.88%提升至2023年的11.09%，提高{}个百分点。"

    def run(pp: float) -> list[str]:
        sentence = s.format(pp)
        ss = build_series(
            [
                F(
                    "a.txt",
                    "工业投资占全市比重",
                    11.09,
                    "%",
                    "2023",
                    sentence,
                    kind="share",
                    from_=Quantity(5.88, "%", "2020"),
                    at=30,
                ),
                F("a.txt", "工业投资占全市比重", pp, "个百分点", "2020/2023", sentence, kind="change", at=50),
            ],
            catalog,
        )
        return [f.level for f in ss.findings if f.check == "points"]

    assert run(5.21) == ["ok"]
    assert run(4.1) == ["warning"]


# ------------------------------------------------------------------ invariants

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SUBJECTS = ["工业总产值", "营业收入", "规上工业企业", "贷款", "排名", "员工", "工业投资占全市比重", ""]
_UNITS = ["亿元", "万元", "%", "位", "家", "个", "倍", "个百分点", "亩", "奇怪单位"]
_PERIODS = [None, "2020", "2023", "2022-01/2022-04", "2022-Q1", "2020/2023", "2021/..", "垃圾"]


@st.composite
def _facts(draw):
    n = draw(st.integers(0, 12))
    out = []
    for k in range(n):
        value = draw(st.sampled_from([0, 0.5, 1, 2, 11.09, 11.1, 100, 224, 410]))
        unit = draw(st.sampled_from(_UNITS))
        from_ = draw(
            st.one_of(
                st.none(),
                st.builds(
                    Quantity, st.sampled_from([0, 1, 224, 5.88]), st.just(unit), st.sampled_from(_PERIODS)
                ),
            )
        )
        out.append(
            Fact(
                document=draw(st.sampled_from(["a.txt", "b.txt"])),
                subject=draw(st.sampled_from(_SUBJECTS)),
                value=float(value),
                unit=unit,
                period=draw(st.sampled_from(_PERIODS)),
                sentence=draw(st.sampled_from(["", "翻番", "占比", "总量接近翻番，从1到2"])),
                span=(k, k + 1),
                kind=draw(st.sampled_from(["level", "growth", "share", "rank", "change"])),
                qualifier=draw(st.sampled_from([None, "余", "突破", "近", "以上"])),
                from_=from_,
            )
        )
    return out


@settings(max_examples=150, deadline=None)
@given(_facts())
def test_no_fact_is_lost_and_nothing_crashes(facts):
    catalog = load_catalog(None)
    ss = build_series(facts, catalog)
    placed = [(f.document, f.span, f.value) for s in ss.series for p in s.points for f in p.facts]
    placed += [(f.document, f.span, f.value) for f in ss.unmapped]
    assert {(f.document, f.span, f.value) for f in facts} <= set(placed)
    for fmt_name in ("table", "json"):
        assert format_series(ss, fmt_name)


def test_two_different_bounds_are_two_points(catalog):
    ss = build_series(
        [
            F("a.txt", "营业收入", 10, "亿元", None, qualifier="以上"),
            F("a.txt", "营业收入", 3, "亿元", None, qualifier="以上"),
            F("b.txt", "营业收入", 10, "亿元", None, qualifier="突破"),
        ],
        catalog,
    )
    pts = _series(ss, "revenue").points
    assert sorted((p.value, len(p.facts)) for p in pts) == [(3, 1), (10, 2)]


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier", "threshold"),
    [
        ("上市公司、营收10亿元以上企业等从无到有", 10, "以上", True),
        ("实现了营收3亿元以上工业企业组建研发机构全覆盖", 3, "以上", True),
        ("集中签约落户了一批20亿元以上的数字经济项目", 20, "以上", True),
        ("园区营业收入10亿元以上，同比增长5%", 10, "以上", False),
        ("园区税收突破10亿元", 10, "突破", False),
    ],
)
def test_size_thresholds_stay_in_other_data(catalog, sentence, value, qualifier, threshold):
    f = F("a.txt", "营收", value, "亿元", None, sentence, qualifier=qualifier)
    ss = build_series([f], catalog)
    assert (ss.unmapped == (f,)) is threshold


# ------------------------------------------------------------------ signed declines


def _decline(doc: str, subject: str, value: float, period: str | None, **kw) -> Fact:
    """下降{value}%: the number as written, the sign in normalized_value (the extractor's contract)."""
    return F(doc, subject, value, "%", period, kind="growth", normalized_value=-value, **kw)


def test_a_stated_decline_is_a_negative_point(catalog):
    ss = build_series([_decline("a.txt", "利润总额", 4.5, "2024-01/2024-09")], catalog)
    (s,) = [s for s in ss.series if s.indicator.kind == "growth"]
    (p,) = s.points
    assert p.value == -4.5 and p.facts[0].value == 4.5  # the source keeps the number as written


def test_a_decline_and_a_rise_of_the_same_size_conflict(catalog):
    ss = build_series(
        [
            _decline("a.txt", "工业总产值", 4.5, "2023"),
            F("b.txt", "工业总产值", 4.5, "%", "2023", kind="growth"),
            _decline("c.txt", "工业总产值", 4.52, "2023"),
        ],
        catalog,
    )
    s = _series(ss, "industrial_output_growth")
    assert sorted((p.value, len(p.facts)) for p in s.points) == [(-4.52, 2), (4.5, 1)]
    assert all(p.conflict for p in s.points) and [w.check for w in ss.warnings] == ["conflict"]


def test_a_stated_decline_is_checked_against_two_levels_as_a_decline(catalog):
    def run(fact: Fact) -> list[str]:
        ss = build_series(
            [F("a.txt", "营业收入", 100, "亿元", "2022"), F("b.txt", "营业收入", 80, "亿元", "2023"), fact],
            catalog,
        )
        return [f.level for f in ss.findings if f.check == "growth"]

    assert run(_decline("b.txt", "营业收入", 20, "2023")) == ["ok"]  # 100 -> 80 is 下降20%
    assert run(F("b.txt", "营业收入", 20, "%", "2023", kind="growth")) == ["warning"]  # not 增长20%


def test_a_decline_bounded_by_a_qualifier_keeps_its_direction(catalog):
    from briefgen.reconcile.values import signed_interval

    assert signed_interval(-5, "超") == (float("-inf"), -5)
    assert signed_interval(-4.5) == (-4.55, -4.45)


# ------------------------------------------------------------------ comparable periods


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2022", "2023", True),
        ("2023-01/2023-09", "2024-01/2024-09", True),
        ("2024-Q1", "2023-01/2023-03", True),
        ("2024-05", "2024-09", True),  # single months together
        ("2024-01/2024-09", "2024-09", False),  # 1—9月 total vs 9月 alone
        ("2024-01/2024-09", "2024-01/2024-04", False),
        ("2024-01/2024-09", "2023", False),
        ("2019/2023", "2023", False),  # five years summed or averaged vs one
        ("2024-Q1", "2024-Q2", False),  # same length, not the same stretch of the year
    ],
)
def test_span_classes(a, b, same):
    from briefgen.reconcile.periods import span_class

    assert (span_class(a) == span_class(b)) is same


def test_comparable_keeps_one_span_class_and_month_end_stocks_go_with_years():
    from briefgen.models import Point
    from briefgen.reconcile.timeline import comparable

    def pt(value, period, sentence="句"):
        f = F("a.txt", "存款", value, "亿元", period, sentence)
        return Point(period=period, value=value, unit="亿元", facts=(f,))

    flows = [pt(1, "2023"), pt(2, "2024-01/2024-09"), pt(3, "2024-09"), pt(4, "2022")]
    assert [p.value for p in comparable(flows)] == [1, 4]
    stocks = [pt(300, "2023"), pt(320, "2024-09", "9月末，各项存款余额320亿元"), pt(12, "2024-01/2024-09")]
    assert [p.value for p in comparable(stocks)] == [300, 320]
    ytd = [pt(176.9, "2023"), pt(92.4, "2023-06", "截至6月底，已完成投资92.4亿元"), pt(150, "2022")]
    assert [p.value for p in comparable(ytd)] == [176.9, 150]  # 截至6月底已完成: a flow up to June


def test_a_part_listed_after_qizhong_is_not_a_second_value_of_its_whole(catalog):
    s = "新开工项目28个，其中亿元以上项目22个，开工率提高11.5个百分点。"
    whole = F("a.txt", "新开工项目", 28, "个", "2024", s, at=5, sentence_index=3)
    part = F("a.txt", "亿元以上项目", 22, "个", "2024", s, at=20, sentence_index=3)
    ss = build_series([whole, part], catalog)
    assert not ss.warnings
    (p,) = [p for s_ in ss.series for p in s_.points if p.value in (22, 28)]
    assert p.value == 28 and [(f.value, f.indicator) for f in ss.unmapped] == [(22, None)]
    # 其中 opening the next sentence: its whole is the one before
    first, second = "一季度，全区合同引资93.6亿元，同比增长25.9%。", "其中工业项目14个，合同引资81.2亿元。"
    ss = build_series(
        [
            F("a.txt", "合同引资", 93.6, "亿元", "2024-Q1", first, sentence_index=1),
            F("a.txt", "合同引资", 81.2, "亿元", "2024-Q1", second, sentence_index=2),
        ],
        catalog,
    )
    assert not [w for w in ss.warnings if w.check == "conflict"] and [f.value for f in ss.unmapped] == [81.2]
    # 其中 naming a part of another indicator's whole keeps its value
    alone = "其中，新开工项目23个，竣工项目14个。"
    ss = build_series([F("a.txt", "新开工项目", 23, "个", "2023", alone)], catalog)
    assert not ss.unmapped


def _goal_500():
    """力争全年工业总产值突破500亿元: a goal for 2024, not an outcome."""
    return F(
        "a.txt",
        "工业总产值",
        500,
        "亿元",
        "2024",
        "力争全年工业总产值突破500亿元",
        qualifier="突破",
        target=True,
    )


def test_a_goal_is_no_conflict_with_the_outcome_and_no_point_of_the_trend(catalog):
    from briefgen.reconcile.timeline import latest_point, trend_points

    ss = build_series(
        [
            F("a.txt", "工业总产值", 410, "亿元", "2023"),
            F("a.txt", "工业总产值", 450, "亿元", "2024"),
            _goal_500(),
        ],
        catalog,
    )
    s = _series(ss, "industrial_output")
    assert not ss.warnings and len(s.points) == 3 and not any(p.conflict for p in s.points)
    assert [p.value for p in trend_points(s.points)] == [410, 450]
    assert latest_point(s.points).value == 450


def test_a_goal_is_marked_in_the_series_output(catalog):
    ss = build_series(
        [
            F("a.txt", "工业总产值", 450, "亿元", "2024"),
            _goal_500(),
        ],
        catalog,
    )
    listed = json.loads(format_series(ss, "json"))["series"]
    points = [s for s in listed if s["id"] == "industrial_output"][0]["points"]
    assert [(p["value"], p.get("target")) for p in points] == [(450, None), (500, True)]
    rows = [line for line in format_series(ss, "table").splitlines() if "2024年" in line]
    assert [("（目标）" in r) for r in rows] == [False, True] and "突破500亿元（目标） 来源" in rows[1]


def test_a_bound_joins_the_value_of_its_own_document(catalog):
    ss = build_series(
        [
            F("a.txt", "工业总产值", 520, "亿元", "2023"),
            F("b.txt", "工业总产值", 500, "亿元", "2023", "工业总产值首破五百亿元", qualifier="突破"),
            F("b.txt", "工业总产值", 506.3, "亿元", "2023"),
        ],
        catalog,
    )
    by_value = {p.value: {f.document for f in p.facts} for p in _series(ss, "industrial_output").points}
    assert by_value == {520: {"a.txt"}, 506.3: {"b.txt"}}
    (w,) = ss.warnings
    assert "520亿元（a.txt）" in w.message and "506.3亿元（b.txt）" in w.message


def test_a_stated_move_of_places_is_checked_against_the_ranks_not_made_one(catalog):
    s = "地区生产总值总量在全市12个县中排第3位，上升1位。"

    def run(before: float) -> list[tuple[str, str]]:
        ss = build_series(
            [
                F("a.txt", "地区生产总值总量", before, "位", "2022", kind="rank"),
                F("a.txt", "地区生产总值总量", 3, "位", "2023", s, kind="rank", at=20),
                F("a.txt", "地区生产总值总量", 1, "位", "2023", s, kind="change", normalized_value=1, at=25),
            ],
            catalog,
        )
        assert not [w for w in ss.warnings if w.check == "conflict"]
        return [(f.level, f.message) for f in ss.findings if f.check == "rank"]

    ((level, message),) = run(4)
    assert level == "ok" and "第4位" in message and "第3位" in message and "前移1位" in message
    assert [lv for lv, _ in run(6)] == ["warning"]
