"""The indicator catalog: the packaged file, validation errors, fact mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.catalog import load_catalog
from briefgen.errors import CatalogError
from briefgen.models import Fact
from briefgen.resources import catalog_path

THEMES = [
    "综合排名",
    "经济总量",
    "工业实力",
    "产业集群",
    "项目建设",
    "招商引资",
    "消费与外贸",
    "创新能力",
    "数字经济",
    "财政金融",
    "营商环境与金融",
    "民生",
]


def fact(subject: str, value: float, unit: str, sentence: str = "", kind: str = "level", **kw) -> Fact:
    sentence = sentence or f"{subject}{value:g}{unit}"
    return Fact(
        document="a.txt",
        subject=subject,
        value=value,
        unit=unit,
        period=kw.pop("period", None),
        sentence=sentence,
        span=(0, 0),
        kind=kind,
        **kw,
    )


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(None)


def test_packaged_catalog_loads_with_themes_in_display_order(catalog):
    assert catalog_path().name == "catalog.toml" and catalog_path().is_file()
    assert [t.title for t in catalog.themes] == THEMES
    ids = [i.id for i in catalog.indicators]
    assert len(ids) == len(set(ids))
    theme_ids = {t.id for t in catalog.themes}
    assert all(i.theme in theme_ids for i in catalog.indicators)
    # indicators come grouped by theme, in theme order
    order = [t.id for t in catalog.themes]
    positions = [order.index(i.theme) for i in catalog.indicators]
    assert positions == sorted(positions)


def test_ranks_are_lower_is_better_and_levels_get_a_growth_companion(catalog):
    assert catalog.get("devzone_rank").higher_is_better is False
    growth = catalog.get("industrial_output_growth")
    assert growth.kind == "growth" and growth.unit == "%" and growth.of == "industrial_output"
    assert growth.name == "工业总产值增速"
    assert catalog.get("enterprise_problems_solved_growth") is None  # growth = false in the file


@pytest.mark.parametrize(
    ("subject", "value", "unit", "kind", "sentence", "expected"),
    [
        ("全县工业总产值", 410, "亿元", "level", "", "industrial_output"),
        ("工业总产值", 28.53, "%", "growth", "", "industrial_output_growth"),
        # same words, a rank: only rank indicators are candidates
        ("南昌市规上工业总产值排名", 4, "位", "rank", "", "industrial_output_rank"),
        # longest alias wins: 市重大重点项目 over 重点项目
        ("市重大重点项目", 54, "个", "level", "", "city_major_projects"),
        ("争取重点项目", 4, "个", "level", "", "key_projects_won"),
        # money vs count: the same words, two indicators
        ("支持资金", 20.23, "亿元", "level", "", "support_funds"),
        # a generic subject pinned down by the clause: 财园信贷通+贷款 vs 政商产业贷+贷款
        (
            "贷款",
            6.67,
            "亿元",
            "level",
            "园区121家企业审批财园信贷通贷款6.67亿元，同比增长69.72%",
            "caiyuan_loans",
        ),
        (
            "贷款",
            69.72,
            "%",
            "growth",
            "园区121家企业审批财园信贷通贷款6.67亿元，同比增长69.72%",
            "caiyuan_loans_growth",
        ),
        ("贷款", 1.19, "亿元", "level", "为17家铝型材企业审批“政商产业贷”贷款1.19亿元", "zhengshang_loans"),
        ("企业", 244, "家", "level", "2023年为244家企业发放“财园信贷通”贷款11.94亿元", "caiyuan_firms"),
        # 营收 of digital-economy firms is not the park's 营业收入
        ("营收", 12.5, "亿元", "level", "规上核心数字经济企业达15家，营收达12.5亿元", "digital_revenue"),
        ("园区营业收入", 100.03, "亿元", "level", "", "revenue"),
        # 新增 vs 累计 decided by the clause
        ("5G基站", 93, "个", "level", "新增5G基站93个，累计建成442个", "new_5g_stations"),
        ("5G基站", 442, "个", "level", "新增5G基站93个，累计建成442个", "total_5g_stations"),
        ("R&D占GDP比重", 2.02, "%", "share", "", "rd_intensity"),
        # two statistics, two indicators (issue 11)
        ("城镇调查失业率", 5.5, "%", "share", "", "unemployment_rate"),
        ("城镇登记失业率", 3.5, "%", "share", "", "registered_unemployment_rate"),
        ("登记失业率", 3.5, "%", "share", "城镇登记失业率控制在3.5%以下", "registered_unemployment_rate"),
        # units convert within a class, 名 and 位 are both ranks
        ("主导产业铝型材产业集群", 15, "名", "rank", "", "aluminium_cluster_rank"),
    ],
)
def test_match(catalog, subject, value, unit, kind, sentence, expected):
    ind = catalog.match(fact(subject, value, unit, sentence, kind=kind))
    assert ind is not None and ind.id == expected


@pytest.mark.parametrize(
    ("subject", "value", "unit", "kind"),
    [
        ("工业总产值", 2, "倍", "growth"),  # a 翻番 claim is checked, not plotted
        ("员工人数", 3000, "人", "level"),  # nothing in the catalog
        ("工业总产值", 3, "平方公里", "level"),  # known words, wrong kind of unit
        # places moved (上升1位, 前移7位, 进位3个位次) are a change, never a rank point
        ("地区生产总值总量", 1, "位", "change"),
        ("省级及以上园区综合评价排名", 7, "位", "change"),
        ("综合排名", 3, "名", "change"),
    ],
)
def test_no_match(catalog, subject, value, unit, kind):
    assert catalog.match(fact(subject, value, unit, kind=kind)) is None


def test_a_long_unknown_subject_does_not_borrow_a_term_from_its_clause(catalog):
    f = fact(
        "上市公司佛山金银河投资的年产", 2, "万吨", "上市公司佛山金银河投资的年产2万吨碳酸锂项目、铝型材产能"
    )
    assert catalog.match(f) is None


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "catalog.toml"
    p.write_text(text, encoding="utf-8")
    return p


GOOD = """
[[theme]]
id = "industry"
title = "工业实力"

