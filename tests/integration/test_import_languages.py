"""A report in French, Spanish, Russian, Chinese or Arabic imports as well as the English one:
its outcome paragraphs found under its own headings, and a cluster suggested for each (by the
titles index.yaml gives in its language, or by the agenda item numbers of the meetings
already tagged)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from annexgen.core import words
from annexgen.core.diagnostics import ContentError, Report
from annexgen.importer.readers.blocks import Kind
from annexgen.importer.readers.docx_report import read_docx
from annexgen.importer.readers.pdf_report import read_pdf
from annexgen.importer.run import import_reports
from annexgen.load.corpus import load_mapping
from tests.conftest import CONTENT, HAS_RENDERER
from tests.importing import empty_exercise
from tests.reportgen import to_pdfs
from tests.reportgen.docx_report import write_report
from tests.reportgen.languages import INDEX_TITLES

MEETING = "africa"
# The languages of the reports compared with the English one, and of those also printed to
# PDF (Arabic: poppler gives its words in visual order, read back in logical order).
LANGUAGES = ("fr", "es", "ru", "zh", "ar")
PRINTED = ("ru", "zh", "ar")


@pytest.fixture
def catalogues(tmp_path, monkeypatch):
    """annexgen's catalogues of fixed words, with a stand-in (the English words) for a
    language that has none yet: the import does not write them, `check` wants one."""
    folder = tmp_path / "languages"
    shutil.copytree(Path(str(words.CATALOGUES)), folder)
    for language in INDEX_TITLES:
        if not (folder / f"{language}.yaml").exists():
            shutil.copy(folder / "en.yaml", folder / f"{language}.yaml")
    monkeypatch.setattr(words, "CATALOGUES", folder)


def exercise(tmp_path: Path, language: str, titled: bool, tagged=None) -> Path:
    """The shipped exercise in `language`, its clusters titled in English and (`titled`) in
    `language` too; without outcomes, or with the other meetings' tagged outcomes, each
    remembering the headings it stood under (`tagged`: meeting -> its English report) as
    an outcome imported and then reviewed does."""
    content = tmp_path / f"content-{language}"
    if tagged:
        shutil.copytree(CONTENT, content)
        (content / "outcomes" / f"{MEETING}.yaml").unlink()
        for meeting, report_file in tagged.items():
            _remember_sources(content / "outcomes" / f"{meeting}.yaml", report_file, tmp_path)
    else:
        shutil.move(empty_exercise(tmp_path / language), content)
    document = content / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace(
        "language: en", f"language: {language}"), encoding="utf-8")
    if titled:
        _title_clusters(content / "index.yaml", language)
    return content


def _remember_sources(outcomes: Path, report_file: Path, tmp_path: Path) -> None:
    """`source:` (the report's headings) added under each outcome's `para:`."""
    report = Report()
    (result,) = import_reports([report_file], None, empty_exercise(tmp_path / outcomes.stem),
                               report)
    paths = {p.number: " / ".join(p.path) for p in result.found}

    def with_source(match: re.Match) -> str:
        path = paths[int(match.group(2))].replace("'", "''")
        return f"{match.group(0)}\n{match.group(1)}source: '{path}'"

    outcomes.write_text(re.sub(r"^( +)para: \"?(\d+)\S*$", with_source,
                               outcomes.read_text("utf-8"), flags=re.MULTILINE), "utf-8")


def _title_clusters(index: Path, language: str) -> None:
    data = yaml.safe_load(index.read_text(encoding="utf-8"))
    for cluster in data["clusters"]:
        cluster["title"] = {"en": cluster["title"],
                            language: INDEX_TITLES[language][cluster["id"]]}
    index.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                     encoding="utf-8")


def imported_counts(report_file: Path, content: Path) -> tuple[int, int]:
    """(paragraphs found under outcome headings, new outcomes with a suggested cluster)."""
    found, clusters = _imported(report_file, content)
    return len(found), len([c for c in clusters.values() if c is not None])


def _imported(report_file: Path, content: Path) -> tuple[dict, dict]:
    """The paragraphs found, number -> (text, headings above), and the new outcomes' suggested
    clusters, paragraph -> cluster id or None."""
    report = Report()
    (result,) = import_reports([report_file], None, content, report)
    assert not report.errors, report.errors
    data = yaml.safe_load((content / "outcomes" / f"{MEETING}.yaml").read_text("utf-8"))
    return ({p.number: (p.text, p.path) for p in result.found},
            {str(o["para"]): (o.get("suggested") or {}).get("cluster")
             for o in data["outcomes"]})


@pytest.fixture(scope="module")
def reports(corpus, tmp_path_factory):
    """The meeting's report in each of the six languages (python-docx)."""
    folder = tmp_path_factory.mktemp("language-reports")
    return {language: _report(corpus, folder, language) for language in ("en", *LANGUAGES)}


def _report(corpus, folder: Path, language: str, meeting: str = MEETING) -> Path:
    path = folder / f"{meeting}-{language}.docx"
    write_report(corpus, meeting, path, language=language)
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_report_gets_as_many_clusters_as_the_english_one(reports, language, catalogues,
                                                           tmp_path):
    english = imported_counts(reports["en"], exercise(tmp_path, "en", titled=False))
    found, clustered = imported_counts(reports[language],
                                       exercise(tmp_path, language, titled=True))
    assert found == english[0] == english[1] > 50
    assert clustered == english[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_its_titles_the_agenda_item_numbers_of_the_tagged_meetings_tell(
        corpus, reports, language, catalogues, tmp_path):
    others = {m.id: _report(corpus, tmp_path, "en", m.id) for m in corpus.meetings
              if m.id != MEETING}
    found, clustered = imported_counts(reports[language],
                                       exercise(tmp_path, language, False, tagged=others))
    assert clustered == found > 50


@pytest.fixture(scope="module")
def printed(reports, tmp_path_factory):
    """The PRINTED languages' reports as LibreOffice prints them, and an Arabic report set
    right to left ("rtl", its .docx too) in the same soffice call."""
    if not HAS_RENDERER:
        pytest.skip("LibreOffice (soffice) and poppler (pdftotext) are needed")
    folder = tmp_path_factory.mktemp("language-pdfs")
    arabic = _arabic_report(folder / "arabic-rtl.docx")
    pdfs = to_pdfs([*(reports[language] for language in PRINTED), arabic], folder)
    return {**dict(zip((*PRINTED, "rtl"), pdfs, strict=True)), "rtl-docx": arabic}


# An Arabic report set as Arabic UN reports are: right to left, its paragraph numbers "1 -"
# or "2." and sub-items "(أ)" at the right, figures, a document symbol and words in brackets
# in its text; its paragraphs as (whether a heading, text).
ARABIC = [
    (True, "أولا - مقدمة"),
    (False, "1 -\tقررت الجمعية العامة في قرارها 72/192 أن تعقد الاجتماعات الإقليمية "
            "التحضيرية للمؤتمر الرابع عشر في عام 2019، وانظر الوثيقة A/CONF.234/RPM.2/1 "
            "(الفقرة 12)."),
    (False, "2.\tلا يزال الاجتماع الإقليمي الأفريقي يُعقد في أديس أبابا من 9 إلى 11 "
            "نيسان/أبريل 2019 بشأن الأعمال والمداولات:"),
    (False, "(أ)\tالإرهاب بجميع أشكاله ومظاهره؛"),
    (False, "(ب)\tالأشكال الجديدة والناشئة للجريمة (البند 6)."),
    (True, "ثانيا - نتائج المداولات"),
    (False, "3 -\tأوصى الاجتماع بأن تعزز الدول الأعضاء التعاون الدولي في المسائل الجنائية، "
            "بما في ذلك تسليم المجرمين والمساعدة القانونية المتبادلة."),
]


def _arabic_report(path: Path) -> Path:
    """ARABIC as a .docx, every paragraph right to left (w:bidi, w:rtl), headings bold and
    larger in their complex-script properties (what Arabic text takes: w:bCs, w:szCs)."""
    document = docx.Document()
    for heading, text in ARABIC:
        paragraph = document.add_paragraph(style="Heading 1" if heading else None)
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        run = paragraph.add_run(text)
        properties = run._r.get_or_add_rPr()
        for tag, value in (("w:bCs", None), ("w:szCs", "28" if heading else "22"),
                           ("w:rtl", None)):
            if heading or tag != "w:bCs":
                element = OxmlElement(tag)
                if value:
                    element.set(qn("w:val"), value)
                properties.append(element)
    document.save(path)
    return path


@pytest.mark.render
def test_an_arabic_report_set_right_to_left_reads_from_its_pdf_as_from_its_docx(printed):
    """Its headings, paragraph numbers and sub-items found, and each text in reading
    order: the PDF's words are printed from the right, each word's letters in printed order,
    its lam-alef ligatures mapped in logical order."""
    def shown(report) -> list[tuple]:
        return [(b.kind, b.number, b.label if b.kind is Kind.SUBITEM else "", b.text)
                for b in report.blocks]

    from_docx = read_docx(printed["rtl-docx"].read_bytes(), "a.docx")
    from_pdf = read_pdf(str(printed["rtl"]), "a.pdf")
    assert shown(from_pdf) == shown(from_docx)
    assert [b.kind for b in from_pdf.blocks] == [
        Kind.HEADING, Kind.PARAGRAPH, Kind.PARAGRAPH, Kind.SUBITEM, Kind.SUBITEM,
        Kind.HEADING, Kind.PARAGRAPH]


@pytest.mark.render
@pytest.mark.parametrize("language", PRINTED)
def test_a_report_printed_to_pdf_imports_as_its_docx(reports, printed, language, catalogues,
                                                     tmp_path):
    """The same paragraphs, texts and headings above them, and the same clusters."""
    from_docx = _imported(reports[language], exercise(tmp_path / "docx", language, True))
    from_pdf = _imported(printed[language], exercise(tmp_path / "pdf", language, True))
    assert from_pdf == from_docx
    assert len(from_docx[0]) > 50 and None not in from_docx[1].values()


def test_a_missing_title_in_the_document_language_is_an_error_naming_it(catalogues,
                                                                        tmp_path):
    content = exercise(tmp_path, "fr", titled=True)
    index = content / "index.yaml"
    index.write_text(index.read_text("utf-8").replace("fr: Autres questions",
                                                      "es: Otras cuestiones"), "utf-8")
    report = Report()
    with pytest.raises(ContentError):
        load_mapping(content, report)
    (error,) = report.errors
    assert error.code == "E203" and "'fr'" in error.message and "en, es" in error.message


def test_a_title_in_a_language_annexgen_does_not_know_is_refused(catalogues, tmp_path):
    content = exercise(tmp_path, "fr", titled=True)
    index = content / "index.yaml"
    index.write_text(re.sub(r"^( +)fr: Autres questions$", r"\g<0>\n\1xx: Other",
                            index.read_text("utf-8"), flags=re.MULTILINE), "utf-8")
    report = Report()
    with pytest.raises(ContentError):
        load_mapping(content, report)
    assert [(e.code, "'xx'" in e.message) for e in report.errors] == [("E204", True)]


SUGGESTED = """    topics:
    suggested:
      topics:
        action-oriented:
        ccpcj-follow-up:
        cj-alternatives:
"""


def test_a_russian_report_imported_again_keeps_what_people_did_with_its_sub_items(tmp_path):
    """Sub-items in Cyrillic letters (а), б)) are read since this change: an outcome made of
    them, tagged, its phrase in a sub-item, and its wording corrected by a person, is left
    byte for byte by importing the same report again."""
    report_file = tmp_path / "africa-ru.docx"
    document = docx.Document()
    document.add_paragraph("A/CONF.234/RPM.4/1")
    document.add_heading("Итоги обсуждения", 2)
    for line in ("1.\tУчастники рекомендовали:",
                 "а)\tрасширить юридическую помощь на сельские районы;",
                 "б)\tупростить запросы о взаимной правовой помощи.",
                 "2.\tУчастники подчеркнули важность реституционного правосудия."):
        document.add_paragraph(line)
    document.save(report_file)
    content = empty_exercise(tmp_path)
    settings = content / "document.yaml"
    settings.write_text(settings.read_text("utf-8").replace("language: en", "language: ru"),
                        "utf-8")
    import_reports([report_file], None, content, Report())
    outcomes = content / "outcomes" / "africa.yaml"
    text = outcomes.read_text("utf-8")
    assert "\n      а) расширить" in text and "\n      б) упростить" in text
    tagged = text.replace(SUGGESTED, "    topics:\n      cj-alternatives: [сельские районы]\n",
                          1).replace("упростить запросы", "упростить и ускорить запросы")
    assert tagged != text
    outcomes.write_text(tagged, "utf-8")
    report = Report()
    import_reports([report_file], None, content, report)
    assert outcomes.read_text("utf-8") == tagged, report.items
    (first, *_) = load_mapping(content, Report()).outcomes
    assert {p.topic_id for p in first.placements} == {"cj-alternatives"}
