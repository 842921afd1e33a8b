"""Whose number it is: the owner (entity, scope) of each stated value.

    doc_owners = DocumentOwners.read(doc, park)   # once per document
    owner = doc_owners.owner_of(text, position, ...)   # per quantity

Owners nest (province ⊃ city ⊃ county ⊃ park ⊃ firm): a county's article and a
park's article describe different owners even when they share a sentence. The
owner of a value is, in order: the entity its own clause names before it (甲经开区
实现营收410亿元), a group or park the rank is taken in (在全省88个开发区中排第6位
belongs to a park), the entity an earlier clause of the sentence names, the
entity a heading or a paragraph's opening names, else the document's focus (its
title and lead say which). Collective words resolve to the document's places:
全县 -> 安义县, 全市 -> the county's city, 全区 -> the zone in a zone's own text.
Area names come from a gazetteer (data/areas.tsv), never from guessing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TypeGuard

from briefgen.extract.subjects import clause_start
from briefgen.extract.units import RANK_UNITS
from briefgen.models import Document

PARK, AREA, GROUP, FIRM = "park", "area", "group", "firm"
PROJECT_KEY = "project:"  # a firm mention that is a named project heading its clause
OWN_PLACE = "own:"  # a park named after the text's own county (我县工业园区): "own:" + 县 + kind


@dataclass(frozen=True)
class Owner:
    entity: str
    scope: str  # park | area | group | firm


@dataclass(frozen=True)
class ParkName:
    """The configured park: its name and other names (former names, short forms)."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    scope: str
    key: str  # what resolves it: a park's place+type, 全县, a firm's name
    context: bool = False  # 占全市比重, 高于全省, 在全省88个开发区中: compared with, not the owner
    field: bool = False  # the set a rank is taken in (全省开发区…排名, 省级开发区第16位)


# ---------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class _Area:
    code: str
    name: str


@cache
def _gazetteer() -> dict[str, _Area]:
    text = resources.files("briefgen.extract").joinpath("data/areas.tsv").read_text(encoding="utf-8")
    areas: dict[str, _Area] = {}
    for line in text.splitlines():
        code, name = line.split("\t")
        if name in _NOT_AREAS or len(name) < 2:
            continue
        areas.setdefault(name, _Area(code, name))
    for name, area in list(areas.items()):
        autonomous = _AUTONOMOUS.fullmatch(name)
        if autonomous:  # 甘孜藏族自治州 is 甘孜州 in its own papers, 长阳土家族自治县 长阳县
            areas.setdefault(autonomous.group("stem") + autonomous.group("kind"), area)
    return areas


_ETHNIC = (
    "藏|彝|苗|侗|土家|布依|朝鲜|哈尼|傣|白|壮|回|蒙古|哈萨克|柯尔克孜|维吾尔|瑶|黎|羌|畲|土|景颇|傈僳|纳西|"
    "怒|独龙|普米|仡佬|毛南|仫佬|水|拉祜|佤|达斡尔|鄂温克|鄂伦春|满|锡伯|撒拉|东乡|保安|裕固|塔吉克|各"
)
_AUTONOMOUS = re.compile(rf"(?P<stem>[\u4e00-\u9fff]{{2,4}}?)(?:(?:{_ETHNIC})族)+自治(?P<kind>[州县])")


_RENAMED: dict[str, _Area] = {}  # areas renamed since the gazetteer's day, as texts name them
_NOT_AREAS = {
    "城区",
    "矿区",
    "郊区",
    "市辖区",
    "新区",
    "高新区",
    "开发区",
    # districts whose names are also common words (新兴区域, 城中区块)
    "新兴区",
    "新城区",
    "城关区",
    "城中区",
    "城东区",
    "城西区",
    "城南区",
    "城北区",
    "新华区",
}
_AREA_SUFFIX = re.compile(r"(?:自治县|自治州|自治旗|地区|林区|特区|县|市|区|省|州|旗|盟)$")


def _short(name: str) -> str:
    """安义县 -> 安义, 江西省 -> 江西 (a two-character name keeps its suffix)."""
    short = _AREA_SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


@cache
def _short_names() -> dict[str, _Area]:
    """Short forms of county-and-above names, for names like 安义高新区."""
    out: dict[str, _Area] = {}
    for area in _gazetteer().values():
        short = _short(area.name)
        if short != area.name and short not in out:
            out[short] = area
    return out


def _area_ending_at(text: str, end: int) -> _Area | None:
    """The gazetteer name that ends at ``end`` (longest first)."""
    areas = _gazetteer()
    for k in (6, 5, 4, 3, 2):
        a = end - k
        if a < 0:
            continue
        area = areas.get(text[a:end])
        if area is not None:
            # 产业兴县 is not 兴县; 2017年忠县重大招商项目签约仪式: a date stands before a name
            dated = text[a - 1 : a] in ("年", "月", "日") and a > 1 and text[a - 2].isdigit()
            if k == 2 and a > 0 and _CJK.match(text, a - 1) and text[a - 1] not in _NAME_LEFT and not dated:
                continue
            return area
    for k in (5, 4, 3):  # a county made a district since the gazetteer's day: 繁昌县 -> 繁昌区
        a = end - k
        stem = text[a : end - 1] if a >= 0 else ""
        area = _short_names().get(stem)
        if area is None or a < 0:
            continue
        at_boundary = a == 0 or text[a - 1] in _NAME_LEFT
        if text[end - 1] in "区县市" and at_boundary and not area.code.endswith("00"):
            renamed = _Area(area.code, text[a:end])
            _RENAMED[renamed.name] = renamed  # for the document's places (DocumentOwners.read)
            return renamed
    return None


# 南京有4家, 浙江占5席: a city or province by its short name, as the holder of a count
_HOLDS = re.compile(r"(?:有|共有|拥有|占|入围|上榜)(?=\d|[一二两三四五六七八九十])")


def _short_area_before(text: str, end: int) -> _Area | None:
    shorts = _short_names()
    for k in (4, 3, 2):
        a = end - k
        if a < 0:
            continue
        area = shorts.get(text[a:end])
        if area is not None and area.code.endswith("00") and (a == 0 or text[a - 1] in _NAME_LEFT):
            return area
    return None


@cache
def _by_code() -> dict[str, _Area]:
    return {a.code: a for a in reversed(list(_gazetteer().values()))}


def _parent(area: _Area, level: str) -> _Area | None:
    code = area.code[:2] + "0000" if level == "province" else area.code[:4] + "00"
    return _by_code().get(code)


