"""The page grid every part of the PDF measures against: A4, a 42-character
measure of 11 pt body text, and the text frame those leave."""

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

PAGE_W, PAGE_H = A4
BODY_SIZE = 11.0
LEADING = 19.0  # 1.73 × body size
MEASURE_CHARS = 42  # a full line holds exactly 42 body characters: justified text needs no stretching
FRAME_W = MEASURE_CHARS * BODY_SIZE  # 462 pt
MARGIN_X = (PAGE_W - FRAME_W) / 2  # ≈ 23.5 mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
