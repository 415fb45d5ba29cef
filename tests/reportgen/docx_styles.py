"""The UN styles of a generated report: SingleTxt, NumPara, HCh/H1/H23, title and footnotes."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tests.reportgen import ooxml

FONT = "Times New Roman"
HEADINGS = ("HCh", "H1", "H23")
PARA, NUMPARA, TITLE = "SingleTxt", "NumPara", "DocTitle"
NOTE, NOTE_REF = "FootnoteTxt", "FootnoteRef"


def _plain_fonts(document) -> None:
    """Times New Roman everywhere: drops the template's theme fonts and heading colours."""
    root = document.styles.element
    for fonts in root.iter(qn("w:rFonts")):
        for name in [k for k in fonts.attrib if k.endswith("Theme")]:
            del fonts.attrib[name]
        for key in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{key}"), FONT)
    for colour in list(root.iter(qn("w:color"))):
        colour.getparent().remove(colour)


def _paragraph_style(document, name: str, base: str | None, size: float, *, bold=False):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = document.styles[base]
    style.font.name, style.font.size, style.font.bold = FONT, Pt(size), bold
    return style


def _body(document) -> None:
    body = _paragraph_style(document, PARA, "Normal", 10)
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(12)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.left_indent = fmt.right_indent = Cm(1.27)
    fmt.tab_stops.add_tab_stop(Cm(2.2))
    _paragraph_style(document, NUMPARA, PARA, 10)


def _headings(document, numbered: bool) -> None:
    for level, (name, size) in enumerate(zip(HEADINGS, (14, 12, 10), strict=True)):
        style = _paragraph_style(document, name, f"Heading {level + 1}", size, bold=True)
        fmt = style.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Cm(1.27), Cm(-1.27)
        fmt.space_before, fmt.space_after = Pt((16, 12, 12)[level]), Pt((13, 12, 6)[level])
        fmt.keep_with_next = True
        fmt.tab_stops.add_tab_stop(Cm(1.27))
        if numbered:
            ooxml.set_num(style.element.get_or_add_pPr(), ooxml.HEADINGS, level)


def _notes(document) -> None:
    note = _paragraph_style(document, NOTE, "Normal", 9)
    note.paragraph_format.left_indent = Cm(1.27)
    note.paragraph_format.space_after = Pt(2)
    ref = document.styles.add_style(NOTE_REF, WD_STYLE_TYPE.CHARACTER)
    ref.font.superscript = True


def add_styles(document, numbered: bool) -> None:
    """Every style the report uses; with `numbered`, NumPara and the headings carry numPr."""
    _plain_fonts(document)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    _body(document)
    _headings(document, numbered)
    title = _paragraph_style(document, TITLE, "Normal", 16, bold=True)
    title.paragraph_format.left_indent = Cm(1.27)
    title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(12), Pt(18)
    _notes(document)
    if numbered:
        ooxml.set_num(document.styles[NUMPARA].element.get_or_add_pPr(), ooxml.PARAS, 0)
