"""`annexgen import` of PDFs set otherwise than the UN look (tests/reportgen/layout.py), and of
PDFs damaged after printing: each layout reads as its .docx does, each damage is refused
where it is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annexgen.core.diagnostics import ContentError, Report
from annexgen.importer.run import import_reports
from annexgen.load.corpus import load_corpus
from tests.conftest import CONTENT, HAS_RENDERER, tree_digest
from tests.importing import assert_comes_back, assert_same_sources, empty_exercise
from tests.reportgen import to_pdfs
from tests.reportgen.damage import (
    bold_font_map,
    break_page,
    inflate_page,
    lose_object,
    picture_pages,
)
from tests.reportgen.layout import Layout
from tests.reportgen.sets import write_reports

pytestmark = pytest.mark.render

# name -> (writer, meeting, options). LibreOffice's reports ("lo") are printed from their
# flat ODT source, the others from the .docx; each is compared with its .docx import.
VARIANTS = {
    # A one-digit number a narrow gap from its text, no space under subheadings or between
    # paragraphs: "8. The chair..." right under "1. Summary of deliberations".
    "africa-close-tab": ("docx", "africa", {"layout": Layout(close_tab=True, tight=True)}),
    # The same with typed numbers and no hanging indent: paragraphs told by their numbers
    # and by the line above ending short.
    "europe-typed-tight": ("docx", "europe", {"numbering": "typed", "subitems": True,
                                              "layout": Layout(close_tab=True, tight=True)}),
    "western-asia-lo-tight": ("lo", "western-asia", {"subitems": True, "layout": Layout(
        close_tab=True, tight=True)}),
    # Agenda items at 14 pt: their wrapped lines stand further apart than body lines.
    "africa-wide-agenda": ("docx", "africa", {"layout": Layout(agenda_size=14)}),
    # Footnote marks before the full stop ("reinforcing².").
    "asia-pacific-marks": ("docx", "asia-pacific", {"footnotes": True, "subitems": True,
                                                    "layout": Layout(
                                                        marks_before_punctuation=True)}),
    # Marks at body size, raised, before the full stop (poppler reads "conflict2.").
    "western-asia-raised": ("lo", "western-asia", {"footnotes": True, "subitems": True,
                                                   "layout": Layout(
                                                       raised_marks=True,
                                                       marks_before_punctuation=True)}),
    # The outcome sections of the second agenda item in two columns.
    "africa-columns": ("docx", "africa", {"layout": Layout(two_columns=1)}),
    # Other fonts than the Times metrics: DejaVu Serif (wide, tall lines) and Carlito (sans).
    "latin-america-dejavu": ("docx", "latin-america", {"numbering": "typed", "layout": Layout(
        font="DejaVu Serif", agenda_size=14)}),
    "asia-pacific-carlito": ("docx", "asia-pacific", {"footnotes": True, "subitems": True,
                                                      "layout": Layout(font="Carlito")}),
    "europe-lo-dejavu": ("lo", "europe", {"footnotes": True,
                                          "layout": Layout(font="DejaVu Serif")}),
}
TWO_COLUMNS = {"africa-columns": [3, 4]}


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(CONTENT)


@pytest.fixture(scope="session")
def variants(corpus, tmp_path_factory):
    """name -> (.docx, .pdf, Expected), the PDFs made in one soffice call."""
    if not HAS_RENDERER:
        pytest.skip("LibreOffice (soffice) and poppler (pdftotext) are needed")
    folder = tmp_path_factory.mktemp("pdf-variants")
    made = {**write_reports(corpus, VARIANTS, folder, "docx"),
            **write_reports(corpus, VARIANTS, folder, "lo")}
    names = list(made)
    sources = [made[n][0].with_suffix(".fodt") if VARIANTS[n][0] == "lo" else made[n][0]
               for n in names]
    pdfs = to_pdfs(sources, folder / "pdf")
    return {n: (made[n][0], pdf, made[n][1]) for n, pdf in zip(names, pdfs, strict=True)}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_pdf_reads_as_its_docx(variants, name, tmp_path):
    docx, pdf, expected = variants[name]
    result, report = assert_comes_back(pdf, expected, tmp_path / "pdf")
    assert_same_sources(result, docx, tmp_path / "docx")
    columns = [d for d in report.items if d.code == "W605"]
    assert [int(d.message.split()[1]) for d in columns] == TWO_COLUMNS.get(name, [])


def refused(report_file: Path, tmp_path: Path) -> list:
    """The import's errors; it must write nothing."""
    content = empty_exercise(tmp_path)
    before = tree_digest(content)
    with pytest.raises(ContentError) as caught:
        import_reports([report_file], None, content, Report())
    assert tree_digest(content) == before
    return caught.value.report.errors