[[indicator]]
id = "output"
name = "工业总产值"
unit = "亿元"
theme = "industry"
terms = ["总产值"]
"""


def test_custom_catalog_file(tmp_path):
    cat = load_catalog(_write(tmp_path, GOOD))
    assert [i.id for i in cat.indicators] == ["output", "output_growth"]
    assert cat.match(fact("总产值", 5, "亿元")).id == "output"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (GOOD.replace('unit = "亿元"\n', ""), "indicator 'output': key 'unit' is required"),
        (GOOD + 'colour = "red"\n', "indicator 'output': unknown key(s) ['colour']"),
        (GOOD.replace('theme = "industry"\nterms', 'theme = "money"\nterms'), "theme 'money' is not one of"),
        (GOOD + GOOD[GOOD.index("[[indicator]]") :], "duplicate id 'output'"),
        (GOOD.replace('terms = ["总产值"]', 'terms = "总产值"'), "terms must be a list"),
        (GOOD + 'kind = "ratio"\n', "kind must be one of"),
        (GOOD + 'higher_is_better = "yes"\n', "'higher_is_better' must be bool"),
        (GOOD.replace("[[indicator]]", "[[indicators]]"), "unknown top-level key(s) ['indicators']"),
        ("[[theme]]\nid = 1\n", "theme #1"),
        ("this is = = not toml", "not valid TOML"),
    ],
)
def test_errors_name_file_and_entry(tmp_path, text, needle):
    path = _write(tmp_path, text)
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    assert needle in str(err.value)
    assert str(path) in str(err.value)
    assert err.value.exit_code == 2


def test_missing_file(tmp_path):
    with pytest.raises(CatalogError, match="catalog file not found"):
        load_catalog(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("subject", "value", "unit", "kind", "sentence", "expected"),
    [
        # the genre's common indicators (county bulletins, zone reports, work reports)
        ("全市地区生产总值", 1234.5, "亿元", "level", "", "gdp"),
        ("GDP", 5.2, "%", "growth", "", "gdp_growth"),
        ("地区生产总值总量", 3, "位", "rank", "", "gdp_rank"),
        ("全县规模以上工业增加值", 8.5, "%", "growth", "", "industrial_value_added_growth"),
        ("规上工业增加值增速", 2, "位", "rank", "", "industrial_value_added_growth_rank"),
        ("园区规模以上工业总产值", 186.4, "亿元", "level", "", "industrial_output"),
        ("规上工业企业实现营业收入", 7.9, "%", "growth", "", "revenue_growth"),
        ("规上工业企业实现利润总额", 21.7, "亿元", "level", "", "profit"),
        ("全区固定资产投资", 15.8, "%", "growth", "", "fixed_asset_investment_growth"),
        ("工业投资", 22.4, "%", "growth", "", "industrial_investment_growth"),
        ("工业技改投资", 31, "%", "growth", "", "tech_upgrade_investment_growth"),
        ("基础设施投资", 5.1, "%", "growth", "", "infrastructure_investment_growth"),
        (
            "工业投资",
            48.7,
            "%",
            "share",
            "工业投资增长13.4%，占全部投资的比重为48.7%",
            "industrial_investment_local_share",
        ),
        ("社会消费品零售总额", 98.45, "亿元", "level", "", "retail_sales"),
        ("全县进出口总额", 37.6, "亿元", "level", "", "foreign_trade"),
        ("出口", 29.4, "亿元", "level", "", "exports"),
        ("进口", 8.2, "亿元", "level", "", "imports"),
        ("实际利用外资", 1.26, "亿美元", "level", "", "fdi"),
        ("实际到位资金", 142.5, "亿元", "level", "", "funds_in_place"),
        ("一般公共预算收入", 28.3, "亿元", "level", "", "general_budget_revenue"),
        ("税收收入", 16.92, "亿元", "level", "", "tax_revenue"),
        ("税收占比", 71.8, "%", "share", "", "tax_share"),
        ("全社会用电量", 19.87, "亿千瓦时", "level", "", "power_consumption"),
        ("工业用电量", 14.35, "亿千瓦时", "level", "", "industrial_power_consumption"),
        ("城镇居民人均可支配收入", 39870, "元", "level", "", "urban_income"),
        ("农村居民人均可支配收入", 6.7, "%", "growth", "", "rural_income_growth"),
        ("金融机构本外币各项存款余额", 612.4, "亿元", "level", "", "deposits"),
        ("各项贷款余额", 503.9, "亿元", "level", "", "loans"),
        ("新开工项目", 11, "个", "level", "", "started_projects"),
        ("竣工投产项目", 6, "个", "level", "", "completed_projects"),
        ("全区共实施重点项目", 64, "个", "level", "", "key_projects"),
        ("省级专精特新企业", 11, "家", "level", "", "srdi_firms"),
        ("发明专利授权", 312, "件", "level", "", "invention_patents"),
        ("园区企业研发投入", 21.3, "亿元", "level", "", "rd_spending"),
        ("亩均税收", 18.7, "万元", "level", "", "tax_per_mu"),
        ("亩均营业收入", 612, "万元", "level", "", "revenue_per_mu"),
        ("城镇新增就业", 6850, "人", "level", "", "new_urban_jobs"),
        ("商品房销售面积", 28.6, "万平方米", "level", "", "housing_sales_area"),
    ],
)
def test_match_common_indicators_of_the_genre(catalog, subject, value, unit, kind, sentence, expected):
    ind = catalog.match(fact(subject, value, unit, sentence, kind=kind))
    assert ind is not None and ind.id == expected


def test_headline_cards_put_the_genres_totals_first(catalog):
    ranked = sorted((i for i in catalog.indicators if i.headline > 0), key=lambda i: i.headline)
    ids = [i.id for i in ranked]
    assert ids[:3] == ["gdp", "industrial_value_added_growth", "industrial_output"]
    # a park's own cards keep their relative order after the totals
    park = ["devzone_rank", "revenue", "industrial_investment_share", "high_tech_firms", "signed_projects"]
    assert [i for i in ids if i in park] == park
    assert len({i.headline for i in ranked}) == len(ranked)  # no ties: the order is the file's, not chance


def test_counts_are_the_extractors_measure_words():
    """One count vocabulary (briefgen.extract.units): scaled counts and every measure word."""
    from briefgen.catalog import unit_class
    from briefgen.extract.units import COUNT_UNITS

    assert {unit_class(u) for u in COUNT_UNITS if u not in ("位", "名")} == {"count"}
    assert unit_class("万人") == unit_class("株") == unit_class("个项目") == "count"
    assert unit_class("位") == unit_class("名") == "rank" and unit_class("亿元") == "money"
