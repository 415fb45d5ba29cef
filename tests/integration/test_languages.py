"""A small exercise in each of the six UN languages (tests/exercises/<tag>, outcomes written in
that language) checks and builds; the files, reopened, say the catalogue's words."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest

from annexgen.cli import main
from annexgen.core.words import Words, fill, load_words
from tests.conftest import ROOT, STYLES, needs_renderer
from tests.ooxml import NS, W, footnote_texts, part

EXERCISES = ROOT / "tests" / "exercises"
SIX = ("ar", "en", "es", "fr", "ru", "zh")
D = dt.date


@pytest.fixture(scope="module", params=SIX)
def built(request, tmp_path_factory) -> tuple[str, Path, Words]:
    tag = request.param
    out = tmp_path_factory.mktemp(f"out-{tag}")
    content = EXERCISES / tag
    assert main(["check", "--content", str(content), "--styles", str(STYLES)]) == 0
    assert main(["build", "--no-render", "--content", str(content), "--styles", str(STYLES),
                 "--out", str(out)]) == 0
    return tag, out, load_words(tag)


def _texts(path: Path) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]


def test_the_paper_says_see_in_its_language(built):
    _, out, words = built
    reference = [fill(words.see_pages.reference, annex=words.deliverable[name],
                      pages=words.pages.unresolved) for name in ("annex-a", "annex-b")]
    see = fill(words.see_pages.see, references=f"{words.see_pages.separator}\n".join(reference))
    assert _texts(out / "snapshot-paper.docx").count(see) == 2  # one for each cluster


def test_the_paper_dates_the_meetings_in_its_language(built):
    _, out, words = built
    texts = "\n".join(_texts(out / "snapshot-paper.docx"))
    assert words.dates.range(D(2019, 1, 22), D(2019, 1, 24)) in texts
    assert words.dates.range(D(2019, 1, 30), D(2019, 2, 1)) in texts  # across months
    footnote = footnote_texts((out / "snapshot-paper.docx").read_bytes())[0]
    assert words.dates.prose_range(D(2019, 9, 9), D(2019, 9, 11)) in footnote


def test_annex_a_closes_outcomes_with_its_paragraph_references(built):
    tag, out, words = built
    texts = _texts(out / "annex-a.docx")
    north = words.meeting_heading(*_north(tag))
    opening = fill(words.run_in, meeting=north)
    assert any(text.startswith(opening) and text.endswith(
        words.before_reference + words.paragraphs(10, 10)) for text in texts)
    assert any(text.endswith(words.paragraphs(11, 12)) for text in texts)
    assert any(text.endswith(words.paragraphs(7, 7)) for text in texts)
    assert texts[0] == words.deliverable["annex-a"]


def _north(tag: str) -> tuple[str, str]:
    """The northern meeting's region, as the exercise names it, and its symbol."""
    text = (EXERCISES / tag / "meetings.yaml").read_text(encoding="utf-8")
    region = text.split("region: ", 1)[1].split("\n", 1)[0].strip('"')
    return region, "A/TEST/RPM.1/1"


@pytest.mark.parametrize("name", ["snapshot-paper.docx", "annex-a.docx"])
def test_word_marks_the_text_with_the_catalogues_language(built, name):
    tag, out, words = built
    data = (out / name).read_bytes()
    lang = part(data, "word/styles.xml").find("w:docDefaults//w:lang", NS)
    assert lang.get(f"{{{W}}}val") == words.word_language
    assert part(data, "docProps/core.xml").findtext(
        "{http://purl.org/dc/elements/1.1/}language") == tag


def test_annex_b_names_its_sheets_columns_and_pages_in_its_language(built):
    _, out, words = built
    said = words.annex_b
    book = openpyxl.load_workbook(out / "annex-b.xlsx")
    assert book.sheetnames == [said.sheets.matrix, said.sheets.coverage, said.sheets.meetings]
    matrix = book[said.sheets.matrix]
    values = {cell.value for row in matrix.iter_rows() for cell in row}
    assert said.topic in values
    assert words.meeting_heading(*_north(built[0])) in values
    assert matrix.oddFooter.center.text == fill(said.page_number.replace("&", "&&"),
                                                page="&P", pages="&N")
    columns = [cell.value for cell in book[said.sheets.meetings][1]]
    meeting = said.meetings
    assert columns == [meeting.region, meeting.meeting, meeting.symbol, meeting.venue,
                       meeting.dates, meeting.report]
    coverage = [cell.value for cell in book[said.sheets.coverage][1]]
    assert said.cluster in coverage and said.total in coverage


# -- rendered: the French exercise, page 1 of each PDF ---------------------------------------

