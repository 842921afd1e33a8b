"""The 简报 layout (issue 14) end to end: `briefgen build` with style = "jianbao"
through the real CLI and every real stage, the PDF read back with pdfplumber
and pypdf: 报头, 期号, typography, page numbers, 报尾, golden text of the first
and the last page, the team's pdfcheck --strict, size and determinism."""

from __future__ import annotations

import difflib
import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefgen.cli import app
from tests.pdf_helpers import assert_clean, fonts, overlapping_glyphs, pdfcheck_strict

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
EPOCH = "1700000000"  # 2023-11-14
runner = CliRunner()
pytestmark = pytest.mark.slow

CONFIG = """\
sources = "{sources}"
out = "out"
style = "jianbao"

[jianbao]
name = "安义高新区工作简报"
issuer = "安义高新区管委会办公室"
marking = "内部资料 注意保存"
show_total = true
issues_before = 12
report_to = "县委办公室，县政府办公室"
send_to = "县发改委，县工信局，县统计局"
issue_to = "园区各部门，各入园企业"
copies = 60
"""


def project(root: Path, sources: Path = REPO / "seeds", **jianbao: object) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    text = CONFIG.format(sources=sources.as_posix())
    for key, value in jianbao.items():
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
    (root / "briefgen.toml").write_text(text, encoding="utf-8")
    return root / "briefgen.toml"


def build(config: Path, *extra: str) -> Path:
    result = runner.invoke(app, ["build", "--config", str(config), *extra])
    assert result.exit_code == 0, result.output
    latest = [
        p for p in (config.parent / "out").glob("*.pdf") if not re.search(r"_\d{4}-\d{2}-\d{2}\.pdf$", p.name)
    ]
    assert len(latest) == 1
    return latest[0]


def pages_text(data: bytes) -> list[str]:
    """Each page's text as pdfplumber extracts it, runs of spaces folded."""
    import pdfplumber

    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            lines = (
                re.sub(r"[ \t\u00a0]+", " ", line).strip()
                for line in (page.extract_text() or "").splitlines()
            )
            out.append("\n".join(line for line in lines if line) + "\n")
    return out


@pytest.fixture(scope="module")
def brief(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return build(project(tmp_path_factory.mktemp("jianbao")))


@pytest.mark.parametrize("which", ["first", "last"])
def test_first_and_last_page_match_the_golden_text(brief: Path, which: str, update_golden: bool) -> None:
    pages = pages_text(brief.read_bytes())
    text = pages[0] if which == "first" else pages[-1]
    golden = GOLDEN / f"jianbao_{which}_page.txt"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden text yet: run pytest {__file__} --update-golden"
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(True), text.splitlines(True), "golden", "rendered", n=1
        )
        pytest.fail(
            f"the {which} page changed: review the diff, then run pytest --update-golden\n" + "".join(diff)
        )


def test_the_masthead_is_red_over_a_thick_red_rule_with_issue_issuer_and_date(brief: Path) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(brief.read_bytes())) as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        name = [c for c in page.chars if c["text"] in "安义高新区工作简报" and c["size"] > 30]
        assert "".join(c["text"] for c in name) == "安义高新区工作简报"
        assert all(tuple(round(v, 2) for v in c["non_stroking_color"]) == (0.84, 0.0, 0.06) for c in name)
        middle = sum(c["x0"] + c["x1"] for c in name) / (2 * len(name))
        assert middle == pytest.approx(page.width / 2, abs=2)  # centred
        lines = text.splitlines()
        assert lines[0] == "内部资料 注意保存"  # the marking, top left
        assert "第1期（总第13期）" in lines  # 12 issues before briefgen
        assert "安义高新区管委会办公室 2023年11月14日" in lines  # issuer left, date right, Arabic figures
        red = [
            line
            for line in page.lines + page.rects
            if tuple(round(v, 2) for v in (line.get("stroking_color") or ())) == (0.84, 0.0, 0.06)
        ]
        assert red and max(line.get("linewidth", 0) for line in red) >= 2  # the thick red rule
        rule_y = red[0]["top"]
        issuer = next(c for c in page.chars if c["text"] == "管")
        title = next(c for c in page.chars if c["size"] == 22)
        assert issuer["bottom"] < rule_y < title["top"]  # between the 报头 and the body


