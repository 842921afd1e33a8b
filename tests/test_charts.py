"""Charts: which series get which kind, and the drawings themselves, read back
from a real PDF (text searchable, fonts embedded, no Helvetica, no tofu)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen import charts
from briefgen.errors import MissingGlyphsError
from briefgen.models import Derived, Fact, Indicator, Point, Quantity, Series, SeriesSet, SourceMeta

REPO = Path(__file__).resolve().parent.parent
PDFCHECK = REPO / "tests" / "eval" / "pdfcheck.py"  # a copy of ../shared/eval/pdfcheck.py
DOC_A, DOC_B = "a.txt", "b.txt"
METAS = {
    DOC_A: SourceMeta(file=DOC_A, title="园区高质量发展纪实", publisher="江西日报"),
    DOC_B: SourceMeta(file=DOC_B, title="强工兴产开创新天地"),
}


def point(
    value: float,
    unit: str,
    period: str | None,
    *,
    at: int = 0,
    doc: str = DOC_B,
    qualifier: str | None = None,
    from_: float | None = None,
) -> Point:
    fact = Fact(
        document=doc,
        subject="s",
        value=value,
        unit=unit,
        period=period,
        sentence="句子",
        span=(at, at + 4),
        from_=Quantity(from_, unit) if from_ is not None else None,
    )
    return Point(period=period, value=value, unit=unit, facts=(fact,), qualifier=qualifier)


def series(
    id: str,
    name: str,
    unit: str,
    theme: str,
    points: list[Point],
    *,
    kind: str = "level",
    chart: str = "auto",
    derived: tuple[Derived, ...] = (),
) -> Series:
    return Series(
        Indicator(id=id, name=name, unit=unit, theme=theme, kind=kind, chart=chart), tuple(points), derived
    )


def sample() -> SeriesSet:
    """One series (or group) of every chart kind, shaped like the seeds' numbers."""
    return SeriesSet(
        series=(
            series(
                "revenue",
                "营业收入",
                "亿元",
                "economy",
                [
                    point(62.1, "亿元", "2020"),
                    point(80.5, "亿元", "2021"),
                    point(150.2, "亿元", "2023", doc=DOC_A),
                ],
            ),
            series(
                "output",
                "工业总产值",
                "亿元",
                "economy",
                [point(410, "亿元", None, at=30, from_=224), point(224, "亿元", None, at=20)],
                derived=(Derived("增幅", 83.0, "%", "(410 − 224) ÷ 224 = 83.0%"),),
            ),
            series(
                "zone_rank",
                "开发区综合考评排名",
                "位",
                "rank",
                [
                    point(93, "位", "2019", at=1),
                    point(64, "位", None, at=5),
                    point(34, "位", None, at=9),
                    point(16, "位", "2023", at=14),
                ],
                kind="rank",
            ),
            series(
                "invest_share",
                "工业投资占全市比重",
                "%",
                "investment",
                [point(5.88, "%", "2020"), point(11.09, "%", "2023")],
                kind="share",
            ),
            series(
                "progress",
                "投资完成进度",
                "%",
                "investment",
                [point(51.6, "%", "2022", doc=DOC_A)],
                kind="share",
            ),
            series(
                "prod_rate",
                "项目投产率",
                "%",
                "investment",
                [point(84.05, "%", None, doc=DOC_A)],
                kind="share",
            ),
            series(
                "hitech",
                "高新技术企业",
                "家",
                "innovation",
                [point(40, "家", "2020", at=1), point(115, "家", None, at=4)],
            ),
            series(
                "ip",
                "知识产权",
                "个",
                "innovation",
                [point(46, "个", "2020"), point(130, "个", "2023", qualifier="突破")],
            ),
            series(
                "vat",
                "工业增值税",
                "亿元",
                "economy",
                [point(1.84, "亿元", "2020"), point(4.29, "亿元", "2023")],
                chart="none",
            ),
            series("firms", "规上工业企业", "家", "economy", [point(300, "家", None, qualifier="突破")]),
        ),
        themes=(
            ("economy", "经济运行"),
            ("rank", "考评排名"),
            ("investment", "项目投资"),
            ("innovation", "创新驱动"),
        ),
    )


# ------------------------------------------------------------------ planning (no drawing)


