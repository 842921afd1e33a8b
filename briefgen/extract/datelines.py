"""When a text was written, read from the text itself: a page's or a report's printed
date (dateline_date), the reporting period an undated text names (implied_date),
and the year of the evaluation a ranking article reports (evaluation_time).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from briefgen.extract.periods import Reference, TimeExpr, find_times

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
    re.compile(r"(?:来源|來源)\s*[:：][^\n\d]{0,20}?" + _DATE),  # 来源:科技日报   2012年10月24日
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


# a page's date in its address: /20090904/, /2017/1127/, /2011/7/27/, /t20120612_…, /201108/
_URL_DAY = re.compile(
    r"(?<![0-9])((?:19|20)\d\d)(?:(0[1-9]|1[0-2])([0-3]\d)|[/-](0?[1-9]|1[0-2])[/-]?([0-3]?\d))(?![0-9])"
)
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)[-]?(0[1-9]|1[0-2])/")


def url_date(url: str | None) -> dt.date | None:
    """The date a page's address carries, when neither sources.toml nor the text gives one
    (the comelan.com page …/A/201108/366131.asp dates its 去年以来 and 上半年: 2011). A month
    alone stands for its last day, so that 7月31日 in a page of …/201108/ is still that year."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for m in _URL_DAY.finditer(path):
        y, mo, d = int(m.group(1)), int(m.group(2) or m.group(4)), int(m.group(3) or m.group(5))
        if 1 <= d <= calendar.monthrange(y, mo)[1]:
            return dt.date(y, mo, d)
    month = _URL_MONTH.search(path)
    if month:
        y, mo = int(month.group(1)), int(month.group(2))
        return dt.date(y, mo, calendar.monthrange(y, mo)[1])
    return None
