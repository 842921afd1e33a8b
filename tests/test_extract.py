"""Extraction: one case per statement shape (tests/data/extract/<case>.txt with
the expected facts in <case>.json beside it), golden facts for the seeds, and
properties that must hold on any input."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.config import Config
from briefgen.extract import extract_facts
from briefgen.models import Document, Fact, SourceMeta
from briefgen.normalize import normalize

HERE = Path(__file__).resolve().parent
CASES = HERE / "data" / "extract"
GOLDEN = HERE / "golden" / "facts_seeds.json"
SEEDS = HERE.parent / "seeds"


def load_scorer():
    """tests/eval/score.py, a copy of ../shared/eval/score.py."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("briefgen_test_score", HERE / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_doc(text: str, name: str = "case.txt", published: dt.date | None = None) -> Document:
    return Document(
        name=name,
        path=Path(name),
        meta=SourceMeta(file=name, published=published),
        original=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def extract_text(
    text: str, published: dt.date | None = None, name: str = "case.txt"
) -> tuple[Document, list[Fact]]:
    doc = normalize(make_doc(text, name, published))
    return doc, extract_facts([doc])


def summary(f: Fact) -> dict:
    """The fields a case file pins down."""
    rec = f.to_record()
    out = {k: rec[k] for k in ("subject", "value", "unit", "period", "kind")}
    if f.qualifier:
        out["qualifier"] = f.qualifier
    if f.from_:
        out["from"] = rec["from"]
    if f.target:
        out["target"] = True
    return out


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("*.txt")))
def test_case(case: str):
    expected = json.loads((CASES / f"{case}.json").read_text(encoding="utf-8"))
    published = dt.date.fromisoformat(expected["published"]) if expected.get("published") else None
    _, facts = extract_text((CASES / f"{case}.txt").read_text(encoding="utf-8"), published, f"{case}.txt")
    assert [summary(f) for f in facts] == expected["facts"]


def test_seeds_golden(update_golden: bool):
    """What `briefgen extract seeds --format json` prints, owners included (seeds/sources.toml
    names the park). A missing golden file fails; --update-golden writes it."""
    from briefgen.pipeline import extract as run_extract

    _, facts, _ = run_extract(Config(root=SEEDS.parent, sources=SEEDS))
    records = [f.to_record() for f in facts]
    if update_golden:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert GOLDEN.exists(), f"{GOLDEN} is missing: run pytest --update-golden and review the diff"
    assert records == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_seeds_meet_the_targets_of_the_shared_scorer():
    """The seeds' gold (a copy of ../shared/gold in tests/data/gold), scored by a copy of
    ../shared/eval/score.py: values, subjects, periods and owners."""
    score = load_scorer()
    records = json.loads(GOLDEN.read_text(encoding="utf-8"))
    golds = score.load_gold([str(HERE / "data" / "gold")])
    tot = score.summarize(
        [score.score_document(g, [r for r in records if r["document"] == g["document"]]) for g in golds]
    )
    assert tot["precision"] >= 0.95 and tot["recall"] >= 0.95
    assert tot["subject"] >= 0.90 and tot["period"] >= 0.90 and tot["exact_f1"] >= 0.95
    assert tot["scope"] >= 0.95 and tot["attributed_f1"] >= 0.95, tot


def test_undated_document_leaves_relative_periods_unknown():
    _, facts = extract_text("截至目前，园区在建项目27个。今年以来新签约项目38个。")
    assert [(f.value, f.period) for f in facts] == [(27, None), (38, None)]


def test_months_after_publication_belong_to_the_year_before():
    _, facts = extract_text("1-10月，全县工业增加值增长8.5%。", dt.date(2024, 3, 1))
    assert facts[0].period == "2023-01/2023-10"


def test_decline_is_signed_in_normalized_value_only():
    _, facts = extract_text("全县固定资产投资同比下降3.2%。", dt.date(2024, 3, 1))
    (f,) = facts
    assert (f.value, f.kind, f.normalized_value) == (3.2, "growth", -3.2)


def test_normalized_values_in_base_units():
    _, facts = extract_text("园区营收410亿元，占地500亩，面积3平方公里，产能200万吨，游客1.2万人次。")
    assert [(f.normalized_value, f.normalized_unit) for f in facts] == [
        (4.1e10, "元"),
        (pytest.approx(333333.35), "平方米"),
        (3e6, "平方米"),
        (2e6, "吨"),
        (12000, "1"),
    ]


def test_span_points_at_the_number_in_the_normalized_text():
    doc, facts = extract_text("園區營業收入１００．０３億元，同比增長23.9%。")
    assert [doc.text[a:b] for a, b in (f.span for f in facts)] == ["100.03亿元", "23.9%"]


_NUMBERISH = st.sampled_from(
    list("0123456789.,%万亿元个家位第年月从至增长下降同比占比，。、；“”一二三两十百千")
    + ["亿元", "万元", "个百分点", "平方公里", "万吨", "1-10月", "截至", "今年以来"]
)