def test_each_shape_gets_its_kind_in_series_order():
    plans = charts.plan_charts(sample())
    assert [(p.kind, p.key) for p in plans] == [
        ("line", "revenue"),
        ("bars", "output"),
        ("rank", "zone_rank"),
        ("slope", "invest_share"),
        ("progress", "progress:investment"),
        ("multiples", "multiples:innovation"),
    ]  # vat is forced "none"; one undated level (firms) is no chart


def test_catalog_can_force_a_kind():
    s = series(
        "x",
        "工业总产值",
        "亿元",
        "t",
        [point(1, "亿元", "2020"), point(2, "亿元", "2021"), point(3, "亿元", "2022")],
        chart="bars",
    )
    assert [p.kind for p in charts.plan_charts(SeriesSet(series=(s,)))] == ["bars"]


def test_a_lone_count_series_is_bars_not_multiples():
    s = series("x", "高新技术企业", "家", "t", [point(40, "家", "2020"), point(115, "家", "2023")])
    (plan,) = charts.plan_charts(SeriesSet(series=(s,)))
    assert (plan.kind, plan.key, plan.width) == ("bars", "x", charts.HALF_WIDTH)


def test_many_counts_split_into_several_multiples_without_a_lone_panel():
    many = [
        series(f"c{i}", f"指标{i}", "个", "t", [point(i, "个", "2020"), point(i + 1, "个", "2023")])
        for i in range(5)
    ]
    plans = charts.plan_charts(SeriesSet(series=tuple(many)))
    assert [len(p.panels) for p in plans] == [3, 2]
    assert [p.key for p in plans] == ["multiples:t-1", "multiples:t-2"]


def test_undated_points_follow_the_text_and_from_links():
    plans = {p.key: p for p in charts.plan_charts(sample())}
    output = plans["output"].panels[0]
    assert [p.value for p in output.points] == [224, 410]  # "从224亿元到410亿元"
    assert output.labels == (charts.BEFORE, charts.NOW)
    rank = plans["zone_rank"].panels[0]
    assert [p.value for p in rank.points] == [93, 64, 34, 16]
    assert rank.labels == ("2019年", "未注明时间", "未注明时间", "2023年")
    assert "未注明时间" in plans["zone_rank"].caption


def test_undated_points_that_contradict_the_dates_leave_the_time_axis():
    s = series(
        "x",
        "营业收入",
        "亿元",
        "t",
        [point(3, "亿元", "2023", at=1), point(2, "亿元", None, at=5), point(1, "亿元", "2020", at=9)],
    )
    (plan,) = charts.plan_charts(SeriesSet(series=(s,)))
    assert [p.period for p in plan.panels[0].points] == ["2020", "2023"]


def _fact(value, period, sentence_index, start, from_=None):
    return Fact(
        document=DOC_B,
        subject="排名",
        value=value,
        unit="位",
        period=period,
        sentence="句",
        span=(start, start + 4),
        kind="rank",
        sentence_index=sentence_index,
        from_=Quantity(from_, "位") if from_ is not None else None,
    )


def test_undated_ranks_go_where_their_sentence_puts_them():
    # as reconcile hands them over: "从第93位…前移至第16位" (sentence 3) and "从2019年的
    # 第93位，到第64位，第34位，再到2023年…第16位" (sentence 29); the change's fact sits
    # on both of its points, and the 16's span lies after the 64's and the 34's
    change_early, change_late = _fact(16, None, 3, 328, from_=93), _fact(16, "2023", 29, 1850, from_=93)
    points = [
        Point("2019", 93, "位", (change_early, change_late)),
        Point("2023", 16, "位", (change_early, change_late)),
        Point(None, 64, "位", (_fact(64, None, 29, 1828),)),
        Point(None, 34, "位", (_fact(34, None, 29, 1833),)),
        Point(None, 7, "位", (_fact(7, None, 40, 2000),)),  # nothing places it: off the axis
    ]
    (plan,) = charts.plan_charts(SeriesSet(series=(series("r", "排名", "位", "t", points, kind="rank"),)))
    assert [p.value for p in plan.panels[0].points] == [93, 64, 34, 16]


def test_a_sources_date_orders_an_undated_value():
    dated_by_source = Point(None, 121, "家", point(121, "家", None).facts, as_of="2022-06-14")
    s = series("x", "支持企业", "家", "t", [point(244, "家", "2023"), dated_by_source], chart="bars")
    (plan,) = charts.plan_charts(SeriesSet(series=(s,)))
    assert [p.value for p in plan.panels[0].points] == [121, 244]
    assert plan.panels[0].labels == (charts.BEFORE, "2023年")


