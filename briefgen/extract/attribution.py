"""Owners applied to a sentence's items (assign_owners, via owners.choose_owner), and
the subjects that only named an owner replaced by what is measured
(subjects_not_owners); a ranking article's 此次考核 dated by its evaluation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefgen.extract.owners import (
    PARK_TYPES,
    DocumentOwners,
    Mention,
    Owner,
    OwnerChoice,
    choose_owner,
)
from briefgen.extract.periods import TimeExpr
from briefgen.extract.sentence import LIST_JOINERS, Item
from briefgen.extract.subjects import (
    clause_start,
    noun_after,
    shorten,
)
from briefgen.extract.units import CLASSIFIERS, RANK_UNITS, unit_family

# 镇江、淮安两家经济技术开发区: places listed, then how many parks of one kind
_PLACES_OF_A_KIND = re.compile(
    r"(?P<places>[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})+)(?:两|三|四|五|\d+)(?:家|个)"
    rf"(?P<kind>{PARK_TYPES})"
)
# 2022年园区高质量发展百强中，…: the set the seats or members after it are counted in
_AMONG = re.compile(
    r"(?:^|[，,])(?:\d{4}年)?(?P<n>[\u4e00-\u9fff][\u4e00-\u9fff\d\-]{1,15}?)(?:之)?中(?=[，,])"
)
_COUNT_HEAD = re.compile(r"^(?:\d+|[一二两三四五六七八九十]+)(?:个|家|所)")
_RESPECTIVE_JOINERS = re.compile(r"\s*(?:、|和|及|与|，)\s*第?")  # 分别位居全国第3和第27名


def assign_owners(
    owners: DocumentOwners,
    text: str,
    items: list[Item],
    mentions: Sequence[Mention],
    topic: Owner | None,
    carried: OwnerChoice | None = None,
) -> None:
    """``carried``: the owner the sentence before, ending with ；, left its last value."""
    previous = (0, carried) if carried is not None else None
    for it in items:
        choice = choose_owner(owners, text, mentions, it.q.start, it.q.end, it.q.unit, topic, previous)
        it.owner, it.owner_how = choice.owner, choice.how
        if choice.how not in ("holder", "listed"):  # the size of a ranked set is no owner for what follows
            previous = (it.q.end, choice)
    # a series of ranks in one sentence (从第93位，到第64位，再到省级开发区第16位) has one owner
    ranks = [it for it in items if it.q.unit in RANK_UNITS]
    strong = next((it for it in reversed(ranks) if it.owner_how in ("clause", "field")), None)
    if strong is not None:
        for it in ranks:
            if it.owner_how not in ("clause", "field"):
                it.owner, it.owner_how = strong.owner, strong.owner_how
    _owners_respectively(owners, text, items, mentions)


def _owners_respectively(
    owners: DocumentOwners, text: str, items: list[Item], mentions: Sequence[Mention]
) -> None:
    """甲经开区、乙高新区分别实现营收410亿元、300亿元: the n-th value is the n-th owner's."""
    if "分别" not in text:
        return
    for k in (m.start() for m in re.finditer("分别", text)):
        cs = clause_start(text, k)
        listed = [
            m
            for m in mentions
            if cs <= m.start and m.end <= k and not m.context and (m.key or m.scope != "park")
        ]
        if len(listed) < 2 and cs > 0:  # 甲区和乙区进入前五，分别位列第三和第四: the clause before names them
            listed = [
                m for m in mentions if clause_start(text, cs - 1) <= m.start and m.end < cs and not m.context
            ]
        places = _PLACES_OF_A_KIND.search(text, 0, k)
        if len(listed) < 2 and places is not None:
            # 镇江、淮安两家经济技术开发区…，分别列22位和29位: each place's park of that kind
            owners_listed = [
                owners.resolve(Mention(0, 0, p + places.group("kind"), "park", p + places.group("kind")))
                for p in places.group("places").split("、")
            ]
        elif len(listed) < 2 or not all(
            LIST_JOINERS.fullmatch(text, a.end, b.start) for a, b in zip(listed, listed[1:], strict=False)
        ):
            continue
        else:
            owners_listed = [owners.resolve(m) for m in listed]
        after = [it for it in items if it.q.start > k]
        run = after[: len(owners_listed)]
        if len(run) == len(owners_listed) and all(
            _RESPECTIVE_JOINERS.fullmatch(text, a.q.end, b.q.start)
            for a, b in zip(run, run[1:], strict=False)
        ):
            for it, o in zip(run, owners_listed, strict=True):
                it.owner, it.owner_how = o, "clause"


