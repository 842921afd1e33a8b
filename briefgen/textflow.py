"""Chinese line breaking (禁则) and justification for ReportLab paragraphs.

ReportLab's CJK wrap (``wordWrap='CJK'``) uses a Japanese-oriented table: it
lets ，：；！？”》 start a line, lets “《（ end one, splits numbers and Latin
words anywhere, and cannot justify (it stretches spaces only, and Chinese has
none). :class:`CJKParagraph` breaks lines itself:

- a break may fall between any two characters except before a mark that may
  not start a line, after one that may not end a line, inside a run of
  Latin letters/digits (410, 83.0%, GDP), or inside —— and ……;
- a quantity is one unit that never splits: a number with its range, its
  qualifier and its unit (410亿元, 1—4月, 80余个, 5.21个百分点, 第16位) and a
  date (2022年6月14日), the units taken from the extractor's vocabulary;
- when a line overflows, the break moves back to the last allowed place (the
  line is pushed, never hung into the margin);
- full lines are justified by spreading the slack over the character gaps
  where a line could break (PDF character spacing, ``Tc``), the way Chinese
  typesetting does it: never inside a number, a quantity or a Latin word, nor
  between a character and the mark that follows it. A line whose gaps would
  open wider than :data:`MAX_GAP` em is set ragged instead.
"""

from __future__ import annotations

import re
from functools import cache

from reportlab.platypus.paragraph import Paragraph, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

# GB/T 15834 usage, as Typst lists them, plus their ASCII and half-width twins
CANNOT_START = frozenset(
    "。？！．，、；：”’）］〕】》〉」』〗｝〗—～·%％‰…"
    "!),.:;?]}"
    "\u3001\u3002\uff09\uff0c\uff1a\uff1b\uff01\uff1f"
)
CANNOT_END = frozenset("“‘（［〔【《〈「『〖｛([{")
_UNSPLIT_PAIRS = frozenset("—…")  # ——, …… stay together
MAX_GAP = 0.15  # em: a justified line opens no gap wider than this; wider -> ragged
_EMPTY = "\x00"  # stands for an empty glyph item (an empty fragment) in the character list


def _is_latin(ch: str) -> bool:
    """Letters/digits and the marks inside numbers (83.0%, 1,200, 2020-2023)."""
    return bool(ch) and ord(ch) < 0x2E80 and not ch.isspace() and ch not in "()[]{}"


def can_break(before: str, after: str) -> bool:
    """May a line end after ``before`` and the next start with ``after``? (Pairs
    only: :func:`break_opportunities` adds the quantities, which need context.)"""
    if not before or not after or _EMPTY in (before, after):
        return True
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if before.isspace():
        return True
    if after.isspace():
        return False  # break after the space, not before it
    if before == "—" and after != "—":
        return True  # 安义—|南昌: a dash may end a line (not inside a number range: see quantities)
    if _is_latin(before) and _is_latin(after):
        return False
    if before.isdigit() and ord(after) >= 0x2E80:
        return False  # a number keeps the first character of its unit: 4|月, 410|亿元
    return not (before == after and before in _UNSPLIT_PAIRS)


@cache
def _quantity_re() -> re.Pattern[str]:
    """A number with its range, qualifier and unit, or a date: one unbreakable unit."""
    from briefgen.extract.units import BASE_UNITS, COUNT_UNITS, SCALE_PREFIXES

    units = {*BASE_UNITS, *COUNT_UNITS, "季度", "个月", "小时", "周年", "年", "月", "日", "天", "岁"}
    scaled = {p + u for p in SCALE_PREFIXES for u in units} | set(SCALE_PREFIXES)
    unit = "|".join(sorted((re.escape(u) for u in units | scaled), key=len, reverse=True))
    number = r"\d+(?:[.,]\d+)*"
    span = rf"{number}(?:(?:——|[—–~～\-]){number})?"  # 1—4, 2019-2023, 3~5
    date = rf"{span}年(?:{span}月(?:{span}日)?)?|{span}月(?:{span}日)?"
    return re.compile(rf"(?:{date})|第?{span}(?:余|多)?(?:{unit})?")


