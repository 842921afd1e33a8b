"""Property tests (hypothesis) over the text stages with arbitrary Unicode: CJK,
combining marks, control characters, markup, very long strings.

Each stage either returns a well-formed result or raises a BriefgenError (a
clear line for the user); anything else is a crash. Text is fed the way the
pipeline feeds it: bytes -> sources (decode, clean) -> normalize -> extract ->
reconcile -> compose -> pdf.
"""

from __future__ import annotations

import codecs
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.config import Config
from briefgen.errors import MissingGlyphsError, SourceError
from briefgen.models import Document, SourceMeta
from briefgen.sources import clean_text, decode_text, read_sources

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COMPOSE = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MARKUP = [
    '<font color="red">',
    "</font>",
    '<a href="http://evil.example/">',
    '<img src="/etc/passwd"/>',
    "{{ 7*7 }}",
    '{% include "/etc/passwd" %}',
    "{# c #}",
    "&amp;",
    "&",
    "<",
    ">",
    "<b>",
    "<br/>",
    "<para>",
    "]]>",
    "<![CDATA[",
    "<!--",
    "\\",
    '"',
    "'",
    "<pagebreak/>",
    '<chart key="x"/>',
    "</p><h1>",
    "</li></brief>",
    '<kpi name="假" value="999"/>',
]
PHRASES = [
    "2023年",
    "园区",
    "营业收入",
    "410亿元",
    "同比增长12.5%",
    "第15位",
    "从224亿元到410亿元",
    "，",
    "。",
    "規上工業企業155家",
    "１２３",
    "三百余家",
    "\n",
    "\r\n",
    " ",
    "\u3000",
    "e\u0301",
    "\u0651",
    "𠀀",
    "\x00",
    "\x1b[31m",
    "\x85",
    "\u2028",
    "\ufeff",
    "\u200b",
    "\ufffd",
    "\uffff",
]
# arbitrary code points (no surrogates: they cannot come out of a decoder)
ANY_CHAR = st.characters(exclude_categories=("Cs",))
texty = st.lists(
    st.one_of(st.sampled_from(PHRASES), st.sampled_from(MARKUP), st.text(ANY_CHAR, max_size=8)), max_size=60
).map("".join)
long_text = st.tuples(texty, st.integers(1, 3000)).map(lambda t: t[0] * t[1])
any_text = st.one_of(texty, st.text(ANY_CHAR, max_size=300), long_text)


def _doc(original: str, title: str | None = None) -> Document:
    text, _ = clean_text(original)  # what sources hands on
    return Document(
        name="doc.txt",
        path=Path("doc.txt"),
        meta=SourceMeta("doc.txt", title=title),
        original=text,
        sha256="0" * 64,
    )


# ----------------------------------------------------------------------------- sources


@SETTINGS
@given(any_text)
def test_clean_text_leaves_no_control_characters(text: str) -> None:
    cleaned, removed = clean_text(text)
    assert not [c for c in cleaned if unicodedata.category(c) == "Cc" and c not in "\t\n"]
    assert "\r" not in cleaned and "\ufffe" not in cleaned and "\uffff" not in cleaned
    assert clean_text(cleaned) == (cleaned, 0)
    assert removed <= len(text)


@SETTINGS
@given(any_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030"]))
def test_decode_round_trips_what_the_encoding_can_hold(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    if not data.strip(b"\x00"):
        return
    if data.startswith(codecs.BOM_UTF32_LE):
        return  # FF FE 00 00 is UTF-16's BOM and a NUL, and UTF-32-LE's BOM: both readings are right
    controls = sum(b < 32 and b not in (9, 10, 11, 12, 13, 27) for b in data[:8192])
    if controls > max(8, len(data[:8192]) // 100):
        return  # bytes that many controls are read as binary or BOM-less UTF-16 (sources._looks_binary)
    try:
        decoded, _ = decode_text(data)
    except Exception as exc:  # refusing odd bytes is allowed; crashing or garbling is not
        assert type(exc).__name__ in ("Undecodable", "_Skip"), repr(exc)
        return
    if encoding in ("utf-8", "utf-8-sig", "utf-16") or (encoding == "gb18030" and text.isascii()):
        assert decoded.lstrip("\ufeff") == text.lstrip("\ufeff")  # a leading U+FEFF is a BOM


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".md", ".html", ".docx", ".pdf", ".bin"]))
def test_any_bytes_in_any_format_read_or_refused_clearly(data: bytes, ext: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"doc{ext}").write_bytes(data)
        try:
            sources = read_sources(Config(root=Path(tmp), sources=Path(".")))
        except SourceError as exc:
            assert "doc" in str(exc) or tmp in str(exc)
            assert "\n" not in str(exc)  # one line
            return
        for doc in sources.documents:
            assert doc.original.strip()
            assert not [c for c in doc.original if unicodedata.category(c) == "Cc" and c not in "\t\n"]


