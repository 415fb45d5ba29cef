"""Safe cells: text never a formula, rich text from spans, named styles, sheet names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from annexgen.core.limits import EXCEL_MAX_SHEET_NAME
from annexgen.core.links import link_problem
from annexgen.core.richtext import BOLD_MARKS, ITALIC, KEY_PHRASE, SUPERSCRIPT, Span
from annexgen.styles.model import Sheet

# A text starting with one of these is a formula to Excel or to a CSV export (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_RESERVED_SHEET_NAMES = frozenset({"history"})
# Excel reads _xHHHH_ in cell text as an escaped character; its own escape is _x005F_.
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")

# Named styles (what Excel shows in its style gallery).
TEXT, TOPIC, HEADER, CLUSTER = "Matrix text", "Matrix topic", "Matrix header", "Matrix cluster"
TITLE, STATUS, NOTE = "Matrix title", "Status marking", "Matrix note"
COUNT, TOTAL, LINK = "Matrix count", "Matrix total", "Matrix link"


def excel_text(text: str) -> str:
    """The text as Excel must store it so that it shows exactly that text."""
    return _EXCEL_ESCAPE.sub("_x005F_", text) if "_x" in text else text


def needs_quote_prefix(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def write_text(cell, text: str, style: str) -> None:
    """A literal string: never a formula or an error value, whatever it starts with."""
    cell.value = excel_text(text)
    cell.data_type = "s"
    _finish(cell, text, style)


def write_rich(cell, runs: CellRichText, style: str) -> None:
    """Rich text (written as an inline string, so never a formula); see InlineFonts.rich_text."""
    cell.value = runs
    cell.data_type = "s"
    _finish(cell, str(runs), style)


def write_number(cell, number: int, style: str) -> None:
    cell.value = number
    cell.style = style


def write_link(cell, url: str, style: str, fallback_style: str) -> None:
    """The URL as text, and as a hyperlink only when its scheme is a safe one."""
    safe = is_safe_url(url)
    write_text(cell, url, style if safe else fallback_style)
    if safe:
        cell.hyperlink = url


def is_safe_url(url: str) -> bool:
    """Only well-formed web and mail links, short enough for Excel, become hyperlinks."""
    return link_problem(url) is None


def _finish(cell, text: str, style: str) -> None:
    cell.style = style
    if needs_quote_prefix(text):
        cell.quotePrefix = True


class SharedInlineFont(InlineFont):
    """An InlineFont serialised once: each run gets a copy of the same XML. openpyxl would
    rebuild it attribute by attribute for every run, which dominates writing large sheets."""

    # openpyxl's metaclass collects these from the class body only: keep InlineFont's.
    __attrs__, __nested__ = InlineFont.__attrs__, InlineFont.__nested__
    __elements__ = InlineFont.__elements__

    def to_tree(self, tagname=None, idx=None, namespace=None):
        key = (tagname, idx, namespace)
        cache = self.__dict__.setdefault("_trees", {})
        if key not in cache:
            cache[key] = super().to_tree(tagname, idx, namespace)
        return deepcopy(cache[key])


class InlineFonts:
    """The fonts of rich-text runs, each created once and shared by every cell."""

    def __init__(self, name: str, size: float):
        self.name, self.size = name, size
        self._fonts: dict[tuple, InlineFont] = {}

    def font(self, marks: frozenset[str], size: float | None = None, bold: bool = False,
             color: str | None = None) -> InlineFont:
        """The font of a run with these marks (marks that look alike share one font)."""
        key = (bold or bool(marks & BOLD_MARKS), ITALIC in marks, KEY_PHRASE in marks,
               SUPERSCRIPT in marks, size or self.size, color)
        found = self._fonts.get(key)
        if found is None:
            found = self._fonts[key] = self._make(*key)
        return found

    def _make(self, bold: bool, italic: bool, underline: bool, superscript: bool, size: float,
              color: str | None) -> InlineFont:
        return SharedInlineFont(
            rFont=self.name, sz=size, color=f"FF{color}" if color else None, b=bold or None,
            i=italic or None, u="single" if underline else None,
            vertAlign="superscript" if superscript else None,
        )

    def rich_text(self, spans: Iterable[Span], size: float | None = None, bold: bool = False,
                  color: str | None = None) -> CellRichText:
        """Runs of the spans; neighbours with the same font are merged, key phrases never."""
        runs: list[tuple[InlineFont, list[str], bool]] = []
        for span in spans:
            if not span.text:
                continue
            font = self.font(span.marks, size, bold, color)
            is_key = KEY_PHRASE in span.marks
            if runs and runs[-1][0] is font and not is_key and not runs[-1][2]:
                runs[-1][1].append(span.text)
            else:
                runs.append((font, [span.text], is_key))
        return CellRichText([TextBlock(f, excel_text("".join(parts))) for f, parts, _ in runs])


def name_headers(ws: Worksheet, row: int, name: str = "Title") -> None:
    """Names the first cell of the sheet's header row for screen readers (the convention
    JAWS and NVDA read): "Title" when its column heads the rows too, "ColumnTitle" when only
    the row above the data is a header. The name is the sheet's own."""
    ws.defined_names.add(DefinedName(name, attr_text=f"{quote_sheet_name(ws.title)}!$A${row}"))


