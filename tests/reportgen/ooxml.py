"""Raw WordprocessingML pieces python-docx has no API for: numbering, fields, footnotes, borders."""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement

W = nsdecls("w")
PARAS, HEADINGS, AGENDA, SUBLIST = 1, 2, 3, 4  # the w:num ids


def _lvl(ilvl: int, fmt: str, text: str, left: int, hanging: int, style: str = "",
         tab: int | None = None) -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
            f'<w:tabs><w:tab w:val="left" w:pos="{tab or left}"/></w:tabs>'
            f'<w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>')


def _abstract(abstract_id: int, name: str, levels: list[str], multi: str) -> str:
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="{multi}"/>'
            f'<w:name w:val="{name}"/>{"".join(levels)}</w:abstractNum>')


def _num(num_id: int, abstract_id: int, restart: bool = False) -> str:
    override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                if restart else "")
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'


# A tab stop 0.4 cm after a paragraph number's start (Layout.close_tab).
CLOSE_TAB = 720 + 227


def numbering_xml(para_style: str, heading_styles: tuple[str, str, str],
                  close_tab: bool = False) -> str:
    """Paragraph numbers "1." with sub-levels "(a)" "(i)"; headings "I." "A." "1." linked to
    their styles; the adopted agenda and a lettered sub-list as lists of their own, each
    restarted through a w:lvlOverride/w:startOverride."""
    hch, h1, h23 = heading_styles
    tab = CLOSE_TAB if close_tab else None
    paras = [_lvl(0, "decimal", "%1.", 1247, 527, para_style, tab),
             _lvl(1, "lowerLetter", "(%2)", 1800, 720), _lvl(2, "lowerRoman", "(%3)", 2520, 720)]
    heads = [_lvl(0, "upperRoman", "%1.", 720, 720, hch),
             _lvl(1, "upperLetter", "%2.", 720, 720, h1), _lvl(2, "decimal", "%3.", 720, 720, h23)]
    return (f"<w:numbering {W}>"
            + _abstract(10, "UN paragraphs", paras, "multilevel")
            + _abstract(20, "UN headings", heads, "multilevel")
            + _abstract(30, "Agenda", [_lvl(0, "decimal", "%1.", 1800, 720)], "singleLevel")
            + _abstract(40, "Sub-items", [_lvl(0, "lowerLetter", "(%1)", 1800, 720)],
                        "singleLevel")
            + _num(PARAS, 10) + _num(HEADINGS, 20) + _num(AGENDA, 30, restart=True)
            + _num(SUBLIST, 40, restart=True) + "</w:numbering>")


def install_numbering(document, para_style: str, heading_styles: tuple[str, str, str],
                      close_tab: bool = False) -> None:
    """Replaces the template's numbering part's content with ours."""
    part = document.part.numbering_part
    element = parse_xml(numbering_xml(para_style, heading_styles, close_tab))
    part._element = element


def set_num(p_pr, num_id: int, ilvl: int = 0) -> None:
    """Direct (or, given a style's pPr, style-linked) numbering."""
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def end_section(body, columns: int) -> None:
    """Makes the body's last paragraph end a section of `columns` columns (0.5 cm apart);
    the section after it starts on the same page (a continuous break) and keeps the
    running heads of the first."""
    sentinel = body.get_or_add_sectPr()
    ended = sentinel.clone()
    ended.find(qn("w:cols")).set(qn("w:num"), str(columns))
    ended.find(qn("w:cols")).set(qn("w:space"), "283")
    body.findall(qn("w:p"))[-1].set_sectPr(ended)
    for reference in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(reference)
    sentinel.start_type = WD_SECTION.CONTINUOUS


def add_field(paragraph, instruction: str, shown: str = "1") -> None:
    """A complex field (PAGE and the like) at the end of `paragraph`."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("text", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} "
        elif kind == "text":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def border(p_pr, side: str, size: int) -> None:
    """A single rule on one side of a paragraph (size in eighths of a point)."""
    bdr = p_pr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        p_pr.insert_element_before(bdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing",
                                   "w:ind", "w:jc", "w:rPr")
    rule = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", "000000")):
        rule.set(qn(f"w:{key}"), value)
    bdr.append(rule)


class Footnotes:
    """The footnotes part: separators first, then one w:footnote per reference."""

    def __init__(self, document, text_style: str, ref_style: str, raised: bool = False):
        self._styles = text_style, ref_style
        # A reference in the text at body size, its baseline 3 pt up (half points), or the
        # style's smaller superscript.
        self._raised = '<w:position w:val="6"/><w:vertAlign w:val="baseline"/>' if raised else ""
        self._element = parse_xml(
            f'<w:footnotes {W}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            '<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self._element,
                       document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        self._next = 1

    def reference(self, paragraph, text: str) -> None:
        """A reference mark at the end of `paragraph`, and its footnote holding `text`."""
        text_style, ref_style = self._styles
        note_id, self._next = self._next, self._next + 1
        self._element.append(parse_xml(
            f'<w:footnote {W} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="{text_style}"/>'
            f'</w:pPr><w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {_escape(text)}</w:t></w:r></w:p></w:footnote>'))
        paragraph._p.append(parse_xml(
            f'<w:r {W}><w:rPr><w:rStyle w:val="{ref_style}"/>{self._raised}</w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>'))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
