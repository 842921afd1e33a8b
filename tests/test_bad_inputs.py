"""Issue 7: bad input through the real CLI. Every case gives one clear line
naming the file and the problem, the documented exit code, no traceback, and
never costs the previous brief.

tests/data/bad/<case>/ holds one nasty case: ``sources/`` (the folder given to
the command), optionally ``briefgen.toml``, and ``expect.toml``::

    exit_code = 3
    error = ["damaged.txt", "byte offset 300"]    # fragments of the one Error: line
    warning = ["empty.txt", "empty file"]          # or: fragments of one Warning: line
    sources = "nowhere"                            # optional: another sources path

Adding a folder adds a test. Binary fixtures are made by tests/data/make_fixtures.py.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

BAD = Path(__file__).resolve().parent / "data" / "bad"
CASES = sorted(p.parent for p in BAD.glob("*/expect.toml"))
GOOD = "2023年，园区实现营业收入410亿元，同比增长12.5%。园区现有规上工业企业155家，面积拓展至20平方公里。\n"

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    assert_no_crash(result)
    return result


def assert_no_crash(result) -> None:
    """A crash is an exception that escaped the CLI (CliRunner catches it) or a traceback printed."""
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not escaped, f"crash: {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output


def lines(result, prefix: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(prefix)]


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ./briefgen.toml of the repo (or elsewhere) leaks into a case."""
    monkeypatch.chdir(tmp_path)


# ----------------------------------------------------------------------------- the folder of cases


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_input_case(case: Path) -> None:
    expect = tomllib.loads((case / "expect.toml").read_text(encoding="utf-8"))
    args = ["extract", case / expect.get("sources", "sources")]
    if (case / "briefgen.toml").is_file():
        args += ["--config", case / "briefgen.toml"]
    result = run(*args)
    assert result.exit_code == expect["exit_code"], result.output
    errors = lines(result, "Error:")
    if "error" in expect:
        assert len(errors) == 1, result.stderr
        for fragment in expect["error"]:
            assert fragment in errors[0], f"{fragment!r} not in {errors[0]!r}"
    else:
        assert errors == [], result.stderr
    if "warning" in expect:
        warnings = lines(result, "Warning:")
        assert any(all(f in w for f in expect["warning"]) for w in warnings), result.stderr


def test_every_case_folder_has_its_expectation() -> None:
    folders = {p for p in BAD.iterdir() if p.is_dir()}
    assert folders == set(CASES)


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    with open(src / "dump.txt", "wb") as f:  # sparse: 100 MB on paper, nothing on disk
        f.truncate(100 * 1024 * 1024)
    result = run("extract", src)
    assert result.exit_code == 3
    assert lines(result, "Error:") == [
        f"Error: {src / 'dump.txt'}: file is 100 MB, over the 50 MB limit (max_file_mb in briefgen.toml)"
    ]


def test_very_long_line_and_many_lines(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "long.txt").write_text(GOOD.strip() * 2_000, encoding="utf-8")  # one 114,000-character line
    (src / "many.txt").write_text("园区\n" * 50_000 + GOOD, encoding="utf-8")
    result = run("extract", src)
    assert result.exit_code == 0, result.output
    assert "410" in result.stdout


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    gbk_name = os.fsdecode(b"\xb1\xa8\xb8\xe6.txt")  # 报告.txt in GBK, as an old zip unpacks it
    (src / gbk_name).write_text(GOOD + "另有企业300家。", encoding="utf-8")
    result = run("extract", src)
    assert result.exit_code == 0, result.output
    assert lines(result, "Warning:") == [
        f"Warning: {src}/\\xb1\\xa8\\xb8\\xe6.txt: the file name is not valid UTF-8; rename it; skipped"
    ]


# ----------------------------------------------------------------------------- builds (slow)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of the output folder but the build state, by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".briefgen" not in p.relative_to(folder).parts
    }


def _assert_lock_released(out: Path) -> None:
    from briefgen.lock import BuildLock

    assert not (out / ".briefgen" / "lock.json").exists()
    with BuildLock(out):  # raises LockedError if a failed build kept it
        pass


