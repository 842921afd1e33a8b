"""Regenerate the committed fixture files under tests/data/sources/ and the
generated (binary or encoded) files of tests/data/bad/.

    .venv/bin/python tests/data/make_fixtures.py

The texts are short excerpts of the seed articles, saved in the encodings and
formats that real source folders hold. Output is deterministic (fixed dates,
ReportLab invariant mode), so re-running it leaves git clean.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import opencc

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SEEDS = REPO / "seeds"
SOURCES = HERE / "sources"
BAD = HERE / "bad"
CJK_FONT = REPO / "fonts" / "BriefgenSansSC-Regular.ttf"  # ASCII + GB 2312

# a short simplified text with figures, used wherever a case needs one readable document
GOOD = "2023年，园区实现营业收入410亿元，同比增长12.5%。园区现有规上工业企业155家。\n"


def seed_paragraphs(name: str) -> list[str]:
    text = (SEEDS / name).read_text(encoding="utf-8").replace("\xa0", " ")
    return [p.strip() for p in text.splitlines() if len(p.strip()) > 40]


def excerpt(name: str, first: int, count: int) -> str:
    return "\n".join(seed_paragraphs(name)[first : first + count]) + "\n"


def write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    print(f"{path.relative_to(REPO)}  {len(data)} bytes")


# ----------------------------------------------------------------------------- readable sources


def make_sources() -> None:
    t2s = opencc.OpenCC("t2s")
    trad = excerpt("000_f375bfca49fd402f.txt", 0, 3)  # the traditional-character seed
    simp_of_trad = t2s.convert(excerpt("000_f375bfca49fd402f.txt", 3, 3))
    simp = excerpt("001_14a3bcd6bc545aa4.txt", 0, 2)
    simp2 = excerpt("001_14a3bcd6bc545aa4.txt", 2, 2)
    simp3 = excerpt("001_14a3bcd6bc545aa4.txt", 4, 2)
    simp4 = excerpt("001_14a3bcd6bc545aa4.txt", 6, 2)

    texts = {
        "big5_traditional.txt": (trad, trad.encode("big5")),
        "gb18030_simplified.txt": (simp_of_trad, simp_of_trad.encode("gb18030")),
        "utf16_bom.txt": (simp, simp.encode("utf-16")),  # Python's utf-16 writes a BOM
        "utf16le_no_bom.txt": (simp2, simp2.encode("utf-16-le")),
        "utf8_bom.md": (simp3, simp3.encode("utf-8-sig")),
        "crlf_utf8.txt": (simp4, simp4.replace("\n", "\r\n").encode("utf-8")),
        # says UTF-8 in its meta tag, is GBK: detection must win over the label
        "mislabeled_gbk.html": (
            None,
            _html_page(t2s.convert(excerpt("000_f375bfca49fd402f.txt", 6, 2)), charset="utf-8").encode("gbk"),
        ),
    }
    for name, (text, data) in texts.items():
        write(SOURCES / name, data)
        if text is not None:
            write(SOURCES / "expected" / name, text)

    write(SOURCES / "article.html", _html_page(excerpt("001_14a3bcd6bc545aa4.txt", 8, 4)))
    write(SOURCES / "report.docx", _docx())
    write(SOURCES / "report.pdf", _pdf(excerpt("001_14a3bcd6bc545aa4.txt", 12, 2)))
    write(SOURCES / "sources.toml", SOURCES_TOML)


SOURCES_TOML = """\
park = "安义高新技术产业园区"

["big5_traditional.txt"]
title = "工业强县 产业兴县（Big5 摘录）"
publisher = "江西日报"
published = 2022-06-14
script = "traditional"

["gb18030_simplified.txt"]
script = "simplified"
"""


def _html_page(article: str, charset: str = "utf-8") -> str:
    """A news page as saved from a browser: furniture around the article, with
    decoy figures in the parts that must be dropped."""
    paras = "".join(f"<p>{p}</p>\n" for p in article.splitlines() if p.strip())
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>安义园区发展纪实_新闻_人民网</title>
<script>var stats = "脚本里的产值999亿元";</script>
<style>p {{ line-height: 1.8 }}</style></head>
<body>
<header><div class="logo">人民网</div></header>
<nav class="menu"><ul><li><a href="/">首页</a></li><li><a href="/news">导航产值888亿元</a></li></ul></nav>
<div class="share-bar">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="main"><h1>安义园区发展纪实</h1>
{paras}<div class="bshare-custom">分享到：<a class="bshare-weixin">微信</a></div>
</div>
<aside><h3>热点推荐</h3><ul><li><a>推荐产值777亿元</a></li></ul></aside>
<footer>版权所有 人民网 返回顶部</footer>
<script>share("666亿元");</script>
</body></html>
"""


