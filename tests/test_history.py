"""History of published facts and the 本期更新 (what changed) computed from it."""

from __future__ import annotations

import json

from briefgen import history
from briefgen.models import ChangeItem, Fact, Indicator, Point, Series, SeriesSet


def _series(**indicators) -> SeriesSet:
    """name=[(period, value, unit), ...]"""
    out = []
    for i, (name, points) in enumerate(indicators.items()):
        ind = Indicator(name, name, points[0][2], "t", headline=i + 1)
        out.append(Series(ind, tuple(Point(p, v, u, ()) for p, v, u in points)))
    return SeriesSet(series=tuple(out))


def _record(state, series, data, built="2026-10-01"):
    changes = history.changes_since(state, series, data)
    history.record_build(
        state,
        series,
        built=built,
        data_digest=data,
        pdf=state / "a.pdf",
        latest=None,
        title="简报",
        changes=changes,
    )
    return changes


def test_first_build_has_no_baseline(tmp_path):
    changes = history.changes_since(tmp_path, _series(产值=[("2022", 410, "亿元")]), "d1")
    assert changes.first_build and changes.items == () and changes.since is None


def test_new_and_changed_indicators(tmp_path):
    before = _series(产值=[("2021", 224, "亿元"), ("2022", 410, "亿元")], 项目=[("2022", 54, "个")])
    _record(tmp_path, before, "d1")
    now = _series(
        产值=[("2021", 224, "亿元"), ("2022", 410, "亿元"), ("2023", 450, "亿元")],
        项目=[("2022", 54, "个")],
        税收=[("2023", 12.5, "亿元")],
    )
    changes = history.changes_since(tmp_path, now, "d2")
    assert changes.since == "2026-10-01" and not changes.first_build
    assert changes.items == (
        ChangeItem("产值", "更新", "2023", "450亿元", "410亿元（2022年）"),
        ChangeItem("税收", "新增", "2023", "12.5亿元"),
    )


def test_revised_value_for_the_same_period(tmp_path):
    _record(tmp_path, _series(产值=[("2022", 410, "亿元")]), "d1")
    changes = history.changes_since(tmp_path, _series(产值=[("2022", 412.3, "亿元")]), "d2")
    assert changes.items == (ChangeItem("产值", "更新", "2022", "412.3亿元", "410亿元"),)


def test_rebuild_from_the_same_data_repeats_the_previous_changes(tmp_path):
    _record(tmp_path, _series(产值=[("2022", 410, "亿元")]), "d1", built="2026-10-01")
    second = _series(产值=[("2022", 410, "亿元")], 税收=[("2023", 12, "亿元")])
    first_time = _record(tmp_path, second, "d2", built="2026-11-01")
    again = _record(tmp_path, second, "d2", built="2026-11-02")  # e.g. new template, same articles
    assert again == first_time and [i.indicator for i in again.items] == ["税收"]
    assert len(history.load_history(tmp_path)) == 2  # the rebuild replaced its own record


def test_new_articles_without_new_facts_report_nothing_new(tmp_path):
    series = _series(产值=[("2022", 410, "亿元")])
    _record(tmp_path, series, "d1")
    changes = history.changes_since(tmp_path, series, "d2")
    assert changes.items == () and not changes.first_build


def test_history_is_kept_short(tmp_path):
    for n in range(history.KEEP + 5):
        _record(tmp_path, _series(产值=[("2022", n, "亿元")]), f"d{n}")
    records = history.load_history(tmp_path)
    assert len(records) == history.KEEP and records[-1]["data"] == f"d{history.KEEP + 4}"


def test_damaged_history_is_kept_aside_and_never_read_as_a_first_brief(tmp_path):
    (tmp_path / "history.json").write_text('{"builds": [{"built": "2026-10', encoding="utf-8")
    note = history.set_aside_if_damaged(tmp_path)
    assert note is not None and "history.json: damaged (not JSON" in note and "本期更新" in note
    (kept,) = tmp_path.glob("history.json.damaged-*")
    assert kept.read_text(encoding="utf-8") == '{"builds": [{"built": "2026-10'  # kept, byte for byte
    assert history.load_history(tmp_path) == [] and history.set_aside_if_damaged(tmp_path) is None


def test_history_of_the_wrong_shape_is_damaged_too(tmp_path):
    (tmp_path / "history.json").write_text("[1, 2]", encoding="utf-8")
    assert history.changes_since(tmp_path, _series(产值=[("2022", 410, "亿元")]), "d1") is None
    assert list(tmp_path.glob("history.json.damaged-*"))


def _undated(value: float, unit: str, document: str, sentence: str) -> Point:
    fact = Fact(document, "开发区面积", value, unit, None, sentence, (0, 1))
    return Point(None, value, unit, (fact,), as_of="2022-06-14")


def _area(*points: Point) -> SeriesSet:
    return SeriesSet(series=(Series(Indicator("area", "开发区面积", "平方公里", "t"), points),))


