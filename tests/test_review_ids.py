"""Stable fact ids (issue 13): the same facts keep the same ids after the source is
re-wrapped, converted to 繁体 (or 简体) and another document is added to the folder."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import opencc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.extract import extract_facts
from briefgen.extract.ids import fact_id
from briefgen.extract.owners import ParkName
from briefgen.models import Document, SourceMeta
from briefgen.normalize import normalize

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_NAMES = ("000_f375bfca49fd402f.txt", "001_14a3bcd6bc545aa4.txt")
OTHER = REPO / "tests" / "data" / "realworld" / "dev" / "r01_suzhou_gxq_jan_apr.txt"
PARK = ParkName("安义高新技术产业园区", ("安义工业园区", "安义产业园区", "安义高新园区"))
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _doc(name: str, text: str) -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(name=name, path=Path(name), meta=SourceMeta(file=name), original=text, sha256=sha)


def _ids(texts: dict[str, str], of: str) -> list[tuple[str, float, str]]:
    facts = extract_facts([normalize(_doc(n, t)) for n, t in texts.items()], PARK)
    return [(f.id, f.value, f.unit) for f in facts if f.document == of]


def _rewrap(text: str, breaks: list[bool], sep: str) -> str:
    """Break lines after a comma, as a page or an e-mail wraps prose (a line of 20+
    characters: shorter ones read as headings, which normalize rightly keeps apart)."""
    out, k = [], 0
    for para in text.split("\n"):
        line = ""
        for c in para:
            line += c
            if c == "，" and len(line) >= 20:
                k += 1
                if breaks[k % len(breaks)]:
                    out.append(line)
                    line = ""
        out.append(line)
    return sep.join(out)


_BASE = {name: (SEEDS / name).read_text(encoding="utf-8") for name in SEED_NAMES}
_EXPECTED = {name: _ids({name: text}, name) for name, text in _BASE.items()}


@FEW
@given(
    name=st.sampled_from(SEED_NAMES),
    breaks=st.lists(st.booleans(), min_size=1, max_size=40),
    sep=st.sampled_from(["\n", "\n\n", "\n    ", "\r\n"]),
    script=st.sampled_from(["as is", "s2t", "t2s"]),
    other=st.booleans(),
)
def test_ids_survive_rewrapping_script_and_another_document(name, breaks, sep, script, other):
    text = _rewrap(_BASE[name], breaks, sep)
    if script != "as is":
        text = opencc.OpenCC(script).convert(text)
    texts = {name: text}
    if other:  # a document added to the folder, before this one in the file order
        texts = {"000_added.txt": OTHER.read_text(encoding="utf-8"), **texts}
    assert _ids(texts, name) == _EXPECTED[name]


def test_ids_are_unique_and_shaped():
    ids = [i for name in SEED_NAMES for i, _, _ in _EXPECTED[name]]
    assert len(ids) == len(set(ids)) > 50
    assert all(i.startswith("f-") and len(i) == 12 for i in ids)


def test_id_depends_on_document_sentence_place_and_value():
    base = fact_id("a.txt", "园区产值410亿元。", 4, 410, "亿元")
    assert fact_id("a.txt", "园区 产值\n410亿元。", 4, 410, "亿元") == base  # whitespace is not the sentence
    assert fact_id("b.txt", "园区产值410亿元。", 4, 410, "亿元") != base
    assert fact_id("a.txt", "园区产值411亿元。", 4, 411, "亿元") != base
    assert fact_id("a.txt", "园区产值410亿元。", 5, 410, "亿元") != base
    assert fact_id("a.txt", "园区产值410亿元。", 4, 410, "亿元", repeat=1) != base


def test_extract_json_prints_the_ids_and_the_scorer_still_reads_it(tmp_path: Path):
    """Through the real CLI: a re-wrapped, 繁体 copy of the seeds plus another article
    print the seeds' ids; the shared scorer takes the JSON with its new field."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEEDS / "sources.toml", folder / "sources.toml")
    for name in SEED_NAMES:
        text = opencc.OpenCC("s2t").convert(_rewrap(_BASE[name], [True, False], "\n"))
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copy(OTHER, folder / "002_added.txt")
    out = subprocess.run(
        [sys.executable, "-m", "briefgen", "extract", str(folder), "--format", "json"],
        capture_output=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    records = json.loads(out)
    got = {name: [r["id"] for r in records if r["document"] == name] for name in SEED_NAMES}
    assert got == {name: [i for i, _, _ in _EXPECTED[name]] for name in SEED_NAMES}
    scored = subprocess.run(
        [
            sys.executable,
            str(REPO / "tests" / "eval" / "score.py"),
            "--gold",
            str(REPO / "tests" / "data" / "gold"),
            "--pred",
            "-",
        ],
        input=out,
        capture_output=True,
        cwd=tmp_path,
    )
    assert scored.returncode == 0, scored.stdout.decode() + scored.stderr.decode()
