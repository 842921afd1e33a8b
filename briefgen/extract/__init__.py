"""Indicator extraction: every stated quantity with what it measures and when.

    extract_facts(docs) -> list[Fact]

Per document: its date (datelines.py) and its owners (owners.py); per sentence:
the quantities (quantities.py) read as items with kind, period and subject
(sentence.py), then their owners (attribution.py). Documents that were not
normalized yet are normalized here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefgen.extract.attribution import assign_owners, evaluation_periods, subjects_not_owners
from briefgen.extract.datelines import dateline_date, evaluation_time, implied_date, url_date
from briefgen.extract.ids import with_ids
from briefgen.extract.owners import (
    DocumentOwners,
    Mention,
    Owner,
    OwnerChoice,
    ParkName,
    choose_owner,
    find_mentions,
    is_member_class,
    topic_of,
)
from briefgen.extract.periods import Reference, TimeExpr, find_times
from briefgen.extract.quantities import QuantityMatch, find_quantities
from briefgen.extract.ranklists import ranked_entry
from briefgen.extract.sentence import Item, read_sentence
from briefgen.extract.subjects import clause_start
from briefgen.extract.tables import Column, TableValue, cells, is_header, is_table_row, read_header, read_row
from briefgen.extract.units import RANK_UNITS, normalize_quantity
from briefgen.models import Document, Fact, FactKind, Sentence
from briefgen.models import Quantity as Earlier

__all__ = ["extract_facts", "extract_document", "dateline_date", "implied_date"]


def extract_facts(docs: Iterable[Document], park: ParkName | None = None) -> list[Fact]:
    """Every fact of every document; ``park`` is the configured park (its names
    resolve 园区, 我区 and former names to it)."""
    facts: list[Fact] = []
    for doc in docs:
        facts.extend(extract_document(doc, park))
    return facts


def _is_heading(text: str) -> bool:
    return len(text) <= 40 and not re.search(r"[，。；！？]", text)


@dataclass
class _Reading:
    """What reading a document carries from sentence to sentence: the times and owners
    its headings, paragraphs and lead set, the last subject, a table or list of goals."""

    named_year: int | None = None  # the year the text last named (1—8月 after it are of that year)
    section_time: TimeExpr | None = None  # from a heading line: 2024年1-10月经济运行情况
    section_topic: Owner | None = None  # the owner a heading names (一、甲经开区)
    para_time: TimeExpr | None = None  # the last free time expression in this paragraph
    para_topic: Owner | None = None  # the owner a paragraph opens with
    para_event: TimeExpr | None = None  # the event, in a paragraph that refers back to it
    event: TimeExpr | None = None  # the year of the event a news item reports (签约仪式 5月18日)
    last_para: int = -1
    last_subject: str = ""
    last_measure: str = ""  # the last measure of a value (not a rank) in the paragraph
    in_goals: bool = False  # 主要预期目标是：… up to the 。
    table: list[Column] | None = None  # the columns of the table being read
    lead_para: int | None = None  # the first paragraph of prose
    lead_time: TimeExpr | None = None  # the reporting period the lead paragraph gives
    last_project: Owner | None = (
        None  # the project the paragraph's last values were (项目建成后… refers to it)
    )
    # a time opening a clause of values in a sentence that ended with ；: the clauses after it,
    # up to the 。, are of that time too (…之一, 2011年,地方生产总值比上年增长13%;工业总产值增长16.3%)
    semi_time: TimeExpr | None = None
    # the period of the last value of the sentence before: a sentence opening with 其中 goes on
    # with it (…上半年工业总产值…依次增长43.1%…。其中工业总产值和税收收入增幅分别高于…0.74和19.33个百分点)
    last_period: TimeExpr | None = None
    # the owner of the last value of a sentence that ended with ；: the clauses after it go on
    # (全省开发区生产总值达到7500亿元，占全省经济总量的27%；工业增加值达到5300亿元)
    carried_owner: OwnerChoice | None = None

    def new_paragraph(self, para: int, year_in_force: int | None) -> None:
        self.para_time, self.last_para, self.last_subject, self.para_event = None, para, "", None
        self.last_measure, self.last_project, self.carried_owner = "", None, None
        self.last_period = None
        self.named_year = self.section_time.year if self.section_time else year_in_force


def extract_document(doc: Document, park: ParkName | None = None) -> list[Fact]:
    if not doc.sentences and doc.original:
        from briefgen.normalize import normalize

        doc = normalize(doc)
    published = doc.meta.published or dateline_date(doc.original) or url_date(doc.meta.url)
    if published is None:
        published, year_in_force = implied_date(doc.text)
    else:
        year_in_force = None
    owners = DocumentOwners.read(doc, park)
    evaluation = evaluation_time(doc.text)
    facts: list[Fact] = []
    reading = _Reading(
        named_year=year_in_force,
        section_time=_headline_time(doc.meta.title, _title_time(doc, published, year_in_force), evaluation),
    )
    if reading.section_time is not None:
        reading.named_year = reading.section_time.year
    para, scanned = 0, 0
    for sent in doc.sentences:
        para += doc.text.count("\n", scanned, sent.start)  # paragraphs are lines
        scanned = sent.start
        first_in_para = para != reading.last_para
        if first_in_para:  # a year named in another paragraph does not date this one
            reading.new_paragraph(para, year_in_force)
        text = sent.text
        times = find_times(text, Reference(published, reading.named_year))
        quantities = find_quantities(text)
        mentions = find_mentions(text) if quantities or first_in_para else ()
        if first_in_para:
            reading.para_topic = topic_of(owners, text, mentions)
        if not quantities:  # 在…湖南省澜科新创电子有限公司车间内，工作人员…: the firm a later 公司 is
            reading.last_project = next(
                (owners.resolve(m) for m in reversed(mentions) if m.scope == "firm" and not m.context),
                reading.last_project,
            )
        if _is_heading(text) and not is_table_row(text):
            if sent.index > 0:
                reading.section_topic, reading.para_topic = reading.para_topic, None
            heading_times = [t for t in times if not t.base and t.period]
            if heading_times:
                reading.section_time = _reported(text, heading_times)
                if sent.index == 0:
                    reading.section_time = _headline_time(text, reading.section_time, evaluation)
        found = _event_year(text, times, published)
        if found is not None:
            reading.event = reading.para_event = found
        elif reading.event is not None and _REFERS_BACK.search(text):
            reading.para_event = reading.event  # 此次签约项目…, 签约仪式上…: the event's figures
        if is_table_row(text):
            row_facts = _table_row(doc, sent, mentions, owners, reading, published)
            if row_facts is not None:
                facts.extend(row_facts)
                quantities = []  # a row of a table is read by its columns
        else:
            reading.table = None
        if not quantities and (text[:1].isdigit() or text[:1].isspace()):
            facts.extend(_ranked_entry(doc, sent, owners, reading, evaluation))
        if _GOALS_INTRO.search(text):
            reading.in_goals = True  # 主要预期目标是：GDP增长6%左右；…: a list of goals up to the 。
        items: list[Item] = []
        if quantities:
            items = _read_values(sent, quantities, times, mentions, owners, reading, evaluation, published)
            facts.extend(_fact(doc, sent, it) for it in items if not it.absorbed)
        _note_times(reading, text, times, bool(quantities), para)
        _carry_owner(reading, text, bool(quantities), items)
    return with_ids(doc, _date_headline(doc, facts))


def _note_times(reading: _Reading, text: str, times: list[TimeExpr], has_values: bool, para: int) -> None:
    """What the sentence's times set for the sentences after it: the year named, the
    paragraph's period, a target's time over its ；-clauses, the lead's reporting period."""
    for t in times:
        if t.year is not None and not t.base and not t.bound:
            reading.named_year = t.year  # (从2020年的X增至2023年的Y: those years are the values')
    topic = [t for t in times if not t.bound and not t.base and t.period and _frames(text, t, has_values)]
    if reading.lead_para is None and text.endswith("。") and len(text) > 20:
        reading.lead_para = para  # the first paragraph of prose
    if topic:
        reading.para_time = topic[-1]
    if not text.endswith(("；", ";")):
        reading.semi_time = None
    elif has_values:
        opening = [
            t
            for t in times
            if not t.bound
            and not t.base
            and t.period
            and _TARGET_OPENING.fullmatch(
                _OPENING.sub("", text[clause_start(text, t.start) : t.start]).strip()
            )
        ]
        if opening and opening[-1] not in topic:
            reading.semi_time = opening[-1]
    if reading.lead_time is None and reading.lead_para in (None, para):
        # 记者获悉，今年上半年，全县…: the reporting period the article opens with dates
        # the undated figures of its later paragraphs
        reading.lead_time = next(
            (
                t
                for t in times
                if not t.bound
                and not t.base
                and _is_reporting_period(t)
                and not _THIS_YEAR.sub(
                    "", _OPENING.sub("", text[clause_start(text, t.start) : t.start])
                ).strip()
            ),
            None,
        )
    if not text.endswith(("；", ";", "：", ":")):
        reading.in_goals = False


