"""Checks across the fields of styles.yaml: text area, paragraphs on it, Annex B's sheet, names."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from annexgen.core.limits import (
    EXCEL_MAX_ROW_HEIGHT_PT,
    LINE_EXACT_TO_SIZE,
    LIST_LEVELS,
    MIN_CHARS_PER_LINE,
    MIN_LINES_PER_PAGE,
    MIN_TEXT_HEIGHT_MM,
    MIN_TEXT_WIDTH_MM,
    ORDINARY_OUTCOME_CHARS,
    SHEET_MEETINGS_CHECKED,
    SHEET_PAPER_MM,
    SHEET_TOPIC_SHARE,
    STYLE_FONT_PT,
)
from annexgen.layout.cell_metrics import UNIT_FONT, column_widths, prose_fits, prose_row_height
from annexgen.layout.fonts import is_measured, measured_fonts
from annexgen.layout.sheet_page import header_footer_size, room_mm, text_line_pt
from annexgen.styles.ids import WRITTEN_STYLES, style_id

if TYPE_CHECKING:
    from annexgen.styles.model import CharacterStyle, Page, ParagraphStyle, Sheet

MM_PER_PT = 25.4 / 72
# Word paragraphs are estimated, not laid out: Times New Roman (Liberation Serif) averages
# 0.40 em a character over the shipped outcomes, and Word's single line is 1.15 em; 1.25 em
# leaves room for other fonts.
AVERAGE_CHAR_EM = 0.40
LINE_HEIGHT_EM = 1.25
LIST_ROLES = ("bullet", "number")  # the roles numbering.xml indents level by level
_WRITTEN = {"Normal": "Word's default paragraph style",
            "Default Paragraph Font": "Word's default character style",
            **{f"heading {level}": f"Word's built-in heading {level} (a heading style's base)"
               for level in (1, 2, 3)}}


@dataclass(frozen=True, slots=True)
class Problem:
    """A style value refused (E204), with the YAML node to blame."""

    node: yaml.Node
    message: str


class Located:
    """The YAML nodes of styles.yaml's fields, found by their keys to locate problems."""

    def __init__(self, root: yaml.Node):
        self.root = root

    def __call__(self, *keys: str) -> yaml.Node:
        """The value at these keys; where a key is absent (its default is used), the mapping
        that lacks it."""
        node = self.root
        for key in keys:
            value = _value_of(node, key)
            if value is None:
                return node
            node = value
        return node


def _value_of(node: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for name, value in node.value
                 if isinstance(name, yaml.ScalarNode) and name.value == key), None)


def latest(*nodes: yaml.Node) -> yaml.Node:
    """The node written last: a value that others make impossible is blamed where it
    becomes so, reading the file from the top."""
    return max(nodes, key=lambda node: node.start_mark.index)


def style_problems(at: Located, page: Page | None, list_indent: float | None,
                   paragraph: dict[str, ParagraphStyle] | None,
                   character: dict[str, CharacterStyle] | None,
                   sheet: Sheet | None) -> list[Problem]:
    """Every problem across the fields of the parts read; a part not read (None) is skipped."""
    problems = page_problems(page, at) if page else []
    text_area = page if page and not problems else None
    if paragraph:
        problems += paragraph_problems(paragraph, text_area, list_indent or 0, at)
    problems += name_problems(_named("paragraph", paragraph) + _named("character", character),
                              at)
    if sheet:
        problems += sheet_problems(sheet, at)
    return problems


# -- the page ----------------------------------------------------------------------------------

def page_problems(page: Page, at: Located) -> list[Problem]:
    found = (_text_width(page, at), _text_height(page, at),
             _inside_margin(page.header_mm, page.margin_top_mm, "header", "top", at),
             _inside_margin(page.footer_mm, page.margin_bottom_mm, "footer", "bottom", at))
    return [problem for problem in found if problem]


def text_width(page: Page) -> float:
    return page.width_mm - page.margin_left_mm - page.margin_right_mm


