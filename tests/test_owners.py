"""Whose number and when: owners (entity, scope) and periods on short made-up
sentences of the shapes the spec and DOMAIN-NOTES describe. The real-article
sets are scored in test_realworld.py."""

from __future__ import annotations

import datetime as dt

from briefgen.extract import dateline_date, extract_facts, implied_date
from briefgen.extract.owners import ParkName
from briefgen.extract.periods import Reference, find_times
from briefgen.models import Document, Fact, SourceMeta
from briefgen.normalize import normalize

from .test_extract import make_doc


def facts_of(
    text: str, published: dt.date | None = None, park: ParkName | None = None, title: str | None = None
) -> list[Fact]:
    doc = make_doc(text, published=published)
    if title:
        doc = Document(
            doc.name,
            doc.path,
            SourceMeta(file=doc.name, title=title, published=published),
            doc.original,
            doc.sha256,
        )
    return extract_facts([normalize(doc)], park)


def owners(facts: list[Fact]) -> list[tuple[float, str, str]]:
    return [(f.value, f.entity, f.scope) for f in facts]


def test_collective_words_resolve_to_the_places_of_the_article():
    facts = facts_of(
        "安义县位于南昌市西北。全县规上工业增加值增长8.2%。开发区完成营业收入312亿元。",
        park=ParkName("安义高新技术产业园区"),
    )
    assert owners(facts) == [(8.2, "安义县", "area"), (312, "安义高新技术产业园区", "park")]


def test_a_whole_and_its_parts_each_have_their_owner():
    facts = facts_of("全市工业园区实现主营业务收入900亿元，其中甲经开区410亿元、乙高新区300亿元。")
    assert [(f.value, f.scope) for f in facts] == [(900, "group"), (410, "park"), (300, "park")]
    assert facts[0].entity.startswith("全市工业园区")
    assert (facts[1].entity, facts[2].entity) == ("甲经开区", "乙高新区")
    assert facts[1].subject == facts[2].subject == "主营业务收入"


def test_a_rank_in_a_field_is_the_ranked_parks_and_a_move_is_a_change():
    facts = facts_of("甲开发区主营业务收入410亿元，在全省88个开发区中排第6位，比上月前进2位。")
    by_value = {f.value: f for f in facts}
    assert (by_value[88].scope, by_value[88].kind) == ("group", "level")  # the size of the field
    assert (by_value[6].entity, by_value[6].kind) == ("甲开发区", "rank")
    assert (by_value[2].entity, by_value[2].kind) == ("甲开发区", "change")
    assert by_value[6].subject != "开发区" and "排名" in by_value[6].subject


def test_respectively_gives_each_owner_its_value():
    facts = facts_of("甲经开区、乙高新区分别实现营业收入410亿元、300亿元。")
    assert owners(facts) == [(410, "甲经开区", "park"), (300, "乙高新区", "park")]


def test_a_project_and_a_firm_own_what_describes_them():
    facts = facts_of(
        "安义县园区新签约项目12个。上市公司佛山金银河投资的年产2万吨碳酸锂项目相继投产。",
        park=ParkName("安义高新技术产业园区"),
    )
    assert owners(facts)[0] == (12, "安义高新技术产业园区", "park")
    assert facts[1].scope == "firm" and ("金银河" in facts[1].entity or "碳酸锂" in facts[1].entity)


def test_configured_aliases_and_former_names_are_the_park():
    park = ParkName("安义高新技术产业园区", ("安义工业园区",))
    facts = facts_of("安义工业园区去年营业收入200亿元。安义高新园区今年新引进项目38个。", park=park)
    assert {f.entity for f in facts} == {"安义高新技术产业园区"}


def test_a_zones_own_bulletin_says_quanqu_for_the_zone():
    facts = facts_of("1—8月，全区实现规上工业总产值405亿元。", title="高新区1—8月经济运行情况")
    assert owners(facts) == [(405, "高新区", "park")]


def test_a_province_a_city_and_a_park_in_one_name():
    facts = facts_of("今年上半年，安徽省马鞍山慈湖高新区新签约工业项目24个。", dt.date(2023, 7, 1))
    assert owners(facts) == [(24, "马鞍山慈湖高新区", "park")]


def test_datelines_of_pages_and_reports():
    assert dateline_date("标题\n发布时间：2019年10月10日 13:45 点击量：1540") == dt.date(2019, 10, 10)
    assert dateline_date("政府工作报告\n——2023年1月7日在东阿县第十九届人民代表大会上") == dt.date(2023, 1, 7)
    assert dateline_date("标题\n| [ 发布日期 ] | 2023-07-28 |") == dt.date(2023, 7, 28)
    assert dateline_date("本报讯（2023年9月12日）今年以来，园区…") == dt.date(2023, 9, 12)
    assert dateline_date("2023年全县工业总产值410亿元。") is None  # a year in the text is no dateline


def test_a_named_reporting_period_dates_the_bare_months_of_an_undated_bulletin():
    text = "1~4月，高新区完成规上工业增加值2.3亿元。\n项目库2024年1~4月在库2个。"
    assert implied_date(text) == (dt.date(2024, 4, 30), 2024)
    assert facts_of(text)[0].period == "2024-01/2024-04"