# a subject that only says how a value moved: 发展到2013年的77.6亿元，如今跃升到225亿元
_MOVE_ONLY = re.compile(
    r"(?:如今|现在|目前|已经|已|再|又|进一步|一举|逐步)*"
    r"(?:发展|跃升|攀升|增长|增加|提升|提高|上升|增至|升至|跃至|突破|达到|达|迈上|跨越|晋升|扩大|壮大|猛增|新增|实现)"
    r"(?:到|至|为|了)?"
)
_PARK_KIND = re.compile(PARK_TYPES)
_OWNER_VERB = re.compile(r"^(?:的|内|共|累计|全年)*(?:实现|完成|达到|达|已有|现有|拥有|共有)?")
_NOISE = re.compile(r"[（）()、，,：:；;\s]|^(?:是|和|及|与|其中|分别|为)+|(?:是|和|及|与)+$")
# what a rank's subject holds when it names no measure: 第三和, 较上一年度, 在本轮考核, 已连续多年稳
_RANK_WORDS = re.compile(
    r"[第和、及与在中的已稳均再次前强位名]|[\d一二三四五六七八九十百]+|全国|全省|全市|本轮|此次|首次|考核|"
    r"较|比|上一?年度?|去年|同比|连续|多年|分别|居|列|进入|提升|前进|上升|下降|后退|跃升"
)


def _names_no_measure(item: Item) -> bool:
    return (
        item.q.unit in RANK_UNITS
        and not _RANKING.search(item.subject)
        and len(_RANK_WORDS.sub("", item.subject)) <= 1
    )


_RANKING = re.compile(r"排名|排序|位次|名次|排位")


_THIS_EVALUATION = re.compile(r"(?:此次|本次|这次|该次)(?:考核|考评|评价|评估|排名|排序|测评|国考)")


def evaluation_periods(text: str, items: list[Item], evaluation: TimeExpr | None) -> None:
    """郑州经开区自2020年以来稳居前30强，此次考核居全国第26位: the evaluation's year."""
    if evaluation is None or "次" not in text:
        return
    for it in items:
        if _THIS_EVALUATION.search(text, clause_start(text, it.q.start), it.q.start):
            it.period = evaluation.period


def subjects_not_owners(
    text: str, items: list[Item], mentions: Sequence[Mention], last_measure: str = ""
) -> None:
    """广丰经济开发区325.44亿元，全省第八位: the owner is no subject. A value whose
    subject is only its owner's name measures what the values before it measure
    (a rank: how they rank)."""
    # owners' names, not bare kinds (园区 is part of 工业园区, a subject's word)
    names = sorted({m.text for m in mentions if m.key or m.scope != "park"}, key=len, reverse=True)
    # 8个国家高新区7831.36亿元: the subject read 国家高新区 (the count was read apart): a name too
    names += [c for n in names if (c := _COUNT_HEAD.sub("", n)) != n and len(c) >= 3 and c not in names]
    if not mentions and not any(
        _MOVE_ONLY.fullmatch(it.subject) or len(it.subject) < 2 or _names_no_measure(it) for it in items
    ):
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
        if (
            len(rest) > 1
            and not _MOVE_ONLY.fullmatch(rest)
            and not _PARK_KIND.fullmatch(rest)
            and not _names_no_measure(it)
        ):
            continue
        before = [
            p
            for p in items[:i]
            if len(_NOISE.sub("", p.subject)) > 1 and not p.in_field and p.owner_how != "holder"
        ]
        rank = it.q.unit in RANK_UNITS
        named_after = "" if rank else noun_after(text, it.q.end)
        if len(named_after) >= 2:
            it.subject = shorten(named_after)  # 家居产业园60万平方米标房: what follows the number
            continue
        same = next(
            (
                p
                for p in reversed(before)
                if (p.q.unit in RANK_UNITS) == rank and unit_family(p.q.unit) == unit_family(it.q.unit)
            ),
            None,
        )
        among = [m for m in _AMONG.finditer(text, 0, it.q.start)] if it.q.unit in ("席", "个", "家") else []
        if same is None and among:
            # 2022年园区高质量发展百强中，江苏省占19席: the seats of the set named before
            it.subject = shorten(among[-1].group("n"))
        elif same is None and not before and last_measure:
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