@pytest.fixture(scope="session")
def plain(corpus, tmp_path_factory):
    """Africa's report, (.docx, .pdf as LibreOffice prints it, Expected)."""
    if not HAS_RENDERER:
        pytest.skip("LibreOffice (soffice) and poppler (pdftotext) are needed")
    folder = tmp_path_factory.mktemp("pdf-plain")
    made = write_reports(corpus, {"africa": ("docx", "africa", {})}, folder, "docx")
    docx, expected = made["africa"]
    return docx, to_pdfs([docx], folder / "pdf")[0], expected


@pytest.fixture(scope="session")
def plain_pdf(plain):
    return plain[1]


def test_without_fonts_a_report_still_comes_back(plain, tmp_path, monkeypatch):
    """When pdftohtml cannot tell the fonts, headings are told by size and by their labels
    (a heading's number does not follow the last paragraph's)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "pdftohtml").write_text("#!/bin/sh\nexit 1\n")
    (folder / "pdftohtml").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    docx, pdf, expected = plain
    result, _ = assert_comes_back(pdf, expected, tmp_path / "pdf")
    assert_same_sources(result, docx, tmp_path / "docx")


def test_a_page_whose_content_breaks_off_is_named(plain_pdf, tmp_path):
    """pdftotext reads such a page up to the damage, prints syntax errors and exits 0."""
    errors = refused(break_page(plain_pdf, 3, tmp_path / "broken.pdf"), tmp_path)
    assert [d.code for d in errors] == ["E607"]
    assert errors[0].message.startswith("page 3 is damaged: its content stream does not "
                                        "inflate")
    assert errors[0].loc.line > 1  # where page 3's lines would stand


def test_a_lost_font_map_is_named_on_each_page_that_uses_it(plain_pdf, tmp_path):
    """Without its map to Unicode poppler prints other letters for the font (the bold
    headings), and says only that it rebuilt the cross-reference table."""
    errors = refused(lose_object(plain_pdf, tmp_path / "lost.pdf", bold_font_map), tmp_path)
    assert len([d for d in errors if d.code == "E607"]) >= 10  # (and E602: no heading read)
    assert errors[0].message.startswith("page 1 is damaged: the Unicode map of a font it uses "
                                        "is missing")


def test_a_lost_page_is_told(plain_pdf, tmp_path):
    errors = refused(lose_object(plain_pdf, tmp_path / "lost-page.pdf",
                                 lambda document: document.pages[6].obj.objgen), tmp_path)
    assert errors[0].code == "E607"
    assert errors[0].message.startswith("its page tree is damaged: poppler finds 13 pages, "
                                        "qpdf 12")


def test_a_page_that_inflates_past_any_page_is_named_within_a_small_memory_bound(
        plain_pdf, tmp_path, monkeypatch):
    """Its content (300 MB of spaces in 0.3 MB) is counted as it inflates, never held, and
    not given to poppler: the reader says what is wrong instead of running out of memory."""
    import annexgen.importer.readers.reading as reading

    monkeypatch.setattr(reading, "MAX_REPORT_MEMORY_BYTES", 64 * 2**20)
    bomb = inflate_page(plain_pdf, 5, tmp_path / "bomb.pdf", 300)
    assert bomb.stat().st_size < 1_000_000
    errors = refused(bomb, tmp_path)
    assert [d.code for d in errors] == ["E607"]
    assert "page 5 is damaged: its content inflates to more than 64 MB" in errors[0].message


def test_a_page_that_is_only_a_picture_is_named(plain_pdf, tmp_path):
    errors = refused(picture_pages(plain_pdf, [4], tmp_path / "scanned-page.pdf"), tmp_path)
    assert [d.code for d in errors] == ["E608"]
    assert errors[0].message.startswith("page 4 has no text layer, only an image")
    assert "ocrmypdf" in errors[0].message


def test_a_scan_is_refused_as_one(plain_pdf, tmp_path):
    errors = refused(picture_pages(plain_pdf, None, tmp_path / "scan.pdf", dpi=50), tmp_path)
    assert errors[0].code == "E608"
    assert errors[0].message.startswith("no text layer: no page holds text (a scan?); run "
                                        "OCR first, e.g. ocrmypdf, or import the .docx")


@pytest.mark.slow  # reads a 1,000-page PDF
def test_a_report_eighty_times_over_is_read_whole(plain_pdf, tmp_path):
    """Africa's report 80 times over (1,040 pages, 43,000 lines) is read in one pass within
    the bounds a report may take; how its time grows is measured by the benchmark
    (python -m benchmarks.import_growth), not here."""
    import pikepdf

    from annexgen.importer.readers.pdf_report import read_pdf

    big = tmp_path / "big.pdf"
    with pikepdf.open(plain_pdf) as source, pikepdf.new() as joined:
        for _ in range(80):
            joined.pages.extend(source.pages)
        joined.save(big)
    small = read_pdf(str(plain_pdf), "small.pdf")
    read = read_pdf(str(big), "big.pdf")
    assert len(read.blocks) >= 80 * len(small.blocks) - 80