def _carry_owner(reading: _Reading, text: str, has_values: bool, items: list[Item]) -> None:
    """A sentence of values ending in ； hands its last owner to the clause after it."""
    if has_values or not text.endswith(("；", ";")):
        last_owner = (
            next(
                (it.owner for it in reversed(items) if it.owner is not None and it.owner_how != "holder"),
                None,
            )
            if has_values and text.endswith(("；", ";"))
            else None
        )
        reading.carried_owner = OwnerChoice(last_owner, "sentence") if last_owner is not None else None


def _read_values(
    sent: Sentence,
    quantities: list[QuantityMatch],
    times: list[TimeExpr],
    mentions: Sequence[Mention],
    owners: DocumentOwners,
    reading: _Reading,
    evaluation: TimeExpr | None,
    published: dt.date | None,
) -> list[Item]:
    """A sentence's values: what each measures, when and whose; the reading moves on."""
    text = sent.text
    own_time = any(not t.base and t.period for t in times)
    carried = (
        (reading.last_period if text.startswith("其中") and not own_time else None)
        or reading.semi_time
        or reading.para_time
        or reading.section_time
        or reading.para_event
        or (reading.lead_time if reading.named_year is None else None)
        or evaluation
    )
    items = read_sentence(text, quantities, times, carried, reading.last_subject)
    if evaluation is not None and carried is not None and _ANNOUNCED.fullmatch(carried.text):
        for it in items:
            if it.period == carried.period:
                # 近日，…通报的评价结果显示，在2016年度考核评价中…。青岛开发区在…五大类指标中
                # 均保持第一位: a rank is the evaluation's, not the announcement's date; so is
                # a count of the zones evaluated (近日，…完成了2022年…考核评价工作。浙江省21家
                # 国家级经开区参评), though the page's address dates the 近日
                it.period = evaluation.period
    _mark_targets(text, items, reading.in_goals, published)
    about = reading.para_topic or reading.section_topic
    if reading.last_project is not None and _REFERS_TO_PROJECT.match(text):
        about = reading.last_project  # …法麦克斯三期项目总投资5.2亿元。项目建成达产后可实现…
    named = any(  # a sentence naming its own owner starts anew
        not m.context and not (m.scope == "park" and not m.key and is_member_class(text, m)) for m in mentions
    )
    assign_owners(owners, text, items, mentions, about, None if named else reading.carried_owner)
    reading.last_project = next(
        (
            it.owner
            for it in reversed(items)
            if it.owner is not None and it.owner.scope == "firm" and it.owner_how != "listed"
        ),
        reading.last_project,
    )
    subjects_not_owners(text, items, mentions, reading.last_measure)
    evaluation_periods(text, items, evaluation)
    if items:
        reading.last_subject = items[-1].subject
        last = items[-1].period
        reading.last_period = (
            TimeExpr(0, 0, "", last, int(last[:4]), False) if last and last[:4].isdigit() else None
        )
        reading.last_measure = next(
            (it.subject for it in reversed(items) if it.q.unit not in RANK_UNITS and not it.in_field),
            reading.last_measure,
        )
    return items


