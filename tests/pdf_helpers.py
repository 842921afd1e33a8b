"""Reading a brief back the way a reader's viewer does (pypdf, pdfplumber)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

BASE14 = {"Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats"}
# the team's checker, copied from ../shared/eval so a clone runs it (tests/eval/README.md)
PDFCHECK = Path(__file__).resolve().parent / "eval" / "pdfcheck.py"
CANNOT_START = set("，。、；：！？）》」』】〕〉’”…·%％,.;:!?)]}")
CANNOT_END = set("（《「『【〔〈‘“([{")


def fonts(data: bytes) -> dict[str, bool]:
    """Every font the pages (and their form XObjects) use -> embedded?"""
    reader = PdfReader(io.BytesIO(data))
    found: dict[str, bool] = {}

    def walk(res):
        res = res.get_object() if res is not None else None
        if not res:
            return
        for font in (res.get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            found[str(font.get("/BaseFont"))] = any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
        for xobj in (res.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def page_texts(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def tofu(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(1 for page in pdf.pages for c in page.chars if c["text"] in ("\x00", "\ufffd"))


def line_break_violations(data: bytes) -> list[str]:
    bad = []
    for number, text in enumerate(page_texts(data), 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for i, line in enumerate(lines):
            if len(line) > 1 and i > 0 and line[0] in CANNOT_START:
                bad.append(f"p{number}: starts with {line[:20]}")
            if len(line) > 1 and line[-1] in CANNOT_END:
                bad.append(f"p{number}: ends with {line[-20:]}")
    return bad


def outline(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader.outline)
    return titles


def assert_clean(data: bytes) -> None:
    """Fonts embedded, none of the base 14, no tofu, no line-break violation."""
    used = fonts(data)
    assert used and all(used.values()), used
    assert not [name for name in used if name.lstrip("/").split("+")[-1].split("-")[0] in BASE14], used
    assert tofu(data) == 0
    assert line_break_violations(data) == []


def pdfcheck_strict(path: Path) -> subprocess.CompletedProcess | None:
    """Run the team's pdfcheck --strict when it is on this machine (None otherwise)."""
    if not PDFCHECK.is_file():
        return None
    return subprocess.run(
        [sys.executable, str(PDFCHECK), str(path), "--strict"], capture_output=True, text=True
    )