# ---------------------------------------------------------------- mentions

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAME_LEFT = '的在和与及、，,。；;：:（(“"《 \n'  # characters that may stand before a name
PARK_TYPES = (
    "高新技术产业开发区|高新技术产业园区|经济技术开发区|高新技术开发区|经济开发区|工业集中区|产业集聚区|"
    "综合保税区|高新园区|工业园区|产业园区|高新区|经开区|开发区|工业园|产业园|园区|综保区|新区"
)
_PARK_TYPE = re.compile(PARK_TYPES)
_AREA_END = re.compile(r"[县市区省州旗盟]")
_COLLECTIVE = re.compile(
    r"全县|县域|本县|我县|该县|全市|市域|本市|我市|该市|全区|本区|我区|该区|全省|我省|本省|全国|全州|本州|我州"
)
# a named project heading its clause (奇瑞集团埃科泰克新能源汽车专用DHT项目，…可实现产值40亿元)
_PROJECT = re.compile(
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9（）()、]{4,30}?)项目(?=[，,。；;：:]|由|是|位于|(?:计划)?总?投资|占地|$)"
)
_GENERIC_PROJECT_NAME = re.compile(
    r"(?:工业|重点|重大|签约|开工|在建|竣工|投产|产业|招商|以上|引进|落户|实施|新建|续建|亿元|优质|优强|"
    r"省级|市级|县级|一批|个|各类|建设|投资|集中|新增|合作|储备)$|^\d|[0-9]+个"
)
_FIRM = re.compile(
    r"(?P<name>[\u4e00-\u9fff（）()]{2,14}?)(?:股份有限公司|有限责任公司|有限公司|股份公司|公司|集团)(?!内|外|总部)"
)
# 上市公司, 供应链公司, 龙头集团: a kind of company, not one company
_GENERIC_FIRM = re.compile(
    r"(?:上市|龙头|投资|国有|民营|外资|外商|平台|供应链|物流|科技|贸易|建设|开发|产业|链主|头部|重点|规上|"
    r"子|分|母|总|该|本|各|多家|一批|等|的)+"
)
# 全市已有上市(公司): a clause about companies, not a company's name
_NOT_FIRM = re.compile(r"[有已是为在了将均共]|^全|(?:上市|龙头|供应链|规上|重点)$")
# words that cannot begin a name: verbs and prepositions before a park type (聚焦高新园区)
_NOT_NAME_START = re.compile(
    r"^(?:聚焦|推进|推动|打造|建设|入驻|落户|进驻|扎根|支持|服务|引导|集聚|走进|来到|位于|围绕|依托|全力|加快|"
    r"深入|助力|发展|做强|壮大|实现|成为|获评|获批|升级|创建|申报|晋升|更名|更名为|整合|优化|成功|省级|国家级|市级|"
    r"各类|全部|所有|其他|一批|多个|其中|同时|目前|此外|全年|今年|以及|主要|作为|按照|通过|"
    r"带动|吸引|引进|招引|组建|设立|新增|新建|拥有|实施|开展|形成|构建|一个|一座|这个|这座|该|本|我|其)+"
)
# characters no park name (not in the gazetteer) has: times, verbs, particles
_NOT_A_NAME = re.compile(
    r"[年月日季的了是在为被获把将向从由对与和及等占较比过超亿万]|蝉联|成为|建成|获评|进入|跻身|打造|创建|"
    r"推介|推动|推进|完善|建设|加快|加强|全面|积极|深入|大力|持续|不断|支持|服务|引导|鼓励|宣传|提升|优化|"
    r"发展|做强|壮大|实施|开展|入驻|落户|进驻|依托|围绕|聚焦|助力|培育|规划|谋划|布局|实现|努力|力争|争取|确保"
)
# parts of the nation: 东部沿海33家国家级开发区, 中西部16个国家级开发区, 东北地区
_REGION = r"(?:(?:[东中西]{1,3}部|东北)(?:地区)?(?:沿海)?|沿海)"
# the level of a class of zones: 国家级经开区, 国家高新区 (the class, as 国家级), 省级开发区
_LEVEL = r"(?:国家级|省级|市级|县级|国家)"
_GROUP_PREFIX = re.compile(rf"^(?:全[国省市县区州]|中国|各|各级|各类|{_REGION})?\d*(?:个|家|所)?{_LEVEL}?$")
_COUNTED_SET = re.compile(rf"(?:全[国省市县区州]|各|{_REGION})\d*(?:个|家|所)?{_LEVEL}?$")
_QUALIFIER = re.compile(rf"{_LEVEL}(?:以上)?$")  # 省级以上开发区: a class too
# the set a rank is taken in: 全省开发区争先创优综合考评排名…, 省级开发区第16位, 南昌市规上工业总产值排名
_FIELD_AFTER = re.compile(
    r"^(?:中|之中|内)?(?:[^，。；：,;:\d]{0,14}?(?:考评|考核|评价|排名|排位|排序)|第|前\d|前列|首位|之首|前茅|第一方阵)"
)
_CONTEXT_BEFORE = re.compile(
    r"(?:占|高于|低于|高出|低出|超过|超出|快于|慢于|优于|领先|比|较|居|位居|位列|列|排|领跑|于|在|跑赢|对|与|同|"
    r"拉动|带动|成为)\s*$"  # 拉动全市规模以上工业增加值增长13.4个百分点: the whole pulled, not the puller
)  # 届时将成为新津工业园区内的“大块头”——年产值60亿元以上: what a project becomes, not its owner
# 引进益阳市域外资金: from outside the area; 创造了全国14.3%的GDP: a share of the area's
_CONTEXT_AFTER = re.compile(r"^(?:域外|以外|之外|[\d.]+%的)")


def find_mentions(text: str) -> Sequence[Mention]:
    """Parks, groups of parks, areas and firms named in a sentence, in order."""
    return _mentions(text) if _MAY_NAME.search(text) else ()


# every mention has one of these: a park kind, an area's end, a collective word, a firm
_MAY_NAME = re.compile(r"[园区县市省州旗盟国司团]|项目")


@lru_cache(maxsize=4096)
def _mentions(text: str) -> tuple[Mention, ...]:
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(m: Mention) -> None:
        if any(a < m.end and m.start < b for a, b in taken):
            return
        taken.append((m.start, m.end))
        found.append(m)

    if "项目" in text:
        for m in _PROJECT.finditer(text):
            name = _NOT_NAME_START.sub("", _after_left_word(m.group("name")))
            start = m.end() - len(name) - 2
            whole = _NOT_NAME_START.sub("", m.group("name"))
            if (
                "、" in whole
                and min(len(part) for part in whole.split("、")) >= 6  # named parties, not 光伏、储能
                and not _FUNCTION_WORD.search(whole)
                and heads_clause(text, m.end() - len(whole) - 2)
            ):
                name, start = whole, m.end() - len(whole) - 2  # 甲学院、乙学院繁昌项目: one project of two
            name = re.sub(r"(?:建设|新建|扩建|续建)$", "", name)  # 电子产业园建设项目
            generic = _GENERIC_PROJECT_NAME.search(name)
            # 天福养老产业项目是这次签约中投资量最大的项目: the project the sentence describes
            if (
                generic is not None
                and generic.start() >= 4
                and not re.search(r"\d|个", name)
                and not _OPENING_WORDS.sub("", text[:start])
                and re.match(r"是|由|位于", text[m.end() :])
            ):
                generic = None
            if len(name) >= 4 and generic is None and heads_clause(text, start):
                add(Mention(start, m.end(), name + "项目", FIRM, PROJECT_KEY + name))
    for m in _PARK_TYPE.finditer(text):
        mention = _park_mention(text, m.start(), m.end())
        if mention is not None:
            add(mention)
    if "公司" in text or "集团" in text:
        for m in _FIRM.finditer(text):
            name = _NOT_NAME_START.sub("", _after_left_word(m.group("name")))
            name = re.sub(r"^.*?(?:上市公司|龙头企业|企业|龙头)", "", name) or name
            if (
                len(name) >= 2
                and not _GENERIC_FIRM.fullmatch(name)
                and not _NOT_FIRM.search(name)
                and not name.endswith("总")  # 发往深圳总公司: a firm's head office, not a firm named
            ):
                add(
                    Mention(
                        m.end() - len(m.group(0)) + (len(m.group("name")) - len(name)),
                        m.end(),
                        name + m.group(0)[len(m.group("name")) :],
                        FIRM,
                        name,
                    )
                )
    for m in _COLLECTIVE.finditer(text):
        add(Mention(m.start(), m.end(), m.group(0), AREA, m.group(0)))
    for m in _HOLDS.finditer(text):
        area = _short_area_before(text, m.start())
        if area is not None:
            short = _short(area.name)
            add(Mention(m.start() - len(short), m.start(), short, AREA, area.name))
    for m in _AREA_END.finditer(text):
        area = _area_ending_at(text, m.end())
        if area is not None:
            add(Mention(m.end() - len(area.name), m.end(), area.name, AREA, area.name))
    found.sort(key=lambda x: x.start)
    merged: list[Mention] = []
    for x in found:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.scope == AREA
            and last.key in _OWN_AREA_WORDS
            and x.scope == GROUP
            and x.start == last.end
            and x.text[:1].isdigit()
        ):
            # 我市7个产业集聚区保持平稳发展态势，规模以上工业增加值同比增长10%: the city's zones, counted
            merged[-1] = Mention(last.start, x.end, last.text + x.text, GROUP, last.text + x.text)
        else:
            merged.append(x)
    return tuple(_lists(text, [_with_role(text, x) for x in merged]))