def test_part_year_money_is_not_compared_with_whole_years():
    s = series(
        "x",
        "工业总产值",
        "亿元",
        "t",
        [
            point(99.85, "亿元", "2022-01/2022-04"),
            point(224, "亿元", None, at=1),
            point(410, "亿元", None, at=5, from_=224),
        ],
        chart="line",
    )
    (plan,) = charts.plan_charts(SeriesSet(series=(s,)))
    assert [p.value for p in plan.panels[0].points] == [224, 410]
    assert plan.kind == "bars"  # a catalog "line" of two points is a before/after pair


def test_an_approximate_value_consistent_with_an_exact_one_gets_no_before_after_chart():
    s = series(
        "x",
        "规上工业企业",
        "家",
        "t",
        [point(211, "家", "2022-01/2022-04"), point(200, "家", "2022-01/2022-06", qualifier="余")],
    )
    assert charts.plan_charts(SeriesSet(series=(s,))) == []  # 200余 allows 211: no decline to draw
    beyond = series(
        "x", "规上工业企业", "家", "t", [point(211, "家", "2022"), point(300, "家", "2023", qualifier="突破")]
    )
    assert [p.kind for p in charts.plan_charts(SeriesSet(series=(beyond,)))] == ["bars"]  # 突破300 > 211


def test_the_timeline_is_reconciles_and_keeps_every_point():
    from briefgen.reconcile.timeline import latest_point, order_points, timeline

    start = point(40, "家", "2020", at=1)
    end = point(115, "家", None, at=9, from_=40)  # 由2020年的40家增至115家
    stray = point(7, "家", None, at=50, doc=DOC_A)  # nothing relates it to the others
    assert [p.value for p in order_points([end, stray, start])] == [40, 115, 7]
    assert [p.value for p in timeline([end, stray, start])] == [40, 115]
    assert latest_point([end, stray, start]) is end  # later than 2020; the stray one's time is unknown
    part = point(99.85, "亿元", "2022-01/2022-04")
    before, after = point(224, "亿元", None, at=20), point(410, "亿元", None, at=30, from_=224)
    assert latest_point([part, after, before]) is after  # an as-of total before a part-year flow


def test_change_note_uses_reconciles_derived_value():
    rank = series(
        "r",
        "排名",
        "位",
        "t",
        [point(7, "位", "2020"), point(3, "位", "2023")],
        kind="rank",
        derived=(Derived("名次变化", 4, "位", "7 − 3 = 前移4位", "2020", "2023"),),
    )
    assert charts._change_note(charts.make_panel(rank)) == "前移4位"
    other_pair = series(
        "r",
        "排名",
        "位",
        "t",
        [point(7, "位", "2020"), point(3, "位", "2023")],
        kind="rank",
        derived=(Derived("名次变化", 9, "位", "…", "2019", "2023"),),
    )
    assert charts._change_note(charts.make_panel(other_pair)) is None


@pytest.mark.parametrize(
    "period, label",
    [
        ("2020", "2020年"),
        ("2022-01/2022-04", "2022年1—4月"),
        ("2022-Q1", "2022年第一季度"),  # as the text says it (issue 11)
        ("2020/2023", "2020—2023年"),
        ("2022-06", "2022年6月"),
        ("2021/..", "2021年以来"),
        (None, "未注明时间"),
    ],
)
def test_period_labels(period, label):
    assert charts.period_label(period) == label


def test_caption_spans_first_to_last_period():
    s = series(
        "x",
        "规上工业企业",
        "家",
        "t",
        [point(211, "家", "2022-01/2022-04"), point(200, "家", "2023-01/2023-04")],
    )
    (plan,) = charts.plan_charts(SeriesSet(series=(s,)))
    assert plan.caption == "规上工业企业变化情况（2022年1—4月至2023年1—4月）"


def test_flows_over_different_spans_are_not_drawn_on_one_axis():
    s = series(
        "x",
        "社会消费品零售总额",
        "亿元",
        "t",
        [
            point(80.1, "亿元", "2023-01/2023-09", at=1),
            point(156.8, "亿元", "2023", at=2),
            point(98.45, "亿元", "2024-01/2024-09", at=3),
            point(11.6, "亿元", "2024-09", at=4),
        ],
    )
    (plan,) = charts.plan_charts(SeriesSet(series=(s,)))
    assert [p.period for p in plan.panels[0].points] == ["2023-01/2023-09", "2024-01/2024-09"]
    spans = [point(8.5, "%", "2024-01/2024-09"), point(8.1, "%", "2023"), point(9.3, "%", "2024-Q1")]
    rates = series("g", "规上工业增加值增速", "%", "t", spans, kind="growth")
    assert charts.plan_charts(SeriesSet(series=(rates,))) == []  # three spans: nothing to compare


