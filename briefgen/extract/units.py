"""Units as stated and their scale to base units (元, 1, %, 位, 平方米, 吨, 千瓦时)."""

from __future__ import annotations

import re
from functools import lru_cache

SCALE_PREFIXES = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "亿": 1e8, "万": 1e4, "千": 1e3}

# stated base unit -> (normalized unit, factor)
BASE_UNITS: dict[str, tuple[str, float]] = {
    "元": ("元", 1.0),
    "美元": ("美元", 1.0),
    "欧元": ("欧元", 1.0),
    "%": ("%", 1.0),
    "‰": ("%", 0.1),
    "个百分点": ("个百分点", 1.0),
    "百分点": ("个百分点", 1.0),
    "倍": ("倍", 1.0),
    "平方公里": ("平方米", 1e6),
    "平方千米": ("平方米", 1e6),
    "平方米": ("平方米", 1.0),
    "亩": ("平方米", 666.6667),
    "公顷": ("平方米", 1e4),
    "立方米": ("立方米", 1.0),
    "吨": ("吨", 1.0),
    "公斤": ("吨", 1e-3),
    "千克": ("吨", 1e-3),
    "千瓦时": ("千瓦时", 1.0),
    "度": ("千瓦时", 1.0),
    "千瓦": ("千瓦", 1.0),
    "兆瓦": ("千瓦", 1e3),
    "标箱": ("标箱", 1.0),
    "公里": ("公里", 1.0),
    "位": ("位", 1.0),
}
# counts: measure words; normalized unit "1"
COUNT_UNITS = (
    "人次",
    "家次",
    "户次",
    "架次",
    "车次",
    "艘次",
    "台次",
    "批次",
    "个",
    "家",
    "项",
    "条",
    "户",
    "座",
    "所",
    "栋",
    "幢",
    "台",
    "套",
    "人",
    "名",
    "件",
    "辆",
    "株",
    "张",
    "间",
    "批",
    "次",
    "篇",
    "处",
    "场",
    "架",
    "艘",
    "头",
    "只",
    "份",
    "例",
    "宗",
    "块",
    "款",
    "辆",
    "部",
    "棵",
    "颗",
    "枚",
    "匹",
    "席",  # seats in a ranking: 江苏省占19席
    "位",
)
# a place in a ranking: 第16位, 第3名 (强 is a bound, 前30强; 12名干部 is a head count)
RANK_UNITS = ("位", "名")
# units that need a scale prefix to be read as units ("3度" is rarely energy)
_NEED_PREFIX = {"度"}
# measure words after which a noun names what was counted (121家企业)
CLASSIFIERS = {u for u in COUNT_UNITS if not u.endswith("次")} - {"人", "位"}


def _unit_pattern() -> str:
    bases = sorted(set(BASE_UNITS) | set(COUNT_UNITS), key=len, reverse=True)
    prefixes = sorted(SCALE_PREFIXES, key=len, reverse=True)
    plain = "|".join(re.escape(b) for b in bases if b not in _NEED_PREFIX)
    scaled = "|".join(re.escape(b) for b in bases if b not in ("%", "‰", "个百分点", "百分点", "倍", "位"))
    per = "|".join(re.escape(b) for b in ("人", "吨", "亩", "平方米", "户", "个", "千瓦时", "度", "家"))
    # longest alternatives first: 亿元 before 元, 个百分点 before 个
    # a bare 万/亿 last: "常住人口35.6万，" counts in ten-thousands
    bare = "万亿(?![元美])|亿(?![元美])|万(?![元美])"
    return rf"(?:(?:{'|'.join(prefixes)})(?:{scaled})|{plain})(?:/(?:{per}))?|{bare}"


UNIT_RE = _unit_pattern()


_PREFIXES_LONGEST_FIRST = sorted(SCALE_PREFIXES, key=len, reverse=True)


@lru_cache(maxsize=1024)
def split_unit(unit: str) -> tuple[float, str]:
    """'亿元' -> (1e8, '元'); '万人次' -> (1e4, '人次'); '元/人' -> (1, '元/人')."""
    if "/" in unit:
        scale, base = split_unit(unit.split("/", 1)[0])
        return scale, base + "/" + unit.split("/", 1)[1]
    for p in _PREFIXES_LONGEST_FIRST:
        if (
            unit.startswith(p)
            and len(unit) > len(p)
            and (unit[len(p) :] in BASE_UNITS or unit[len(p) :] in COUNT_UNITS)
        ):
            return SCALE_PREFIXES[p], unit[len(p) :]
    return 1.0, unit


def normalize_quantity(value: float, unit: str) -> tuple[float, str]:
    """The value in base units: 410 亿元 -> (4.1e10, '元'), 500 亩 -> (333333.35, '平方米')."""
    scale, base = split_unit(unit)
    if "/" in base:
        return value * scale, base
    if base in BASE_UNITS:
        norm, factor = BASE_UNITS[base]
        return value * scale * factor, norm
    if base in COUNT_UNITS:
        return value * scale, "1"
    return value * scale, base


def unit_family(unit: str) -> str:
    """Which values can be compared: money, count, percent, points, rank, area, ..."""
    _, base = split_unit(unit)
    if base in RANK_UNITS:
        return "rank"
    if base in COUNT_UNITS:
        return "count"
    return BASE_UNITS.get(base, (base, 1.0))[0]