def _docx() -> bytes:
    import datetime as dt

    import docx

    document = docx.Document()
    document.core_properties.title = "安义园区经济运行情况"
    document.core_properties.created = dt.datetime(2024, 1, 1)
    document.core_properties.modified = dt.datetime(2024, 1, 1)
    document.add_heading("安义园区经济运行情况", level=1)
    document.add_paragraph("2023年，园区实现营业收入410亿元，同比增长12.5%。")
    table = document.add_table(rows=2, cols=2)
    for row, (a, b) in zip(table.rows, (("指标", "数值"), ("规上工业企业", "155家")), strict=True):
        row.cells[0].text, row.cells[1].text = a, b
    document.add_paragraph("园区面积拓展至20平方公里。")
    buf = io.BytesIO()
    document.save(buf)
    return _fix_zip_dates(buf.getvalue())


def _fix_zip_dates(data: bytes) -> bytes:
    """python-docx stamps the zip entries with now(): rewrite them so output is stable."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _pdf(text: str | None, *, encrypt: str | None = None) -> bytes:
    """A text-based PDF (None: a page with only a drawing, like a scan without OCR)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("FixtureCJK", str(CJK_FONT)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, encrypt=encrypt)
    c.setTitle("安义产业集群" if text else "")
    if text is None:
        c.rect(72, 400, 400, 300, fill=1)
    else:
        c.setFont("FixtureCJK", 11)
        y = 780
        for para in text.splitlines():
            while para:  # 40 characters a line, like a narrow column
                c.drawString(60, y, para[:40])
                para, y = para[40:], y - 18
    c.showPage()
    c.save()
    return buf.getvalue()


# ----------------------------------------------------------------------------- bad inputs


def make_bad() -> None:
    t2s = opencc.OpenCC("t2s")
    simp = t2s.convert(excerpt("000_f375bfca49fd402f.txt", 0, 2))

    utf8 = simp.encode("utf-8")
    write(BAD / "damaged_utf8" / "sources" / "damaged.txt", utf8[:300] + b"\xff\xfe" + utf8[300:])
    gbk = simp.encode("gbk")
    write(BAD / "undecodable_gbk" / "sources" / "broken.txt", gbk[:200] + b"\x80\xff\x80\xff" + gbk[200:])
    write(BAD / "bad_utf16_bom" / "sources" / "half.txt", "园区营业收入".encode("utf-16") + b"\x00\xd8\x41")
    random.seed(7)
    noise = bytes(random.getrandbits(8) for _ in range(3000))
    write(BAD / "binary_as_txt" / "sources" / "data.txt", noise)
    write(BAD / "png_named_txt" / "sources" / "photo.txt", b"\x89PNG\r\n\x1a\n" + noise[:200])
    write(BAD / "unknown_extension" / "sources" / "photo.png", b"\x89PNG\r\n\x1a\n" + noise[:200])
    write(BAD / "old_word_doc" / "sources" / "report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise[:500])
    write(BAD / "corrupt_docx" / "sources" / "report.docx", b"PK\x03\x04" + noise[:500])
    write(BAD / "zip_named_docx" / "sources" / "report.docx", _zip({"notes.txt": "not a Word file"}))
    write(BAD / "scanned_pdf" / "sources" / "scan.pdf", _pdf(None))
    write(BAD / "truncated_pdf" / "sources" / "cut.pdf", _pdf(GOOD)[:400])
    write(BAD / "encrypted_pdf" / "sources" / "locked.pdf", _pdf(GOOD, encrypt="secret"))
    write(BAD / "pdf_named_txt" / "sources" / "report.txt", _pdf(GOOD))
    write(
        BAD / "control_chars" / "sources" / "controls.txt",
        "2023年，园区\x00实现营业收入\x1b[31m410亿元\x07，同比\x85增长12.5%\x9b。\x0c第二页\x01\n",
    )
    write(BAD / "duplicate_encodings" / "sources" / "a_utf8.txt", GOOD)
    write(BAD / "duplicate_encodings" / "sources" / "b_gb18030.txt", GOOD.encode("gb18030"))
    trad = excerpt("000_f375bfca49fd402f.txt", 0, 3)  # the same article in both scripts
    write(BAD / "duplicate_scripts" / "sources" / "a_big5.txt", trad.encode("big5"))
    write(BAD / "duplicate_scripts" / "sources" / "b_simplified.txt", t2s.convert(trad))


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in files.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text)
    return out.getvalue()


if __name__ == "__main__":
    make_sources()
    make_bad()