def test_the_year_of_a_heading_carries_and_relative_words_resolve():
    facts = facts_of(
        "2023年1—8月全区经济运行情况\n1—8月，规上工业增加值增长8%。\n如今园区营业收入已跃升至86亿元。",
        dt.date(2023, 9, 12),
    )
    assert [f.period for f in facts] == ["2023-01/2023-08", "2023-09"]


def test_chinese_numeral_months_and_a_multiple_of_a_base_year():
    facts = facts_of("一至七月全市园区主营收入1524亿元。", dt.date(2016, 8, 20))
    assert facts[0].period == "2016-01/2016-07"
    facts = facts_of("2010年，开发区实现业务总收入420亿元，是2005年的5.2倍，年均增长38%。")
    assert [f.period for f in facts] == ["2010", "2005/2010", "2005/2010"]


def test_a_ranked_list_one_park_a_line():
    text = (
        "2018年国家级经开区综合发展水平考核评价结果公布。\n附：前30强名单\n"
        "1　苏州工业园区　江苏\n2　广州经济技术开发区　广东"
    )
    facts = facts_of(text)
    assert [(f.value, f.unit, f.entity, f.period) for f in facts] == [
        (1, "位", "苏州工业园区", "2018"),
        (2, "位", "广州经济技术开发区", "2018"),
    ]


def test_a_bare_park_of_an_unknown_place_is_not_claimed_for_the_configured_park():
    """园区 in a text that names neither the park nor its county may be any park."""
    facts = facts_of("园区新签约项目12个。", park=ParkName("安义高新技术产业园区"))
    assert owners(facts) == [(12, "园区", "park")]


# sentences below are from dev4's real articles (tests/data/realworld/dev4/SOURCES.md)


def test_a_paragraph_that_opens_with_a_firms_project_owns_its_later_figures():
    facts = facts_of(
        "甘眉工业园区新签约项目5个。\n"
        "——四川明域生态工程有限公司年产10万吨土壤改良剂及有机肥项目，拟投资6000万元。"
        "项目建成达产后，预计将实现年销售收入约1亿元、净利润约2000万元。\n"
        "园区全年实现工业总产值80亿元。",
        park=ParkName("甘眉工业园区"),
    )
    by_value = {f.value: (f.entity, f.scope) for f in facts}
    assert by_value[1][1] == by_value[2000][1] == "firm"
    assert "明域生态" in by_value[1][0]
    assert by_value[80] == ("甘眉工业园区", "park")  # the next paragraph is the park's again


def test_a_headline_year_gives_way_to_the_evaluation_year_the_opening_names():
    facts = facts_of(
        "浙江82家经济开发区2021年成绩单出炉\n"
        "浙江省商务厅近日发布了《2020年度浙江省经济开发区综合考评报告》。\n"
        "从利用外资水平看，经济开发区全年实现利用外资94.16亿美元，同比上升6.28%。",
        published=dt.date(2021, 9, 7),
    )
    assert {f.period for f in facts if f.value in (94.16, 6.28)} == {"2020"}


def test_a_class_of_parks_said_alone_is_a_group_not_the_articles_park():
    facts = facts_of(
        "全省经济开发区实现进出口总额2722.59亿元，同比增长12.21%。"
        "其中，国家级经开区实现1540.35亿元，占全省经开区的56.58%。",
        published=dt.date(2021, 9, 7),
    )
    assert [(e, s) for v, e, s in owners(facts) if v == 1540.35] == [("国家级经开区", "group")]


def test_a_project_built_by_a_firm_and_a_project_of_two_named_parties_own_their_figures():
    # dev2/h05 (繁昌区 signing), real sentences
    facts = facts_of(
        "康地动物食品添加剂研发生产项目由美国康地谷物公司投资建设，总投资8000万美元。"
        "安徽机电职业技术学院、安徽商贸职业技术学院繁昌项目，总投资35亿元，规划用地面积1049亩。"
        "光伏、储能项目，总投资10亿元。",
        published=dt.date(2022, 3, 1),
    )
    by_value = {v: (e, s) for v, e, s in owners(facts)}
    assert by_value[8000][1] == "firm" and "康地" in by_value[8000][0]
    assert by_value[35][1] == by_value[1049][1] == "firm" and "职业技术学院" in by_value[35][0]
    assert by_value[10][1] != "firm"  # two kinds of project, no named party


def test_a_count_of_a_groups_members_is_the_groups():
    # dev3/d03 (安顺市), real sentence
    facts = facts_of(
        "同时，安顺市各开发区坚持基础设施先行，设施逐步完善，"
        "全市园区中2个基本实现“九通一平”，2个实现“七通一平”，3个实现“五通一平”。",
        published=dt.date(2021, 6, 1),
    )
    assert {(e, s) for v, e, s in owners(facts) if v in (2, 3)} == {("全市园区", "group")}


def test_a_rank_whose_words_name_no_measure_takes_the_measure_ranked():
    # dev/r10 and dev3/d07, real sentences
    facts = facts_of(
        "宁波经开区实际使用外资位列第9，较上一年度提升1位。"
        "广州开发区、广州南沙经济技术开发区分别位居全国第3和第27名。",
        published=dt.date(2023, 3, 1),
    )
    subjects = [f.subject for f in facts if f.unit in ("位", "名")]
    assert subjects and all("排名" in s or "外资" in s for s in subjects), subjects


