"""The report fixtures (tests/reportgen) checked against python-docx, LibreOffice and pdftotext."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.conftest import CONTENT, HAS_RENDERER, needs_renderer
from tests.reportgen import to_pdfs, write_report
from tests.reportgen.sets import write_reports
from tests.reportgen.split import split_text

# name -> (writer, meeting, options): every meeting once, each numbering way at least once.
REPORTS = {
    "africa-auto": ("docx", "africa", {"subitems": True, "footnotes": True}),
    "asia-pacific-auto": ("docx", "asia-pacific", {}),
    "europe-typed": ("docx", "europe", {"numbering": "typed", "subitems": True,
                                        "footnotes": True}),
    "latin-america-typed": ("docx", "latin-america", {"numbering": "typed"}),
    "western-asia-lo": ("lo", "western-asia", {"subitems": True, "footnotes": True}),
}
SUBITEM = re.compile(r"\n\(([a-z]+)\) ")
TYPED_NUMBER = re.compile(r"^\d+\.[\t ]")
TYPED_LABEL = re.compile(r"^\([a-z]+\)\t")


@pytest.fixture(scope="session")
def corpus():
    from annexgen.load.corpus import load_corpus
    return load_corpus(CONTENT)


@pytest.fixture(scope="session")
def python_docx_reports(corpus, tmp_path_factory):
    return write_reports(corpus, REPORTS, tmp_path_factory.mktemp("reports"), "docx")


@pytest.fixture(scope="session")
def reports(corpus, python_docx_reports, tmp_path_factory):
    """Every report: python-docx's and (one soffice call) LibreOffice's."""
    if not HAS_RENDERER:
        pytest.skip("LibreOffice (soffice) and poppler (pdftotext) are needed")
    lo_made = write_reports(corpus, REPORTS, tmp_path_factory.mktemp("lo-reports"), "lo")
    return {**python_docx_reports, **lo_made}


@pytest.fixture(scope="session")
def pages(reports, tmp_path_factory) -> dict[str, list[str]]:
    """name -> the text of each page of its PDF (one soffice call for all)."""
    names = list(reports)
    pdfs = to_pdfs([reports[name][0] for name in names], tmp_path_factory.mktemp("pdf"))
    return {name: subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                 capture_output=True, text=True).stdout.split("\f")[:-1]
            for name, pdf in zip(names, pdfs, strict=True)}


# The plan, without any file


@pytest.mark.parametrize("parts", [1, 2, 3, 6])
def test_split_gives_the_text_back(corpus, parts):
    for outcome in corpus.outcomes:
        pieces = split_text(outcome.text, parts)
        assert len(pieces) == parts and " ".join(pieces) == outcome.text


@pytest.mark.parametrize("name", list(REPORTS))
def test_expected_numbers_and_texts_are_the_contents(corpus, name, tmp_path):
    _, meeting, options = REPORTS[name]
    options = {k: v for k, v in options.items() if k != "numbering"}
    expected = write_report(corpus, meeting, tmp_path / "r.docx", **options)
    outcomes = [o for o in corpus.outcomes if o.meeting_id == meeting]
    assert sorted(expected.paragraphs) == sorted(
        n for o in outcomes for n in range(o.first_para, o.last_para + 1))
    for outcome in outcomes:
        assert expected.paras_of(outcome.id) == list(range(outcome.first_para,
                                                           outcome.last_para + 1))
        assert SUBITEM.sub(" ", expected.outcome_text(outcome.id)) == outcome.text
    assert not set(expected.summary_texts) & {o.text for o in outcomes}
    if options.get("subitems"):
        labels = [SUBITEM.findall(expected.paragraphs[n]) for n in expected.subitem_paras]
        assert ["a", "b", "i", "ii", "c"] in labels and ["a", "b"] in labels
    assert expected.footnotes_in_outcomes == (3 if options.get("footnotes") else 0)


# The .docx, reopened with python-docx


def _outcome_section_paragraphs(document) -> list[tuple[str, object]]:
    """(text, paragraph) of every paragraph under an "Outcome of deliberations" heading."""
    found, inside = [], False
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style in ("HCh", "H1", "H23"):
            inside = paragraph.text.endswith("Outcome of deliberations")
        elif inside and paragraph.text:
            found.append((paragraph.text, paragraph))
    return found


def _expected_lines(expected) -> list[str]:
    lines = []
    for number in sorted(expected.paragraphs):
        lead, *items = re.split(r"\n(?=\([a-z]+\) )", expected.paragraphs[number])
        lines += [lead, *(item.split(" ", 1)[1] for item in items)]
    return lines


def _reopen(reports, name):
    path, expected = reports[name]
    return docx.Document(str(path)), expected


def _strip_typed(text: str) -> str:
    return TYPED_LABEL.sub("", TYPED_NUMBER.sub("", text))


@pytest.mark.render
@needs_renderer
@pytest.mark.parametrize("name", list(REPORTS))
def test_docx_outcome_sections_hold_the_outcomes_and_nothing_else(reports, name):
    document, expected = _reopen(reports, name)
    found = [_strip_typed(text) for text, _ in _outcome_section_paragraphs(document)]
    assert found == _expected_lines(expected)


@pytest.mark.render
@needs_renderer
@pytest.mark.parametrize("name", list(REPORTS))
def test_docx_structure(reports, name):
    document, expected = _reopen(reports, name)
    headings = [(p.style.name, _strip_typed(p.text).split("\t")[-1])
                for p in document.paragraphs if p.style.name in ("HCh", "H1", "H23")]
    chapters = [text for style, text in headings if style == "HCh"]
    assert chapters == ["Introduction", "Consideration of agenda items", "Adoption of the report"]
    items = {text for style, text in headings if style == "H1"}
    assert set(expected.agenda_items_by_para.values()) <= items
    body = "\n".join(p.text for p in document.paragraphs)
    assert expected.symbol in "".join(c.text for t in document.tables for c in t._cells) or \
        expected.symbol in body
    section = document.sections[0]
    assert expected.symbol in section.header.paragraphs[0].text
    assert expected.job_number in section.first_page_footer.paragraphs[0].text
    refs = sum(len(p._p.findall(f".//{qn('w:footnoteReference')}"))
               for _, p in _outcome_section_paragraphs(document))
    assert refs == expected.footnotes_in_outcomes


def test_auto_numbering_xml_mixes_style_and_direct_numbers_and_overrides(python_docx_reports):
    path, _ = python_docx_reports["africa-auto"]
    document = docx.Document(str(path))
    numbering = document.part.numbering_part.element
    assert numbering.findall(f".//{qn('w:startOverride')}")
    assert document.styles["NumPara"].element.pPr.numPr is not None
    assert document.styles["HCh"].element.pPr.numPr is not None
    direct = [p for p in document.paragraphs if p._p.pPr is not None
              and p._p.pPr.numPr is not None and p.style.name == "SingleTxt"]
    by_style = [p for p in document.paragraphs if p.style.name == "NumPara"]
    assert direct and by_style


# The PDF LibreOffice prints


def _numbered_lines(text: str, marker: str) -> list[tuple[str, list[str]]]:
    """(label, first words) of each line beginning with a number "9." or a label "(a)"."""
    pattern = re.compile(rf"(?m)^\s*{marker}\s+(\S.*)$")
    return [(m.group(1), m.group(2).split()[:5]) for m in pattern.finditer(text)]


@pytest.mark.render
@needs_renderer
@pytest.mark.parametrize("name", list(REPORTS))
def test_libreoffice_prints_the_expected_number_before_each_outcome(reports, pages, name):
    _, expected = reports[name]
    printed = _numbered_lines("\n".join(pages[name]), r"(\d+)\.")
    starts = {n: text.split()[:5] for n, text in expected.paragraphs.items()}
    for number, words in starts.items():
        numbers = {label for label, first in printed if first == words}
        # Two outcomes may begin with the same five words; each prints its own number.
        assert numbers == {str(n) for n, other in starts.items() if other == words}, number


@pytest.mark.render
@needs_renderer
@pytest.mark.parametrize("name", [n for n, (_, _, o) in REPORTS.items() if o.get("subitems")])
def test_libreoffice_prints_the_subitem_labels(reports, pages, name):
    _, expected = reports[name]
    printed = _numbered_lines("\n".join(pages[name]), r"\(([a-z]+)\)")
    assert {"a", "b", "c", "i", "ii"} <= {label for label, _ in printed}
    for number in expected.subitem_paras:
        for item in expected.paragraphs[number].split("\n")[1:]:
            label, text = item[1:].split(") ", 1)
            assert (label, text.split()[:5]) in printed, item


@pytest.mark.render
@needs_renderer
@pytest.mark.parametrize("name", list(REPORTS))
def test_running_heads_and_a_paragraph_across_pages(reports, pages, name):
    _, expected = reports[name]
    first, *rest = pages[name]
    assert expected.job_number.split()[0] in first and rest
    short_job = expected.job_number.split()[0]
    assert all(expected.symbol in page and short_job in page for page in rest)
    flat = [" ".join(page.split()) for page in pages[name]]
    crossing = [n for n, text in expected.paragraphs.items()
                for k in range(len(flat) - 1)
                if " ".join(text.split()[:6]) in flat[k]
                and " ".join(text.split()[-4:]) in flat[k + 1]]
    assert crossing, "no outcome paragraph runs over a page break"


def test_fixture_paths_are_outside_the_repository(python_docx_reports):
    for path, _ in python_docx_reports.values():
        assert Path(CONTENT).parent not in path.parents
