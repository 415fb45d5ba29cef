"""Shared by the import tests: the reports written from the shipped content (every meeting,
every way of numbering) and helpers to import into a fresh exercise."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from annexgen.core.diagnostics import Report
from annexgen.core.text import normalize_lines
from annexgen.importer.run import import_reports
from annexgen.load.corpus import load_mapping
from tests.conftest import CONTENT

# name -> (writer, meeting, options): every meeting, every way of numbering, sub-items and
# footnotes, and a report that LibreOffice wrote itself (its numbering XML is its own).
REPORTS = {
    "africa": ("docx", "africa", {}),
    "asia-pacific": ("docx", "asia-pacific", {"subitems": True, "footnotes": True}),
    "europe-typed": ("docx", "europe", {"numbering": "typed", "subitems": True,
                                        "footnotes": True}),
    "latin-america-typed": ("docx", "latin-america", {"numbering": "typed"}),
    "western-asia-lo": ("lo", "western-asia", {"subitems": True, "footnotes": True}),
}
PLAIN = [name for name, (_, _, options) in REPORTS.items() if not options.get("subitems")]


def empty_exercise(tmp_path: Path) -> Path:
    """The shipped exercise without any outcome: where a secretariat starts."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("outcomes"))
    (content / "outcomes").mkdir()
    return content


def imported(report_file: Path, content: Path, meeting: str | None = None):
    report = Report()
    results = import_reports([report_file], meeting, content, report)
    return results[0], report, load_mapping(content, Report())


def assert_comes_back(report_file: Path, expected, tmp_path: Path):
    """The report's outcome paragraphs come back with their numbers and texts; the import's
    result and report."""
    result, report, mapping = imported(report_file, empty_exercise(tmp_path))
    assert not report.errors
    assert result.meeting_id == expected.meeting_id  # told by the symbol it prints
    got = {o.first_para: o.text for o in mapping.outcomes}
    want = {number: normalize_lines(text) for number, text in expected.paragraphs.items()}
    assert sorted(got) == sorted(want)
    wrong = {n: (got[n], want[n]) for n in want if got[n] != want[n]}
    assert not wrong, f"{len(wrong)} of {len(want)} texts differ, e.g. {next(iter(wrong.items()))}"
    every = " ".join(got.values())
    assert not [t for t in expected.summary_texts if normalize_lines(t) in every]
    assert result.footnotes == expected.footnotes_in_outcomes
    assert all(o.suggested and not o.placements for o in mapping.outcomes)
    return result, report


def assert_same_sources(result, docx_file: Path, tmp_path: Path) -> None:
    """Each paragraph stands under the same headings (its `source:`) as in the .docx."""
    from_docx, _, _ = imported(docx_file, empty_exercise(tmp_path))
    paths = {p.number: p.path for p in result.found}
    wrong = {p.number: (paths.get(p.number), p.path) for p in from_docx.found
             if paths.get(p.number) != p.path}
    assert not wrong, f"{len(wrong)} paths differ, e.g. {next(iter(wrong.items()))}"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annexgen", *args], cwd=cwd, text=True,
                          capture_output=True, check=False)


def small_report(path: Path, paragraphs: list[str]) -> Path:
    """A minimal report: the symbol, an outcome heading, typed-number paragraphs from 1."""
    import docx

    document = docx.Document()
    document.add_paragraph("A/CONF.234/RPM.4/1")
    document.add_heading("Outcome of deliberations", 2)
    for number, text in enumerate(paragraphs, start=1):
        document.add_paragraph(f"{number}.\t{text}")
    document.save(path)
    return path