def test_period_order_puts_a_year_to_date_before_the_full_year():
    assert charts.period_span("2022-01/2022-04") < charts.period_span("2022")
    assert charts.period_span("not a period") is None


@pytest.mark.parametrize(
    "value, qualifier, text",
    [
        (410.0, None, "410"),
        (137.31, None, "137.31"),
        (51.60, None, "51.6"),
        (300, "突破", "突破300"),
        (200, "余", "200余"),
        (10, "以上", "10以上"),
    ],
)
def test_value_labels_keep_the_texts_qualifier(value, qualifier, text):
    assert charts.value_text(point(value, "个", None, qualifier=qualifier)) == text


def test_source_line_names_publishers_and_titles_once():
    points = [
        point(1, "个", None, doc=DOC_A),
        point(2, "个", None, doc=DOC_B),
        point(3, "个", None, doc=DOC_A),
    ]
    assert (
        charts.source_line(points, METAS)
        == "资料来源：江西日报《园区高质量发展纪实》；《强工兴产开创新天地》"
    )
    assert charts.source_line(points[:1], {}) == f"资料来源：{DOC_A}"


# ------------------------------------------------------------------ drawing


def parks_sample() -> SeriesSet:
    """Three parks' 营业收入 and the county's: the county is no park to compare."""

    def owned(entity: str, scope: str, value: float, period: str = "2016-01/2016-07") -> Series:
        return replace(
            series("revenue", "营业收入", "亿元", "economy", [point(value, "亿元", period)]),
            entity=entity,
            scope=scope,
        )

    return SeriesSet(
        series=(
            owned("甲园区", "park", 120.5),
            owned("乙园区", "park", 300),
            owned("丙园区", "park", 80, "2016"),
            owned("某县", "area", 900),
        )
    )


def bulletin_sample() -> SeriesSet:
    """A monthly bulletin's 1—N月 revenue and its 累计增速 over two years (issue 16)."""
    periods = [f"{y}-01" if m == 1 else f"{y}-01/{y}-{m:02d}" for y in (2022, 2023) for m in range(1, 13)]
    levels = [round(20.5 * m * (1.1 if y == 2023 else 1.0), 2) for y in (2022, 2023) for m in range(1, 13)]
    rates = [8.0 + (m % 5) * 0.7 - (y - 2022) * 2 for y in (2022, 2023) for m in range(1, 13)]
    revenue = series(
        "revenue",
        "营业收入",
        "亿元",
        "economy",
        [point(v, "亿元", p) for v, p in zip(levels, periods, strict=True)],
    )
    growth = replace(
        series(
            "revenue_growth",
            "营业收入增速",
            "%",
            "economy",
            [point(v, "%", p) for v, p in zip(rates, periods, strict=True)],
        ),
        indicator=Indicator("revenue_growth", "营业收入增速", "%", "economy", kind="growth", of="revenue"),
    )
    return SeriesSet(series=(revenue, growth), unmapped=(), findings=(), themes=(("economy", "经济运行"),))


@pytest.fixture(scope="module")
def rendered() -> dict[str, charts.Chart]:
    drawn = charts.render_charts(sample(), documents=METAS)
    compared = charts.render_charts(parks_sample(), documents=METAS, park="乙园区")
    bulletins = charts.render_charts(bulletin_sample(), documents=METAS)
    return {c.key: c for c in [*drawn, *compared]} | {f"ytd:{c.key}": c for c in bulletins}


