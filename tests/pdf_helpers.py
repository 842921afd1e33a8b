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


def overlapping_glyphs(data: bytes, *, share: float = 0.2) -> list[int]:
    """Per page, how many glyphs are drawn over another glyph: their boxes share
    more than ``share`` of the smaller box (CJK glyphs that merely touch, or a
    tight kerning pair, do not count). Rotated text is compared by its real
    (rotated) box, not the upright rectangle around it."""
    import pdfplumber

    counts = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            boxes = [_glyph_quad(c) for c in page.chars if c["text"].strip()]
            counts.append(_count_overlaps(boxes, share))
    return counts


def _glyph_quad(c: dict) -> tuple[tuple[float, float], ...]:
    """The glyph's box as four corners in page space (y up): the advance along
    the baseline by the font size across it, turned as the text matrix turns it."""
    a, b, cc, d, e, f = c["matrix"]
    adv = c["adv"]  # in text space, like the font size; the matrix maps text space to the page
    # pdfminer's box spans M(0, descent) to M(adv, descent + size): recover the size in
    # text space from the box's height (or width, for text turned near 90 degrees)
    if abs(d) >= abs(cc):
        height = c["y1"] - c["y0"]
        fs = abs(height) / abs(d) if abs(b) < 1e-9 else _solve_size(height, b * adv, d, adv)
    else:
        fs = _solve_size(c["x1"] - c["x0"], a * adv, cc, adv)
    lo, hi = -0.12 * fs, 0.88 * fs  # descent and ascent of the em box
    pts = [(0.0, lo), (adv, lo), (adv, hi), (0.0, hi)]
    return tuple((a * x + cc * y + e, b * x + d * y + f) for x, y in pts)


def _solve_size(extent: float, along: float, across: float, adv: float) -> float:
    """The size s with |along + across * s| == extent closest to the advance."""
    options = [s for s in ((extent - along) / across, (-extent - along) / across) if s > 0]
    return min(options, key=lambda s: abs(s - adv)) if options else adv


def _count_overlaps(quads: list[tuple[tuple[float, float], ...]], share: float) -> int:
    from collections import defaultdict

    cell = 12.0
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    bounds = []
    for i, q in enumerate(quads):
        xs, ys = [p[0] for p in q], [p[1] for p in q]
        bounds.append((min(xs), min(ys), max(xs), max(ys)))
        for gx in range(int(min(xs) // cell), int(max(xs) // cell) + 1):
            for gy in range(int(min(ys) // cell), int(max(ys) // cell) + 1):
                grid[(gx, gy)].append(i)
    hit: set[int] = set()
    seen: set[tuple[int, int]] = set()
    for members in grid.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                bi, bj = bounds[i], bounds[j]
                if bi[2] <= bj[0] or bj[2] <= bi[0] or bi[3] <= bj[1] or bj[3] <= bi[1]:
                    continue
                inter = _polygon_area(_clip(list(quads[i]), list(quads[j])))
                smaller = min(_polygon_area(list(quads[i])), _polygon_area(list(quads[j])))
                if smaller > 0 and inter > share * smaller:
                    hit.update((i, j))
    return len(hit)


def _polygon_area(poly: list[tuple[float, float]]) -> float:
    return (
        abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True))) / 2
    )


def _clip(subject: list[tuple[float, float]], clip: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the part of convex ``subject`` inside convex ``clip``."""
    if _signed_area(clip) < 0:
        clip = clip[::-1]
    out = subject
    for edge in zip(clip, clip[1:] + clip[:1], strict=True):
        if not out:
            break
        src, out = out, []
        for k, p in enumerate(src):
            q = src[(k + 1) % len(src)]
            if _inside(edge, q):
                if not _inside(edge, p):
                    out.append(_cross(edge, p, q))
                out.append(q)
            elif _inside(edge, p):
                out.append(_cross(edge, p, q))
    return out


Edge = tuple[tuple[float, float], tuple[float, float]]


def _inside(edge: Edge, p: tuple[float, float]) -> bool:
    (cx0, cy0), (cx1, cy1) = edge
    return (cx1 - cx0) * (p[1] - cy0) - (cy1 - cy0) * (p[0] - cx0) >= 0


def _cross(edge: Edge, p: tuple[float, float], q: tuple[float, float]) -> tuple[float, float]:
    (cx0, cy0), (cx1, cy1) = edge
    dx, dy = q[0] - p[0], q[1] - p[1]
    ex, ey = cx1 - cx0, cy1 - cy0
    den = dx * ey - dy * ex
    t = ((cx0 - p[0]) * ey - (cy0 - p[1]) * ex) / den if den else 0.0
    return (p[0] + t * dx, p[1] + t * dy)


def _signed_area(poly: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True)) / 2
