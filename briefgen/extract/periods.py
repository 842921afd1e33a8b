"""Time expressions in a sentence and the period string they stand for.

Period strings (spec): ``2023``; a range ``2020/2023``; months
``2022-01/2022-04``; a month ``2022-09``; a quarter ``2022-Q1``; an open range
``2021/..`` when the end is unknown. Relative expressions (今年, 截至目前, 1至4月)
are resolved against a reference: the publication date, or the year the text
last named; unknown stays unknown (None), never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_CN_MONTH = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DASH = r"(?:-|—|–|－|~|～|至|到)"

# 一至七月: months in Chinese numerals (a separate branch, compiled in only where the
# sentence has such a range: it is rare, and trying it at every position costs)
_CN_RANGE = (
    r"|(?P<cnmm>(?:(?P<y8>(?:19|20)\d\d)\s*年)?(?P<cn1>[一二三四五六七八九十]{1,2})\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?P<cn2>十[一二]?|[一二三四五六七八九十])\s*月(?:份)?)"
)
_HAS_CN_RANGE = re.compile(r"[一二三四五六七八九十]\s*(?:至|到|—|－|-|~|～)\s*[一二三四五六七八九十]")

_TIME_BODY = (
    r"(?P<ytoy>(?P<ya>(?:19|20)\d\d)\s*年?(?:度)?\s*" + _DASH + r"\s*(?P<yb>(?:19|20)\d\d)\s*年(?:度)?)"
    r"|(?P<ymr>(?P<y6>(?:19|20)\d\d)\s*年\s*(?P<mC>1[0-2]|0?[1-9])\s*"
    + _DASH
    + r"\s*(?P<mD>1[0-2]|0?[1-9])\s*月(?:份)?)"
    r"|(?P<ymd>(?P<y3>(?:19|20)\d\d)\s*年\s*(?P<mA>1[0-2]|0?[1-9])\s*月\s*(?:"
    + _DASH
    + r"\s*(?:(?P<y4>(?:19|20)\d\d)\s*年\s*)?(?P<mB>1[0-2]|0?[1-9])\s*月)?(?:份)?(?:底|末)?"
    r"(?P<since1>以来|至今)?)"
    r"|(?P<yq>(?P<y5>(?:19|20)\d\d)\s*年\s*(?P<qq>前三季度|上半年|下半年|(?:第)?[一二三四1-4]季度|全年|年底|年末)"
    r"(?P<since2>以来)?)"
    r"|(?P<yonly>(?P<y2>(?:19|20)\d\d)\s*年(?:度)?(?P<ye>底|末|初)?(?P<since>以来|至今|开始|起)?)"
    r"|(?P<mm>(?:截至|截止)?\s*(?P<m3>1[0-2]|0?[1-9])\s*"
    + _DASH
    + r"?\s*(?:(?P<m4>1[0-2]|0?[1-9])\s*)?月(?:份)?"
    r"(?P<me>底|末)?(?=[，,、\s]|[\u4e00-\u9fff]))"
    r"|(?P<lastn>(?:过去|近|最近)(?P<nA>[一二两三四五六七八九十]|\d{1,2})年(?:来|间|里)?|(?P<nB>[两三四五六七八九十]|(?<!\d)\d{1,2})年来"
    r"|(?:建区|建园|设立|成立|开发建设)(?P<nD>\d{1,2})(?:周)?年(?:来|以来)?)"
    r"|(?P<firstn>(?:(?P<y7>(?:19|20)\d\d)\s*年|(?P<this7>今年))?前(?P<n7>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])个月)"
    + "{cn_range}"
    r"|(?P<fyp>(?P<fn>十[一二三四五])五[”\"’]?(?P<fe>末|期末|期间|时期))"
    r"|(?P<rel>截至目前|截止目前|目前|现有|如今|当前|现阶段|至此|近日|日前|今年以来|年初以来|一季度以来|(?:今年)?前三季度|(?:今年)?上半年|下半年|"
    r"(?:今年)?(?:第)?[一二三四]季度|(?:今年)?首季度?|今年|全年|当年|本年|年内|年末|年底|去年以来|去年来|上年以来|去年|上年)"
)
TIME_RE = re.compile(_TIME_BODY.replace("{cn_range}", _CN_RANGE))
_TIME_RE_ARABIC = re.compile(_TIME_BODY.replace("{cn_range}", ""))  # the same, without 一至七月
_TIME_HINT = re.compile(
    r"[年月季]|目前|现有|如今|当前|现阶段|至此|近日|日前|十[一二三四五]五"
)  # every expression below has one
# 是 of a comparison (是2005年的5.2倍), not of emphasis (特别是今年以来, 正是, 也是)
_BASES = re.compile(
    r"(?:比|较|与|同比|相比|对比|高于|低于|超过|(?<!特别)(?<![正就也更其还都但而只即])是|为)\s*$"
)
_BOUND_BEFORE = re.compile(
    r"(?:从|由|到|(?<!截)(?<!截止)至|增至|升至|降至|提升至|提高至|提高到|增加到|增长到|再到)\s*$"
)


# 园区现有企业346家, 全县现有: "now has" after the holder's name
_NOW_HOLDER = re.compile(r"(?:[\u4e00-\u9fff]{0,8}[区县市园镇乡省内])?")


def _clause_start(sentence: str, i: int) -> int:
    return max(sentence.rfind(d, 0, i) for d in "，,；;：:。") + 1


def shift_years(period: str | None, n: int) -> str | None:
    """'2023-01/2023-10' shifted by -1 -> '2022-01/2022-10' (上年同期)."""
    if period is None:
        return None
    return re.sub(r"(?:19|20)\d\d", lambda m: str(int(m.group(0)) + n), period)


_BASE_WORD = re.compile(r"(?:比|较|同比|与|是)\s*$")


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    text: str
    period: str | None  # resolved; None when it cannot be (no reference date)
    year: int | None  # the year it names, for "全年" after it
    bound: bool  # 从2020年的 / 2023年的: belongs to the next number only
    base: bool = False  # 比2020年: a comparison base, not a period


@dataclass(frozen=True)
class Reference:
    """What relative expressions resolve against."""

    published: dt.date | None
    year: int | None  # the year last named in the text (before this sentence)


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _month_year(ref: Reference, last_month: int) -> int | None:
    """The year of '1至4月' with no year: the year named in the text, else the
    publication year (the one before when the months end after publication)."""
    if ref.year is not None:
        return ref.year
    if ref.published is None:
        return None
    return ref.published.year - (1 if last_month > ref.published.month else 0)


def _pub_ym(ref: Reference) -> str | None:
    return _ym(ref.published.year, ref.published.month) if ref.published else None


def _quarter_period(y: int, q: str) -> str:
    if q == "前三季度":
        return f"{y}-01/{y}-09"
    if q == "上半年":
        return f"{y}-01/{y}-06"
    if q == "下半年":
        return f"{y}-07/{y}-12"
    if q in ("全年", "年底", "年末"):
        return str(y)
    if q.startswith("首季"):
        return f"{y}-Q1"  # 豫首季产业集聚区…: the first quarter
    n = _CN_QUARTER[q.replace("第", "").replace("季度", "")]
    return f"{y}-Q{n}"


def resolve(m: re.Match[str], ref: Reference) -> tuple[str | None, int | None]:
    g = m.groupdict()
    pub_y = ref.published.year if ref.published else None
    y: int | None
    a: int | None
    if g["ytoy"]:
        return f"{g['ya']}/{g['yb']}", int(g["yb"])
    if g["ymr"]:
        y = int(g["y6"])
        return f"{_ym(y, int(g['mC']))}/{_ym(y, int(g['mD']))}", y
    if g["ymd"]:
        y = int(g["y3"])
        a = int(g["mA"])
        if g["mB"]:
            yb = int(g["y4"] or y)
            return f"{_ym(y, a)}/{_ym(yb, int(g['mB']))}", yb
        if g["since1"]:
            return f"{_ym(y, a)}/{_pub_ym(ref) or '..'}", y
        return _ym(y, a), y
    if g["yq"]:
        y = int(g["y5"])
        p = _quarter_period(y, g["qq"])
        if g["since2"]:
            p = f"{p.split('/')[0]}/{_pub_ym(ref) or '..'}"
        return p, y
    if g["yonly"]:
        y = int(g["y2"])
        if g["since"]:
            return f"{y}/{pub_y if pub_y and pub_y > y else '..'}", y
        return str(y), y
    if g["lastn"]:
        word = g["nA"] or g["nB"] or g["nD"]
        n = int(word) if word.isdigit() else {"两": 2, **_CN_MONTH}[word]
        y = ref.year if ref.year is not None else pub_y
        if y is None or not 1 < n <= 20:
            return None, None
        if g["nD"]:
            return f"{y - n}/{y}", y  # 建区20年: from the founding year (1992) to the year in view
        return f"{y - n + 1}/{y}", y  # 过去五年 up to the year in view: 2019/2023
    if g["firstn"]:
        n7 = g["n7"]
        n = int(n7) if n7.isdigit() else _CN_MONTH[n7]
        y = int(g["y7"]) if g["y7"] else (pub_y if g["this7"] else _month_year(ref, n))
        if y is None:
            return None, None
        return f"{_ym(y, 1)}/{_ym(y, n)}", y
    if g["mm"]:
        a = int(g["m3"])
        b = int(g["m4"]) if g["m4"] else None
        y = _month_year(ref, b or a)
        if y is None:
            return None, None
        if b is not None:
            return f"{_ym(y, a)}/{_ym(y, b)}", y
        return _ym(y, a), y
    if g.get("cnmm"):
        a, b = _CN_MONTH.get(g["cn1"]), _CN_MONTH.get(g["cn2"])
        if a is None or b is None or a > b:
            return None, None
        y = int(g["y8"]) if g["y8"] else _month_year(ref, b)
        if y is None:
            return None, None
        return f"{_ym(y, a)}/{_ym(y, b)}", y
    if g["fyp"]:
        # 力争到“十二五”末: the plan's last year; “十三五”期间: its five years
        first = 1966 + 5 * ("一二三四五".index(g["fn"][1]) + 11 - 3)
        if g["fe"] in ("末", "期末"):
            return str(first + 4), first + 4
        return f"{first}/{first + 4}", first + 4
    rel = g["rel"]
    if rel in ("截至目前", "截止目前", "目前", "现有", "如今", "当前", "现阶段", "至此", "近日", "日前"):
        return _pub_ym(ref), pub_y
    if rel in ("今年以来", "年初以来"):
        return (f"{pub_y}-01/{_pub_ym(ref)}" if ref.published else None), pub_y
    if rel == "今年":
        return (str(pub_y) if pub_y else None), pub_y
    if rel == "一季度以来":
        return (f"{pub_y}-01/{_pub_ym(ref)}" if ref.published else None), pub_y
    if rel in ("去年以来", "去年来", "上年以来"):
        # 去年以来，…洪雅县规划建设了…。上半年，…: since last year up to now; the year in force is
        # still the page's own (its 上半年 is this year's)
        return (f"{pub_y - 1}/{_pub_ym(ref)}" if pub_y and ref.published else None), pub_y
    if rel in ("去年", "上年"):
        return (str(pub_y - 1) if pub_y else None), (pub_y - 1 if pub_y else None)
    if rel in ("全年", "当年", "本年", "年内", "年末", "年底"):
        y = ref.year if ref.year is not None else pub_y
        return (str(y) if y else None), y
    # quarters / halves with no year: this year's (the named year, else the publication's)
    q = rel.replace("今年", "")
    y = ref.year if ref.year is not None and not rel.startswith("今年") else pub_y
    if y is None:
        return None, None
    return _quarter_period(y, q), y


def find_times(sentence: str, ref: Reference) -> list[TimeExpr]:
    """Every time expression in ``sentence``, resolved, in order."""
    out: list[TimeExpr] = []
    if not _TIME_HINT.search(sentence):
        return out
    pattern = TIME_RE if _HAS_CN_RANGE.search(sentence) else _TIME_RE_ARABIC
    for m in pattern.finditer(sentence):
        before = sentence[max(0, m.start() - 4) : m.start()]
        if m.group("rel") in ("上年", "去年") and (
            _BASE_WORD.search(before) or sentence.startswith(("同期", "末", "底"), m.end())
        ):
            continue  # 比上年, 去年同期: a comparison base
        if m.group("rel") == "现有" and not _NOW_HOLDER.fullmatch(
            sentence[_clause_start(sentence, m.start()) : m.start()]
        ):
            continue  # 依托现有产业: existing, not now
        period, year = resolve(m, ref)
        after = sentence[m.end() : m.end() + 1]
        # 比2020年, and 和2017年…结果相比: a comparison base, not a period
        base = bool(_BASES.search(before)) or (
            before.endswith(("和", "与", "同", "跟")) and "相比" in sentence[m.end() : m.end() + 20]
        )
        # 从2020年的 / 2023年的: the next number's own; 到2025年，…: a target year framing its clause
        bound = (bool(_BOUND_BEFORE.search(before)) and after not in "，,") or after == "的"
        out.append(TimeExpr(m.start(), m.end(), m.group(0), period, year, bound, base))
        if year is not None and not base and not bound:
            ref = Reference(ref.published, year)
    return out
