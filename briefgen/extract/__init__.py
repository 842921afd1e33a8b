"""Indicator extraction: every stated quantity with what it measures and when.

    extract_facts(docs) -> list[Fact]

Per sentence: find the quantities (quantities.py), say what kind each is and
link changes X→Y (shapes.py), name its subject (subjects.py) and its period
(periods.py). Documents that were not normalized yet are normalized here.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefgen.extract.owners import (
    _PARK_TYPES,
    DocumentOwners,
    Mention,
    Owner,
    ParkName,
    choose_owner,
    find_mentions,
    topic_of,
)
from briefgen.extract.periods import Reference, TimeExpr, find_times, shift_years
from briefgen.extract.quantities import Quantity, find_quantities
from briefgen.extract.ranklists import ranked_entry
from briefgen.extract.shapes import BASE_TAIL, FROM_TAIL, PREVIOUS_YEAR_TAIL, TO_MARK, kind_of
from briefgen.extract.subjects import (
    _CAUSE,
    MAX_SUBJECT,
    after_verb,
    clause_end,
    clause_start,
    clean,
    combine,
    is_generic,
    is_verb_only,
    noun_after,
    shorten,
    split_list,
)
from briefgen.extract.tables import Column, TableValue, cells, is_header, is_table_row, read_header, read_row
from briefgen.extract.units import CLASSIFIERS, normalize_quantity, unit_family
from briefgen.models import Document, Fact
from briefgen.models import Quantity as Earlier

__all__ = ["extract_facts", "extract_document", "dateline_date"]


@dataclass
class _Item:
    """A quantity while its sentence is being read."""

    q: Quantity
    seg: str  # text between the previous quantity (or clause start) and this one
    seg_start: int
    kind: str = "level"
    sign: int = 1
    subject: str = ""
    period: str | None = None
    from_: _Item | None = None
    absorbed: bool = False  # the earlier value of a change: reported inside the later one
    target: bool = False  # a goal or a forecast, not an outcome
    full_subject: str = ""  # before shortening: a 分别 list is split from it
    in_field: bool = False  # the size of the field a rank is taken in (在全市12个县中排第3位)
    owner: Owner | None = None
    owner_how: str = ""  # clause | field | sentence | topic | focus (owners.choose_owner)


def extract_facts(docs: Iterable[Document], park: ParkName | None = None) -> list[Fact]:
    """Every fact of every document; ``park`` is the configured park (its names
    resolve 园区, 我区 and former names to it)."""
    facts: list[Fact] = []
    for doc in docs:
        facts.extend(extract_document(doc, park))
    return facts


def _is_heading(text: str) -> bool:
    return len(text) <= 40 and not re.search(r"[，。；！？]", text)


def extract_document(doc: Document, park: ParkName | None = None) -> list[Fact]:
    if not doc.sentences and doc.original:
        from briefgen.normalize import normalize

        doc = normalize(doc)
    published = doc.meta.published or dateline_date(doc.original)
    if published is None:
        published, year_in_force = implied_date(doc.text)
    else:
        year_in_force = None
    owners = DocumentOwners.read(doc, park)
    evaluation = evaluation_time(doc.text)
    section_topic: Owner | None = None  # the owner a heading names (一、甲经开区)
    last_measure = ""
    para_topic: Owner | None = None  # the owner a paragraph opens with
    facts: list[Fact] = []
    section_time: TimeExpr | None = None  # from a heading line: 2024年1-10月经济运行情况
    para_time: TimeExpr | None = None  # the last free time expression in this paragraph
    named_year: int | None = year_in_force
    last_para = -1
    last_subject = ""
    in_goals = False
    table: list[Column] | None = None  # the columns of the table being read
    lead_para: int | None = None
    lead_time: TimeExpr | None = None  # the reporting period the lead paragraph gives
    event: TimeExpr | None = None  # the year of the event a news item reports (签约仪式 5月18日)
    para_event: TimeExpr | None = None  # the event, in a paragraph that refers back to it
    para, scanned = 0, 0
    for sent in doc.sentences:
        para += doc.text.count("\n", scanned, sent.start)  # paragraphs are lines
        scanned = sent.start
        first_in_para = para != last_para
        if para != last_para:  # a year named in another paragraph does not date this one
            para_time, last_para, last_subject, para_event = None, para, "", None
            last_measure = ""  # the last measure of a value (not a rank) in the paragraph
            named_year = section_time.year if section_time else year_in_force
        text = sent.text
        times = find_times(text, Reference(published, named_year))
        quantities = find_quantities(text)
        mentions = find_mentions(text) if quantities or first_in_para else ()
        if first_in_para:
            para_topic = topic_of(owners, text, mentions)
        if _is_heading(text) and not is_table_row(text):
            if sent.index > 0:
                section_topic, para_topic = para_topic, None
            heading_times = [t for t in times if not t.base and t.period]
            if heading_times:
                section_time = heading_times[-1]
        found = _event_year(text, times, published)
        if found is not None:
            event = para_event = found
        elif event is not None and _REFERS_BACK.search(text):
            para_event = event  # 此次签约项目…, 签约仪式上…: the event's figures
        if is_table_row(text):
            row = cells(text)
            if is_header(row):
                frame = para_time or section_time or lead_time
                table = read_header(row, Reference(published, named_year), frame.period if frame else None)
            elif table is not None:
                when = find_times(row[0].text + "，", Reference(published, named_year)) if row else []
                row_period = when[0].period if len(when) == 1 and when[0].text == row[0].text else None
                row_owner = choose_owner(
                    owners, text, mentions, len(text), len(text), "", para_topic or section_topic
                ).owner
                facts.extend(_table_fact(doc, sent, v, row_owner) for v in read_row(row, table, row_period))
                quantities = []  # a row of a table is read by its columns
        else:
            table = None
        entry = ranked_entry(text) if not quantities and text[:1].isdigit() or text[:1].isspace() else None
        if entry is not None:
            frame = para_time or section_time or lead_time or evaluation
            facts.append(
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
            )
        if _GOALS_INTRO.search(text):
            in_goals = True  # 主要预期目标是：GDP增长6%左右；…: a list of goals up to the 。
        if quantities:
            carried = (
                para_time
                or section_time
                or para_event
                or (lead_time if named_year is None else None)
                or evaluation
            )
            items = _read_sentence(text, quantities, times, carried, last_subject)
            _mark_targets(text, items, in_goals, published)
            _owners(owners, text, items, mentions, para_topic or section_topic)
            _subjects_not_owners(text, items, mentions, last_measure)
            _evaluation_periods(text, items, evaluation)
            for it in items:
                if not it.absorbed:
                    facts.append(_fact(doc, sent, it))
            if items:
                last_subject = items[-1].subject
                last_measure = next(
                    (
                        it.subject
                        for it in reversed(items)
                        if it.q.unit not in ("位", "名") and not it.in_field
                    ),
                    last_measure,
                )
        for t in times:
            if t.year is not None and not t.base and not t.bound:
                named_year = t.year  # (从2020年的X增至2023年的Y: those years are the values')
        topic = [
            t for t in times if not t.bound and not t.base and t.period and _frames(text, t, bool(quantities))
        ]
        if lead_para is None and text.endswith("。") and len(text) > 20:
            lead_para = para  # the first paragraph of prose
        if topic:
            para_time = topic[-1]
        if lead_time is None and lead_para in (None, para):
            # 记者获悉，今年上半年，全县…: the reporting period the article opens with dates
            # the undated figures of its later paragraphs
            lead_time = next(
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
            in_goals = False
    return _date_headline(doc, facts)


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


def _mark_targets(text: str, items: list[_Item], in_goals: bool, published: dt.date | None) -> None:
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


_DATE = r"((?:19|20)\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?"
# where a page or a report prints its own date: a line opening with it before the time or
# the source ("2022年06月14日08:19 | 来源：江西日报"), a label anywhere in the head
# ("发布时间：2019年10月10日", "[ 发布日期 ] | 2023-07-28"), a report's dateline
# ("——2024年1月15日在…会议上"), a news item's (本报讯（2023年9月12日）)
_DATELINES = (
    re.compile(r"^\s*" + _DATE + r"(?=\s*(?:\d{1,2}:\d{2}|[|｜]|来源|來源|发布|作者|$))", re.MULTILINE),
    re.compile(r"(?:发布|发表|更新|成文|發布|發表|更新)(?:时间|日期|時間)[^\d\n]{0,8}" + _DATE),
    re.compile(r"[—－-]{2}\s*" + _DATE + r"\s*(?:在|于|於)"),
    re.compile(r"(?:^|\s)(?:时间|日期|時間)\s*[:：]\s*" + _DATE, re.MULTILINE),
    re.compile(r"(?:本报讯|本報訊|讯|訊)\s*[（(]\s*" + _DATE + r"\s*[）)]"),
)
# a report signed at its end: the last lines hold the date alone
_SIGNED = re.compile(r"^\s*" + _DATE + r"\s*$", re.MULTILINE)


def dateline_date(original: str) -> dt.date | None:
    """The date a page or report prints with the article (see _DATELINES), when
    sources.toml gives none: stated, not guessed."""
    lines = original.splitlines()
    head = "\n".join(lines[:15])
    for pattern in _DATELINES:
        m = pattern.search(head)
        if m:
            return _date_of(m)
    m = _SIGNED.search("\n".join(lines[-4:]))
    return _date_of(m) if m else None


def implied_date(text: str) -> tuple[dt.date | None, int | None]:
    """An undated text's time as a careful reader takes it. The first reporting period
    it names with its year (2024年1~4月) dates the text: the end of that period stands
    for the publication date (今年, 目前 resolve against it). Else the latest year it
    reports (not a goal's: 到2025年) is only the year of its bare months (1—8月), never
    of 今年 or 目前: an article about 2023 may be written in 2024."""
    latest = None
    for line in text.split("\n"):
        if not _YEAR_HINT.search(line):
            continue
        for t in find_times(line, Reference(None, None)):
            if t.base and t.year and re.search(r"年(?:末|底)$", t.text):
                latest = max(latest or 0, t.year + 1)  # 较2023年末净增: written in 2024
                continue
            if t.base or not t.period or not t.year:
                continue
            months = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})|(\d{4})-Q([1-4])", t.period)
            if months and months.group(1):
                y, m = int(months.group(3)), int(months.group(4))
                return dt.date(y, m, calendar.monthrange(y, m)[1]), y
            if months:
                y, q = int(months.group(5)), int(months.group(6))
                return dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1]), y
            if (
                not t.bound
                and re.fullmatch(r"\d{4}(?:/\d{4})?", t.period)
                and "到" not in line[max(0, t.start - 2) : t.start]
            ):
                latest = max(latest or 0, t.year)
    return None, latest


_YEAR_HINT = re.compile(r"(?:19|20)\d\d\s*年")
# 2022年国家级经济技术开发区综合发展水平考核评价, 2018年度全省经济开发区…综合考核评价
_EVALUATION_NAMED = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*年度?[^，。；,;\n]{0,30}?(?:考核评价|考评|评价|排名|排序|排行榜|榜单|百强|强名单)"
)


def evaluation_time(text: str) -> TimeExpr | None:
    """The year of the evaluation a ranking article reports, named in its opening
    paragraphs: the period of its undated ranks and counts (the evaluation year, as
    the text names it, not the year of the data evaluated)."""
    head = text[:600]
    m = _EVALUATION_NAMED.search(head)
    if m is None:
        return None
    y = m.group("y")
    return TimeExpr(m.start(), m.end(), m.group(0), y, int(y), False)


def _date_of(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


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
    r"(?:其中|同时|另外|此外|据统计|截至|截止|自|从|在)?[，,]?\s*"
)


def _read_sentence(
    text: str, quantities: list[Quantity], times: list[TimeExpr], carried: TimeExpr | None, last_subject: str
) -> list[_Item]:
    items: list[_Item] = []
    for i, q in enumerate(quantities):
        cs = clause_start(text, q.start)
        prev_end = quantities[i - 1].end if i else 0
        a = max(cs, prev_end)
        items.append(_Item(q, text[a : q.start], a))
    for i, it in enumerate(items):
        seg = _without_times(it.seg, it.seg_start, times)
        it.kind, it.sign = kind_of(it.q, seg)
        prev = items[i - 1] if i else None
        if prev and _JOINERS.fullmatch(seg) and prev.q.unit == it.q.unit and prev.kind != it.kind:
            it.kind, it.sign = prev.kind, prev.sign  # 分别增长8.5%、6.3%: the second is a growth too
    _periods(text, items, times, carried)
    _link_changes(text, items, times)
    _subjects(text, items, times, last_subject)
    _respectively(text, items, times, carried)
    for it in items:
        if it.from_ is not None:
            _split_range(it)
    _multiple_spans(text, items, times)
    _average_span(items)
    return items


_JOINERS = re.compile(r"[和及与、，\s]*")
_LIST_JOINERS = re.compile(r"\s*(?:、|和|及|与|，)\s*")
_RESPECTIVE_JOINERS = re.compile(r"\s*(?:、|和|及|与|，)\s*第?")  # 分别位居全国第3和第27名


def _without_times(seg: str, seg_start: int, times: list[TimeExpr], keep_de: bool = False) -> str:
    out = seg
    for t in sorted(times, key=lambda t: -t.start):
        a, b = t.start - seg_start, t.end - seg_start
        if a >= 0 and b <= len(seg):
            b2 = b + 1 if out[b : b + 1] == "的" and not keep_de else b
            out = out[:a] + out[b2:]
    return out


def _periods(text: str, items: list[_Item], times: list[TimeExpr], carried: TimeExpr | None) -> None:
    for i, it in enumerate(items):
        start = it.q.start
        prev_end = items[i - 1].q.end if i else 0
        next_start = items[i + 1].q.start if i + 1 < len(items) else len(text)
        in_seg = [
            t
            for t in times
            if prev_end <= t.start
            and t.end <= start
            and (
                not t.base
                or (text.startswith("的", t.end, start) and text[t.start - 1 : t.start] not in "是为")
            )
        ]  # 较2020年的112.5亿元: a base with its value is that value's time
        after = [
            t
            for t in times
            if it.q.end <= t.start < min(next_start, clause_end(text, it.q.end))
            and not t.base
            and not t.bound
        ]
        earlier_free = [t for t in times if t.end <= start and not t.base and not t.bound]
        if len(earlier_free) > 1 and earlier_free[-1].text in ("近日", "日前"):
            earlier_free.pop()  # 2018年度…评价情况日前出炉，…南京有4家: the year named, not the news's day
        chosen = (
            in_seg[-1] if in_seg else after[0] if after else earlier_free[-1] if earlier_free else carried
        )
        it.period = chosen.period if chosen else None
        if (
            ("上年" in it.seg or "去年" in it.seg)
            and PREVIOUS_YEAR_TAIL.search(text[prev_end:start])
            and "上年" not in (chosen.text if chosen else "")
        ):
            it.period = shift_years(it.period, -1)  # 由上年同期的31.2%: the same months a year before


def _link_changes(text: str, items: list[_Item], times: list[TimeExpr]) -> None:
    """从X…至Y: the last of the values reached (a series may pass through
    several) carries X as its earlier value."""
    for i, x in enumerate(items):
        if (
            i
            and ("较" in x.seg or "比" in x.seg)
            and BASE_TAIL.search(_without_times(x.seg, x.seg_start, times, keep_de=True).strip())
        ):
            _link_base(items, i)
            continue
        if x.absorbed or not FROM_TAIL.search(_without_times(x.seg, x.seg_start, times).strip()):
            continue
        fam = unit_family(x.q.unit)
        chain: list[_Item] = []
        for y in items[i + 1 :]:
            if unit_family(y.q.unit) != fam or (y.q.rank != x.q.rank):
                break
            seg = _without_times(y.seg, y.seg_start, times).strip("，、 ")
            if "从" in seg or "由" in seg:
                break
            if TO_MARK.search(seg) or (chain and len(seg) <= 1):
                chain.append(y)
                continue
            break
        if chain:
            chain[-1].from_ = x
            x.absorbed = True
            for y in chain:
                if y.kind == "change":
                    y.kind = x.kind


# 在全市12个县（市、区）中排第3位: the field a rank is taken in, not what is ranked
_RANK_FIELD = re.compile(
    r"在(?P<field>[^，；。在]{2,30}?)(?:之中|中|内)(?=的?(?:排名|排位|排|位居|位列|名列|居|列))"
)
_EVALUATION = re.compile(r"(?:评价|考核|考评|评比|评估|监测|排行榜?|榜单|排名)$")


def _link_base(items: list[_Item], i: int) -> None:
    """…达到168.2亿元，较2020年的112.5亿元增长近五成: the base is the earlier
    value of the value stated before it."""
    x = items[i]
    fam = unit_family(x.q.unit)
    for y in reversed(items[:i]):
        if unit_family(y.q.unit) == fam and y.q.rank == x.q.rank:
            if y.from_ is None and not y.absorbed:
                y.from_ = x
                x.absorbed = True
            return


def _average_span(items: list[_Item]) -> None:
    """从2018年的286亿元增至2022年的612亿元，年均增长20.9%: an average rate
    holds over the span of the change it follows."""
    for prev, it in zip(items, items[1:], strict=False):
        x = prev.from_
        if (
            "年均" in it.seg
            and x is not None
            and x.period
            and prev.period
            and re.fullmatch(r"\d{4}", x.period)
            and re.fullmatch(r"\d{4}", prev.period)
            and x.period < prev.period
        ):
            it.period = f"{x.period}/{prev.period}"
        elif (
            "年均" in it.seg
            and prev.period
            and re.fullmatch(r"\d{4}/\d{4}", prev.period)
            and prev.q.unit == "倍"
        ):
            it.period = prev.period  # 是2005年的5.2倍，年均增长38%: over the same years


def _multiple_spans(text: str, items: list[_Item], times: list[TimeExpr]) -> None:
    """2010年…收入420亿元，是2005年的5.2倍: a multiple of a base year's value holds
    from that year to the value's."""
    for it in items:
        if it.q.unit != "倍" or not it.period or not re.fullmatch(r"\d{4}", it.period):
            continue
        base = next(
            (
                t
                for t in times
                if t.base
                and it.seg_start <= t.start
                and t.end <= it.q.start
                and text.startswith("的", t.end)
                and t.period
                and re.fullmatch(r"\d{4}", t.period)
            ),
            None,
        )
        if base is not None and base.period and base.period < it.period:
            it.period = f"{base.period}/{it.period}"


def _subjects(text: str, items: list[_Item], times: list[TimeExpr], last_subject: str) -> None:
    fields = [m for m in _RANK_FIELD.finditer(text)] if "在" in text else []
    for it in items:
        it.in_field = any(m.start() < it.q.start < m.end() for m in fields)
    for i, it in enumerate(items):
        q = it.q
        own = ""
        field = (
            next((m for m in fields if m.end() <= q.start and clause_start(text, q.start) <= m.start()), None)
            if fields
            else None
        )
        if it.in_field:
            # the size of the field (全市12个县): what follows the count names it
            m = next(m for m in fields if m.start() < q.start < m.end())
            it.kind = "level"
            it.subject = clean(text[q.end : m.end("field")]) or noun_after(text, q.end)
            continue
        if it.kind in ("rank", "change") and field is not None and q.unit in ("位", "名"):
            before = clean(
                _without_times(
                    text[clause_start(text, field.start()) : field.start()],
                    clause_start(text, field.start()),
                    times,
                )
            )
            name = clean(field.group("field"))
            if _EVALUATION.search(name):
                # 园区在全省开发区综合考核中排名第8位: the evaluation names the ranking
                own = shorten(_after_count(name) + ("" if name.endswith("排名") else "排名"))
            elif before:
                own = before
            else:
                own = clean(_after_count(name))  # 在全省产业集群中位列第15位: one of the field
            inherited = _inherit(text, items, i, times, last_subject)
            it.full_subject = combine(own, inherited)
            it.subject = shorten(it.full_subject)
            continue
        if q.unit in CLASSIFIERS and not q.rank:
            before = clean(_without_times(it.seg, it.seg_start, times))
            own = noun_after(text, q.end, bool(before))  # 121家企业: what the measure word counts
        if not own and q.unit in CLASSIFIERS:
            own = _those_that(text, items, i, times)  # 产值实现增长的有103家
        if not own:
            own = clean(_without_times(it.seg, it.seg_start, times))
            if i and it.seg_start == items[i - 1].q.end:
                own = after_verb(own)  # 121家企业审批…贷款6.67亿元: the noun after the verb
        if own and len(own) <= 4 and not is_generic(own) and not own.startswith("占"):
            cause = _cause_subject(text, items, i, times)
            if cause and not cause.endswith(own):
                own = cause + own  # 汽车制造业受减产影响，增加值下降2.3%
        if it.kind == "rank":
            head = _RANK_VERB_MID.split(own, 1)[0]
            if len(head) >= 2:
                own = head  # 外资总额位列全省开发区第二 -> 外资总额
            elif _RANK_VERB_MID.match(_LEAD_ADVERB.sub("", own)):
                own = ""  # 均居全市开发区首位: the values before are ranked
        inherited = _inherit(text, items, i, times, last_subject)
        if it.from_ is not None and (not own or is_verb_only(own) or is_generic(own)):
            inherited = it.from_.subject or inherited
        if own.startswith(("拉动", "带动")) and inherited and unit_family(q.unit) == "个百分点":
            # 电子信息产业增长21.4%，拉动全区工业增长4.2个百分点: the pull of the measure before
            own = inherited + (own if len(inherited + own) <= MAX_SUBJECT else own[:2])
        it.full_subject = combine(own, inherited)
        it.subject = shorten(it.full_subject)


_RANK_VERB_MID = re.compile(r"位列|位居|名列|跃居|排在|居于|跻身|挺进|进入|居(?!民)")
_LEAD_ADVERB = re.compile(r"^(?:均|都|也|仍|继续|稳|已)+")
_COUNTED = re.compile(r"^.*?\d+(?:\.\d+)?[个家所项]")


def _after_count(name: str) -> str:
    """全省143个省级及以上园区综合评价 -> 省级及以上园区综合评价."""
    return _COUNTED.sub("", name) or name


def _respectively(text: str, items: list[_Item], times: list[TimeExpr], carried: TimeExpr | None) -> None:
    """ "2021年、2022年、2023年，税收分别为8.2亿元、9.5亿元和11.3亿元" and
    "增加值、营业收入分别增长8.5%、6.3%": the n-th value goes with the n-th
    period or name of the list before 分别. Each 分别 takes the values up to the
    next one (城镇和农村居民收入分别达到X元、Y元，分别增长a%和b%)."""
    if "分别" not in text:
        return
    marks = [m.start() for m in re.finditer("分别", text)]
    # a span of years framing the sentence (2016年至2018年，…；分别完成…) holds for its lists too
    span_before = re.fullmatch(r"(\d{4})/(\d{4})", carried.period or "") if carried else None
    for j, k in enumerate(marks):
        stop = marks[j + 1] if j + 1 < len(marks) else len(text)
        after = [it for it in items if k < it.q.start < stop]
        if len(after) < 2:
            continue
        lo = marks[j - 1] if j else 0
        listed = [t for t in times if lo <= t.start and t.end <= k and not t.base and t.period]
        span = re.fullmatch(r"(\d{4})/(\d{4})", listed[-1].period or "") if listed else None
        if span is None and not listed:
            span = span_before  # 2016年至2018年，分别完成A、B、C；分别完成D、E、F: the years hold on
        span_before = span
        years = range(int(span.group(1)), int(span.group(2)) + 1) if span else range(0)
        together = after[:1]
        for it in after[1:]:
            if not _LIST_JOINERS.fullmatch(text, together[-1].q.end, it.q.start):
                break
            together.append(it)
        if len(years) == len(together) >= 2:
            for it, y in zip(together, years, strict=False):
                it.period = str(y)  # 2021—2023年，收入分别为A、B和C: one year each
            for it in after[len(together) :]:
                if "年均" in it.seg and span is not None:
                    it.period = span.group(0)  # 预计年均增长24.5%: over the years listed
        elif len(listed) == len(after) and all(
            re.fullmatch(r"[、和及与\s]*", text[a.end : b.start])
            for a, b in zip(listed, listed[1:], strict=False)
        ):
            for it, t in zip(after, listed, strict=False):
                it.period = t.period
        subject = after[0].subject
        run = after[:1]
        for it in after[1:]:  # the values listed together: 28.4%和19.7%, 6.4%、3.5%和12.7%
            if it.subject != subject or not _LIST_JOINERS.fullmatch(text, run[-1].q.end, it.q.start):
                break
            run.append(it)
        full = after[0].full_subject or subject
        listed_names = clean(_without_times(text[clause_start(text, k) : k], clause_start(text, k), times))
        rest = ""
        if listed_names and full.startswith(listed_names) and full != listed_names:
            # 新能源、新材料产业产值分别占规上工业总产值的28.4%和19.7%: each name + 占…
            rest = full[len(listed_names) :].removeprefix("分别")
            full = listed_names
        parts = split_list(full, len(run))
        if parts:
            for it, part in zip(run, parts, strict=False):
                named = part + rest
                it.subject = (
                    named if len(named) <= MAX_SUBJECT or not rest.startswith("占") else part + "占比"
                )
                it.subject = shorten(it.subject)


_CAUSE_HINT = re.compile(r"受|因|由于|得益于")
_THOSE_THAT = re.compile(r"^(?P<desc>[^，；]{2,14}?)的(?:有|共有|达|为)?$")


def _those_that(text: str, items: list[_Item], i: int, times: list[TimeExpr]) -> str:
    """147家规上工业企业中，产值实现增长的有103家 -> 产值实现增长的企业: a count
    of the members of a set named before that meet a description."""
    if "的" not in items[i].seg:
        return ""
    seg = _without_times(items[i].seg, items[i].seg_start, times).strip("，、 ")
    m = _THOSE_THAT.match(_LEAD_WORDS.sub("", seg))
    if not m:
        return ""
    desc = m.group("desc")
    for prev in reversed(items[:i]):
        if prev.q.unit == items[i].q.unit and text.startswith("中", prev.q.end + len(prev.subject)):
            return shorten(f"{desc}的{prev.subject[-2:]}")
    return ""


_LEAD_WORDS = re.compile(r"^(?:其中|全区|全县|全市|园区)[，,]?")


def _cause_subject(text: str, items: list[_Item], i: int, times: list[TimeExpr]) -> str:
    """非金属矿物制品业受建材需求不足影响，(增加值)下降6.8%: the subject named with
    its cause in a clause of its own after the previous value."""
    if "受" not in text and "因" not in text and "由于" not in text and "得益" not in text:
        return ""
    prev_named = next((p for p in reversed(items[:i]) if p.subject and not p.in_field), None)
    limit = prev_named.q.end if prev_named else 0
    a = clause_start(text, items[i].q.start)
    while a > limit and _CAUSE_HINT.search(text, limit, a):
        b = a - 1
        a = clause_start(text, b)
        if a < limit:
            break
        seg = text[a:b]
        if _CAUSE.search(seg):
            cand = clean(_without_times(seg, a, times))
            if cand and len(cand) <= MAX_SUBJECT and not is_verb_only(cand):
                return cand
    return ""


def _inherit(text: str, items: list[_Item], i: int, times: list[TimeExpr], last_subject: str) -> str:
    """The subject a bare value takes: a subject with its cause in a clause of
    its own just before (X受…影响，下降6.8%), else the quantity before it in the
    sentence, else the nearest earlier clause of the sentence that names
    something, else the last subject of the paragraph."""
    cause = _cause_subject(text, items, i, times)
    if cause:
        return cause
    prev_named = next((p for p in reversed(items[:i]) if p.subject and not p.in_field), None)
    own_start = clause_start(text, items[i].q.start)
    if prev_named is not None:
        return prev_named.subject
    a = own_start
    while a > 0:
        b = a - 1
        a = clause_start(text, b)
        seg = text[a:b]
        cand = clean(_without_times(seg, a, times))
        if cand and len(cand) <= MAX_SUBJECT and not is_verb_only(cand):
            return cand
    return last_subject


def _split_range(it: _Item) -> None:
    """2020年至2023年，…从5.88%升至11.1%: the earlier value holds at the start."""
    x = it.from_
    if x and x.period and x.period == it.period and re.fullmatch(r"\d{4}/\d{4}", x.period):
        a, b = x.period.split("/", 1)
        x.period, it.period = a, b  # (a month range like 1-10月 is cumulative: both hold over it)


def _owners(
    owners: DocumentOwners, text: str, items: list[_Item], mentions: Sequence[Mention], topic: Owner | None
) -> None:
    previous = None
    for it in items:
        choice = choose_owner(owners, text, mentions, it.q.start, it.q.end, it.q.unit, topic, previous)
        it.owner, it.owner_how = choice.owner, choice.how
        if choice.how != "holder":  # the size of a ranked set is no owner for what follows
            previous = (it.q.end, choice)
    # a series of ranks in one sentence (从第93位，到第64位，再到省级开发区第16位) has one owner
    ranks = [it for it in items if it.q.unit in ("位", "名")]
    strong = next((it for it in reversed(ranks) if it.owner_how in ("clause", "field")), None)
    if strong is not None:
        for it in ranks:
            if it.owner_how not in ("clause", "field"):
                it.owner, it.owner_how = strong.owner, strong.owner_how
    _owners_respectively(owners, text, items, mentions)


def _owners_respectively(
    owners: DocumentOwners, text: str, items: list[_Item], mentions: Sequence[Mention]
) -> None:
    """甲经开区、乙高新区分别实现营收410亿元、300亿元: the n-th value is the n-th owner's."""
    if "分别" not in text:
        return
    for k in (m.start() for m in re.finditer("分别", text)):
        cs = clause_start(text, k)
        listed = [m for m in mentions if cs <= m.start and m.end <= k and not m.context]
        if not listed and cs > 0:  # 甲区和乙区进入前五，分别位列第三和第四: the clause before names them
            listed = [
                m for m in mentions if clause_start(text, cs - 1) <= m.start and m.end < cs and not m.context
            ]
        if len(listed) < 2 or not all(
            _LIST_JOINERS.fullmatch(text, a.end, b.start) for a, b in zip(listed, listed[1:], strict=False)
        ):
            continue
        after = [it for it in items if it.q.start > k]
        run = after[: len(listed)]
        if len(run) == len(listed) and all(
            _RESPECTIVE_JOINERS.fullmatch(text, a.q.end, b.q.start)
            for a, b in zip(run, run[1:], strict=False)
        ):
            for it, m in zip(run, listed, strict=True):
                it.owner, it.owner_how = owners.resolve(m), "clause"


# a subject that only says how a value moved: 发展到2013年的77.6亿元，如今跃升到225亿元
_MOVE_ONLY = re.compile(
    r"(?:如今|现在|目前|已经|已|再|又|进一步|一举|逐步)*"
    r"(?:发展|跃升|攀升|增长|增加|提升|提高|上升|增至|升至|跃至|突破|达到|达|迈上|跨越|晋升|扩大|壮大|猛增)"
    r"(?:到|至|为|了)?"
)
_PARK_KIND = re.compile(_PARK_TYPES)
_OWNER_VERB = re.compile(r"^(?:的|内|共|累计|全年)*(?:实现|完成|达到|达|已有|现有|拥有|共有)?")
_NOISE = re.compile(r"[（）()、，,：:；;\s]|^(?:是|和|及|与|其中|分别|为)+|(?:是|和|及|与)+$")


_THIS_EVALUATION = re.compile(r"(?:此次|本次|这次|该次)(?:考核|考评|评价|评估|排名|排序|测评|国考)")


def _evaluation_periods(text: str, items: list[_Item], evaluation: TimeExpr | None) -> None:
    """郑州经开区自2020年以来稳居前30强，此次考核居全国第26位: the evaluation's year."""
    if evaluation is None or "次" not in text:
        return
    for it in items:
        if _THIS_EVALUATION.search(text, clause_start(text, it.q.start), it.q.start):
            it.period = evaluation.period


def _subjects_not_owners(
    text: str, items: list[_Item], mentions: Sequence[Mention], last_measure: str = ""
) -> None:
    """广丰经济开发区325.44亿元，全省第八位: the owner is no subject. A value whose
    subject is only its owner's name measures what the values before it measure
    (a rank: how they rank)."""
    # owners' names, not bare kinds (园区 is part of 工业园区, a subject's word)
    names = sorted({m.text for m in mentions if m.key or m.scope != "park"}, key=len, reverse=True)
    if not mentions and not any(_MOVE_ONLY.fullmatch(it.subject) or len(it.subject) < 2 for it in items):
        return  # the short way: no owner named, no subject that is only a verb
    for it in items:
        lead = next((m for m in mentions if not m.context and it.subject.startswith(m.text)), None)
        rest = _OWNER_VERB.sub("", it.subject[len(lead.text) :]) if lead is not None else ""
        if len(rest) >= 3:
            it.subject = rest  # 全市工业园区实现主营业务收入 -> 主营业务收入: the owner is said apart
    for i, it in enumerate(items):
        holder = next((m for m in mentions if m.start <= it.q.start and it.q.end < m.end), None)
        if holder is not None and it.q.unit in CLASSIFIERS:
            # 浙江省5家国家级经开区: the count is of the parks named after it
            after = holder.end - it.q.end
            it.subject = shorten(holder.text[len(holder.text) - after :]) if after > 1 else it.subject
            continue
        rest = it.subject
        for name in names:
            rest = rest.replace(name, "")
        rest = _NOISE.sub("", rest)
        if len(rest) > 1 and not _MOVE_ONLY.fullmatch(rest) and not _PARK_KIND.fullmatch(rest):
            continue
        before = [
            p
            for p in items[:i]
            if len(_NOISE.sub("", p.subject)) > 1 and not p.in_field and p.owner_how != "holder"
        ]
        rank = it.q.unit in ("位", "名")
        named_after = "" if rank else noun_after(text, it.q.end)
        if len(named_after) >= 2:
            it.subject = shorten(named_after)  # 家居产业园60万平方米标房: what follows the number
            continue
        same = next(
            (
                p
                for p in reversed(before)
                if (p.q.unit in ("位", "名")) == rank and unit_family(p.q.unit) == unit_family(it.q.unit)
            ),
            None,
        )
        if same is None and not before and last_measure:
            # 广丰经济开发区325.44亿元，全省第八位；…: the paragraph's measure goes on
            it.subject = shorten(last_measure + "排名") if rank else last_measure
        elif same is not None:
            it.subject = same.subject
        elif rank and before:
            measured = before[-1].subject
            for name in names:
                measured = measured.replace(name, "")
            it.subject = shorten((measured or before[-1].subject) + "排名")  # 收入410亿元，排第6位
        elif rank:
            it.subject = "排名"


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


def _fact(doc: Document, sent, it: _Item) -> Fact:
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
    kind: str,
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
