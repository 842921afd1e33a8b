"""Reading the number itself: Arabic (12,345.6), Chinese (两千, 二十三点五),
mixed (1.2万 — the 万 is kept with the unit), 百分之十五."""

from __future__ import annotations

import re
from functools import lru_cache

CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿点"
_CN_DIGIT = re.compile("[零〇一二两三四五六七八九]")
_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_ARABIC_SCALED = re.compile(r"(\d+(?:\.\d+)?)([万亿千百]+)")


def parse_arabic(text: str) -> float:
    """'1,200.5' -> 1200.5."""
    return float(text.replace(",", ""))


@lru_cache(maxsize=4096)
def parse_chinese(text: str) -> float | None:
    """'两千' -> 2000, '二十三点五' -> 23.5, '十五' -> 15; None when not a number.

    cn2an does the reading (it knows 两, 〇, 点 and the scale words)."""
    import cn2an

    try:
        value = cn2an.cn2an(text, "smart")
    except Exception:  # cn2an raises assorted errors on odd numeral strings
        return None
    return float(value)


def is_chinese_numeral(text: str) -> bool:
    """A run of numeral characters that names a number (at least one digit
    word: 十佳, 百强, 万家 alone are words, not numbers)."""
    return (
        bool(text)
        and all(c in CN_NUMERAL_CHARS for c in text)
        and bool(_CN_DIGIT.search(text))
        and not text.startswith("点")
        and not text.endswith("点")
    )


def parse_number(text: str) -> float | None:
    """Any of the forms above; None when ``text`` is not a number."""
    text = text.strip()
    if text.startswith("百分之"):
        return parse_number(text[3:])
    if _ARABIC.fullmatch(text):
        return parse_arabic(text)
    m = _ARABIC_SCALED.fullmatch(text)
    if m:
        scale = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}
        v = float(m.group(1))
        for ch in m.group(2):
            v *= scale[ch]
        return v
    if is_chinese_numeral(text):
        return parse_chinese(text)
    return None
