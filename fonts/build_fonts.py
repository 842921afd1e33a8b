#!/usr/bin/env python3
"""Rebuild the fonts in this folder from public Debian source packages.

    python fonts/build_fonts.py              # download, subset, convert, write
    python fonts/build_fonts.py --debs DIR   # use .deb files already in DIR
    python fonts/build_fonts.py --check      # only check files + seeds coverage

What it does (see README.md for the why):

1. `apt-get download fonts-noto-cjk fonts-lxgw-wenkai fonts-droid-fallback` into a temporary
   folder and unpack them with `dpkg-deb -x` (a pure-Python .deb reader is
   used when dpkg-deb is missing; the fonts of an installed package are used
   when downloading fails).
2. Takes the Simplified-Chinese faces out of the Noto CJK .ttc collections
   and LXGW WenKai Regular (楷体, for the 简报 layout's level-2 headings),
   subsets each to GB 2312 + ASCII + Latin-1 + punctuation blocks + a few
   symbols + every character of the text files in ../seeds/ (and their
   simplified forms when the `opencc` package is importable),
3. converts the CFF (PostScript) outlines to TrueType quadratic outlines,
   because ReportLab's TTFont reads glyf outlines only (WenKai is TrueType already),
4. renames the families (BriefgenSerifSC, BriefgenSansSC, BriefgenKaiSC) so the subsets are
   never mistaken for the full upstream fonts,
5. copies DroidSansFallbackFull.ttf unchanged as the wide-coverage fallback,
6. writes OFL.txt, OFL-LXGW-WenKai.txt, LICENSE-Apache-2.0.txt and manifest.json.

The output is deterministic: the same packages, seeds and fontTools version
give the same bytes (head.created/modified are kept from the source fonts).
Needs: fontTools (and optionally opencc). Debian's apt-get/dpkg-deb for step 1.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

NOTO_PKG = "fonts-noto-cjk"
DROID_PKG = "fonts-droid-fallback"
WENKAI_PKG = "fonts-lxgw-wenkai"
WENKAI_DIR = "usr/share/fonts/truetype/lxgw-wenkai"
WENKAI_COPYRIGHT = "usr/share/doc/fonts-lxgw-wenkai/copyright"
NOTO_DIR = "usr/share/fonts/opentype/noto"
NOTO_COPYRIGHT = "usr/share/doc/fonts-noto-cjk/copyright"
DROID_FILE = "usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
DROID_COPYRIGHT = "usr/share/doc/fonts-droid-fallback/copyright"
APACHE_TEXT = Path("/usr/share/common-licenses/Apache-2.0")

NOTO_UPSTREAM = "https://github.com/notofonts/noto-cjk (Noto CJK, Google and Adobe)"
WENKAI_UPSTREAM = "https://github.com/lxgw/LxgwWenKai (LXGW WenKai 霞鹜文楷, lxgw; from Fontworks' Klee One)"
DROID_UPSTREAM = "https://android.googlesource.com/platform/frameworks/base/ (Droid, Google / Ascender)"

# The faces built from Noto CJK. `source_ps` picks the face inside the .ttc.
FACES = [
    dict(file="BriefgenSerifSC-Regular.ttf", family="BriefgenSerifSC", style="Regular",
         ps="BriefgenSerifSC-Regular", reportlab_name="BriefgenSerifSC", role="body",
         ttc="NotoSerifCJK-Regular.ttc", source_ps="NotoSerifCJKsc-Regular"),
    dict(file="BriefgenSerifSC-Bold.ttf", family="BriefgenSerifSC", style="Bold",
         ps="BriefgenSerifSC-Bold", reportlab_name="BriefgenSerifSC-Bold", role="body-bold",
         ttc="NotoSerifCJK-Bold.ttc", source_ps="NotoSerifCJKsc-Bold"),
    dict(file="BriefgenSansSC-Regular.ttf", family="BriefgenSansSC", style="Regular",
         ps="BriefgenSansSC-Regular", reportlab_name="BriefgenSansSC", role="heading",
         ttc="NotoSansCJK-Regular.ttc", source_ps="NotoSansCJKsc-Regular"),
    dict(file="BriefgenSansSC-Bold.ttf", family="BriefgenSansSC", style="Bold",
         ps="BriefgenSansSC-Bold", reportlab_name="BriefgenSansSC-Bold", role="heading-bold",
         ttc="NotoSansCJK-Bold.ttc", source_ps="NotoSansCJKsc-Bold"),
    # 楷体 for the 简报 layout (level-2 headings). A TrueType .ttf: no outline conversion.
    # Renamed: the OFL reserves the names "霞鹜" and "LXGW" for unmodified builds.
    dict(file="BriefgenKaiSC-Regular.ttf", family="BriefgenKaiSC", style="Regular",
         ps="BriefgenKaiSC-Regular", reportlab_name="BriefgenKaiSC", role="kai",
         ttc="LXGWWenKai-Regular.ttf", source_ps="LXGWWenKai-Regular",
         pkg=WENKAI_PKG, dir=WENKAI_DIR, upstream=WENKAI_UPSTREAM, license_file="OFL-LXGW-WenKai.txt"),
]
for _face in FACES:  # the Noto faces: where they come from
    _face.setdefault("pkg", NOTO_PKG)
    _face.setdefault("dir", NOTO_DIR)
    _face.setdefault("upstream", NOTO_UPSTREAM)
    _face.setdefault("license_file", "OFL.txt")
FALLBACK = dict(file="DroidSansFallbackFull.ttf", family="Droid Sans Fallback", style="Regular",
                ps="DroidSansFallback", reportlab_name="DroidSansFallback", role="fallback")

# Only these OpenType layout features are kept: ReportLab does no shaping, and
# 'locl'/'ccmp'/'vert'/'aalt' would pull thousands of unused variant glyphs in.
LAYOUT_FEATURES = ["kern", "palt", "halt"]
DROP_TABLES = ["GSUB", "vhea", "vmtx", "VORG", "BASE"]
# cu2qu tolerance in font units (1000/em): 1.0 is fontmake's default.
CU2QU_MAX_ERR = 1.0
# Invisible characters that Noto CJK lacks get one empty zero-width glyph, so
# ReportLab draws nothing for them instead of a .notdef box: ZERO WIDTH SPACE,
# WORD JOINER, ZERO WIDTH NO-BREAK SPACE, and DEL, because ReportLab (with its
# default asciiReadable=True) always lists code 127 -> U+007F in the ToUnicode
# map of a font's first subset: a font without a U+007F glyph then reads as
# having a missing glyph to checkers (shared/eval/pdfcheck.py).
ZERO_WIDTH = [0x007F, 0x200B, 0x2060, 0xFEFF]
SIZE_LIMIT = 40 * 1024 * 1024


# --------------------------------------------------------------- repertoire

def gb2312_chars() -> set[int]:
    out = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes((lead, trail)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return out


def fixed_chars() -> set[int]:
    out = set(range(0x20, 0x7F))             # ASCII
    out |= set(range(0xA0, 0x100))           # Latin-1 (× ÷ ± ° · included)
    out |= set(range(0x2000, 0x2070))        # General Punctuation (‰ — … “ ” ‘ ’ •)
    out |= set(range(0x3000, 0x3040))        # CJK Symbols and Punctuation
    out |= set(range(0xFF00, 0xFFF0))        # Halfwidth and Fullwidth Forms
    out |= set(range(0x2190, 0x2194))        # ← ↑ → ↓
    out |= set(range(0x2460, 0x2474))        # ① … ⑳
    out |= {ord(c) for c in "№×÷±≥≤°‰℃€™"}
    return out


def seed_text(seeds: Path) -> tuple[str, list[str]]:
    """All text of the files under seeds/ (binary files are skipped)."""
    parts, names = [], []
    if not seeds.is_dir():
        return "", names
    for path in sorted(p for p in seeds.rglob("*") if p.is_file()):
        try:
            parts.append(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            print(f"  seeds: skipping {path} (not UTF-8 text)")
            continue
        names.append(path.relative_to(seeds).as_posix())
    return "\n".join(parts), names


def simplified(text: str) -> tuple[str, str | None]:
    """The text converted traditional→simplified with OpenCC 't2s', if available."""
    if not text:
        return "", None
    try:
        import opencc  # type: ignore
    except ImportError:
        print("  note: opencc is not importable; seeds are used as they are (no t2s forms)")
        return "", None
    try:
        cc = opencc.OpenCC("t2s")
    except Exception:  # older packages want the file name
        cc = opencc.OpenCC("t2s.json")
    return cc.convert(text), getattr(opencc, "__version__", "?")


def usable(cp: int) -> bool:
    return unicodedata.category(chr(cp)) not in ("Cc", "Cs")


def repertoire(seeds: Path) -> dict:
    text, files = seed_text(seeds)
    simp, opencc_version = simplified(text)
    seed_cps = {ord(c) for c in text + simp if usable(ord(c))}
    base = gb2312_chars() | fixed_chars()
    return {"all": base | seed_cps, "seed": seed_cps, "seed_files": files,
            "opencc": opencc_version, "base": base}


# ----------------------------------------------------------------- packages

def deb_version(deb: Path) -> str:
    if shutil.which("dpkg-deb"):
        r = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            return r.stdout.strip()
    return urllib.parse.unquote(deb.name).split("_")[1]


def extract_deb(deb: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    if shutil.which("dpkg-deb"):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(dest)], check=True)
        return
    # A .deb is an ar archive holding data.tar.{xz,gz,bz2}.
    data = deb.read_bytes()
    if not data.startswith(b"!<arch>\n"):
        raise SystemExit(f"{deb} is not a .deb file")
    pos = 8
    while pos < len(data):
        header = data[pos:pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        body = data[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)
        if name.startswith("data.tar"):
            if name.endswith(".zst"):
                raise SystemExit(f"{deb}: data.tar.zst needs dpkg-deb")
            with tarfile.open(fileobj=io.BytesIO(body)) as tar:
                tar.extractall(dest, filter="data")
            return
    raise SystemExit(f"{deb}: no data.tar member")


def apt_download(pkgs: list[str], dest: Path) -> bool:
    if not shutil.which("apt-get"):
        print("  apt-get not found (not a Debian-like system)")
        return False
    cmd = ["apt-get", "download"]
    if os.geteuid() == 0:  # the _apt sandbox user cannot write into a private temp dir
        cmd += ["-o", "APT::Sandbox::User=root"]
    for attempt in (1, 2):
        r = subprocess.run(cmd + pkgs, cwd=dest, capture_output=True, text=True)
        if r.returncode == 0:
            return True
        print(f"  apt-get download failed:\n    " + r.stderr.strip().replace("\n", "\n    "))
        if attempt == 1 and os.geteuid() == 0:
            print("  running 'apt-get update' once and retrying")
            subprocess.run(["apt-get", "update"], capture_output=True)
        else:
            break
    return False


def get_packages(work: Path, debs_dir: Path | None) -> dict[str, dict]:
    """{pkg: {"root": extracted tree, "version": ..., "how": ...}}"""
    pkgs = [NOTO_PKG, WENKAI_PKG, DROID_PKG]
    if debs_dir is None:
        debs_dir = work / "debs"
        debs_dir.mkdir()
        os.chmod(debs_dir, 0o755)
        print(f"downloading {' '.join(pkgs)} with apt-get ...")
        if not apt_download(pkgs, debs_dir):
            print("  could not download the packages.")
    out = {}
    for pkg in pkgs:
        debs = sorted(debs_dir.glob(f"{pkg}_*.deb"))
        if debs:
            deb = debs[-1]
            root = work / pkg
            extract_deb(deb, root)
            out[pkg] = {"root": root, "version": deb_version(deb), "how": f"downloaded {deb.name}"}
            continue
        # Fallback: the package may be installed on this machine.
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True) \
            if shutil.which("dpkg-query") else None
        probe = Path("/") / {NOTO_PKG: NOTO_DIR + "/NotoSerifCJK-Regular.ttc",
                             WENKAI_PKG: WENKAI_DIR + "/LXGWWenKai-Regular.ttf"}.get(pkg, DROID_FILE)
        if r is not None and r.returncode == 0 and r.stdout.strip() and probe.exists():
            print(f"  using the installed package {pkg} {r.stdout.strip()}")
            out[pkg] = {"root": Path("/"), "version": r.stdout.strip(), "how": "installed package"}
            continue
        raise SystemExit(
            f"\nERROR: no source for Debian package {pkg}.\n"
            f"  This script needs the public packages {' '.join(pkgs)}.\n"
            f"  On Debian/Ubuntu: run 'apt-get update' (as root) and try again, or\n"
            f"  'apt-get download {' '.join(pkgs)}' somewhere and pass that folder with --debs DIR,\n"
            f"  or 'apt-get install {' '.join(pkgs)}'. Nothing was written.")
    return out


# --------------------------------------------------------------- conversion

def find_face(ttc: Path, ps_name: str) -> int:
    from fontTools.ttLib import TTCollection
    coll = TTCollection(str(ttc), lazy=True)
    for i, font in enumerate(coll.fonts):
        if font["name"].getDebugName(6) == ps_name:
            return i
    raise SystemExit(f"{ps_name} not found in {ttc}")


def cff_to_glyf(font) -> None:
    """Replace CFF outlines by TrueType quadratic ones (glyf/loca, maxp 1.0)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)  # CID-keyed CFF has no components
        glyph_set[name].draw(Cu2QuPen(pen, CU2QU_MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)  # computes each glyph's bounding box
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():  # TrueType wants lsb == xMin
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and ReportLab does not need them
    font.sfntVersion = "\x00\x01\x00\x00"


def add_zero_width(font, codepoints: list[int]) -> list[int]:
    from fontTools.ttLib.tables._g_l_y_f import Glyph
    cmap = font.getBestCmap()
    todo = [cp for cp in codepoints if cp not in cmap]
    if not todo:
        return []
    name = "zerowidth"
    order = list(font.getGlyphOrder()) + [name]
    font["glyf"].glyphs[name] = Glyph()
    font["hmtx"][name] = (0, 0)
    font.setGlyphOrder(order)
    font["glyf"].glyphOrder = order
    for table in font["cmap"].tables:
        if table.isUnicode() and table.format in (4, 12):
            for cp in todo:
                table.cmap[cp] = name
    return todo


def rename(font, face: dict, source_ps: str) -> None:
    name = font["name"]
    version = font["head"].fontRevision
    new = {
        1: face["family"],
        2: face["style"],
        3: f"{version:.3f};BRIEFGEN;{face['ps']}",
        4: f"{face['family']} {face['style']}",
        5: f"Version {version:.3f}; briefgen subset of {source_ps} (GB 2312 + seeds, TrueType outlines)",
        6: face["ps"],
    }
    drop = set(new) | {16, 17, 18, 20, 21, 22, 25}
    platforms = sorted({(r.platformID, r.platEncID, r.langID) for r in name.names
                        if (r.platformID, r.langID) in ((3, 0x409), (1, 0))})
    name.names = [r for r in name.names if r.nameID not in drop]
    for plat, enc, lang in platforms or [(3, 1, 0x409)]:
        for nid, text in new.items():
            name.setName(text, nid, plat, enc, lang)
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID, r.nameID))