def break_opportunities(chars: list[str] | str) -> list[bool]:
    """``ok[k]``: may a line break between ``chars[k-1]`` and ``chars[k]``? (ok[0] is True.)"""
    n = len(chars)
    ok = [True] + [can_break(chars[k - 1], chars[k]) for k in range(1, n)]
    text = chars if isinstance(chars, str) else "".join(c if len(c) == 1 else _EMPTY for c in chars)
    if any(c.isdigit() for c in text):
        for m in _quantity_re().finditer(text):
            for k in range(m.start() + 1, m.end()):
                ok[k] = False
    return ok


def stretch_flags(text: str) -> list[bool]:
    """Which characters of a run get the justification space after them: those
    after which a line could break; the run's last one when it is not Latin
    (the next run is not known here; break_lines counts the same way)."""
    ok = break_opportunities(text)
    return [ok[i + 1] for i in range(len(text) - 1)] + ([_stretches(text[-1])] if text else [])


def break_lines(U: list, max_widths: list[float], calc_bounds: bool):
    """Split the glyph list ``U`` (cjkU items) into CJK FragLines."""
    from bisect import bisect_left

    from reportlab.platypus.paragraph import FragLine, ParaLines

    lines: list[FragLine] = []
    start = 0
    n = len(U)
    chars = [str(u) for u in U]  # each glyph's character is read once
    ok = break_opportunities(chars)
    # where each forced break (<br/>) is: the lone-character check looks only up to the next one
    hard_breaks = [k for k, u in enumerate(U) if hasattr(u.frag, "lineBreak")]
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        width = 0.0
        i = start
        end = None  # exclusive end of this line
        forced = False
        while i < n:
            u = U[i]
            if hasattr(u.frag, "lineBreak"):  # <br/>: line ends here, the break item included
                end, forced = i + 1, True
                width += u.width
                break
            if width + u.width > max_width + _FUZZ and i > start:
                end = _last_break(chars, ok, start, i)
                break
            width += u.width
            i += 1
        if end is None:
            end = n
            last = True
        else:
            last = False
            if not forced:
                k = bisect_left(hard_breaks, end)
                stop = hard_breaks[k] if k < len(hard_breaks) else n
                end = _no_lone_character(
                    U, chars, ok, start, end, stop, max_widths[min(len(lines) + 1, len(max_widths) - 1)]
                )
        line_items = U[start:end]
        used = sum(item.width for item in line_items)
        # trailing spaces take no room at the right margin
        shown = len(line_items)
        while shown and chars[start + shown - 1].isspace():
            shown -= 1
            used -= line_items[shown].width
        line = makeCJKParaLine(line_items, max_width, used, max_width - used, forced, calc_bounds)
        line.wordCount = 1  # ragged: the last line, a forced break, or too few gaps
        if not (last or forced):
            gaps = _gaps(line.words, shown)
            if gaps and (max_width - used) / gaps <= MAX_GAP * line.fontSize:
                # ReportLab spreads the slack over (wordCount - 1) gaps; our text object
                # puts it after the characters stretch_flags marks
                line.wordCount = gaps + 1
        lines.append(line)
        start = end
        # a line never starts with a space
        while start < n and chars[start].isspace() and not hasattr(U[start].frag, "lineBreak"):
            start += 1
    return ParaLines(kind=1, lines=lines)


def _gaps(words: list, shown: int) -> int:
    """The gaps that take justification space among the line's first ``shown``
    characters, counted run by run as _JustifyingText draws them; spacing after
    the last shown character would fall outside the measure."""
    flags: list[bool] = []
    for w in words:
        text = getattr(w, "text", "")
        if text:
            flags.extend(stretch_flags(text))
    return sum(flags[: max(shown - 1, 0)])


