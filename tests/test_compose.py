"""Analysis -> Brief: formatting, the template's wording, escaping, template errors."""

from __future__ import annotations

import datetime as dt

import pytest

from briefgen.compose import cn_number, make_brief, period_text, value_text
from briefgen.config import Config
from briefgen.errors import TemplateError
from tests import brief_fixture as bf


@pytest.fixture
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 UTC


def brief(tmp_path=None, **cfg):
    return make_brief(Config(park=bf.PARK, **cfg), bf.analysis(), charts=())


def texts(b, tag=None):
    out = []

    def walk(blocks):
        for x in blocks:
            if tag is None or x.tag == tag:
                out.append(x.text)
            walk(x.children)

    walk(b.blocks)
    return out


@pytest.mark.parametrize(
    "period, text",
    [
        ("2023", "2023年"),
        ("2020/2023", "2020—2023年"),
        ("2022-Q1", "2022年第一季度"),
        ("2022-01/2022-04", "2022年1—4月"),
        ("2022-06", "2022年6月"),
        ("2022-H1", "2022年上半年"),
        ("2021-11/2022-02", "2021年11月—2022年2月"),
        ("2021/..", "2021年以来"),
        ("../2023", "截至2023年"),
        (None, ""),
    ],
)
def test_period_text(period, text):
    assert period_text(period) == text


@pytest.mark.parametrize(
    "args, text",
    [
        ((410.0, "亿元"), "410亿元"),
        ((11.94, "亿元"), "11.94亿元"),
        ((80, "个", "余"), "80余个"),
        ((100, "亿元", "超"), "超100亿元"),
        ((16, "位", None, "rank"), "第16位"),
        ((5, "个", "以上"), "5个以上"),
    ],
)
def test_value_text(args, text):
    assert value_text(*args) == text


def test_chinese_heading_numbers():
    assert [cn_number(n) for n in (1, 9, 10, 11, 12, 20, 23)] == [
        "一",
        "九",
        "十",
        "十一",
        "十二",
        "二十",
        "二十三",
    ]


def test_title_period_date_and_sources(epoch):
    b = brief()
    assert b.title == f"《{bf.PARK}发展简报》" and b.plain_title == f"{bf.PARK}发展简报"
    assert b.generated == dt.date(2023, 11, 14)
    assert b.period == "2019—2023年"
    assert b.creator.startswith("briefgen ")
    meta = texts(b, "meta")[0]
    assert "2019—2023年" in meta and "2023年11月14日" in meta and "2篇" in meta
    assert [s.number for s in b.sources] == [1, 2]


def test_theme_text_puts_numbers_in_sentences(epoch):
    body = "".join(texts(brief(), "p"))
    assert "工业总产值由2020年的224亿元增至2023年的410亿元，增幅83.0%，增速28.5%。" in body
    assert (
        "全省开发区综合考评排名由2019年的第93位前移至2023年的第16位（其间2021年为第64位），前移77位。" in body
    )
    # two indicators of the same month share one sentence
    assert "2022年6月，重大重点工业项目54个，年度计划投资137.31亿元。" in body
    assert "规上工业企业115余家" in body


def test_kpi_cards(epoch):
    kpis = [x for x in brief().blocks if x.tag == "kpis"][0].children
    assert 4 <= len(kpis) <= 8
    first = dict(kpis[0].attrs)
    assert first["name"] == "工业总产值" and first["value"] == "410" and first["unit"] == "亿元"
    assert first["arrow"] == "up" and first["tone"] == "good" and "83.0%" in first["change"]
    rank = dict(kpis[1].attrs)
    assert rank["value"] == "第16" and rank["arrow"] == "up" and "前移77位" in rank["change"]


def test_sections_in_template_order(epoch):
    h1 = texts(brief(), "h1")
    assert h1[:4] == ["核心指标", "综合排名", "工业实力", "项目建设"]
    assert h1[-2:] == ["附表：数据明细", "资料来源"]
    assert "计算说明与数据提示" in h1


def test_source_text_is_printed_never_interpreted(epoch):
    cells = texts(brief(), "td")
    assert bf.MARKUP_SENTENCE in cells  # <font>, &, <a href>, {{ }} and {% %} as they were


def test_every_fact_is_in_the_appendix(epoch):
    b = brief()
    cells = texts(b, "td")
    for sentence in (
        "工业总产值同比增长28.5%。",
        "全省开发区综合考评排名从第93位前移至第16位。",
        "铝型材年产能突破200万吨。",
    ):
        assert sentence in cells


def test_changes_section_when_given(epoch):
    from briefgen.models import ChangeItem, Changes

    changes = Changes(
        since="2023年10月1日", items=(ChangeItem("工业总产值", "更新", "2023", "410亿元", "224亿元"),)
    )
    b = make_brief(Config(park=bf.PARK), bf.analysis(), changes, charts=())
    assert texts(b, "h1")[0] == "本期更新"
    assert any("工业总产值（更新）：2023年410亿元（上期为224亿元）" in t for t in texts(b, "li"))


