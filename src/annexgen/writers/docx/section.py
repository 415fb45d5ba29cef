"""word/document.xml: the body's paragraphs and the section with page size, margins, heads."""

from __future__ import annotations

from annexgen.styles.model import Styles
from annexgen.writers.docx.xml import DECLARATION, ROOT_NS, twips_mm


def document_xml(paragraphs: bytes, styles: Styles, header_rid: str, footer_rid: str,
                 first_page: int = 1, rtl: bool = False) -> bytes:
    start = f"{DECLARATION}<w:document {ROOT_NS}><w:body>".encode()
    section = section_xml(styles, header_rid, footer_rid, first_page, rtl)
    return b"".join((start, paragraphs, f"{section}</w:body></w:document>".encode()))


def section_xml(styles: Styles, header_rid: str, footer_rid: str, first_page: int = 1,
                rtl: bool = False) -> str:
    """The one section; page numbers start at `first_page` (w:pgNumType comes after
    w:pgMar and before w:cols in CT_SectPr); a right-to-left section (`rtl`: w:bidi, after
    w:cols) lays out its page from the right."""
    page = styles.page
    numbering = f'<w:pgNumType w:start="{first_page}"/>' if first_page != 1 else ""
    return (
        f'<w:sectPr><w:headerReference w:type="default" r:id="{header_rid}"/>'
        f'<w:footerReference w:type="default" r:id="{footer_rid}"/>'
        f'<w:pgSz w:w="{twips_mm(page.width_mm)}" w:h="{twips_mm(page.height_mm)}"/>'
        f'<w:pgMar w:top="{twips_mm(page.margin_top_mm)}" '
        f'w:right="{twips_mm(page.margin_right_mm)}" '
        f'w:bottom="{twips_mm(page.margin_bottom_mm)}" w:left="{twips_mm(page.margin_left_mm)}" '
        f'w:header="{twips_mm(page.header_mm)}" w:footer="{twips_mm(page.footer_mm)}" '
        f'w:gutter="0"/>{numbering}<w:cols w:space="720"/>{"<w:bidi/>" if rtl else ""}</w:sectPr>'
    )
