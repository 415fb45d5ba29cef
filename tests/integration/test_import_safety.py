"""`annexgen import` never loses, reverts or half-writes people's work: wrong meetings and
broken numbering are refused, the content is checked as a whole before anything is written,
files keep their mode and line endings, and a write is all or nothing."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from annexgen.core.diagnostics import ContentError, Loc, Report
from annexgen.core.errors import CannotWrite
from annexgen.edit.writes import FileChanged
from annexgen.importer.readers.blocks import Kind, ReportBlock
from annexgen.importer.run import import_reports
from annexgen.importer.sections import outcome_paragraphs, sections_for
from annexgen.load.corpus import load_corpus, load_mapping
from tests.conftest import CONTENT, tree_digest
from tests.importing import REPORTS, empty_exercise, imported, run_cli, small_report
from tests.reportgen.sets import write_reports

STYLES = CONTENT.parent / "styles"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """name -> (report, expected): two meetings' reports as python-docx writes them."""
    wanted = {name: REPORTS[name] for name in ("africa", "latin-america-typed")}
    return write_reports(load_corpus(CONTENT), wanted, tmp_path_factory.mktemp("reports"),
                         "docx")


def numbered_report(path: Path, numbers: list[int], symbol: str = "A/CONF.234/RPM.4/1",
                    heading: str = "Outcome of deliberations") -> Path:
    """A report with typed paragraph numbers, in the order given, under an outcome heading."""
    document = docx.Document()
    document.add_paragraph(symbol)
    document.add_heading(heading, 2)
    for number in numbers:
        document.add_paragraph(f"{number}.\tParticipants recommended measure number {number} "
                               "for the region, with training and support.")
    document.save(path)
    return path


def refused(report_file: Path, content: Path, **options) -> list:
    before = tree_digest(content)
    with pytest.raises(ContentError) as caught:
        import_reports([report_file], None, content, Report(), **options)
    assert tree_digest(content) == before  # nothing touched
    return caught.value.report.errors


