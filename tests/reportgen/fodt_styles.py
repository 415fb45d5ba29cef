"""The styles part of a flat ODT report: paragraph styles, outline numbering, list styles, pages."""

from __future__ import annotations

from xml.sax.saxutils import escape

from tests.reportgen.layout import Layout

FONT = "Liberation Serif"

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:xml="http://www.w3.org/XML/1998/namespace"')


def _para_style(name: str, parent: str, paragraph: str, text: str = "", outline: int = 0) -> str:
    level = f' style:default-outline-level="{outline}"' if outline else ""
    return (f'<style:style style:name="{name}" style:family="paragraph" '
            f'style:parent-style-name="{parent}"{level}>'
            f"<style:paragraph-properties {paragraph}/><style:text-properties {text}/>"
            "</style:style>")


def _level(tag: str, level: int, fmt: str, indent: float, prefix: str = "", suffix: str = ".",
           extra: str = "", tab: float | None = None) -> str:
    pre = f' style:num-prefix="{prefix}"' if prefix else ""
    return (f'<text:{tag} text:level="{level}" style:num-format="{fmt}"{pre} '
            f'style:num-suffix="{suffix}"{extra}><style:list-level-properties '
            'text:list-level-position-and-space-mode="label-alignment">'
            '<style:list-level-label-alignment text:label-followed-by="listtab" '
            f'text:list-tab-stop-position="{tab or indent}cm" fo:text-indent="-1.27cm" '
            f'fo:margin-left="{indent}cm"/></style:list-level-properties></text:{tag}>')


def _outline() -> str:
    levels = [_level("outline-level-style", n, fmt, 1.27)
              for n, fmt in enumerate(("I", "A", "1"), start=1)]
    levels += [f'<text:outline-level-style text:level="{n}" style:num-format=""/>'
               for n in range(4, 11)]
    return f'<text:outline-style style:name="Outline">{"".join(levels)}</text:outline-style>'


def _lists(close_tab: bool) -> str:
    # Layout.close_tab: 0.4 cm after the number's start (1.905 - 1.27 cm)
    paras = (_level("list-level-style-number", 1, "1", 1.905, tab=1.035 if close_tab else None)
             + _level("list-level-style-number", 2, "a", 3.175, "(", ")")
             + _level("list-level-style-number", 3, "i", 4.445, "(", ")"))
    agenda = _level("list-level-style-number", 1, "1", 3.175)
    return (f'<text:list-style style:name="Paras">{paras}</text:list-style>'
            f'<text:list-style style:name="Agenda">{agenda}</text:list-style>')


def _body(tight: bool) -> str:
    return ('fo:margin-left="1.27cm" fo:margin-right="1.27cm" fo:margin-top="0cm" '
            f'fo:margin-bottom="{0 if tight else 0.212}cm" fo:line-height="0.423cm" '
            'fo:text-align="justify"')


