"""The font registry: faces and roles from fonts/, ReportLab registration with
real bold faces, cmap coverage, fallback routing and the missing-glyph error."""

from __future__ import annotations

import contextlib
import json
import shutil

import pytest

from briefgen import resources
from briefgen.errors import FontError, MissingGlyphsError
from briefgen.fonts import GlyphCheck, clean, load_fonts, matplotlib_font_properties, register_matplotlib


@pytest.fixture(scope="module")
def fonts():
    fs = load_fonts()
    fs.register()
    return fs


def _fallback_only(fonts) -> str:
    """A Han character the fallback face has and the body face lacks."""
    return next(
        chr(c)
        for c in range(0x4E00, 0xA000)
        if c in fonts.fallback.codepoints and c not in fonts.body.codepoints
    )


def _nowhere(fonts) -> str:
    """A character no face has (a CJK Extension A ideograph at the end of the block)."""
    return next(
        chr(c) for c in range(0x4DBF, 0x3400, -1) if all(c not in f.codepoints for f in fonts.faces())
    )


def test_faces_and_roles_come_from_the_manifest(fonts):
    manifest = json.loads((resources.fonts_dir() / "manifest.json").read_text(encoding="utf-8"))
    by_role = {f["role"]: f for f in manifest["faces"]}
    assert fonts.body.path.name == by_role["body"]["file"]
    assert fonts.heading_bold.path.name == by_role["heading-bold"]["file"]
    assert fonts.fallback.name == by_role["fallback"]["reportlab_name"]
    assert all(f.path.suffix == ".ttf" and f.path.is_file() for f in fonts.faces())


def test_body_and_heading_faces_cover_the_brief_text(fonts):
    text = (
        "安义高新技术产业园区发展简报 工业总产值由2020年的224亿元增至2023年的410亿元，增长83.0%。"
        "第1页／共3页《》（）“”↑↓"
    )
    for face in (fonts.body, fonts.heading, fonts.heading_bold):
        assert [c for c in text if not c.isspace() and not face.covers(c)] == [], face.name


def test_bold_markup_uses_the_real_bold_face(fonts):
    from reportlab.lib.fonts import ps2tt, tt2ps

    assert tt2ps(fonts.body.name, 1, 0) == fonts.body_bold.name
    assert tt2ps(fonts.heading.name, 1, 0) == fonts.heading_bold.name
    assert ps2tt(fonts.heading.name)[1:] == (0, 0)  # the regular face is not taken for an italic


def test_markup_escapes_reportlab_markup(fonts):
    check = GlyphCheck(fonts)
    out = check.markup('<font name="x">A & B</font> <img src="/etc/passwd"/>', fonts.body)
    assert "<font" not in out and "<img" not in out
    assert "&lt;font" in out and "&amp;" in out
    assert check.missing == {}


def test_uncovered_character_is_drawn_from_the_fallback_face(fonts):
    rare = _fallback_only(fonts)
    check = GlyphCheck(fonts)
    out = check.markup(f"园区{rare}{rare}项目", fonts.body)
    assert out == f'园区<font face="{fonts.fallback.name}">{rare}{rare}</font>项目'
    assert check.fallback_used == {rare}
    check.raise_if_missing()  # nothing is missing


def test_character_no_face_has_fails_naming_it_and_its_document(fonts):
    missing = _nowhere(fonts)
    check = GlyphCheck(fonts)
    check.markup(f"园区{missing}", fonts.body)
    with pytest.raises(MissingGlyphsError) as err:
        check.raise_if_missing([("a.txt", "no such character"), ("b.txt", f"… {missing} …")])
    message = str(err.value)
    assert f"U+{ord(missing):04X}" in message and missing in message
    assert "b.txt" in message and "a.txt" not in message
    assert err.value.exit_code == 5


def test_text_drawn_directly_is_checked_without_fallback(fonts):
    check = GlyphCheck(fonts)
    check.require(f"第1页{_fallback_only(fonts)}", fonts.heading)
    with pytest.raises(MissingGlyphsError):
        check.raise_if_missing()


def test_invisible_format_characters_are_dropped():
    assert clean("园\u200b区\ufeff\u00ad") == "园区"
    assert clean("a\tb\nc") == "a b c"


def test_missing_font_file_is_an_error_naming_it(tmp_path):
    for f in resources.fonts_dir().glob("*.json"):
        shutil.copy(f, tmp_path)
    with pytest.raises(FontError) as err:
        load_fonts(tmp_path)
    assert str(tmp_path) in str(err.value) and ".ttf" in str(err.value)


def test_corrupt_font_file_is_an_error_naming_it(tmp_path):
    manifest = json.loads((resources.fonts_dir() / "manifest.json").read_text(encoding="utf-8"))
    for face in manifest["faces"]:
        (tmp_path / face["file"]).write_bytes(b"not a font at all" * 10)
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    # distinct ReportLab names, so the faces registered by other tests are not reused
    for face in manifest["faces"]:
        face["reportlab_name"] = "Broken" + face["reportlab_name"]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    fonts = load_fonts(tmp_path)
    with pytest.raises(FontError) as err:
        fonts.register()
    assert "not a usable TrueType font" in str(err.value)
    assert str(tmp_path) in str(err.value)


def test_malformed_manifest_is_an_error(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(FontError, match="manifest"):
        load_fonts(tmp_path)


def test_matplotlib_helpers_use_our_faces(fonts):
    import matplotlib

    families = register_matplotlib(fonts)
    assert matplotlib.rcParams["font.family"][0] == families["heading"]
    props = matplotlib_font_properties("body", size=9, fonts=fonts)
    assert props.get_file() == str(fonts.body.path)


def test_the_kai_face_covers_gb2312_and_carries_no_reserved_name(fonts):
    """楷体 for the 简报 layout's level-2 headings: LXGW WenKai, subset and renamed
    (its OFL reserves "霞鹜" and "LXGW"), TrueType outlines like the others."""
    from fontTools.ttLib import TTFont

    hanzi = []
    for lead in range(0xB0, 0xF8):  # GB 2312 level 1 and 2 hanzi
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                hanzi.append(bytes((lead, trail)).decode("gb2312"))
    assert len(hanzi) == 6763
    assert [c for c in hanzi if not fonts.kai.covers(c)] == []
    font = TTFont(str(fonts.kai.path), lazy=True)
    assert "glyf" in font and "CFF " not in font
    names = " ".join(str(r) for r in font["name"].names if r.nameID in (1, 4, 6, 16, 17))
    assert "BriefgenKaiSC" in names and "LXGW" not in names and "霞鹜" not in names
    manifest = json.loads((resources.fonts_dir() / "manifest.json").read_text(encoding="utf-8"))
    entry = next(f for f in manifest["faces"] if f["role"] == "kai")
    assert (resources.fonts_dir() / entry["license_file"]).is_file()
    assert manifest["total_bytes"] <= 40 * 2**20