def _table_row(
    doc: Document,
    sent: Sentence,
    mentions: Sequence[Mention],
    owners: DocumentOwners,
    reading: _Reading,
    published: dt.date | None,
) -> list[Fact] | None:
    """A row of a table read by its columns; None when it is read as a sentence
    (a header row, which starts the table, or a row outside one)."""
    text = sent.text
    row = cells(text)
    if is_header(row):
        frame = reading.para_time or reading.section_time or reading.lead_time
        reading.table = read_header(
            row, Reference(published, reading.named_year), frame.period if frame else None
        )
        return None
    if reading.table is None:
        return None
    when = find_times(row[0].text + "，", Reference(published, reading.named_year)) if row else []
    row_period = when[0].period if len(when) == 1 and when[0].text == row[0].text else None
    row_owner = choose_owner(
        owners,
        text,
        mentions,
        len(text),
        len(text),
        "",
        reading.para_topic or reading.section_topic,
    ).owner
    return [_table_fact(doc, sent, v, row_owner) for v in read_row(row, reading.table, row_period)]


def _ranked_entry(
    doc: Document, sent: Sentence, owners: DocumentOwners, reading: _Reading, evaluation: TimeExpr | None
) -> list[Fact]:
    """1. 甲经开区 / 2. 乙高新区: a line of a ranked list, one park a line."""
    entry = ranked_entry(sent.text)
    if entry is None:
        return []
    frame = reading.para_time or reading.section_time or reading.lead_time or evaluation
    return [
        _new_fact(
            doc,
            sent,
            "排名",
            entry.rank,
            "位",
            frame.period if frame else None,
            "rank",
            (entry.start, entry.end),
            entity=owners.park_name(entry.name),
            scope="park",
        )
    ]


