"""Reads a meeting report made in Word (.docx): headings, numbered paragraphs and sub-items."""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from annexgen.core.diagnostics import Loc
from annexgen.importer.readers.blocks import (
    PARAGRAPH_LABEL,
    SUBITEM_LABEL,
    SYMBOL,
    TYPED_PARAGRAPH,
    TYPED_SUBITEM,
    Kind,
    ReadReport,
    ReportBlock,
    UnreadableReport,
)
from annexgen.importer.readers.numbering import Numbering, W

# UN style names (New York and Geneva sets) and Word's built-in heading names, by depth.
_HEADING_STYLES = {"hch": 1, "hchg": 1, "h1": 2, "h1g": 2, "h23": 3, "h23g": 3, "h4": 4,
                   "h4g": 4, "h56": 5, "h56g": 5, "title": 1}
_BUILT_IN_HEADING = re.compile(r"heading (\d)")
_SKIPPED = {f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}moveFrom", f"{W}instrText",
            f"{W}footnoteReference", f"{W}endnoteReference", f"{W}commentReference",
            "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def read_docx(data: bytes, path: str) -> ReadReport:
    """The blocks of a Word report, numbered as Word numbers them."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        raise UnreadableReport(f"cannot be opened as a Word document ({exc})") from None
    part = document.part
    numbering_part = next((rel.target_part for rel in part.rels.values()
                           if rel.reltype.endswith("/numbering")), None)
    numbering = Numbering(numbering_part.element if numbering_part is not None else None,
                          document.styles.element)
    styles = _StyleInfo(document.styles.element)
    blocks = []
    for ordinal, paragraph in enumerate(_paragraphs(document.element.body), start=1):
        block = _block(paragraph, Loc(path, ordinal, 1), numbering, styles)
        if block is not None:
            blocks.append(block)
    return ReadReport(tuple(blocks), _symbols(document, blocks))


def _symbols(document, blocks: list[ReportBlock]) -> frozenset[str]:
    """The document symbols in the body and in the running heads (where UN reports repeat it)."""
    texts = [block.text for block in blocks[:40]]
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header):
            if not part.is_linked_to_previous:
                texts.extend(p.text for p in part.paragraphs)
    return frozenset(m.group(0) for text in texts for m in SYMBOL.finditer(text))


def _paragraphs(container: etree._Element):
    """Body paragraphs in reading order, also those in tables and content controls (but
    not those in text boxes, which float beside the text)."""
    for child in container:
        if child.tag == f"{W}p":
            yield child
        elif child.tag in (f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}sdt", f"{W}sdtContent",
                           f"{W}customXml"):
            yield from _paragraphs(child)


class _StyleInfo:
    """What a paragraph style says about headings: its depth, through its base styles."""

    def __init__(self, styles: etree._Element):
        self._by_id = {s.get(f"{W}styleId", ""): s for s in styles.findall(f"{W}style")}

    def heading_level(self, style_id: str | None) -> int | None:
        seen = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            if outline is not None and outline.get(f"{W}val", "9").isdigit():
                value = int(outline.get(f"{W}val", "9"))
                return value + 1 if value < 9 else None
            name = (style.find(f"{W}name").get(f"{W}val", "") if style.find(f"{W}name")
                    is not None else "").strip().lower()
            if name in _HEADING_STYLES:
                return _HEADING_STYLES[name]
            if m := _BUILT_IN_HEADING.fullmatch(name):
                return int(m.group(1))
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return None


def _block(paragraph: etree._Element, loc: Loc, numbering: Numbering,
           styles: _StyleInfo) -> ReportBlock | None:
    text, footnotes = _text(paragraph)
    label_level = numbering.label(paragraph)
    label = label_level[0].strip() if label_level else ""
    text = text.strip()
    if not text:
        return None
    style_id = paragraph.find(f"{W}pPr/{W}pStyle")
    own_outline = paragraph.find(f"{W}pPr/{W}outlineLvl")
    level = styles.heading_level(style_id.get(f"{W}val") if style_id is not None else None)
    if own_outline is not None and own_outline.get(f"{W}val", "9").isdigit():
        value = int(own_outline.get(f"{W}val", "9"))
        level = value + 1 if value < 9 else None
    if level is not None:
        label, text = _typed_heading_label(label, text)
        return ReportBlock(Kind.HEADING, text, loc, label=label, level=level, footnotes=footnotes)
    return _body_block(text, label, loc, footnotes)


def _typed_heading_label(label: str, text: str) -> tuple[str, str]:
    if label:
        return label, text
    head, _, rest = text.partition("\t")
    if rest and len(head) <= 6 and head.rstrip(".").isalnum():
        return head, rest.strip()
    match = re.match(r"([IVXLC]{1,6}\.|[A-Z]\.|\d{1,2}\.)\s+", text)
    return (match.group(1), text[match.end():]) if match else ("", text)


def _body_block(text: str, label: str, loc: Loc, footnotes: int) -> ReportBlock:
    if label and (number := PARAGRAPH_LABEL.fullmatch(label)):
        return ReportBlock(Kind.PARAGRAPH, text, loc, label=label, number=int(number.group(1)),
                     footnotes=footnotes)
    if label and SUBITEM_LABEL.fullmatch(label):
        return ReportBlock(Kind.SUBITEM, text, loc, label=label, footnotes=footnotes)
    if not label and (m := TYPED_PARAGRAPH.match(text)):
        return ReportBlock(Kind.PARAGRAPH, text[m.end():], loc, label=f"{m.group(1)}.",
                     number=int(m.group(1)), footnotes=footnotes)
    if not label and (m := TYPED_SUBITEM.match(text)):
        return ReportBlock(Kind.SUBITEM, text[m.end():], loc, label=m.group(1), footnotes=footnotes)
    return ReportBlock(Kind.TEXT, text, loc, label=label, footnotes=footnotes)


def _text(paragraph: etree._Element) -> tuple[str, int]:
    """A paragraph's text (tabs kept, line breaks as spaces, deleted text and field codes
    left out) and how many footnote or endnote references it holds."""
    parts: list[str] = []
    footnotes = 0

    def walk(element: etree._Element) -> None:
        nonlocal footnotes
        for child in element:
            tag = child.tag
            if tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                footnotes += 1
            if tag in _SKIPPED or not isinstance(tag, str):
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append(" ")
            elif tag == f"{W}noBreakHyphen":
                parts.append("\u2011")
            elif tag == f"{W}sym":
                parts.append(" ")
            elif tag != f"{W}txbxContent":
                walk(child)

    walk(paragraph)
    return "".join(parts), footnotes
