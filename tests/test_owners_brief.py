"""Issue 10: the brief says whose number it is. Built through the real CLI from
a few sentences of a real city bulletin on all its parks
(tests/data/realworld/dev/r04_shangrao_parks_jan_jul.txt), read back from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from tests.pdf_helpers import page_texts

DATA = Path(__file__).resolve().parent / "data" / "owners"
NO_PARK_DATA = "所读资料未提供安义高新技术产业园区自身的数据，以下为所在区域及其他园区的数据。"
pytestmark = pytest.mark.slow


def _build(tmp_path_factory, folder: str) -> list[str]:
    out = tmp_path_factory.mktemp(folder)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(out)
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        result = CliRunner().invoke(
            app, ["build", "--sources", str(DATA / folder), "--out", str(out / "out")]
        )
    assert result.exit_code == 0, result.output
    (pdf,) = sorted((out / "out").glob("*_2023-11-14.pdf"))
    return [re.sub(r"\s+", "", t) for t in page_texts(pdf.read_bytes())]


@pytest.fixture(scope="module")
def parks(tmp_path_factory) -> list[str]:
    return _build(tmp_path_factory, "shangrao_parks")


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory) -> list[str]:
    return _build(tmp_path_factory, "other_park")


def _section(text: str, title: str) -> str:
    start = text.index(f"、{title}")
    following = re.search(r"[一二三四五六七八九十]+、", text[start + 1 :])
    return text[start : start + 1 + following.start()] if following else text[start:]


def test_the_configured_parks_figures_are_its_cards_and_the_others_are_compared(parks):
    first, text = parks[0], "".join(parks)
    cards = _section(first, "核心指标")
    assert "第8" in cards  # 广丰经济开发区 … 全省第八位
    # ranked by revenue (325.44亿元，全省第八位), not the province's comprehensive evaluation:
    # the park's own name (…开发区) is no word of the measure
    assert "主营业务收入排名" in cards and "综合考评" not in cards
    for other in ("494.82", "第48", "1524.1", "348", "1500"):  # other parks, the city's parks together
        assert other not in cards, other
    assert NO_PARK_DATA.replace("安义高新技术产业园区", "广丰经济开发区") not in text
    compared = _section(text, "园区比较")
    assert "上饶经济技术开发区2016年1—7月494.82亿元" in compared
    assert "广丰经济开发区2016年1—7月第8位" in compared and "横峰经济开发区2016年1—7月第48位" in compared
    context = _section(text, "区域背景")
    # 全市工业园区, 全市园区 and 上饶市工业园区 are one group: one sentence, one owner
    assert (
        "上饶市工业园区营业收入2016年1—7月1524.1亿元" in context and "并非广丰经济开发区自身的数据" in context
    )
    assert "全市园区" not in context and "全市工业园区" not in context
    themes = text[text.index("、核心指标") : text.index("、区域背景")]
    assert "1524.1" not in themes and "494.82" not in themes


def test_documents_about_other_parks_only_say_so_plainly(elsewhere):
    first, text = elsewhere[0], "".join(elsewhere)
    assert NO_PARK_DATA in first
    assert "<kpi" not in text and not re.search(r"安义高新技术产业园区.{0,4}(494\.82|1524\.1|325\.44)", text)
    cards = _section(first, "核心指标")
    for figure in ("494.82", "1524.1", "第8", "第48"):
        assert figure not in cards, figure
    assert "上饶经济技术开发区" in _section(text, "园区比较")