# 力争到“十二五”末，全省开发区生产总值达到7500亿元…；工业增加值达到5300亿元: a target's time opens it
_TARGET_OPENING = re.compile(r"(?:力争|争取|计划|预计)?(?:到|至|在)?[“\"]?")
# 项目建成达产后…; 目前，公司已开设4条生产线 (after the paragraph named 湖南省澜科新创电子有限公司)
# 近日, 日前: when results were announced, not the year they rank
_ANNOUNCED = re.compile(r"近日|日前|近期|\d{1,2}月\d{1,2}日")
_REFERS_TO_PROJECT = re.compile(
    r"(?:(?:目前|如今|现在|当前|截至目前|今年|去年|[\d]+月(?:份)?)[，,]?)?(?:该|此|这个|上述)?(?:项目|公司|企业)"
    r"|(?:其|该项目)(?:首期|一期|二期|三期)"  # 该项目计划…。其首期“年产10万吨…”两项目,计划投资4亿元
)


def _headline_time(
    headline: str | None, title: TimeExpr | None, evaluation: TimeExpr | None
) -> TimeExpr | None:
    """浙江82家经济开发区2021年成绩单 over 《2020年度…综合考评报告》: the headline of an
    evaluation's results gives the year they came out; the year the opening names for the
    evaluation is the data's. (A report that mentions a rank in passing keeps its own year.)"""
    if (
        title is not None
        and evaluation is not None
        and title.year != evaluation.year
        and _RESULTS_HEADLINE.search(headline or "")
    ):
        return evaluation
    return title


_RESULTS_HEADLINE = re.compile(r"成绩单|考评|考核|评价|排名|排行|榜单|百强|榜|居[^，,。]{0,12}第\d+位")
# 2022年经济社会发展总体情况和2023年工作打算: the later year is the plan's, not the report's
_PLAN_AFTER = re.compile(r"(?:的)?(?:工作)?(?:打算|计划|思路|目标|展望|安排|要点)")


def _reported(text: str, times: list[TimeExpr]) -> TimeExpr:
    """The period a heading reports: its last, unless that one is a plan's."""
    reported = [t for t in times if not _PLAN_AFTER.match(text, t.end)]
    return reported[-1] if reported else times[-1]


