"""Finding stated quantities in a sentence: number, unit, qualifier, and the
rules that tell a measured quantity from a number that is not a fact (years,
plan names in quotes, 第三批, 三星级, 连续三年, 3个工作日, phone numbers ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.extract.numbers import CN_NUMERAL_CHARS, is_chinese_numeral, parse_number
from briefgen.extract.units import RANK_UNITS, UNIT_RE
from briefgen.wording import PREFIX_QUALIFIERS, SPEC_QUALIFIER

_CN = f"[{CN_NUMERAL_CHARS}]+"
_AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
QTY_RE = re.compile(
    rf"(?P<pct>百分之(?:{_AR}|{_CN}))"
    rf"|(?P<ord>第)?(?P<num>{_AR}|{_CN})\s*(?P<scale>[万亿](?=[余多]))?(?P<approx>余|多)?\s*(?P<unit>{UNIT_RE})?(?P<post>及以上|及以下|以上|以下|左右|多)?"
)
_OVER_BEFORE = re.compile(r"(?:超过|超|过|逾)$")
_THRESHOLD_NOUN = re.compile(r"的|(?:工业|重大|产业)?(?:项目|企业)")
_PREFIX_QUALIFIER = re.compile("(?:" + "|".join(PREFIX_QUALIFIERS) + ")$")
_RANK_VERB = re.compile(
    r"(?:位列|位居|位于|名列|排名|排在|排|居|列|前移至|进位至|提升至|上升至|跃升至|跃居|升至|到|至|为)"
    r"[^，。；、,;]{0,10}$"
)
# 增速全市第一, 固定资产投资增速六县市第二: the ranked set said right before the place (not 全县第一、二、
# 三产业增加值, a list of sectors)
_PLACE_LISTED = re.compile(r"第(?:\d+|[一二三四五六七八九十]+)(?:位|名)?[、和及与]$")
_MANY_WORD = re.compile(r"功能|元化|样化|品种|层次|渠道|领域|方面")
_MOVED_FROM = ("前进至", "前进到", "上升至", "上升到", "跃升至", "提升至", "下降至", "后退至", "前移至")
_RANKED_SET = re.compile(r"(?:全[国省市县区州]|[两三四五六七八九十]县市?区?)$")
_LISTED_BEFORE = re.compile(r"[\u4e00-\u9fff]{2,6}(?:、[\u4e00-\u9fff]{2,6})+$")
_DURATION_AFTER = re.compile(r"(?:月|工作日|小时|季度|年|星期|周|天|日)")
_NEG_BEFORE = re.compile(r"[\u4e00-\u9fff：:（(\s、，,]")
_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z“]")
_NAME_AFTER = re.compile(r"星级|级")
_SCALED_OK = {
    p + u
    for p in "万亿"
    for u in ("元", "人", "人次", "家次", "户", "吨", "亩", "平方米", "千瓦时", "美元", "个", "家")
}


@dataclass(frozen=True)
class QuantityMatch:
    """A number with its unit as matched in a sentence (models.Quantity is a change's earlier value)."""

    start: int  # of the number (or 第 / 百分之) in the sentence
    end: int  # after the unit and any trailing qualifier
    value: float
    unit: str
    qualifier: str | None
    rank: bool  # 第16位, 位列全省第三


_QUOTED = re.compile(
    r"“[^”\n]{0,24}”|「[^」\n]{0,24}」|『[^』\n]{0,24}』|‘[^’\n]{0,24}’|《[^》\n]{0,24}》|\"[^\"\n]{0,24}\""
)


def _quoted_spans(sentence: str) -> list[tuple[int, int]]:
    """Short quoted stretches: names of plans and slogans (“1269”行动计划, “五个跨越”)."""
    if not any(c in sentence for c in '“「『‘《"'):
        return []
    return [(m.start(), m.end() - 1) for m in _QUOTED.finditer(sentence)]


def _qualifier(sentence: str, start: int, approx: str | None, post: str | None) -> str | None:
    if approx:
        return approx
    m = _PREFIX_QUALIFIER.search(sentence, max(0, start - 3), start)
    if m and m.group(0) == "约" and sentence[m.start() - 1 : m.start()] in _YUE_WORDS:
        m = None  # 一季度集中签约28个: 签约 (signed), not 约 (about)
    if m:
        q = m.group(0)
        return SPEC_QUALIFIER.get(q, q)
    return {"左右": "约", "及以上": "以上", "及以下": "以下"}.get(
        post or "", post
    )  # the spec's word for an approximate value


_YUE_WORDS = set("签节制合契公预履违")  # 签约, 节约, 制约 ...: words ending in 约
# 居全市首位, 位居全省榜首: first place stated without a number
_FIRST_PLACE = re.compile(r"首位|榜首")


def _first_places(sentence: str) -> list[QuantityMatch]:
    out = []
    for m in _FIRST_PLACE.finditer(sentence):
        nxt = sentence[m.end() : m.end() + 1]
        if nxt and nxt not in "，。；、,;）)！":
            continue  # 首位产业: a word, not a place
        if _RANK_VERB.search(sentence[max(0, m.start() - 12) : m.start()]):
            out.append(QuantityMatch(m.start(), m.end(), 1.0, "位", None, True))
    return out


_JOINED = re.compile(r"\s*(?:和|、|与|及)\s*(?=\d)")
_SHARED_UNITS = ("个百分点", "%")


def _shares_unit(sentence: str, m: re.Match[str]) -> re.Match[str] | None:
    """A bare number joined to the next ones up to one that states the unit (0.74和19.33个百分点,
    分别前进84、77、13个位次): that number. A whole number only before places moved (个位次)."""
    if m.group("pct") or m.group("ord") or m.group("unit"):
        return None
    if not re.fullmatch(r"\d+(?:\.\d+)?", m.group("num")):
        return None
    if m.start() > 0 and (sentence[m.start() - 1].isascii() and sentence[m.start() - 1].isalnum()):
        return None
    nxt = m
    for _ in range(8):
        joined = _JOINED.match(sentence, nxt.end())
        following = QTY_RE.match(sentence, joined.end()) if joined is not None else None
        if following is None or following.group("pct") or following.group("ord"):
            return None
        nxt = following
        if nxt.group("unit"):
            break
    else:
        return None
    unit = nxt.group("unit") or ""
    if unit in _SHARED_UNITS and "." in m.group("num"):
        return nxt
    if unit == "个" and sentence.startswith(("位次", "名次"), nxt.end()) and "." not in m.group("num"):
        return nxt
    return None


def find_quantities(sentence: str) -> list[QuantityMatch]:
    quoted = _quoted_spans(sentence)
    out: list[QuantityMatch] = []
    for m in QTY_RE.finditer(sentence):
        if any(a < m.start() < b for a, b in quoted):
            continue
        if m.group("pct"):
            v = parse_number(m.group("pct"))
            if v is not None:
                out.append(
                    QuantityMatch(
                        m.start(), m.end(), v, "%", _qualifier(sentence, m.start(), None, None), False
                    )
                )
            continue
        q = _read(sentence, m)
        if q is not None:
            out.append(q)
        elif (nxt := _shares_unit(sentence, m)) is not None:
            # 分别高于…0.74和19.33个百分点: the first of the pair takes the unit the second states
            later = _read(sentence, nxt)
            if later is not None:
                value = parse_number(m.group("num"))
                if value is not None:
                    out.append(QuantityMatch(m.start(), m.end(), value, later.unit, None, False))
    if "首" in sentence:
        firsts = _first_places(sentence)
        if firsts:
            out = sorted(out + firsts, key=lambda q: q.start)
    return out


def _read(sentence: str, m: re.Match[str]) -> QuantityMatch | None:
    num, unit, ordinal = m.group("num"), m.group("unit") or "", bool(m.group("ord"))
    if m.group("scale"):
        unit = m.group("scale") + unit  # 3万余人 -> 3 万人 (余)
    chinese = not num[0].isdigit()
    start = m.start("ord") if ordinal else m.start("num")
    end = m.end()
    prev = sentence[start - 1] if start > 0 else ""
    nxt = sentence[end : end + 1]
    if chinese and unit and num[-1] in "万亿" and len(num) > 1 and num[-1] + unit in _SCALED_OK:
        num, unit = num[:-1], num[-1] + unit  # 两千万元 -> 两千 万元, as stated
    if chinese and not unit and not ordinal:
        return None  # 一流, 三大: a Chinese numeral needs a unit to be a quantity
    if chinese and not is_chinese_numeral(num):
        return None
    negative = (
        not chinese
        and prev in ("-", "−")
        and bool(unit)
        and bool(_NEG_BEFORE.match(sentence[start - 2 : start - 1] or " "))
    )
    if negative:
        start -= 1  # 增长-3.2%: a stated negative rate
    elif not chinese and prev and prev.isascii() and (prev.isalnum() or prev in ".:/-+"):
        return None  # part of a code, a time (08:19), a range's second half handled below
    if not chinese and prev and prev in "—–~～" and sentence[start - 2 : start - 1].isdigit():
        return None
    value = parse_number(num)
    if value is None:
        return None
    if m.group("post") == "多" and not unit:
        return None
    before = sentence[max(0, start - 12) : start]
    if ordinal:
        if before.endswith(("倒数", "顺数")):
            return None  # a count from the bottom is not comparable to a rank
        if unit in RANK_UNITS:
            return QuantityMatch(start, m.end("unit"), value, "位" if unit == "位" else "名", None, True)
        if unit:
            return None  # 第三批, 第2次: an ordinal, not a quantity
        # 分别位列第三和第四: the first of a pair of places ends at 和
        paired = nxt in ("和", "与", "及") and sentence.startswith("第", end + 1)
        # 增幅排名第2的突出成绩; 从2016年的第六前进至2018年的第四: a place, then what it was or did
        paired = paired or (nxt == "的" and before.endswith(("排名", "位列", "排")))
        paired = paired or sentence.startswith(_MOVED_FROM, end)
        if (not nxt or nxt in "，。；、,;）)" or paired) and (
            _RANK_VERB.search(before)
            or (_RANKED_SET.search(before) and nxt != "、")
            or _PLACE_LISTED.search(before)  # 分别位于第三、第六: the next place of the list
        ):
            return QuantityMatch(start, m.end("num"), value, "位", None, True)
        return None
    if not unit:
        return None
    if chinese and value < 2 and not unit.startswith(("万", "亿", "千")):
        return None  # 一批, 一个, 一名: an article, not a count
    if unit == "个" and _DURATION_AFTER.match(sentence[end : end + 3]):
        return None  # 3个工作日, 6个月: a duration
    if unit in ("个", "名") and sentence.startswith(("位次", "名次"), end):
        return QuantityMatch(start, end + 2, value, "位", None, False)  # 提升5个位次: places moved
    if unit == "位" and nxt == "数":
        return None  # 两位数
    if unit == "次" and nxt in ("产", "方"):
        return None  # 三次产业
    if unit == "人" and nxt in ("民", "才", "员", "口", "大", "均"):
        return None  # 十人大, 人才 ... are words
    if (
        unit in ("个", "家", "项", "条", "所", "名", "位", "批", "件", "部", "处", "场")
        and nxt == "“"
        and chinese
    ):
        return None  # 五个“跨越”: rhetoric
    if _looks_like_name(sentence, end):
        return None
    if m.group("post") in ("以上", "以下", "及以上", "及以下") and (nxt == "的" or _WORD_CHAR.match(nxt)):
        return None  # 500万元以上固定资产投资, 亿元以上项目: a threshold in a name, not a value
    listed = _LISTED_BEFORE.search(before) if chinese else None
    if listed is not None and listed.group(0).count("、") + 1 == value:
        return None  # 镇江、淮安两家经济技术开发区: how many the list names, not a figure
    if chinese and value < 10 and unit in ("个", "项", "条", "批", "次"):
        return None  # 三个聚焦, 四项制度, 两条主线: rhetoric (counts are written in Arabic digits)
    if _OVER_BEFORE.search(sentence, max(0, start - 2), start) and _THRESHOLD_NOUN.match(sentence, end):
        return None  # 投资超50亿元项目2个, 产值过10亿元企业: a size class, not a value
    if negative:
        value = -value
    post = m.group("post")
    if post == "多" and _MANY_WORD.match(sentence, end):
        post, end = None, end - 1  # 60万吨多功能复合肥: 多功能 is the product's word, not 60-odd
    qual = _qualifier(sentence, start, m.group("approx"), post)
    if unit in RANK_UNITS and before.endswith("前"):
        return QuantityMatch(start, end, value, unit, "前", True)  # 前30位: a rank bound
    return QuantityMatch(start, end, value, unit, qual, False)


def _looks_like_name(sentence: str, end: int) -> bool:
    """5星级, 3级: grades, not quantities."""
    return bool(_NAME_AFTER.match(sentence, end))