_OWN_AREA_WORDS = ("我市", "本市", "全市", "我县", "本县", "全县", "我省", "本省", "全省", "我区", "全区")


_LIST_JOIN = re.compile(r"\s*(?:、|和|与|及|以及)\s*")


def _lists(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions read together: 高于全市、全国 (both compared with), 全市工业园区和高新区
    (one group), and anything in brackets or after 不含 (an aside, not an owner)."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        joined = prev is not None and _LIST_JOIN.fullmatch(text, prev.end, m.start) is not None
        if joined and prev is not None and prev.context and not m.context:
            m = Mention(m.start, m.end, m.text, m.scope, m.key, True, prev.field)
        elif (
            joined
            and prev is not None
            and GROUP in (prev.scope, m.scope)
            and {prev.scope, m.scope} <= {PARK, GROUP}
            and not m.context
            # 有27家国家级经济开发区和88家省级经济开发区: two groups, each counted
            and not (_COUNTED.search(prev.text) and _COUNTED.search(m.text))
        ):
            merged = text[prev.start : m.end]
            out[-1] = Mention(prev.start, m.end, merged, GROUP, merged, prev.context, prev.field)
            continue
        if _in_brackets(text, m.start) or text.endswith(("不含", "不包括", "含"), 0, m.start):
            m = Mention(m.start, m.end, m.text, m.scope, m.key, True, m.field)
        out.append(m)
    return out


def _in_brackets(text: str, i: int) -> bool:
    opened = max(text.rfind("（", 0, i), text.rfind("(", 0, i))
    closed = max(text.rfind("）", 0, i), text.rfind(")", 0, i))
    # 纳入《中国开发区审核公告目录》的: a document's title names no owner
    return opened > closed or text.rfind("《", 0, i) > text.rfind("》", 0, i)


_FUNCTION_WORD = re.compile(r"[的和与及在对把向从由为是将]")


def _after_left_word(s: str) -> str:
    """The part of ``s`` after its last function word (的, 和, 与, 在 ...)."""
    cut = max(s.rfind(ch) for ch in "的和与及在、对把向从由为是将")
    return s[cut + 1 :]


_WHOLE_AT_HEAD = re.compile(
    r"(?:截至目前|目前|今年|[\d]+年(?:底|末)?)?[，,]?(?P<whole>全[国省市县])[^，,。；;：:]{0,24}?的"
)
_PARKS_CLASS = re.compile(r"(?:其中|其余|全部|所有)?(?P<level>(?:国家级|省级)(?:以上)?|国家)")


_PART_OF_PROJECT = re.compile(r"[和与及](?P<rest>[\u4e00-\u9fff]{1,10}?)(?:建设)?项目")


# 汇智医疗、骏驰零部件产业园等9个市、县重点项目: a name in a list of projects is a project
_LISTED_PROJECT = re.compile(
    r"(?:[、和及][^，,。；;、]{2,20}?)*等(?:\d+|[一二两三四五六七八九十]+)?(?:个|批|大)?[^，,。；;]{0,12}?项目"
)


def _park_mention(text: str, ts: int, te: int) -> Mention | None:
    if text.startswith("项目", te) or text.startswith(("管理", "建设项目"), te):
        return None  # 光伏产业园项目: a project, read as a firm's
    if _LISTED_PROJECT.match(text, te):
        return None  # 骏驰零部件产业园等9个…重点项目: one of the projects listed, no park
    part = _PART_OF_PROJECT.match(text, te)
    if part is not None and not _GENERIC_PROJECT_NAME.search(part.group("rest")):
        return None  # 汉上云谷数字经济产业园和算力中心项目: one project's name (not 园区和重点项目)
    kind = text[ts:te]
    if re.search(r"(?:含|不含|包括|包含)$", text[max(0, ts - 2) : ts]):
        return None  # 增长20.1%（含园区）: what a figure includes, no owner
    a = ts
    while a > 0 and a > ts - 14 and text[a - 1] not in _NAME_LEFT and _NAME_CHAR.match(text, a - 1):
        a -= 1
    prefix = re.sub(r"^[\d.]+(?![\d.个家所座])", "", text[a:ts])  # (8个国家高新区: the count stays)
    kinds = list(_PARK_TYPE.finditer(prefix))
    earlier_kind = kinds[-1] if kinds else None
    if earlier_kind is not None:
        if earlier_kind.end() == len(prefix):
            return None  # 高新区园区: one name, read at its first kind
        prefix = prefix[earlier_kind.end() :]  # 经济开发区家居产业园: the sub-park's own name
    province_own = re.search(r"(?:我|本|该)省$", prefix)
    if province_own:  # 我省开发区: the province's parks together, as 全省开发区
        return Mention(ts - 2, te, "全省" + kind, GROUP, "全省" + kind)
    own = re.search(r"(?:我|本|该)[县市区]$", prefix) or re.fullmatch(r"[县市]", prefix)
    if own:  # 我县工业园区, (2002年,)县工业园区: the park of the text's own county
        n = len(own.group(0))
        return Mention(ts - n, te, text[ts - n : te], PARK, OWN_PLACE + text[ts - 1 : te])
    # a place from the gazetteer inside the prefix starts the name (推进安义高新区 -> 安义高新区)
    place_at = _place_in(prefix)
    # (其中，)国家级经开区实现65.71亿美元: a class of parks, said alone (not 获批国家级经开区)
    parks_class = _PARKS_CLASS.fullmatch(prefix) if place_at is None else None
    prefix = prefix[place_at:] if place_at is not None else _NOT_NAME_START.sub("", prefix)
    place = _place_word(prefix) if place_at is not None else ""
    province_start = None
    if place and _is_province(place) and len(prefix) > len(place):
        rest = prefix[len(place) :]  # 安徽省马鞍山慈湖高新区: the park's own name follows
        inner = _place_in(rest)
        if inner == 0 or (
            inner is None
            and not _COUNTED.search(rest)
            and not _GROUP_PREFIX.fullmatch(rest)
            and not _NOT_A_NAME.search(rest)
            and len(rest) <= 6
        ):
            province_start = ts - len(prefix)
            prefix, place = rest, (_place_word(rest) if inner == 0 else "")
        elif inner is None and re.fullmatch(r"全省\d*(?:个|家)?(?:国家级|省级|国家)?", rest):
            start = ts - len(prefix)  # 四川全省高新区: the province's zones together
            return Mention(start, te, text[start:te], GROUP, text[start:te])
    a = ts - len(prefix)
    if not place:
        collective = _COUNTED_SET.search(prefix)
        if collective and collective.group(0):
            # 一至七月全市园区, 1-7月全市工业园区: the set after the time words
            prefix = collective.group(0)
            a = ts - len(prefix)
    counted = _COUNTED.search(prefix)
    if counted and counted.start() and not place and not _COUNTED_SET.fullmatch(prefix[: counted.start()]):
        whole = list(re.finditer(r"全[国省市县区州]|各", prefix[: counted.start()]))
        # 对全国219家…开发区: the set starts at 全国; 超过了6家国家级开发区: at the count
        prefix = prefix[whole[-1].start() if whole else counted.start() :]
        a = ts - len(prefix)
    if place and re.fullmatch(re.escape(place) + r"(?:各|所有|全部)(?:国家级|省级)?", prefix):
        return Mention(a, te, prefix + kind, GROUP, prefix + kind)  # 安顺市各开发区
    if counted or (prefix and _GROUP_PREFIX.fullmatch(prefix)):
        # 全省开发区, 浙江省21家国家级经开区, 27家国家级经济开发区: parks counted together
        return Mention(a, te, prefix + kind, GROUP, prefix + kind)
    if place and _is_prefecture_full(place) and prefix == place and kind in _PLURAL_KINDS:
        return Mention(a, te, prefix + kind, GROUP, prefix + kind)  # 上饶市工业园区: the city's parks
    bare = (
        prefix in ("", "新型", "现代", "特色", "重点", "示范")
        or _QUALIFIER.fullmatch(prefix) is not None
        or parks_class is not None
    )
    if bare:
        # 11个省辖市的产业集聚区: the parks of the areas counted, together
        count_before = _COUNTED_SET.search(text, max(0, a - 8), a) or _COUNTED_AREAS.search(
            text, max(0, a - 12), a
        )
        if count_before:
            start = a - len(count_before.group(0))
            return Mention(start, te, text[start:te], GROUP, text[start:te])
        if (prefix in ("国家级", "省级", "国家") or parks_class) and not re.match(
            r"(?:第|前\d|中|之中)", text[te : te + 2]
        ):
            # 国家级经开区实现65.71亿美元: the class of parks, counted together
            start = ts - len(parks_class.group("level")) if parks_class else a
            # 全省纳入《中国开发区审核公告目录》的省级以上开发区48家: the class of the clause's area
            at_head = _WHOLE_AT_HEAD.match(text, clause_start(text, start), start)
            name = (at_head.group("whole") if at_head else "") + text[start:te]
            return Mention(start, te, name, GROUP, name)
        return Mention(a, te, text[a:te], PARK, "")  # 园区, 开发区: the document's park
    if not place:
        qualified = re.search(r"(?:国家级|省级|市级|县级)$", prefix)
        if qualified or _NOT_A_NAME.search(prefix) or len(prefix) > 6 or not _CJK.match(prefix):
            # 2021年蝉联省级开发区, 占园区: a verb or a qualifier before the kind, no name
            start = ts - (len(qualified.group(0)) if qualified else 0)
            return Mention(start, te, text[start:te], PARK, "")
    zone = kind.endswith(("开发区", "高新区", "经开区"))
    if len(prefix) > (12 if zone and place else 8):
        return None
    if place and _is_province(place):
        return None  # 江西省绿色园区: a province's title or category, not one park
    if place and len(prefix) - len(place) > (8 if zone and not _NOT_A_NAME.search(prefix) else 2):
        return None  # 南昌市工业崛起园区(发展专项奖): a place and a phrase, not a park's name
    return Mention(
        province_start if province_start is not None else a, te, prefix + kind, PARK, prefix + kind
    )


_NAME_CHAR = re.compile(r"[\u4e00-\u9fff0-9]")
# 8个国家高新区, 三大产业园区 (…规划建设了33平方公里的三大产业园区: three parks, no name)
_COUNTED = re.compile(
    r"(?:\d+|[一二两三四五六七八九十百]+)(?:个|家|所|座)|(?:^|(?<=[的了]))[两三四五六七八九十]大"
)
_COUNTED_AREAS = re.compile(
    r"(?:\d+|[一二两三四五六七八九十]+)个[\u4e00-\u9fff]{0,3}[省市县区州](?:（[^）]*）)?的$"
)  # 11个省辖市的产业集聚区
# 上饶市工业园区, 安阳市产业集聚区 (分省辖市看): a prefecture's parks together
_PLURAL_KINDS = {"工业园区", "园区", "开发区", "产业园区", "产业集聚区"}


_MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: parks are named after them


def _is_province(place: str) -> bool:
    area = _gazetteer().get(place) or _short_names().get(place)
    return area is not None and area.code.endswith("0000") and area.code[:2] not in _MUNICIPALITIES


def _is_prefecture_full(place: str) -> bool:
    area = _gazetteer().get(place)
    return area is not None and area.code.endswith("00") and not area.code.endswith("0000")


def _place_in(prefix: str) -> int | None:
    """Where a gazetteer place (full or short name) starts in ``prefix``."""
    areas, shorts = _gazetteer(), _short_names()
    for i in range(len(prefix) - 1):
        for k in (6, 5, 4, 3, 2):
            word = prefix[i : i + k]
            if len(word) == k and (word in areas or word in shorts):
                return i
    return None


def _with_role(text: str, m: Mention) -> Mention:
    after = text[m.end : m.end + 12]
    before = text[max(0, m.start - 4) : m.start]
    after = text[m.end : m.end + 20]
    field = (m.scope in (GROUP, AREA) or (m.scope == PARK and not m.key)) and bool(_FIELD_AFTER.match(after))
    if m.scope == AREA and m.key in _gazetteer() and not re.match(r"^\S{0,14}?排名", after):
        field = False  # 安义县第3: a named area's own rank, unless its ranking is named (南昌市…排名)
    if m.scope == AREA and re.match(r"^(?:\d+个)?(?:县|市|区|县区|县（市、区）)?(?:中|之中)", after):
        field = True
    context = (
        bool(_CONTEXT_BEFORE.search(before))
        or (m.scope == AREA and before.endswith("%的"))  # 聚集了近80%的全国重点实验室: a whole's part
        or field
        or (m.scope == AREA and bool(_CONTEXT_AFTER.match(("域" if m.text.endswith("域") else "") + after)))
    )
    if m.scope == GROUP and field and _place_in(m.text) is not None and not m.text.startswith("全"):
        field = context = False  # 浙江省5家国家级经开区综合评价排名跻身…: the group is ranked, not the field
    if m.scope == GROUP and re.match(r"^(?:中|之中)", after):
        field = context = True
    if field or context:
        return Mention(m.start, m.end, m.text, m.scope, m.key, context, field)
    return m


# ---------------------------------------------------------------- the document


_KIND_WORD = r"高新|经济|经开|开发|工业|产业|技术|科技|园|新区|区|县|市"
_OWN_NAME = re.compile(
    rf"(?!{_KIND_WORD})(?P<own>[\u4e00-\u9fff]{{2,4}}?)(?=高新|经济|经开|开发|工业|产业|技术|科技|园|新区|区$)"
)


@cache
def _park_key(name: str) -> str:
    """安义高新园区 and 安义高新技术产业园区 are one park: place + kind family."""
    place_at = _place_in(name)
    stem = name[place_at:] if place_at is not None else name
    place = _place_word(stem)
    if place:
        place_part, rest = _short(_area_name(place)), stem[len(place) :]
        own = _OWN_NAME.match(rest)
        if own and own.group("own"):
            # 宁波杭州湾经开区 is not 宁波经开区, 南京江宁经济技术开发区 not 南京经济开发区: a name of
            # its own between the place and the kind makes another park
            inner = own.group("own")
            known = inner in _gazetteer() or inner in _short_names()
            place_part = _short(_area_name(inner)) if known else inner
    else:
        m = _PARK_TYPE.search(stem)
        place_part, rest = (stem[: m.start()], stem[m.start() :]) if m else (stem, "")
    family = "高新" if "高新" in rest else "经开" if ("经济" in rest or "经开" in rest) else "园区"
    return f"{place_part}/{family}"


_UNKNOWN_COUNTY = re.compile(r"(?:^|(?<=[\s年月，,、（(：:—]))(?P<name>[\u4e00-\u9fff]{2,3}县)")


def _county_named_in(head: str, park: ParkName | None) -> str | None:
    """The county a text's title or lead names when the gazetteer knows none there:
    the configured owner when it is a county (a county's bureau builds its brief), else
    a 2–3 character name + 县 standing after a boundary (2024年1—9月清溪县经济运行简况)."""
    configured_county = park is not None and park.name.endswith("县") and not _PARK_TYPE.search(park.name)
    if park is not None and configured_county and (park.name in head or _short(park.name) in head):
        return park.name
    m = _UNKNOWN_COUNTY.search(head)
    if (
        m is None
        or _NOT_A_NAME.search(m.group("name")[:-1])
        or m.group("name") in ("全县", "本县", "我县", "该县")
    ):
        return None
    return m.group("name")


@cache
def _park_area(name: str) -> str | None:
    """荣昌县工业园区 -> 荣昌县 (as written, though 荣昌区 since), 安义高新区 -> 安义县: the
    county or city a park's name starts with; None for a province's or no place."""
    place_at = _place_in(name)
    if place_at is None:
        return None
    place = _place_word(name[place_at:])
    end = place_at + len(place)
    if name[end : end + 1] in ("县", "区", "市"):
        written = _area_ending_at(name, end + 1)
        if written is not None and written.name in _RENAMED:
            return written.name
    area = _gazetteer().get(place) or _short_names().get(place)
    return area.name if area is not None and not area.code.endswith("0000") else None


def _area_name(place: str) -> str:
    area = _gazetteer().get(place) or _short_names().get(place)
    return area.name if area else place


@dataclass(frozen=True)
class DocumentOwners:
    """What a document's owners resolve to."""

    focus: Owner
    park: Owner | None  # the park the document is about (园区, 开发区, 我区 resolve to it)
    county: str | None
    city: str | None
    province: str | None
    district_is_park: bool  # 全区 in a zone's own text is the zone
    configured: ParkName | None
    park_names: dict[str, str]  # park key -> the fullest name the document uses

    @classmethod
    def read(cls, doc: Document, park: ParkName | None = None) -> DocumentOwners:
        text = doc.text
        lines = [ln for ln in text.split("\n") if ln.strip()]
        title = doc.meta.title or (lines[0] if lines else "")
        # the lead: the first paragraph of prose (captions and headings are short, unpunctuated)
        lead = next((ln for ln in lines if len(ln) > 40 and "。" in ln), "")
        publisher = doc.meta.publisher or ""  # normalize simplified it, like the title
        head = "\n".join([title, lead[:200], publisher])
        areas: Counter[str] = Counter()
        parks: Counter[str] = Counter()
        bare: Counter[str] = Counter()  # 高新区, 开发区 with no name: a zone's own text
        park_names: dict[str, str] = {}
        for sent in doc.sentences:
            for m in find_mentions(sent.text):
                if m.scope == AREA and (m.key in _gazetteer() or m.key in _RENAMED):
                    areas[m.key] += 1  # a named area (as the gazetteer or, renamed, the text spells it)
                elif m.scope == PARK and not m.key:
                    bare[m.text[-3:] if len(m.text) >= 3 else m.text] += 1
                elif m.scope == PARK and m.key:
                    key = _park_key(m.key)
                    parks[key] += 1
                    home = _park_area(m.key)
                    if home:
                        areas[home] += 1  # 旺苍县工业园区: the text is about 旺苍县 too
                    if len(m.key) > len(park_names.get(key, "")):
                        park_names[key] = m.key
        configured_key = None
        if park is not None:
            configured_key = _park_key(park.name)
            # its aliases, and a plain 园区 of its own place (安义工业园区, 安义县园区), are the park
            own_place = configured_key.split("/")[0] + "/园区"
            for name in (park.name, *park.aliases, own_place):
                key = name if name == own_place else _park_key(name)
                park_names[key] = park.name
                if key in parks or name in text:
                    parks[configured_key] += parks.pop(key, 0) + (0 if key in parks else 1)
        head_mentions = find_mentions(head)
        for m in head_mentions:
            if m.scope == PARK and m.key:
                key = _park_key(m.key)
                parks[key] += 2  # the title names the park (新乡经开区2022年…成就): its text's 经开区
                if len(m.key) > len(park_names.get(key, "")):
                    park_names[key] = m.key
            elif m.scope == PARK:
                bare[m.text[-3:] if len(m.text) >= 3 else m.text] += 1
        the_park: Owner | None = None
        if park is not None and (
            parks.get(configured_key or "") or (not parks and _park_area(park.name) in areas)
        ):
            # the park named, or a text about its own county that names no other park (园区, 开发区)
            the_park = Owner(park.name, PARK)
        elif parks:
            head_parks = [_park_key(m.key) for m in head_mentions if m.scope == PARK and m.key]
            key = head_parks[0] if head_parks else parks.most_common(1)[0][0]
            the_park = Owner(park_names[key], PARK)
        elif bare and not areas:
            # a zone's own bulletin: 高新区, 全区 (the most specific kind it calls itself)
            the_park = Owner(max(bare, key=lambda k: (k != "园区", bare[k])), PARK)
        for m in head_mentions:
            home = m.key if m.scope == AREA and m.key in _gazetteer() else None
            if m.scope == PARK and m.key:
                home = _park_area(m.key)
            if home:
                areas[home] += 3  # the title and the lead say what the text is about
        ranked = [_gazetteer().get(name) or _RENAMED[name] for name, _n in areas.most_common()]
        county_area = next((a for a in ranked if not a.code.endswith("00")), None)
        city_area = next((a for a in ranked if a.code.endswith("00") and not a.code.endswith("0000")), None)
        province_area = next((a for a in ranked if a.code.endswith("0000")), None)
        if county_area is not None:
            city_area = city_area or _parent(county_area, "city")
            province_area = province_area or _parent(county_area, "province")
        if city_area is not None:
            province_area = province_area or _parent(city_area, "province")
        county = county_area.name if county_area else None
        if county is None:
            county = _county_named_in(head, park)  # 清溪县: a county the gazetteer does not know
        # 全市 in a county-level city's text is that city; not where the title names its prefecture
        # (上半年绵阳市产业园区…: 全市园区 are 绵阳's, though 江油市 is named most)
        head_city = next(
            (
                a
                for m in find_mentions(doc.meta.title or "")
                for n in range(2, 6)
                if (a := _gazetteer().get(m.text[:n])) is not None
                and a.code.endswith("00")
                and not a.code.endswith("0000")
            ),
            None,
        )
        county_city = county and county.endswith("市") and not (head_city and county not in title)
        city = county if county_city else city_area.name if city_area else None
        if head_city is not None and not county_city:
            city = head_city.name
        province = province_area.name if province_area else None
        focus = _focus(title, head, head_mentions, the_park, county, city)
        if not focus.scope and areas:
            focus = Owner(areas.most_common(1)[0][0], AREA)
        if focus.scope == GROUP:
            focus = Owner(_group_name(focus.entity, county, city, province), GROUP)
        district_is_park = the_park is not None and not (county or "").endswith("区")
        return cls(focus, the_park, county, city, province, district_is_park, park, park_names)

    def park_name(self, name: str) -> str:
        """A park's name as the document uses it most fully (安义高新园区 -> 安义高新技术产业园区)."""
        return self.park_names.get(_park_key(name), name)

    def resolve(self, m: Mention) -> Owner:
        if m.scope == FIRM:
            return Owner(m.text, FIRM)
        if m.scope == GROUP:
            return Owner(_group_name(m.text, self.county, self.city, self.province), GROUP)
        if m.scope == PARK and m.key.startswith(OWN_PLACE):
            place = self.county if m.key[len(OWN_PLACE)] in "县区" else self.city
            name = f"{place}{m.key[len(OWN_PLACE) + 1 :]}" if place else m.text
            return Owner(self.park_name(name), PARK)
        if m.scope == PARK:
            if not m.key:
                if self.focus.scope == GROUP:
                    return self.focus  # 过百亿园区5个 in a text about a city's parks: those parks
                return self.park or Owner(m.text, PARK)
            key = _park_key(m.key)
            return Owner(self.park_names.get(key, m.key), PARK)
        word = m.key
        county = self.county or ""
        if word in ("全县", "县域", "本县", "我县", "该县"):
            return Owner(county or word, AREA)
        if word in ("全市", "市域", "本市", "我市", "该市"):
            return Owner(self.city or word, AREA)
        if word in ("全州", "本州", "我州", "该州") and (self.city or "").endswith("州"):
            return Owner(self.city or word, AREA)  # an autonomous prefecture is a city's level
        if word in ("全区", "本区", "我区", "该区"):
            if self.district_is_park and self.park is not None:
                return self.park
            return Owner(county if county.endswith("区") else word, AREA)
        if word in ("全省", "我省", "本省"):
            return Owner(self.province or word, AREA)
        return Owner(word, AREA)


def _group_name(text: str, county: str | None, city: str | None, province: str | None) -> str:
    """全市工业园区 and 全市园区 in a text about 上饶市: 上饶市工业园区, the name the text's
    own 上饶市工业园区 gives them; the literal words when the place is unknown."""
    place = {"全市": city, "全省": province, "全县": county}.get(text[:2])
    if not place:
        return text
    rest = text[2:]
    return place + ("工业园区" if rest in ("园区", "工业园区") else rest)


def _focus(
    title: str,
    head: str,
    head_mentions: Sequence[Mention],
    park: Owner | None,
    county: str | None,
    city: str | None,
) -> Owner:
    """The owner the document is about: the first park or area its title names,
    else its lead's first (a park's own bulletin is about the park)."""
    title_mentions = [m for m in find_mentions(title) if not m.context]
    for m in title_mentions + [m for m in head_mentions if not m.context]:
        if m.scope == GROUP:
            return Owner(m.text, GROUP)  # 全市园区主营收入超1500亿元: the city's parks together
        if m.scope == PARK:
            if not m.key and not (park and park.entity):
                # 豫首季产业集聚区…主营收5071亿元 / 我省产业集聚区…: the lead says whose they are
                group = next((h for h in head_mentions if h.scope == GROUP and h.text.endswith(m.text)), None)
                if group is not None and not group.context:
                    return Owner(group.text, GROUP)
            return park or Owner(m.text, PARK)
        if m.scope == AREA:
            if m.key in ("全区", "我区", "本区") and park is not None:
                return park
            if m.key in _gazetteer():
                return Owner(m.key, AREA)
            if m.key in ("全县", "县域", "本县", "我县") and county:
                return Owner(county, AREA)
            if m.key in ("全市", "本市", "我市") and city:
                return Owner(city, AREA)
    if park is not None:
        return park
    if county:
        return Owner(county, AREA)
    return Owner("", "")


# ---------------------------------------------------------------- one value

# 9个国家级经开区中有8个…, 全市园区中2个基本实现“九通一平”: a count of the group's members
_SUBSET = re.compile(r"(?:中|之中)(?:[，,]?(?:共)?有|(?=\d+个|[一二两三四五六七八九十]+个))")
_PULL = re.compile(r"[，,；;]?\s*(?:拉动|带动)")
# a value that describes a project: 年产2万吨碳酸锂项目, 占地500余亩的光伏产业园项目
_PROJECT_BEFORE = re.compile(r"(?:年产|年生产|年加工|年处理|占地|总投资|投资|产能)\s*$")
_PROJECT_AFTER = re.compile(r"(?:余|多|以上)?(?:的)?(?P<name>[\u4e00-\u9fffA-Za-z（）()]{2,14}?项目)")
_GENERIC_PROJECT = re.compile(
    r"^(?:[的以上余多]*)(?:优强|重点|重大|优质|工业|产业|新|签约|在建|大|好|一批)*项目$"
)


def project_owner(text: str, start: int, end: int) -> Owner | None:
    """年产2万吨碳酸锂项目, 总投资6.3亿元的中核钛白…项目: the value is the project's
    (a firm's), not its host's."""
    if not _PROJECT_BEFORE.search(text, max(0, start - 4), start):
        return None
    m = _PROJECT_AFTER.match(text, end)
    if m is not None and not _GENERIC_PROJECT.match(m.group("name")):
        return Owner(m.group("name"), FIRM)
    named = _NAMED_PROJECT.match(text, end)
    if named is not None and "项目" in text[end:]:
        return Owner(named.group("name"), FIRM)
    return None


# 深圳立雅信5万吨致密刚玉及1万吨蓝刚玉、…、路发实业25万吨磷酸二铵技改等项目: a firm named without
# 公司 right before a capacity, in a list of projects
_CAPACITY_UNITS = re.compile(r"^万?(?:吨|千瓦|套|台|辆|头|只|件|立方米|平方米)$")
_MAKER = re.compile(r"(?:^|(?<=[、，,；;：:。]))(?P<name>[\u4e00-\u9fffA-Za-z]{2,8})$")
_NOT_MAKER = re.compile(
    r"年|产|投资|占地|总|新增|建设|实现|完成|达|约|超|近|共|其中|项目|园区|开发区|[县市省区镇]$"
)


def _maker_before_capacity(text: str, start: int, unit: str) -> Owner | None:
    if not _CAPACITY_UNITS.match(unit):
        return None
    name = _MAKER.search(text, max(0, start - 9), start)
    if name is None or _NOT_MAKER.search(name.group("name")):
        return None
    if not re.search(r"^[^。；;]*?等[^。；;]{0,8}项目", text[start:]):
        return None
    return Owner(name.group("name"), FIRM)


def listed_project(text: str, start: int, end: int) -> Owner | None:
    """年产3.2万吨机床铸件智能化改扩建和年产1万吨香醋生产线技改搬迁3个项目: one of the projects
    listed owns its capacity, but no figure after it (项目建成投产后… are the projects' together)."""
    listed = _LISTED_CAPACITY.match(text, end)
    if listed is not None and text[max(0, start - 2) : start] == "年产":
        return Owner(listed.group("name"), FIRM)
    return None


# 禄丰LNG液化工厂建设、年产3.2万吨机床铸件智能化改扩建和年产1万吨香醋生产线技改搬迁3个项目: a capacity
# opening one of the projects listed, named by what it makes, up to the next or the count
_LISTED_CAPACITY = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,14}?)(?=(?:[、和及][^。；;，,]{2,40}?)?(?:\d+|[一二两三四五六七八九十]+)个项目)"
)


