"""`annexgen import`: reports written from the shipped content come back exactly, from .docx
(Word's numbering, typed numbers, LibreOffice's own .docx) and from LibreOffice's PDFs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from annexgen.core.diagnostics import ContentError, Report
from annexgen.importer.run import import_reports
from annexgen.load.corpus import load_corpus, load_mapping
from tests.conftest import CONTENT, tree_digest
from tests.importing import (
    PLAIN,
    REPORTS,
    assert_comes_back,
    assert_same_sources,
    empty_exercise,
    imported,
    run_cli,
    small_report,
)
from tests.reportgen import write_report


@pytest.mark.parametrize("name", [n for n, (kind, _, _) in REPORTS.items() if kind == "docx"])
def test_word_reports_come_back_exactly(docx_reports, name, tmp_path):
    assert_comes_back(*docx_reports[name], tmp_path)


@pytest.mark.render
def test_a_report_libreoffice_wrote_comes_back_exactly(all_reports, tmp_path):
    assert_comes_back(*all_reports["western-asia-lo"], tmp_path)


@pytest.mark.render
@pytest.mark.parametrize("name", list(REPORTS))
def test_pdf_reports_come_back_exactly(all_reports, pdf_reports, name, tmp_path):
    """With the headings each paragraph stands under, as read from the .docx (a heading
    that wraps is one heading)."""
    result, report = assert_comes_back(*pdf_reports[name], tmp_path / "pdf")
    assert_same_sources(result, all_reports[name][0], tmp_path / "docx")
    assert not [d for d in report.items if d.code in ("W605", "E607", "E608")]


@pytest.mark.parametrize("name", [n for n in PLAIN if REPORTS[n][0] == "docx"])
def test_outcomes_join_back_into_the_content(corpus, docx_reports, name, tmp_path):
    """An outcome that spans paragraphs 12-14 comes back as three; joined, they are it."""
    _, _, mapping = imported(docx_reports[name][0], empty_exercise(tmp_path))
    by_para = {o.first_para: o.text for o in mapping.outcomes}
    meeting = REPORTS[name][1]
    for outcome in (o for o in corpus.outcomes if o.meeting_id == meeting):
        parts = [by_para[n] for n in range(outcome.first_para, outcome.last_para + 1)]
        assert " ".join(parts) == outcome.text


@pytest.mark.parametrize("name", [n for n in PLAIN if REPORTS[n][0] == "docx"])
def test_importing_the_same_report_again_changes_nothing(docx_reports, name, tmp_path):
    """Into the shipped, tagged content: every outcome (ranges too) is matched and unchanged;
    the first import only records what the report said, the second changes no byte."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    result, report, _ = imported(docx_reports[name][0], content)
    assert {c.kind for c in result.changes} == {"unchanged", "recorded"}
    assert not report.items
    once = tree_digest(content)
    result, report, _ = imported(docx_reports[name][0], content)
    assert {c.kind for c in result.changes} == {"unchanged"}
    assert not report.items and not result.written
    assert tree_digest(content) == once


def test_a_corrigendum_updates_what_only_the_report_changed_and_says_what_it_lost(
        corpus, docx_reports, tmp_path):
    revised_content = tmp_path / "revised"
    shutil.copytree(CONTENT, revised_content)
    path = revised_content / "outcomes/africa.yaml"
    text = path.read_text().replace("a short and\n      concise document",
                                    "a brief and\n      focused document")
    path.write_text(text.replace("[short and concise document]", "[brief and focused document]"))
    report_file = tmp_path / "africa-corr.docx"
    write_report(load_corpus(revised_content), "africa", report_file)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    imported(docx_reports["africa"][0], content)  # the report as first issued
    result, report, mapping = imported(report_file, content)
    assert [c.kind for c in result.changes].count("updated") == 1
    lost = [d for d in report.items if d.code == "W601"]
    assert len(lost) == 1 and "'short and concise document'" in lost[0].message
    line = (content / "outcomes/africa.yaml").read_text().splitlines()[lost[0].loc.line - 1]
    assert line.strip().startswith("declaration-concise:")  # located where the topic stands
    outcome = next(o for o in mapping.outcomes if o.id == "af-kyoto-concise")
    assert "brief and focused document" in outcome.text
    assert {p.topic_id for p in outcome.placements} == {"declaration-concise",
                                                        "declaration-inclusive"}
    assert "declaration-concise" in outcome.suggested
    assert _check(content).returncode == 0


