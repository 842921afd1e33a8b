"""What a quantity measures, as the text names it.

The subject is the noun phrase the sentence gives for the number: usually the
words of its clause just before it, with time words, verbs and prepositions
trimmed ("1至4月，园区营业收入100.03亿元" -> 园区营业收入); after a measure
word it is the noun that follows ("为244家企业发放…" -> 企业); a bare growth
rate or a continued series takes the subject of the quantity before it.
"""

from __future__ import annotations

import re

MAX_SUBJECT = 20
# 、 is left out: "企业上云、应用云887家" names one thing in two words; a list of
# quantities (重点项目4个、省大中型项目22个) is split at the quantities anyway
CLAUSE_DELIMS = "，,；;：:。！？!?\n"

_LEAD = re.compile(
    r"^(?:已有|已拥有|拥有|现有|所占|其中|另外|此外|同时|以及|并且|并|和|及|而且|而|且|共计|共有|共|合计|总计|全年|为|对|向|于|通过|使|让|"
    r"再到|到(?!位|账|岗)|至(?!今)|把|将|给|帮助|其|均|都|已|再|还|又|也|则|的|达到|达|位列|位居|名列|跃居|排在|"
    r"我们的|我们|他们的|(?:近|过去|最近)?[一二两三四五六七八九十\d]{1,2}年(?:来|间|内)?(?=[净新累共]|$)|，|、|\s)+"
)
# a promise is not part of the name: 园区将力争工业总产值突破800亿元
_PLEDGE = re.compile(
    r"(?:将|要)?(?:力争|努力|确保|预计)(?:可)?|(?:达产|建成|投产)后(?:预计)?(?:可(?:实现)?)?"
)
# words that end a stretch of text before a number without naming what it measures;
# "(?<![X])w" is w not after X. Matched on the reversed text, from its start: one
# anchored match instead of a search at every position.
_TRAIL_WORDS = (
    "的|为|达到|达|是|有|共有|共计|共|计|合计|总计|(?<![签节制合契公预履违])约|接近|将近|近|超过|超|突破|破|逾|多达|不足|不到|实现|完成|"
    "从|由|增至|升至|降至|减至|提升至|提升到|提高至|提高到|增加到|增加至|增长到|增长至|上升至|上升到|前移至|进位至|"
    "跃升至|跃居|再到|到|至|位列|位居|名列|排在|排|居|(?<![班系序行队])列|分别|同比|环比|同期|比上年|较上年|比去年|较去年|上年|去年|"
    "在|前|进入|跻身|挺进|年初|增长|下降|上涨|下跌|上扬|增加|减少|回落|下滑|回升|提高|提升|上升|降低|扩大|收窄|缩小|首次|连续|累计增长|"
    "前移|进位|后移|后退|前进|占|全国|全省|全市|全县|全区|省内|市内|县内|全国第|全省第|全市第|净增加|净减少|净增|净减|"
    "了|保持|控制|(?<![集其高初])中有|(?<![集其高初])中|多增|少增|(?<=[\u4e00-\u9fff]{2})可|首破|首超|首达|(?<![人亩户年日月平])均|不低于|不少于|不高于|不超过|力争|确保|预计|有望|(?<![占对])比|较|，|、"
)


_LOOKBEHIND = re.compile(r"\(\?<[!=]\[[^\]]+\](?:\{\d+\})?\)")


def _reversed_alternative(word: str) -> str:
    m = re.fullmatch(r"\(\?<(?P<op>[!=])(?P<look>\[[^\]]+\](?:\{\d+\})?)\)(?P<w>.+)", word)
    if m:  # (?<![X])w reversed is w(?![X])
        return re.escape(m.group("w")[::-1]) + f"(?{m.group('op')}{m.group('look')})"
    return re.escape(word[::-1])


_TRAIL_REV = re.compile(
    r"(?:\s|"
    + "|".join(
        _reversed_alternative(w)
        for w in sorted(_TRAIL_WORDS.split("|"), key=lambda w: -len(_LOOKBEHIND.sub("", w)))
    )
    + ")+"
)


class _Trail:
    """``_TRAIL.sub("", text)``: the trailing words cut off."""

    @staticmethod
    def sub(_repl: str, text: str) -> str:
        m = _TRAIL_REV.match(text[::-1])
        return text[: len(text) - m.end()] if m else text


