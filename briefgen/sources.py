"""Read the source documents: a folder (or one file) of .txt/.md/.html/.docx/.pdf
plus the folder's sources.toml -> :class:`Sources`.

This stage only decodes and cleans: it finds each file's encoding, pulls the
text out of HTML/Word/PDF, removes control characters and drops duplicates.
Simplifying traditional characters, folding widths and re-joining broken
paragraphs is normalize's job.

A file that cannot be read as the user meant it (undecodable bytes, a corrupt
.docx, over the size limit) is an error: a brief silently missing an article is
worse than no brief. A file that is clearly not a source (an image, a .toml, an
empty file) is skipped with a warning, an error under ``strict``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefgen.config import Config, read_toml
from briefgen.errors import ConfigError, NoSourcesError, SourceError
from briefgen.models import Document, SourceMeta

SOURCES_TOML = "sources.toml"


@dataclass(frozen=True)
class Sources:
    documents: tuple[Document, ...]
    warnings: tuple[str, ...]
    park: str | None
    aliases: tuple[str, ...] = ()  # the park's other names (former names, short forms)


@dataclass(frozen=True)
class _Read:
    """What a format reader returns: the text and, when the file has one, its own title."""

    text: str
    title: str | None = None


class Undecodable(ValueError):
    """No encoding fits the bytes; the message names the byte offset."""


class _Skip(Exception):
    """The file is not a source document: skipped with a warning (an error under strict)."""


# --------------------------------------------------------------------------- sources.toml

_META_KEYS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "publisher": (str,),
    "published": (dt.date,),
    "script": (str,),
    "url": (str,),
    "encoding": (str,),  # override when detection guesses wrong
}
# written by `briefgen fetch` with each page it keeps; checked, not needed to read the file
_FETCH_RECORD_KEYS: dict[str, tuple[type, ...]] = {"fetched_at": (dt.datetime,), "sha256": (str,)}
_SCRIPTS = ("traditional", "simplified")


@dataclass(frozen=True)
class _Catalog:
    park: str | None
    metas: dict[str, SourceMeta]
    encodings: dict[str, str]
    aliases: tuple[str, ...] = ()


def _load_sources_toml(path: Path) -> _Catalog:
    if not path.is_file():
        return _Catalog(None, {}, {})
    data = read_toml(path, SourceError, missing="sources.toml not found")
    park = data.pop("park", None)
    if park is not None and not isinstance(park, str):
        raise SourceError(f"'park' must be str, not {type(park).__name__}", path=path)
    aliases = data.pop("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise SourceError("'aliases' must be a list of names (aliases = [\"安义高新园区\"])", path=path)
    for follow in ("feed", "page"):  # [[feed]] / [[page]]: what `briefgen fetch` follows (its own check)
        data.pop(follow, None)
    metas: dict[str, SourceMeta] = {}
    encodings: dict[str, str] = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise SourceError(
                f"unknown key '{name}' (top level takes only 'park' and 'aliases'; "
                f'documents are tables: ["{name}"])',
                path=path,
            )
        values: dict[str, Any] = {}
        for key, value in table.items():
            where = f"{name}.{key}"
            if key in _FETCH_RECORD_KEYS:
                if not isinstance(value, _FETCH_RECORD_KEYS[key]):
                    want = _FETCH_RECORD_KEYS[key][0].__name__
                    raise SourceError(f"'{where}' must be a {want}, not {type(value).__name__}", path=path)
                continue
            if key not in _META_KEYS:
                known = ", ".join(sorted({*_META_KEYS, *_FETCH_RECORD_KEYS}))
                raise SourceError(f"unknown key '{where}' (known: {known})", path=path)
            types = _META_KEYS[key]
            # a TOML datetime is a date subclass: a time of day is not a publication date
            if not isinstance(value, types) or (key == "published" and isinstance(value, dt.datetime)):
                want = "a date (published = 2024-05-01, no quotes)" if key == "published" else "str"
                raise SourceError(f"'{where}' must be {want}, not {type(value).__name__}", path=path)
            values[key] = clean_line(value) if isinstance(value, str) else value
        if values.get("script", "traditional") not in _SCRIPTS:
            raise SourceError(f"'{name}.script' must be traditional or simplified", path=path)
        url = values.get("url")
        if url is not None and not re.match(r"https?://\S+$", url):
            raise SourceError(f"'{name}.url' must be an http:// or https:// address", path=path)
        if "encoding" in values:
            try:  # decoding, unlike codecs.lookup, also refuses codecs that are not text (rot13)
                b"\n\n\n\n".decode(values["encoding"])
            except LookupError:
                raise SourceError(
                    f"'{name}.encoding': unknown encoding '{values['encoding']}'", path=path
                ) from None
            except UnicodeDecodeError:
                pass  # a text encoding; those four bytes just mean nothing in it
            encodings[name] = values.pop("encoding")
        published = values.get("published")
        # a day's grace for time zones; a later date would become the period of 今年以来/截至目前
        if published is not None and published > dt.date.today() + dt.timedelta(days=1):
            raise SourceError(
                f"'{name}.published' is {published}, a date in the future (today is "
                f"{dt.date.today()}); correct it, or leave it out when unknown",
                path=path,
            )
        metas[name] = SourceMeta(file=name, **values)
    return _Catalog(
        (park.strip() or None) if park else None, metas, encodings, tuple(a.strip() for a in aliases)
    )


# --------------------------------------------------------------------------- decoding

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# content that is a known binary format, whatever the file is called
_MAGIC = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (.docx/.xlsx?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
)
_UNLIKELY_MAX = 0.02  # share of unlikely characters above which a guessed decoding is refused
_CANDIDATES = ("utf-8", "gb18030", "big5")  # for naming where decoding breaks


def _sniff(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def _unlikely(ch: str) -> bool:
    """Characters a real Chinese/English text almost never holds: a sign of a wrong decoding."""
    if ch in "\t\n\r\f\v":
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs")


def _unlikely_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text if len(text) <= 200_000 else text[:100_000] + text[-100_000:]
    return sum(map(_unlikely, sample)) / len(sample)


def _looks_binary(data: bytes) -> bool:
    """Many C0 control bytes (NULs...) in the head: not text. A handful is a damaged
    text whose controls clean_text removes."""
    head = data[:8192]
    controls = sum(b < 32 and b not in (9, 10, 11, 12, 13, 27) for b in head)
    return controls > max(8, len(head) // 100)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM looks binary bytewise; charset-normalizer tells them apart."""
    from charset_normalizer import from_bytes

    guess = from_bytes(data, cp_isolation=["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]).best()
    if guess is None:
        return None
    text = str(guess)
    return text if _unlikely_share(text) <= _UNLIKELY_MAX else None


def _single_byte(encoding: str) -> bool:
    """Latin-1, cp1252, KOI8...: every byte is one character (so any bytes 'decode')."""
    try:
        return len(bytes(range(0x80, 0x100)).decode(encoding, errors="replace")) == 0x80
    except LookupError:
        return False


def _where_it_breaks(data: bytes) -> str:
    """The candidate encoding that decodes the most bytes, and the offset where it stops."""
    best_enc, best_at = "utf-8", -1
    for enc in _CANDIDATES:
        try:
            data.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start > best_at:
                best_enc, best_at = enc, exc.start
        else:
            return f"it decodes as {enc.upper()} but not into readable text"
    bad = data[best_at : best_at + 4].hex(" ")
    return f"byte offset {best_at} (0x{bad}) cannot be decoded as {best_enc.upper()}"


def decode_text(data: bytes, *, encoding: str | None = None, declared: str | None = None) -> tuple[str, str]:
    """Bytes -> (text, encoding name). BOM first, then strict UTF-8, then the
    charset the file declares (an HTML meta tag) if it decodes, then a
    charset-normalizer guess that must look like text. Raises Undecodable (naming
    the byte offset) when nothing fits, _Skip for binary data."""
    if encoding:  # the user said so in sources.toml
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise Undecodable(
                f"byte offset {exc.start} cannot be decoded as {encoding} (sources.toml)"
            ) from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc + " with BOM"
            except UnicodeDecodeError as exc:
                raise Undecodable(
                    f"starts with a {enc.upper()} BOM but byte offset {exc.start + len(bom)} "
                    f"cannot be decoded as {enc.upper()}"
                ) from None
    what = _sniff(data)
    if what:
        raise _Skip(f"content is {what}, not text")
    if _looks_binary(data):
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "utf-16"
        raise _Skip("binary content, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # valid UTF-8 wins over a declaration (pages often say iso-8859-1 and are UTF-8);
    # else the declaration, as browsers do, unless the bytes contradict it (mislabeled)
    if declared and not _single_byte(declared):  # a Latin label on Chinese bytes decodes to mojibake
        try:
            text = data.decode(declared)
            if _unlikely_share(text) <= _UNLIKELY_MAX:
                return text, f"{declared} (declared)"
        except (UnicodeDecodeError, LookupError):
            pass
    # mostly valid UTF-8 with a few bad bytes: a damaged UTF-8 file, not another encoding
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if sum(ord(c) > 127 for c in lenient) - bad > 20 * bad:
        raise Undecodable(
            f"byte offset {utf8_error.start} (0x{data[utf8_error.start : utf8_error.start + 4].hex(' ')}) "
            f"cannot be decoded as UTF-8 ({bad} bad byte sequence(s) in an otherwise UTF-8 file)"
        )
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 files pay for it

    guess = from_bytes(data).best()
    if guess is not None:
        text = str(guess)
        if _unlikely_share(text) <= _UNLIKELY_MAX:
            return text, guess.encoding
    raise Undecodable(
        f"cannot tell the text encoding (not UTF-8, GB18030, Big5 or UTF-16): {_where_it_breaks(data)}; "
        "save it as UTF-8 or set encoding in sources.toml"
    )


# --------------------------------------------------------------------------- format readers


def _read_text(data: bytes, encoding: str | None) -> _Read:
    try:
        text, _ = decode_text(data, encoding=encoding)
    except Undecodable as exc:
        raise SourceError(str(exc)) from None
    return _Read(text)


_MARKDOWN = [  # (pattern, replacement): the syntax goes, the words stay
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"^ {0,3}(```|~~~).*$", re.M), ""),  # code fences (their content is kept)
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M), r"\1"),  # ATX headings
    (re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$", re.M), ""),  # horizontal rules
    (re.compile(r"^ {0,3}(=+|-+)[ \t]*$", re.M), ""),  # setext heading underlines
    (re.compile(r"^[ \t]*(>[ \t]?)+", re.M), ""),  # block quotes
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.M), ""),  # bullet markers (numbered lists kept)
    # table rules |---|:--:|
    (re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M), ""),
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),  # links: their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
]