def _check(content: Path) -> subprocess.CompletedProcess:
    return run_cli("check", "--content", str(content), "--styles",
                   str(CONTENT.parent / "styles"), cwd=content.parent)


def test_dry_run_writes_nothing(docx_reports, tmp_path):
    content = empty_exercise(tmp_path)
    before = tree_digest(content)
    report = Report()
    results = import_reports([docx_reports["africa"][0]], None, content, report, dry_run=True)
    assert results[0].count("added") == len(docx_reports["africa"][1].paragraphs)
    assert tree_digest(content) == before


def test_the_command_imports_several_reports_and_check_counts_the_suggestions(docx_reports,
                                                                                tmp_path):
    content = empty_exercise(tmp_path)
    files = [str(docx_reports[n][0]) for n in ("africa", "latin-america-typed")]
    done = run_cli("import", *files, "--content", str(content), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "(africa)" in done.stdout and "(latin-america)" in done.stdout
    check = run_cli("check", "--content", str(content), "--styles",
                    str(CONTENT.parent / "styles"), cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    waiting = [line for line in check.stderr.splitlines() if ": W506: " in line]
    imported = sum(len(docx_reports[n][1].paragraphs) for n in ("africa", "latin-america-typed"))
    assert len(waiting) == imported  # each outcome at its own line
    assert "waits for review: accept or reject its suggested topics" in waiting[0]
    assert ": W507: " not in check.stderr  # waiting ones are said once, as waiting


def test_what_cannot_be_read_as_a_report_is_located_and_touches_nothing(tmp_path):
    content = empty_exercise(tmp_path)
    before = tree_digest(content)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    notes = tmp_path / "notes.txt"
    notes.write_text("nothing")
    done = run_cli("import", str(broken), str(notes), str(tmp_path / "gone.pdf"), "--content",
                   str(content), cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert any(line.startswith(f"{broken}:1:1: E601: cannot be opened") for line in lines)
    assert any(line.startswith(f"{notes}:1:1: E601: a report must be") for line in lines)
    assert any(": E601: report not found" in line for line in lines)
    assert tree_digest(content) == before


def test_a_report_without_outcome_headings_lists_the_headings_it_has(docx_reports, tmp_path):
    content = empty_exercise(tmp_path)
    document = content / "document.yaml"
    document.write_text(document.read_text() + "import:\n  take: [Decisions of the meeting]\n")
    with pytest.raises(ContentError) as caught:
        import_reports([docx_reports["africa"][0]], None, content, Report())
    (problem,) = caught.value.report.errors
    assert problem.code == "E602" and "'Decisions of the meeting'" in problem.message
    assert "II. Consideration of agenda items" in problem.message
    assert "import: take:" in problem.message


def test_a_report_of_no_known_meeting_asks_for_the_meeting(docx_reports, tmp_path):
    content = empty_exercise(tmp_path)
    meetings = content / "meetings.yaml"
    meetings.write_text(meetings.read_text().replace("A/CONF.234/RPM.4/1", "A/CONF.234/RPM.9/1"))
    with pytest.raises(ContentError) as caught:
        import_reports([docx_reports["africa"][0]], None, content, Report())
    assert [d.code for d in caught.value.report.errors] == ["E605"]
    result, _, _ = imported(docx_reports["africa"][0], content, meeting="africa")
    assert result.count("added") > 0


def test_suggest_learns_from_what_was_reviewed(docx_reports, tmp_path):
    """Import two reports into a new exercise, review one (here: the shipped tagging), and
    `annexgen suggest` refreshes the other's suggestions, never touching reviewed outcomes."""
    content = empty_exercise(tmp_path)
    files = [docx_reports[n][0] for n in ("africa", "latin-america-typed")]
    import_reports(files, None, content, Report())
    cold = (content / "outcomes/latin-america.yaml").read_text()
    shutil.copy(CONTENT / "outcomes/africa.yaml", content / "outcomes/africa.yaml")
    reviewed = (content / "outcomes/africa.yaml").read_text()
    done = run_cli("suggest", "--content", str(content), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "latin-america.yaml: suggestions for 59 outcomes" in done.stdout
    assert "africa.yaml: suggestions for 0 outcomes" in done.stdout
    assert (content / "outcomes/africa.yaml").read_text() == reviewed
    assert (content / "outcomes/latin-america.yaml").read_text() != cold
    again = run_cli("suggest", "--all", "--meeting", "africa", "--content", str(content),
                    cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    mapping = load_mapping(content, Report())
    for outcome in (o for o in mapping.outcomes if o.meeting_id == "africa"):
        accepted = {p.topic_id for p in outcome.placements}
        assert accepted and not accepted & set(outcome.suggested)


def test_a_paragraph_too_long_for_an_outcome_is_located(tmp_path):
    content = empty_exercise(tmp_path)
    report_file = small_report(tmp_path / "long.docx", ["Fine.", "word " * 5000])
    with pytest.raises(ContentError) as caught:
        import_reports([report_file], None, content, Report())
    (problem,) = caught.value.report.errors
    assert (problem.code, problem.loc.line) == ("E206", 4)  # the report's fourth paragraph
    assert "paragraph 2 has 24,999 characters" in problem.message


def test_characters_an_office_file_cannot_hold_become_spaces(tmp_path):
    from annexgen.core.diagnostics import Loc
    from annexgen.importer.readers.blocks import Kind, ReportBlock
    from annexgen.importer.sections import outcome_paragraphs, sections_for

    blocks = (ReportBlock(Kind.HEADING, "Outcome of deliberations", Loc("r.pdf"), level=2),
              ReportBlock(Kind.PARAGRAPH, "A\x0bB\ufffeC", Loc("r.pdf", 2), label="1.", number=1))
    (found,) = outcome_paragraphs(blocks, sections_for("en"), "r.pdf", Report())
    assert found.text == "A B C"


@pytest.mark.slow  # inflates until the reader's memory bound stops it
def test_a_decompression_bomb_is_stopped_and_located(tmp_path, monkeypatch):
    """A .docx whose document part inflates far beyond the reader's memory bound."""
    import zipfile

    import annexgen.importer.readers.reading as reading

    monkeypatch.setattr(reading, "MAX_REPORT_MEMORY_BYTES", 64 * 2**20)
    bomb = tmp_path / "bomb.docx"
    legit = small_report(tmp_path / "legit.docx", ["Fine."])
    with zipfile.ZipFile(legit) as source, zipfile.ZipFile(bomb, "w") as target:
        for item in source.infolist():
            if item.filename == "word/document.xml":
                body = source.read(item).replace(b"Fine.", b"Fine." + b" " * 300_000_000)
                target.writestr(item, body, compress_type=zipfile.ZIP_DEFLATED)
            else:
                target.writestr(item, source.read(item))
    assert bomb.stat().st_size < 2_000_000
    content = empty_exercise(tmp_path)
    with pytest.raises(ContentError) as caught:
        import_reports([bomb], None, content, Report())
    (problem,) = caught.value.report.errors
    assert problem.code == "E601" and "needed more than 64 MB of memory" in problem.message


def test_sub_items_stay_on_lines_of_their_own_in_both_annexes(tmp_path):
    import docx
    import openpyxl

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "outcomes/europe.yaml"
    text = path.read_text()
    start = text.index("    text: >-\n      The Meeting recommended that the declaration be "
                       "negotiated")
    end = text.index("    topics:", start)
    path.write_text(text[:start] + "    text: |-\n      The Meeting recommended that the "
                    "declaration be negotiated through an open, transparent and inclusive "
                    "process:\n      (a) allowing all Member States to participate fully;\n"
                    "      (b) taking into account the outcomes of all five regional preparatory"
                    " meetings.\n" + text[end:])
    out = tmp_path / "out"
    done = run_cli("build", "--no-render", "--content", str(content), "--styles",
                   str(CONTENT.parent / "styles"), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = ["inclusive process:", "(a) allowing all Member States to participate fully;",
             "(b) taking into account"]
    # In Annex A each sub-item is a paragraph of its own, its label and text apart by a tab.
    annex_a = [p.text for p in docx.Document(out / "annex-a.docx").paragraphs]
    first = next(i for i, t in enumerate(annex_a) if t.endswith("inclusive process:"))
    shown = [t.replace("\t", " ") for t in annex_a[first:first + 3]]
    assert all(part in shown[i] for i, part in enumerate(lines))
    sheet = openpyxl.load_workbook(out / "annex-b.xlsx", rich_text=True).worksheets[0]
    cell = next(str(c.value) for row in sheet.iter_rows() for c in row
                if "(a) allowing all Member States" in str(c.value))
    assert all(part in cell.split("\n")[i] for i, part in enumerate(lines))
