"""The Word files say what they are: core, app and custom properties from document.yaml."""

from __future__ import annotations

import dataclasses
import io

import docx
import pytest

from annexgen.compose.paper import compose_paper
from annexgen.writers.docx.package import write_docx
from tests.ooxml import part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

WORD_FILES = ("snapshot-paper.docx", "annex-a.docx")
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def custom_values(data: bytes) -> dict[str, str]:
    """Each custom property's name and its value's text."""
    return {prop.get("name"): prop[0].text
            for prop in part(data, "docProps/custom.xml").iter(f"{CUSTOM}property")}


def test_the_workbook_says_what_it_is_as_the_word_files_do(shipped, shipped_files):
    import openpyxl

    corpus, annex_b = shipped[0], shipped_files["annex-b.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(annex_b))
    assert book.properties.subject == corpus.document.short_title
    assert book.properties.keywords == ", ".join(m.symbol for m in corpus.meetings)
    assert custom_values(annex_b) == custom_values(shipped_files["annex-a.docx"])
    app = part(annex_b, "docProps/app.xml")
    assert app.findtext(f"{EXTENDED}Application") == "annexgen"


@pytest.mark.parametrize("file_name", WORD_FILES)
def test_core_properties_describe_the_set(shipped, shipped_word, file_name):
    corpus = shipped[0]
    core = docx.Document(io.BytesIO(shipped_word[file_name])).core_properties
    assert core.subject == corpus.document.short_title
    assert core.keywords == ", ".join(meeting.symbol for meeting in corpus.meetings)
    assert core.content_status == corpus.document.status
    assert core.language == corpus.document.language


@pytest.mark.parametrize("file_name", WORD_FILES)
def test_custom_properties_give_the_status_and_the_supported_meeting(shipped, shipped_word,
                                                                     file_name):
    meta = shipped[0].document
    assert custom_values(shipped_word[file_name]) == {
        "Status": meta.status, "Final": "false", "Supported meeting": meta.supports.name,
        "Supported meeting venue": f"{meta.supports.city}, {meta.supports.country}",
        "Supported meeting start": f"{meta.supports.start.isoformat()}T00:00:00Z",
        "Supported meeting end": f"{meta.supports.end.isoformat()}T00:00:00Z"}


@pytest.mark.parametrize("file_name", WORD_FILES)
def test_app_properties_name_annexgen_and_the_author(shipped, shipped_word, file_name):
    app = part(shipped_word[file_name], "docProps/app.xml")
    assert app.findtext(f"{EXTENDED}Application") == "annexgen"
    assert app.findtext(f"{EXTENDED}Company") == shipped[0].document.author


def test_a_document_symbol_and_final_status_are_said(shipped):
    corpus, styles = shipped
    final = dataclasses.replace(corpus.document, symbol="A/CONF.234/CRP.1", status="final")
    data = write_docx(compose_paper(dataclasses.replace(corpus, document=final)), styles, final)
    values = custom_values(data)
    assert (values["Document symbol"], values["Status"], values["Final"]) == (
        "A/CONF.234/CRP.1", "final", "true")
    keywords = docx.Document(io.BytesIO(data)).core_properties.keywords
    assert keywords.startswith("A/CONF.234/CRP.1, A/CONF.234/RPM.")


def test_report_links_show_their_address_and_name_the_report_in_a_tooltip(shipped, shipped_word):
    """The seed prints the bare addresses, so they stay the links' text; the title is the
    tooltip."""
    body = part(shipped_word["snapshot-paper.docx"], "word/document.xml")
    links = [(link.get(f"{W}tooltip"), "".join(link.itertext()))
             for link in body.iter(f"{W}hyperlink")]
    assert links == [(f"Report of the {m.name} ({m.symbol})", m.url) for m in shipped[0].meetings]
