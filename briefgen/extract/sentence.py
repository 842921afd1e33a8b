"""One sentence read: its quantities as items with kind, period, subject and the
changes X→Y they state (read_sentence). The document-level state (the period a
paragraph carries, the last subject) comes in from extract_document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.extract.owners import (
    Owner,
)
from briefgen.extract.periods import TimeExpr, shift_years
from briefgen.extract.quantities import QuantityMatch
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
from briefgen.extract.units import CLASSIFIERS, RANK_UNITS, unit_family
from briefgen.models import FactKind


@dataclass
class Item:
    """A quantity while its sentence is being read."""

    q: QuantityMatch
    seg: str  # text between the previous quantity (or clause start) and this one
    seg_start: int
    kind: FactKind = "level"
    sign: int = 1
    subject: str = ""
    period: str | None = None
    from_: Item | None = None
    absorbed: bool = False  # the earlier value of a change: reported inside the later one
    target: bool = False  # a goal or a forecast, not an outcome
    full_subject: str = ""  # before shortening: a 分别 list is split from it
    in_field: bool = False  # the size of the field a rank is taken in (在全市12个县中排第3位)
    owner: Owner | None = None
    owner_how: str = ""  # clause | field | sentence | topic | focus (owners.choose_owner)


def read_sentence(
    text: str,
    quantities: list[QuantityMatch],
    times: list[TimeExpr],
    carried: TimeExpr | None,
    last_subject: str,
) -> list[Item]:
    items: list[Item] = []
    for i, q in enumerate(quantities):
        cs = clause_start(text, q.start)
        prev_end = quantities[i - 1].end if i else 0
        a = max(cs, prev_end)
        items.append(Item(q, text[a : q.start], a))
    for i, it in enumerate(items):
        seg = _without_times(it.seg, it.seg_start, times)
        it.kind, it.sign = kind_of(it.q, seg)
        prev = items[i - 1] if i else None
        if prev and _JOINERS.fullmatch(seg) and prev.q.unit == it.q.unit and prev.kind != it.kind:
            it.kind, it.sign = prev.kind, prev.sign  # 分别增长8.5%、6.3%: the second is a growth too
    _periods(text, items, times, carried)
    _link_changes(text, items, times)
    _subjects(text, items, times, last_subject)
    _measure_said_again(items)
    _respectively(text, items, times, carried)
    for it in items:
        if it.from_ is not None:
            _split_range(it)
    _multiple_spans(text, items, times)
    _average_span(items)
    return items


_JOINERS = re.compile(r"[和及与、，\s]*")
LIST_JOINERS = re.compile(r"\s*(?:、|和|及|与|，)\s*")


def _without_times(seg: str, seg_start: int, times: list[TimeExpr], keep_de: bool = False) -> str:
    out = seg
    for t in sorted(times, key=lambda t: -t.start):
        a, b = t.start - seg_start, t.end - seg_start
        if a >= 0 and b <= len(seg):
            b2 = b + 1 if out[b : b + 1] == "的" and not keep_de else b
            out = out[:a] + out[b2:]
    return out


def _periods(text: str, items: list[Item], times: list[TimeExpr], carried: TimeExpr | None) -> None:
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


def _link_changes(text: str, items: list[Item], times: list[TimeExpr]) -> None:
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
        chain: list[Item] = []
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


def _link_base(items: list[Item], i: int) -> None:
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


def _average_span(items: list[Item]) -> None:
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


def _multiple_spans(text: str, items: list[Item], times: list[TimeExpr]) -> None:
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


_BARE_MEASURE = re.compile(r"增加值|产值|总产值|营业收入|主营业务收入|收入|税收|投资")


def _measure_said_again(items: list[Item]) -> None:
    """第二产业实现增加值280.5亿元，占GDP比重61.8%，增加值增长6.8%: a bare measure said again
    later in the sentence is the one the sentence opened with (第二产业增加值)."""
    for i, it in enumerate(items):
        if not _BARE_MEASURE.fullmatch(it.subject):
            continue
        earlier = next(
            (p.subject for p in items[:i] if p.subject.endswith(it.subject) and p.subject != it.subject),
            None,
        )
        if earlier is not None:
            it.subject = earlier


def _subjects(text: str, items: list[Item], times: list[TimeExpr], last_subject: str) -> None:
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
        if it.kind in ("rank", "change") and field is not None and q.unit in RANK_UNITS:
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
        share_of = _SHARE_OF.match(text, q.end) if q.unit == "%" else None
        if share_of is not None and _HOLDS_VERB.search(text[clause_start(text, q.start) : q.start]):
            # 创造了全国14.3%的GDP，贡献了13.6%的税收; 聚集了近80%的全国重点实验室、70%的…: the share of what
            it.full_subject = it.subject = shorten(share_of.group("n"))
            continue
        product = _PRODUCT.match(text, q.end) if _CAPACITY_UNIT.match(q.unit) else None
        said = text[max(it.seg_start, clause_start(text, q.start)) : q.start]
        if product is not None and not _YEARLY.search(said) and not _MEASURED.search(said):
            # 深圳立雅信5万吨致密刚玉及1万吨蓝刚玉: what the capacity makes (年产X吨Y keeps its 年产)
            own = product.group("p")
        elif q.unit in CLASSIFIERS and (reached := _REACHED.match(text, q.end)) is not None:
            own = reached.group("n")  # 全市园区中2个基本实现“九通一平”: the members that reached it
        elif q.unit in CLASSIFIERS and not q.rank:
            before = clean(_without_times(it.seg, it.seg_start, times))
            # 集中开工的10个重点项目总投资44.08亿元: what 的 describes is the noun counted
            modifier = it.seg.rstrip().endswith("的")
            own = noun_after(text, q.end, bool(before) and not modifier)  # 121家企业: what is counted
            if modifier:
                own = re.sub(r"(项目|企业)[^项企]+$", r"\1", own)  # not the 总投资 of the value after
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
        if (it.kind == "rank" or q.unit in RANK_UNITS) and _WHERE_ONLY.fullmatch(it.subject):
            # 在广东，甲区和乙区进入前30强，分别位居全国第3和第27名; …双双跻身全国30强，分别列22位和29位
            it.full_subject = it.subject = ""


_SHARE_OF = re.compile(r"的(?P<n>[\u4e00-\u9fffA-Za-z]{2,12}?)(?=[，,。；;、]|$)")
_HOLDS_VERB = re.compile(
    r"(?:创造|贡献|聚集|集聚|拥有|汇聚|吸引|承载)了?[^，,；;]{0,4}$|^[近约超]?$|%的[^，,；;、]{2,12}、$"
)
_REACHED = re.compile(r"(?:基本|已|均|都)?(?:实现|达到|完成)[“\"](?P<n>[^”\"]{2,8})[”\"]")
_YEARLY = re.compile(r"(?:年产|年生产|年加工|年处理)$")
_MEASURED = re.compile(r"量|能力|值|额|收入|规模|面积|总|消耗|能耗|各|建成|形成")
_CAPACITY_UNIT = re.compile(r"^万?(?:吨|千瓦|套|台|辆|头|只|件|立方米)$")
_PRODUCT = re.compile(
    r"(?:/年|的)?(?P<p>(?![的及和与、年一二两三四五六七八九十各]|项目|生产)[\u4e00-\u9fffA-Za-z]{2,10}?)"
    r"(?=及|和|、|，|,|；|;|。|项目|技改|生产线|一期|二期|等|\d)"
)
# 在广东 (where), 双双跻身全国30强 (that they made a list): not what a rank ranks
_WHERE_ONLY = re.compile(
    r"在[\u4e00-\u9fff]{1,4}|(?:双双|均|都|同时)?(?:跻身|进入|入围|挺进)[^，。；]{0,8}强"
)
_RANK_VERB_MID = re.compile(r"位列|位居|名列|跃居|排在|居于|跻身|挺进|进入|居(?!民)")
_LEAD_ADVERB = re.compile(r"^(?:均|都|也|仍|继续|稳|已)+")
_COUNTED = re.compile(r"^.*?\d+(?:\.\d+)?[个家所项]")


def _after_count(name: str) -> str:
    """全省143个省级及以上园区综合评价 -> 省级及以上园区综合评价."""
    return _COUNTED.sub("", name) or name


# 分别高于东部沿海33个国家级开发区0.74和19.33个百分点: the size of the set compared with, not a listed value
_COUNTED_COMPARED = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:开发区|园区|高新区|经开区|集聚区)(?=\d)")


def _respectively(text: str, items: list[Item], times: list[TimeExpr], carried: TimeExpr | None) -> None:
    """ "2021年、2022年、2023年，税收分别为8.2亿元、9.5亿元和11.3亿元" and
    "增加值、营业收入分别增长8.5%、6.3%": the n-th value goes with the n-th
    period or name of the list before 分别. Each 分别 takes the values up to the
    next one (城镇和农村居民收入分别达到X元、Y元，分别增长a%和b%)."""
    if "分别" not in text and "依次" not in text:
        return
    marks = [m.start() for m in re.finditer("分别|依次", text)]
    # a span of years framing the sentence (2016年至2018年，…；分别完成…) holds for its lists too
    span_before = re.fullmatch(r"(\d{4})/(\d{4})", carried.period or "") if carried else None
    for j, k in enumerate(marks):
        stop = marks[j + 1] if j + 1 < len(marks) else len(text)
        after = [it for it in items if k < it.q.start < stop and not _COUNTED_COMPARED.match(text, it.q.end)]
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
            if not LIST_JOINERS.fullmatch(text, together[-1].q.end, it.q.start):
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
            if it.subject != subject or not LIST_JOINERS.fullmatch(text, run[-1].q.end, it.q.start):
                break
            run.append(it)
        full = after[0].full_subject or subject
        listed_names = clean(_without_times(text[clause_start(text, k) : k], clause_start(text, k), times))
        rest = ""
        if listed_names and full.startswith(listed_names) and full != listed_names:
            # 新能源、新材料产业产值分别占规上工业总产值的28.4%和19.7%: each name + 占…
            rest = full[len(listed_names) :].removeprefix("分别").removeprefix("依次")
            full = listed_names
        parts = split_list(full, len(run))
        if (
            not parts
            and listed_names
            and not full.startswith(listed_names)
            and len(run) >= 2
            and not any(it.q.rank for it in run)
        ):
            # 其中工业总产值和税收收入增幅分别高于东部沿海33个国家级开发区0.74和19.33个百分点: the
            # measures listed before 分别, not the set compared with after it
            parts = split_list(listed_names, len(run))
        before = [it for it in items if it.q.end <= k]
        if not parts and len(run) >= 2 and len(before) >= len(run):
            # 实现工业总产值6692.63亿元，工业增加值1839.73亿元，…，分别比上年同期增长42.4%、
            # 36.8%…: the n-th change is of the n-th value listed before, each its own measure
            levels = before[-len(run) :]
            subjects = [it.subject for it in levels]
            if len(set(subjects)) == len(subjects) and all(
                it.q.unit not in ("%", "个百分点", "位", "名") and len(it.subject) >= 2 for it in levels
            ):
                for it, level in zip(run, levels, strict=True):
                    it.subject = level.subject
                continue
        if parts:
            for it, part in zip(run, parts, strict=False):
                named = part + rest
                it.subject = (
                    named if len(named) <= MAX_SUBJECT or not rest.startswith("占") else part + "占比"
                )
                it.subject = shorten(it.subject)


_CAUSE_HINT = re.compile(r"受|因|由于|得益于")
_THOSE_THAT = re.compile(r"^(?P<desc>[^，；]{2,14}?)的(?:有|共有|达|为)?$")


def _those_that(text: str, items: list[Item], i: int, times: list[TimeExpr]) -> str:
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


def _cause_subject(text: str, items: list[Item], i: int, times: list[TimeExpr]) -> str:
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


_RATIO_WORD = re.compile(r"完成率|占比|比重|进度")


def _inherit(text: str, items: list[Item], i: int, times: list[TimeExpr], last_subject: str) -> str:
    """The subject a bare value takes: a subject with its cause in a clause of
    its own just before (X受…影响，下降6.8%), else the quantity before it in the
    sentence, else the nearest earlier clause of the sentence that names
    something, else the last subject of the paragraph."""
    cause = _cause_subject(text, items, i, times)
    if cause:
        return cause
    prev_named = next((p for p in reversed(items[:i]) if p.subject and not p.in_field), None)
    if (
        prev_named is not None
        and items[i].kind == "growth"
        and prev_named.q.unit == "%"
        and _RATIO_WORD.search(prev_named.subject)
    ):
        # 实现工业总产值65.82亿元，目标完成率为27.43%，同比增长17.6%: the growth of the level,
        # not of the completion ratio said between
        level = next((p for p in reversed(items[:i]) if p.subject and p.q.unit != "%"), None)
        prev_named = level or prev_named
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


def _split_range(it: Item) -> None:
    """2020年至2023年，…从5.88%升至11.1%: the earlier value holds at the start."""
    x = it.from_
    if x and x.period and x.period == it.period and re.fullmatch(r"\d{4}/\d{4}", x.period):
        a, b = x.period.split("/", 1)
        x.period, it.period = a, b  # (a month range like 1-10月 is cumulative: both hold over it)
