"""Golden files: normalised XML of each part of the outputs of a few small cases."""

from __future__ import annotations

import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from lxml import etree

from annexgen.compose.check import compose_all, load_inputs
from annexgen.core.diagnostics import Report
from annexgen.pipeline.build import write_all
from tests.conftest import STYLES, make_case

GOLDEN = Path(__file__).resolve().parent
# Golden case name → bad-input-free case folder under tests/cases ("_base" is the base alone).
CASES = {"base": "_base", "final-theme": "golden-final-theme"}
PARTS = {
    ".docx": ("word/document.xml", "word/footnotes.xml", "word/styles.xml",
              "word/numbering.xml", "word/header1.xml", "word/footer1.xml",
              "word/_rels/document.xml.rels", "[Content_Types].xml"),
    ".xlsx": ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
              "xl/worksheets/sheet3.xml", "xl/styles.xml", "xl/workbook.xml",
              "[Content_Types].xml"),
}


def build_case(name: str) -> dict[str, bytes]:
    """The outputs of a golden case, built as annexgen builds them (without rendering)."""
    with tempfile.TemporaryDirectory() as tmp:
        content = make_case(CASES[name], Path(tmp))
        corpus, styles = load_inputs(content, STYLES, Report())
        return write_all(corpus, styles, compose_all(corpus, styles, Report()))


def normalized_parts(file_name: str, data: bytes) -> dict[str, str]:
    """Each golden part of a package, pretty-printed with attributes in a fixed order."""
    parts = {}
    with zipfile.ZipFile(BytesIO(data)) as package:
        names = set(package.namelist())
        for part in PARTS[Path(file_name).suffix]:
            if part in names:
                parts[part] = _pretty(package.read(part))
    return parts


def _pretty(xml: bytes) -> str:
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    for element in root.iter():
        attributes = sorted(element.attrib.items())
        element.attrib.clear()
        element.attrib.update(attributes)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def golden_path(case: str, file_name: str, part: str) -> Path:
    return GOLDEN / case / file_name / f"{part.replace('/', '__')}"
