"""Line breaking stays linear in the paragraph's length: the work is counted
(each look at a glyph: its width or its character), never timed."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cjkU

from briefgen.fonts import load_fonts
from briefgen.textflow import CJKParagraph, break_lines


class CountedGlyph(cjkU):
    """A glyph that counts how often it is looked at (its width, its character)."""

    reads = 0

    @property
    def width(self) -> float:
        CountedGlyph.reads += 1
        return self._width

    def __str__(self) -> str:
        CountedGlyph.reads += 1
        return str.__str__(self)


def _width_reads(text: str, measure: float) -> tuple[int, list[str]]:
    faces = load_fonts()
    faces.register()
    style = ParagraphStyle("t", fontName=faces.body.name, fontSize=11, leading=19, wordWrap="CJK")
    frag = CJKParagraph("园", style).frags[0]  # a real fragment: the lines are made as in a brief
    glyphs = [CountedGlyph(ch, frag, "utf8") for ch in text]
    CountedGlyph.reads = 0
    lines = break_lines(glyphs, [measure], False).lines
    return CountedGlyph.reads, ["".join(w.text for w in line.words) for line in lines]


@pytest.mark.parametrize(
    "text",
    [
        "园区营业收入410亿元" + "，继续推进项目建设" * 3_300 + "。",  # one 30,000-character sentence
        "详见https://example.com/" + "x" * 30_000 + "。",  # no break opportunity at all
    ],
    ids=["long_sentence", "unbreakable_word"],
)
def test_a_30000_character_paragraph_costs_a_few_looks_per_character(text: str) -> None:
    reads, lines = _width_reads(text, 462.0)
    assert "".join(lines) == text
    assert len(lines) > 100
    assert reads <= 10 * len(text), f"{reads / len(text):.1f} looks per glyph"


def test_the_work_per_character_does_not_grow_with_the_paragraph() -> None:
    unit = "，继续推进项目建设"
    short, _ = _width_reads(unit * 300, 262.0)
    long, _ = _width_reads(unit * 3_000, 262.0)
    assert long <= 10.5 * short