def _check_facts(doc: Document, facts: list[Fact]) -> None:
    for f in facts:
        stated = doc.text[f.span[0] : f.span[1]]
        assert stated and stated in f.sentence
        assert re.match(r"(?:第|百分之)?[\d零〇一二两三四五六七八九十百千万亿]", stated)
        assert len(f.subject) <= 20
        assert f.kind in ("level", "growth", "share", "rank", "change")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_never_crashes_on_arbitrary_unicode(text):
    doc, facts = extract_text(text, dt.date(2024, 6, 1))
    _check_facts(doc, facts)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NUMBERISH, max_size=60).map("".join))
def test_facts_point_at_their_numbers_on_number_heavy_text(text):
    doc, facts = extract_text(text, dt.date(2024, 6, 1))
    _check_facts(doc, facts)


def test_dateline_dates_an_undated_page():
    page = "人民网\n\n标题\n\n2022年06月14日08:19 | 来源：江西日报\n\n  截至目前，园区在建项目27个。\n"
    _, facts = extract_text(page)
    assert [(f.value, f.period) for f in facts] == [(27, "2022-06")]


def test_a_year_in_the_text_is_not_a_dateline():
    _, facts = extract_text("2023年全县工业总产值410亿元。\n截至目前，园区在建项目27个。")
    assert [(f.value, f.period) for f in facts] == [(410, "2023"), (27, None)]


def test_now_is_the_publication_month_and_unknown_without_one():
    text = "去年，园区实现营业收入128亿元。园区现有规上企业346家。"
    _, dated = extract_text(text, dt.date(2024, 5, 20))
    _, undated = extract_text(text)
    assert [(f.value, f.period) for f in dated] == [(128, "2023"), (346, "2024-05")]
    assert [(f.value, f.period) for f in undated] == [(128, None), (346, None)]


def test_a_place_said_right_after_its_ranked_set_is_a_rank():
    # dev7/k03, k04: 增速六县市第二, 增速全市第一 (no 位, no verb before the set)
    _doc, facts = extract_text(
        "上半年,地区生产总值、规上工业增加值等四项主要经济指标增速,均居六县市第一,固定资产投资增速六县市第二。"
        "规模以上工业增加值达到10.4亿元,增长26.8%,增速全市第一。",
        published=dt.date(2023, 8, 26),
    )
    assert sorted(f.value for f in facts if f.unit == "位") == [1, 1, 2]


def test_a_pair_sharing_one_unit_keeps_both_values_with_their_measures_and_period():
    # dev6/h01: 0.74和19.33个百分点 (the first value states no unit); 其中 goes on with 上半年
    _doc, facts = extract_text(
        "值得一提的是,今年中西部16个国家级开发区发展良好,上半年工业总产值、工业增加值、税收收入"
        "等各项指标同比依次增长43.1%、33.9%和35.5%。"
        "其中工业总产值和税收收入增幅分别高于东部沿海33个国家级开发区0.74和19.33个百分点。",
        published=dt.date(2004, 8, 10),
    )
    got = {f.value: f for f in facts if f.unit == "个百分点"}
    assert sorted(got) == [0.74, 19.33]
    assert got[0.74].subject == "工业总产值" and got[19.33].subject.startswith("税收收入")
    assert got[0.74].period == got[19.33].period == "2004-01/2004-06"


def test_qianyue_before_a_count_is_signing_not_about():
    # dev6/h03: 一季度集中签约28个、二季度签约40个 (签约 = signed; no 约 qualifier, 签约 in the subject)
    _doc, facts = extract_text("一季度集中签约28个、二季度签约40个。", published=dt.date(2020, 9, 28))
    got = {f.value: f for f in facts}
    assert got[28].qualifier is None and "签约" in got[28].subject
    assert got[40].qualifier is None and "签约" in got[40].subject


def test_a_count_opening_a_clause_counts_the_noun_after_it_though_a_verb_modifies_it():
    # dev6/h02: 5个签约项目 (not the dateline of a clause far before)
    _doc, facts = extract_text(
        "忠州新闻网讯 (记者 杨忠明)12月8日,2017年忠县重大招商项目签约仪式在重庆雾都宾馆举行,"
        "5个签约项目协议引资77亿元,项目达产后年可实现产值148亿元。",
        published=dt.date(2017, 12, 9),
    )
    assert {f.value: f.subject for f in facts}[5] == "签约项目"


def test_a_pair_of_places_joined_by_he_keeps_both_and_where_is_no_subject():
    # dev3/d07: 分别位居全国第3和第27名 (第3 was lost at 和; 在广东 is where, not what is ranked)
    _doc, facts = extract_text(
        "在广东,广州开发区和广州南沙经济技术开发区进入前30强,分别位居全国第3和第27名。",
        published=dt.date(2018, 2, 1),
    )
    ranks = [f for f in facts if f.kind == "rank"]
    assert [f.value for f in ranks] == [3, 27]
    assert [f.entity for f in ranks] == ["广州开发区", "广州南沙经济技术开发区"]
    assert all("广东" not in f.subject for f in ranks)