def test_template_folder_or_file(tmp_path, epoch):
    (tmp_path / "brief.xml.j2").write_text(
        "<brief><title>{{ park }}月报</title><p>共{{ source_count }}篇。</p></brief>", encoding="utf-8"
    )
    b = make_brief(Config(park=bf.PARK, template=tmp_path), bf.analysis(), charts=())
    assert texts(b, "title") == [f"{bf.PARK}月报"]
    single = tmp_path / "short.j2"
    single.write_text("<brief><p>只有{{ fact_count }}项。</p></brief>", encoding="utf-8")
    b = make_brief(Config(park=bf.PARK, template=single), bf.analysis(), charts=())
    assert texts(b, "p") == ["只有10项。"]


def test_undefined_variable_names_file_and_line(tmp_path):
    t = tmp_path / "brief.xml.j2"
    t.write_text("<brief>\n<title>{{ park }}</title>\n<p>{{ titel }}</p>\n</brief>\n", encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        make_brief(Config(park=bf.PARK, template=t), bf.analysis(), charts=())
    assert str(t) in str(err.value) and "line 3" in str(err.value) and "titel" in str(err.value)
    assert err.value.exit_code == 4


def test_syntax_error_names_file_and_line(tmp_path):
    t = tmp_path / "brief.xml.j2"
    t.write_text("<brief>\n{% for x in themes %}\n<p>x</p>\n</brief>\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"brief\.xml\.j2: line \d"):
        make_brief(Config(park=bf.PARK, template=t), bf.analysis(), charts=())


def test_malformed_markup_and_unknown_blocks_are_template_errors(tmp_path):
    t = tmp_path / "brief.xml.j2"
    t.write_text("<brief><p>open</brief>", encoding="utf-8")
    with pytest.raises(TemplateError, match="not well-formed"):
        make_brief(Config(park=bf.PARK, template=t), bf.analysis(), charts=())
    t.write_text("<brief><marquee>x</marquee></brief>", encoding="utf-8")
    with pytest.raises(TemplateError, match="unknown block <marquee>"):
        make_brief(Config(park=bf.PARK, template=t), bf.analysis(), charts=())


@pytest.mark.parametrize(
    "markup, message",
    [
        ("<brief><td>x</td></brief>", "<td> is not allowed inside <brief>"),
        ("<brief><kpi name='a' value='1'/></brief>", "<kpi> is not allowed inside <brief>"),
        ("<brief><table><td>x</td></table></brief>", "<td> is not allowed inside <table>"),
        ("<brief><kpis><p>x</p></kpis></brief>", "<p> is not allowed inside <kpis>"),
        ("<brief><box><tr><td>x</td></tr></box></brief>", "<tr> is not allowed inside <box>"),
    ],
)
def test_a_misplaced_tag_is_an_error_naming_the_template(tmp_path, markup, message):
    # issue 11: Story.block drew nothing for a known tag in the wrong place
    t = tmp_path / "mine.xml.j2"
    t.write_text(markup, encoding="utf-8")
    with pytest.raises(TemplateError, match="mine.xml.j2: ") as err:
        make_brief(Config(park=bf.PARK, template=t), bf.analysis(), charts=())
    assert message in str(err.value)


def test_missing_template_is_an_error(tmp_path):
    with pytest.raises(TemplateError, match="template not found"):
        make_brief(Config(park=bf.PARK, template=tmp_path / "nope.j2"), bf.analysis(), charts=())


# ------------------------------------------------------------------ the timeline in the text and cards


def _with_series(*extra):
    """The fixture's analysis with ``extra`` series (theme industry) put first, as headline KPIs."""
    from dataclasses import replace

    a = bf.analysis()
    return replace(a, series=replace(a.series, series=(*extra, *a.series.series)))


def _fact(value, unit, period, sentence, at, *, qualifier=None, from_=None, doc=bf.DOC_B):
    from briefgen.models import Fact, Quantity

    return Fact(
        doc,
        "s",
        value,
        unit,
        period,
        sentence,
        (at, at + 3),
        qualifier=qualifier,
        from_=Quantity(from_[0], unit, from_[1]) if from_ else None,
        sentence_index=at // 100,
    )


def test_kpi_shows_the_end_of_a_stated_change_with_its_change(epoch):
    from briefgen.models import Derived, Indicator, Point, Series

    said = "国家高新技术企业由2020年的40家增至115家。"
    start, end = _fact(40, "家", "2020", said, 10), _fact(115, "家", None, said, 20, from_=(40, "2020"))
    hitech = Series(
        Indicator("hitech", "国家高新技术企业", "家", "industry", headline=1),
        (Point("2020", 40, "家", (start,)), Point(None, 115, "家", (end,))),
        derived=(
            Derived("增长", 75, "家", "115 − 40 = 75家", "2020", None),
            Derived("增幅", 187.5, "%", "(115 − 40) ÷ 40 = 187.5%", "2020", None),
        ),
    )
    b = make_brief(Config(park=bf.PARK), _with_series(hitech), charts=())
    card = dict([x for x in b.blocks if x.tag == "kpis"][0].children[0].attrs)
    assert (card["value"], card["unit"], card["arrow"]) == ("115", "家", "up")
    assert card["change"] == "较2020年增加75家 / 增长187.5%"
    assert "未注明时间" in card["period"]
    assert "国家高新技术企业由2020年的40家增至115家，增幅187.5%。" in "".join(texts(b, "p"))


def test_a_whole_or_as_of_value_beats_a_part_year_one_on_the_card(epoch):
    from briefgen.models import Derived, Indicator, Point, Series

    said = "全县工业总产值从224亿元到410亿元。"
    output = Series(
        Indicator("out", "园区工业总产值", "亿元", "industry", headline=1),
        (
            Point(
                "2022-01/2022-04",
                99.85,
                "亿元",
                (_fact(99.85, "亿元", "2022-01/2022-04", "1至4月99.85亿元。", 500, doc=bf.DOC_A),),
            ),
            Point(None, 224, "亿元", (_fact(224, "亿元", None, said, 10),)),
            Point(None, 410, "亿元", (_fact(410, "亿元", None, said, 20, from_=(224, None)),)),
        ),
        derived=(Derived("增幅", 83.04, "%", "(410 − 224) ÷ 224 = 83.0%", None, None),),
    )
    b = make_brief(Config(park=bf.PARK), _with_series(output), charts=())
    card = dict([x for x in b.blocks if x.tag == "kpis"][0].children[0].attrs)
    assert card["value"] == "410" and card["change"] == "由224亿元增长83.0%"
    body = "".join(texts(b, "p"))
    assert "园区工业总产值由224亿元增至410亿元（资料未注明时间），增幅83.0%；2022年1—4月为99.85亿元。" in body


def test_an_approximate_value_is_no_decline_from_an_exact_one_it_allows(epoch):
    from briefgen.models import Indicator, Point, Series

    firms = Series(
        Indicator("firms", "规上工业企业", "家", "industry"),
        (
            Point("2022-01/2022-04", 211, "家", (_fact(211, "家", "2022-01/2022-04", "211家。", 10),)),
            Point(
                "2022-01/2022-06",
                200,
                "家",
                (_fact(200, "家", "2022-01/2022-06", "200余家。", 110, qualifier="余"),),
                qualifier="余",
            ),
        ),
    )
    b = make_brief(Config(park=bf.PARK), _with_series(firms), charts=())
    body = "".join(texts(b, "p"))
    assert "降至" not in body and "减少" not in body
    assert "2022年1—6月，规上工业企业200余家；2022年1—4月为211家" in body


def test_a_goal_is_marked_in_text_tables_and_appendix(epoch):
    from dataclasses import replace

    from briefgen.models import Indicator, Point, Series

    said = "力争2025年园区工业总产值突破500亿元。"
    goal = replace(_fact(500, "亿元", "2025", said, 30, qualifier="突破"), target=True)
    output = Series(
        Indicator("out", "园区工业总产值", "亿元", "industry", headline=1),
        (
            Point("2023", 410, "亿元", (_fact(410, "亿元", "2023", "2023年410亿元。", 10),)),
            Point("2025", 500, "亿元", (goal,), qualifier="突破"),
        ),
    )
    a = _with_series(output)
    b = make_brief(Config(park=bf.PARK), replace(a, facts=(*a.facts, goal)), charts=())
    assert "2025年为突破500亿元（目标）" in "".join(texts(b, "p"))
    rows = [x for x in b.blocks if x.tag == "table"]
    cells = [c.text for t in rows for r in t.children for c in r.children]
    assert "突破500亿元（目标）" in cells and "410亿元" in cells and "410亿元（目标）" not in cells
    assert any("园区工业总产值：突破500亿元（目标）" in c for c in cells)  # the appendix
    # a name that says it is a plan needs no mark (年度计划投资137.31亿元)
    plan = Series(
        Indicator("plan", "年度计划投资", "亿元", "industry"), (Point("2025", 500, "亿元", (goal,)),)
    )
    b = make_brief(Config(park=bf.PARK), _with_series(plan), charts=())
    body = "".join(texts(b, "p"))
    assert "年度计划投资" in body and "500亿元" in body and "目标" not in body


def test_changes_since_prints_the_previous_builds_date(epoch):
    from briefgen.models import ChangeItem, Changes

    item = ChangeItem("工业总产值", "更新", "2023", "410亿元", "224亿元")
    changes = Changes(since="2026-11-22", items=(item,))
    b = make_brief(Config(park=bf.PARK), bf.analysis(), changes, charts=())
    assert "与2026年11月22日生成的上期简报相比，本期新增或更新1项指标：" in texts(b, "p")
    first = make_brief(Config(park=bf.PARK), bf.analysis(), Changes(since=None, first_build=True), charts=())
    assert texts(first, "p")[0] == "本期为首期简报，所列指标均为首次收录。"