def test_several_undated_points_are_compared_by_the_sentences_that_state_them(tmp_path):
    """Issue 12: undated points were keyed by period (None) and collapsed into one, so an
    unchanged rebuild reported 3平方公里（上期为20）."""
    a = _undated(20, "平方公里", "a.txt", "规划面积20平方公里。")
    b = _undated(3, "平方公里", "b.txt", "建成区3平方公里。")
    c = _undated(8, "平方公里", "a.txt", "已开发8平方公里。")
    _record(tmp_path, _area(a, b, c), "d1")
    # a sentence without figures appended to a source: new data digest, same points
    assert history.changes_since(tmp_path, _area(a, b, c), "d2").items == ()
    assert history.changes_since(tmp_path, _area(c, a, b), "d2").items == ()  # order is no identity
    # the same figure stated by one more article is no change either
    also = Point(None, 3, "平方公里", (*b.facts, *_undated(3, "平方公里", "n.txt", "3平方公里。").facts))
    assert history.changes_since(tmp_path, _area(a, also, c), "d2").items == ()
    # a sentence that now says another value: that point changed, compared with itself
    b2 = _undated(3.5, "平方公里", "b.txt", "建成区3平方公里。")
    assert history.changes_since(tmp_path, _area(a, b2, c), "d2").items == (
        ChangeItem("开发区面积", "更新", None, "3.5平方公里", "3平方公里"),
    )
    # a new undated figure replaces nothing: no "上期为" is claimed
    d = _undated(30, "平方公里", "c.txt", "远期规划30平方公里。")
    assert history.changes_since(tmp_path, _area(a, b, c, d), "d2").items == (
        ChangeItem("开发区面积", "更新", None, "30平方公里", None),
    )


def test_undated_points_of_records_without_keys_match_by_value(tmp_path):
    _record(
        tmp_path, _area(_undated(20, "平方公里", "a.txt", "x"), _undated(3, "平方公里", "b.txt", "y")), "d1"
    )
    data = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))
    for ind in data["builds"][-1]["indicators"]:
        for point in ind["points"]:
            del point["key"]  # as written before points had keys
    (tmp_path / "history.json").write_text(json.dumps(data), encoding="utf-8")
    now = _area(_undated(3, "平方公里", "b.txt", "y"), _undated(20, "平方公里", "a.txt", "x"))
    assert history.changes_since(tmp_path, now, "d2").items == ()


def test_new_indicator_reports_its_current_value_not_the_last_listed(tmp_path):
    # an undated value nothing places sits after the dated one in timeline order,
    # but the current value is the dated 2023 point
    _record(tmp_path, _series(项目=[("2022", 54, "个")]), "d1")
    now = _series(项目=[("2022", 54, "个")], 企业=[("2023", 115, "家"), (None, 40, "家")])
    snap = {i["id"]: i for i in history.snapshot(now)}
    assert history.latest_of(snap["企业"])["text"] == "115家"
    (item,) = history.changes_since(tmp_path, now, "d2").items
    assert (item.indicator, item.status, item.value_text) == ("企业", "新增", "115家")


def _owned(entity: str, scope: str, points) -> Series:
    ind = Indicator("output", "工业总产值", "亿元", "t", headline=1)
    return Series(ind, tuple(Point(p, v, u, ()) for p, v, u in points), entity=entity, scope=scope)


def test_the_parks_value_is_never_compared_with_the_countys(tmp_path):
    """Issue 10: one indicator, two owners: each is compared with its own last value."""
    park = _owned("甲园区", "park", [("2022-01/2022-04", 99.85, "亿元")])
    county = _owned("甲县", "area", [("2023", 410, "亿元")])
    history.record_build(
        tmp_path,
        SeriesSet(series=(park, county)),
        built="2026-10-01",
        data_digest="d1",
        pdf=tmp_path / "a.pdf",
        latest=None,
        title="简报",
        changes=None,
        park="甲园区",
    )
    now = SeriesSet(series=(park, _owned("甲县", "area", [("2023", 412, "亿元")])))
    changes = history.changes_since(tmp_path, now, "d2", park="甲园区")
    assert changes.items == (ChangeItem("甲县工业总产值", "更新", "2023", "412亿元", "410亿元"),)
    # the county's series is no headline of the park's brief (the mail's headline numbers)
    recorded = history.load_history(tmp_path)[-1]["indicators"]
    assert [(i["name"], i["entity"], i["headline"]) for i in recorded] == [
        ("工业总产值", "甲园区", 1),
        ("甲县工业总产值", "甲县", 0),
    ]


def test_two_undated_points_of_one_sentence_stay_apart(tmp_path):
    """由224亿元增至410亿元: one sentence states both values."""
    said = "工业总产值由224亿元增至410亿元。"
    before = _area(_undated(224, "亿元", "a.txt", said), _undated(410, "亿元", "a.txt", said))
    _record(tmp_path, before, "d1")
    assert history.changes_since(tmp_path, before, "d2").items == ()
    edited = _area(_undated(224, "亿元", "a.txt", said), _undated(415, "亿元", "a.txt", said))
    assert history.changes_since(tmp_path, edited, "d2").items == (
        ChangeItem("开发区面积", "更新", None, "415亿元", "410亿元"),
    )
