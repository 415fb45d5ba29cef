"""The "Meetings" sheet: the regional meetings, their venues and dates, and their reports."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from annexgen.core.model import Meeting
from annexgen.core.text import date_range
from annexgen.layout.cell_metrics import PX_PER_WIDTH_UNIT, fitted_row_height
from annexgen.styles.model import Sheet
from annexgen.writers.xlsx.cells import HEADER, LINK, TEXT, write_link, write_text

MEETINGS_SHEET = "Meetings"
# Each column's heading and width, from its width in Excel's pixels at 96 dpi (the widths
# these columns were first given, in a unit of 7 px).
COLUMNS = tuple((heading, px / PX_PER_WIDTH_UNIT) for heading, px in (
    ("Region", 168), ("Meeting", 252), ("Symbol", 154), ("Venue", 168), ("Dates", 154),
    ("Report", 420)))


def meeting_values(meeting: Meeting) -> tuple[str, ...]:
    """The text columns of a meeting's row (the report URL comes last)."""
    return (meeting.region, meeting.name, meeting.symbol, f"{meeting.city}, {meeting.country}",
            date_range(meeting.start, meeting.end))


def add_meetings_sheet(workbook: Workbook, title: str, meetings: tuple[Meeting, ...],
                       sheet: Sheet) -> Worksheet:
    ws = workbook.create_sheet(title)
    for column, (heading, width) in enumerate(COLUMNS, start=1):
        write_text(ws.cell(row=1, column=column), heading, HEADER)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[1].height = fitted_row_height(COLUMNS, sheet.font, sheet.size, bold=True)
    for row, meeting in enumerate(meetings, start=2):
        _write_meeting(ws, row, meeting, sheet)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    return ws


def _write_meeting(ws: Worksheet, row: int, meeting: Meeting, sheet: Sheet) -> None:
    values = meeting_values(meeting)
    for column, value in enumerate(values, start=1):
        write_text(ws.cell(row=row, column=column), value, TEXT)
    write_link(ws.cell(row=row, column=len(values) + 1), meeting.url, LINK, TEXT)
    widths = (width for _, width in COLUMNS)
    ws.row_dimensions[row].height = fitted_row_height(
        zip((*values, meeting.url), widths, strict=True), sheet.font, sheet.size)