def _no_lone_character(
    U: list, chars: list[str], ok: list[bool], start: int, end: int, stop: int, next_width: float
) -> int:
    """Move the break back one place when the paragraph's last line would hold a
    single character (孤字: "…5.21个百分 / 点"); the earlier line is justified.
    ``stop`` is the next forced break (or the end). The rest of the paragraph is
    looked at only until it is clearly more than one line's worth: the check
    stays linear however long the paragraph is."""
    words = 0
    width = 0.0
    for k in range(end, stop):
        width += U[k].width
        ch = chars[k]
        if ch.strip() and ch not in CANNOT_START:
            words += 1
        if words > 1 or width > next_width:
            return end
    if words != 1:
        return end
    for k in range(end - 1, start + 1, -1):
        if ok[k] and not chars[k - 1].isspace():
            return k
    return end


def _last_break(chars: list[str], ok: list[bool], start: int, overflow: int) -> int:
    """The break (exclusive end) nearest before ``overflow`` that the rules allow."""
    for k in range(overflow, start, -1):
        if ok[k]:
            j = k - 1  # a space before the break does not end the line: what precedes it does
            while j > start and chars[j].isspace():
                j -= 1
            if j < k - 1 and chars[j] in CANNOT_END:
                continue
            return k
    # a quantity longer than the line (a narrow table column) yields before 禁则 does
    for k in range(overflow, start + 1, -1):
        if can_break(chars[k - 1], chars[k]):
            return k
    return overflow  # one unbreakable run longer than the line: cut it


def _stretches(ch: str) -> bool:
    """Justification space goes after Chinese characters and marks, not inside 410 or GDP."""
    return not _is_latin(ch)


class _JustifyingText:
    """A text object whose word spacing becomes character spacing (Tc) after
    each Chinese character: CJK justification. Latin runs keep Tc = 0."""

    def __init__(self, tx):
        object.__setattr__(self, "_tx", tx)
        object.__setattr__(self, "_ws", 0.0)
        object.__setattr__(self, "_tc", 0.0)

    def __getattr__(self, name):
        return getattr(self._tx, name)

    def __setattr__(self, name, value):
        setattr(self._tx, name, value)

    def __delattr__(self, name):
        delattr(self._tx, name)

    def setWordSpace(self, wordSpace):  # noqa: N802,N803 (ReportLab's names)
        self._tx._wordSpace = 0  # positions computed by ReportLab stay unstretched
        object.__setattr__(self, "_ws", wordSpace)
        if not wordSpace:
            self._char_space(0.0)

    def _char_space(self, value: float) -> None:
        if value != self._tc:
            self._tx.setCharSpace(value)
            object.__setattr__(self, "_tc", value)

    def _textOut(self, text, TStar=0):  # noqa: N802,N803
        if not self._ws or not text:
            return self._tx._textOut(text, TStar)
        runs: list[list] = []  # [stretches, text]
        for ch, s in zip(text, stretch_flags(text), strict=True):
            if runs and runs[-1][0] == s:
                runs[-1][1] += ch
            else:
                runs.append([s, ch])
        for i, (s, chunk) in enumerate(runs):
            self._char_space(self._ws if s else 0.0)
            self._tx._textOut(chunk, TStar if i == len(runs) - 1 else 0)


class CJKParagraph(Paragraph):
    """A Paragraph with Chinese line-breaking rules and character-gap justification.
    Use with ``wordWrap='CJK'`` styles."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802,N803 (ReportLab's names)
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        # a table measures every cell again at each page it splits across: the same
        # widths give the same lines, so a long table is not re-broken page after page
        key = (tuple(maxWidths), len(self.frags))
        cached = self.__dict__.get("_cjk_lines")
        if cached is not None and cached[0] == key:
            return cached[1]
        self.height = 0
        style = self.style
        U = []
        for f in self.frags:
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            if text:
                U.extend(cjkU(t, f, "utf8") for t in text)
            else:
                U.append(cjkU("", f, "utf8"))
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        lines = break_lines(U, list(maxWidths), auto not in ("", "off"))
        self._cjk_lines = (key, lines)
        return lines

    def beginText(self, x, y):  # noqa: N802
        return _JustifyingText(self.canv.beginText(x, y))
