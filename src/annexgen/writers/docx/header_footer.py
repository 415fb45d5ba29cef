"""Running heads: header with short title, annex name and status marking; footer with PAGE."""

from __future__ import annotations

from annexgen.compose.word import WordDocument
from annexgen.styles.model import Styles
from annexgen.writers.docx.xml import DECLARATION, ROOT_NS, text_run, twips_mm


def header_xml(document: WordDocument, styles: Styles, style_ids: dict[str, str]) -> bytes:
    """The status marking (when not final) above a line: short title left, annex name right."""
    marking = (f'<w:p><w:pPr><w:pStyle w:val="{style_ids["status"]}"/></w:pPr>'
               f"{text_run(document.marking)}</w:p>" if document.marking else "")
    line = ""
    if document.header_left or document.header_right:
        line = f"<w:p>{_header_ppr(styles, style_ids)}{_header_runs(document)}</w:p>"
    return f"{DECLARATION}<w:hdr {ROOT_NS}>{marking}{line}</w:hdr>".encode()


def _header_ppr(styles: Styles, style_ids: dict[str, str]) -> str:
    page = styles.page
    width = twips_mm(page.width_mm - page.margin_left_mm - page.margin_right_mm)
    return (f'<w:pPr><w:pStyle w:val="{style_ids["header"]}"/>'
            f'<w:tabs><w:tab w:val="right" w:pos="{width}"/></w:tabs></w:pPr>')


def _header_runs(document: WordDocument) -> str:
    left = text_run(document.header_left) if document.header_left else ""
    right = "<w:r><w:tab/></w:r>" + text_run(document.header_right) if document.header_right else ""
    return left + right


def footer_xml(style_ids: dict[str, str]) -> bytes:
    """The page number as a PAGE field (Word and LibreOffice compute it at layout)."""
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
             "<w:r><w:t>1</w:t></w:r>"
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return (f'{DECLARATION}<w:ftr {ROOT_NS}><w:p><w:pPr><w:pStyle w:val="{style_ids["footer"]}"/>'
            f"</w:pPr>{field}</w:p></w:ftr>").encode()
