"""Reads a workbook's first sheet as LibreOffice lays it out: row heights, optimal heights, page.

Run by a Python that has LibreOffice's `uno` module: `python3 tests/lo_sheet.py BOOK.xlsx
[BOOK.xlsx ...] PROFILE_DIR`. Prints one JSON object a book, one a line: each row's written
height and LibreOffice's optimal height (1/100 mm), each column's width (1/100 mm), the page
style's size, margins and scale, the rows that start a page when the sheet is printed at
100 % (`breaks`: row index from 0 and whether the break is the workbook's own or one
LibreOffice had to add), and the row heights of the other sheets (`other_sheets`). It
starts and stops its own LibreOffice through the project's UNO driver functions.
"""

import json
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src" / "annexgen" / "render"))

import uno_driver

PAGE_FIELDS = ("Width", "Height", "LeftMargin", "RightMargin", "TopMargin", "BottomMargin",
               "HeaderIsOn", "HeaderHeight", "HeaderBodyDistance", "FooterIsOn", "FooterHeight",
               "FooterBodyDistance", "PageScale", "ScaleToPagesX", "ScaleToPagesY", "ScaleToPages")


def measure(desktop, book: Path) -> dict:
    document = desktop.loadComponentFromURL(book.resolve().as_uri(), "_blank", 0,
                                            uno_driver._properties(Hidden=True))
    try:
        sheet = document.Sheets.getByIndex(0)
        used = sheet.createCursor()
        used.gotoEndOfUsedArea(False)
        last_row, last_column = used.RangeAddress.EndRow, used.RangeAddress.EndColumn
        style = document.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
        page = {name: style.getPropertyValue(name) for name in PAGE_FIELDS}
        breaks = _breaks_at_full_size(sheet, style, last_row)
        written, optimal = _heights(sheet)
        columns = [sheet.Columns.getByIndex(i).Width for i in range(last_column + 1)]
        others = [dict(zip(("written", "optimal"), _heights(document.Sheets.getByIndex(i)),
                           strict=True)) for i in range(1, document.Sheets.Count)]
        return {"written": written, "optimal": optimal, "columns": columns, "page": page,
                "breaks": breaks, "other_sheets": others}
    finally:
        document.close(True)


def _heights(sheet) -> tuple[list[int], list[int]]:
    """Each used row's written height, then LibreOffice's optimal height for it."""
    used = sheet.createCursor()
    used.gotoEndOfUsedArea(False)
    end = used.RangeAddress
    rows = sheet.Rows
    written = [rows.getByIndex(i).Height for i in range(end.EndRow + 1)]
    sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).Rows.OptimalHeight = True
    return written, [rows.getByIndex(i).Height for i in range(end.EndRow + 1)]


def _breaks_at_full_size(sheet, style, last_row: int) -> list:
    """The rows that start a page at 100 %, up to the last used row. Setting the scale makes
    LibreOffice lay out the pages again (the breaks it keeps from loading are stale)."""
    style.setPropertyValue("PageScale", 100)
    first = min((area.StartRow for area in sheet.getPrintAreas()), default=0)
    return [[item.Position, item.ManualBreak] for item in sheet.getRowPageBreaks()
            if first < item.Position <= last_row]


def main(books: list[str], profile: str) -> int:
    pipe = f"lo-sheet-{uuid.uuid4().hex}"
    office = uno_driver._launch("soffice", Path(profile).resolve().as_uri(), pipe)
    desktop = None
    try:
        desktop = uno_driver._connect(office, pipe, 120)
        for book in books:
            print(json.dumps(measure(desktop, Path(book))))
    finally:
        uno_driver._stop(office, desktop)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:-1], sys.argv[-1]))