def test_parks_sharing_an_indicator_get_a_comparison_and_only_the_park_its_own_charts():
    plans = charts.plan_charts(parks_sample(), park="乙园区")
    assert [p.kind for p in plans] == ["compare"]
    (plan,) = plans
    assert plan.key == "compare:revenue" and plan.focus == "乙园区"
    assert [p.labels[0] for p in plan.panels] == [
        "甲园区（2016年1—7月）",
        "乙园区（2016年1—7月）",
        "丙园区（2016年）",
    ]
    # the park's own series with a trend gets its theme chart; the county's does not
    others = tuple(s for s in parks_sample().series if s.entity != "乙园区")
    trend = sample().series[0]
    grown = replace(
        parks_sample(),
        series=(
            replace(trend, entity="乙园区", scope="park"),
            replace(trend, entity="某县", scope="area"),
            *others,
        ),
    )
    keys = [p.key for p in charts.plan_charts(grown, park="乙园区")]
    assert keys == ["revenue", "compare:revenue"]


def test_every_kind_is_drawn_with_its_labels(rendered):
    by_kind = {c.kind: c for c in rendered.values()}
    assert set(by_kind) == set(charts.CHART_KINDS)
    expect = {
        "line": {"单位：亿元", "62.1", "150.2", "2020年", "2023年"},
        "bars": {"单位：亿元", "224", "410", "此前", "目前", "增长83.0%"},
        "rank": {"第93位", "第16位", "2019年", "未注明时间"},
        "slope": {"5.88%", "11.09%", "2020年", "2023年"},
        "progress": {"投资完成进度（2022年）", "项目投产率", "51.6%", "84.05%"},
        "multiples": {"高新技术企业（家）", "知识产权（个）", "40", "115", "突破130"},
        "compare": {"甲园区（2016年1—7月）", "乙园区（2016年1—7月）", "300", "120.5", "80", "单位：亿元"},
        "ytd": {"单位：亿元", "累计增速（%）", "2022年", "2023年", "1月", "11月", "246", "270.6", "7.4%"},
    }
    for kind, texts in expect.items():
        assert texts <= set(by_kind[kind].texts), (kind, by_kind[kind].texts)


def test_chart_fields(rendered):
    line, bars = rendered["revenue"], rendered["output"]
    assert (line.title, line.theme) == ("营业收入（亿元）", "economy")
    assert line.caption.startswith("营业收入变化情况（2020—2023年）")
    assert line.source == "资料来源：《强工兴产开创新天地》；江西日报《园区高质量发展纪实》"
    assert line.width == pytest.approx(charts.FULL_WIDTH, abs=1)
    assert bars.width == pytest.approx(charts.HALF_WIDTH, abs=1)
    assert 7 * charts.CM - 1 <= line.height <= 8 * charts.CM
    assert (line.drawing.width, line.drawing.height) == (line.width, line.height)
    assert line.indicators == ("revenue",)
    assert rendered["multiples:innovation"].indicators == ("hitech", "ip")


def test_drawings_use_only_embedded_faces(rendered):
    fonts = charts.chart_fonts()
    for chart in rendered.values():
        names = {s.fontName for s in charts._strings(chart.drawing)}
        assert names and names <= {fonts.regular, fonts.bold}, (chart.key, names)