def test_type_after_gbt_9704(brief: Path) -> None:
    """Title in the heavy serif, 一、 headings in 黑体, （一） in 楷体, body in the serif
    with two characters of first-line indent."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(brief.read_bytes())) as pdf:
        page = pdf.pages[0]
        lines = {}
        for c in page.chars:
            lines.setdefault(round(c["top"]), []).append(c)
        by_text = {"".join(c["text"] for c in cs): cs for cs in lines.values()}

        def font_of(prefix: str) -> str:
            line = next(cs for text, cs in by_text.items() if text.startswith(prefix))
            return line[-1]["fontname"].split("+")[-1]

        assert font_of("安义高新技术产业园区主要指标情况") == "BriefgenSerifSC-Bold"
        assert font_of("一、") == "BriefgenSansSC-Regular"
        assert font_of("（一）") == "BriefgenKaiSC-Regular"
        body = next(cs for text, cs in by_text.items() if text.startswith("本期依据"))
        assert body[0]["fontname"].endswith("BriefgenSerifSC-Regular") and body[0]["size"] == 14
        left = min(c["x0"] for c in page.chars if c["size"] == 14 and c["top"] > body[0]["top"] - 1)
        assert body[0]["x0"] - left == pytest.approx(28, abs=0.5)  # 2 characters of 14 pt


def test_page_numbers_sit_at_the_outer_edge(brief: Path) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(brief.read_bytes())) as pdf:
        assert len(pdf.pages) >= 2
        for number, page in enumerate(pdf.pages, 1):
            footer = [c for c in page.chars if c["top"] > page.height - 60]
            assert "".join(c["text"] for c in footer).replace(" ", "") == f"—{number}—"
            x = sum(c["x0"] for c in footer) / len(footer)
            assert (x > page.width * 0.75) if number % 2 else (x < page.width * 0.25)


def test_the_colophon_ends_the_last_page(brief: Path) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(brief.read_bytes())) as pdf:
        page = pdf.pages[-1]
        text = page.extract_text()
        for line in (
            "报：县委办公室，县政府办公室",
            "送：县发改委，县工信局，县统计局",
            "发：园区各部门，各入园企业",
            "（共印60份）",
        ):
            assert line in text
        copies = next(w for w in page.extract_words() if "共印" in w["text"])
        assert copies["bottom"] > page.height - 130  # at the foot of the page, above the page number
        assert "报：县委" not in "".join(p.extract_text() for p in pdf.pages[:-1])


def test_an_unset_colophon_is_left_out(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    config = project(tmp_path, report_to='""', send_to='""', issue_to='""', copies=0, marking='""')
    text = "".join(pages_text(build(config).read_bytes()))
    assert "报：县委" not in text and "共印" not in text and "内部资料" not in text


def test_clean_small_and_deterministic(brief: Path, tmp_path: Path, monkeypatch) -> None:
    data = brief.read_bytes()
    assert_clean(data)
    assert len(data) <= 1.5 * 1024 * 1024
    assert any("BriefgenKaiSC" in name for name in fonts(data))
    assert overlapping_glyphs(data) == [0] * len(PdfReader(io.BytesIO(data)).pages)
    check = pdfcheck_strict(brief)
    if check is not None:
        assert check.returncode == 0, check.stdout + check.stderr
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = build(project(tmp_path / "again"))
    assert again.read_bytes() == data


def test_the_standard_layout_stays_the_default(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    config = project(tmp_path)
    config.write_text(config.read_text(encoding="utf-8").replace('style = "jianbao"\n', ""), encoding="utf-8")
    first = pages_text(build(config).read_bytes())[0]
    assert "安义高新区工作简报" not in first and "《安义高新技术产业园区发展简报》" in first


def test_a_wrong_style_is_one_clear_error(tmp_path: Path) -> None:
    config = project(tmp_path)
    config.write_text(config.read_text(encoding="utf-8").replace('"jianbao"', '"fancy"', 1), encoding="utf-8")
    result = runner.invoke(app, ["build", "--config", str(config)])
    assert result.exit_code == 2
    assert str(config) in result.output and "'style' must be one of standard, jianbao" in result.output


# ------------------------------------------------------------------ 期号


def _issue_line(pdf: Path) -> str:
    return next(
        line for line in pages_text(pdf.read_bytes())[0].splitlines() if line.startswith(("第", "增刊"))
    )


def test_the_issue_number_advances_on_a_changed_build_and_not_on_an_unchanged_one(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    config = project(tmp_path / "p", sources=seeds)
    assert _issue_line(build(config)) == "第1期（总第13期）"
    assert _issue_line(build(config)) == "第1期（总第13期）"  # the same data again: the same issue
    article = next(p for p in sorted(seeds.glob("*.txt")))
    with article.open("a", encoding="utf-8") as f:
        f.write("\n2023年，园区新增规模以上工业企业12家。\n")
    assert _issue_line(build(config)) == "第2期（总第14期）"  # new data: the next issue
    assert _issue_line(build(config)) == "第2期（总第14期）"
    with article.open("a", encoding="utf-8") as f:
        f.write("\n2023年，园区新增高新技术企业8家。\n")
    assert _issue_line(build(config, "--issue", "7")) == "第7期（总第15期）"  # --issue overrides
    with article.open("a", encoding="utf-8") as f:
        f.write("\n2023年，园区新增专精特新企业3家。\n")
    assert _issue_line(build(config)) == "第8期（总第16期）"  # and the next follows it


def test_briefgen_init_documents_style_and_the_jianbao_table() -> None:
    import tomllib

    from briefgen.config import _JIANBAO
    from briefgen.init_config import config_text

    text = config_text()
    assert "style =" in text.split("[mail]")[0]
    part = text.split("[jianbao]", 1)[1]
    assert [k for k in _JIANBAO if f"{k} =" not in part] == []
    uncommented = "\n".join(ln[2:] if ln.startswith("# ") and " = " in ln else ln for ln in text.splitlines())
    assert set(tomllib.loads(uncommented)["jianbao"]) == set(_JIANBAO)
