"""`briefgen build` end to end on the seeds, through the real CLI and every real
stage, the PDF read back with pypdf/pdfplumber."""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefgen.cli import app
from tests.pdf_helpers import assert_clean, outline, page_texts, pdfcheck_strict

REPO = Path(__file__).resolve().parent.parent
GOLDEN_TEXT = REPO / "tests" / "golden" / "brief_seeds.txt"
PARK = "安义高新技术产业园区"
runner = CliRunner()
pytestmark = pytest.mark.slow


def invoke_build(out: Path, *extra: str):
    """`briefgen build` of the seeds with the repository's config into ``out``."""
    return runner.invoke(
        app,
        [
            "build",
            "--config",
            str(REPO / "briefgen.toml"),
            "--sources",
            str(REPO / "seeds"),
            "--out",
            str(out),
            *extra,
        ],
    )


def build(out: Path, *extra: str):
    result = invoke_build(out, *extra)
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


def test_kpi_cards_are_the_parks_own_figures_and_the_countys_are_named(seeds_brief):
    """Issue 10: 全县工业总产值从224亿元到410亿元 is 安义县's, not the park's; the park's
    工业总产值 is 1至4月99.85亿元. The county's figures are in 区域背景, named."""
    _, pdf = seeds_brief
    pages = page_texts(pdf.read_bytes())
    first = pages[0].replace("\n", " ")
    cards = first[first.index("主要指标如下") : first.index("三、")]
    assert "99.85" in cards and "100.03" in cards and "第16" in cards  # the park's
    for county in ("410", "115", "89", "11.09", "224", "244", "11.94"):
        assert county not in cards, county
    text = "".join(pages).replace("\n", "")
    context = text[text.index("、区域背景") : text.index("、计算说明与数据提示")]
    assert "并非安义高新技术产业园区自身的数据" in context
    assert "安义县工业总产值由224亿元增至410亿元" in context
    assert "安义县国家高新技术企业由2020年的40家增至115家" in context
    assert "安义县财园信贷通支持企业244家" in context
    assert "安义县工业总产值" not in text[: text.index("、区域背景")]
    assert "211家降至" not in text and "降至2022年1—6月的200余家" not in text  # 200余 is no decline from 211


def _brief_text(data: bytes) -> str:
    """The brief's text page by page as pdfplumber extracts it; runs of spaces
    and blank lines (extraction noise, not content) are folded."""
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            text = page.extract_text() or ""
            lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
            pages.append(f"=== 第{number}页 ===\n" + "\n".join(line for line in lines if line))
    return "\n".join(pages) + "\n"


def test_rendered_text_matches_the_golden_file(seeds_brief, update_golden):
    _, pdf = seeds_brief
    text = _brief_text(pdf.read_bytes())
    if update_golden:
        GOLDEN_TEXT.write_text(text, encoding="utf-8")
    assert GOLDEN_TEXT.exists(), "no golden text yet: run pytest tests/test_build_cli.py --update-golden"
    golden = GOLDEN_TEXT.read_text(encoding="utf-8")
    if text != golden:
        diff = difflib.unified_diff(golden.splitlines(True), text.splitlines(True), "golden", "rendered", n=1)
        pytest.fail(
            "the brief's text changed: review the diff, then run pytest --update-golden\n"
            + "".join(diff)[:6000]
        )


def test_no_page_but_the_last_is_left_a_third_empty(seeds_brief):
    import pdfplumber

    _, pdf = seeds_brief
    top, bottom = 24 * 72 / 25.4, 842 - 22 * 72 / 25.4  # the text frame (briefgen.pdf margins)
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as doc:
        for number, page in enumerate(doc.pages[:-1], 1):
            drawn = [
                o["bottom"]
                for o in (*page.chars, *page.rects, *page.lines, *page.curves)
                if top - 5 < o["top"] < bottom
            ]
            empty = (bottom - max(drawn)) / (bottom - top)
            assert empty < 1 / 3, f"page {number} is {empty:.0%} empty at the bottom"


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
    template.write_text(
        "<brief><title>{{ park }}一页纸</title>\n<p>共{{ source_count }}篇资料，"
        "{{ series|length }}项指标。</p></brief>\n",
        encoding="utf-8",
    )
    _, pdf = build(tmp_path / "out", "--template", str(template))
    text = "".join(page_texts(pdf.read_bytes()))
    assert f"{PARK}一页纸" in text and "共2篇资料" in text


def test_template_typo_is_one_error_line_naming_file_and_line(tmp_path):
    template = tmp_path / "bad.xml.j2"
    template.write_text("<brief>\n<title>{{ prak }}</title>\n</brief>\n", encoding="utf-8")
    result = invoke_build(tmp_path / "out", "--template", str(template))
    assert result.exit_code == 4
    said = re.search(rf"^Error: {re.escape(str(template))}: line 2: .*prak", result.output, re.M)
    assert said, result.output
    assert not list((tmp_path / "out").glob("*.pdf")) if (tmp_path / "out").exists() else True