# sentences below are from dev5's real articles (tests/data/realworld/dev5/SOURCES.md)


def test_a_class_of_zones_and_a_summary_list_are_read_as_such():
    facts = facts_of(
        "●营业收入13977.46亿元：8个国家高新区7831.36亿元，省级高新区6146.10亿元\n"
        "全省高新区上半年实现营业收入13977.46亿元，同比增长28.09%。",
        published=dt.date(2021, 8, 31),
    )
    got = {(v, e, s) for v, e, s in owners(facts)}
    assert (7831.36, "8个国家高新区", "group") in got and (6146.1, "省级高新区", "group") in got
    # the bullet is a line of its own: the body's sentence is the province's zones'
    assert (28.09, "全省高新区", "group") in got


def test_an_autonomous_prefecture_by_its_short_name_and_pinyin_left_by_a_mirror():
    facts = facts_of(
        "甘孜州2022年工业（yè）实现（xiàn）较快增长\n"
        "2022年，全州规（guī）模以上工业增加值同比增长20.1%（含园区），增速高于全省平均水平16.3个百分点。",
        published=dt.date(2023, 2, 21),
    )
    assert {(e, s) for v, e, s in owners(facts)} == {("甘孜藏族自治州", "area")}
    assert all("yè" not in f.sentence and "（含" in f.sentence for f in facts)


def test_a_reports_year_is_not_its_plans_and_a_source_phrase_may_open_the_period():
    report = facts_of(
        "经开区2022年经济社会发展总体情况和2023年工作打算汇报\n"
        "今年以来，经开区经济社会保持良好发展势头。\n"
        "一是经济运行稳中向好。预计全年实现地区生产总值685亿元，增长8.5%左右。"
        "经开区在2021年度全国217家国家级开发区综合考评中位列第13位。",
    )
    assert {f.period for f in report if f.value in (685, 8.5)} == {"2022"}
    bulletin = facts_of(
        "据统计数据显示，今年1-7月份，东方市规模以上工业总产值约112亿元，按可比价计算增长34.8%；"
        "增速比去年同期快16.6个百分点，实现工业增加值约32亿元，增长10.3%。",
        published=dt.date(2015, 9, 19),
    )
    assert {f.period for f in bulletin} == {"2015-01/2015-07"}