def text_height(page: Page) -> float:
    return page.height_mm - page.margin_top_mm - page.margin_bottom_mm


def _text_width(page: Page, at: Located) -> Problem | None:
    width = text_width(page)
    if width >= MIN_TEXT_WIDTH_MM:
        return None
    return Problem(latest(*_page_width_nodes(at)),
                   f"margins of {page.margin_left_mm:g} + {page.margin_right_mm:g} mm leave "
                   f"{_amount(width)} text width on a {page.width_mm:g} mm wide page"
                   f"{_needed(width, MIN_TEXT_WIDTH_MM, 'MIN_TEXT_WIDTH_MM')}")


def _text_height(page: Page, at: Located) -> Problem | None:
    height = text_height(page)
    if height >= MIN_TEXT_HEIGHT_MM:
        return None
    return Problem(latest(*_page_height_nodes(at)),
                   f"top and bottom margins of {page.margin_top_mm:g} + "
                   f"{page.margin_bottom_mm:g} mm leave {_amount(height)} text height on a "
                   f"{page.height_mm:g} mm high page"
                   f"{_needed(height, MIN_TEXT_HEIGHT_MM, 'MIN_TEXT_HEIGHT_MM')}")


def _inside_margin(distance: float, margin: float, part: str, side: str,
                   at: Located) -> Problem | None:
    if distance < margin:
        return None
    node = latest(at("page", f"{part}_mm"), at("page", f"margin_{side}_mm"))
    return Problem(node, f"{part}_mm of {distance:g} mm must be less than margin_{side}_mm of "
                   f"{margin:g} mm: the {part} sits that far from the {side} edge of the page, "
                   f"inside the {side} margin")


def _page_width_nodes(at: Located) -> tuple[yaml.Node, ...]:
    return at("page", "width_mm"), at("page", "margin_left_mm"), at("page", "margin_right_mm")


def _page_height_nodes(at: Located) -> tuple[yaml.Node, ...]:
    return at("page", "height_mm"), at("page", "margin_top_mm"), at("page", "margin_bottom_mm")


def _amount(mm: float) -> str:
    return "no" if mm <= 0 else f"{mm:g} mm of"


def _needed(mm: float, least: float, name: str) -> str:
    return "" if mm <= 0 else f"; at least {least:g} mm is needed ({name})"


# -- paragraph styles ------------------------------------------------------------------------

def paragraph_problems(paragraph: dict[str, ParagraphStyle], page: Page | None,
                       list_indent: float, at: Located) -> list[Problem]:
    """Each style's own consistency; its fit on the page when the page is sound (not None)."""
    problems = []
    for role, style in paragraph.items():
        found = [_half_points(role, style, at), _exact_line(role, style, at),
                 _hanging(role, style, at)]
        if page is not None:
            found += [_indent(role, style, page, list_indent, at)
                      or _line_length(role, style, page, list_indent, at),
                      _height(role, style, page, at) or _lines_per_page(role, style, page, at)]
        problems += [problem for problem in found if problem]
    return problems


def _half_points(role: str, style: ParagraphStyle, at: Located) -> Problem | None:
    if (style.size * 2).is_integer():
        return None
    below, above = math.floor(style.size * 2) / 2, math.ceil(style.size * 2) / 2
    return Problem(at("paragraph", role, "size"), f"size {style.size:g} pt of style {role!r}: "
                   f"Word sets font sizes in half points ({below:g} or {above:g})")


def _exact_line(role: str, style: ParagraphStyle, at: Located) -> Problem | None:
    line = style.line_exact
    low, high = (ratio * style.size for ratio in LINE_EXACT_TO_SIZE)
    if line is None or low <= line <= high:
        return None
    node = latest(at("paragraph", role, "size"), at("paragraph", role, "line_exact"))
    if line < low:
        return Problem(node, f"line_exact of {line:g} pt is less than the {style.size:g} pt size "
                       f"of style {role!r}: lines set exactly closer than the font size overlap, "
                       "and are clipped")
    return Problem(node, f"line_exact of {line:g} pt is more than {LINE_EXACT_TO_SIZE[1]:g} "
                   f"times the {style.size:g} pt size of style {role!r} ({high:g} pt)")