def _read_markdown(data: bytes, encoding: str | None) -> _Read:
    text = _read_text(data, encoding).text
    for pattern, repl in _MARKDOWN:
        text = pattern.sub(repl, text)
    # table rows: | a | b |  ->  a<TAB>b
    text = re.sub(
        r"^[ \t]*\|(.*)\|[ \t]*$", lambda m: "\t".join(c.strip() for c in m[1].split("|")), text, flags=re.M
    )
    return _Read(text)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# what browsers actually decode these labels as (WHATWG Encoding Standard)
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page names in its head, as a Python codec name."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    label = m[1].decode("ascii").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _read_html(data: bytes, encoding: str | None) -> _Read:
    import trafilatura
    from lxml import html as lxml_html

    try:
        page, _ = decode_text(data, encoding=encoding, declared=declared_charset(data))
    except Undecodable as exc:
        raise SourceError(str(exc)) from None
    if not page.strip():
        return _Read("")
    # one pass for the article and its metadata (extract + extract_metadata parse twice)
    found = trafilatura.bare_extraction(page, include_comments=False, include_tables=True, with_metadata=True)
    assert not isinstance(found, dict)  # a Document (or None) since trafilatura 2.0 unless as_dict=True
    text = (found.text if found is not None else None) or ""
    title = (found.title if found is not None else None) or None
    if len(text.strip()) < _ARTICLE_MIN:
        # no article found: trafilatura then returns whatever text it saw, menus
        # included; the body without its furniture is the better guess
        text = _html_body_text(lxml_html, page)
    return _Read(text, title=title)


