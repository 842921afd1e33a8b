"""Statement shapes: what kind of value a quantity is (level, growth, share,
rank, change) and which quantities form a change X→Y (从X增至Y) or a rank
series (从第93位，到第64位，第34位，再到…第16位)."""

from __future__ import annotations

import re

from briefgen.extract.quantities import QuantityMatch
from briefgen.extract.units import RANK_UNITS, split_unit
from briefgen.models import FactKind

_GROWTH = re.compile(
    r"同比|环比|增长(?!面|点|极)|净增|净减|上涨|下跌|涨幅|跌幅|上扬|增速|增幅|下降|降幅|减少|增加(?!值)|提高|提升|上升|回落|下滑|回升|降低|扩大|收窄|缩小|"
    r"负增长|多增|少增|翻|[多少](?:(?<=同期.)|(?<=上年.)|(?<=去年.)|(?<=年初.)|(?<=年末.)|(?<=上月.)|(?<=上期.))"
)
_DECLINE = re.compile(r"少$|净减|下跌|跌幅|下降|降幅|减少|回落|下滑|降低|收窄|缩小|负增长|少增")
_TO_AFTER = re.compile(r"至|到")
FROM_TAIL = re.compile(
    r"(?:从|由)(?:原来的|原先的|过去的|之前的|全国|全省|全市|全县|全区|省|市|"
    r"(?:上年|去年)(?:同期|末|底)?的?)?$"
)
# 较2020年的112.5亿元增长…, 比上年同期的31.2%提高…: the earlier value a change is stated against
BASE_TAIL = re.compile(r"(?:较|(?<![占对])比|相比|相较于?)(?:上年|去年)?(?:同期|末|底)?的$")
# 由上年同期的31.2%: the same months a year before (not 是上年的1.8倍: a ratio now)
PREVIOUS_YEAR_TAIL = re.compile(r"(?:由|从|较|比|相比)(?:上年|去年)(?P<when>同期|末|底)?的$")
TO_MARK = re.compile(
    r"增至|升至|降至|减至|提升至|提升到|提高至|提高到|增加到|增加至|增长到|增长至|上升至|上升到|前移至|"
    r"进位至|跃升至|跃居|再到|下降到|下降至|减少到|减少至|扩大到|扩大至|缩小到|缩小至|达到|到|至|为"
)


def _growth_word(seg: str) -> re.Match[str] | None:
    last = None
    for m in _GROWTH.finditer(seg):
        last = m
    if last is None or _TO_AFTER.search(seg, last.end()):
        return None  # 提升至…: the value reached, not a rate of growth
    return last


def kind_of(q: QuantityMatch, seg: str) -> tuple[FactKind, int]:
    """(kind, sign): sign -1 for a stated decline (下降3.2%)."""
    if q.rank:
        return "rank", 1
    _, base = split_unit(q.unit)
    g = _growth_word(seg)
    sign = -1 if g and _DECLINE.match(g.group(0)) else 1
    if base in ("%", "‰", "倍"):
        return ("growth", sign) if g else ("share" if base != "倍" else "growth", 1)
    if base in ("个百分点", "百分点"):
        return "change", sign
    if base in RANK_UNITS and _PLACES_MOVED.search(seg):
        return "change", (-1 if _PLACES_LOST.search(seg) else 1)  # 前移8位: places moved
    if g and _RELATIVE.match(seg, g.end()):
        return "level", 1  # 产值实现增长的有103家: a count of those that grew
    return ("change", sign) if g and not _NOT_A_CHANGE.search(seg) else ("level", 1)


_PLACES_MOVED = re.compile(r"前移|进位|后移|后退|上升|提升|下降|前进|跃升")
_PLACES_LOST = re.compile(r"后移|后退|下降")
_NOT_A_CHANGE = re.compile(r"新增|增加值")
_RELATIVE = re.compile(r"[^，；]{0,6}的(?:有|共有|达|为)?\s*$")