# 总投资2亿元的无锡长盛树脂生产、…等项目: the project's name follows 的, up to a number or a break
# 投资26亿元的中蓝晨光，…西部基地等一大批重大产业化项目: the first of a list of projects
_NAMED_PROJECT = re.compile(
    r"(?:以上)?的(?P<name>[\u4e00-\u9fff]{2,8})(?=[^，。；;,]*?项目|[，,、][^。；;]*?等[^。；;]*?项目)"
)
_BREAK = re.compile(r"[、，,；;。]")
_BREAK_SENTENCE = re.compile(r"[；;。]")


def is_rank_unit(unit: str) -> bool:
    return unit in RANK_UNITS


@dataclass(frozen=True)
class OwnerChoice:
    owner: Owner
    how: str  # clause | holder | field | sentence | topic | focus | listed (one of a list's projects)


# what may stand before an owner that heads its clause: times, connectives (其中, 1—8月，)
_HEAD_WORDS = re.compile(
    r"^(?:其中|同时|此外|另外|全年|今年以来|今年|目前|截至目前|截至|截止|据统计|在|分别为|分别是|包括|即|[\d一二三四五六七八九十—\-～~至到年月份季度上下半前底末]+)*$"
)


def heads_clause(text: str, m: Mention | int) -> bool:
    """甲经开区实现… / 其中甲经开区… : the mention is what its clause is about."""
    start = m if isinstance(m, int) else m.start
    return bool(_HEAD_WORDS.match(text[clause_start(text, start) : start]))


