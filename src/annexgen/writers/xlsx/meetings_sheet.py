"""The Meetings sheet: the regional meetings, their venues and dates, and their reports."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from annexgen.compose.annex_b import WorkbookWords
from annexgen.core.model import Meeting
from annexgen.layout.cell_metrics import PX_PER_WIDTH_UNIT, fitted_row_height
from annexgen.styles.model import Sheet
from annexgen.writers.xlsx.cells import HEADER, LINK, TEXT, name_headers, write_link, write_text

# Each column's width, from its width in Excel's pixels at 96 dpi (the widths these columns
# were first given, in a unit of 7 px): region, meeting, symbol, venue, dates, report.
WIDTHS = tuple(px / PX_PER_WIDTH_UNIT for px in (168, 252, 154, 168, 154, 420))


def meeting_values(meeting: Meeting, dates: str) -> tuple[str, ...]:
    """The text columns of a meeting's row (the report URL comes last)."""
    return (meeting.region, meeting.name, meeting.symbol, f"{meeting.city}, {meeting.country}",
            dates)


def add_meetings_sheet(workbook: Workbook, title: str, meetings: tuple[Meeting, ...],
                       sheet: Sheet, words: WorkbookWords) -> Worksheet:
    ws = workbook.create_sheet(title)
    columns = words.sheet.meetings
    headings = (columns.region, columns.meeting, columns.symbol, columns.venue, columns.dates,
                columns.report)
    for column, (heading, width) in enumerate(zip(headings, WIDTHS, strict=True), start=1):
        write_text(ws.cell(row=1, column=column), heading, HEADER)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[1].height = fitted_row_height(zip(headings, WIDTHS, strict=True),
                                                    sheet.font, sheet.size, bold=True)
    for row, (meeting, dates) in enumerate(zip(meetings, words.meeting_dates, strict=True),
                                           start=2):
        _write_meeting(ws, row, meeting, dates, sheet)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    name_headers(ws, 1)  # the regions head the rows
    return ws


def _write_meeting(ws: Worksheet, row: int, meeting: Meeting, dates: str, sheet: Sheet) -> None:
    values = meeting_values(meeting, dates)
    for column, value in enumerate(values, start=1):
        write_text(ws.cell(row=row, column=column), value, TEXT)
    write_link(ws.cell(row=row, column=len(values) + 1), meeting.url, LINK, TEXT)
    ws.row_dimensions[row].height = fitted_row_height(
        zip((*values, meeting.url), WIDTHS, strict=True), sheet.font, sheet.size)
