"""Annex B's cell text laid out as LibreOffice and Excel lay it out: lines, row heights, fit."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable

from annexgen.core.limits import (
    EXCEL_MAX_CELL_CHARS,
    EXCEL_MAX_LINE_FEEDS,
    EXCEL_MAX_ROW_HEIGHT_PT,
    SHEET_PAPER_MM,
)
from annexgen.core.richtext import BOLD_MARKS, ITALIC, Span
from annexgen.layout.fonts import face
from annexgen.layout.shaping import contextual_forms

# Both programs lay out cell text in whole pixels of a 96 dpi screen: a font at a whole
# number of pixels (8 pt, 10.67 px, at 11 px), each advance rounded, a line as tall as the
# font's ascent and descent, each rounded (LibreOffice 7.4 writes 209 twips for 14 px, Excel
# 210). Measured with LibreOffice's optimal row height over UNO (docs/performance.md, "Annex
# B's row heights"): a line of w px fits a column c px wide when w <= 0.9716 c - 4.05; Excel's
# text area is wider, so LibreOffice's wrap covers it. LibreOffice prints the lines
# unrounded, ascent plus descent (9.41 pt at 8.5 pt, where the screen's line is 12 px, 9 pt),
# so a row is as tall as the taller of the two lines needs.
PX_PER_PT = 96 / 72
TEXT_WIDTH_SCALE = 0.9716
TEXT_INSET_PX = 4.05
ROW_PADDING_PT = 1.5  # LibreOffice adds 29 twips to a row of two lines or more
SINGLE_LINE_EM = 1.25  # a row of one line is 25 twips per pt of the font...
MIN_ROW_PT = 12.8  # ...and never lower than LibreOffice's default row (256 twips)
# The column width unit: the widest digit of the workbook's default font, which is set to
# Times New Roman 9 pt (Liberation Serif), 6 px in Excel at 96 dpi and 4.5 pt in LibreOffice
# alike. Widths are kept to whole pixels.
UNIT_FONT, UNIT_FONT_SIZE = "Times New Roman", 9
PX_PER_WIDTH_UNIT = 6
PT_PER_WIDTH_UNIT = PX_PER_WIDTH_UNIT / PX_PER_PT

MM_PER_PT = 25.4 / 72

# Break opportunities: after spaces, at line feeds, and after a hyphen followed by a letter.
_HYPHENATED = re.compile(r".+?-(?=[^\W\d_])")
_HYPHEN_PIECES = re.compile(r".+?-(?=[^\W\d_])|.+")
Run = tuple[str, bool, bool]  # text, bold, italic
# Characters drawn as nothing, though the fonts have no glyph for them: word joiner,
# zero-width space, zero-width no-break space.
_ZERO_WIDTH = {0x2060: 0, 0x200B: 0, 0xFEFF: 0}
ARABIC_ALEF = 0x0627


def printable_width_px(margin_mm: float) -> int:
    """The whole pixels between the side margins of A4 landscape, one kept back so that the
    columns' widths, rounded by LibreOffice to 1/100 mm, never pass the margin."""
    return math.floor((SHEET_PAPER_MM[0] - 2 * margin_mm) / MM_PER_PT * PX_PER_PT) - 1


def column_widths(margin_mm: float, topic_share: float, meetings: int) -> tuple[float, float]:
    """The topic column's and each meeting column's width in units, in whole pixels, so
    that the columns fill the printable width."""
    total = printable_width_px(margin_mm)
    meeting = (total - round(total * topic_share)) // max(meetings, 1)
    topic = total - meeting * max(meetings, 1)
    return topic / PX_PER_WIDTH_UNIT, meeting / PX_PER_WIDTH_UNIT


def span_runs(spans: Iterable[Span], bold: bool = False) -> list[Run]:
    """The runs the spans are written as in a cell: text, bold, italic."""
    return [(span.text, bold or bool(span.marks & BOLD_MARKS), ITALIC in span.marks)
            for span in spans]


