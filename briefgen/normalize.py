"""Normalize a source document: the text the extractor reads.

Each step is its own function over a ``Mapped`` text (the text plus, for every
character, its index in the original), so every offset the extractor reports
maps back to the file as read:

    fold_width -> to_simplified -> drop_pinyin -> drop_furniture -> tidy_lines
    -> rejoin_paragraphs -> split_sentences

After normalization paragraphs are single lines separated by one "\\n".
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from briefgen.extract.ranklists import ranked_entry
from briefgen.models import Document, Sentence


class Offsets(array):
    """Indexes into the original text, 4 bytes each: a tuple of ints costs ~40
    bytes a character (a 17 MB article took 725 MB). Indexes, slices, len() and
    == with a tuple work as with the tuple it replaces."""

    def __new__(cls, values=()):
        return super().__new__(cls, "I", values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return array.__eq__(self, other)

    # typeshed declares array.__hash__ = None (arrays are unhashable); this subclass adds one on purpose
    def __hash__(self) -> int:  # type: ignore[override]  # Mapped and Document are frozen dataclasses
        return hash(tuple(self))


@dataclass(frozen=True)
class Mapped:
    """Text with, for each character, its index in the original text."""

    text: str
    offsets: Offsets

    @classmethod
    def identity(cls, text: str) -> Mapped:
        return cls(text, Offsets(range(len(text))))

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> Mapped:
        """re.sub that keeps offsets: replacement characters map to the match's
        characters in order (the last one repeated when the replacement is longer)."""
        if pattern.search(self.text) is None:
            return self  # nothing to replace: no copy of the offsets
        out: list[str] = []
        offs = Offsets()
        pos = 0
        for m in pattern.finditer(self.text):
            out.append(self.text[pos : m.start()])
            offs.extend(self.offsets[pos : m.start()])
            new = repl(m) if callable(repl) else m.expand(repl)
            span = self.offsets[m.start() : m.end()] or (
                self.offsets[m.start()]
                if m.start() < len(self.offsets)
                else (self.offsets[-1] + 1 if self.offsets else 0),
            )
            out.append(new)
            offs.extend(span[min(i, len(span) - 1)] for i in range(len(new)))
            pos = m.end()
        out.append(self.text[pos:])
        offs.extend(self.offsets[pos:])
        return Mapped("".join(out), offs)

    def translate(self, table: dict[int, str]) -> Mapped:
        """Character-for-character replacement (lengths unchanged)."""
        return Mapped(self.text.translate(table), self.offsets)


# --- full width -> ASCII for digits, letters and symbols; Chinese sentence
# punctuation kept (and ASCII punctuation inside Chinese text made Chinese), so
# the sentence splitter and the number reader each see one form.
_KEEP_CJK_PUNCT = set("，；：？！（）")
_WIDTH_TABLE: dict[int, str] = {
    cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_CJK_PUNCT
}
_WIDTH_TABLE.update(
    {
        0x3000: " ",
        0x00A0: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x200B: " ",
        0xFE14: "；",
        0xFE50: "，",
        0xFE51: "、",
        0xFE52: ".",
        0xFE54: "；",
        0xFE55: "：",
        0xFE56: "？",
        0xFE57: "！",
        0xFE59: "（",
        0xFE5A: "）",
        0x2215: "/",
        0xFF61: "。",
        0x3007: "〇",
        0x2236: "：",
        0x00B7: "·",
        0x2022: "·",
        0x30FB: "·",
    }
)
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_ASCII_PUNCT_IN_CJK = re.compile(rf"(?<=[{_CJK}”“」》）)%])[,;:?!()]|[,;:?!()](?=[{_CJK}“”「《（])")
_TO_CJK_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def fold_width(m: Mapped) -> Mapped:
    """Ｆｕｌｌ-width digits, letters and symbols to ASCII (１２．５％ -> 12.5%);
    ASCII , ; : ? ! ( ) between Chinese characters to their Chinese forms."""
    m = m.translate(_WIDTH_TABLE)
    return m.sub(_ASCII_PUNCT_IN_CJK, lambda x: _TO_CJK_PUNCT[x.group(0)])


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(m: Mapped) -> Mapped:
    """繁→简 with OpenCC (phrase-aware). OpenCC's t2s keeps lengths; a line where
    it does not is converted character by character so offsets stay exact."""
    conv = _t2s().convert
    lines = m.text.split("\n")
    out = []
    for line in lines:
        s = conv(line)
        if len(s) != len(line):
            s = "".join(c if len(c := conv(ch)) == 1 else ch for ch in line)
        out.append(s)
    return Mapped("\n".join(out), m.offsets)


# --- page furniture: whole lines that are site chrome, not article text
_FURNITURE_LINE = re.compile(
    r"""^\s*(?:
        [^\n]{0,30}>>[^\n]{0,30}                                   # breadcrumbs 人民网>>江西
      | (?:当前位置|您的位置|您现在的位置|所在位置|现在位置)\s*[：:][^\n]*    # 当前位置：首页 > 新闻
      | [^\n|｜\d]{1,12}(?:[ \t]*[|｜][ \t]*[^\n|｜\d]{1,12}){2,}   # menus 首页 | 新闻中心 | 政务公开
      | (?:【?(?:字体|字号)[：:]?[大中小\s]*】?|【?打印本页】?|【?关闭窗口】?)
          (?:【?(?:字体|字号)[：:]?[大中小\s]*】?|【?(?:打印本页|关闭窗口|打印|关闭)】?|\s)*   # page tools
      | [\u4e00-\u9fff]{1,8}(?:网|频道|客户端)                       # site names 人民网
      | (?:小|中|大)字号 | 字号[：:]?\s*[大中小\s]*
      | 分享(?:让更多人看到|到|至)?[^\n]{0,20}
      | 返回(?:顶部|首页|列表)
      | 【?(?:打印(?:本页)?|关闭(?:窗口)?|纠错|收藏|举报|扫一扫[^\n]{0,20})】?
      | [（(]?\s*(?:责编|责任编辑|编辑|校对|审核|审校|监制|来源|作者|记者|通讯员)\s*[：:][^\n]*
      | (?:19|20)\d\d\s*[年-]\s*\d{1,2}\s*[月-]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?
          [^\n。]{0,40}?(?:来源|\||｜|作者|发布)[^\n。]*              # datelines
      | (?:发布时间|发布日期|更新时间|来源|浏览次数|阅读量?)\s*[：:][^\n]*
      | (?:上一篇|下一篇|上一条|下一条)\s*[:：]?[^\n]*                 # links to other articles
      | [^\n]{0,20}(?:版权所有|Copyright|ICP备|网站地图|联系我们|免责声明)[^\n]*
      | [（(]\s*完\s*[）)]
      | (?:航拍|图为|图片|上图|下图|组图|图\s*[:：])[^\n。]{0,60}      # photo captions
      | [^\n。，]{1,60}(?:[（(]\s*[\u4e00-\u9fff\s]{1,12}摄\s*[）)]|供图|摄影)
    )\s*$""",
    re.VERBOSE | re.MULTILINE,
)
_RELATED = re.compile(
    r"\s*【?(?:相关新闻|相关阅读|相关链接|推荐阅读|延伸阅读|热点推荐|更多精彩|猜你喜欢)】?\s*[:：]?\s*$"
)
_TABLE_ROW = re.compile(r"\t|\|[^\n]*\|")
_SENTENCE_END = "。！？!?；;…）)"


# 规（guī）模以上工业（yè）: pinyin a mirror site put after characters, not the article's
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")


def drop_pinyin(m: Mapped) -> Mapped:
    return m.sub(_PINYIN, "")


def drop_furniture(m: Mapped) -> Mapped:
    """Blank out lines of site chrome (site names, 小字号, 分享让更多人看到,
    返回顶部, 责编, datelines) and photo captions, including the run of short
    unpunctuated lines (captions) after the article's last sentence."""
    m = m.sub(_FURNITURE_LINE, "")
    lines = m.text.split("\n")
    # a "相关新闻" block in the second half lists other articles' headlines: drop it all
    related = next((i for i, ln in enumerate(lines) if i >= len(lines) // 2 and _RELATED.match(ln)), None)
    body_lines = lines[:related] if related is not None else lines
    last_body = max((i for i, ln in enumerate(body_lines) if re.search(r"[。！？]", ln)), default=-1)
    trailing = {
        i
        for i in range(last_body + 1, len(lines))
        if (related is not None and i >= related)
        or (
            lines[i].strip()
            and len(lines[i].strip()) <= 40
            and not re.search(r"[，。；：]", lines[i])
            and not _TABLE_ROW.search(lines[i])  # a table's rows are text, even at the end
            and ranked_entry(lines[i]) is None  # so is a ranked list, one park a line
        )
    }
    if not trailing:
        return m
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    keep_text, keep_offs = [], Offsets()
    for i, ln in enumerate(lines):
        a = starts[i]
        if i in trailing:
            keep_text.append("")
        else:
            keep_text.append(ln)
            keep_offs.extend(m.offsets[a : a + len(ln)])
        if i < len(lines) - 1:
            keep_offs.append(m.offsets[a + len(ln)])
    return Mapped("\n".join(keep_text), keep_offs)


_SPACES_AROUND_LINE = re.compile(r"[ \t\r\f\v]+(?=\n|$)|(?<=\n)[ \t\r\f\v]+|^[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def tidy_lines(m: Mapped) -> Mapped:
    """Strip indentation and trailing blanks and squeeze runs of blank lines to one."""
    m = m.sub(_SPACES_AROUND_LINE, "")
    m = m.sub(re.compile(r"\r"), "")
    return m.sub(_BLANK_LINES, "\n\n")


_BREAK = re.compile(r"\n\s*\n|\n")
# 二、固定资产投资 / （三）消费 / 3. 财政: a new numbered section, never a continuation
_NUMBERED_HEADING = re.compile(
    r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．]\D"
)


# ●营业收入13977.46亿元：…: an item of a summary list is a line of its own, unpunctuated
_BULLET = re.compile(r"[●•■◆▲★▪►◎○□◇△]")


def _is_body(par: str) -> bool:
    """Body text, not a heading or a title: long, or punctuated like prose."""
    return (len(par) >= 20 and ("，" in par or "。" in par)) or par.count("，") + par.count("。") >= 2


def _ends_sentence(par: str) -> bool:
    par = par.rstrip()
    if not par:
        return True
    if par[-1] in "”」』\"'":
        return len(par) > 1 and par[-2] in "。！？!?…"
    return par[-1] in _SENTENCE_END


def rejoin_paragraphs(m: Mapped) -> Mapped:
    """Join a paragraph broken mid-sentence ("跨越\\n\\n式增长", "放权赋\\n\\n能"):
    the piece before the break is body text that does not end a sentence and
    the piece after continues with a character, not a heading. Then make
    every paragraph one line."""
    text = m.text

    def join(match: re.Match[str]) -> str:
        before = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
        stop = text.find("\n", match.end())
        after = text[match.end() : stop if stop != -1 else len(text)]
        if (
            before
            and after
            and _is_body(before)
            and not _ends_sentence(before)
            and not _BULLET.match(before)
            and re.match(rf"[{_CJK}A-Za-z0-9”」）)%，。、；]", after)
            and not _NUMBERED_HEADING.match(after)
        ):
            return ""
        return "\n"

    return m.sub(_BREAK, join)


_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”」』’\"）)]*|\n|$)")


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences end at 。！？； (with any closing quote) or at a line end.
    Offsets index ``text``; surrounding whitespace is left out."""
    out: list[Sentence] = []
    for match in _SENTENCE.finditer(text):
        a, b = match.start(), match.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(Sentence(index=len(out), text=text[a:b], start=a, end=b))
    return tuple(out)


def normalize_text(original: str) -> Mapped:
    """All text steps, in order; the result's offsets index ``original``."""
    m = Mapped.identity(original.replace("\ufeff", " "))
    for step in (fold_width, to_simplified, drop_pinyin, drop_furniture, tidy_lines, rejoin_paragraphs):
        m = step(m)
    # strip the ends (blank lines left by dropped furniture)
    lead = len(m.text) - len(m.text.lstrip())
    trail = len(m.text.rstrip())
    return Mapped(m.text[lead:trail], Offsets(m.offsets[lead:trail]))


def normalize(doc: Document) -> Document:
    """The document with ``text``, ``sentences`` and ``offsets`` filled in."""
    m = normalize_text(doc.original)
    # the brief is in simplified Chinese throughout, the sources' titles and publishers too
    meta = replace(
        doc.meta, **{k: _t2s().convert(v) for k in ("title", "publisher") if (v := getattr(doc.meta, k))}
    )
    return replace(doc, meta=meta, text=m.text, offsets=m.offsets, sentences=split_sentences(m.text))