def test_a_count_after_de_counts_the_noun_after_it_though_a_value_follows():
    # dev4/e03: 集中开工的10个重点项目总投资44.08亿元
    _doc, facts = extract_text("集中开工的10个重点项目总投资44.08亿元。", published=dt.date(2022, 3, 1))
    got = {f.value: f.subject for f in facts}
    assert got[10] == "重点项目" and "投资" in got[44.08]


def test_a_share_held_of_a_whole_is_a_share_of_the_noun_after_de():
    # dev5/g04: 创造了全国14.3%的GDP，贡献了13.6%的税收; 聚集了近80%的全国重点实验室、70%的国家制造业创新中心
    _doc, facts = extract_text(
        "2022年,国家高新区生产总值达17.3万亿元,创造了全国14.3%的GDP,贡献了13.6%的税收。"
        "国家高新区聚集了近80%的全国重点实验室、70%的国家制造业创新中心。",
        published=dt.date(2023, 3, 1),
    )
    got = {f.value: f.subject for f in facts}
    assert got[14.3] == "GDP" and got[13.6] == "税收"
    assert "重点实验室" in got[80] and "创新中心" in got[70]


def test_places_moved_listed_before_one_unit_keep_every_value():
    # dev2/h04: 分别前进84、77、13个位次 (84 and 77 state no unit of their own)
    _doc, facts = extract_text(
        "新乡经开区、许昌经开区、开封经开区分别居全国第121位、126位、133位,分别前进84、77、13个位次。",
        published=dt.date(2023, 1, 20),
    )
    assert sorted(f.value for f in facts if f.kind == "change") == [13, 77, 84]


def test_a_bare_measure_said_again_is_the_one_the_sentence_opened_with():
    # dev/r03: 第二产业实现增加值280.5亿元,占GDP比重61.8%,增加值增长6.8%
    _doc, facts = extract_text(
        "上半年,第二产业实现增加值280.5亿元,占GDP比重61.8%,增加值增长6.8%,增速比全市高2.8个百分点。",
        published=dt.date(2023, 7, 28),
    )
    got = {f.value: f.subject for f in facts}
    assert got[6.8] == got[280.5] and "第二产业" in got[6.8]


def test_a_place_before_de_or_a_move_is_a_rank():
    # dev/r08: 增幅排名第2的突出成绩; dev/r12: 从2016年的第六前进至2018年的第四
    _doc, facts = extract_text(
        "以8县(市、区)最小的经济体量实现了财政收入总量排名第4、增幅排名第2的突出成绩。"
        "在全省省级经济开发区排名中从2016年的第六前进至2018年的第四,发展势头强劲。",
        published=dt.date(2019, 3, 1),
    )
    ranks = [f for f in facts if f.unit == "位"]
    assert sorted(f.value for f in ranks) == [2, 4, 4]
    assert [f.from_.value for f in ranks if f.from_ is not None] == [6]


def test_duo_of_duogongneng_is_the_products_word_not_a_qualifier():
    # dev3/d06: 60万吨多功能复合肥项目 (not 60-odd 万吨 of 功能复合肥)
    _doc, facts = extract_text("开阳经开区建设了60万吨多功能复合肥项目。", published=dt.date(2021, 1, 20))
    got = {f.value: f for f in facts}
    assert got[60].qualifier is None and "多功能复合肥" in got[60].subject


def test_members_counted_as_reaching_a_quoted_standard_count_that_standard():
    # dev3/d03: 全市园区中2个基本实现“九通一平”，2个实现“七通一平”，3个实现“五通一平”
    _doc, facts = extract_text(
        "全市园区中2个基本实现“九通一平”,2个实现“七通一平”,3个实现“五通一平”。", published=dt.date(2021, 6, 1)
    )
    assert [f.subject for f in facts] == ["九通一平", "七通一平", "五通一平"]


def test_a_growth_after_a_completion_ratio_is_the_levels_growth():
    # dev3/d06: 实现工业总产值65.82亿元,目标完成率为27.43%,同比增长17.6%
    _doc, facts = extract_text(
        "1至3月,园区实现工业总产值(2000万元以上)65.82亿元,目标完成率为27.43%,同比增长17.6%,"
        "高出全市平均增速7个百分点。",
        published=dt.date(2021, 4, 20),
    )
    got = {f.value: f.subject for f in facts}
    assert "工业总产值" in got[17.6] and "完成率" in got[27.43]


def test_weiyu_before_a_place_is_a_rank():
    # dev3/d06: 工业总产值、固定资产投资增幅分别位于第三、第六
    _doc, facts = extract_text(
        "在全市13个产业园区中,工业总产值、固定资产投资增幅分别位于第三、第六。",
        published=dt.date(2021, 4, 20),
    )
    assert sorted(f.value for f in facts if f.unit == "位") == [3, 6]