def test_a_report_of_another_meeting_is_refused_unless_forced(reports, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    before = tree_digest(content)
    africa = reports["africa"][0]
    done = run_cli("import", str(africa), "--meeting", "europe", "--content", str(content),
                   cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"{africa}:1:1: E610: --meeting europe names the" in done.stderr
    assert "A/CONF.234/RPM.4/1, the symbol of 'africa'" in done.stderr
    assert "add --force" in done.stderr and tree_digest(content) == before
    forced = run_cli("import", str(africa), "--meeting", "europe", "--force", "--content",
                     str(content), cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    # Even forced, no Europe text is replaced: they differ from Africa's and were never
    # imported, so each is kept and Africa's wording only offered.
    assert "0 updated from the report" in forced.stdout


def test_numbering_that_goes_back_is_refused_where_it_goes_back(tmp_path):
    content = empty_exercise(tmp_path)
    report_file = numbered_report(tmp_path / "back.docx", [10, 11, 9, 12, 5])
    errors = refused(report_file, content)
    assert [(d.code, d.loc.line) for d in errors] == [("E609", 5), ("E609", 7)]
    assert "goes back to 9 after paragraph 11" in errors[0].message


def test_a_gap_in_the_numbering_is_a_located_warning(tmp_path):
    content = empty_exercise(tmp_path)
    report_file = numbered_report(tmp_path / "gap.docx", [1, 2, 5, 6])
    result, report, _ = imported(report_file, content)
    (gap,) = [d for d in report.items if d.code == "W604"]
    assert gap.loc.line == 5 and "paragraphs 3–4 could not be read" in gap.message
    assert result.count("added") == 4


def test_a_list_counting_from_one_inside_a_paragraph_is_no_restart(tmp_path):
    """The agenda printed as a numbered list in the introduction (1. Opening…) is a list
    inside paragraph 7, not the paragraph numbering starting again."""
    content = empty_exercise(tmp_path)
    report_file = numbered_report(tmp_path / "agenda.docx", [6, 7, 1, 2, 3, 8, 9])
    _, report, _ = imported(report_file, content)
    assert not report.errors and not [d for d in report.items if d.code == "W604"]


def test_an_outcome_heading_read_as_a_paragraph_is_flagged(tmp_path):
    content = empty_exercise(tmp_path)
    document = docx.Document()
    document.add_paragraph("A/CONF.234/RPM.4/1")
    document.add_heading("Outcome of deliberations", 2)
    document.add_paragraph("1.\tParticipants recommended training.")
    document.add_heading("Summary of deliberations", 2)
    document.add_paragraph("2.\tOutcome of deliberations")
    document.add_paragraph("3.\tParticipants recommended support.")
    document.save(tmp_path / "heading.docx")
    _, report, _ = imported(tmp_path / "heading.docx", content)
    (flag,) = [d for d in report.items if d.code == "W606"]
    assert flag.loc.line == 5 and "the words of an outcome heading" in flag.message


def test_what_check_would_refuse_is_never_written_and_is_located_in_the_report(tmp_path):
    """A heading path longer than a content field may hold would make a `source:` that check
    refuses: nothing is written, and the problem is located at the report's paragraph."""
    content = empty_exercise(tmp_path)
    document = docx.Document()
    document.add_paragraph("A/CONF.234/RPM.4/1")
    document.add_heading("Agenda item 3: " + "very long title " * 140, 1)
    document.add_heading("Outcome of deliberations", 2)
    document.add_paragraph("1.\tParticipants recommended training.")
    document.save(tmp_path / "long.docx")
    errors = refused(tmp_path / "long.docx", content, styles_dir=STYLES)
    (problem,) = errors
    assert problem.code == "E206" and problem.loc == Loc(str(tmp_path / "long.docx"), 4, 1)
    assert "as it would be written" in problem.message and "outcomes/africa.yaml" in \
        problem.message


def test_a_report_too_large_for_an_outcome_file_is_refused_before_any_work(tmp_path):
    content = empty_exercise(tmp_path)
    paragraphs = ["Participants recommended " + "that the measure be taken " * 17] * 5000
    report_file = small_report(tmp_path / "huge.docx", paragraphs)
    (problem,) = refused(report_file, content)
    assert problem.code == "E611" and "5,000 outcome paragraphs" in problem.message


def test_a_long_run_of_unnumbered_lines_is_read_in_linear_time():
    """One numbered paragraph followed by 40,000 unnumbered lines (each used to copy the
    whole paragraph so far): joined once, and refused for its length where it stands."""
    heading = ReportBlock(Kind.HEADING, "Outcome of deliberations", Loc("r.pdf"), level=2)
    first = ReportBlock(Kind.PARAGRAPH, "Participants recommended:", Loc("r.pdf", 2), label="1.",
                  number=1)
    lines = tuple(ReportBlock(Kind.TEXT, f"line {n} of the annex", Loc("r.pdf", n + 3))
                  for n in range(40_000))
    (found,) = outcome_paragraphs((heading, first, *lines), sections_for("en"), "r.pdf",
                                  Report())
    assert found.text.count("\n") == 40_000


def _imported_once(reports, tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    imported(reports["africa"][0], content)
    return content


def test_the_file_keeps_its_mode_and_its_line_endings(reports, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "outcomes/africa.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    path.chmod(0o664)
    imported(reports["africa"][0], content)  # records what the report said
    data = path.read_bytes()
    assert b"imported: {report:" in data
    assert data.count(b"\r\n") == data.count(b"\n")  # every line ending is CRLF
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    fresh = empty_exercise(tmp_path / "fresh")
    os.umask(old := os.umask(0o022))
    imported(reports["africa"][0], fresh)
    assert stat.S_IMODE((fresh / "outcomes/africa.yaml").stat().st_mode) == 0o666 & ~old


def test_an_edit_saved_during_the_import_is_never_overwritten(reports, tmp_path,
                                                              monkeypatch):
    import annexgen.importer.run as run

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "outcomes/africa.yaml"
    saved = path.read_text().replace("# Outcomes of the African", "# Edited meanwhile: the")
    real = run._report_changes

    def save_meanwhile(*args):
        real(*args)
        path.write_text(saved)  # someone saves in an editor while the import works

    monkeypatch.setattr(run, "_report_changes", save_meanwhile)
    with pytest.raises(FileChanged):
        import_reports([reports["africa"][0]], None, content, Report())
    assert path.read_text() == saved
    assert not list(path.parent.glob(".*"))  # no temporary file left


@contextlib.contextmanager
def small_disk(folder: Path, size: int):
    """A tmpfs of `size` bytes at `folder` (root and mount needed; else the test is skipped)."""
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_writes_nothing_says_so_and_prints_every_warning(reports, tmp_path):
    gap = numbered_report(tmp_path / "gap.docx", [1, 2, 5, 6])  # Africa's, with a W604
    # Room for the exercise and Africa's small file, not for Latin America's as well.
    room = sum(f.stat().st_size for f in CONTENT.rglob("*") if f.is_file()
               and "outcomes" not in f.parts) + 24 * 1024
    with small_disk(tmp_path / "disk", room) as disk:
        content = empty_exercise(disk)
        before = tree_digest(content)
        done = run_cli("import", str(gap), str(reports["latin-america-typed"][0]),
                       "--content", str(content), cwd=tmp_path)
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"{gap}:5:1: W604: paragraph 5 follows paragraph 2" in done.stderr
        assert "No space left on device; nothing was written" in done.stderr
        assert "internal error" not in done.stderr
        assert tree_digest(content) == before
        assert not list((content / "outcomes").iterdir())


def test_several_reports_are_written_all_or_none(reports, tmp_path, monkeypatch):
    import annexgen.edit.writes as writes

    content = empty_exercise(tmp_path)
    real = writes._prepare
    calls = []

    def second_fails(plan):
        calls.append(plan.shown)
        if len(calls) == 2:
            raise CannotWrite(plan.shown, OSError(errno.EIO, "Input/output error"))
        return real(plan)

    monkeypatch.setattr(writes, "_prepare", second_fails)
    with pytest.raises(CannotWrite):
        import_reports([reports[n][0] for n in ("africa", "latin-america-typed")], None,
                       content, Report())
    assert len(calls) == 2 and not list((content / "outcomes").iterdir())


def test_a_damaged_compressed_part_says_so(tmp_path):
    content = empty_exercise(tmp_path)
    legit = small_report(tmp_path / "legit.docx", ["Participants recommended training."])
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(legit) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item), compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(damaged.read_bytes())
    at = data.index(b"word/document.xml") + len("word/document.xml") + 40
    data[at:at + 64] = bytes(64)  # zeroes in the middle of the compressed stream
    damaged.write_bytes(bytes(data))
    (problem,) = refused(damaged, content)
    assert problem.code == "E601" and "failed unexpectedly" not in problem.message
    assert "damaged" in problem.message


def test_the_summary_counts_paragraphs_per_agenda_item(reports, tmp_path):
    content = empty_exercise(tmp_path)
    done = run_cli("import", str(reports["africa"][0]), "--content", str(content),
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    counts = [line for line in done.stdout.splitlines() if "Agenda item" in line]
    mapping = load_mapping(content, Report())
    assert len(counts) >= 5
    assert sum(int(line.split()[0]) for line in counts) == len(mapping.outcomes)
    assert "under outcome headings of" in done.stdout


def test_a_meeting_split_over_two_files_is_merged_in_both(reports, tmp_path):
    """Africa's outcomes kept in two files: the import matches them in both (no duplicate
    is added) and the content checks."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    whole = (content / "outcomes/africa.yaml").read_text()
    items = whole.split("\n  - id: ")
    (content / "outcomes/africa.yaml").write_text("\n  - id: ".join(items[:20]) + "\n")
    (content / "outcomes/africa-more.yaml").write_text(
        "meeting: africa\noutcomes:\n  - id: " + "\n  - id: ".join(items[20:]))
    result, report, _ = imported(reports["africa"][0], content)
    assert not result.count("added") and not report.errors
    assert len(result.targets) == 2  # both files record what the report said
    done = run_cli("check", "--content", str(content), "--styles", str(STYLES), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