@pytest.fixture(scope="module")
def previous_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a good brief already built in out/: what a failed rebuild must not touch."""
    base = tmp_path_factory.mktemp("previous")
    (base / "src").mkdir()
    (base / "src" / "good.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["build", "--sources", str(base / "src"), "--out", str(base / "out")])
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert list((base / "out").glob("*.pdf"))
    return base


@pytest.fixture
def project(previous_brief: Path, tmp_path: Path) -> Path:
    """A copy of the built project, so each failure starts from the same good state."""
    shutil.copytree(previous_brief, tmp_path / "p", symlinks=True)
    return tmp_path / "p"


def _fail_build(project: Path, exit_code: int, *fragments: str, args: tuple = ()) -> str:
    before = _files(project / "out")
    result = run("build", "--sources", project / "src", "--out", project / "out", *args)
    assert result.exit_code == exit_code, result.output
    errors = lines(result, "Error:")
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0], f"{fragment!r} not in {errors[0]!r}"
    assert _files(project / "out") == before, "the previous brief changed"
    assert not [p for p in (project / "out").iterdir() if p.name.endswith(".part")], "temp file left"
    _assert_lock_released(project / "out")
    return errors[0]


@pytest.mark.slow
def test_disk_full_keeps_the_previous_brief(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefgen.publish

    def half_then_enospc(fd: int, data: bytes) -> None:
        os.write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(briefgen.publish, "_write_all", half_then_enospc)
    _fail_build(project, 6, str(project / "out"), "No space left on device")


@pytest.mark.slow
def test_failed_rename_keeps_the_previous_brief(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src, dst, *a, **k):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "replace", refuse)
    _fail_build(project, 6, str(project / "out"), "Read-only file system")


@pytest.mark.slow
def test_source_error_keeps_the_previous_brief(project: Path) -> None:
    (project / "src" / "damaged.txt").write_bytes(GOOD.encode("utf-8")[:40] + b"\xff" + GOOD.encode("utf-8"))
    _fail_build(project, 3, "damaged.txt", "byte offset 40")


def test_unwritable_output_folder(tmp_path: Path) -> None:
    """Tests run as root, where chmod cannot stop a write: a path under a regular file can."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "file").write_text("not a folder")
    result = run("build", "--sources", tmp_path / "src", "--out", tmp_path / "file" / "out")
    assert result.exit_code == 6, result.output
    errors = lines(result, "Error:")
    assert len(errors) == 1 and str(tmp_path / "file" / "out") in errors[0], result.stderr
    assert "Not a directory" in errors[0]


def _fonts_copy(tmp_path: Path) -> Path:
    from briefgen import resources

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for f in resources.fonts_dir().iterdir():
        if f.is_file():
            (fonts / f.name).symlink_to(f)
    return fonts


def _body_font_file() -> str:
    from briefgen.fonts import load_fonts

    return load_fonts().body.path.name