@SETTINGS
@given(any_text)
def test_metadata_strings_are_cleaned_to_one_line(title: str) -> None:
    import tomllib

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.txt").write_text("园区营业收入410亿元。", encoding="utf-8")
        quoted = title.replace("\\", "\\\\").replace('"', '\\"')
        quoted = "".join(
            c
            if c.isprintable() or c == " "
            else f"\\u{ord(c):04x}"
            if ord(c) < 0x10000
            else f"\\U{ord(c):08x}"
            for c in quoted
        )
        toml = f'["a.txt"]\ntitle = "{quoted}"\n'
        try:
            tomllib.loads(toml)
        except tomllib.TOMLDecodeError:
            return  # not expressible in TOML: not our case
        (Path(tmp) / "sources.toml").write_text(toml, encoding="utf-8")
        (doc,) = read_sources(Config(root=Path(tmp), sources=Path("."))).documents
        assert "\n" not in doc.title
        assert not [c for c in doc.title if unicodedata.category(c) == "Cc"]


def _toml_value(v) -> str:
    if isinstance(v, str):
        return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}" for c in v) + '"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(map(_toml_value, v)) + "]"
    return v.isoformat() if hasattr(v, "isoformat") else repr(v)


scalars = st.one_of(
    st.text(ANY_CHAR, max_size=20),
    st.integers(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.floats(allow_nan=False, allow_infinity=False),
)
meta_tables = st.dictionaries(
    st.sampled_from(["a.txt", "missing.txt", "b.md", "park"]),
    st.one_of(
        scalars,
        st.dictionaries(
            st.sampled_from(["title", "publisher", "published", "script", "url", "encoding", "auther"]),
            st.one_of(
                scalars,
                st.sampled_from(["traditional", "simplified", "gbk", "https://example.com/a"]),
                st.lists(scalars, max_size=2),
            ),
            max_size=4,
        ),
    ),
    max_size=3,
)


@SETTINGS
@given(meta_tables)
def test_any_sources_toml_is_read_or_refused_naming_it(tables: dict) -> None:
    lines = [f"park = {_toml_value(tables.pop('park'))}"] if "park" in tables else []
    for name, table in tables.items():
        if isinstance(table, dict):
            lines += [f'["{name}"]'] + [f"{k} = {_toml_value(v)}" for k, v in table.items()]
        else:
            lines.append(f'"{name}" = {_toml_value(table)}')
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.txt").write_text("园区营业收入410亿元。", encoding="utf-8")
        (Path(tmp) / "sources.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            sources = read_sources(Config(root=Path(tmp), sources=Path(".")))
        except SourceError as exc:
            assert str(exc).startswith(f"{Path(tmp) / 'sources.toml'}: ") and "\n" not in str(exc)
            return
        (doc,) = sources.documents
        assert doc.meta.script in (None, "traditional", "simplified")
        assert doc.meta.published is None or type(doc.meta.published).__name__ == "date"


# ----------------------------------------------------------------------------- normalize, extract


@SETTINGS
@given(any_text)
def test_normalize_keeps_offsets_into_the_original(text: str) -> None:
    from briefgen.normalize import normalize

    doc = normalize(_doc(text))
    assert len(doc.offsets) == len(doc.text)
    assert all(0 <= o < len(doc.original) for o in doc.offsets)
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= len(doc.text)
        assert doc.text[s.start : s.end] == s.text


@SETTINGS
@given(any_text)
def test_each_fact_sentence_contains_its_number(text: str) -> None:
    from briefgen.extract import extract_facts
    from briefgen.normalize import normalize

    doc = normalize(_doc(text))
    for fact in extract_facts([doc]):
        start, end = fact.span
        assert 0 <= start < end <= len(doc.text)
        assert doc.text[start:end] in fact.sentence
        assert any(ch.isdigit() or ch in "零〇一二两三四五六七八九十百千万亿半" for ch in doc.text[start:end])
        assert fact.sentence in doc.text


# ----------------------------------------------------------------------------- compose, pdf


def _brief(text: str, title: str):
    from briefgen.catalog import load_catalog
    from briefgen.compose import make_brief
    from briefgen.extract import extract_facts
    from briefgen.normalize import normalize
    from briefgen.pipeline import Analysis
    from briefgen.reconcile import build_series
    from briefgen.sources import clean_line

    doc = normalize(_doc(text, title=clean_line(title) or None))
    facts = tuple(extract_facts([doc]))
    series = build_series(facts, load_catalog(None), documents=[doc])
    analysis = Analysis((doc,), facts, series, (), None)
    return doc, facts, make_brief(Config(), analysis, charts=())


def _all_text(brief) -> str:
    from briefgen.compose import _walk

    return "\n".join(b.text for b in _walk(brief.blocks))


@COMPOSE
@given(st.lists(st.sampled_from(MARKUP + PHRASES[:12]), min_size=1, max_size=12).map("".join), texty)
def test_composed_brief_prints_injected_text_literally(title: str, text: str) -> None:
    from briefgen.compose import _walk
    from briefgen.compose.quotes import QUOTE_LIMIT, excerpt
    from briefgen.compose.quotes import _spans_in_sentences as spans_in_sentences

    doc, facts, brief = _brief("2023年，园区营业收入410亿元。" + text, title)
    printed = _all_text(brief)
    assert doc.title in printed  # the sources list shows the title as typed
    flat = " ".join(printed.split())
    for fact in facts:  # the appendix quotes each sentence as typed (a long one cut, cuts marked ……)
        quoted = " ".join(fact.sentence.split())
        whole = quoted in flat
        if not whole:
            assert len(fact.sentence) > QUOTE_LIMIT, quoted
            spans = spans_in_sentences(facts, [doc]).get((fact.document, fact.sentence), ())
            pieces = [" ".join(p.split()) for p in excerpt(fact.sentence, spans).split("……")]
            assert all(p in quoted and p in flat for p in pieces if p), quoted
    # the same brief with a harmless title has the very same block structure, unless the
    # title names an owner (…155家园区: a group): then whose figures they are may change
    from briefgen.extract.owners import find_mentions

    if not find_mentions(doc.title):  # normalize simplified the title
        _, _, plain = _brief("2023年，园区营业收入410亿元。" + text, "标题")
        assert [b.tag for b in _walk(brief.blocks)] == [b.tag for b in _walk(plain.blocks)]
    assert "49" not in printed.replace(doc.title, "").replace("410", "") or "49" in doc.text


@FEW
@given(st.text(ANY_CHAR, min_size=1, max_size=40), st.text(ANY_CHAR, max_size=20))
def test_pdf_draws_every_character_or_names_those_it_cannot(extra: str, title: str) -> None:
    """No tofu: a character no face holds is an error naming it, never an empty box."""
    from briefgen.fonts import is_drawn, load_fonts
    from briefgen.pdf import render_pdf

    doc, _, brief = _brief("2023年，园区营业收入410亿元。" + extra, title)
    fonts = load_fonts()
    uncovered = {
        c
        for c in _all_text(brief) + brief.plain_title
        if is_drawn(c) and not any(f.covers(c) for f in fonts.faces())
    }
    try:
        render_pdf(brief, fonts)
    except MissingGlyphsError as exc:
        assert uncovered, f"refused although every character has a face: {exc}"
        return
    assert not uncovered, f"drawn without a glyph (tofu): {sorted(uncovered)}"


@pytest.mark.parametrize("title", ['<img src="/etc/passwd"/>{{ 7*7 }}', "a & b < c > d", "]]><x>"])
def test_compose_examples(title: str) -> None:
    """The properties above on fixed examples, so a failure reads plainly."""
    doc, _, brief = _brief("2023年，园区营业收入410亿元。", title)
    assert title in _all_text(brief)
