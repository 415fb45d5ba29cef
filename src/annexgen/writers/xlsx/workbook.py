"""Annex B as .xlsx bytes: the matrix, coverage and meetings sheets, printed alike, reproducibly."""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
import zipfile

from lxml import etree
from openpyxl.styles import Font
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from annexgen.compose.annex_b import CellLayout, Matrix, WorkbookWords, header_full
from annexgen.compose.word import filed_under
from annexgen.core.limits import EXCEL_MAX_HEADER_FOOTER_CHARS
from annexgen.core.model import Corpus, DocumentSet
from annexgen.core.words import fill
from annexgen.layout.cell_metrics import UNIT_FONT, UNIT_FONT_SIZE
from annexgen.layout.sheet_page import header_footer_size
from annexgen.styles.model import Sheet, Styles, right_to_left
from annexgen.writers import properties
from annexgen.writers.ooxml import (
    app_properties,
    build_time,
    core_properties,
    custom_properties,
    normalize_package,
)
from annexgen.writers.xlsx.cells import add_named_styles, check_sheet_name
from annexgen.writers.xlsx.coverage_sheet import add_coverage_sheet
from annexgen.writers.xlsx.matrix_sheet import add_matrix_sheet
from annexgen.writers.xlsx.meetings_sheet import add_meetings_sheet

MM_PER_INCH = 25.4
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEETS = "xl/worksheets/sheet"
_LINK_DECLARES = f'<hyperlink xmlns:r="{RELATIONSHIPS}"'.encode()


def write_workbook(matrix: Matrix, corpus: Corpus, styles: Styles) -> bytes:
    """The workbook's bytes: matrix, coverage and meetings sheets; same inputs, same bytes."""
    return _write(matrix, corpus, styles, with_tables=True)


def write_print_copy(matrix: Matrix, corpus: Corpus, styles: Styles, first_page: int = 1,
                     total: int | None = None) -> bytes:
    """The matrix sheet alone, as it is printed to PDF (the other sheets are for screens);
    a part of the matrix is numbered from `first_page`, "of `total`" pages."""
    return _write(matrix, corpus, styles, with_tables=False, first_page=first_page,
                  total=total)


def _write(matrix: Matrix, corpus: Corpus, styles: Styles, with_tables: bool,
           first_page: int = 1, total: int | None = None) -> bytes:
    sheet = styles.sheet
    _check_layout(matrix, sheet, len(corpus.meetings), header_full(corpus.document))
    workbook = Workbook()
    workbook.remove(workbook.active)
    _set_default_font(workbook)
    rtl = right_to_left(corpus.document.language)
    add_named_styles(workbook, sheet, rtl)
    words = matrix.words
    names = sheet_names(words)
    sheets = [add_matrix_sheet(workbook, names[0], matrix, sheet)]
    if with_tables:
        sheets.append(add_coverage_sheet(workbook, names[1], corpus, sheet,
                                         matrix.layout.topic_width, words.sheet))
        sheets.append(add_meetings_sheet(workbook, names[2], corpus.meetings, sheet, words))
    for ws in sheets:
        set_page(ws, corpus, sheet, words)
        ws.sheet_view.rightToLeft = rtl or None  # columns from the right, in Arabic
    if first_page != 1 or total is not None:
        _number_as_part(sheets[0], first_page, total, words)
    workbook.active = 0
    return package_workbook(workbook, words.title, corpus.document, filed_under(corpus))


def sheet_names(words: WorkbookWords) -> tuple[str, str, str]:
    """The three sheet names, each checked against Excel's rules and the others."""
    given = words.sheet.sheets
    names = (given.matrix, given.coverage, given.meetings)
    for index, name in enumerate(names):
        check_sheet_name(name, names[:index])
    return names


def _set_default_font(workbook: Workbook) -> None:
    """The font Excel and LibreOffice measure column widths in (see cell_metrics): a digit of
    it is 6 px in Excel and 4.5 pt in LibreOffice, so both give a column the same width
    (with Calibri 11, Excel's 7 px digit is 5.25 pt and LibreOffice's 5.55 pt)."""
    font = Font(name=UNIT_FONT, size=UNIT_FONT_SIZE)
    # openpyxl has no public setter for the default font (the first of its font list, and
    # the Normal style's); these two names are stable across the 3.1 series pinned.
    workbook._fonts = IndexedList([font])
    workbook._named_styles["Normal"].font = font


def _check_layout(matrix: Matrix, sheet: Sheet, meetings: int, full_header: bool) -> None:
    """Rows were split and sized for the matrix's layout; the sheet must use the same one."""
    expected = CellLayout.of(sheet, meetings, full_header)
    if matrix.layout != expected:
        raise ValueError(f"the matrix was composed for {matrix.layout}, but the styles give "
                         f"{expected}: compose it with the sheet styles")


def set_page(ws: Worksheet, corpus: Corpus, sheet: Sheet, words: WorkbookWords) -> None:
    """A4 landscape at 100 %, with the short title, status and page numbers. Fitting to one
    page wide only guards against a sheet wider than the page: the matrix's columns fill it."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.scale = 100
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _set_margins(ws, sheet)
    _set_header_footer(ws, corpus, sheet, words)


def _number_as_part(ws: Worksheet, first_page: int, total: int | None,
                    words: WorkbookWords) -> None:
    """The pages of a part of the matrix, numbered as in the whole: from `first_page`, and
    out of the whole's `total` (which &N, this part's own count, would not give)."""
    ws.page_setup.firstPageNumber = first_page
    ws.page_setup.useFirstPageNumber = True
    if total is not None:
        ws.oddFooter.center.text = page_number(words, str(total))


def page_number(words: WorkbookWords, pages: str = "&N") -> str:
    """The footer's "Page &P of &N" in the document's words: Excel's codes for this page
    and the number of pages (or the number given) filled in, the words' own & escaped."""
    return fill(words.sheet.page_number.replace("&", "&&"), page="&P", pages=pages)


