"""Assembles a .docx: python-docx's OPC layer for parts and relationships, our XML for content."""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PACKAGE_URI, PackURI
from docx.opc.part import Part
from docx.package import Package

from annexgen.compose.word import WordDocument
from annexgen.core.deliverables import Pages
from annexgen.core.model import DocumentSet
from annexgen.styles.model import Styles, right_to_left
from annexgen.writers import properties
from annexgen.writers.docx.body import ParagraphWriter
from annexgen.writers.docx.footnotes_part import footnotes_xml
from annexgen.writers.docx.header_footer import footer_xml, header_xml
from annexgen.writers.docx.numbering_part import list_numbers, numbering_xml
from annexgen.writers.docx.runs import Notes, RunWriter
from annexgen.writers.docx.section import document_xml
from annexgen.writers.docx.settings_part import settings_xml
from annexgen.writers.docx.styles_part import style_ids, styles_xml
from annexgen.writers.ooxml import (
    app_properties,
    build_time,
    content_types,
    core_properties,
    custom_properties,
    w3c_time,
    write_zip,
)


class _LatePart(Part):
    """A part whose XML is written after its relationships (their ids go into the XML)."""

    def set_blob(self, blob: bytes) -> None:
        self._blob = blob


def _part(package: Package, name: str, content_type: str, blob: bytes | None = None) -> _LatePart:
    return _LatePart(PackURI(name), content_type, blob, package)


def write_docx(document: WordDocument, styles: Styles, meta: DocumentSet,
               pages: Pages | None = None) -> bytes:
    """The package's bytes; the same input always gives the same bytes."""
    package = Package()
    main = _part(package, "/word/document.xml", CT.WML_DOCUMENT_MAIN)
    package.relate_to(main, RT.OFFICE_DOCUMENT)
    ids = style_ids(styles)
    main.relate_to(_part(package, "/word/styles.xml", CT.WML_STYLES,
                         styles_xml(styles, document.language)), RT.STYLES)
    main.relate_to(_part(package, "/word/settings.xml", CT.WML_SETTINGS,
                         settings_xml(meta.language)), RT.SETTINGS)
    num_ids = list_numbers(document.blocks)
    main.relate_to(_part(package, "/word/numbering.xml", CT.WML_NUMBERING,
                         numbering_xml(styles, list(document.blocks), num_ids)), RT.NUMBERING)
    header = main.relate_to(_part(package, "/word/header1.xml", CT.WML_HEADER,
                                  header_xml(document, styles, ids)), RT.HEADER)
    footer = main.relate_to(_part(package, "/word/footer1.xml", CT.WML_FOOTER, footer_xml(ids)),
                            RT.FOOTER)
    notes, pages, when = Notes(), pages or {}, build_time(meta.date)
    runs = RunWriter(ids, _linker(main), notes, pages, document.page_words, styles.highlight,
                     w3c_time(when))
    body = ParagraphWriter(runs, num_ids)
    paragraphs = body.paragraphs(document.blocks)
    if notes.numbers:
        _add_footnotes(package, main, document, notes, body, ids, pages)
    main.set_blob(document_xml(paragraphs, styles, header, footer, document.first_page,
                               right_to_left(document.language)))
    return _save(package, document, meta, when)


def _linker(part: Part):
    """Hyperlink relationship ids, one per distinct URL of a part."""
    known: dict[str, str] = {}

    def link_rid(url: str) -> str:
        if url not in known:
            known[url] = part.relate_to(url, RT.HYPERLINK, is_external=True)
        return known[url]

    return link_rid


def _add_footnotes(package, main, document, notes, body, ids, pages) -> None:
    part = _part(package, "/word/footnotes.xml", CT.WML_FOOTNOTES)
    main.relate_to(part, RT.FOOTNOTES)
    runs = RunWriter(ids, _linker(part), Notes(), pages, document.page_words,
                     body.runs.highlight, body.runs.revision_date)
    writer = ParagraphWriter(runs, body.num_ids, body.bookmarks)
    part.set_blob(footnotes_xml(document.footnotes, notes.numbers, writer))


def _save(package: Package, document: WordDocument, meta: DocumentSet,
          when) -> bytes:
    for name, content_type, relationship, blob in _properties(document, meta, when):
        package.relate_to(_part(package, name, content_type, blob), relationship)
    return write_zip(_members(package), when)


def _properties(document: WordDocument, meta: DocumentSet, when):
    """The property parts (name, content type, relationship, bytes): core, app, custom."""
    core = core_properties(document.title, meta.author, meta.language, when,
                           **properties.described(meta, document.keywords))
    return [("/docProps/core.xml", CT.OPC_CORE_PROPERTIES, RT.CORE_PROPERTIES, core),
            ("/docProps/app.xml", CT.OFC_EXTENDED_PROPERTIES, RT.EXTENDED_PROPERTIES,
             app_properties(meta.author)),
            ("/docProps/custom.xml", CT.OFC_CUSTOM_PROPERTIES, RT.CUSTOM_PROPERTIES,
             custom_properties(properties.custom(meta)))]


def _members(package: Package):
    """The package's members in the order python-docx's PackageWriter writes them,
    serialised by its OPC layer; zipped once, with fixed times (no second pass)."""
    parts = list(package.iter_parts())
    yield "[Content_Types].xml", content_types([(str(p.partname), p.content_type)
                                                for p in parts])
    yield PACKAGE_URI.rels_uri.membername, package.rels.xml
    for part in parts:
        yield part.partname.membername, part.blob
        if len(part.rels):
            yield part.partname.rels_uri.membername, part.rels.xml
