"""Headline choice without code (issue 13): briefgen.toml pins, orders and hides KPI
cards and indicators by name; a name the catalog does not know is an error naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.compose import make_brief
from briefgen.config import Config, load_config
from briefgen.errors import ConfigError
from tests import brief_fixture as bf


@pytest.fixture
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")


def cards(**choice) -> list[str]:
    brief = make_brief(Config(park=bf.PARK, **choice), bf.analysis(), charts=())
    kpis = next(b for b in brief.blocks if b.tag == "kpis").children
    return [dict(k.attrs)["name"] for k in kpis]


def h2(**choice) -> list[str]:
    brief = make_brief(Config(park=bf.PARK, **choice), bf.analysis(), charts=())
    out: list[str] = []

    def walk(blocks):
        for b in blocks:
            out.append(b.text)
            walk(b.children)

    walk(brief.blocks)
    return out


def test_default_cards_follow_the_catalog(epoch):
    assert cards()[:2] == ["工业总产值", "全省开发区综合考评排名"]


def test_pin_puts_cards_first_in_the_given_order(epoch):
    pinned = cards(kpi_pin=("全省开发区综合考评排名", "industrial_output"))  # a name or an id
    assert pinned[:2] == ["全省开发区综合考评排名", "工业总产值"]


def test_hide_takes_a_card_away(epoch):
    assert "全省开发区综合考评排名" not in cards(kpi_hide=("全省开发区综合考评排名",))
    assert "全省开发区综合考评排名" not in cards(  # hiding wins over pinning
        kpi_pin=("全省开发区综合考评排名",), kpi_hide=("全省开发区综合考评排名",)
    )


def test_hidden_indicator_leaves_the_brief(epoch):
    text = "\n".join(h2())
    assert "第93位" in text
    text = "\n".join(h2(indicator_hide=("全省开发区综合考评排名",)))
    assert "第93位" not in text and "全省开发区综合考评排名" not in text


def test_order_puts_an_indicator_first_in_its_theme(epoch):
    analysis = bf.analysis()
    from briefgen.compose.choice import Choice, arranged

    ids = [s.indicator.id for s in analysis.series.series]
    last = ids[-1]
    moved = arranged(analysis, Choice(order=(last,)))
    assert [s.indicator.id for s in moved.series.series][0] == last


def test_unknown_name_is_an_error_naming_the_key(epoch):
    with pytest.raises(ConfigError, match=r"'kpi_pin': '工业总产量' is no indicator of the catalog"):
        cards(kpi_pin=("工业总产量",))


def test_briefgen_toml_keys_are_lists_of_names(tmp_path: Path):
    path = tmp_path / "briefgen.toml"
    path.write_text(
        'kpi_pin = ["工业总产值"]\nindicator_hide = ["全省开发区综合考评排名"]\n', encoding="utf-8"
    )
    cfg = load_config(path)
    assert cfg.kpi_pin == ("工业总产值",) and cfg.indicator_hide == ("全省开发区综合考评排名",)
    path.write_text("kpi_hide = [1, 2]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"briefgen.toml: 'kpi_hide' must be a list of indicator names"):
        load_config(path)
