"""Issue 16: a brief stays brief. The multi-period corpora (tests/data/corpora/
make_corpora.py: 24 monthly bulletins, a mixed year, a 96-document archive) built
through the real CLI and read back; merging many sources keeps stated order."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen import charts
from briefgen.cli import app
from briefgen.models import Fact, Indicator, Quantity, SourceMeta
from briefgen.reconcile.points import build_points
from tests.pdf_helpers import overlapping_glyphs, page_texts

CORPORA = Path(__file__).resolve().parent / "data" / "corpora" / "make_corpora.py"


def _maker():
    spec = importlib.util.spec_from_file_location("make_corpora", CORPORA)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpora")
    maker = _maker()
    for name in ("bulletins", "year", "archive"):
        maker.make(out, name)
    return out


def _build(folder: Path, out: Path) -> tuple[dict, bytes]:
    result = CliRunner().invoke(app, ["build", "--sources", str(folder), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    return summary, Path(summary["pdf"]).read_bytes()


@pytest.fixture(scope="module")
def bulletins_brief(corpora, tmp_path_factory) -> tuple[dict, bytes]:
    return _build(corpora / "bulletins", tmp_path_factory.mktemp("out_bulletins"))


def test_the_generator_makes_the_corpora_the_issue_describes(corpora):
    bulletins = sorted(p.name for p in (corpora / "bulletins").glob("*.txt"))
    assert len(bulletins) == 24 and bulletins[0] == "bulletin_2022_01.txt"
    assert len(list((corpora / "archive").glob("*.txt"))) == 96
    assert len(list((corpora / "year").glob("*.txt"))) == 24
    text = (corpora / "bulletins" / "bulletin_2023_08.txt").read_text(encoding="utf-8")
    for words in (
        "1—8月",
        "营业收入",
        "工业总产值",
        "税收",
        "同比增长",
        "固定资产投资",
        "截至8月末",
        "规上工业企业",
    ):
        assert words in text
    # a stated rise stays a rise in every re-publication: its earlier value does not drift
    for doc in (corpora / "archive").glob("*_1_*.txt"):
        assert "由2020年的40家增至" in doc.read_text(encoding="utf-8")


def test_monthly_bulletins_no_text_drawn_over_text(bulletins_brief):
    _summary, data = bulletins_brief
    assert sum(overlapping_glyphs(data)) == 0


def test_monthly_bulletins_get_year_to_date_charts_and_one_credit(bulletins_brief):
    _summary, data = bulletins_brief
    text = "\n".join(page_texts(data))
    assert "工业总产值（亿元，1月至当月累计）" in text
    assert "累计增速（%）" in text
    # 24 bulletin titles of one publisher are credited once, not listed
    assert "安义高新区管委会，2022年1月—2023年12月经济运行情况，共24期" in text
    assert text.count("《安义高新区2022年1—2月经济运行情况》") <= 1  # the appendix may list it once


def test_a_run_of_issues_is_credited_once():
    metas = {
        f"b{m}.txt": SourceMeta(f"b{m}.txt", f"安义高新区2023年1—{m}月经济运行情况", "安义高新区管委会")
        for m in range(2, 6)
    }
    metas["a.txt"] = SourceMeta("a.txt", "园区高质量发展纪实", "江西日报")
    assert charts._credits(list(metas.values())) == [
        "安义高新区管委会，2023年2月—2023年5月经济运行情况，共4期",
        "江西日报《园区高质量发展纪实》",
    ]
    # two issues are two credits: a run starts at three
    two = [m for name, m in metas.items() if name in ("b2.txt", "b3.txt")]
    assert charts._credits(two) == [f"安义高新区管委会《{m.title}》" for m in two]


def _change(doc: str, start: int) -> Fact:
    """从第93位前移至第16位, stated with no year."""
    return Fact(
        doc,
        "排名",
        16,
        "位",
        None,
        "排名从第93位前移至第16位。",
        (start, start + 4),
        kind="rank",
        from_=Quantity(93, "位", None),
    )


def test_re_publications_never_date_the_earlier_value_of_a_change_as_current():
    ind = Indicator("rank", "全省排名", "位", "rank", kind="rank", higher_is_better=False)
    published = {f"d{k}.txt": dt.date(2024, k, 15).isoformat() for k in range(1, 7)}
    points, links, _ = build_points(ind, [_change(doc, 6) for doc in published], published)
    by_value = {p.value: p for p in points}
    assert set(by_value) == {93, 16}
    assert by_value[93].as_of is None  # stated as earlier than the articles, never "as of" them
    assert by_value[16].as_of == "2024-01-15"
    assert [p.value for p in points] == [93, 16]  # 由93位 to 16位: never shown as a fall
    assert links == [(0, 1)]


def _body_pages(data: bytes) -> int:
    """The page on which the back matter (计算说明, the appendix, the sources) opens."""
    from briefgen.budget import BACK_MATTER

    for number, text in enumerate(page_texts(data), 1):
        lines = [line.strip() for line in text.splitlines()]
        if any(line.endswith(BACK_MATTER) and "、" in line[:4] for line in lines):
            return number
    return len(page_texts(data))


def _figures(sentence: str) -> int:
    """Numbers in a sentence that are values (not the year, month or day of a date)."""
    import re

    dates = re.sub(r"\d{4}年|\d{1,2}(?:[—\-~至]\d{1,2})?[月日]", "", sentence)
    return len(re.findall(r"\d+(?:\.\d+)?", dates))


def _paragraphs(folder: Path, out: Path) -> list[str]:
    """The sentences the brief writes itself (paragraphs and list items, not tables,
    cards or the appendix's quotes), through the real stages."""
    from briefgen.compose import make_brief, walk
    from briefgen.config import load_config
    from briefgen.pipeline import analyse

    cfg = load_config(None, sources=folder, out=out)
    brief = make_brief(cfg, analyse(cfg), charts=())
    texts = [b.text for b in walk(brief.blocks) if b.tag in ("p", "li")]
    return [s for t in texts for s in t.split("。") if s.strip()]


@pytest.mark.parametrize("name", ["bulletins", "year", "archive"])
def test_every_corpus_stays_brief(corpora, tmp_path, name):
    summary, data = _build(corpora / name, tmp_path / "out")
    assert _body_pages(data) <= 10, (name, _body_pages(data), summary["pages"])
    assert sum(overlapping_glyphs(data)) == 0
    crowded = [s for s in _paragraphs(corpora / name, tmp_path / "o2") if _figures(s) > 12]
    assert not crowded, crowded[:2]
    # every figure, summarized or not, is in the data file beside the PDF
    pdf = Path(summary["pdf"])
    csv_text = pdf.with_suffix(".csv").read_text(encoding="utf-8-sig")
    assert csv_text.startswith("指标,主体,时期,数值")
    assert csv_text.count("\n") > summary["indicators"]


def test_bulletin_series_are_summarized_not_listed(bulletins_brief):
    summary, data = bulletins_brief
    text = "".join(page_texts(data)).replace("\n", "")
    # the month-end count: ends, how many months rose, the month before the latest
    assert "规上工业企业由2022年1月的" in text and "24期中" in text and "上期（2023年11月）" in text
    # a year-to-date flow: the year against the year before, and 1—11月 as the period before
    assert "工业总产值由2022年1—12月的" in text and "2023年1—11月为" in text
    assert "2022年1—5月为" not in text  # no list of every month
    csv_text = Path(summary["pdf"]).with_suffix(".csv").read_text(encoding="utf-8-sig")
    assert "2022年1—5月" in csv_text  # …which the data file keeps


def test_the_data_file_is_mailed_when_configured(corpora, tmp_path):
    out = tmp_path / "out"
    config = tmp_path / "briefgen.toml"
    config.write_text(
        f'sources = "{corpora / "bulletins"}"\nout = "{out}"\n'
        '[mail]\nsender = "brief@example.com"\nrecipients = ["office@example.com"]\nattach_data = true\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(app, ["build", "--config", str(config)]).exit_code == 0
    result = runner.invoke(app, ["mail", "--config", str(config), "--dry-run"])
    assert result.exit_code == 0, result.output
    import email
    from email import policy

    (eml,) = out.glob("*.eml")
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    parts = {p.get_content_type(): p for p in msg.iter_attachments()}
    assert set(parts) == {"application/pdf", "text/csv"}
    assert parts["text/csv"].get_filename().endswith(".csv")
    assert "规上工业企业" in parts["text/csv"].get_content()


def test_a_smaller_page_budget_makes_a_shorter_body(corpora, tmp_path):
    config = tmp_path / "briefgen.toml"
    config.write_text(f'sources = "{corpora / "year"}"\nout = "{tmp_path / "small"}"\nbody_pages = 5\n')
    result = CliRunner().invoke(app, ["build", "--config", str(config), "--json"])
    assert result.exit_code == 0, result.output
    small = Path(json.loads(result.stdout)["pdf"]).read_bytes()
    _summary, default = _build(corpora / "year", tmp_path / "default")
    assert _body_pages(small) < _body_pages(default)
    assert "篇幅所限" in "".join(page_texts(small))  # the brief says what it left out, and where it is


def test_a_page_budget_below_one_is_a_configuration_error(tmp_path):
    config = tmp_path / "briefgen.toml"
    config.write_text("body_pages = 0\n")
    result = CliRunner().invoke(app, ["build", "--config", str(config)])
    assert result.exit_code == 2
    assert "body_pages" in result.output and "briefgen.toml" in result.output


def test_the_estimate_spares_a_typesetting_only_when_clearly_over():
    from briefgen.budget import Budget, fit_pages
    from briefgen.models import Block

    made: list[int] = []
    typeset: list[int] = []

    def make(budget: Budget):
        made.append(budget.step)
        lines = 36 * (24 >> budget.step)  # a body of 24 pages, halved at each step
        return type("B", (), {"blocks": (Block("p", runs=(("字" * 38 * lines, False),)),)})()

    def render(brief):
        pages = round(len(brief.blocks[0].text) / 38 / 36.4)
        typeset.append(pages)
        return type("R", (), {"pages": pages + 2, "headings": (("九、计算说明与数据提示", pages + 1),)})()

    fit_pages(10, make, render)
    assert made == [0, 1, 2] and len(typeset) == 1  # 24 and 12 pages were clearly over
