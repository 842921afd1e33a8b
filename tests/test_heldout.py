"""Held-out evaluation of the indicator extractor.

tests/data/heldout/ holds eight invented articles of the genre (county statistics
bulletin, zone quarterly bulletin, newspaper features, a traditional-script
article, a government work report, an investment-signing item, a web page with
its furniture, an undated piece) with hand-annotated gold facts in the format of
../shared/gold. They were written without looking at the extractor's rules or
its test cases, so the scores here estimate how it does on unseen articles.

The real `briefgen extract` CLI reads the folder; the scorer (tests/eval/score.py,
a copy of ../shared/eval/score.py) scores it. Targets for unseen articles: value F1 >= 0.92
and exact F1 (value, subject and period all right) >= 0.80.
"""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"
SCORER = Path(__file__).resolve().parent / "eval" / "score.py"  # a copy of ../shared/eval/score.py
MIN_VALUE_F1 = 0.92
MIN_EXACT_F1 = 0.80
PERIOD = re.compile(r"^\d{4}(-(\d{2}|Q[1-4]))?(/\d{4}(-\d{2})?)?$")
GOLD_FILES = sorted(HELDOUT.glob("*.gold.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("heldout_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def predictions() -> list[dict]:
    result = CliRunner().invoke(app, ["extract", str(HELDOUT), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout_bytes.decode("utf-8"))


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name.split(".")[0])
def test_gold_file_is_well_formed(gold_path: Path):
    """Every quote is in its document, ids are unique, links point backwards."""
    gold = load_gold(gold_path)
    text = (HELDOUT / gold["document"]).read_text(encoding="utf-8")
    assert 800 <= len(text) <= 2500
    seen: set[str] = set()
    for fact in gold["facts"]:
        assert fact["id"] not in seen
        assert fact["quote"] in text, fact
        assert fact["terms"] and all(fact["terms"]), fact
        assert fact["period"] is None or PERIOD.match(fact["period"]), fact
        assert fact["kind"] in {"level", "growth", "share", "rank", "change"}, fact
        assert fact.get("from") is None or fact["from"] in seen, fact
        seen.add(fact["id"])


def test_sources_toml_lists_every_document_with_the_gold_date():
    sources = tomllib.loads((HELDOUT / "sources.toml").read_text(encoding="utf-8"))
    documents = sorted(p.name for p in HELDOUT.glob("*.txt"))
    assert sorted(sources) == documents
    for gold_path in GOLD_FILES:
        gold = load_gold(gold_path)
        published = sources[gold["document"]].get("published")
        assert (published.isoformat() if published else None) == gold["published"]


def test_extractor_meets_the_targets_on_unseen_articles(scorer: ModuleType, predictions: list[dict]):
    golds = [load_gold(p) for p in GOLD_FILES]
    docs = [
        scorer.score_document(
            g, [r for r in predictions if Path(str(r.get("document", ""))).name == g["document"]]
        )
        for g in golds
    ]
    total = scorer.summarize(docs)
    detail = "\n".join(
        f"{d['document']}: gold {d['gold']} pred {d['pred']} matched {d['matched']} exact {d['exact']}"
        f" missed {d['missed']} spurious {d['spurious']}"
        for d in docs
    )
    assert total["f1"] >= MIN_VALUE_F1, f"value F1 {total['f1']:.3f}\n{detail}"
    assert total["exact_f1"] >= MIN_EXACT_F1, f"exact F1 {total['exact_f1']:.3f}\n{detail}"
