"""A deliverable in another language: every fixed word comes from that language's catalogue,
and its tag marks the files. The language is a pseudo-language made for the test (qps-ploc,
the tag of Windows' pseudo-locale): the English words with their vowels accented, so that a
word still written in English stands out."""

from __future__ import annotations

import shutil
import string

import docx
import openpyxl
import pytest
import yaml

from annexgen.cli import main
from annexgen.core import words as words_module
from annexgen.core.words import Words, fill, load_words
from annexgen.load.corpus import load_corpus
from annexgen.render.pdftext import pdf_page_texts
from tests.conftest import CONTENT, STYLES, needs_renderer
from tests.ooxml import NS, W

TAG = "qps-ploc"
_ACCENTED = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")


def _pseudo(text: str) -> str:
    """The word with its vowels accented, its fields ({name}) kept."""
    parts = []
    for literal, name, _, _ in string.Formatter().parse(text):
        parts.append(literal.translate(_ACCENTED).replace("{", "{{").replace("}", "}}"))
        parts.append(f"{{{name}}}" if name is not None else "")
    return "".join(parts)


def _pseudo_catalogue(data: dict) -> dict:
    """English made pseudo; one plural form (`other`), as a language without a plural rule."""
    if set(data) == {"one", "other"}:
        return {"other": _pseudo(data["other"])}
    return {key: _pseudo_catalogue(value) if isinstance(value, dict) else _pseudo(value)
            for key, value in data.items()}


@pytest.fixture
def pseudo(tmp_path, monkeypatch) -> tuple[Words, object]:
    """The pseudo-language's words, annexgen pointed at its catalogue, and content in it."""
    folder = tmp_path / "languages"
    folder.mkdir()
    english = yaml.load(words_module.CATALOGUES.joinpath("en.yaml").read_text("utf-8"),
                        Loader=yaml.BaseLoader)
    catalogue = _pseudo_catalogue(english) | {"word_language": TAG}
    (folder / f"{TAG}.yaml").write_text(yaml.safe_dump(catalogue, allow_unicode=True), "utf-8")
    monkeypatch.setattr(words_module, "CATALOGUES", folder)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    document = content / "document.yaml"
    document.write_text(document.read_text("utf-8").replace("\nlanguage: en\n",
                                                            f"\nlanguage: {TAG}\n"), "utf-8")
    return load_words(TAG, folder), content


def _build(content, out, *options: str) -> None:
    assert main(["build", *options, "--content", str(content), "--styles", str(STYLES),
                 "--out", str(out)]) == 0


def _word_language(document) -> str:
    return document.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS) \
        .get(f"{{{W}}}val")


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_the_word_files_carry_the_languages_words_and_tag(pseudo, tmp_path):
    words, content = pseudo
    corpus = load_corpus(content)
    _build(content, tmp_path / "out", "--no-render")
    paper = docx.Document(tmp_path / "out" / "snapshot-paper.docx")
    annex = docx.Document(tmp_path / "out" / "annex-a.docx")
    for document in (paper, annex):
        assert document.core_properties.language == TAG
        assert _word_language(document) == TAG
    text = _text(paper)
    unresolved = words.pages.unresolved
    first, second = (fill(words.see_pages.reference, annex=words.deliverable[name],
                          pages=unresolved) for name in ("annex-a", "annex-b"))
    assert fill(words.see_pages.see,
                references=f"{first}{words.see_pages.separator}\n{second}") in text
    assert f"made at the {words.numbers.say(5)} regional preparatory meetings" in text
    assert all(words.dates.range(m.start, m.end) in text for m in corpus.meetings)
    assert "See:" not in text and "pages [?]" not in text and "made at the five" not in text
    assert annex.sections[0].header.paragraphs[1].text == \
        f"{corpus.document.short_title}\t{words.deliverable['annex-a']}"
    assert annex.core_properties.title == fill(words.titled, deliverable=words.deliverable[
        "annex-a"], title=corpus.document.annex_a.title)
    outcome = corpus.outcomes[0]
    body = _text(annex)
    assert words.paragraphs(outcome.first_para, outcome.last_para) in body
    assert "(para." not in body and "(paras." not in body
    themed = next(cluster for cluster in corpus.clusters if cluster.theme)
    assert fill(words.quoted, text=themed.theme) in body


def test_the_workbook_carries_the_languages_words_and_tag(pseudo, tmp_path):
    words, content = pseudo
    corpus = load_corpus(content)
    _build(content, tmp_path / "out", "--no-render")
    book = openpyxl.load_workbook(tmp_path / "out" / "annex-b.xlsx")
    said, sheets = words.annex_b, words.annex_b.sheets
    assert book.sheetnames == [sheets.matrix, sheets.coverage, sheets.meetings]
    assert book.properties.language == TAG
    assert book.properties.title == fill(words.titled, deliverable=words.deliverable["annex-b"],
                                         title=corpus.document.annex_b.title)
    matrix = book[sheets.matrix]
    assert matrix.oddHeader.right.text == words.deliverable["annex-b"]
    assert matrix.oddFooter.center.text == fill(said.page_number, page="&P", pages="&N")
    labels = [row[0].value for row in matrix.iter_rows()]
    assert said.topic in labels
    assert any(isinstance(label, str) and label.endswith(fill(said.continued, topic=""))
               for label in labels)
    coverage = book[sheets.coverage]
    regions = [m.region for m in corpus.meetings]
    assert [c.value for c in coverage[1]] == [said.cluster, said.topic, *regions, said.total]
    assert coverage.cell(row=coverage.max_row, column=2).value == said.total
    meetings = book[sheets.meetings]
    columns = said.meetings
    assert [c.value for c in meetings[1]] == [columns.region, columns.meeting, columns.symbol,
                                              columns.venue, columns.dates, columns.report]
    assert [meetings.cell(row=row, column=5).value for row in range(2, 2 + len(regions))] == [
        words.dates.range(m.start, m.end) for m in corpus.meetings]


@pytest.mark.render
@needs_renderer
def test_the_render_check_looks_for_the_languages_words(pseudo, tmp_path, capsys):
    """The paper's PDF is checked for the page references in the pseudo-language (English
    words would not be found and the build would fail); Annex B's pages print its words."""
    words, content = pseudo
    out = tmp_path / "out"
    _build(content, out)
    assert "page references resolved" in capsys.readouterr().out
    paper = _text(docx.Document(out / "snapshot-paper.docx"))
    assert words.pages.unresolved not in paper and " pages " not in paper
    first_page = " ".join(pdf_page_texts((out / "annex-b.pdf").read_bytes())[0].split())
    assert fill(words.annex_b.page_number, page=1, pages="") in first_page