_TRAIL = _Trail()
_BRACKETS = re.compile(r"（[^（）]{0,20}）|\([^()]{0,20}\)")
# a comparison base is not part of the name: 比上年同期, 较年初, 比2020年末
_COMPARED = re.compile(
    r"(?:比|较|与|同)(?:上年|去年|前年|年初|上月|上期|上季度|同期|上年同期|去年同期|上年末|去年末|年末|"
    r"上年底|去年底|全国|全省|全市)(?:同期|末|底)?(?:相比)?|原来的|原先的|过去的|之前的"
)
# how a rate was computed, not what it measures: 同口径增长7.2%, 按可比价格计算增长
_BASIS = re.compile(r"(?:按|以)?(?:同口径|可比口径|可比价格?|现价|不变价)(?:计算)?")
# a comparison stated with its gap: 比全市平均水平高1.6个百分点 — the measure is the
# one compared, named before
_GAP = re.compile(r"(?:比(?![重例较])|较(?!大|快|高|低|好))[^，]{1,14}?(?:高出|低出|高|低|快|慢|多|少)$")
_ABOVE = re.compile(r"(?:高于|低于|快于|慢于|超出|领先|落后于?)[^，]{1,14}$")
# a cause between a subject and its change: 非金属矿物制品业受建材需求不足影响，下降6.8%
_CAUSE = re.compile(r"(?:主要)?(?:受|因|由于|得益于)[^，。；]{1,24}?(?:影响|带动|拉动|冲击|因素)?$")
# list marks at the start of a footnote or an item: 1. （一） ①
_LIST_MARK = re.compile(
    r"^(?:\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)]|[①-⑳]|[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十][、和产]))"
)
_LIST_MARK_FIRST = frozenset("0123456789（(①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳一二三四五六七八九十")
_QUOTE_CHARS = re.compile(r"[“”「」『』‘’\"《》]")
_LE = re.compile(r"^[\u4e00-\u9fff]{1,2}了")
_DIGIT = re.compile(r"\d")
_FROM_MID = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z])(?:从(?!业|事|属|严|而)|由(?!于|此))")
_WORD_START = re.compile(r"[\u4e00-\u9fffA-Za-z“]")
_CUT_VERBS = re.compile(
    r"(?:发放|审批|兑现|盘活|争取|引进|签约|实现|完成|新增|建成|应用|招引|落户|培育|认定|获批|获评|拥有|达到|带动|吸纳|"
    r"接待|推动|促进|开展|组织|举办|帮助|解决|投资|建设|引导)"
)
GENERIC = {
    "增速",
    "增幅",
    "降幅",
    "比重",
    "占比",
    "总量",
    "规模",
    "排名",
    "排位",
    "金额",
    "数量",
    "总额",
    "总数",
    "余额",
    "同比",
    "环比",
    "分别",
    "年均",
    "平均",
    "人均",
    "数",
    "量",
    "额",
    "率",
    "位次",
    "名次",
    "总计",
    "合计",
}
_VERB_ONLY = re.compile(
    r"^(?:累计|新增|共|全年|另|再)?(?:净增|净减|建成|完成|实现|新增|引进|签约|落户|培育|认定|达到|达|建设|新建|"
    r"开工|竣工|投产|获批|获评|招引|争取|兑现|发放|审批|累计)?$"
)
# a noun following a measure word ends at a verb or function word
_VERB_NOUN = re.compile(r"(?:签约|开工|投产|建成|落户|竣工|新建)(?:项目|企业)")
_NOUN_STOP = re.compile(
    r"(?:发放|颁发|授牌|授予|审批|完成|实现|获得|争取|累计|申报|入驻|落户|参与|参加|享受|获|达|均|共|都|已|正|在|于|的|被|将|同比|"
    r"比|较|增|减|实施|开展|进行|签订|签约|建成|投产|开工|纳入|列入|通过|成功|新|，|。|、|；|：|\d)"
)


_LAST_DELIM = re.compile("[" + re.escape(CLAUSE_DELIMS) + "][^" + re.escape(CLAUSE_DELIMS) + "]*$")


def clause_start(sentence: str, i: int) -> int:
    m = _LAST_DELIM.search(sentence, 0, i)
    j = m.start() if m else -1
    if " " in sentence:
        k = sentence.rfind(" ", j + 1, i)
        if k > 0 and _CJK_CHAR.match(sentence, k - 1) and _CJK_CHAR.match(sentence, k + 1):
            j = k  # 经开区指标稳中有进 工业总产值首破五百亿元: a space parts a title's clauses
    return j + 1


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


_DELIM_RE = re.compile("[" + re.escape(CLAUSE_DELIMS) + "]")


def clause_end(sentence: str, i: int) -> int:
    m = _DELIM_RE.search(sentence, i)
    return m.start() if m else len(sentence)