def text_width_px(width: float) -> float:
    """The widest line, in px, that a column `width` units wide holds."""
    return TEXT_WIDTH_SCALE * width * PX_PER_WIDTH_UNIT - TEXT_INSET_PX


class CellFont:
    """A font at one size: the lines a cell's runs take and the row height they need."""

    def __init__(self, name: str, size: float):
        self.name, self.size = name, size
        ppem = math.floor(size * PX_PER_PT + 0.5)  # fonts are drawn at whole pixel sizes
        self._tables = [{**face(name, bold, italic).pixel_widths(ppem), **_ZERO_WIDTH}
                        for italic in (False, True) for bold in (False, True)]
        self._em = round(ppem)  # a character the table lacks counts as one em
        self._words: list[dict[str, int]] = [{} for _ in self._tables]
        self._spaces = [table.get(ord(" "), self._em) for table in self._tables]
        self._texts: dict[tuple[str, float, bool], int] = {}
        self._joins = ARABIC_ALEF in self._tables[0]  # a font of a joining script
        self.line_px = max(face(name, bold).line_pixels(ppem) for bold in (False, True))
        self.line_pt = max(self.line_px / PX_PER_PT,
                           max(face(name, bold).line_em() for bold in (False, True)) * size)

    def lines(self, runs: Iterable[Run], width: float) -> int:
        """The lines the runs wrap to in a column `width` units wide."""
        limit = text_width_px(width)
        # `word` is the width of the word being read (its pieces in `parts`, in case it must
        # be broken); it is placed at the next break opportunity, after `pending` spaces. A
        # word between two spaces of one run is placed at once (the hot path).
        lines, used, pending, word = 1, 0, 0, 0
        parts: list[tuple[str, int]] = []
        for text, bold, italic in runs:
            if self._joins:
                text = contextual_forms(text)
            kind = int(bold) + 2 * int(italic)
            get, space = self._words[kind].get, self._spaces[kind]
            feed = False
            for paragraph in text.split("\n"):
                if feed:
                    if parts:
                        lines, used = self._place(word, parts, lines, used, pending, limit)
                    lines, used, pending, word, parts = lines + 1, 0, 0, 0, []
                feed = True
                pieces = paragraph.split(" ")
                if pieces[0]:  # it goes on with the word before it
                    word, lines, used, pending = self._read(pieces[0], kind, word, parts,
                                                            lines, used, pending, limit)
                if len(pieces) == 1:
                    continue
                if parts:
                    lines, used = self._place(word, parts, lines, used, pending, limit)
                    word, parts, pending = 0, [], 0
                pending += space
                for piece in pieces[1:-1]:
                    found = get(piece)  # never a piece with a break after a hyphen
                    if found is None:
                        if piece:
                            word, lines, used, pending = self._read(
                                piece, kind, 0, parts, lines, used, pending, limit)
                            lines, used = self._place(word, parts, lines, used, pending, limit)
                            word, pending = 0, space
                            parts.clear()
                        else:
                            pending += space
                        continue
                    after = used + pending + found
                    if after <= limit:
                        used = after
                    elif used and found <= limit:  # on a line of its own
                        lines, used = lines + 1, found
                    elif used:
                        lines, used = self._break_word([(piece, kind)], lines + 1, 0, limit)
                    elif found <= limit:
                        used = after
                    else:
                        lines, used = self._break_word([(piece, kind)], lines, pending, limit)
                    pending = space
                if pieces[-1]:  # a word that may go on in the next run
                    word, lines, used, pending = self._read(pieces[-1], kind, 0, parts, lines,
                                                            used, pending, limit)
        if parts:
            lines, used = self._place(word, parts, lines, used, pending, limit)
        return lines

    def _read(self, piece: str, kind: int, word: int, parts: list, lines: int, used: int,
              pending: int, limit: float) -> tuple[int, int, int, int]:
        """Adds a piece to the word being read, placing what ends after each of its hyphens."""
        cache = self._words[kind]
        if "-" in piece and _HYPHENATED.match(piece):
            *ended, piece = _HYPHEN_PIECES.findall(piece)
            for before in ended:  # a break after each of these
                word += self._width(before, kind, cache)
                parts.append((before, kind))
                lines, used = self._place(word, parts, lines, used, pending, limit)
                word, pending = 0, 0
                parts.clear()
        parts.append((piece, kind))
        return word + self._width(piece, kind, cache), lines, used, pending

    def text_lines(self, text: str, width: float, bold: bool = False) -> int:
        """The lines of a plain text (a label measured again for each of its rows: kept)."""
        key = (text, width, bold)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = self.lines(((text, bold, False),), width)
        return found

    def _width(self, token: str, kind: int, cache: dict[str, int]) -> int:
        found = cache.get(token)
        if found is None:
            table, em = self._tables[kind], self._em
            found = cache[token] = sum(table.get(ord(char), em) for char in token)
        return found

    def _place(self, word: int, parts: list, lines: int, used: int, pending: int,
               limit: float) -> tuple[int, int]:
        """Puts a word after the line's text (and the spaces before it), or on a new line."""
        if used and used + pending + word > limit:
            lines, used, pending = lines + 1, 0, 0
        if used or word <= limit:
            return lines, used + pending + word
        return self._break_word(parts, lines, pending, limit)

    def _break_word(self, parts: list, lines: int, used: int, limit: float) -> tuple[int, int]:
        """A word wider than a line is broken between characters."""
        for token, kind in parts:
            table = self._tables[kind]
            for char in token:
                advance = table.get(ord(char), self._em)
                if used and used + advance > limit:
                    lines, used = lines + 1, 0
                used += advance
        return lines, used

    def height(self, lines: int) -> float:
        """The row height in pt that shows that many lines on screen and in print, rounded up
        to a whole pixel (LibreOffice reads a row's height down to one)."""
        needed = max(lines, 1) * self.line_pt + ROW_PADDING_PT
        fitted = max(math.ceil(needed * PX_PER_PT - 1e-6) / PX_PER_PT, MIN_ROW_PT)
        return max(fitted, SINGLE_LINE_EM * self.size) if lines <= 1 else fitted

    def fits(self, chars: int, line_feeds: int, lines: int) -> bool:
        """Whether the text fits one Excel cell, in a row no taller than Excel allows."""
        return (chars <= EXCEL_MAX_CELL_CHARS and line_feeds <= EXCEL_MAX_LINE_FEEDS
                and self.height(lines) <= EXCEL_MAX_ROW_HEIGHT_PT)