@pytest.mark.render
@needs_renderer
def test_the_french_exercise_renders_in_its_words(tmp_path):
    out, words = tmp_path / "out", load_words("fr")
    assert main(["build", "--content", str(EXERCISES / "fr"), "--styles", str(STYLES),
                 "--out", str(out)]) == 0
    paper, annex_b = _page_one(out / "snapshot-paper.pdf"), _page_one(out / "annex-b.pdf")
    see = fill(words.see_pages.see, references=fill(
        words.see_pages.reference, annex=words.deliverable["annex-a"],
        pages=words.pages.range(1, 1)))
    assert _plain(see) in paper  # the page read from the rendered annex, in French words
    assert _plain(words.dates.range(D(2019, 1, 30), D(2019, 2, 1))) in paper
    assert _plain(words.paragraphs(10, 10)) in _page_one(out / "annex-a.pdf")
    assert _plain(fill(words.annex_b.page_number, page=1, pages=2)) in annex_b
    assert _plain(words.annex_b.sheets.matrix) in annex_b


def _page_one(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True)
    return _plain(done.stdout)


def _plain(text: str) -> str:
    """Text as pdftotext gives it back: no-break spaces as spaces, no word joiners, each
    run of white space one space."""
    return " ".join(text.replace("\u2060", "").replace("\u00a0", " ").split())


# The exercises' first cluster, as UN documents in each language head a section.
FIRST_CLUSTER = {"ar": "ألف - الوصول إلى العدالة", "en": "A. Access to justice",
                 "ru": "А. Доступ к правосудию", "zh": "A. 诉诸司法"}


@pytest.mark.parametrize("name", ["snapshot-paper.docx", "annex-a.docx"])
def test_clusters_are_lettered_and_headed_in_the_documents_language(built, name):
    tag, out, _ = built
    if tag not in FIRST_CLUSTER:
        pytest.skip("Latin letters, as English")
    assert FIRST_CLUSTER[tag] in _texts(out / name)


def test_the_coverage_sheet_letters_the_clusters_in_the_documents_language(built):
    tag, out, words = built
    book = openpyxl.load_workbook(out / "annex-b.xlsx")
    letters = [row[0] for row in book[words.annex_b.sheets.coverage].iter_rows(values_only=True)]
    assert words.sections.letter(0) in letters and words.sections.letter(1) in letters
    assert FIRST_CLUSTER.get(tag, "A")[0] == words.sections.letter(0)[0]


def _themed(tmp_path: Path, theme: str) -> Path:
    """The French exercise, its second cluster given a theme."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(EXERCISES / "fr", content)
    index = content / "index.yaml"
    index.write_text(index.read_text("utf-8").replace(
        '    title: "Coopération internationale"\n',
        f'    title: "Coopération internationale"\n    theme: {theme}\n'), "utf-8")
    return content


def test_a_theme_given_in_several_languages_is_printed_in_the_documents(tmp_path):
    content = _themed(tmp_path, "{en: Working together, fr: Travailler ensemble}")
    out = tmp_path / "out"
    assert main(["build", "--no-render", "--content", str(content), "--styles", str(STYLES),
                 "--out", str(out)]) == 0
    texts = _texts(out / "annex-a.docx")
    assert "«\u00a0Travailler ensemble\u00a0»" in texts and not any("Working" in t for t in texts)


def test_a_theme_lacking_the_documents_language_is_an_error_naming_it(tmp_path, capsys):
    content = _themed(tmp_path, "{en: Working together, es: Trabajar juntos}")
    assert main(["check", "--content", str(content), "--styles", str(STYLES)]) == 2
    err = capsys.readouterr().err
    assert "index.yaml:12:" in err and "E203" in err and "has no theme in 'fr'" in err


def test_an_arabic_outcome_s_sub_items_are_subparagraphs_of_annex_a(tmp_path):
    """Lines of an outcome that open with an abjad label, (أ) (ب), are Annex A paragraphs of
    the sub-item style, the label apart from the text by a tab."""
    content = tmp_path / "ar"
    shutil.copytree(EXERCISES / "ar", content)
    outcomes = content / "outcomes" / "north.yaml"
    text = outcomes.read_text(encoding="utf-8")
    old = ("أوصى المشاركون بتوسيع نطاق المساعدة القانونية لتشمل المناطق الريفية، حتى يتمكن "
           "الجميع من الوصول إلى العدالة.")
    assert old in text
    outcomes.write_text(text.replace(old, "أوصى المشاركون بتوسيع نطاق المساعدة القانونية:"
                                          "\\n(أ) لتشمل المناطق الريفية؛"
                                          "\\n(ب) حتى يتمكن الجميع من الوصول إلى العدالة."),
                        encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--no-render", "--content", str(content), "--styles", str(STYLES),
                 "--out", str(out)]) == 0
    paragraphs = docx.Document(str(out / "annex-a.docx")).paragraphs
    at = next(i for i, p in enumerate(paragraphs)
              if p.text.endswith("المساعدة القانونية:"))
    items = paragraphs[at + 1:at + 3]
    assert [p.style.name for p in items] == ["Subparagraph"] * 2
    assert [p.text.split("\t")[0] for p in items] == ["(أ)", "(ب)"]
    assert items[0].text == "(أ)\tلتشمل المناطق الريفية؛"