def choose_owner(
    doc_owners: DocumentOwners,
    text: str,
    mentions: Sequence[Mention],
    start: int,
    end: int,
    unit: str,
    topic: Owner | None,
    previous: tuple[int, OwnerChoice] | None = None,
) -> OwnerChoice:
    """The owner of the value at [start, end) of ``text`` (see the module's docstring).
    ``previous``: the end and owner of the value before it in the sentence."""
    one_of = listed_project(text, start, end)
    if one_of is not None:
        return OwnerChoice(one_of, "listed")
    maker = _maker_before_capacity(text, start, unit)
    if maker is not None:
        return OwnerChoice(maker, "clause")
    if not mentions:  # most sentences of a text name no owner: the short way
        project = project_owner(text, start, end) or _project_said_before(
            text, clause_start(text, start), start
        )
        if project is not None:
            return OwnerChoice(project, "clause")
        if previous is not None:
            return (
                previous[1] if previous[1].owner.scope == FIRM else OwnerChoice(previous[1].owner, "sentence")
            )
        return (
            OwnerChoice(topic, "topic")
            if _topic_holds(topic, text)
            else OwnerChoice(doc_owners.focus, "focus")
        )
    cs = clause_start(text, start)
    listed = _listed_parks(text, mentions, start, end, unit)
    if listed is not None:
        return OwnerChoice(listed, "clause")
    holder = next((m for m in mentions if m.start <= start and end < m.end and m.scope == GROUP), None)
    if holder is not None:
        return OwnerChoice(doc_owners.resolve(holder), "holder")  # 浙江省21家国家级经开区: the group's count
    own = [m for m in mentions if cs <= m.start and m.end <= start]
    subset = next((m for m in reversed(own) if m.scope == GROUP and _SUBSET.match(text, m.end)), None)
    if subset is not None and not is_rank_unit(unit):
        return OwnerChoice(doc_owners.resolve(subset), "clause")  # 9个国家级经开区中有8个进入…
    named = [m for m in own if not m.context]
    if named:
        last = named[-1]
        if last.scope == PARK and not last.key:
            if previous is not None and previous[1].owner.scope == GROUP and is_member_class(text, last):
                # 全省开发区…；主营业务收入超千亿元的开发区达20家: members of the group in force
                return OwnerChoice(previous[1].owner, "sentence")
            # 长沙经开区成立于1992年，…，园区完成…: the park named before, not the text's
            before = [
                m for m in mentions if m.end <= last.start and m.scope == PARK and m.key and not m.context
            ]
            if before:
                return OwnerChoice(doc_owners.resolve(before[-1]), "clause")
            if topic is not None and topic.scope == PARK:
                return OwnerChoice(topic, "clause")
        zones = _zones_of_area(last, previous, topic, doc_owners)
        if zones is not None:
            return OwnerChoice(zones, "clause")
        return OwnerChoice(doc_owners.resolve(last), "clause")
    project = project_owner(text, start, end) or _project_said_before(text, cs, start)
    if project is not None:
        return OwnerChoice(project, "clause")
    invested = _firm_invested_in(text, mentions, start, end)
    if invested is not None:
        return OwnerChoice(doc_owners.resolve(invested), "clause")
    if is_rank_unit(unit):
        fields = [m for m in mentions if m.field and m.end <= start and m.start >= cs]
        if fields:
            # 甲开发区收入494亿元，在全省100个园区中排第5位: the rank of the value's owner before it;
            # so after a ；(…；投产工业企业数1101户，比去年同期净增97户，净增户数全省第三)
            if previous is not None and (
                (previous[1].how == "clause" and previous[1].owner.scope != FIRM)
                or (previous[1].how == "sentence" and previous[1].owner.scope in (GROUP, PARK))
            ):
                return OwnerChoice(previous[1].owner, "field")
            heads = [
                m
                for m in mentions
                if m.end <= cs and not m.context and m.scope != FIRM and heads_clause(text, m)
            ]
            head = doc_owners.resolve(heads[-1]) if heads else None
            if head is not None and (fields[-1].scope == AREA or head.scope == PARK):
                return OwnerChoice(head, "field")  # 郑州经开区自2020年以来稳居前30强，此次考核居全国第26位
            return OwnerChoice(_ranked_member(doc_owners, fields[-1]), "field")
    if (
        previous is not None
        and previous[1].owner.scope == FIRM
        and not _BREAK.search(text, previous[0], start)
    ):
        return previous[1]  # 中核钛白20万吨/年…项目: still the same project
    if (
        any(
            m.scope == AREA and m.context and m.key in ("全市", "全省") and text[: m.start].endswith("占")
            for m in own
        )
        and doc_owners.focus.scope == AREA
    ):
        # 工业投资占全市比重…: a share of the city is the share its own area (the article's) has
        return OwnerChoice(doc_owners.focus, "sentence")
    if _PULL.match(text, cs):
        # …中海油东方石化有限责任公司恢复生产，拉动全市工业增加值增长13.4个百分点: the puller's
        pullers = [m for m in mentions if m.end <= cs and not m.context]
        if pullers:
            return OwnerChoice(doc_owners.resolve(pullers[-1]), "clause")
    earlier = [
        m
        for m in mentions
        if m.end <= cs
        and not m.context
        and (m.scope != FIRM or m.key.startswith(PROJECT_KEY) or _heads_sentence(text, m))
        and heads_clause(text, m)
    ]
    if previous is not None and (not earlier or earlier[-1].start < previous[0]):
        return OwnerChoice(previous[1].owner, "sentence")  # the clause continues the value before
    if earlier:
        return OwnerChoice(doc_owners.resolve(earlier[-1]), "sentence")
    if is_rank_unit(unit):
        fields = [m for m in mentions if m.field and m.end <= start]
        if fields:
            return OwnerChoice(_ranked_member(doc_owners, fields[-1]), "field")
    if _topic_holds(topic, text):
        return OwnerChoice(topic, "topic")
    return OwnerChoice(doc_owners.focus, "focus")


