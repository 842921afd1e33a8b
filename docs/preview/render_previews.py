"""Build the seeds' brief in both layouts and render every page to a small PNG
for review: docs/preview/page-NN.png (the standard layout) and
docs/preview/jianbao/page-NN.png (style = "jianbao", with a sample 报头 and 报尾).

    .venv/bin/python docs/preview/render_previews.py [--dpi 80]

Each build runs the real CLI (`python -m briefgen build`) in a temporary folder
with SOURCE_DATE_EPOCH=1700000000, so the previews change only when the brief
does. `--pdf FILE` renders one PDF you built yourself into docs/preview/ instead.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EPOCH = "1700000000"
JIANBAO = """\
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


def build(folder: Path, extra_config: str = "") -> Path:
    """The seeds' brief built in ``folder``; returns the latest PDF."""
    config = folder / "briefgen.toml"
    seeds = (REPO / "seeds").as_posix()
    config.write_text(f'sources = "{seeds}"\nout = "out"\n{extra_config}', encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--config", str(config), "--quiet"],
        cwd=REPO,  # this checkout's briefgen, whatever is installed
        env=env,
        check=True,
    )
    (latest,) = [p for p in (folder / "out").glob("*.pdf") if "_" not in p.stem]
    return latest


def render(pdf_path: Path, into: Path, dpi: int) -> int:
    into.mkdir(parents=True, exist_ok=True)
    for old in into.glob("page-*.png"):
        old.unlink()
    pdf = pdfium.PdfDocument(str(pdf_path))
    for number, page in enumerate(pdf, 1):
        image = page.render(scale=dpi / 72).to_pil()
        # a 64-colour palette keeps text and charts crisp at a fraction of the size
        image.convert("RGB").quantize(colors=64).save(into / f"page-{number:02d}.png", optimize=True)
    return len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--pdf", type=Path, help="render this PDF into docs/preview/ and build nothing")
    args = parser.parse_args()
    if args.pdf:
        print(f"{render(args.pdf, HERE, args.dpi)} pages -> {HERE}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra, into in (("standard", "", HERE), ("jianbao", JIANBAO, HERE / "jianbao")):
            folder = Path(tmp) / name
            folder.mkdir()
            pages = render(build(folder, extra), into, args.dpi)
            print(f"{name}: {pages} pages -> {into}")


if __name__ == "__main__":
    main()
