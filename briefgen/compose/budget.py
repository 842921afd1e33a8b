"""The page budget in compose (issue 16): what the lists of the brief may hold at
each step of briefgen/budget.py's fitting. Series are summarized where they are
put into words (series_views.summarize); here the lists the template prints are
held to a size, and what they leave out is counted for the template to say where
it went: the data file beside the PDF (briefgen/datafile.py) has it all.

    fit(context, budget) -> context      lists trimmed, ``cut`` counts what was left out
"""

from __future__ import annotations

from dataclasses import replace

from briefgen.budget import Budget


def _shown_sentences(context: dict) -> set[tuple[str, str]]:
    """(document, sentence) of every point the brief's text and tables show."""
    shown: set[tuple[str, str]] = set()
    series = [*context.get("series", ()), *(v for o in context.get("context", ()) for v in o.series)]
    for s in series:
        for v in (s, *s.companions):
            for p in v.table or v.points:
                shown.update(p.sentences)
    shown.update((f.document, f.sentence) for f in context.get("unmapped", ()))
    return shown


def fit(context: dict, budget: Budget) -> dict:
    """``context`` with its long lists held to the budget: the headline changes
    before other computed values, the appendix quoting what the brief shows."""
    out = dict(context)
    cut: dict[str, int] = {}

    def hold(key: str, items: list | tuple) -> list:
        items = list(items)
        keep = budget.limit(key)
        if len(items) > keep:
            cut[key] = len(items) - keep
        return items[:keep]

    derived = list(out.get("derived", ()))
    if len(derived) > budget.limit("derived"):  # the headline changes first, then the rest
        headline = [(sv, d) for sv, d in derived if sv.change is not None and d == sv.change]
        derived = headline + [x for x in derived if x not in headline]
    out["derived"] = hold("derived", derived)
    for key in ("warnings", "unmapped", "projects", "compare", "compare_charts"):
        if out.get(key):
            out[key] = hold(key, out[key])
    warned = out.get("warnings_total", 0) - len(out.get("warnings", ()))
    if warned > 0:  # make_brief viewed only as many as the budget prints
        cut["warnings"] = warned
    # the body: past the first step the theme tables go (the text and the charts say the
    # values, the data file lists them); past the second one chart a theme stays
    out["theme_tables"] = budget.step < 1
    if budget.step >= 2:
        out["themes"] = [replace(t, charts=t.charts[:1]) for t in out.get("themes", ())]
    rows = out.get("context_rows", 0)
    if rows > budget.limit("context_rows"):
        cut["context_rows"] = rows
        out["context_rows"] = 0  # the template prints no table of fewer than 3 rows
    shown = _shown_sentences(out)
    appendix = list(out.get("appendix", ()))
    if len(appendix) > budget.limit("appendix"):  # too long: it quotes what the brief shows
        quoted = [row for row in appendix if any((f.document, f.sentence) in shown for f in row.facts)]
        out["appendix"] = hold("appendix", quoted)
        cut["appendix"] = len(appendix) - len(out["appendix"])
    out["cut"] = cut
    out["cut_total"] = sum(cut.values())
    return out