# …，位于盘陀镇的天福养老产业项目，投资额2.5亿元: the clause before is a project's name alone
_PROJECT_CLAUSE = re.compile(r"(?:的|为|是)(?P<name>[^的为是，,。；;：:]{4,24}项目)[，,]$")
_PROJECT_FIGURE = re.compile(r"(?:计划|协议|预计)?(?:总投资|投资额|投资|占地|用地)")


# 投产的项目为西华县耕德电子手机研发生产基地，该项目全面建成后，可实现年产值15亿元: the project named
_PROJECT_IS = re.compile(r"项目(?:为|是)(?P<name>[\u4e00-\u9fffA-Za-z]{4,24})[，,]该项目")


def _project_said_before(text: str, cs: int, start: int) -> Owner | None:
    named = _PROJECT_IS.search(text, 0, cs)
    if named is not None and not _BREAK_SENTENCE.search(text, named.end(), start):
        return Owner(named.group("name"), FIRM)
    if cs == 0 or not _PROJECT_FIGURE.match(text, cs, start):
        return None
    before = text[clause_start(text, cs - 1) : cs]
    m = _PROJECT_CLAUSE.search(before)
    if m is None or _GENERIC_PROJECT.match(m.group("name")):
        return None
    generic = _GENERIC_PROJECT_NAME.search(m.group("name")[:-2])
    if generic is not None and generic.start() < 4:
        return None  # 为社会事业项目: a kind of project, no name
    return Owner(m.group("name"), FIRM)