def build_face(face: dict, ttc: str, unicodes: list[int], out: str) -> dict:
    """Runs in a worker process. Returns statistics."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    t0 = time.perf_counter()
    index = find_face(Path(ttc), face["source_ps"]) if ttc.endswith(".ttc") else None
    font = TTFont(ttc, fontNumber=-1 if index is None else index, recalcTimestamp=False, recalcBBoxes=True)
    copyright_ = font["name"].getDebugName(0)
    source_cmap = font.getBestCmap()
    missing = sorted(cp for cp in unicodes if cp not in source_cmap and cp not in ZERO_WIDTH)

    opts = subset.Options()
    opts.layout_features = LAYOUT_FEATURES
    opts.drop_tables += DROP_TABLES
    opts.hinting = False  # CFF hints cannot be carried into glyf anyway
    opts.desubroutinize = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.recalc_timestamp = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    t1 = time.perf_counter()

    if "CFF " in font:
        cff_to_glyf(font)
    else:  # already TrueType: only drop the glyph names, as cff_to_glyf does
        font["post"].formatType = 3.0
    added = add_zero_width(font, ZERO_WIDTH)
    rename(font, face, face["source_ps"])
    tmp = Path(out).with_suffix(".tmp")
    font.save(str(tmp))
    os.replace(tmp, out)
    t2 = time.perf_counter()
    return {"face_index": index, "copyright": copyright_, "missing": missing,
            "zero_width_added": added, "glyphs": len(font.getGlyphOrder()),
            "cmap": len(font.getBestCmap()), "subset_s": round(t1 - t0, 1),
            "convert_s": round(t2 - t1, 1)}


# ------------------------------------------------------------------ licences

def debian_license_text(copyright_file: Path, license_name: str) -> str:
    """The stand-alone 'License: NAME' paragraph of a DEP-5 copyright file, unwrapped."""
    text = ""
    for para in copyright_file.read_text(encoding="utf-8").split("\n\n"):
        lines = para.strip("\n").splitlines()
        if lines and lines[0].strip() == f"License: {license_name}" and len(lines) > 1:
            body = [line[1:] if line.startswith(" ") else line.lstrip("\t") for line in lines[1:]]
            text = "\n".join("" if b.strip() == "." else b.rstrip() for b in body).strip("\n")
            break
    if not text:
        raise SystemExit(f"no 'License: {license_name}' text in {copyright_file}")
    return text + "\n"


def debian_copyright(copyright_file: Path) -> str:
    """The Copyright field of the 'Files: *' paragraph of a DEP-5 copyright file."""
    for para in copyright_file.read_text(encoding="utf-8").split("\n\n"):
        lines = para.strip("\n").splitlines()
        if lines and lines[0].strip() == "Files: *":
            out, inside = [], False
            for line in lines[1:]:
                if line.startswith("Copyright:"):
                    inside = True
                    out.append(line.split(":", 1)[1].strip())
                elif inside and line[:1].isspace():
                    out.append(line.strip())
                else:
                    inside = False
            return " ".join(out) + ("" if "".join(out).endswith(".") else ".")
    return "(not stated)"


def write_ofl(pkg: dict, copyrights: dict[str, str], out: Path) -> None:
    text = debian_license_text(pkg["root"] / NOTO_COPYRIGHT, "SIL-1.1")
    notices = "\n".join(f"  {src}: {c}" for src, c in sorted(copyrights.items()))
    out.write_text(
        "Briefgen*SC-*.ttf in this folder are Modified Versions (subset, converted to\n"
        "TrueType outlines, renamed) of the Noto Serif CJK SC and Noto Sans CJK SC fonts.\n"
        "\n"
        "Copyright notices, as in the source fonts' name tables:\n"
        f"{notices}\n"
        f"Debian's copyright file for the package says: Copyright: {debian_copyright(pkg['root'] / NOTO_COPYRIGHT)}\n"
        "Noto is a trademark of Google Inc.\n"
        "\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        f"The licence below is copied from the copyright file of the Debian package\n"
        f"{NOTO_PKG} {pkg['version']} (upstream: {NOTO_UPSTREAM}).\n"
        "It is also available with a FAQ at: https://openfontlicense.org\n"
        "\n" + text, encoding="utf-8")


def write_ofl_wenkai(pkg: dict, copyright_: str, out: Path) -> None:
    text = debian_license_text(pkg["root"] / WENKAI_COPYRIGHT, "OFL-1.1")
    out.write_text(
        "BriefgenKaiSC-Regular.ttf in this folder is a Modified Version (subset, renamed)\n"
        "of LXGW WenKai Regular (霞鹜文楷).\n"
        "\n"
        f"Copyright notice, as in the source font's name table: {copyright_}\n"
        f"Debian's copyright file for the package says: Copyright: "
        f"{debian_copyright(pkg['root'] / WENKAI_COPYRIGHT)}\n"
        'Reserved Font Names: "霞鹜" and "LXGW" (so the subset is named BriefgenKaiSC).\n'
        "Klee is a trademark of Fontworks Inc.\n"
        "\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        f"The licence below is copied from the copyright file of the Debian package\n"
        f"{WENKAI_PKG} {pkg['version']} (upstream: {WENKAI_UPSTREAM}).\n"
        "\n" + text, encoding="utf-8")


def write_apache(pkg: dict, out: Path) -> None:
    copyright_text = (pkg["root"] / DROID_COPYRIGHT).read_text(encoding="utf-8")
    sep = "=" * 72 + "\nFull text of the Apache License, Version 2.0:\n" + "=" * 72 + "\n\n"
    if APACHE_TEXT.exists():
        full = APACHE_TEXT.read_text(encoding="utf-8")
    elif out.exists() and sep in out.read_text(encoding="utf-8"):
        full = out.read_text(encoding="utf-8").split(sep, 1)[1]
    else:
        print(f"  WARNING: {APACHE_TEXT} not found: {out.name} points to the licence's address only")
        full = "See http://www.apache.org/licenses/LICENSE-2.0\n"
    out.write_text(
        f"{FALLBACK['file']} in this folder is Droid Sans Fallback, unmodified, from the Debian\n"
        f"package {DROID_PKG} {pkg['version']} (upstream: {DROID_UPSTREAM}).\n"
        "It is licensed under the Apache License, Version 2.0.\n\n"
        "Debian's copyright file for the package:\n\n" + copyright_text.rstrip("\n") + "\n\n"
        + sep + full, encoding="utf-8")


# ------------------------------------------------------------------ manifest

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def charset_digest(cps) -> str:
    return hashlib.sha256(",".join(f"{cp:X}" for cp in sorted(cps)).encode()).hexdigest()


def check(out_dir: Path, seeds: Path) -> int:
    """Files match the manifest, and every seed character is in every Noto face."""
    from fontTools.ttLib import TTFont
    manifest_path = out_dir / "manifest.json"
    if not manifest_path.exists():
        print(f"{manifest_path} missing: run python fonts/build_fonts.py")
        return 1
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    rep = repertoire(seeds)
    problems = []
    for face in manifest["faces"]:
        path = out_dir / face["file"]
        if not path.exists() or sha256(path) != face["sha256"]:
            problems.append(f"{face['file']}: missing or sha256 differs from manifest.json")
            continue
        if face["role"] == "fallback":
            continue
        cmap = TTFont(str(path), lazy=True).getBestCmap()
        known = {int(c[2:], 16) for c in face.get("missing_from_source", [])}
        lacking = sorted(cp for cp in rep["seed"] if cp not in cmap and cp not in known)
        if lacking:
            problems.append(f"{face['file']}: lacks {len(lacking)} seed characters: "
                            + "".join(chr(c) for c in lacking[:40]))
    for p in problems:
        print(p)
    if problems:
        print("run: python fonts/build_fonts.py")
        return 1
    print(f"ok: {len(manifest['faces'])} faces match manifest.json; "
          f"{len(rep['seed'])} seed characters covered")
    return 0


# ---------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--debs", type=Path, help="folder with the fonts-noto-cjk, fonts-lxgw-wenkai and fonts-droid-fallback .deb files "
                                              "(skips apt-get download)")
    ap.add_argument("--seeds", type=Path, default=REPO / "seeds", help="default: %(default)s")
    ap.add_argument("--out", type=Path, default=HERE, help="default: %(default)s")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--keep-work", action="store_true", help="keep the temporary folder")
    ap.add_argument("--check", action="store_true", help="only check the files against manifest.json and "
                                                         "that every seed character is covered")
    args = ap.parse_args()
    if args.check:
        return check(args.out, args.seeds)

    import fontTools
    t_start = time.perf_counter()
    rep = repertoire(args.seeds)
    print(f"repertoire: {len(rep['all'])} code points ({len(rep['base'])} fixed, "
          f"{len(rep['seed'])} from {len(rep['seed_files'])} seed files)")
    work = Path(tempfile.mkdtemp(prefix="briefgen-fonts-"))
    try:
        pkgs = get_packages(work, args.debs)
        noto, droid = pkgs[NOTO_PKG], pkgs[DROID_PKG]
        print("; ".join(f"{name} {pkg['version']} ({pkg['how']})" for name, pkg in pkgs.items()))
        args.out.mkdir(parents=True, exist_ok=True)
        unicodes = sorted(rep["all"])

        results = {}
        with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(build_face, face, str(pkgs[face["pkg"]]["root"] / face["dir"] / face["ttc"]),
                                   unicodes, str(args.out / face["file"])): face["file"] for face in FACES}
            for fut in concurrent.futures.as_completed(futures):
                r = results[futures[fut]] = fut.result()
                print(f"  {futures[fut]}: {r['glyphs']} glyphs, subset {r['subset_s']} s, "
                      f"convert+save {r['convert_s']} s")

        shutil.copyfile(droid["root"] / DROID_FILE, args.out / FALLBACK["file"])
        noto_faces = [f for f in FACES if f["pkg"] == NOTO_PKG]
        write_ofl(noto, {f["source_ps"]: results[f["file"]]["copyright"] for f in noto_faces}, args.out / "OFL.txt")
        kai = next(f for f in FACES if f["pkg"] == WENKAI_PKG)
        write_ofl_wenkai(pkgs[WENKAI_PKG], results[kai["file"]]["copyright"], args.out / kai["license_file"])
        write_apache(droid, args.out / "LICENSE-Apache-2.0.txt")

        from fontTools.ttLib import TTFont
        faces = []
        for face in FACES:
            path = args.out / face["file"]
            r = results[face["file"]]
            missing = [f"U+{cp:04X}" for cp in r["missing"]]
            seed_missing = [f"U+{cp:04X}" for cp in r["missing"] if cp in rep["seed"]]
            if seed_missing:
                print(f"  note: {face['file']}: {len(seed_missing)} seed characters are not in "
                      f"{face['source_ps']} (the fallback face must draw them): {' '.join(seed_missing[:20])}")
            faces.append({
                "file": face["file"], "family": face["family"], "style": face["style"],
                "postscript_name": face["ps"], "reportlab_name": face["reportlab_name"], "role": face["role"],
                "bytes": path.stat().st_size, "sha256": sha256(path),
                "glyph_count": r["glyphs"], "cmap_count": r["cmap"], "outlines": "TrueType (glyf)",
                "source": {"package": face["pkg"], "version": pkgs[face["pkg"]]["version"],
                           "file": f"/{face['dir']}/{face['ttc']}",
                           "face_index": r["face_index"], "postscript_name": face["source_ps"],
                           "upstream": face["upstream"]},
                "license": "OFL-1.1", "license_file": face["license_file"],
                "zero_width_glyph_for": [f"U+{cp:04X}" for cp in r["zero_width_added"]],
                "missing_from_source": missing,
            })
        fb = TTFont(str(args.out / FALLBACK["file"]), lazy=True)
        faces.append({
            "file": FALLBACK["file"], "family": FALLBACK["family"], "style": FALLBACK["style"],
            "postscript_name": FALLBACK["ps"], "reportlab_name": FALLBACK["reportlab_name"],
            "role": FALLBACK["role"], "reportlab_options": {"asciiReadable": False},
            "bytes": (args.out / FALLBACK["file"]).stat().st_size,
            "sha256": sha256(args.out / FALLBACK["file"]), "glyph_count": len(fb.getGlyphOrder()),
            "cmap_count": len(fb.getBestCmap()), "outlines": "TrueType (glyf)",
            "source": {"package": DROID_PKG, "version": droid["version"], "file": f"/{DROID_FILE}",
                       "upstream": DROID_UPSTREAM, "modified": False},
            "license": "Apache-2.0", "license_file": "LICENSE-Apache-2.0.txt",
        })
        total = sum(f["bytes"] for f in faces)
        manifest = {
            "generator": "fonts/build_fonts.py",
            "fonttools_version": fontTools.version,
            "opencc_version": rep["opencc"],
            "repertoire": {
                "code_points": len(rep["all"]), "sha256": charset_digest(rep["all"]),
                "fixed": "GB 2312 (all two-byte codes), ASCII, Latin-1, U+2000-206F, U+3000-303F, "
                         "U+FF00-FFEF, U+2190-2193, U+2460-2473, № × ÷ ± ≥ ≤ ° ‰ ℃ € ™",
                "seed_files": rep["seed_files"], "seed_code_points": len(rep["seed"]),
            },
            "layout_features": LAYOUT_FEATURES, "dropped_tables": DROP_TABLES,
            "cu2qu_max_err_units": CU2QU_MAX_ERR,
            "total_bytes": total,
            "faces": faces,
        }
        (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    finally:
        if args.keep_work:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print("\nfile                               bytes   glyphs")
    for f in faces:
        print(f"{f['file']:32} {f['bytes']:>9,} {f['glyph_count']:>8}")
    print(f"{'total':32} {total:>9,}   ({total / 2**20:.1f} MiB; limit {SIZE_LIMIT / 2**20:.0f} MiB)")
    print(f"done in {time.perf_counter() - t_start:.0f} s")
    if total > SIZE_LIMIT:
        print("ERROR: the fonts are over the size limit")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