def clean(text: str) -> str:
    """Trim brackets, quote marks, leading connectives and trailing verbs."""
    if text[:1] in _LIST_MARK_FIRST:
        text = _LIST_MARK.sub("", text)
    if "（" in text or "(" in text:
        text = _BRACKETS.sub("", text)
    if "比" in text or "较" in text:
        m = _GAP.search(text.strip("，、 "))
        if m:
            text = text.strip("，、 ")[: m.start()]  # 增速较全省平均水平低 -> 增速
    if "于" in text or "出" in text or "先" in text:
        m = _ABOVE.search(text)
        if m and m.start() >= 2:
            text = text[: m.start()]  # 增速高于全省平均水平 -> 增速
    text = _COMPARED.sub("", text)
    if "分别" in text:
        text = text.replace("分别", "")  # 新能源、新材料产业产值分别占…: the list's, not a name
    if "力争" in text or "努力" in text or "确保" in text or "预计" in text or "后" in text:
        text = _PLEDGE.sub("", text)
    if "口径" in text or "价" in text:
        text = _BASIS.sub("", text)
    text = _QUOTE_CHARS.sub("", text).strip()
    prev = None
    while prev != text:
        prev = text
        if text.startswith("在") and (text.endswith("上") or text.endswith("中") or text.endswith("内")):
            text = text[1:-1]
        text = _LEAD.sub("", text)
        text = _TRAIL.sub("", text)
        text = _LE.sub("", text)  # 实现了营收 -> 营收
        if text in ("比", "较", "与", "同"):
            text = ""
    m = _CAUSE.search(text) if ("受" in text or "因" in text or "由于" in text or "得益" in text) else None
    if m and m.start() >= 2:
        text = _TRAIL.sub("", text[: m.start()])
    # "投资20亿元以上的项目" -> 项目: a number before 的 describes the noun after it
    k = text.rfind("的")
    if k != -1 and _DIGIT.search(text, 0, k) and len(text) - k > 2:
        text = text[k + 1 :]
    # "县域创新能力从全省中下游" -> the part before 从/由 is what is measured
    m = _FROM_MID.search(text)
    if m and m.start() >= 2:
        text = _TRAIL.sub("", text[: m.start()])
    return text


def shorten(text: str) -> str:
    """Keep a subject a name: past 20 characters, keep what follows the last
    verb; failing that, the part before 占 (+占比); failing that, the tail."""
    if len(text) <= MAX_SUBJECT:
        return text
    cuts = [m.end() for m in _CUT_VERBS.finditer(text) if len(text) - m.end() >= 2]
    for c in reversed(cuts):
        if len(text) - c <= MAX_SUBJECT:
            return text[c:]
    if "占" in text and 2 <= text.index("占") <= MAX_SUBJECT - 2:
        return text[: text.index("占")] + "占比"
    return text[-MAX_SUBJECT:]


_SET_END = re.compile(r"(?<![集其高初])中有?$")


def noun_after(sentence: str, end: int, have_before: bool = False) -> str:
    """The noun after a measure word: 244家|企业发放… -> 企业. When the clause
    already named something before the number (``have_before``) and the words
    after run into the next value (引进项目15个总投资80亿元), they are that value's."""
    rest = sentence[end : end + 24]
    if rest[:1] in ("为", "是") and _WORD_START.match(rest, 1):
        rest = rest[1:]  # 48个项目中有31个为制造业项目: what they are
    modified = _VERB_NOUN.match(rest)
    if modified:
        return modified.group(0)  # 5个签约项目协议引资77亿元: projects signed, a noun
    if not rest or not _WORD_START.match(rest) or rest.startswith(("以上", "左右")) or _NOUN_STOP.match(rest):
        return ""
    m = _NOUN_STOP.search(rest, 1)
    head = rest[: m.start()] if m else ""
    if m and _SET_END.search(head) and len(head) > 2 + head.endswith("中有"):
        # 新落户的21个项目中有14个…, 38个行业大类中有27个: the set the next value counts in
        return _QUOTE_CHARS.sub("", head[: -2 if head.endswith("中有") else -1])
    if have_before and m and _NEXT_VALUE.match(rest, m.start()):
        return ""
    noun = _QUOTE_CHARS.sub("", rest[: m.start()] if m else rest[:12])
    if noun.endswith("中") and len(noun) > 2 and (not m or m.group(0) in "，；："):
        noun = noun[:-1]  # 147家规上工业企业中，…: the set the next values count in
    return noun if len(noun) >= 1 and not _VERB_ONLY.fullmatch(noun) else ""


# a number that is a value, not a time (211家规上企业1至4月完成… is followed by a time)
_NEXT_VALUE = re.compile(r"\d+(?:\.\d+)?(?![\d.]*\s*(?:年|月|至|-|—|–|~|季))")


def after_verb(text: str) -> str:
    """'企业审批财园信贷通贷款' -> '财园信贷通贷款': what follows the first verb."""
    m = _CUT_VERBS.search(text)
    return text[m.end() :] if m and len(text) - m.end() >= 2 else text