def _firm_invested_in(text: str, mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    """引进了投资20亿元的全县首家民营上市企业——松井新材料公司: the firm the investment describes."""
    if not _PROJECT_BEFORE.search(text, max(0, start - 4), start) or not text.startswith("的", end):
        return None
    stop = _BREAK.search(text, end)
    # (全县首家民营上市企业: the area only describes the firm)
    after = [
        m for m in mentions if m.start >= end and (stop is None or m.end <= stop.start()) and m.scope != AREA
    ]
    return after[0] if after and after[0].scope == FIRM and not after[0].context else None


_THRESHOLD_OF = re.compile(
    r"(?:超|超过|突破|达|过)[^，,。；;]{0,8}?(?:亿元|万元|亿)(?:以上)?的$|(?:亿元|万元)以上的$"
)


def is_member_class(text: str, m: Mention) -> bool:
    """主营业务收入超千亿元的开发区, 10亿元以上的园区: the parks past a threshold, some of a group."""
    return bool(_THRESHOLD_OF.search(text, clause_start(text, m.start), m.start))


def _listed_parks(text: str, mentions: Sequence[Mention], start: int, end: int, unit: str) -> Owner | None:
    """包括今年新审批的崇州经济开发区、绵竹经济开发区…以及安县工业园等5家: a count after a
    list of parks and 等 counts the parks listed, a group (not the last of them)."""
    if unit not in ("家", "个", "所", "座") or not text.endswith("等", 0, start):
        return None
    cs = clause_start(text, start)
    parks = [m for m in mentions if cs <= m.start and m.end <= start - 1 and m.scope == PARK and m.key]
    if len(parks) < 2 or parks[-1].end != start - 1:
        return None
    return Owner(text[parks[0].start : end], GROUP)


def _heads_sentence(text: str, m: Mention) -> bool:
    """去年7月，深圳市澜科新创科技有限公司积极响应…，投资200余万元…: a firm that opens the
    sentence as its subject (not one of a list: 甲公司、乙公司等) owns the clauses after it."""
    return (
        clause_start(text, m.start) == clause_start(text, 0)
        or not _OPENING_WORDS.sub("", text[: clause_start(text, m.start)]).strip("，, ")
    ) and not re.match(r"\s*(?:、|和|与|及|等|的)", text[m.end :])


_OPENING_WORDS = re.compile(r"(?:今年|去年|目前|近日|日前|[\d]+年|[\d]+月(?:份)?|[\d]+日|[，,\s])+")


# a sentence that opens with a project of its own (光伏、储能项目，…), not 该项目/项目建成后/其首期…两项目
_OPENS_OTHER_PROJECT = re.compile(r"^(?!该|本|此|其|项目)[^，,。；;]{2,30}?项目")


def _zones_of_area(
    m: Mention, previous: tuple[int, OwnerChoice] | None, topic: Owner | None, doc_owners: DocumentOwners
) -> Owner | None:
    """11个省辖市的产业集聚区…，其中郑州市增长达到74.0%; 全市13个产业园区…。在建项目中，江油市56个:
    a city or county named alone among a group of zones stands for its own zones."""
    if m.scope != AREA or m.key not in _gazetteer():
        return None
    group = next(
        (
            o
            for o in (previous[1].owner if previous else None, topic, doc_owners.focus)
            if o is not None and o.scope == GROUP
        ),
        None,
    )
    if group is None:
        return None
    kind = _PARK_TYPE.search(group.entity)
    return Owner(m.key + (kind.group(0) if kind else ""), GROUP)


def _topic_holds(topic: Owner | None, text: str) -> TypeGuard[Owner]:
    """A firm's project heads a paragraph: its later sentences are the project's, unless one
    opens with another project."""
    if topic is None:
        return False
    return topic.scope != FIRM or not _OPENS_OTHER_PROJECT.match(text)


def _ranked_member(doc_owners: DocumentOwners, field: Mention) -> Owner:
    """A rank among parks is a park's (the document's); among areas an area's."""
    if field.scope in (GROUP, PARK):
        return doc_owners.park or doc_owners.focus
    if doc_owners.focus.scope == AREA:
        return doc_owners.focus
    return Owner(doc_owners.county, AREA) if doc_owners.county else doc_owners.focus


def topic_of(doc_owners: DocumentOwners, text: str, mentions: Sequence[Mention]) -> Owner | None:
    """The owner a paragraph opens with (甲经开区：…, 1—8月，甲经开区…), or a heading names."""
    if not mentions:
        return None
    first_clause_end = min((text.find(d) for d in "，,；;：:。" if d in text), default=len(text))
    for m in mentions:
        if m.context or (m.scope == FIRM and not _heads_project(text, m, first_clause_end)):
            continue  # a firm named first is often an example; its named project, the paragraph's subject
        if m.start <= max(first_clause_end, 14) and heads_clause(text, m):
            if any(
                o.key != m.key and o.scope == m.scope and not o.context and heads_clause(text, o)
                for o in mentions
                if o.start > m.start
            ):
                return None  # 8个国家高新区实现…，省级高新区实现…: a list of parallel owners, no topic
            owner = doc_owners.resolve(m)
            return owner if owner.entity else None
        break
    return None


def _heads_project(text: str, m: Mention, clause_end: int) -> bool:
    """——甲公司年产10万吨…项目，拟投资6000万元。项目建成后…: the project the paragraph is about."""
    return m.key.startswith(PROJECT_KEY) or "项目" in text[m.end : clause_end]


def _place_word(prefix: str) -> str:
    """The gazetteer name (full or short) that ``prefix`` starts with."""
    areas, shorts = _gazetteer(), _short_names()
    for k in (6, 5, 4, 3, 2):
        if prefix[:k] in areas or prefix[:k] in shorts:
            return prefix[:k]
    return ""
