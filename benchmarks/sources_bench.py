"""How much does reading sources cost over the least work, per encoding and format?

For each case a folder holding one file is read with ``read_sources`` (encoding
detection, format extraction, cleaning, duplicate check) and compared with a
baseline doing only what no reader can avoid: read the bytes and decode them
with the codec already known (for .docx/.pdf/.html: the same library call
without briefgen around it). Figures are ratios against the baseline measured
in the same run, best of N, and the peak memory (tracemalloc) per input byte.

    .venv/bin/python benchmarks/sources_bench.py [--mb 4] [--runs 5]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def article(mb: float) -> str:
    """The seeds repeated to about ``mb`` MB of UTF-8 (simplified)."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    text = "\n".join(
        t2s.convert(path.read_text(encoding="utf-8")) for path in sorted((REPO / "seeds").glob("*.txt"))
    )
    text = text.replace("\xa0", " ")
    return text * max(1, round(mb * 1024 * 1024 / len(text.encode("utf-8"))))


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for para in text.splitlines():
        document.add_paragraph(para)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def cases(text: str) -> dict[str, tuple[str, bytes, Callable[[bytes], object]]]:
    """name -> (file name, file bytes, baseline over the bytes)."""
    import opencc

    trad = opencc.OpenCC("s2t").convert(text)
    page = (
        "<html><head><meta charset='utf-8'><title>t</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in text.splitlines() if p)
        + "</article></body></html>"
    )

    def trafilatura_only(data: bytes) -> object:
        import trafilatura

        return trafilatura.extract(data.decode("utf-8"), include_comments=False, include_tables=True)

    def docx_only(data: bytes) -> object:
        import docx

        return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)

    return {
        "utf-8 .txt": ("a.txt", text.encode("utf-8"), lambda d: d.decode("utf-8")),
        "utf-8 BOM .md": ("a.md", text.encode("utf-8-sig"), lambda d: d.decode("utf-8-sig")),
        "utf-16 BOM .txt": ("a.txt", text.encode("utf-16"), lambda d: d.decode("utf-16")),
        "gb18030 .txt": ("a.txt", text.encode("gb18030"), lambda d: d.decode("gb18030")),
        "big5 .txt": ("a.txt", trad.encode("big5", errors="replace"), lambda d: d.decode("big5")),
        ".html": ("a.html", page.encode("utf-8"), trafilatura_only),
        ".docx": ("a.docx", docx_bytes(text[: len(text) // 8]), docx_only),  # python-docx is slow: 1/8
    }


def best(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="size of the text files (MB of UTF-8)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from briefgen.config import Config
    from briefgen.sources import read_sources

    text = article(args.mb)
    print(f"{'case':16} {'size':>8} {'baseline':>9} {'briefgen':>9} {'ratio':>6} {'peak/byte':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (file, data, baseline) in cases(text).items():
            folder = Path(tmp) / name.replace(" ", "_")
            folder.mkdir()
            (folder / file).write_bytes(data)
            cfg = Config(root=folder, sources=Path("."), max_file_mb=1024)
            read_sources(cfg)  # warm: imports, charset-normalizer tables
            base = best(lambda data=data, baseline=baseline: baseline(data), args.runs)
            ours = best(lambda cfg=cfg: read_sources(cfg), args.runs)
            mem = peak(lambda cfg=cfg: read_sources(cfg)) / len(data)
            size = len(data) / 1e6
            print(f"{name:16} {size:7.1f}M {base:8.3f}s {ours:8.3f}s {ours / base:5.1f}x {mem:8.1f}")


if __name__ == "__main__":
    main()
