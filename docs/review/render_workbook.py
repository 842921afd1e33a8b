#!/usr/bin/env python3
"""docs/review/workbook.png: a picture of the review workbook, drawn from the real file.

Runs `briefgen review` on a copy of seeds/, fills three rows as a reviewer would in
Excel (a corrected value, a deletion, a remark), then draws the sheet's first rows
from the saved .xlsx with Pillow: each cell's value, its header fill (grey: what
briefgen found; yellow: the reviewer's columns) and the banding of indicators, in
the repository's CJK face (fonts/BriefgenSansSC, DroidSansFallback for what the
subset lacks). No spreadsheet program is involved; column widths follow the
workbook's own (Excel width units x 7.5 px); long text is cut with "…" (Excel
wraps it) and a long sentence starts a few characters before its 【number】.

    .venv/bin/python docs/review/render_workbook.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools.ttLib import TTFont
from openpyxl import load_workbook
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "workbook.png"
FACE, FALLBACK = REPO / "fonts" / "BriefgenSansSC-Regular.ttf", REPO / "fonts" / "DroidSansFallbackFull.ttf"
BOLD = REPO / "fonts" / "BriefgenSansSC-Bold.ttf"
SIZE, ROW, PAD, PX = 13, 24, 5, 7.5
ROWS = 16  # header + the first 15 facts
COLUMNS = ("编号", "主题", "指标", "简报中", "原句（【】内为数值）", "数值", "单位", "主体", "时期")
COLUMNS += ("处理", "改正数值", "备注")
WIDTH = {"原句（【】内为数值）": 46, "指标": 18, "主体": 18, "备注": 14}


def filled_workbook(tmp: Path) -> Path:
    shutil.copytree(REPO / "seeds", tmp / "seeds")
    subprocess.run([sys.executable, "-m", "briefgen", "review"], cwd=tmp, check=True, capture_output=True)
    path = next((tmp / "out").glob("*_审核表.xlsx"))
    wb = load_workbook(path)
    ws = wb["审核"]
    head = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        sentence = ws.cell(r, head["原句（【】内为数值）"]).value or ""
        if "【99.85亿元】" in sentence:
            ws.cell(r, head["处理"], "修改")
            ws.cell(r, head["改正数值"], 98.6)
            ws.cell(r, head["备注"], "管委会核实")
        if "【第64位】" in sentence:
            ws.cell(r, head["处理"], "删除")
            ws.cell(r, head["备注"], "年份不明")
    wb.save(path)
    return path


class Faces:
    def __init__(self) -> None:
        self.cmap = set(TTFont(FACE).getBestCmap())
        self.main = ImageFont.truetype(str(FACE), SIZE)
        self.bold = ImageFont.truetype(str(BOLD), SIZE)
        self.fallback = ImageFont.truetype(str(FALLBACK), SIZE)

    def draw(self, d: ImageDraw.ImageDraw, x: float, y: float, text: str, bold: bool = False) -> None:
        for ch in text:
            font = (self.bold if bold else self.main) if ord(ch) in self.cmap else self.fallback
            d.text((x, y), ch, font=font, fill="black")
            x += font.getlength(ch)

    def fit(self, text: str, width: float) -> str:
        out, used = "", 0.0
        for ch in text:
            w = (self.main if ord(ch) in self.cmap else self.fallback).getlength(ch)
            if used + w > width - SIZE:
                return out + "…"
            out, used = out + ch, used + w
        return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = load_workbook(filled_workbook(Path(tmp)))["审核"]
        head = {c.value: c.column for c in ws[1]}
        widths = [
            WIDTH.get(c, ws.column_dimensions[ws.cell(1, head[c]).column_letter].width) * PX for c in COLUMNS
        ]
        img = Image.new("RGB", (int(sum(widths)) + 1, ROW * ROWS + 1), "white")
        d = ImageDraw.Draw(img)
        faces = Faces()
        for r in range(1, ROWS + 1):
            x = 0.0
            for name, w in zip(COLUMNS, widths, strict=True):
                cell = ws.cell(r, head[name])
                fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None
                color = "#" + fill[-6:] if isinstance(fill, str) and fill != "00000000" else "white"
                box = (x, (r - 1) * ROW, x + w, r * ROW)
                d.rectangle(box, fill=color, outline="#BFBFBF")
                value = cell.value
                text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
                if (
                    "【" in text and text.index("【") > 14
                ):  # Excel wraps the sentence; here: around the number
                    text = "…" + text[text.index("【") - 12 :]
                faces.draw(d, x + PAD, (r - 1) * ROW + 4, faces.fit(text, w), bold=r == 1)
                x += w
        d.line((0, ROW, img.width, ROW), fill="#7F7F7F", width=2)  # the frozen header
        img.save(OUT, optimize=True)
    print(OUT)


if __name__ == "__main__":
    main()