def _hanging(role: str, style: ParagraphStyle, at: Located) -> Problem | None:
    if style.hanging_mm <= style.indent_left_mm:
        return None
    node = latest(at("paragraph", role, "indent_left_mm"), at("paragraph", role, "hanging_mm"))
    return Problem(node, f"hanging_mm of {style.hanging_mm:g} mm is more than indent_left_mm of "
                   f"{style.indent_left_mm:g} mm in style {role!r}: its first line would start "
                   f"{style.hanging_mm - style.indent_left_mm:g} mm left of the margin")


def _indent(role: str, style: ParagraphStyle, page: Page, list_indent: float,
            at: Located) -> Problem | None:
    """The indent, and for a list its deepest level, must leave lines of a usable width."""
    indent_node = at("paragraph", role, "indent_left_mm")
    problem = _indented_width(page, style.indent_left_mm,
                              latest(indent_node, *_page_width_nodes(at)),
                              f"indent_left_mm of {style.indent_left_mm:g} mm in style {role!r}")
    if problem or role not in LIST_ROLES:
        return problem
    levels = LIST_LEVELS - 1
    return _indented_width(page, _deepest_indent(role, style, list_indent),
                           latest(*_width_nodes(at, role)),
                           f"the deepest list level of style {role!r}, indented "
                           f"{style.indent_left_mm:g} + {levels} × {list_indent:g} mm,")


def _deepest_indent(role: str, style: ParagraphStyle, list_indent: float) -> float:
    levels = LIST_LEVELS - 1 if role in LIST_ROLES else 0
    return style.indent_left_mm + levels * list_indent


def _width_nodes(at: Located, role: str) -> tuple[yaml.Node, ...]:
    """The fields a style's line width depends on: the page's, its indent, a list's levels."""
    levels = (at("list_level_indent_mm"),) if role in LIST_ROLES else ()
    return (*_page_width_nodes(at), at("paragraph", role, "indent_left_mm"), *levels)


def _indented_width(page: Page, indent: float, node: yaml.Node, what: str) -> Problem | None:
    width = text_width(page)
    left = width - indent
    if left >= MIN_TEXT_WIDTH_MM:
        return None
    if left <= 0:
        return Problem(node, f"{what} is wider than the {width:g} mm text width")
    return Problem(node, f"{what} leaves {left:g} mm of the {width:g} mm text width; at least "
                   f"{MIN_TEXT_WIDTH_MM:g} mm is needed (MIN_TEXT_WIDTH_MM)")


def _line_length(role: str, style: ParagraphStyle, page: Page, list_indent: float,
                 at: Located) -> Problem | None:
    width = text_width(page) - _deepest_indent(role, style, list_indent)
    chars = int(width / MM_PER_PT / (AVERAGE_CHAR_EM * style.size))
    if chars >= MIN_CHARS_PER_LINE:
        return None
    node = latest(at("paragraph", role, "size"), *_width_nodes(at, role))
    return Problem(node, f"a line of style {role!r} holds about {chars} characters of "
                   f"{style.size:g} pt in {width:g} mm; at least {MIN_CHARS_PER_LINE} are "
                   "needed (MIN_CHARS_PER_LINE)")


def _lines_per_page(role: str, style: ParagraphStyle, page: Page,
                    at: Located) -> Problem | None:
    line = _line_pt(style)
    lines = int(text_height(page) / MM_PER_PT / line)
    if lines >= MIN_LINES_PER_PAGE:
        return None
    node = latest(_line_node(role, style, at), *_page_height_nodes(at))
    return Problem(node, f"a page holds {lines} lines of style {role!r} ({line:g} pt each) in "
                   f"its {text_height(page):g} mm text height; at least {MIN_LINES_PER_PAGE} "
                   "are needed (MIN_LINES_PER_PAGE)")


