"""One wording for every number and period (briefgen.wording), and the places
that used to say it their own way: the brief, `series`, charts, 本期更新, mail."""

from __future__ import annotations

import pytest

from briefgen import charts, compose, history, mail, wording
from briefgen.models import Indicator, Point, Series, SeriesSet
from briefgen.reconcile import output, periods
from briefgen.wording import Period, Stretch


@pytest.mark.parametrize(
    "text, label",
    [
        ("2023", "2023年"),
        ("2020/2023", "2020—2023年"),
        ("2022-01/2022-04", "2022年1—4月"),
        ("2022-09", "2022年9月"),
        ("2022-Q1", "2022年第一季度"),
        ("2022-H1", "2022年上半年"),
        ("2022-H2", "2022年下半年"),
        ("2021/..", "2021年以来"),
        ("2022-06/..", "2022年6月以来"),
        ("../2023", "截至2023年"),
        ("2021-11/2022-02", "2021年11月—2022年2月"),
        ("2020/2022-06", "2020—2022年6月"),
        ("2022-Q1/2022-Q3", "2022年第一季度—2022年第三季度"),
    ],
)
def test_a_period_is_labelled_once(text, label):
    period = Period.parse(text)
    assert period is not None and period.label == label
    assert wording.period_text(text) == label


@pytest.mark.parametrize("text", [None, "", "上半年", "2022-13", "2023/2020", "../.."])
def test_an_unreadable_period_is_not_guessed(text):
    assert Period.parse(text) is None
    assert wording.period_text(text) == (text or "")


def test_a_period_knows_its_months():
    p = Period.parse("2022-Q2/2022-H2")
    assert p is not None and p.start == Stretch(2022, "quarter", 2) and p.end == Stretch(2022, "half", 2)
    assert (p.start.first_month % 12, p.end.last_month % 12) == (3, 11)
    assert periods.parse("2022-Q2/2022-H2") == periods.Span(2022 * 12 + 3, 2022 * 12 + 11)
    assert periods.parse("2021/..") == periods.Span(2021 * 12, 2021 * 12 + 11)


@pytest.mark.parametrize(
    "value, unit, qualifier, text",
    [
        (410.0, "亿元", None, "410亿元"),
        (410.0, "亿元", "余", "410余亿元"),
        (200, "家", "多", "200多家"),
        (400.0, "亿元", "突破", "突破400亿元"),
        (100, "人", "不足", "不足100人"),
        (83.04, "%", None, "83.04%"),
        (100.0, "家", "以上", "100家以上"),
        (3.5, "%", "以下", "3.5%以下"),
        (6, "%", "左右", "6%左右"),
        (1e10, "元", None, "10000000000元"),
    ],
)
def test_a_value_keeps_its_qualifier_where_chinese_puts_it(value, unit, qualifier, text):
    assert wording.value_text(value, unit, qualifier) == text


def test_a_rank_is_said_as_a_place():
    assert wording.value_text(3, "位", None, rank=True) == "第3位"


# ---- every place says "3.5%以下" (issue 11: 以下3.5% in the brief, 3.5% in 本期更新)

RATE = Point("2023", 3.5, "%", (), qualifier="以下")


def test_the_brief_keeps_a_qualifier_after_the_number():
    assert compose.value_text(3.5, "%", "以下") == "3.5%以下"


def test_series_keeps_a_qualifier_after_the_number():
    assert output.with_qualifier(3.5, "%", "以下") == "3.5%以下"


def test_chart_labels_keep_a_qualifier_where_the_text_has_it():
    assert charts.value_text(RATE, with_unit="%") == "3.5%以下"
    assert charts.value_text(Point("2023", 100, "人", (), qualifier="不足")) == "不足100"


def _set(*points: Point) -> SeriesSet:
    ind = Indicator("unemployment", "城镇调查失业率", "%", "t", headline=1)
    return SeriesSet(series=(Series(ind, points),))


def test_history_keeps_a_qualifier_after_the_number():
    (record,) = history.snapshot(_set(RATE))
    assert record["points"][0]["text"] == "3.5%以下"


def test_history_labels_the_previous_period_as_the_text_does(tmp_path):
    before = _set(Point("2022-H1", 3.8, "%", ()))
    history.record_build(
        tmp_path,
        before,
        built="2026-10-01",
        data_digest="d1",
        pdf=tmp_path / "a.pdf",
        latest=None,
        title="简报",
        changes=None,
    )
    (item,) = history.changes_since(tmp_path, _set(RATE), "d2").items
    assert item.previous_text == "3.8%（2022年上半年）"


def test_mail_headlines_never_print_a_raw_period():
    record = history.snapshot(_set(Point("2021/..", 2147, "亩", ())))
    assert mail.headlines(record) == [{"name": "城镇调查失业率", "value": "2147亩", "period": "2021年以来"}]


@pytest.mark.parametrize(
    "value, places, fixed, text",
    [(410.0, 4, False, "410"), (11.094, 6, False, "11.094"), (83.04, 1, True, "83.0"), (1.5, 2, True, "1.50")]
    + [(-0.0, 4, False, "0"), (-1e-9, 6, False, "0"), (-0.01, 1, True, "0.0"), (-3.25, 4, False, "-3.25")],
)
def test_one_number_formatter_never_says_minus_zero(value, places, fixed, text):
    assert wording.number_text(value, places, fixed=fixed) == text


def test_formulas_and_the_catalog_word_numbers_through_wording():
    from briefgen.catalog import number_positions
    from briefgen.reconcile.values import fmt

    assert fmt(410.0) == "410" and fmt(-0.001, 1) == "0.0" and fmt(187.5, 1) == "187.5"
    assert number_positions("由224亿元增至410亿元", 410.0) == [8]
    assert compose.fmt_num(83.0, 1) == "83.0"


def test_one_qualifier_vocabulary():
    from briefgen.extract import quantities
    from briefgen.reconcile import values

    assert quantities.PREFIX_QUALIFIERS is wording.PREFIX_QUALIFIERS
    assert values.AT_LEAST is wording.AT_LEAST and wording.AFTER_NUMBER is wording.SOME_MORE
    # every word the reader keeps has a meaning for reconcile
    kept = {wording.SPEC_QUALIFIER.get(q, q) for q in wording.PREFIX_QUALIFIERS}
    meaning = wording.AT_LEAST | wording.SOME_MORE | wording.NEARLY | wording.ABOUT | wording.AT_MOST
    assert kept - meaning == {"多达"}  # 多达 stresses a number, it does not bound it