def test_a_puller_owns_its_pull_outside_and_shares_of_an_area_are_not_the_areas():
    facts = facts_of(
        "增长的主要因素是东方工业园区大项目——中海油东方石化有限责任公司恢复生产，"
        "拉动全市规模以上工业增加值增长13.4个百分点。"
        "安化经开区共签约10个项目，引进益阳市域外资金28.97亿元。",
        published=dt.date(2015, 9, 19),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[13.4][1] == "firm" and "东方石化" in got[13.4][0]
    assert got[28.97] == ("安化经开区", "park")


def test_a_sentence_that_refers_back_to_the_project_is_the_projects():
    facts = facts_of(
        "沙洋县2024年三季度集中开工项目31个，总投资116.3亿元。"
        "其中，主会场法麦克斯三期项目总投资5.2亿元，新建5条微生物肥料生产线。"
        "项目采用“5G+工业互联网”，建成达产后可实现年产值15亿元，税收5000多万元。",
        published=dt.date(2024, 9, 20),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[116.3] == ("沙洋县", "area")
    assert {got[v][1] for v in (5.2, 15, 5000)} == {"firm"} and "法麦克斯" in got[15][0]


def test_a_paragraph_opening_with_parallel_owners_has_no_topic():
    # dev5/g01, real sentences
    facts = facts_of(
        "四川全省高新区上半年实现营业收入13977.46亿元。\n"
        "营业收入中，8个国家高新区实现营业收入7831.36亿元，省级高新区实现营业收入6146.10亿元。"
        "高新技术产业营业收入6994.32亿元，同比增长23.98%。",
        published=dt.date(2021, 8, 31),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[6994.32][1] == "group" and "国家" not in got[6994.32][0]


# sentences below are from dev6's real articles (tests/data/realworld/dev6/SOURCES.md)


def test_a_part_of_the_nation_names_a_group_of_zones():
    # dev6/h01: 东部沿海 and 中西部 are the group's own words, not 沿海 and 西部
    facts = facts_of(
        "据统计，上半年东部沿海33家国家级开发区实现工业总产值6084.6亿元。"
        "值得一提的是，今年中西部16个国家级开发区发展良好，除合同外资金额同比下降38.15%外。",
        published=dt.date(2004, 8, 10),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[6084.6] == ("东部沿海33家国家级开发区", "group")
    assert got[38.15] == ("中西部16个国家级开发区", "group")


def test_a_two_character_county_after_a_date_is_the_county():
    # dev6/h02: the headline's 忠县 follows 2017年 (产业兴县 still names no 兴县)
    facts = facts_of(
        "12月8日，2017年忠县重大招商项目签约仪式在重庆雾都宾馆举行，5个签约项目协议引资77亿元。"
        "加快建设乌杨新区和临港新城两大开放平台。1至10月，已正式签订招商协议150个。",
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[77] == ("忠县", "area") and got[150] == ("忠县", "area")


def test_what_a_project_becomes_in_a_park_is_still_the_projects():
    # dev6/h05: 成为新津工业园区内的“大块头” places the project; its 年产值 stays the project's
    facts = facts_of(
        "8月18日，天威四川硅业有限责任公司的年产3000吨多晶硅项目正在加紧投产前的准备工作。"
        "这个投资27亿元的多晶硅项目将于9月底投产，届时将成为新津工业园区内的“大块头”——"
        "年产值60亿元以上、税收3亿元以上。",
        published=dt.date(2009, 9, 4),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[60][1] == got[3][1] == "firm" and "多晶硅" in got[60][0]


def test_a_clause_after_a_semicolon_naming_no_owner_goes_on_with_the_owner_before():
    # dev6/h08 (the sentence splits at ；): the province's zones, not the province
    facts = facts_of(
        "根据规划，我省将力争用5-10年时间，使全省省级以上开发区总数达到100家左右；"
        "力争到“十二五”末，全省开发区生产总值达到7500亿元，占全省经济总量的27%；"
        "工业增加值达到5300亿元，占全省工业增加值的45%。",
        published=dt.date(2010, 7, 29),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[7500][1] == got[5300][1] == got[45][1] == "group"
    assert got[5300] == got[7500]


def test_a_later_gong_si_is_the_firm_the_paragraph_named():
    # dev6/h07: the firm is named in a sentence without values; 目前，公司… refers back to it
    # (深圳总公司 is its head office, no firm of its own)
    facts = facts_of(
        "该县去年全力推进园区创业大会战，全年签约引进亿元以上项目29个。\n"
        "在攸县高新区返乡创业园湖南省澜科新创电子有限公司车间内，工作人员正加紧组装高端降噪蓝牙耳机，"
        "产品在车间完成组装、质检等程序后发往深圳总公司。目前，公司已开设4条生产线，100余名员工忙碌在生产线上。",
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[4][1] == got[100][1] == "firm" and "澜科新创" in got[4][0]


def test_a_firm_that_opens_the_sentence_owns_its_later_clauses():
    # dev6/h07: the firm is the sentence's subject; 攸县高新区 is where it built, not the owner
    facts = facts_of(
        "去年7月，深圳市澜科新创科技有限公司积极响应湘商回归号召，"
        "投资200余万元在攸县高新区建成一家年产200万套蓝牙耳机的子公司。",
        published=dt.date(2024, 1, 15),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[200][1] == "firm" and "澜科新创" in got[200][0]


def test_zones_of_a_class_and_above_are_the_clauses_areas_group():
    # dev6/h08: 省级以上开发区 is a class of zones; 全省 at the clause's head says whose;
    # 《中国开发区审核公告目录》 is a document's title, no owner
    facts = facts_of(
        "据介绍，截止到目前，全省纳入《中国开发区审核公告目录》的省级以上开发区48家。",
        published=dt.date(2010, 7, 29),
        title="四川省产业园区工作会议召开",
    )
    assert owners(facts) == [(48, "四川省省级以上开发区", "group")]


def test_a_count_after_a_list_of_parks_and_deng_is_the_listed_parks_group():
    # dev6/h08: 等5家 counts the parks listed, not 安县工业园 alone
    facts = facts_of(
        "全省省级以上开发区48家，包括今年新审批的崇州经济开发区、绵竹经济开发区、什邡经济开发区、"
        "成都-阿坝工业园以及安县工业园等5家。",
        published=dt.date(2010, 7, 29),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[5][1] == "group" and got[5][0].startswith("崇州经济开发区、") and got[5][0].endswith("等5家")


def test_a_breakdowns_heading_may_open_the_period_of_its_paragraph():
    # dev6/h04: 分省辖市看，一季度，… frames the paragraph's next sentence too
    facts = facts_of(
        "分省辖市看，一季度，11个省辖市的产业集聚区规模以上工业主营业务收入增速高于全省产业集聚区平均水平，"
        "其中郑州市增长达到74.0%。受钢铁等产业经营困难的影响，安阳市产业集聚区规模以上工业主营业务收入"
        "出现负增长，同比下降1.2%。",
        published=dt.date(2012, 6, 12),
    )
    assert {f.period for f in facts if f.value == 1.2} == {"2012-Q1"}


def test_a_provinces_zones_by_the_lead_and_the_zones_of_counted_or_named_cities():
    # dev6/h04: the title's 豫首季产业集聚区 is no zone's name (首季 is a time); the lead's
    # 我省产业集聚区 says whose; 11个省辖市的产业集聚区 and 安阳市产业集聚区 are cities' zones
    facts = facts_of(
        "6月10日，记者从省统计局获悉，我省产业集聚区规模以上工业主营业务收入保持较快增长。"
        "一季度，全省产业集聚区规模以上工业实现主营业务收入5071.17亿元，同比增长28.6%。\n"
        "分省辖市看，一季度，11个省辖市的产业集聚区规模以上工业主营业务收入增速高于全省产业集聚区平均水平。"
        "受钢铁等产业经营困难的影响，安阳市产业集聚区规模以上工业主营业务收入出现负增长，同比下降1.2%。",
        published=dt.date(2012, 6, 12),
        title="豫首季产业集聚区规模以上工业主营收5071亿元",
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[5071.17] == ("全省产业集聚区", "group")  # 豫 alone names no province
    assert got[11] == ("11个省辖市的产业集聚区", "group")
    assert got[1.2] == ("安阳市产业集聚区", "group")


def test_respectively_after_values_gives_each_change_the_measure_of_its_value():
    # dev6/h06 and h01: 分别增长a和b after two values; 依次增长 after a list of measures
    facts = facts_of(
        "2009年，全区实现生产总值156亿元人民币，实现规模以上工业总产值450亿元人民币，分别增长20%和30.2%。"
        "上半年工业总产值、工业增加值、税收收入等各项指标同比依次增长43.1%、33.9%和35.5%。",
        published=dt.date(2010, 3, 29),
    )
    got = {f.value: f.subject for f in facts}
    assert "生产总值" in got[20] and "工业总产值" in got[30.2]
    assert "工业总产值" in got[43.1] and "工业增加值" in got[33.9] and "税收" in got[35.5]


def test_a_named_project_described_by_the_sentence_or_named_in_the_clause_before():
    # dev5/g06: 天福养老产业项目 ends in a generic word but the sentence is about it (…项目是…);
    # 位于盘陀镇的天福养老产业项目，投资额2.5亿元: the clause before names the project alone
    facts = facts_of(
        "漳浦县2020年第一季度项目集中签约，现场共签约六个项目，总投资7.24亿元。"
        "另外一个项目为社会事业项目，位于盘陀镇的天福养老产业项目，投资额2.5亿元。\n"
        "天福养老产业项目是这次签约中投资量最大的项目，计划投资2.5亿元，将建设养生文化村，"
        "规划用地面积250亩，设计养老床位480张，预计2022年投入使用。",
    )
    got = [(v, e, s) for v, e, s in owners(facts)]
    assert got[0][2] == "area"
    assert all(s == "firm" and "天福养老" in e for v, e, s in got[1:]), got


def test_a_park_kind_inside_a_projects_name_is_no_park():
    # dev5/g07: 汉上云谷数字经济产业园和算力中心项目 is one project; the count is the county's
    facts = facts_of(
        "沙洋县2024年三季度集中开工项目31个，总投资116.3亿元。"
        "华中服装制造产业园项目、乡村振兴全域旅游项目、汉上云谷数字经济产业园和算力中心项目、"
        "新能源电动车整车组装项目等12个项目集中签约，总投资83.9亿元。",
        published=dt.date(2024, 9, 20),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[12] == got[83.9] == ("沙洋县", "area")


def test_an_investment_describing_a_firm_is_the_firms():
    # dev6/h05 and h07: 投资26亿元的中蓝晨光，…等一大批重大产业化项目 (the first of a list of
    # projects); 投资20亿元的全县首家民营上市企业——松井新材料公司 (全县 only describes it)
    facts = facts_of(
        "在新津工业园区内，还汇集了投资26亿元的中蓝晨光，投资超百亿、销售超百亿的中国化工集团“双超百亿”"
        "西部基地等一大批重大产业化项目。\n"
        "攸县大力开展产业链招商，更是大手笔引进了投资20亿元的全县首家民营上市企业——松井新材料公司。",
        published=dt.date(2009, 9, 4),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[26] == ("中蓝晨光", "firm")
    assert got[20][1] == "firm" and "松井" in got[20][0]


def test_parks_past_a_threshold_after_a_semicolon_are_members_of_the_group_in_force():
    # dev4/e08 (the sentence splits at ；): 超千亿元的开发区达20家 counts the province's zones
    facts = facts_of(
        "2017年，全省开发区完成地区生产总值19088亿元，占全省比重为53%；外贸出口1442亿元，占67%；"
        "主营业务收入超千亿元的开发区达20家，超500亿元的46家，超百亿元的161家。",
        published=dt.date(2018, 11, 21),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[20] == got[46] == got[161] == got[19088]
    assert got[20][1] == "group"


def test_two_counted_groups_joined_by_he_stay_two_and_keep_their_counts():
    # dev/r12: 88家省级经济开发区 is a group of its own (its 88 whole, not 8)
    facts = facts_of(
        "全省115家经济开发区中，有27家国家级经济开发区和88家省级经济开发区。",
        published=dt.date(2019, 6, 1),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[27] == ("27家国家级经济开发区", "group")
    assert got[88] == ("88家省级经济开发区", "group")


def test_a_rank_dated_only_by_the_announcement_is_the_evaluations():
    # dev5/g05: 近日 frames the paragraph, but the ranks are of the 2016年度 evaluation
    facts = facts_of(
        "发布时间：2017/12/11 09:35\n"
        "近日，山东省商务厅通报的全省国家级开发区综合发展水平评价结果显示，在2016年度考核评价中，"
        "青岛经济技术开发区在考核评价五大类51项指标中以总分666.71分再居全省国家级开发区首位。"
        "青岛开发区在经济发展、对外开放、创新驱动、功能配套和行政效能等五大类指标中均保持第一位，"
        "其中对外开放指标首次进入第一位。",
    )
    assert {f.period for f in facts if f.unit == "位"} == {"2016"}


def _doc_at(text: str, url: str, title: str | None = None) -> Document:
    doc = make_doc(text)
    meta = SourceMeta(file=doc.name, title=title, url=url)
    return Document(doc.name, doc.path, meta, doc.original, doc.sha256)


def test_a_page_dated_only_by_its_address_dates_its_last_year_and_half_year():
    # dev7/k04 (…/A/201108/366131.asp, no date in the text): 去年以来 runs from 2010, and the
    # 上半年 after it is still the page's own year
    doc = _doc_at(
        "去年以来，洪雅县规划建设了33平方公里的三大产业园区。该举措的出台，带来明显成效。"
        "上半年，新开工千万元以上项目9个，工业入库税金实现1.6亿元，规模以上工业增加值达到10.4亿元，增长26.8%。",
        "http://comelan.com/A/201108/366131.asp",
    )
    facts = extract_facts([normalize(doc)])
    got = {f.value: f.period for f in facts}
    assert got[1.6] == got[10.4] == got[26.8] == "2011-01/2011-06"
    # dev6/h07 (…/daily/202401/…): 去年 is 2023
    doc = _doc_at(
        "去年新开工重点项目30个，竣工23个。", "http://bk.zzlib.net:88/paper/daily/202401/409529.html"
    )
    assert {f.period for f in extract_facts([normalize(doc)])} == {"2023"}


def test_a_count_dated_only_by_the_announcement_is_the_evaluations():
    # dev/r10 (its address dates the page 2023-01-16): the 21 zones took part in the 2022 evaluation
    doc = _doc_at(
        "近日,国家商务部完成了2022年国家级经济技术开发区综合发展水平考核评价工作。"
        "浙江省21家国家级经开区参评,综合排名、实际使用外资排名、对外贸易排名等四张考卷亮“高分”。",
        "https://zjnews.zjol.com.cn/zjnews/202301/t20230116_25310272.shtml",
    )
    got = {f.value: f.period for f in extract_facts([normalize(doc)])}
    assert got[21] == "2022"


def test_a_park_kind_in_a_list_of_projects_is_no_park():
    # dev7/k08: 骏驰零部件产业园 is one of the 9 projects; the text's 园区 is its own park
    facts = facts_of(
        "1—3月份，园区实现工业总产值17.78亿元，完成年任务75亿元的23.7%。"
        "园区2016年承担的汇智医疗、骏驰零部件产业园等9个市、县重点项目总投资26.499亿元。",
        published=dt.date(2016, 4, 30),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[17.78] == ("园区", "park")
    assert "骏驰" not in got[26.499][0]


def test_city_of_a_title_naming_a_prefecture_holds_though_a_county_city_is_named_more():
    # dev7/k07: the title names 绵阳市's parks; 江油市 (a county-level city) is named twice
    facts = facts_of(
        "上半年，全市园区基础设施建设共投入35.23亿元。江油市、安县、盐亭工业园区的标准厂房建设进展顺利。"
        "截止6月底，全市13个产业园区入园企业数达到1280个。在建项目中，江油市56个、安县24个分别排在全市前三位。",
        published=dt.date(2011, 7, 27),
        title="上半年绵阳市产业园区工业增加值总量保持快速增长",
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[35.23] == ("绵阳市工业园区", "group")
    assert got[1280][0].startswith("绵阳市")


def test_a_year_opening_a_clause_of_values_holds_over_the_clauses_after_a_semicolon():
    # dev7/k02: 2011年 opens a clause inside the sentence, and the ；-clauses after it are 2011's
    facts = facts_of(
        "烟台经济技术开发区1984年10月经国务院批准成立,1985年3月动工建设,是全国首批14个国家级开发区之一, "
        "2011年,地方生产总值比上年增长13%,占全市的18.3%;工业总产值增长16.3%,占全市的22.5%;"
        "地方财政收入增长26.7%,占全市的12.5%;外贸出口占全市的54.3%。",
    )
    got = {f.value: f.period for f in facts}
    assert got[13] == got[16.3] == got[12.5] == got[54.3] == "2011"


def test_a_headline_saying_where_a_zone_stands_gives_way_to_the_evaluation_year():
    # dev7/k06 (2021-01-27): 稳居国家级园区第17位 is the 2020 evaluation's rank, and 全年 is 2020
    facts = facts_of(
        "全年规模工业总产值突破2500亿元,长沙经开区稳居国家级园区第17位\n"
        "1月27日,商务部发布2020年国家级经开区综合发展水平考核评价结果。"
        "长沙经开区继续稳居全国218家国家级经开区第17位,为湖南省唯一进入前30强的国家级经开区。",
        published=dt.date(2021, 1, 27),
        title="全年规模工业总产值突破2500亿元,长沙经开区稳居国家级园区第17位",
    )
    assert {f.period for f in facts if f.value in (2500, 17, 218)} == {"2020"}


def test_counted_parks_said_with_da_are_a_group_and_a_projects_first_phase_is_the_projects():
    # dev7/k04: 三大产业园区 is three parks, no park's name; 其首期…两项目 is the firm's project
    facts = facts_of(
        "7月31日,四川弘源钛业有限公司与洪雅县人民政府签约,该公司钛业科技园项目将入驻洪雅机械化工产业园区。"
        "该项目计划固定资产总投资8亿元以上。其首期“年产10万吨氯化法高钛渣”和“钒钛合金铸件生产”两项目,"
        "计划投资4亿元,建设周期6个月,建成后年销售收入7亿元以上,年度税收将超过5000万元。\n"
        "去年以来,为了给企业营造更优质的创业投资环境,洪雅县规划建设了33平方公里的三大产业园区。"
        "上半年,新开工千万元以上项目9个,工业入库税金实现1.6亿元,规模以上工业增加值达到10.4亿元,增长26.8%。",
        published=dt.date(2011, 8, 31),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[4] == got[7] == got[5000] == got[8] == ("四川弘源钛业有限公司", "firm")
    assert got[1.6] == got[10.4] == ("洪雅县", "area")


def test_a_capacity_opening_one_of_a_list_of_projects_is_that_projects_only():
    # dev7/k05: each 年产 is its project's; the count and what the projects yield together are the county's
    facts = facts_of(
        "4月7日下午,禄丰县人民政府举行项目签约仪式,集中签约一季度洽谈成功的禄丰LNG液化工厂建设、"
        "年产3.2万吨机床铸件智能化改扩建和年产1万吨香醋生产线技改搬迁3个项目的投资合作协议。"
        "3个项目涉及新能源、绿色食品加工制造、精密机械加工制造等领域,协议投资总额8.2亿元。"
        "项目建成投产后,预计年上缴税收4580万元,增加就业1000人。",
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[3.2][1] == got[1][1] == "firm" and "机床铸件" in got[3.2][0] and "香醋" in got[1][0]
    assert got[3] == got[8.2] == got[4580] == got[1000] == ("禄丰县", "area")


def test_a_rank_after_a_semicolon_is_the_group_the_clauses_before_are_about():
    # dev/r04: 净增户数全省第三 ranks 上饶市's parks (the group in force), not the county
    facts = facts_of(
        "目前，全市工业园区累计开发面积96.12平方公里，全省第二，同比增长2.07%，全省第三；"
        "投产工业企业数1101户，比去年同期净增97户，净增户数全省第三；从业人员217520人，同比增长2.29%。",
        published=dt.date(2016, 8, 20),
        title="一至七月全市园区主营收入超1500亿元",
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[96.12][1] == "group"
    assert got[217520] == got[96.12] == got[3]


def test_the_end_of_a_five_year_plan_dates_a_target_and_the_clauses_after_its_semicolon():
    # dev6/h08: 力争到“十二五”末 is 2015, for the ；-clause after it too
    facts = facts_of(
        "根据规划,我省将力争用5-10年时间,使全省省级以上开发区总数达到100家左右;"
        "力争到“十二五”末,全省开发区生产总值达到7500亿元,占全省经济总量的27%;"
        "工业增加值达到5300亿元,占全省工业增加值的45%。",
        published=dt.date(2010, 7, 29),
    )
    got = {f.value: f.period for f in facts}
    assert got[7500] == got[27] == got[5300] == got[45] == "2015"
    times = find_times("“十三五”期间，累计完成投资", Reference(None, None))
    assert [t.period for t in times] == ["2016/2020"]


def test_shouji_is_the_first_quarter():
    # dev6/h04 (2012-06-12): the headline 豫首季产业集聚区规模以上工业主营收5071亿元
    facts = facts_of(
        "豫首季产业集聚区规模以上工业主营收5071亿元\n6月10日,记者从省统计局获悉,我省产业集聚区规模以上工业"
        "主营业务收入保持较快增长。",
        published=dt.date(2012, 6, 12),
    )
    assert {f.value: f.period for f in facts}[5071] == "2012-Q1"


def test_a_city_named_alone_among_a_group_of_zones_stands_for_its_zones():
    # dev6/h04: 其中郑州市增长达到74.0% is 郑州市's 产业集聚区, not the city
    facts = facts_of(
        "分省辖市看,一季度,11个省辖市的产业集聚区规模以上工业主营业务收入增速高于全省产业集聚区平均水平,"
        "其中郑州市增长达到74.0%。",
        published=dt.date(2012, 6, 12),
        title="豫首季产业集聚区规模以上工业主营收5071亿元",
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[74] == ("郑州市产业集聚区", "group")


def test_a_park_with_a_name_of_its_own_between_place_and_kind_is_another_park():
    # dev/r10, r12: 宁波杭州湾经开区 is not 宁波经开区, 南京江宁经济技术开发区 not 南京经济开发区
    facts = facts_of(
        "宁波经开区、萧山经开区进位较快,宁波杭州湾经开区首次挺进30强。宁波经开区2022年位列第9,较上一年度提升1位。",
        published=dt.date(2023, 1, 16),
    )
    assert {e for v, e, s in owners(facts) if v in (9, 1)} == {"宁波经开区"}
    facts = facts_of(
        "在全省国家级经济开发区综合考核评价中,南京江宁经济技术开发区和南京经济开发区进入前五,分别位列第三和第四。",
        published=dt.date(2019, 6, 1),
    )
    assert [e for v, e, s in owners(facts)] == ["南京江宁经济技术开发区", "南京经济开发区"]


def test_places_listed_before_a_count_of_one_kind_own_the_values_respectively():
    # dev/r11: 镇江、淮安两家经济技术开发区…分别列22位和29位 (两家 counts the list: no figure)
    facts = facts_of(
        "和2017年国家级经开区综评结果相比,镇江、淮安两家经济技术开发区进步明显,双双跻身全国30强,分别列22位和29位。",
        published=dt.date(2019, 1, 2),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[22] == ("镇江经济技术开发区", "park") and got[29] == ("淮安经济技术开发区", "park")
    assert 2 not in got
    assert all("跻身" not in f.subject for f in facts)


def test_a_firm_named_without_gongsi_before_a_capacity_owns_it_and_the_product_is_the_subject():
    # dev3/d06: 深圳立雅信5万吨致密刚玉…、路发实业25万吨磷酸二铵技改等项目
    facts = facts_of(
        "深圳立雅信5万吨致密刚玉及1万吨蓝刚玉、安达科技新能源材料等项目已建成投产;开磷集团大水工业园三期工程、"
        "双赢集团50万吨生态肥一期工程、路发实业25万吨磷酸二铵技改等项目正在加速推进,园区经济总量不断扩大。",
        published=dt.date(2021, 1, 20),
    )
    got = {f.value: f for f in facts}
    assert (got[5].entity, got[5].scope, got[5].subject) == ("深圳立雅信", "firm", "致密刚玉")
    assert (got[25].entity, got[25].scope, got[25].subject) == ("路发实业", "firm", "磷酸二铵")
    assert got[1].subject == "蓝刚玉" and got[50].subject == "生态肥"


def test_qunian_lai_runs_from_last_year_to_the_page_date():
    # dev5/g02 (2021-02-02): 去年来，…共签约10个项目合作协议 spans 2020 and 2021
    facts = facts_of(
        "记者今天从安化经开区了解到,该区今年1月签约项目4个,总投资5.37亿元。\n"
        "去年来,安化经开区以“建链强链补链”为核心,加大招商引资力度。先后赴福建、浙江、广东等地开展上门招商活动,"
        "共签约10个项目合作协议,引进益阳市域外资金28.97亿元,招商引资金额比上年增长300%。",
        published=dt.date(2021, 2, 2),
    )
    got = {f.value: f.period for f in facts}
    assert got[10] == got[28.97] == "2020/2021-02"


def test_a_counted_groups_name_without_its_count_is_no_subject():
    # dev5/g01: ●营业收入13977.46亿元：8个国家高新区7831.36亿元，省级高新区6146.10亿元
    facts = facts_of(
        "●营业收入13977.46亿元：8个国家高新区7831.36亿元，省级高新区6146.10亿元\n"
        "全省高新区上半年实现营业收入13977.46亿元，同比增长28.09%。",
        published=dt.date(2021, 8, 31),
    )
    got = {f.value: f.subject for f in facts}
    assert "营业收入" in got[7831.36] and "营业收入" in got[6146.1]


def test_a_project_named_with_wei_owns_what_gai_xiangmu_will_yield():
    # dev4/e03: 投产的项目为西华县耕德电子手机研发生产基地,该项目全面建成后,可实现年产值15亿元
    facts = facts_of(
        "投产的项目为西华县耕德电子手机研发生产基地,该项目全面建成后,可实现年产值15亿元,利税1.5亿元,"
        "可提供就业岗位5000至8000人。",
        published=dt.date(2022, 3, 1),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[15] == got[1.5] == ("西华县耕德电子手机研发生产基地", "firm")


def test_a_projects_name_may_hold_latin_letters():
    # dev4/e03: 河南源丰塑胶有限公司年产1000吨puc管项目
    facts = facts_of(
        "分别为年生产10万吨聚氯化铝型材项目;河南源丰塑胶有限公司年产1000吨puc管项目;2022年西华县高标准农田建设项目。",
        published=dt.date(2022, 3, 1),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[1000][1] == "firm" and "puc管" in got[1000][0]


def test_the_citys_counted_zones_own_the_figures_of_the_clause_after():
    # dev7/k01: 我市7个产业集聚区保持平稳发展态势，规模以上工业增加值同比增长10%
    facts = facts_of(
        "昨日从市统计局获悉,前10个月,我市7个产业集聚区保持平稳发展态势,规模以上工业增加值同比增长10%。",
        published=dt.date(2017, 11, 27),
    )
    got = {v: (e, s) for v, e, s in owners(facts)}
    assert got[10] == ("我市7个产业集聚区", "group") and got[7][1] == "group"


def test_an_area_inside_the_noun_after_a_share_is_no_owner():
    # dev5/g04: 国家高新区聚集了近80%的全国重点实验室、70%的国家制造业创新中心 (全国 is part of a noun)
    facts = facts_of(
        "国家高新区聚集了近80%的全国重点实验室、70%的国家制造业创新中心、78%的国家技术创新中心。",
        published=dt.date(2023, 3, 1),
    )
    assert {(e, s) for v, e, s in owners(facts)} == {("国家高新区", "group")}


def test_seats_an_owner_holds_are_seats_of_the_set_named_before():
    # dev4/e05: 2022年园区高质量发展百强中,江苏省占19席 (江苏省 is the owner, not the subject)
    facts = facts_of(
        "按园区所属省份来看,2022年园区高质量发展百强中,江苏省占19席,其后依次为浙江省、广东省。"
        "2022年园区高质量发展百强1-30名中,江苏省占6席,广东省、山东省、浙江省,分别占4席、4席、3席。",
        published=dt.date(2023, 1, 10),
    )
    got = {f.value: f.subject for f in facts}
    assert "百强" in got[19] and "百强" in got[6] and "百强" in got[3]