def styles(layout: Layout) -> str:
    """office:font-face-decls and office:styles."""
    sizes = (14, layout.agenda_size or 12, 10)
    heads = "".join(
        _para_style(name, "Standard", f'fo:margin-top="{top}pt" fo:margin-bottom="{bottom}pt" '
                    'fo:keep-with-next="always"', f'fo:font-size="{size}pt" fo:font-weight="bold"',
                    outline=level)
        for level, (name, size, top, bottom) in enumerate(
            (("HCh", sizes[0], 16, 13), ("H1", sizes[1], 12, 12),
             ("H23", sizes[2], 12, 0 if layout.tight else 6)), start=1))
    font = escape(layout.font or FONT)
    # Layout.raised_marks: a footnote reference at body size, raised a third of it.
    anchor = ('<style:style style:name="NoteAnchor" style:family="text"><style:text-properties '
              'style:text-position="33% 100%"/></style:style>' if layout.raised_marks else "")
    return (
        f'<office:font-face-decls><style:font-face style:name="{font}" '
        f"svg:font-family=\"'{font}'\" style:font-family-generic=\"roman\"/>"
        "</office:font-face-decls><office:styles>"
        '<style:default-style style:family="paragraph"><style:text-properties '
        f'style:font-name="{font}" fo:font-size="10pt" fo:language="en" '
        'fo:country="GB"/></style:default-style>'
        '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
        + anchor + _para_style("SingleTxt", "Standard", _body(layout.tight))
        + _para_style("SubItem", "SingleTxt", 'fo:margin-left="3.175cm" fo:text-indent="-1.27cm"')
        + _para_style("DocTitle", "Standard", 'fo:margin-left="1.27cm" fo:margin-top="12pt" '
                      'fo:margin-bottom="18pt"', 'fo:font-size="16pt" fo:font-weight="bold"')
        + _para_style("Right", "Standard", 'fo:text-align="end"')
        + _para_style("Organ", "Standard", "", 'fo:font-size="15pt" fo:font-weight="bold"')
        + _para_style("Footnote", "Standard", 'fo:margin-left="1.27cm"', 'fo:font-size="9pt"')
        + _para_style("RunHead", "Standard", 'fo:border-bottom="0.5pt solid #000000"',
                      'fo:font-size="9pt" fo:font-weight="bold"')
        + _para_style("RunFoot", "Standard", "", 'fo:font-size="8pt"')
        + heads + _outline() + _lists(layout.close_tab)
        + '<text:notes-configuration text:note-class="footnote" style:num-format="1" '
        + ('text:citation-body-style-name="NoteAnchor" ' if layout.raised_marks else "")
        + 'text:start-value="0" text:footnotes-position="page" '
        'text:start-numbering-at="document"/></office:styles>')


def pages(symbol: str, job: str, first_footer: str) -> str:
    """office:automatic-styles (page layout, first paragraph) and office:master-styles."""
    layout = ('<style:page-layout style:name="pm1"><style:page-layout-properties '
              'fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm" '
              'fo:margin-bottom="1.0cm" fo:margin-left="2.2cm" fo:margin-right="2.2cm"/>'
              '<style:header-style><style:header-footer-properties fo:min-height="0cm" '
              'fo:margin-bottom="0.5cm"/></style:header-style><style:footer-style>'
              '<style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm"/>'
              "</style:footer-style></style:page-layout>")
    first = ('<style:style style:name="Mast" style:family="table" style:master-page-name='
             '"FirstPage"><style:table-properties style:width="16.6cm" table:align="left"/>'
             '</style:style><style:style style:name="Rule" style:family="table-cell">'
             '<style:table-cell-properties fo:border-bottom="0.5pt solid #000000"/></style:style>'
             '<style:style style:name="Thick" style:family="table-cell">'
             '<style:table-cell-properties fo:border-bottom="2pt solid #000000"/></style:style>'
             '<style:style style:name="Big" style:family="text"><style:text-properties '
             'fo:font-size="20pt"/></style:style><style:style style:name="Bold" '
             'style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>')
    page_number = '<text:page-number text:select-page="current">2</text:page-number>'
    return (f"<office:automatic-styles>{layout}{first}</office:automatic-styles>"
            '<office:master-styles><style:master-page style:name="Standard" '
            'style:page-layout-name="pm1"><style:header>'
            f'<text:p text:style-name="RunHead">{escape(symbol)}</text:p></style:header>'
            f'<style:footer><text:p text:style-name="RunFoot">{escape(job)}<text:tab/>'
            f"<text:tab/>{page_number}</text:p></style:footer></style:master-page>"
            '<style:master-page style:name="FirstPage" style:page-layout-name="pm1" '
            'style:next-style-name="Standard"><style:footer>'
            f'<text:p text:style-name="RunFoot">{escape(first_footer)}</text:p>'
            "</style:footer></style:master-page></office:master-styles>")
