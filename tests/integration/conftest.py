"""Fixtures of the integration tests: the shipped content and the reports written from it."""

from __future__ import annotations

import pytest

from annexgen.load.corpus import load_corpus
from tests.conftest import CONTENT, HAS_RENDERER
from tests.importing import REPORTS
from tests.reportgen import to_pdfs
from tests.reportgen.sets import write_reports


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(CONTENT)


@pytest.fixture(scope="session")
def docx_reports(corpus, tmp_path_factory):
    """name -> (report, expected) for the reports python-docx writes."""
    return write_reports(corpus, REPORTS, tmp_path_factory.mktemp("import-reports"), "docx")


@pytest.fixture(scope="session")
def all_reports(corpus, docx_reports, tmp_path_factory):
    """Every report as .docx, LibreOffice's included."""
    if not HAS_RENDERER:
        pytest.skip("LibreOffice (soffice) and poppler (pdftotext) are needed")
    lo_made = write_reports(corpus, REPORTS, tmp_path_factory.mktemp("import-lo"), "lo")
    return {**docx_reports, **lo_made}


@pytest.fixture(scope="session")
def pdf_reports(all_reports, tmp_path_factory):
    """Every report as LibreOffice prints it (one soffice call)."""
    names = list(all_reports)
    pdfs = to_pdfs([all_reports[n][0] for n in names], tmp_path_factory.mktemp("import-pdf"))
    return {name: (pdf, all_reports[name][1]) for name, pdf in zip(names, pdfs, strict=True)}