def _set_margins(ws: Worksheet, sheet: Sheet) -> None:
    """The sheet's page margins (Excel counts in inches)."""
    margins, edge = ws.page_margins, _inches(sheet.margin_mm)
    margins.top = margins.bottom = margins.left = margins.right = edge
    margins.header = margins.footer = _inches(sheet.header_footer_mm)


def _inches(mm: float) -> float:
    return round(mm / MM_PER_INCH, 4)


def _set_header_footer(ws: Worksheet, corpus: Corpus, sheet: Sheet,
                       words: WorkbookWords) -> None:
    """Short title left, status marking centre, the running head ("Annex B") right; page
    numbers below."""
    header, marking = ws.oddHeader, corpus.document.marking
    for part in (header.left, header.center, header.right, ws.oddFooter.center):
        part.font, part.size = header_font(sheet.font), header_footer_size(sheet.size)
    header.right.text = words.running_head.replace("&", "&&")
    ws.oddFooter.center.text = page_number(words)
    if marking:
        header.center.color = sheet.status_color
    budget = EXCEL_MAX_HEADER_FOOTER_CHARS - _header_overhead(header, bool(marking))
    if marking:
        header.center.text = f"&B{header_text(marking, budget // 2)}&B"
        budget -= len(header.center.text)
    header.left.text = header_text(corpus.document.short_title, budget)


def header_font(font: str) -> str | None:
    """The header's font code (`&"name,Regular"`), None for the workbook's default font,
    which Excel and LibreOffice use without it: gnumeric prints such a code as text."""
    return None if font == UNIT_FONT else f"{font},Regular"


def _header_overhead(header, with_centre: bool) -> int:
    """The characters of the header besides its left and centre texts (codes, fonts, label)."""
    header.left.text = "x"
    header.center.text = "x" if with_centre else None
    return len(str(header)) - (2 if with_centre else 1)


def header_text(text: str, limit: int) -> str:
    """Text for a header part, ampersands escaped, visibly shortened to `limit` characters."""
    escaped = text.replace("&", "&&")
    if len(escaped) <= limit:
        return escaped
    kept, used = [], 0
    for char in text:
        piece = "&&" if char == "&" else char
        if used + len(piece) > limit - 1:
            break
        kept.append(piece)
        used += len(piece)
    return "".join(kept).rstrip() + "…"


def package_workbook(workbook: Workbook, title: str, document: DocumentSet,
                     keywords: tuple[str, ...] = ()) -> bytes:
    """Saved, then re-zipped with the content's date for every time stamp; its properties
    say what it is as the Word files' do (core, app, custom)."""
    when = build_time(document.date)
    core = core_properties(title, document.author, document.language, when,
                           **properties.described(document, keywords))
    _with_custom_part(workbook)
    saved = _saved(workbook)
    return normalize_package(saved, when, {
        "docProps/core.xml": core, "docProps/app.xml": app_properties(document.author),
        "docProps/custom.xml": custom_properties(properties.custom(document)),
        **_hoisted(saved)})


def _with_custom_part(workbook: Workbook) -> None:
    """A custom property, so that openpyxl relates and types docProps/custom.xml; the part
    itself is replaced by the one the Word files have (custom_properties)."""
    from openpyxl.packaging.custom import CustomPropertyList, StringProperty

    workbook.custom_doc_props = CustomPropertyList()  # a workbook read back has its own
    workbook.custom_doc_props.append(StringProperty(name="Status", value=""))


def _hoisted(package: bytes) -> dict[str, bytes]:
    """Each sheet whose hyperlinks declare the relationships namespace one by one (openpyxl
    does), rewritten with it declared once on the worksheet: gnumeric reads no hyperlink
    declared the other way."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        return {name: hoist_relationships(source.read(name)) for name in source.namelist()
                if name.startswith(_SHEETS) and _LINK_DECLARES in source.read(name)}


def hoist_relationships(sheet: bytes) -> bytes:
    """The worksheet XML with the relationships namespace declared on its root only."""
    root = etree.fromstring(sheet)
    hoisted = etree.Element(root.tag, attrib=dict(root.attrib),
                            nsmap={**root.nsmap, "r": RELATIONSHIPS})
    hoisted.extend(root)
    etree.cleanup_namespaces(hoisted)
    return etree.tostring(hoisted, encoding="UTF-8")


def _saved(workbook: Workbook) -> bytes:
    """The workbook's package. openpyxl writes each sheet to a temporary file first: a full
    or read-only temporary folder reaches it as lxml's SerialisationError("IO_ENOSPC"),
    raised here as the OSError it stands for."""
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
        return buffer.getvalue()
    except etree.SerialisationError as exc:
        error = _os_error(str(exc))
        if error is None:
            raise
    # Out of the handler, the failed save's frames are let go; the sheet writer they held,
    # a generator in a reference cycle, fails again as it is collected: that failure, the
    # same one, is not printed a second time (as an "Exception ignored" traceback).
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise error


def _os_error(message: str) -> OSError | None:
    """The OSError of libxml2's "IO_ENOSPC", "IO_EACCES", ...; None for any other error."""
    code = getattr(errno, message.split(" ", 1)[0].removeprefix("IO_"), None)
    return OSError(code, os.strerror(code)) if isinstance(code, int) else None