def _line_pt(style: ParagraphStyle) -> float:
    """The height of a line: exact, or estimated from the size."""
    return style.line_exact or style.size * LINE_HEIGHT_EM


def _line_node(role: str, style: ParagraphStyle, at: Located) -> yaml.Node:
    return at("paragraph", role, "line_exact" if style.line_exact else "size")


def _height(role: str, style: ParagraphStyle, page: Page, at: Located) -> Problem | None:
    """A paragraph of one line, with its spacing, must fit the text height: a line cannot
    break across pages."""
    tall_pt = style.before + _line_pt(style) + style.after
    height = text_height(page)
    if tall_pt * MM_PER_PT <= height:
        return None
    node = latest(at("paragraph", role, "before"), _line_node(role, style, at),
                  at("paragraph", role, "after"), *_page_height_nodes(at))
    return Problem(node, f"a paragraph of one line in style {role!r} is {tall_pt:g} pt "
                   f"({tall_pt * MM_PER_PT:.1f} mm) high with its spacing before and after, "
                   f"more than the {height:g} mm text height of the page")


# -- Annex B's sheet ---------------------------------------------------------------------------

def sheet_problems(sheet: Sheet, at: Located) -> list[Problem]:
    found = (_printable_height(sheet, at), _sheet_header_inside(sheet, at),
             _measured_font(sheet, at) or _ordinary_outcome(sheet, at))
    return [problem for problem in found if problem]


def _printable_height(sheet: Sheet, at: Located) -> Problem | None:
    paper = SHEET_PAPER_MM[1]
    printable = paper - 2 * sheet.margin_mm
    tallest = EXCEL_MAX_ROW_HEIGHT_PT * MM_PER_PT
    if printable >= tallest:
        return None
    left = "nothing" if printable <= 0 else f"{printable:g} mm"
    return Problem(at("sheet", "margin_mm"), f"margins of {sheet.margin_mm:g} mm leave {left} "
                   f"of the {paper:g} mm height of A4 landscape, less than a row of Annex B "
                   f"can be ({EXCEL_MAX_ROW_HEIGHT_PT} pt, {tallest:.1f} mm); rows are never "
                   "split across pages")


def _sheet_header_inside(sheet: Sheet, at: Located) -> Problem | None:
    """The header and footer sit between the page's edges and the margins, and their line
    must fit there: LibreOffice would cut it (or push the body down) and Excel print it over
    the first row."""
    room = room_mm(sheet.margin_mm, sheet.header_footer_mm)
    font = sheet.font if is_measured(sheet.font) else UNIT_FONT  # (that font is refused too)
    line_mm = text_line_pt(font, sheet.size, with_empty_part=True) * MM_PER_PT
    if room >= line_mm:
        return None
    node = latest(at("sheet", "margin_mm"), at("sheet", "header_footer_mm"))
    return Problem(node, f"margin_mm of {sheet.margin_mm:g} mm with header_footer_mm of "
                   f"{sheet.header_footer_mm:g} mm leaves {max(room, 0):g} mm for the page "
                   f"header and footer, less than their line of text needs ({line_mm:.1f} mm "
                   f"at {header_footer_size(sheet.size)} pt); widen the margin or set "
                   "header_footer_mm smaller")


def _measured_font(sheet: Sheet, at: Located) -> Problem | None:
    """Annex B's rows are sized by the font's own widths: only a measured font can be used."""
    if is_measured(sheet.font):
        return None
    return Problem(at("sheet", "font"), f"the sheet font {sheet.font!r} has no metrics in "
                   f"annexgen's table (src/annexgen/layout/font_metrics.json), so Annex B's rows "
                   f"cannot be sized for it; use one of {', '.join(measured_fonts())}")


def _meeting_width(sheet: Sheet, share: float | None = None) -> float:
    share = sheet.topic_column_share if share is None else share
    return column_widths(sheet.margin_mm, share, SHEET_MEETINGS_CHECKED)[1]


