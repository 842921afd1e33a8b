"""The brief's typefaces: which file plays which role, ReportLab registration,
and the no-tofu guarantee.

fonts/manifest.json (written by fonts/build_fonts.py) names the faces and their
roles: body (宋体-style serif), body-bold, heading (黑体-style sans),
heading-bold, kai (楷体, the 简报 layout's level-2 headings), fallback (wide
coverage). Without a manifest the conventional
file names are used. ReportLab draws a character its face lacks as an empty box
with no warning, so every string goes through :class:`GlyphCheck`: characters
the face lacks are wrapped in a fallback-face run, and characters no face has
make the build fail with :class:`~briefgen.errors.MissingGlyphsError`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from xml.sax.saxutils import escape

from briefgen import resources
from briefgen.errors import FontError, MissingGlyphsError

ROLES = ("body", "body-bold", "heading", "heading-bold", "kai", "fallback")

# used when fonts/manifest.json is absent: role -> (file, ReportLab name)
DEFAULT_FACES = {
    "body": ("BriefgenSerifSC-Regular.ttf", "BriefgenSerifSC"),
    "body-bold": ("BriefgenSerifSC-Bold.ttf", "BriefgenSerifSC-Bold"),
    "heading": ("BriefgenSansSC-Regular.ttf", "BriefgenSansSC"),
    "heading-bold": ("BriefgenSansSC-Bold.ttf", "BriefgenSansSC-Bold"),
    "kai": ("BriefgenKaiSC-Regular.ttf", "BriefgenKaiSC"),
    "fallback": ("DroidSansFallbackFull.ttf", "DroidSansFallback"),
}


@dataclass(frozen=True)
class Face:
    role: str
    name: str  # the ReportLab font name; also used in <font face=...>
    path: Path

    @cached_property  # kept on the instance: covers() runs once per character of the brief
    def codepoints(self) -> frozenset[int]:
        """The characters the face maps (the keys of ReportLab's charToGlyph). A face
        not registered yet, typically the fallback, which the brief may never need,
        has only its cmap read: parsing the whole 4 MB file takes ~0.1 s."""
        loaded = _LOADED.get((self.name, str(self.path)))
        if loaded is None:
            chars = _cmap_codepoints(self.path)
            if chars is not None:
                return chars
            loaded = _load(self.name, str(self.path))
        return loaded.codepoints

    def covers(self, char: str) -> bool:
        return ord(char) in self.codepoints

    def register(self) -> None:
        """Register with ReportLab (idempotent; the file is parsed once per process)."""
        _load(self.name, str(self.path))


@dataclass(frozen=True)
class FontSet:
    body: Face
    body_bold: Face
    heading: Face
    heading_bold: Face
    kai: Face
    fallback: Face

    def faces(self) -> tuple[Face, ...]:
        return (self.body, self.body_bold, self.heading, self.heading_bold, self.kai, self.fallback)

    def register(self) -> None:
        """Register every face and tie regular to bold, so <b> picks the real bold face.
        The body's bold face, the 楷体 face and the fallback are parsed (~25 ms, ~50 ms,
        ~0.1 s) only when GlyphCheck.markup sets text in them: a brief may need none."""
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase.pdfmetrics import registerFontFamily

        for face in self.faces():
            if face not in (self.fallback, self.body_bold, self.kai):
                face.register()
        for regular, bold in (
            (self.body, self.body_bold),
            (self.heading, self.heading_bold),
            (self.kai, self.kai),  # one weight: <b> in a 楷体 line stays regular
            (self.fallback, self.fallback),
        ):
            # no italics in Chinese faces: <i> stays upright
            registerFontFamily(
                regular.name, normal=regular.name, bold=bold.name, italic=regular.name, boldItalic=bold.name
            )
            # registerFontFamily maps italic last, so the reverse lookup would call
            # the regular face "italic": restore upright as the face's own style
            addMapping(regular.name, 0, 0, regular.name)
            addMapping(regular.name, 1, 0, bold.name)


@dataclass(frozen=True)
class _Loaded:
    codepoints: frozenset[int]


_LOADED: dict[tuple[str, str], _Loaded] = {}


@cache
def _load(name: str, path: str) -> _Loaded:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    file = Path(path)
    if not file.is_file():
        raise FontError("font file not found", path=file)
    # ReportLab puts codes 32-127 into every face's first subset as ASCII unless told
    # otherwise; a face without Latin glyphs (Droid Sans Fallback) would then claim
    # glyphs it lacks, which readers and pdfcheck see as missing glyphs
    cmap = _cmap_codepoints(file)
    ascii_readable = cmap is None or all(c in cmap for c in range(32, 128))
    try:
        font = TTFont(name, path, asciiReadable=ascii_readable)
    except Exception as exc:  # ReportLab raises TTFError, struct.error, IndexError... on bad files
        raise FontError(f"not a usable TrueType font ({type(exc).__name__}: {exc})", path=file) from None
    pdfmetrics.registerFont(font)
    _LOADED[name, path] = _Loaded(frozenset(font.face.charToGlyph))
    return _LOADED[name, path]


def _cmap_codepoints(path: Path) -> frozenset[int] | None:
    """The keys ReportLab's TTFontFile puts in charToGlyph, from the cmap table
    alone: the same subtable choice, formats 4, 12 and 13 (None for any other
    format or an unreadable file: then the font is parsed by ReportLab)."""
    from struct import error as StructError
    from struct import unpack_from

    try:
        data = path.read_bytes()
        (tables,) = unpack_from(">H", data, 4)
        for i in range(tables):
            tag, _, table, _ = unpack_from(">4sIII", data, 12 + 16 * i)
            if tag == b"cmap":
                break
        else:
            return None
        version, count = unpack_from(">HH", data, table)
        if count == 0 and version != 0:
            count = version
        chosen, enc = None, 0
        for i in range(count):  # the last suitable subtable wins, as in ReportLab
            platform, encoding, offset = unpack_from(">HHI", data, table + 4 + 8 * i)
            if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
                chosen, enc = offset, 1
            elif platform == 1 and encoding == 0 and enc != 1:
                chosen, enc = offset, 2
        if chosen is None:
            return None
        at = table + chosen
        (fmt,) = unpack_from(">H", data, at)
        chars: set[int] = set()
        if fmt == 4:
            (seg_x2,) = unpack_from(">H", data, at + 6)
            segments = seg_x2 // 2
            ends = unpack_from(f">{segments}H", data, at + 14)
            starts = unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
            for start, end in zip(starts, ends, strict=True):
                chars.update(range(start, end + 1))
        elif fmt in (12, 13):
            (groups,) = unpack_from(">I", data, at + 12)
            for g in range(groups):
                start, end, _ = unpack_from(">III", data, at + 16 + 12 * g)
                chars.update(range(start, end + 1))
        else:
            return None
        if 0x20 in chars or 0xA0 in chars:  # ReportLab maps the no-break space and the space alike
            chars.update((0x20, 0xA0))
        return frozenset(chars)
    except (OSError, StructError, ValueError):
        return None


def load_fonts(directory: Path | None = None) -> FontSet:
    """The faces in ``directory`` (default: the shipped fonts/), checked to exist."""
    directory = Path(directory) if directory is not None else resources.fonts_dir()
    return _load_fontset(directory.resolve())


@cache
def _load_fontset(directory: Path) -> FontSet:
    chosen = dict(DEFAULT_FACES)
    manifest = directory / "manifest.json"
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            for entry in data["faces"]:
                if entry.get("role") in ROLES:
                    chosen[entry["role"]] = (
                        entry["file"],
                        entry.get("reportlab_name") or Path(entry["file"]).stem,
                    )
        except (ValueError, KeyError, TypeError) as exc:
            raise FontError(f"malformed font manifest ({exc})", path=manifest) from None
    faces = {}
    for role in ROLES:
        file, name = chosen[role]
        path = directory / file
        if not path.is_file():
            raise FontError(f"font file for role '{role}' not found", path=path)
        faces[role] = Face(role, name, path)
    return FontSet(
        faces["body"],
        faces["body-bold"],
        faces["heading"],
        faces["heading-bold"],
        faces["kai"],
        faces["fallback"],
    )


def is_drawn(char: str) -> bool:
    """Whether a character leaves ink (spaces and controls need no glyph)."""
    return not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"))


def clean(text: str) -> str:
    """Drop invisible format/control characters (ZWSP, BOM, soft hyphen...): faces
    often lack them and ReportLab would draw a box; fold other whitespace to spaces."""
    if text.isprintable():  # no controls, format characters or spaces other than ' ': nothing to do
        return text
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\t\n\r\u3000" or cat in ("Zs", "Zl", "Zp"):
            out.append("\u3000" if ch == "\u3000" else " ")
        elif cat in ("Cc", "Cf"):
            continue
        else:
            out.append(ch)
    return "".join(out)


# typographic stand-ins used only when no face (fallback included) has the character
SUBSTITUTES = {"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u00ad": ""}


@dataclass
class GlyphCheck:
    """Collects every character the brief will draw, face by face.

    ``markup`` turns plain text into ReportLab paragraph markup (escaped) in
    which characters the face lacks are drawn from the fallback face;
    ``require`` checks text drawn outside paragraphs (charts, page furniture).
    Characters no face has are remembered and reported by ``raise_if_missing``.
    """

    fonts: FontSet
    missing: dict[str, set[str]] = field(default_factory=dict)  # char -> faces that lacked it
    fallback_used: set[str] = field(default_factory=set)

    def markup(self, text: str, face: Face) -> str:
        face.register()  # the paragraph will be set in it (FontSet.register leaves some faces out)
        text = clean(text)
        chars = face.codepoints
        if all(ord(ch) in chars or not is_drawn(ch) for ch in set(text)):  # the usual case: one run
            return escape(text)
        out: list[str] = []
        run: list[str] = []  # pending fallback characters
        for ch in text:
            if not is_drawn(ch) or face.covers(ch):
                if run:
                    out.append(self._fallback_run("".join(run)))
                    run = []
                out.append(escape(ch))
            elif self.fonts.fallback.covers(ch):
                self.fallback_used.add(ch)
                run.append(ch)
            elif ch in SUBSTITUTES and all(face.covers(c) for c in SUBSTITUTES[ch]):
                out.append(escape(SUBSTITUTES[ch]))
            else:
                self.missing.setdefault(ch, set()).add(face.name)
                out.append(escape(ch))
        if run:
            out.append(self._fallback_run("".join(run)))
        return "".join(out)

    def _fallback_run(self, chars: str) -> str:
        self.fonts.fallback.register()  # parsed only now that a character needs it
        return f'<font face="{self.fonts.fallback.name}">{escape(chars)}</font>'

    def require(self, text: str, face: Face) -> None:
        """Text drawn directly with ``face`` (no fallback possible there)."""
        face.register()
        for ch in clean(text):
            if is_drawn(ch) and not face.covers(ch):
                self.missing.setdefault(ch, set()).add(face.name)

    def raise_if_missing(self, sources: Iterable[tuple[str, str]] = ()) -> None:
        """``sources``: (document name, its text) pairs, to say where a character came from."""
        if not self.missing:
            return
        chars = sorted(self.missing)
        where: list[str] = []
        for name, text in sources:
            if any(ch in text for ch in chars):
                where.append(name)
        described = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in chars[:20])
        more = f" and {len(chars) - 20} more" if len(chars) > 20 else ""
        origin = ", ".join(where) if where else "the template or configuration"
        raise MissingGlyphsError(f"no font can draw {described}{more}; found in: {origin}")


# -------------------------------------------------------------- matplotlib


def register_matplotlib(fonts: FontSet | None = None) -> dict[str, str]:
    """Make the faces known to matplotlib; returns role -> family name.

    Also sets the default family to the heading (sans) face with the fallback
    face behind it, so chart text uses our faces and never DejaVu."""
    import matplotlib
    from matplotlib import font_manager

    fonts = fonts or load_fonts()
    families: dict[str, str] = {}
    for face in fonts.faces():
        font_manager.fontManager.addfont(str(face.path))
        families[face.role] = font_manager.FontProperties(fname=str(face.path)).get_name()
    matplotlib.rcParams["font.family"] = [families["heading"], families["fallback"]]
    matplotlib.rcParams["axes.unicode_minus"] = False  # U+2212 is not in every face
    return families


def matplotlib_font_properties(
    role: str = "heading", size: float | None = None, fonts: FontSet | None = None
):
    """A FontProperties for the face of ``role`` (by file, so no font cache is involved)."""
    from matplotlib.font_manager import FontProperties

    fonts = fonts or load_fonts()
    face = {f.role: f for f in fonts.faces()}[role]
    return FontProperties(fname=str(face.path), size=size)