def test_same_input_same_svg_bytes_across_processes():
    fonts = charts.chart_fonts()
    here = [hashlib.sha256(charts.plan_svg(p, fonts)).hexdigest() for p in charts.plan_charts(sample())]
    again = [hashlib.sha256(charts.plan_svg(p, fonts)).hexdigest() for p in charts.plan_charts(sample())]
    assert here == again
    code = (
        f"import hashlib, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import test_charts as t;"
        "from briefgen import charts; f = charts.chart_fonts();"
        "print(' '.join(hashlib.sha256(charts.plan_svg(p, f)).hexdigest()"
        " for p in charts.plan_charts(t.sample())))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.split() == here


def test_svg_keeps_text_as_text_in_our_family():
    fonts = charts.chart_fonts()
    svg = charts.plan_svg(charts.plan_charts(sample())[2], fonts).decode()
    assert "第16位</text>" in svg and fonts.family in svg
    assert "<dc:date>" not in svg


def _pdf_of(chart_list: list[charts.Chart], path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Spacer

    story = []
    for chart in chart_list:
        story += [chart.drawing, Spacer(1, 12)]
    SimpleDocTemplate(
        str(path), pagesize=A4, invariant=1, initialFontName=charts.chart_fonts().regular
    ).build(story)
    return path


def test_pdf_text_is_searchable_and_fonts_embedded(rendered, tmp_path):
    import pdfplumber
    from pypdf import PdfReader

    pdf = _pdf_of(list(rendered.values()), tmp_path / "charts.pdf")
    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
    for needle in ("单位：亿元", "第16位", "高新技术企业（家）", "项目投产率", "2019年"):
        assert needle in text
    fonts = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
    assert fonts and not any("Helvetica" in f for f in fonts), fonts
    check = subprocess.run(
        [sys.executable, str(PDFCHECK), str(pdf), "--strict"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def _pdfcheck(pdf: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(PDFCHECK), str(pdf), "--json"], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_characters_missing_from_the_sans_face_use_the_fallback(tmp_path):
    import pdfplumber

    fonts = charts.chart_fonts()
    names = ["堃园企业", "喆园企业"]  # 堃 and 喆 are outside GB 2312: only the fallback face has them
    set_ = SeriesSet(
        series=tuple(
            series(f"x{i}", name, "家", "t", [point(1, "家", "2020"), point(2, "家", "2023")])
            for i, name in enumerate(names)
        )
    )
    (chart,) = charts.render_charts(set_)
    by_text = {s.text: s.fontName for s in charts._strings(chart.drawing)}
    assert by_text["堃园企业（家）"] == fonts.fallback
    assert by_text["2020年"] == fonts.regular
    pdf = _pdf_of([chart], tmp_path / "fallback.pdf")
    with pdfplumber.open(pdf) as doc:
        text = doc.pages[0].extract_text()
        drawn = {(c["fontname"], c["text"]) for c in doc.pages[0].chars}
    assert "堃园企业（家）" in text
    report = _pdfcheck(pdf)
    assert report["tofu_drawn"] == 0 and report["not_embedded"] == []
    # only characters drawn in a face count: ReportLab's ToUnicode also lists the
    # ASCII codes of a face that has no ASCII glyphs (the Droid fallback)
    missing = {(f["name"].lstrip("/"), c) for f in report["fonts"] for c in f["missing_glyphs"]}
    assert ("AAAAAA+BriefgenSansSC-Regular", "2") in drawn  # the names below line up
    assert drawn & missing == set()


def test_a_character_no_face_has_is_an_error():
    set_ = SeriesSet(
        series=tuple(
            series(
                f"x{i}", f"\U000f0000园企业{i}", "家", "t", [point(1, "家", "2020"), point(2, "家", "2023")]
            )
            for i in range(2)
        )
    )
    with pytest.raises(MissingGlyphsError, match="U\\+F0000"):
        charts.render_charts(set_)


def test_nothing_to_draw_needs_no_fonts(tmp_path):
    lone = series("x", "规上工业企业", "家", "t", [point(300, "家", None)])
    assert charts.render_charts(SeriesSet(series=(lone,)), fonts_dir=tmp_path / "missing") == []


@pytest.mark.parametrize(
    "text, width, lines",
    [
        ("规上工业企业（家）", 11, ["规上工业企业（家）"]),
        ("省级以上企业技术中心及工程研究中心（家）", 11, ["省级以上企业技术中心及", "工程研究中心（家）"]),
        ("一二三四五六七八九（家）", 10, ["一二三四五六七八九", "（家）"]),  # no "（" ending a line
        ("一二三四五六七八九十）", 10, ["一二三四五六七八九", "十）"]),  # no "）" starting one
    ],
)
def test_panel_titles_wrap_without_breaking_line_rules(text, width, lines):
    assert charts._wrap(text, width).split("\n") == lines


def test_a_decline_is_drawn_below_zero_with_its_sign():
    fact = Fact(
        document=DOC_A,
        subject="利润总额",
        value=4.5,
        unit="%",
        period="2024",
        sentence="下降4.5%",
        span=(0, 4),
        kind="growth",
        normalized_value=-4.5,
        normalized_unit="%",
    )
    falling = Point(period="2024", value=-4.5, unit="%", facts=(fact,))
    s = series(
        "profit_growth",
        "利润总额增速",
        "%",
        "t",
        [point(3.2, "%", "2023"), falling],
        kind="growth",
        chart="bars",
    )
    (chart,) = charts.render_charts(SeriesSet(series=(s,)), documents=METAS)
    assert "-4.5" in chart.texts and "4.5" not in chart.texts
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    charts._bars(fig.add_subplot(), charts.make_panel(s), y_axis=True)
    ax = fig.axes[0]
    assert [round(b.get_height(), 1) for b in ax.patches] == [3.2, -4.5]  # the bar hangs below zero
    assert ax.get_ylim()[0] < -4.5 < 0 < 3.2 < ax.get_ylim()[1]
    plt.close(fig)