def quote_sheet_name(name: str) -> str:
    """The sheet's name as a reference writes it: in quotes, its own quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


def add_named_styles(workbook: Workbook, sheet: Sheet, rtl: bool = False) -> None:
    """The few cell styles of the workbook, registered once; cells refer to them by name.
    In a right-to-left language (`rtl`) their text reads right to left (reading order 2)."""
    order = {"readingOrder": 2} if rtl else {}
    wrap = Alignment(wrap_text=True, vertical="top", **order)
    top = Alignment(vertical="top", **order)
    rule = Side(style="thin")
    fill = {"header": _fill(sheet.header_fill), "cluster": _fill(sheet.cluster_fill)}
    base = {"name": sheet.font, "size": sheet.size}
    for style in (
        NamedStyle(TEXT, font=Font(**base), alignment=wrap),
        NamedStyle(TOPIC, font=Font(**base), alignment=wrap),
        NamedStyle(HEADER, font=Font(bold=True, **base), fill=fill["header"], alignment=wrap,
                   border=Border(top=rule, bottom=rule)),
        NamedStyle(CLUSTER, font=Font(bold=True, **base), fill=fill["cluster"], alignment=wrap),
        NamedStyle(TITLE, font=Font(name=sheet.font, size=sheet.title_size, bold=True),
                   alignment=wrap),
        NamedStyle(STATUS, font=Font(bold=True, color=f"FF{sheet.status_color}", **base),
                   alignment=wrap),
        NamedStyle(NOTE, font=Font(**base), alignment=wrap),
        NamedStyle(COUNT, font=Font(**base), alignment=top),
        NamedStyle(TOTAL, font=Font(bold=True, **base), alignment=top,
                   border=Border(top=rule)),
        NamedStyle(LINK, font=Font(color="FF0000FF", underline="single", **base),
                   alignment=wrap),
    ):
        workbook.add_named_style(style)


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=f"FF{colour}", end_color=f"FF{colour}")


def check_sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """The name if Excel accepts it as a sheet name; ValueError with the reason otherwise."""
    reason = _sheet_name_problem(name, {other.casefold() for other in taken})
    if reason:
        raise ValueError(f"sheet name {name!r} {reason}")
    return name


def _sheet_name_problem(name: str, taken: set[str]) -> str | None:
    if not name.strip():
        return "is blank"
    if len(name) > EXCEL_MAX_SHEET_NAME:
        return f"is longer than {EXCEL_MAX_SHEET_NAME} characters"
    if bad := _SHEET_NAME_FORBIDDEN.search(name):
        return f"contains {bad.group()!r} (Excel forbids [ ] : * ? / \\)"
    if name.startswith("'") or name.endswith("'"):
        return "starts or ends with an apostrophe"
    if name.casefold() in _RESERVED_SHEET_NAMES:
        return "is reserved by Excel"
    if name.casefold() in taken:
        return "is already used by another sheet (Excel compares names ignoring case)"
    return None