@pytest.mark.slow
def test_corrupt_font_file(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen import resources

    fonts = _fonts_copy(tmp_path)
    name = _body_font_file()
    (fonts / name).unlink()
    (fonts / name).write_bytes(b"\x00\x01\x00\x00" + b"garbage" * 100)
    monkeypatch.setattr(resources, "fonts_dir", lambda: fonts)
    _fail_build(project, 5, str(fonts / name), "not a usable TrueType font")


@pytest.mark.slow
def test_missing_font_file(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen import resources

    fonts = _fonts_copy(tmp_path)
    name = _body_font_file()
    (fonts / name).unlink()
    monkeypatch.setattr(resources, "fonts_dir", lambda: fonts)
    _fail_build(project, 5, str(fonts / name), "not found")


# ----------------------------------------------------------------------------- injection


INJECTED = (  # must reach the PDF as these very characters
    '<font color="red" size="40">',
    '<a href="http://evil.example/">',
    '<img src="/etc/passwd"/>',
    "{{ 7*7 }}",
    '{% include "/etc/passwd" %}',
)
_MARKUP = re.compile(r"<[^>]*>|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|&\w+;")


def _build(src: Path, out: Path) -> Path:
    result = run("build", "--sources", src, "--out", out)
    assert result.exit_code == 0, result.output
    (pdf,) = [p for p in out.glob("*_*.pdf")]
    return pdf


@pytest.fixture(scope="module")
def injection_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The injection case built as is, and built with every piece of markup removed."""
    base = tmp_path_factory.mktemp("inject")
    plain = base / "plain"
    plain.mkdir()
    for f in (BAD / "injection" / "sources").iterdir():
        (plain / f.name).write_text(_MARKUP.sub("", f.read_text(encoding="utf-8")), encoding="utf-8")
    return _build(BAD / "injection" / "sources", base / "out1"), _build(plain, base / "out2")


def _pdf_facts(pdf: Path) -> tuple[str, list, int]:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    text = "".join(page.extract_text() or "" for page in reader.pages)
    links = [a.get_object() for page in reader.pages for a in (page.get("/Annots") or [])]
    links = [a for a in links if a.get("/Subtype") == "/Link"]
    images = sum(1 for page in reader.pages for _ in page.images)
    return re.sub(r"\s+", "", text), links, images


@pytest.mark.slow
def test_injected_markup_is_printed_as_text(injection_builds: tuple[Path, Path]) -> None:
    text, _, _ = _pdf_facts(injection_builds[0])
    for piece in INJECTED:
        assert re.sub(r"\s+", "", piece) in text, piece
    assert "49" not in text.replace("{{7*7}}", "")  # jinja2 did not evaluate it


@pytest.mark.slow
def test_injected_markup_adds_no_link_or_image(injection_builds: tuple[Path, Path]) -> None:
    _, links, images = _pdf_facts(injection_builds[0])
    _, plain_links, plain_images = _pdf_facts(injection_builds[1])
    assert len(links) == len(plain_links)
    assert not [a for a in links if "evil" in str(a.get("/A", {}).get("/URI", ""))]
    assert not [a for a in links if a.get("/A", {}).get("/S") in ("/Launch", "/GoToR", "/JavaScript")]
    assert images == plain_images
    assert b"root:x:0:0" not in injection_builds[0].read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        "园区营业收入410亿元" + "，继续推进项目建设" * 3_000 + "。",  # one 27,000-character sentence
        # no break opportunity for 5,000 characters
        "2023年，园区营业收入410亿元，详见https://example.com/" + "x" * 5000 + "，同比增长12.5%。",
    ],
    ids=["long_sentence", "unbreakable_word"],
)
def test_build_with_an_overlong_sentence(tmp_path: Path, sentence: str) -> None:
    """A sentence taller than a page is quoted as an excerpt around its numbers, cuts marked ……"""
    from pypdf import PdfReader

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "long.txt").write_text(sentence, encoding="utf-8")
    result = run("build", "--sources", tmp_path / "src", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    (pdf,) = (tmp_path / "out").glob("*_*.pdf")
    reader = PdfReader(pdf)
    text = re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))
    appendix = text[text.rindex("数据明细") :]
    assert "410亿元" in appendix and "……" in appendix
    assert len(reader.pages) <= 4
    assert "x" * 300 not in text and "继续推进项目建设，" * 30 not in text


def test_a_long_sentence_is_quoted_as_an_excerpt_around_its_numbers() -> None:
    from briefgen.compose import QUOTE_LIMIT, excerpt

    filler = "，继续推进项目建设" * 400
    sentence = "园区全年" + filler + "，实现营业收入1,200亿元" + filler + "，同比增长12.5%" + filler + "。"
    spans = [(sentence.index(n), sentence.index(n) + len(n)) for n in ("1,200亿元", "12.5%")]
    quoted = excerpt(sentence, spans)
    assert "实现营业收入1,200亿元" in quoted and "同比增长12.5%" in quoted
    assert quoted.startswith("……") and quoted.endswith("……") and quoted.count("……") == 3
    assert len(quoted) <= QUOTE_LIMIT + 3 * 2
    assert "，……" not in quoted  # cut at a clause mark, the mark dropped
    assert "实现营业收入1,200亿元" in excerpt(sentence)  # no spans given: around the first number
    assert excerpt(GOOD) == GOOD  # short sentences are quoted whole


@pytest.mark.slow
def test_a_brief_in_the_sources_folder_is_not_read_back(previous_brief: Path, tmp_path: Path) -> None:
    """out = sources must not feed a brief's numbers into the next brief."""
    src = tmp_path / "src"
    shutil.copytree(previous_brief / "src", src)
    for pdf in (previous_brief / "out").glob("*.pdf"):
        shutil.copy(pdf, src / pdf.name)
    result = run("extract", src, "--format", "json")
    assert result.exit_code == 0, result.output
    warnings = lines(result, "Warning:")
    assert warnings and all("a brief made by briefgen, not a source; skipped" in w for w in warnings)
    assert '"document": "good.txt"' in result.stdout and ".pdf" not in result.stdout


@pytest.mark.slow
def test_build_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """A source named in GBK: the brief, its manifest and history are written, the manifest
    shows the name's bytes, and the unchanged rebuild is recognised."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / os.fsdecode(b"\xb1\xa8\xb8\xe6.txt")).write_text(GOOD, encoding="utf-8")
    result = run("build", "--sources", src, "--out", out)
    assert result.exit_code == 0, result.output
    assert "the file name is not valid UTF-8" in result.stderr
    manifest = (out / ".briefgen" / "manifest.json").read_text(encoding="utf-8")
    assert "\\\\xb1\\\\xa8\\\\xb8\\\\xe6.txt" in manifest  # the JSON of the text \xb1\xa8\xb8\xe6.txt
    again = run("build", "--sources", src, "--out", out, "--if-changed")
    assert again.exit_code == 0, again.output
    assert list(out.glob("*.pdf"))


def _one_good_source(folder: Path) -> Path:
    src = folder / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    return src


def test_config_saved_with_a_bom_is_read(tmp_path: Path) -> None:
    """Notepad saves UTF-8 with a BOM; briefgen.toml, a catalog and sources.toml read alike."""
    config = tmp_path / "briefgen.toml"
    config.write_bytes('\ufeffpark = "清溪县"\n'.encode("utf-8"))
    result = run("series", _one_good_source(tmp_path), "--config", config, "--format", "json")
    assert result.exit_code == 0, result.output


def test_config_not_in_utf8_names_the_file_and_the_byte(tmp_path: Path) -> None:
    config = tmp_path / "briefgen.toml"
    config.write_bytes('park = "清溪县"\n'.encode("gb18030"))
    result = run("extract", _one_good_source(tmp_path), "--config", config)
    assert result.exit_code == 2
    (error,) = lines(result, "Error:")
    assert "briefgen.toml: not UTF-8 (byte 8); save it as UTF-8" in error