def _ordinary_outcome(sheet: Sheet, at: Located) -> Problem | None:
    """An outcome of ordinary length must fit one cell, or every long outcome is refused."""
    size, width = sheet.size, _meeting_width(sheet)
    if prose_fits(ORDINARY_OUTCOME_CHARS, width, sheet.font, size):
        return None
    high = prose_row_height(ORDINARY_OUTCOME_CHARS, width, sheet.font, size)
    node = latest(at("sheet", "size"), at("sheet", "topic_column_share"), at("sheet", "margin_mm"))
    return Problem(node, f"a sheet font of {size:g} pt in the meeting columns of "
                   f"{SHEET_MEETINGS_CHECKED} meetings (SHEET_MEETINGS_CHECKED) puts an outcome "
                   f"of {ORDINARY_OUTCOME_CHARS:,} characters (ORDINARY_OUTCOME_CHARS) in a row "
                   f"about {high:,.0f} pt high, over Excel's {EXCEL_MAX_ROW_HEIGHT_PT} pt row "
                   f"limit{_fitting_layouts(sheet)}")


def _fitting_layouts(sheet: Sheet) -> str:
    """What would fit: the largest size at this share, the largest share at this size."""
    size, font = sheet.size, sheet.font
    width = _meeting_width(sheet)
    sizes = (size - step / 2 for step in range(1, int((size - STYLE_FONT_PT[0]) * 2) + 1))
    shares = (sheet.topic_column_share - step / 100
              for step in range(1, round((sheet.topic_column_share - SHEET_TOPIC_SHARE[0]) * 100)
                                + 1))
    fitting_size = next((s for s in sizes
                         if prose_fits(ORDINARY_OUTCOME_CHARS, width, font, s)), None)
    fitting_share = next((share for share in shares
                          if prose_fits(ORDINARY_OUTCOME_CHARS, _meeting_width(sheet, share),
                                        font, size)), None)
    hints = [f"a size of {fitting_size:g} pt" if fitting_size else "",
             f"topic_column_share {fitting_share:.2f}" if fitting_share else ""]
    hints = [hint for hint in hints if hint]
    return f" ({' or '.join(hints)} would fit)" if hints else ""


# -- style names and ids -------------------------------------------------------------------------

def _named(section: str, styles: dict | None) -> list[tuple[str, str, str]]:
    return [(section, role, style.name) for role, style in (styles or {}).items()]


def name_problems(named: list[tuple[str, str, str]], at: Located) -> list[Problem]:
    """Each name blank, or equal to an earlier one or to a written style's, ignoring case; or
    giving an id equal to theirs. Each role's id is unique when this finds nothing."""
    names = {name.casefold(): f"{_WRITTEN[name]}, which annexgen writes itself"
             for name in WRITTEN_STYLES}
    ids = {sid.casefold(): f"{_WRITTEN[name]} {name!r} does"
           for name, sid in WRITTEN_STYLES.items()}
    in_file_order = sorted(((at(section, role, "name"), role, name)
                            for section, role, name in named),
                           key=lambda item: item[0].start_mark.index)
    problems = []
    for node, role, name in in_file_order:
        problem = _name_problem(role, name, node, names, ids)
        if problem:
            problems.append(problem)
            continue
        line = node.start_mark.line + 1
        names[name.casefold()] = f"style {role!r} (line {line})"
        ids[style_id(name, role).casefold()] = f"the name of style {role!r} (line {line}) does"
    return problems


def _name_problem(role: str, name: str, node: yaml.Node, names: dict[str, str],
                  ids: dict[str, str]) -> Problem | None:
    if not name.strip():
        return Problem(node, f"the name of style {role!r} is blank")
    if name.casefold() in names:
        return Problem(node, f"name {name!r} of style {role!r} is already the name of "
                       f"{names[name.casefold()]}; Word style names must differ, ignoring case")
    sid = style_id(name, role)
    if sid.casefold() in ids:
        return Problem(node, f"name {name!r} of style {role!r} makes the Word style id {sid!r}, "
                       f"as {ids[sid.casefold()]}; names must differ in more than case, spaces, "
                       "accents and punctuation")
    return None