_AVERAGE = re.compile(r"(?:[一二两三四五六七八九十\d]{1,2}年)?(?:平均|年均)(?:增速|增幅)?")


def is_generic(text: str) -> bool:
    return text in GENERIC or len(text) <= 1 or bool(_AVERAGE.fullmatch(text))


def is_verb_only(text: str) -> bool:
    return bool(text) and bool(_VERB_ONLY.fullmatch(text))


def combine(own: str, inherited: str) -> str:
    """Own words that are not a name joined to the name inherited: 累计建成 +
    5G基站, 增速 after 工业增加值."""
    base = re.sub(r"^(?:新增|累计|共)", "", inherited) or inherited
    if not own:
        return inherited
    if is_verb_only(own):
        return shorten(own + base)
    if is_generic(own):
        if own in ("比重", "占比") and inherited.endswith(("比重", "占比")):
            return inherited  # 所占比重比上年提高: the share named before
        return shorten(inherited + own)
    if re.match(r"(?:高于|低于|快于|慢于|超出|超过|领先|落后)", own):
        return inherited  # 增长8.5%，高于全省1.2个百分点: the gap is in the measure's growth
    if own.startswith("占") and not own.startswith("占比"):
        # the share of what was measured: 三大主导产业合计完成产值…，占全区产值的76.6%
        for name in (inherited, compact(inherited)):
            if len(name + own) <= MAX_SUBJECT:
                return name + own
        return (
            compact(inherited) + "占比"
            if len(compact(inherited)) <= MAX_SUBJECT - 2
            else shorten(inherited + own)
        )
    return own


# verbs inside a subject between who and what: 三大主导产业合计完成产值 -> 三大主导产业产值
_INNER_VERBS = re.compile(
    r"(?<=[\u4e00-\u9fff]{2})(?:合计|累计|共|共计)?(?:完成|实现|达到|创造|录得)(?=[\u4e00-\u9fff]{2})|(?<=[\u4e00-\u9fff]{2})(?:合计|累计|共计)(?=[\u4e00-\u9fff]{2})"
)


def compact(name: str) -> str:
    return _INNER_VERBS.sub("", name)


_ORDINAL_ITEM = re.compile(r"第?(?P<n>[一二三四五六七八九])")
_ORDINAL_FIRST = re.compile(r"(?P<pre>[^第]{0,8}?)(?P<mark>第?)(?P<n>[一二三四五六七八九])")


def split_list(subject: str, n: int) -> list[str] | None:
    """The n names of a list subject, each with the head noun the list shares:
    粮油食品类、服装类、家用电器和音像器材类零售额 (3) -> 粮油食品类零售额, 服装类零售额,
    家用电器和音像器材类零售额; 城镇和农村居民人均可支配收入 (2) -> 城镇居民人均可支配收入,
    农村居民人均可支配收入. None when the subject does not list n things."""
    parts = [p for p in subject.split("、") if p]
    if len(parts) < n and parts:
        tail = re.split(r"[和及与]", parts[-1])
        if len(parts) - 1 + len(tail) == n and all(tail):
            parts = parts[:-1] + tail
    if len(parts) != n:
        parts = [p for p in re.split(r"[、和及与]", subject) if p]
    if len(parts) != n or n < 2:
        return None
    *head, last = parts
    lead = _ORDINAL_FIRST.fullmatch(head[0])
    if lead and all(_ORDINAL_ITEM.fullmatch(p) for p in head[1:]) and _ORDINAL_ITEM.match(last):
        # 全县第一、二、三产业增加值 -> 全县第一产业增加值, 全县第二产业增加值, …
        first = _ORDINAL_ITEM.match(last)
        assert first is not None  # matched in the condition above
        shared = last[first.end() :]
        pre = lead.group("pre") + ("第" if lead.group("mark") else "")
        items = [_ORDINAL_ITEM.fullmatch(p) for p in head[1:]]
        numbers = [lead.group("n")] + [m.group("n") for m in items if m]  # all match (condition above)
        return [shorten(pre + n + shared) for n in numbers + [first.group("n")]]
    ends = {p[-1] for p in head}
    shared = ""
    if len(ends) == 1 and (e := ends.pop()) in last[:-1]:
        shared = last[last.rindex(e) + 1 :]  # 家用电器和音像器材类|零售额
    elif len({len(p) for p in head}) == 1 and len(last) >= len(head[0]) + 2 and len(head[0]) <= 3:
        shared = last[len(head[0]) :]  # 城镇和农村|居民人均可支配收入
    return [shorten(p + shared) for p in head] + [last]
