"""Annex B's printed page as LibreOffice lays it out: header, footer and the body between."""

from __future__ import annotations

from annexgen.core.limits import SHEET_PAPER_MM
from annexgen.layout.cell_metrics import MM_PER_PT, PX_PER_PT, UNIT_FONT, UNIT_FONT_SIZE, cell_font

# LibreOffice reads an .xlsx header as `margin - header_footer_mm` high, of which it reserves
# the header's font size in pt for the text and keeps the rest as the distance to the body.
# Printing, it sizes the header again from its text laid out in whole pixels, the tallest of
# its left, centre and right parts, an empty part being one line of the workbook's default
# font; the header grows by what that line passes the font size, and the body shrinks by as
# much (measured over UNO, tests/render/test_annex_b_print.py). The footer alike.


def header_footer_size(size: float) -> int:
    """The font size of the page header and footer: Excel's `&nn` code takes whole points."""
    return max(1, round(size))


def text_line_pt(font: str, size: float, with_empty_part: bool) -> float:
    """The height LibreOffice gives the header's (or footer's) text: a line of its font, or
    of the default font when one of its three parts is empty and that line is taller."""
    line_px = cell_font(font, header_footer_size(size)).line_px
    if with_empty_part:
        line_px = max(line_px, cell_font(UNIT_FONT, UNIT_FONT_SIZE).line_px)
    return line_px / PX_PER_PT


def grown_pt(font: str, size: float, with_empty_part: bool) -> float:
    """How much taller than the margin leaves for it LibreOffice prints the header (or footer)."""
    return max(0.0, text_line_pt(font, size, with_empty_part) - header_footer_size(size))


def body_height_pt(margin_mm: float, font: str, size: float, header_full: bool) -> float:
    """The height between the header and the footer of A4 landscape, as LibreOffice prints
    it; `header_full` when the header has text in all three parts (the footer never has)."""
    between_margins = (SHEET_PAPER_MM[1] - 2 * margin_mm) / MM_PER_PT
    return (between_margins - grown_pt(font, size, not header_full)
            - grown_pt(font, size, with_empty_part=True))


def room_mm(margin_mm: float, header_footer_mm: float) -> float:
    """The space between the page's edge and the body that the header (or footer) sits in."""
    return margin_mm - header_footer_mm
