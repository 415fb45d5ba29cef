"""Text metrics of Annex B's cells, on the safe side: lines a text wraps to, the row they need."""

from __future__ import annotations

from collections.abc import Iterable

from annexgen.limits import EXCEL_MAX_CELL_CHARS, EXCEL_MAX_LINE_FEEDS, EXCEL_MAX_ROW_HEIGHT_PT

# On the safe side so that no estimate is shorter than what Excel or
# LibreOffice lay out. A column width unit is the digit width of the workbook's default
# font (Calibri 11: 7 px = 5.25 pt). The average advance of the shipped outcomes in Times
# New Roman (Liberation Serif metrics) is 0.40 em, 0.43 em in bold; 0.46 em leaves room
# for lines of wide characters. Lines are 1.11 em in that font; 1.25 em leaves room too.
PT_PER_WIDTH_UNIT = 5.25
CELL_INSET_PT = 3.0
AVERAGE_CHAR_EM = 0.40
CHAR_WIDTH_EM = 0.46
LINE_HEIGHT_EM = 1.25
ROW_PADDING_PT = 4.0


def fits(chars: int, line_feeds: int, lines: int, size: float) -> bool:
    """Whether text of that size fits in one Excel cell, in a row no taller than Excel allows."""
    return (chars <= EXCEL_MAX_CELL_CHARS and line_feeds <= EXCEL_MAX_LINE_FEEDS
            and row_height(lines, size) <= EXCEL_MAX_ROW_HEIGHT_PT)


def chars_per_line(width: float, size: float) -> int:
    """How many characters of a `size` pt font fit on a line of a column `width` wide."""
    return max(1, int((width * PT_PER_WIDTH_UNIT - CELL_INSET_PT) / (CHAR_WIDTH_EM * size)))


def wrapped_lines(text: str, per_line: int) -> int:
    """The lines the text takes when wrapped at spaces (longer words broken)."""
    return sum(_paragraph_lines(paragraph, per_line) for paragraph in text.split("\n"))


def _paragraph_lines(paragraph: str, per_line: int) -> int:
    if len(paragraph) <= per_line:
        return 1
    lines, used = 1, 0
    for word in paragraph.split(" "):
        wanted = len(word) if used == 0 else used + 1 + len(word)
        if wanted <= per_line:
            used = wanted
            continue
        if used:
            lines += 1
        used = len(word)
        while used > per_line:  # a word longer than a line is broken
            lines += 1
            used -= per_line
    return lines


def fitted_row_height(cells: Iterable[tuple[str, float]], size: float) -> float:
    """The height of a row whose cells hold these texts, in columns of these widths."""
    lines = max((wrapped_lines(text, chars_per_line(width, size)) for text, width in cells),
                default=1)
    return min(row_height(lines, size), EXCEL_MAX_ROW_HEIGHT_PT)


def row_height(lines: int, size: float) -> float:
    """The row height in pt that shows that many lines of a `size` pt font."""
    return round(lines * LINE_HEIGHT_EM * size + ROW_PADDING_PT, 2)


# Prose with the word lengths of the shipped outcomes (6.1 letters a word; they have 6.2).
_PROSE = ("The meeting welcomed the progress made by member States in implementing the "
          "regional road map, and called for strengthened cooperation on data, financing "
          "and capacity-building. ")


def prose(chars: int) -> str:
    """Ordinary prose of that many characters, to try a cell layout with."""
    return (_PROSE * (chars // len(_PROSE) + 1))[:chars]


def prose_row_height(chars: int, width: float, size: float) -> float:
    """The height of a row holding that much prose in a column `width` wide (not capped)."""
    return row_height(wrapped_lines(prose(chars), chars_per_line(width, size)), size)


def prose_fits(chars: int, width: float, size: float) -> bool:
    """Whether that much prose fits one cell of a column `width` wide, as `fits` judges."""
    text = prose(chars)
    return fits(len(text), 0, wrapped_lines(text, chars_per_line(width, size)), size)
