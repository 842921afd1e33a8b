"""Render the seeds' brief to small PNGs for review (docs/preview/page-NN.png).

    SOURCE_DATE_EPOCH=1700000000 .venv/bin/briefgen build --out /tmp/preview
    .venv/bin/python docs/preview/render_previews.py /tmp/preview/<title>.pdf [--dpi 80]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2 as pdfium

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    for old in HERE.glob("page-*.png"):
        old.unlink()
    pdf = pdfium.PdfDocument(str(args.pdf))
    for number, page in enumerate(pdf, 1):
        image = page.render(scale=args.dpi / 72).to_pil()
        # a 64-colour palette keeps text and charts crisp at a fraction of the size
        image.convert("RGB").quantize(colors=64).save(HERE / f"page-{number:02d}.png", optimize=True)
    print(f"{len(pdf)} pages -> {HERE}")


if __name__ == "__main__":
    main()
