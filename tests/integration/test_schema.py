"""The XML parts annexgen writes are valid against the ECMA-376 transitional schemas (offline)."""

from __future__ import annotations

import fnmatch
import io
import zipfile

import pytest
from lxml import etree

from tests.conftest import ROOT
from tests.golden import CASES, build_case

XSD_DIR = ROOT.parent / "shared" / "ooxml-xsd"
XSD = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

pytestmark = pytest.mark.skipif(
    not (XSD_DIR / "wml.xsd").is_file(),
    reason=f"the ECMA-376 schemas are not at {XSD_DIR} (see shared/ooxml-xsd/README.md)")

# Parts each package must hold (so that validation cannot pass by finding nothing),
# then every part validated, as glob patterns, with the schema that governs it.
REQUIRED = {
    ".docx": ("word/document.xml", "word/styles.xml", "word/settings.xml",
              "word/numbering.xml", "word/header1.xml", "word/footer1.xml",
              "word/footnotes.xml"),
    ".xlsx": ("xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"),
}
VALIDATED = {
    ".docx": ("wml.xsd", REQUIRED[".docx"]),
    ".xlsx": ("sml.xsd", ("xl/worksheets/sheet*.xml", "xl/styles.xml", "xl/workbook.xml")),
}
SOURCES = ["shipped", *(f"golden:{case}" for case in sorted(CASES))]
FILE_NAMES = ["snapshot-paper.docx", "annex-a.docx", "annex-b.xlsx"]


def load_schema(name: str) -> etree.XMLSchema:
    """A schema from XSD_DIR, its schemaless xml-namespace import pointed at the local xml.xsd."""
    path = XSD_DIR / name
    root = etree.parse(str(path)).getroot()
    for imported in root.iterfind(f"{{{XSD}}}import"):
        if imported.get("namespace") == XML_NS and imported.get("schemaLocation") is None:
            imported.set("schemaLocation", "xml.xsd")
    return etree.XMLSchema(etree.fromstring(etree.tostring(root), base_url=str(path)))


def strip_ignorable(root: etree._Element) -> etree._Element:
    """Drop what Markup Compatibility lets a consumer ignore (mc:Ignorable namespaces)."""
    prefixes = (root.get(f"{{{MC}}}Ignorable") or "").split()
    ignorable = {root.nsmap[p] for p in prefixes if p in root.nsmap}
    root.attrib.pop(f"{{{MC}}}Ignorable", None)
    for element in list(root.iter()):
        if isinstance(element.tag, str) and etree.QName(element).namespace in ignorable:
            element.getparent().remove(element)
            continue
        for attribute in list(element.attrib):
            if etree.QName(attribute).namespace in ignorable:
                del element.attrib[attribute]
    return root


def allow_xml_space_on_sml_text(root: etree._Element) -> etree._Element:
    """Drop xml:space="preserve" from SpreadsheetML <t>: a known gap of the 1st-edition sml.xsd.

    The schema types <t> as the simple type ST_Xstring, which cannot carry attributes, yet
    ECMA-376 §18.4.12 shows <t xml:space="preserve">, Excel writes it and needs it to keep
    leading and trailing spaces (docx4j issue #41 hit the same gap). Any other value stays in
    and fails validation.
    """
    space = f"{{{XML_NS}}}space"
    for text in root.iter(f"{{{SML}}}t"):
        if text.get(space) == "preserve":
            del text.attrib[space]
    return root


@pytest.fixture(scope="module")
def schemas() -> dict[str, etree.XMLSchema]:
    return {name: load_schema(name) for name in ("wml.xsd", "sml.xsd")}


@pytest.fixture(scope="module")
def packages(shipped_files) -> dict[str, dict[str, bytes]]:
    built = {"shipped": shipped_files}
    built.update({f"golden:{case}": build_case(case) for case in sorted(CASES)})
    return built


def parts_to_validate(file_name: str, package: zipfile.ZipFile) -> list[str]:
    _, patterns = VALIDATED[file_name[file_name.rindex("."):]]
    return sorted({name for name in package.namelist()
                   for pattern in patterns if fnmatch.fnmatchcase(name, pattern)})


def schema_errors(schema: etree.XMLSchema, file_name: str, part: str, xml: bytes) -> list[str]:
    root = strip_ignorable(etree.fromstring(xml))
    if file_name.endswith(".xlsx"):
        root = allow_xml_space_on_sml_text(root)
    if schema.validate(root):
        return []
    tree = root.getroottree()
    return [f"{part}: {where(tree, entry.path)}: {entry.message}" for entry in schema.error_log]