_ARTICLE_MIN = 200  # characters; less is a page without an article (or a news flash)
_HTML_DROP = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
)
_HTML_BLOCKS = (
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "table",
    "blockquote",
    "pre",
    "dd",
    "dt",
)


def _html_body_text(lxml_html: Any, page: str) -> str:
    """Fallback when trafilatura finds no article: the body's text without page furniture."""
    try:
        parser = lxml_html.HTMLParser(encoding="utf-8")
        root = lxml_html.document_fromstring(page.encode("utf-8"), parser=parser)
    except Exception:  # lxml raises ParserError / ValueError on markup-free or empty input
        return page
    for el in root.iter(*_HTML_DROP):
        el.drop_tree()
    for el in root.iter(*_HTML_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    body = root.find("body")
    text = (body if body is not None else root).text_content()
    return re.sub(r"\n\s*\n+", "\n", text).strip()


_DOCX_MAX_UNPACKED = 512 * 1024 * 1024


def _read_docx(data: bytes, encoding: str | None) -> _Read:
    import zipfile

    import docx
    from docx.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise SourceError("not a Word .docx file (a zip archive without word/document.xml)")
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > _DOCX_MAX_UNPACKED:  # the size limit checked the packed file only
                raise SourceError(
                    f"unpacks to {_size(unpacked)}, over {_size(_DOCX_MAX_UNPACKED)} (a zip bomb?)"
                )
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise SourceError(f"not a valid .docx file ({exc})") from None
    except SourceError:
        raise
    except Exception as exc:  # python-docx/lxml raise several kinds on damaged parts
        raise SourceError(f"not a valid .docx file ({type(exc).__name__}: {exc})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text.strip() for cell in row.cells))
        else:
            lines.append(block.text)
    return _Read("\n".join(lines), title=_real_title(document.core_properties.title))


def _read_pdf(data: bytes, encoding: str | None) -> _Read:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's business
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError("the PDF is password-protected; save an unprotected copy")
        meta = reader.metadata
        if meta is not None and str(meta.creator or "").startswith("briefgen"):
            # out = sources would feed each brief's numbers back into the next one
            raise _Skip("a brief made by briefgen, not a source")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = meta.title if meta is not None else None
    except (SourceError, _Skip):
        raise
    except PdfReadError as exc:
        raise SourceError(f"not a readable PDF ({exc})") from None
    except Exception as exc:  # pypdf raises many kinds on malformed files: report, never a traceback
        raise SourceError(f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n".join(pages)
    if pages and not text.strip():
        raise _Skip(f"no text layer (scanned?) in {len(pages)} page(s)")
    return _Read(text, title=_real_title(title))


def _real_title(title: str | None) -> str | None:
    """A document's own title, unless it is a tool's placeholder."""
    title = (title or "").strip()
    return None if title.lower() in ("", "untitled", "无标题", "无标题文档", "document") else title


Reader = Callable[[bytes, "str | None"], _Read]
READERS: dict[str, Reader] = {
    ".txt": _read_text,
    ".text": _read_text,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".xhtml": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
_HINTS = {
    ".doc": "the old Word format is not supported; save it as .docx",
    ".wps": "WPS files are not supported; save it as .docx",
    ".rtf": "RTF is not supported; save it as .docx or .txt",
}
_SUPPORTED = " ".join(sorted({".txt", ".md", ".html", ".docx", ".pdf"}))


def _reader_for(path: Path, data: bytes) -> tuple[Reader, str | None]:
    """The reader for the extension, and a note when the content overrides the
    name (a PDF or a Word file saved as .txt is read as what it is)."""
    ext = path.suffix.lower()
    if data.startswith(b"%PDF-") and ext != ".pdf":
        return _read_pdf, f"is a PDF despite its '{ext}' name; read as PDF"
    if data.startswith(b"PK\x03\x04") and ext != ".docx" and b"word/" in data[:65536]:
        return _read_docx, f"is a Word .docx despite its '{ext}' name; read as .docx"
    head = data[:1024].removeprefix(codecs.BOM_UTF8)
    is_page = re.match(rb"\s*<(!doctype html|html)[\s>]", head, re.I)
    if is_page and READERS.get(ext) in (_read_text, _read_markdown):
        return _read_html, f"is a web page despite its '{ext}' name; read as HTML"
    if ext in READERS:
        return READERS[ext], None
    raise _Skip(_HINTS.get(ext, f"unknown file type '{ext or '(none)'}' (read: {_SUPPORTED})"))


# --------------------------------------------------------------------------- cleaning

_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
# C0/C1 but \t \n (\v \f \r \x85 are line breaks, above), and the two noncharacters XML refuses
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def clean_text(text: str) -> tuple[str, int]:
    """Newlines to \\n, a stray BOM and control characters removed: (text, controls removed)."""
    text, removed = _CONTROLS.subn("", text)
    return _LINE_BREAKS.sub("\n", text).lstrip("\ufeff"), removed


def clean_line(text: str) -> str:
    """A metadata string (title, publisher): cleaned, on one line."""
    return " ".join(clean_text(text)[0].split())


def _fold(text: str) -> str:
    """What counts as 'the same text' for duplicates: NFC, whitespace ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def drop_normalized_duplicates(docs: tuple[Document, ...]) -> tuple[tuple[Document, ...], tuple[str, ...]]:
    """After normalize: the same article in traditional and in simplified characters
    (or full- and half-width digits) is one source. Keeps the first by name."""
    kept: list[Document] = []
    warnings: list[str] = []
    seen: dict[str, Document] = {}
    for doc in docs:
        first = seen.get(_fold(doc.text)) if doc.text else None
        if first is not None:
            warnings.append(
                f"{doc.path}: same text as {first.name} once normalized "
                "(e.g. traditional vs simplified); counted once"
            )
            continue
        seen[_fold(doc.text)] = doc
        kept.append(doc)
    return tuple(kept), tuple(warnings)


# --------------------------------------------------------------------------- the stage


def _list_files(folder: Path) -> list[Path]:
    def ignored(p: Path) -> bool:
        # hidden files, sources.toml and corrections.toml (a reviewer's fixes, briefgen/corrections.py),
        # editor backups, Office lock files (~$x.docx), OS litter
        return (
            p.name.startswith((".", "~$"))
            or p.name.endswith("~")
            or p.name.lower() in (SOURCES_TOML, "corrections.toml", "thumbs.db", "desktop.ini")
        )

    return sorted((p for p in folder.iterdir() if not ignored(p)), key=lambda p: p.name)


def shown(path: Path) -> str:
    """The path as it can be printed: bytes that are not UTF-8 shown as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def _locate(cfg: Config) -> tuple[Path, list[Path]]:
    """The sources folder and the candidate files in it (or the one file asked for)."""
    where = cfg.sources_dir
    if shown(where) != str(where):
        raise SourceError("the folder name is not valid UTF-8; rename it", path=shown(where))
    if where.is_dir():
        return where, _list_files(where)
    if where.is_file():
        return where.parent, [where]
    raise NoSourcesError("sources folder not found", path=where)


def read_sources(cfg: Config) -> Sources:
    """Read every source document in cfg.sources_dir (a folder or one file)."""
    if not cfg.max_file_mb > 0:  # also refuses nan
        raise ConfigError(
            f"'max_file_mb' must be a positive number, not {cfg.max_file_mb:g}", path=cfg.config_file
        )
    folder, files = _locate(cfg)
    single = not cfg.sources_dir.is_dir()  # one file asked for: not reading it is the error
    catalog = _load_sources_toml(folder / SOURCES_TOML)
    warnings: list[str] = []
    documents: list[Document] = []
    seen: dict[str, str] = {}  # sha256 or folded text -> the name kept

    def skip(path: Path, reason: str) -> None:
        if single:
            raise NoSourcesError(reason, path=shown(path))
        if cfg.strict:
            raise SourceError(f"{reason} (strict mode: not skipped)", path=shown(path))
        warnings.append(f"{shown(path)}: {reason}; skipped")

    if not single:  # one file asked for: the others listed are not missing
        for name in catalog.metas:
            if not (folder / name).exists():
                warnings.append(f"{folder / SOURCES_TOML}: lists '{name}', which is not in the folder")

    for path in files:
        try:
            doc = _read_document(path, cfg, catalog, warnings)
        except _Skip as exc:
            skip(path, str(exc))
            continue
        except SourceError as exc:
            if exc.path is None:  # readers don't know the path: name the file here
                raise SourceError(str(exc), path=shown(path)) from None
            raise
        if doc is None:
            continue
        folded = _fold(doc.original)
        first = seen.get(doc.sha256) or seen.get(folded)
        if first is not None:
            warnings.append(f"{path}: same text as {first}; counted once")
            continue
        seen[doc.sha256] = seen[folded] = doc.name
        documents.append(doc)

    if not documents:
        skipped = [w.removesuffix("; skipped") for w in warnings if w.endswith("; skipped")]
        detail = f"; {len(skipped)} file(s) skipped, first {skipped[0]}" if skipped else ""
        raise NoSourcesError(f"no readable source document ({_SUPPORTED}) in the folder{detail}", path=folder)
    return Sources(tuple(documents), tuple(warnings), catalog.park, catalog.aliases)


def _read_document(path: Path, cfg: Config, catalog: _Catalog, warnings: list[str]) -> Document | None:
    """One file -> Document; None for a sub-folder; _Skip for what is not a source."""
    if path.is_dir():
        return None  # sub-folders are the user's own business (archives, expected outputs...)
    if path.is_symlink() and not path.exists():
        raise _Skip("broken symbolic link")
    if not path.is_file():
        raise _Skip("not a regular file")  # FIFOs, sockets, devices: reading could block
    if shown(path) != str(path):
        raise _Skip("the file name is not valid UTF-8; rename it")
    try:
        size = path.stat().st_size
        if size > cfg.max_file_mb * 1024 * 1024:  # before reading: memory stays bounded
            raise SourceError(
                f"file is {_size(size)}, over the {cfg.max_file_mb:g} MB limit "
                "(max_file_mb in briefgen.toml)",
                path=path,
            )
        if size == 0:
            raise _Skip("empty file")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=path) from None
    reader, note = _reader_for(path, data)
    if note:
        warnings.append(f"{path}: {note}")
    read = reader(data, catalog.encodings.get(path.name))
    text, removed = clean_text(read.text)
    if removed:
        warnings.append(f"{path}: removed {removed} control character(s)")
    if not text.strip():
        raise _Skip("no text")
    meta = catalog.metas.get(path.name, SourceMeta(file=path.name))
    if meta.title is None and read.title and clean_line(read.title):
        meta = replace(meta, title=clean_line(read.title))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(name=path.name, path=path, meta=meta, original=text, sha256=sha)