def _title_time(doc: Document, published: dt.date | None, year: int | None) -> TimeExpr | None:
    """新乡经开区2022年经济社会发展成就: a period the title in sources.toml names frames the
    text like a heading, when the text does not print that title itself."""
    title = doc.meta.title or ""  # simplified by normalize
    if not title or title in doc.text:
        return None
    times = [
        t for t in find_times(title, Reference(published, year)) if t.period and not t.base and not t.bound
    ]
    if times:
        return _reported(title, times)
    bare = _BARE_YEAR.search(title)  # “精彩答卷·济宁2022”: a year alone in a title
    if bare is None:
        return None
    return TimeExpr(bare.start(), bare.end(), bare.group(0), bare.group(0), int(bare.group(0)), False)


_BARE_YEAR = re.compile(r"(?<![\d.])(?:19|20)\d\d(?![\d年.\-/%])")


_THIS_YEAR = re.compile(r"^\s*(?:今年|本年|当年)")


def _is_reporting_period(t: TimeExpr) -> bool:
    """Months, a quarter or a half of a year (1-9月, 上半年, 一季度), not a bare year."""
    return bool(t.period and (("-" in t.period and "/" in t.period) or "Q" in t.period))


_GOALS_INTRO = re.compile(r"目标(?:任务)?(?:是|为)?[：:]")
# words that make the rest of the sentence a goal: 力争全年新增企业30家以上，产值突破1000亿元
_GOAL_SENTENCE = re.compile(r"力争|预期目标|目标(?:是|为)|确保|争取(?:到|全年|今年)|规划到")
# words that make their clause a plan or a forecast: 年度计划投资230亿元, 达产后预计年产值80亿元
_GOAL_CLAUSE = re.compile(
    r"计划(?:到|在|完成|投资|新增|引进|实施)|预计|有望|将(?:达到|突破|超过)|达产后|建成后|投产后"
)


def _mark_targets(text: str, items: list[Item], in_goals: bool, published: dt.date | None) -> None:
    """Goals and forecasts (力争…, 预期目标是：…, 达产后…, a year after publication)
    are marked so a brief can show them apart from what was achieved."""
    goal = _GOAL_SENTENCE.search(text)
    plan = _GOAL_CLAUSE.search(text)
    for it in items:
        future = bool(
            published and it.period and it.period[:4].isdigit() and int(it.period[:4]) > published.year
        )
        it.target = (
            in_goals
            or future
            or (goal is not None and goal.start() < it.q.start)
            or (
                plan is not None
                and plan.start() < it.q.start
                and _plans(text[clause_start(text, it.q.start) : it.q.start])
            )
        )


def _plans(clause: str) -> bool:
    """A clause stating a plan or a forecast; 占年度计划投资的51.6% is progress made."""
    m = _GOAL_CLAUSE.search(clause)
    return m is not None and "占" not in clause and "完成" not in clause[: m.start()]


# an event held on a day: 5月18日上午，…签约仪式在…举行
_EVENT_DAY = re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?(?P<m>1[0-2]|0?[1-9])月(?P<d>[1-3]?\d)日")
_EVENT_WORD = re.compile(r"仪式|大会|会议|签约|开工|揭牌|开幕|举行|举办|召开|推介会|洽谈会|论坛|启动")
_REFERS_BACK = re.compile(r"此次|本次|这次|该批|本批|此批|这批|仪式上|大会上|会议上|会上|活动上|现场")


def _event_year(text: str, times: list[TimeExpr], published: dt.date | None) -> TimeExpr | None:
    """The year of an event the sentence reports as held on a day: the year it
    names (also in a batch name, 2024年第二批), else the publication's (the one
    before when the day is after publication); None when unknown."""
    if "日" not in text:
        return None
    m = _EVENT_DAY.search(text)
    if not m or not _EVENT_WORD.search(text, m.end()):
        return None
    year = int(m.group("y")) if m.group("y") else next((t.year for t in times if t.year and not t.base), None)
    if year is None and published is not None:
        year = published.year - (
            1 if (int(m.group("m")), int(m.group("d"))) > (published.month, published.day) else 0
        )
    if year is None:
        return None
    return TimeExpr(m.start(), m.end(), m.group(0), str(year), year, False)


