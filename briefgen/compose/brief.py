"""Analysis -> Brief: gathers the views the templates need, renders the brief
template and parses its markup (briefgen.compose.markup)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from briefgen import __version__
from briefgen.budget import Budget
from briefgen.compose.budget import fit
from briefgen.compose.choice import arranged, read_choice
from briefgen.compose.kpis import kpi_cards
from briefgen.compose.markup import parse_blocks, render_template, template_path, walk
from briefgen.compose.others import (
    compare_rows,
    other_rows,
    owned_findings,
    owner_views,
    project_rows,
    split_owners,
)
from briefgen.compose.phrases import date_text, generation_date
from briefgen.compose.quotes import by_sentence, fact_views, finding_view
from briefgen.compose.series_views import attach_companions, series_view, theme_views
from briefgen.config import Config
from briefgen.models import Analysis, Brief, Changes, Chart, Document, Series, SourceView

if TYPE_CHECKING:
    from briefgen.numbering import IssueNumber

_YEAR = re.compile(r"(\d{4})")


def make_brief(
    cfg: Config,
    analysis: Analysis,
    changes: Changes | None = None,
    *,
    charts: Sequence[Chart],
    issue: IssueNumber | None = None,
    budget: Budget | None = None,
) -> Brief:
    """The brief for ``analysis`` with ``charts`` (briefgen.charts.render_charts of the
    same analysis; a template shows those its blocks name). ``issue``: its 期号
    (briefgen.numbering), which the 简报 template prints in the 报头."""
    choice = read_choice(cfg)
    analysis = arranged(analysis, choice)  # briefgen.toml's hidden and ordered indicators
    park = analysis.park or cfg.park or "园区"
    title = cfg.title or f"《{park}发展简报》"
    sources = source_views(analysis.documents)
    number_of = {s.name: s.number for s in sources}
    split = split_owners(analysis.series.series, analysis.park or cfg.park)
    chart_list = tuple(charts)
    chart_keys = {c.key for c in chart_list}
    series_views = attach_companions([series_view(s, number_of, chart_keys) for s in split.own])
    themes = theme_views(analysis.series, series_views, chart_list)
    context_views = owner_views(split.context, split.focus, number_of)
    generated = generation_date()
    facts = fact_views(analysis.facts, analysis.series, number_of, split.focus)
    period = coverage(analysis.series.series)
    findings = owned_findings(analysis.series, split)
    warned = [(f, owner) for f, owner in findings if f.level == "warning"]
    budget = budget or Budget(cfg.body_pages)
    context = {
        "park": park,
        "title": title,
        "generated": date_text(generated),
        "period": period,
        "sources": sources,
        "source_count": len(sources),
        "park_data": split.focus is not None,
        "kpis": kpi_cards(split.own, series_views, choice),
        "themes": themes,
        "series": series_views,
        "context": context_views,
        "context_rows": sum(len(v.points) for o in context_views for v in o.series),
        "compare": compare_rows(split, number_of),
        "compare_charts": [c.key for c in chart_list if c.kind == "compare"],
        "projects": project_rows(split.firms, analysis.series.unmapped, number_of),
        "derived": [
            (sv, d)
            for sv in [*series_views, *(v for o in context_views for v in o.series)]
            for d in sv.derived
        ],
        # views of as many as the page budget lets the brief print (a view quotes sentences: slow)
        "findings": [finding_view(f, number_of, owner) for f, owner in findings[: budget.limit("findings")]],
        "warnings": [finding_view(f, number_of, owner) for f, owner in warned[: budget.limit("warnings")]],
        "warnings_total": len(warned),
        "facts": facts,
        "appendix": by_sentence(analysis.facts, facts, analysis.documents),
        "unmapped": other_rows(split, analysis.series.unmapped, number_of),
        "changes": changes,
        "fact_count": len(analysis.facts),
        # what a reviewer changed (corrections.toml): 计算说明 counts it, the appendix marks it
        "reviewed": {"corrected": analysis.corrected, "added": analysis.added, "dropped": analysis.dropped},
        "version": __version__,
        "issue": issue,  # 期号 (None when the caller numbers no brief)
        "jianbao": cfg.jianbao,  # 报头 and 报尾 settings
    }
    context = fit(context, budget)  # issue 16: the page budget
    template = template_path(cfg)
    markup = render_template(template, context)
    blocks = parse_blocks(markup, template)
    used = [b.attr("key") for b in walk(blocks) if b.tag == "chart"]
    ordered = tuple(c for key in used for c in chart_list if c.key == key)
    return Brief(
        title=title,
        park=park,
        subject=f"{park}主要指标、图表及资料来源" + (f"（{period}）" if period else ""),
        keywords=tuple(dict.fromkeys([park, "简报", *(t.title for t in themes)])),
        author=cfg.author,
        creator=f"briefgen {__version__}",
        generated=generated,
        period=period,
        sources=sources,
        blocks=blocks,
        charts=ordered,
        template=template,
        style=cfg.style,
        documents=tuple(
            (
                d.name,
                "\n".join(
                    [
                        d.text,
                        d.original,
                        d.title,
                        d.meta.publisher or "",
                        *(f.sentence for f in analysis.facts if f.document == d.name),
                    ]
                ),
            )
            for d in analysis.documents
        ),
    )


def source_views(documents: Iterable[Document]) -> tuple[SourceView, ...]:
    return tuple(
        SourceView(i, d.name, d.title, d.meta.publisher or "", date_text(d.meta.published), d.meta.url or "")
        for i, d in enumerate(documents, 1)
    )


def coverage(series: tuple[Series, ...]) -> str:
    years = sorted({int(y) for s in series for p in s.points for y in _YEAR.findall(p.period or "")})
    if not years:
        return ""
    return f"{years[0]}年" if years[0] == years[-1] else f"{years[0]}—{years[-1]}年"
