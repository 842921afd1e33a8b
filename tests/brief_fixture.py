"""A small hand-made Analysis for the brief's tests: two documents, a trend
(工业总产值 224 -> 410亿元 with its derived growth), a rank series, a growth
companion, a dated snapshot, an undated value, an unmapped fact and a warning.
Texts that must stay text (<font>, &, {{ }}) sit in a fact's sentence."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from briefgen.models import Derived, Document, Fact, Finding, Indicator, Point, Series, SeriesSet, SourceMeta
from briefgen.pipeline import Analysis

PARK = "安义高新技术产业园区"
DOC_A = "a_people.txt"
DOC_B = "b_committee.txt"
MARKUP_TITLE = "园区发展纪实<font color=red>加粗</font>&<a href='x'>链接</a>{{ park }}{% if %}"
MARKUP_SENTENCE = (
    "园区重大重点工业项目54个，<font color=red>加粗</font> & <a href='x'>链接</a> {{ park }} {% if %}。"
)


def fact(
    doc: str,
    subject: str,
    value: float,
    unit: str,
    period: str | None,
    sentence: str,
    kind: str = "level",
    qualifier: str | None = None,
) -> Fact:
    return Fact(doc, subject, value, unit, period, sentence, (0, 1), kind=kind, qualifier=qualifier)


def documents(extra_text: str = "") -> tuple[Document, ...]:
    return (
        Document(
            DOC_A,
            Path(DOC_A),
            SourceMeta(DOC_A, MARKUP_TITLE, "人民网 / 江西日报", dt.date(2022, 6, 14)),
            "",
            "a",
            text="园区重大重点工业项目54个。" + extra_text,
        ),
        Document(
            DOC_B,
            Path(DOC_B),
            SourceMeta(DOC_B, "强工兴产开创新天地", "园区管委会（供稿）"),
            "",
            "b",
            text="工业总产值由2020年的224亿元增至2023年的410亿元。",
        ),
    )


def analysis(*, extra_sentence: str | None = None, many_facts: int = 0, park: str = PARK) -> Analysis:
    """``extra_sentence``: added as a fact of document A (e.g. with a rare character);
    ``many_facts``: that many extra unmapped facts (long tables)."""
    out_sentence = "工业总产值由2020年的224亿元增至2023年的410亿元，总量接近翻番。"
    rank_sentence = "全省开发区综合考评排名从第93位前移至第16位。"
    out1 = fact(DOC_B, "工业总产值", 224, "亿元", "2020", out_sentence)
    out2 = fact(DOC_B, "工业总产值", 410, "亿元", "2023", out_sentence)
    growth = fact(DOC_A, "工业总产值增速", 28.5, "%", "2023", "工业总产值同比增长28.5%。", kind="growth")
    r1 = fact(DOC_B, "综合考评排名", 93, "位", "2019", rank_sentence, kind="rank")
    r2 = fact(DOC_B, "综合考评排名", 64, "位", "2021", rank_sentence, kind="rank")
    r3 = fact(DOC_B, "综合考评排名", 16, "位", "2023", rank_sentence, kind="rank")
    projects = fact(DOC_A, "重大重点工业项目", 54, "个", "2022-06", MARKUP_SENTENCE)
    investment = fact(DOC_A, "年度计划投资", 137.31, "亿元", "2022-06", "年度计划投资137.31亿元。")
    firms = fact(DOC_A, "规上工业企业", 115, "家", None, "规上工业企业达115余家。", qualifier="余")
    capacity = fact(DOC_B, "铝型材产能", 200, "万吨", None, "铝型材年产能突破200万吨。", qualifier="突破")
    extra = [
        fact(DOC_A, "项目", 100 + i, "个", None, extra_sentence or f"第{i}条测试数据，共{100 + i}个。")
        for i in range(many_facts)
    ]
    if extra_sentence and not many_facts:
        extra = [fact(DOC_A, "特别事项", 7, "个", "2023", extra_sentence)]

    output = Indicator("industrial_output", "工业总产值", "亿元", "industry", headline=1)
    output_growth = replace(
        Indicator("industrial_output_growth", "工业总产值增速", "%", "industry", kind="growth"),
        of="industrial_output",
    )
    rank = Indicator(
        "devzone_rank",
        "全省开发区综合考评排名",
        "位",
        "ranking",
        kind="rank",
        higher_is_better=False,
        headline=2,
    )
    proj = Indicator("major_projects", "重大重点工业项目", "个", "projects", headline=3)
    invest = Indicator("planned_investment", "年度计划投资", "亿元", "projects")
    firm = Indicator("industrial_firms", "规上工业企业", "家", "industry", headline=4)
    series = SeriesSet(
        series=(
            Series(
                rank,
                (
                    Point("2019", 93, "位", (r1,)),
                    Point("2021", 64, "位", (r2,)),
                    Point("2023", 16, "位", (r3,)),
                ),
                derived=(Derived("名次变化", 77, "位", "93 − 16 = 77", "2019", "2023"),),
            ),
            Series(
                output,
                (Point("2020", 224, "亿元", (out1,)), Point("2023", 410, "亿元", (out2,))),
                derived=(Derived("增幅", 83.04, "%", "(410 − 224) ÷ 224 × 100% = 83.0%", "2020", "2023"),),
            ),
            Series(output_growth, (Point("2023", 28.5, "%", (growth,)),)),
            Series(firm, (Point(None, 115, "家", (firms,), qualifier="余"),)),
            Series(proj, (Point("2022-06", 54, "个", (projects,)),)),
            Series(invest, (Point("2022-06", 137.31, "亿元", (investment,)),)),
        ),
        unmapped=(capacity, *extra),
        findings=(
            Finding(
                "warning",
                "conflict",
                "规上工业企业数两篇资料说法不一：115家与83家",
                ("规上工业企业达115余家。",),
                (DOC_A, DOC_B),
            ),
        ),
        themes=(("ranking", "综合排名"), ("industry", "工业实力"), ("projects", "项目建设")),
    )
    facts = (out1, out2, growth, r1, r2, r3, projects, investment, firms, capacity, *extra)
    docs = documents(extra_sentence or "")
    return Analysis(docs, facts, series, (), park)
