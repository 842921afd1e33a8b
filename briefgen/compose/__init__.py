"""Analysis -> Brief: the numbers the brief shows, put into words by jinja2.

``make_brief`` gathers everything the templates need into small frozen view
objects (formatted values, periods, sources), renders the brief template
(templates/brief.xml.j2 or ``cfg.template``) and parses its output into blocks
that briefgen.pdf typesets. Wording lives in the template; this package only
formats numbers and periods. One job a module:

    phrases        values, changes, dates and heading numbers in words
    views          the frozen view objects the template reads
    series_views   series -> SeriesView, the text's sentences and themes
    kpis           which KPI cards, and what each shows
    others         figures of other parks, areas, firms, no named owner
    quotes         fact views, the appendix, findings, excerpts of sentences
    markup         template render, the block markup, Block and Brief
    brief          make_brief: all of the above -> Brief
"""

from briefgen.compose.brief import make_brief
from briefgen.compose.kpis import MAX_KPIS, MIN_KPIS, periods_end
from briefgen.compose.markup import (
    BODY_TAGS,
    BRIEF_TEMPLATE,
    CONTAINER_TAGS,
    EMPTY_TAGS,
    INLINE_TAGS,
    PLACES,
    parse_blocks,
    render_template,
    template_path,
    walk,
)
from briefgen.compose.others import Owners, split_owners
from briefgen.compose.phrases import (
    RANK_UNITS,
    cn_number,
    date_text,
    declined,
    derived_label,
    derived_text,
    derived_words,
    fact_value_text,
    fmt_num,
    generation_date,
    value_text,
)
from briefgen.compose.quotes import QUOTE_LIMIT, excerpt
from briefgen.compose.series_views import CHANGE_LABELS, GOAL_WORDS, says_goal
from briefgen.compose.views import (
    DerivedView,
    FactView,
    FindingView,
    GroupView,
    KpiView,
    OwnerView,
    PointView,
    RowView,
    SentenceView,
    SeriesView,
    ThemeView,
)
from briefgen.models import Block, Brief, SourceView
from briefgen.wording import number_text, period_text

_walk = walk  # the name tests/test_properties.py imports

__all__ = [
    "BODY_TAGS",
    "BRIEF_TEMPLATE",
    "CHANGE_LABELS",
    "CONTAINER_TAGS",
    "EMPTY_TAGS",
    "GOAL_WORDS",
    "INLINE_TAGS",
    "MAX_KPIS",
    "MIN_KPIS",
    "PLACES",
    "QUOTE_LIMIT",
    "RANK_UNITS",
    "Block",
    "Brief",
    "DerivedView",
    "FactView",
    "FindingView",
    "GroupView",
    "KpiView",
    "OwnerView",
    "Owners",
    "PointView",
    "RowView",
    "SentenceView",
    "SeriesView",
    "SourceView",
    "ThemeView",
    "cn_number",
    "date_text",
    "declined",
    "derived_label",
    "derived_text",
    "derived_words",
    "excerpt",
    "fact_value_text",
    "fmt_num",
    "generation_date",
    "make_brief",
    "number_text",
    "parse_blocks",
    "periods_end",
    "period_text",
    "render_template",
    "says_goal",
    "split_owners",
    "template_path",
    "value_text",
    "walk",
]
