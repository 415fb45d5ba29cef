"""The UN styles of a generated report: SingleTxt, NumPara, HCh/H1/H23, title and footnotes."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tests.reportgen import ooxml
from tests.reportgen.layout import Layout

FONT = "Times New Roman"
HEADINGS = ("HCh", "H1", "H23")
PARA, NUMPARA, TITLE = "SingleTxt", "NumPara", "DocTitle"
NOTE, NOTE_REF = "FootnoteTxt", "FootnoteRef"


def _plain_fonts(document, font: str) -> None:
    """One font everywhere: drops the template's theme fonts and heading colours."""
    root = document.styles.element
    for fonts in root.iter(qn("w:rFonts")):
        for name in [k for k in fonts.attrib if k.endswith("Theme")]:
            del fonts.attrib[name]
        for key in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{key}"), font)
    for colour in list(root.iter(qn("w:color"))):
        colour.getparent().remove(colour)


def _paragraph_style(document, name: str, base: str | None, size: float, *, bold=False):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = document.styles[base]
    style.font.size, style.font.bold = Pt(size), bold
    return style


def _body(document, layout: Layout) -> None:
    body = _paragraph_style(document, PARA, "Normal", 10)
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(12)
    fmt.space_before, fmt.space_after = Pt(0), Pt(0 if layout.tight else 6)
    fmt.left_indent = fmt.right_indent = Cm(1.27)
    if layout.close_tab:  # 0.4 cm after a typed number's start
        fmt.tab_stops.add_tab_stop(Cm(1.67))
    fmt.tab_stops.add_tab_stop(Cm(2.2))
    _paragraph_style(document, NUMPARA, PARA, 10)


def _headings(document, numbered: bool, layout: Layout) -> None:
    sizes = (14, layout.agenda_size or 12, 10)
    for level, (name, size) in enumerate(zip(HEADINGS, sizes, strict=True)):
        style = _paragraph_style(document, name, f"Heading {level + 1}", size, bold=True)
        fmt = style.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Cm(1.27), Cm(-1.27)
        after = (13, 12, 0 if layout.tight else 6)[level]
        fmt.space_before, fmt.space_after = Pt((16, 12, 12)[level]), Pt(after)
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


def add_styles(document, numbered: bool, layout: Layout) -> None:
    """Every style the report uses; with `numbered`, NumPara and the headings carry numPr."""
    font = layout.font or FONT
    _plain_fonts(document, font)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(10)
    _body(document, layout)
    _headings(document, numbered, layout)
    title = _paragraph_style(document, TITLE, "Normal", 16, bold=True)
    title.paragraph_format.left_indent = Cm(1.27)
    title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(12), Pt(18)
    _notes(document)
    for name in (PARA, NUMPARA, *HEADINGS, TITLE, NOTE, NOTE_REF):
        document.styles[name].font.name = font
    if numbered:
        ooxml.set_num(document.styles[NUMPARA].element.get_or_add_pPr(), ooxml.PARAS, 0)
