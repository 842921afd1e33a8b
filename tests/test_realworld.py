"""The extractor on real articles of the genre (tests/data/realworld, see SOURCES.md in
each folder): excerpts of stored public web pages, hand-annotated with owners and periods.

- dev/ … dev7/ were looked at while writing the rules (dev2 was collected as a held-out
  set, scored once, then used for tuning; heldout/ replaced it);
- heldout/ (11 articles) and heldout2/ (9) were collected after the rules and are scored,
  never tuned on. On 2026-12-05, rules written on dev5-dev7 moved them from exact/attributed
  0.842/0.617 to 0.852/0.667 (heldout) and 0.799/0.381 to 0.803/0.444 (heldout2), while the
  dev sets they were written on went to 0.95-0.98 / 0.88-0.98: the gap is what unseen text
  still costs. (heldout2's tenth article turned up again in dev7 and was taken out.)

The real `briefgen extract` CLI reads each folder and tests/eval/score.py (a copy of
../shared/eval/score.py) scores it. The floors below sit a little under the figures
measured when they were set (see the closing note of issue 10), so a regression fails.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

from .test_extract import load_scorer

REALWORLD = Path(__file__).resolve().parent / "data" / "realworld"
SETS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "heldout", "heldout2")
PERIOD = re.compile(r"^\d{4}(-(\d{2}|Q[1-4]))?(/\d{4}(-\d{2})?)?$")
SCOPES = {"park", "area", "group", "firm"}
# measured (exact F1 / attributed F1): dev 0.95/0.91, dev2 0.96/0.95, dev3 0.89/0.85,
# dev4 0.94/0.90 (before this session's rules on firms' projects, headline vs evaluation year,
# classes and members of groups and ranks naming no measure: 0.93/0.90, 0.94/0.86, 0.86/0.83,
# 0.85/0.74), dev5 0.89/0.74 (collected this session, scored 0.77/0.38 before the rules it
# prompted), heldout 0.84/0.62, unchanged by them
# (11 articles: n01-n06 0.92/0.76, n07-n11 added at the end and scored once).
# Later (dev6 collected, 8 articles: scored 0.69/0.49, period 0.82 before the rules it prompted):
# dev 0.945/0.911, dev2 0.959/0.947, dev3 0.889/0.868, dev4 0.936/0.917, dev5 0.900/0.807
# (period 0.972), dev6 0.817/0.817 (period 0.827: 去年 with no date, "十二五"末 not read)
# Later (dev7 collected, 8 articles: scored 0.775/0.348, period 0.738 before the rules it prompted):
# dev 0.981/0.955, dev2 0.971/0.959, dev3 0.976/0.962, dev4 0.975/0.975, dev5 0.964/0.879
# (period 1.000), dev6 0.950/0.950 (period 0.970), dev7 0.967/0.933 (period 1.000)
FLOORS = {
    "dev": {"exact_f1": 0.96, "attributed_f1": 0.93, "period": 0.97},
    "dev2": {"exact_f1": 0.95, "attributed_f1": 0.94, "period": 0.97},
    "dev3": {"exact_f1": 0.95, "attributed_f1": 0.94, "period": 0.97},
    "dev4": {"exact_f1": 0.96, "attributed_f1": 0.96, "period": 0.97},
    "dev5": {"exact_f1": 0.94, "attributed_f1": 0.86, "period": 0.97},
    "dev6": {"exact_f1": 0.93, "attributed_f1": 0.93, "period": 0.95},
    "dev7": {"exact_f1": 0.95, "attributed_f1": 0.91, "period": 0.97},
    "heldout2": {"exact_f1": 0.78, "attributed_f1": 0.41, "period": 0.93},
    "heldout": {"exact_f1": 0.83, "attributed_f1": 0.64, "period": 0.93},
}


def gold_files(name: str) -> list[Path]:
    return sorted((REALWORLD / name).glob("*.gold.json"))


@pytest.mark.parametrize("name", SETS)
def test_gold_is_well_formed_and_sources_toml_lists_every_article(name: str):
    folder = REALWORLD / name
    sources = tomllib.loads((folder / "sources.toml").read_text(encoding="utf-8"))
    assert sorted(sources) == sorted(p.name for p in folder.glob("*.txt"))
    assert (folder / "SOURCES.md").exists()
    for path in gold_files(name):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (folder / gold["document"]).read_text(encoding="utf-8")
        assert sources[gold["document"]]["url"].startswith("http")
        seen: set[str] = set()
        for fact in gold["facts"]:
            assert fact["id"] not in seen and fact["quote"] in text, fact
            assert fact["period"] is None or PERIOD.match(fact["period"]), fact
            assert fact["scope"] in SCOPES and fact["entity"], fact
            assert fact.get("from") is None or fact["from"] in seen, fact
            seen.add(fact["id"])


@pytest.mark.parametrize("name", SETS)
def test_extractor_meets_its_floors_on_real_articles(name: str):
    result = CliRunner().invoke(app, ["extract", str(REALWORLD / name), "--format", "json"])
    assert result.exit_code == 0, result.output
    predictions = json.loads(result.stdout_bytes.decode("utf-8"))
    score = load_scorer()
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in gold_files(name)]
    docs = [
        score.score_document(g, [r for r in predictions if r["document"] == g["document"]]) for g in golds
    ]
    total = score.summarize(docs)
    figures = {k: round(total[k], 3) for k in ("f1", "exact_f1", "period", "scope", "attributed_f1")}
    for key, floor in FLOORS[name].items():
        assert total[key] >= floor, f"{name}: {key} {total[key]:.3f} < {floor} ({figures})"
