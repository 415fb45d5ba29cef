"""Annex B read by gnumeric (ssconvert), a spreadsheet reader besides openpyxl and LibreOffice."""

from __future__ import annotations

import gzip
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from annexgen.compose.annex_b import compose
from annexgen.core.diagnostics import Report
from annexgen.load.corpus import load_corpus
from annexgen.styles.load import load_styles
from annexgen.writers.xlsx.workbook import write_workbook

ROOT = Path(__file__).resolve().parents[2]
GNM = "{http://www.gnumeric.org/v10.dtd}"
needs_gnumeric = pytest.mark.skipif(not shutil.which("ssconvert"),
                                    reason="gnumeric's ssconvert is not installed "
                                           "(scripts/install-system-deps.sh installs it)")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT / "content")


@pytest.fixture(scope="module")
def workbook(corpus) -> bytes:
    styles = load_styles(ROOT / "styles")
    return write_workbook(compose(corpus, Report(), styles.sheet), corpus, styles)


@pytest.fixture(scope="module")
def gnumeric(workbook, tmp_path_factory) -> etree._Element:
    """The workbook as gnumeric reads it, saved in gnumeric's own XML."""
    folder = tmp_path_factory.mktemp("gnumeric")
    (folder / "annex-b.xlsx").write_bytes(workbook)
    subprocess.run(["ssconvert", "annex-b.xlsx", "annex-b.gnumeric"], cwd=folder, check=True,
                   capture_output=True, timeout=120)
    return etree.fromstring(gzip.decompress((folder / "annex-b.gnumeric").read_bytes()))


def sheet(gnumeric: etree._Element, name: str) -> etree._Element:
    [found] = [item for item in gnumeric.iter(f"{GNM}Sheet")
               if item.findtext(f"{GNM}Name") == name]
    return found


def test_hyperlinks_declare_the_namespace_once_on_the_worksheet(workbook, corpus):
    with zipfile.ZipFile(io.BytesIO(workbook)) as package:
        xml = package.read("xl/worksheets/sheet3.xml")
    assert xml.count(b"xmlns:r=") == 1 and xml.startswith(b"<worksheet ")
    reopened = load_workbook(io.BytesIO(workbook))["Meetings"]
    assert [reopened.cell(row=row, column=6).hyperlink.target
            for row in range(2, len(corpus.meetings) + 2)] == [m.url for m in corpus.meetings]


@needs_gnumeric
def test_gnumeric_reads_every_report_link(gnumeric, corpus):
    links = [link.get("target") for link in sheet(gnumeric, "Meetings").iter(f"{GNM}HyperLink")]
    assert sorted(links) == sorted(meeting.url for meeting in corpus.meetings)
    assert len(links) == 5


@needs_gnumeric
def test_gnumeric_prints_no_font_code_in_headers_and_footers(gnumeric, corpus):
    for name in ("Annex B", "Coverage", "Meetings"):
        found = sheet(gnumeric, name)
        texts = [value for tag in ("Header", "Footer") for part in found.iter(f"{GNM}{tag}")
                 for value in part.attrib.values()]
        assert not any('"' in text or "Regular" in text for text in texts), texts
        header = found.find(f".//{GNM}Header")
        assert header.get("Left").strip() == corpus.document.short_title
        assert header.get("Right").strip() == "Annex B"
        assert corpus.document.marking in header.get("Middle")