@functools.cache
def cell_font(name: str, size: float) -> CellFont:
    """The measured font, made once per name and size (its caches are shared by every call)."""
    return CellFont(name, size)


def fitted_row_height(cells: Iterable[tuple[str, float]], font: str, size: float,
                      bold: bool = False) -> float:
    """The height of a row whose cells hold these plain texts, in columns of these widths."""
    metrics = cell_font(font, size)
    lines = max((metrics.text_lines(text, width, bold) for text, width in cells), default=1)
    return min(metrics.height(lines), EXCEL_MAX_ROW_HEIGHT_PT)


# Prose with the word lengths of the shipped outcomes (6.1 letters a word; they have 6.2).
_PROSE = ("The meeting welcomed the progress made by member States in implementing the "
          "regional road map, and called for strengthened cooperation on data, financing "
          "and capacity-building. ")


def prose(chars: int) -> str:
    """Ordinary prose of that many characters, to try a cell layout with."""
    return (_PROSE * (chars // len(_PROSE) + 1))[:chars]


def prose_row_height(chars: int, width: float, font: str, size: float) -> float:
    """The height of a row holding that much prose in a column `width` wide (not capped)."""
    metrics = cell_font(font, size)
    return metrics.height(metrics.text_lines(prose(chars), width))


def prose_fits(chars: int, width: float, font: str, size: float) -> bool:
    """Whether that much prose fits one cell of a column `width` wide, as `fits` judges."""
    metrics = cell_font(font, size)
    text = prose(chars)
    return metrics.fits(len(text), 0, metrics.text_lines(text, width))
