"""Reads a workbook's first sheet as LibreOffice lays it out: row heights, optimal heights, page.

Run by a Python that has LibreOffice's `uno` module: `python3 tests/lo_sheet.py BOOK.xlsx
PROFILE_DIR`. Prints one JSON object: each row's written height and LibreOffice's optimal
height (1/100 mm), each column's width (1/100 mm), the page style's size, margins and scale.
It starts and stops its own LibreOffice through the project's UNO driver functions.
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
        rows = sheet.Rows
        written = [rows.getByIndex(i).Height for i in range(last_row + 1)]
        optimal = []
        for i in range(last_row + 1):
            row = rows.getByIndex(i)
            row.OptimalHeight = True
            optimal.append(row.Height)
        columns = [sheet.Columns.getByIndex(i).Width for i in range(last_column + 1)]
        style = document.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
        page = {name: style.getPropertyValue(name) for name in PAGE_FIELDS}
        return {"written": written, "optimal": optimal, "columns": columns, "page": page}
    finally:
        document.close(True)


def main(book: str, profile: str) -> int:
    pipe = f"lo-sheet-{uuid.uuid4().hex}"
    office = uno_driver._launch("soffice", Path(profile).resolve().as_uri(), pipe)
    desktop = None
    try:
        desktop = uno_driver._connect(office, pipe, 120)
        print(json.dumps(measure(desktop, Path(book))))
    finally:
        uno_driver._stop(office, desktop)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
