"""`briefgen build` end to end on the seeds, through the real CLI and every real
stage, the PDF read back with pypdf/pdfplumber."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefgen.cli import app
from tests.pdf_helpers import assert_clean, outline, page_texts, pdfcheck_strict

REPO = Path(__file__).resolve().parent.parent
PARK = "安义高新技术产业园区"
runner = CliRunner()
pytestmark = pytest.mark.slow


def build(out: Path, *extra: str):
    result = runner.invoke(app, ["build", "--config", str(REPO / "briefgen.toml"), "--sources",
                                 str(REPO / "seeds"), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    pdfs = sorted(p for p in out.glob("*.pdf") if re.search(r"_\d{4}-\d{2}-\d{2}\.pdf$", p.name))
    assert len(pdfs) == 1, list(out.iterdir())
    return result, pdfs[0]


@pytest.fixture(scope="module")
def seeds_brief(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        out = tmp_path_factory.mktemp("out")
        result, pdf = build(out)
        return result, pdf


def test_build_writes_a_clean_brief(seeds_brief):
    result, pdf = seeds_brief
    data = pdf.read_bytes()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert f"({pages} pages" in result.output
    assert pdf.name == f"{PARK}发展简报_2023-11-14.pdf"
    assert_clean(data)
    assert len(data) <= 1.5 * 1024 * 1024


def test_brief_has_the_park_and_numbers_from_both_articles(seeds_brief):
    _, pdf = seeds_brief
    text = "".join(page_texts(pdf.read_bytes())).replace("\n", "")
    assert f"《{PARK}发展简报》" in text
    # 000 (traditional, 人民网 / 江西日报, 2022): projects and planned investment in June 2022
    assert "54个" in text and "137.31亿元" in text
    # 001 (simplified, 管委会): industrial output 410亿元 and the rank moving up to 16th
    assert "410亿元" in text and "第16位" in text
    assert "人民网 / 江西日报" in text and "2022年6月14日" in text  # 资料来源


def test_outline_and_metadata(seeds_brief):
    _, pdf = seeds_brief
    data = pdf.read_bytes()
    titles = outline(data)
    assert "核心指标" in titles[0] or "核心指标" in titles[1]
    assert any(t.endswith("资料来源") for t in titles)
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata["/Title"] == f"{PARK}发展简报"
    assert reader.metadata["/Creator"].startswith("briefgen ")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_team_pdfcheck_strict_passes(seeds_brief):
    _, pdf = seeds_brief
    checked = pdfcheck_strict(pdf)
    if checked is None:
        pytest.skip("../shared/eval/pdfcheck.py is not on this machine (assert_clean covers the same rules)")
    assert checked.returncode == 0, checked.stdout


def test_same_sources_and_epoch_give_identical_bytes(seeds_brief, tmp_path, monkeypatch):
    _, first = seeds_brief
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _, second = build(tmp_path / "again")
    assert second.read_bytes() == first.read_bytes()


def test_template_option_uses_another_template(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    template = tmp_path / "short.xml.j2"
    template.write_text("<brief><title>{{ park }}一页纸</title>\n<p>共{{ source_count }}篇资料，"
                        "{{ series|length }}项指标。</p></brief>\n", encoding="utf-8")
    _, pdf = build(tmp_path / "out", "--template", str(template))
    text = "".join(page_texts(pdf.read_bytes()))
    assert f"{PARK}一页纸" in text and "共2篇资料" in text


def test_template_typo_is_one_error_line_naming_file_and_line(tmp_path):
    template = tmp_path / "bad.xml.j2"
    template.write_text("<brief>\n<title>{{ prak }}</title>\n</brief>\n", encoding="utf-8")
    result = runner.invoke(app, ["build", "--config", str(REPO / "briefgen.toml"), "--sources",
                                 str(REPO / "seeds"), "--out", str(tmp_path / "out"), "--template", str(template)])
    assert result.exit_code == 4
    assert re.search(rf"^Error: {re.escape(str(template))}: line 2: .*prak", result.output, re.M), result.output
    assert not list((tmp_path / "out").glob("*.pdf")) if (tmp_path / "out").exists() else True
