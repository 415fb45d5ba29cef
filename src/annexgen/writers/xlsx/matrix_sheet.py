"""The matrix sheet ("Annex B"): the outcomes by topic and meeting, ready to print."""

from __future__ import annotations

from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from annexgen.compose.annex_b import Matrix, MatrixRow, TopRow, top_row_look
from annexgen.styles.model import Sheet
from annexgen.writers.xlsx.cells import (
    CLUSTER,
    HEADER,
    NOTE,
    STATUS,
    TEXT,
    TITLE,
    TOPIC,
    InlineFonts,
    name_headers,
    write_rich,
    write_text,
)

_TOP_STYLES = {"status": STATUS, "title": TITLE, "subtitle": TITLE, "note": NOTE}


def add_matrix_sheet(workbook: Workbook, title: str, matrix: Matrix, sheet: Sheet) -> Worksheet:
    """The matrix sheet, with its print titles, frozen panes and the pages as composed."""
    ws = workbook.create_sheet(title)
    fonts = InlineFonts(sheet.font, sheet.size)
    columns = 1 + len(matrix.meeting_headers)
    _set_widths(ws, matrix, columns)
    _write_top(ws, matrix, sheet, fonts, columns)
    _write_header(ws, matrix)
    for row_number, row in enumerate(matrix.rows, start=matrix.first_row):
        _write_row(ws, row_number, row, fonts, columns)
    _set_print_areas(ws, matrix)
    name_headers(ws, matrix.header_row)  # meetings head the columns, topics the rows
    return ws


def _set_widths(ws: Worksheet, matrix: Matrix, columns: int) -> None:
    ws.column_dimensions["A"].width = matrix.layout.topic_width
    for column in range(2, columns + 1):
        ws.column_dimensions[get_column_letter(column)].width = matrix.layout.meeting_width


def _write_top(ws: Worksheet, matrix: Matrix, sheet: Sheet, fonts: InlineFonts,
               columns: int) -> None:
    """The rows above the column headers, each merged over the full width."""
    for row_number, top in enumerate(matrix.top, start=1):
        cell = ws.cell(row=row_number, column=1)
        write_rich(cell, _top_runs(top, matrix, fonts, sheet), _TOP_STYLES[top.kind])
        ws.merge_cells(start_row=row_number, start_column=1, end_row=row_number,
                       end_column=columns)
        ws.row_dimensions[row_number].height = top.height_pt


def _top_runs(top: TopRow, matrix: Matrix, fonts: InlineFonts, sheet: Sheet) -> CellRichText:
    """Runs carrying the row's own look: every run names its font, size and colour."""
    size, bold = top_row_look(top.kind, matrix.layout)
    color = sheet.status_color if top.kind == "status" else None
    return fonts.rich_text(top.spans, size, bold, color)


def _write_header(ws: Worksheet, matrix: Matrix) -> None:
    texts = (matrix.topic_header, *matrix.meeting_headers)
    for column, text in enumerate(texts, start=1):
        write_text(ws.cell(row=matrix.header_row, column=column), text, HEADER)
    ws.row_dimensions[matrix.header_row].height = matrix.header_height


def _write_row(ws: Worksheet, row_number: int, row: MatrixRow, fonts: InlineFonts,
               columns: int) -> None:
    ws.row_dimensions[row_number].height = row.height_pt
    if row.kind == "cluster":
        write_text(ws.cell(row=row_number, column=1), row.label, CLUSTER)
        ws.merge_cells(start_row=row_number, start_column=1, end_row=row_number,
                       end_column=columns)
        return
    write_text(ws.cell(row=row_number, column=1), row.label, TOPIC)
    for column, spans in enumerate(row.cells, start=2):
        if spans:  # an empty cell stays empty
            write_rich(ws.cell(row=row_number, column=column), fonts.rich_text(spans), TEXT)


def _set_print_areas(ws: Worksheet, matrix: Matrix) -> None:
    """The matrix as the print area, from below the status marking's row (the header prints
    the marking); without one LibreOffice computes page breaks down to the sheet's last row,
    a million of them. Column headers repeated on each page, panes frozen below them, and a
    break before each row that starts a page: every cluster's first, and where the composer
    filled a page."""
    last_row = matrix.first_row + len(matrix.rows) - 1
    last_column = get_column_letter(1 + len(matrix.meeting_headers))
    ws.print_area = f"A{matrix.first_printed_row}:{last_column}{last_row}"
    ws.print_title_rows = f"{matrix.header_row}:{matrix.header_row}"
    ws.freeze_panes = ws.cell(row=matrix.first_row, column=2).coordinate
    breaks = [Break(id=row_number - 1)
              for row_number, row in enumerate(matrix.rows, start=matrix.first_row)
              if row.page_break]
    # Set at once: openpyxl checks every break again on each append (quadratic in the breaks).
    ws.row_breaks.brk = tuple(breaks)