def where(tree: etree._ElementTree, path: str | None) -> str:
    """An error's element as local names, cells by reference: worksheet/.../c[A4]/is/r[2]/t."""
    prefixes = {prefix: uri for prefix, uri in tree.getroot().nsmap.items() if prefix}
    try:
        found = tree.xpath(path, namespaces=prefixes) if path else []
    except etree.XPathError:
        found = []
    if not found:
        return path or "?"
    steps = []
    for element in [*reversed(list(found[0].iterancestors())), found[0]]:
        name, parent = etree.QName(element).localname, element.getparent()
        same = [] if parent is None else [e for e in parent if e.tag == element.tag]
        if element.get("r"):
            name += f"[{element.get('r')}]"
        elif len(same) > 1:
            name += f"[{same.index(element) + 1}]"
        steps.append(name)
    return "/".join(steps)


@pytest.mark.parametrize("file_name", FILE_NAMES)
@pytest.mark.parametrize("source", SOURCES)
def test_generated_parts_are_schema_valid(schemas, packages, source, file_name):
    suffix = file_name[file_name.rindex("."):]
    schema = schemas[VALIDATED[suffix][0]]
    with zipfile.ZipFile(io.BytesIO(packages[source][file_name])) as package:
        missing = [part for part in REQUIRED[suffix] if part not in package.namelist()]
        errors = [error for part in parts_to_validate(file_name, package)
                  for error in schema_errors(schema, file_name, part, package.read(part))]
    assert missing == [], f"{source} {file_name} lacks {missing}"
    assert errors == [], f"{source} {file_name}:\n" + "\n".join(errors[:40])


def test_the_schemas_reject_a_misplaced_element(schemas):
    """The loaded schemas do validate: a w:pPr after a run is caught."""
    body = (f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>x</w:t></w:r>'
            "<w:pPr/></w:p></w:body></w:document>")
    errors = schema_errors(schemas["wml.xsd"], "x.docx", "word/document.xml", body.encode())
    assert len(errors) == 1 and "pPr" in errors[0]


def test_xml_space_allowance_is_narrow(schemas):
    """Only xml:space="preserve" on <t> is let through; a bad value still fails."""
    sheet = (f'<worksheet xmlns="{SML}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
             '<t xml:space="{}"> x</t></is></c></row></sheetData></worksheet>')
    assert schema_errors(schemas["sml.xsd"], "x.xlsx", "s.xml",
                         sheet.format("preserve").encode()) == []
    assert schema_errors(schemas["sml.xsd"], "x.xlsx", "s.xml",
                         sheet.format("default").encode()) != []


def test_strip_ignorable_removes_only_ignorable_namespaces():
    xml = (f'<w:document xmlns:w="urn:w" xmlns:w14="urn:w14" xmlns:mc="{MC}" '
           'mc:Ignorable="w14"><w:p w14:paraId="1"><w14:extra/><w:r/></w:p></w:document>')
    root = strip_ignorable(etree.fromstring(xml))
    assert etree.tostring(root) == (b'<w:document xmlns:w="urn:w" xmlns:w14="urn:w14" '
                                    b'xmlns:mc="' + MC.encode() + b'"><w:p><w:r/></w:p>'
                                    b'</w:document>')


# docProps/core.xml's schema imports Dublin Core by URL (not here offline): its fields are
# read in test_word_properties.py instead.
PROPERTY_SCHEMAS = {"docProps/app.xml": "shared-documentPropertiesExtended.xsd",
                    "docProps/custom.xml": "shared-documentPropertiesCustom.xsd"}


@pytest.mark.parametrize("file_name", ["snapshot-paper.docx", "annex-a.docx", "annex-b.xlsx"])
@pytest.mark.parametrize("source", SOURCES)
def test_word_property_parts_are_schema_valid(packages, source, file_name):
    with zipfile.ZipFile(io.BytesIO(packages[source][file_name])) as package:
        errors = [error for name, schema in PROPERTY_SCHEMAS.items()
                  for error in schema_errors(load_schema(schema), file_name, name,
                                             package.read(name))]
    assert errors == [], f"{source} {file_name}:\n" + "\n".join(errors)