def _date_headline(doc: Document, facts: list[Fact]) -> list[Fact]:
    """A headline repeats the body's figures (总投资186.5亿元！23个项目集中签约):
    an undated value of the title line takes the period the body gives it."""
    title_end = doc.text.find("\n")
    if title_end == -1:
        return facts
    out = []
    for f in facts:
        if f.period is None and f.span[0] < title_end:
            same = next(
                (
                    g
                    for g in facts
                    if g.span[0] > title_end and g.period and (g.value, g.unit) == (f.value, f.unit)
                ),
                None,
            )
            if same is not None:
                f = dataclasses.replace(f, period=same.period)
        out.append(f)
    return out


def _frames(text: str, t: TimeExpr, has_values: bool) -> bool:
    """A time that opens its sentence ("1-10月，全县…"), or a reporting period
    opening a clause of a sentence that states no value ("记者获悉，今年前三季度，
    该县经济运行稳中有进。"), frames the sentences after it in the paragraph; a
    time further into a sentence of values ("…，2023年为244家企业…") is that
    sentence's own."""
    if has_values:
        return not _OPENING.sub("", text[: t.start]).strip()
    # from a framing sentence only a reporting period (months, a quarter, a half), not a
    # bare year: "园区改革持续深化，自2020年开始，…" is history, not the paragraph's period
    return (
        "-" in (t.period or "") and not _OPENING.sub("", text[clause_start(text, t.start) : t.start]).strip()
    )


# words that may come before an opening time: a dateline (本报讯（记者 张三）), 其中, 截至 ...
_OPENING = re.compile(
    r"^[“\"‘'「『]?(?:本报讯|[\u4e00-\u9fff]{2,8}(?:电|讯))?\s*(?:[（(][^（）()]{0,30}[）)])?\s*"
    r"(?:分[\u4e00-\u9fff]{1,5}看[，,]?)?"  # 分省辖市看，一季度，…: a breakdown's heading
    r"(?:其中|同时|另外|此外|据[^，,。]{0,8}(?:统计|显示|了解|悉|介绍|测算)|截至|截止|自|从|在)?[，,]?\s*"
    r"(?:今年|本年)?"  # 据统计数据显示，今年1-7月份，…
)


def _table_fact(doc: Document, sent, v: TableValue, owner: Owner) -> Fact:
    return _new_fact(
        doc,
        sent,
        v.subject,
        v.value,
        v.unit,
        v.period,
        v.kind,
        (v.start, v.end),
        entity=owner.entity,
        scope=owner.scope,
    )


def _fact(doc: Document, sent, it: Item) -> Fact:
    q = it.q
    earlier = None
    if it.from_ is not None:
        earlier = Earlier(value=it.from_.q.value, unit=it.from_.q.unit, period=it.from_.period)
    owner = it.owner or Owner("", "")
    return _new_fact(
        doc,
        sent,
        it.subject,
        q.value,
        q.unit,
        it.period,
        it.kind,
        (q.start, q.end),
        sign=it.sign,
        qualifier=q.qualifier,
        from_=earlier,
        target=it.target,
        entity=owner.entity,
        scope=owner.scope,
    )


def _new_fact(
    doc: Document,
    sent,
    subject: str,
    value: float,
    unit: str,
    period: str | None,
    kind: FactKind,
    span: tuple[int, int],
    *,
    sign: int = 1,
    **stated,
) -> Fact:
    """The fact at ``span`` of the sentence, normalized; a growth or change carries the
    sign its words give (下降4.5%: normalized −4.5, value 4.5 as written)."""
    nv, nu = normalize_quantity(value, unit)
    if kind in ("growth", "change"):
        nv = nv * sign
    return Fact(
        document=doc.name,
        subject=subject,
        value=value,
        unit=unit,
        period=period,
        sentence=sent.text,
        span=(sent.start + span[0], sent.start + span[1]),
        kind=kind,
        normalized_value=nv,
        normalized_unit=nu,
        sentence_index=sent.index,
        **stated,
    )
