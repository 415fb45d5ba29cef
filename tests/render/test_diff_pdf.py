"""`annexgen diff` renders its reports: changes.pdf says every change, Annex B's the cells."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from annexgen import api
from annexgen.cli import main
from annexgen.core.diagnostics import Report
from annexgen.core.model import Corpus
from annexgen.core.words import fill
from annexgen.load.corpus import load_corpus
from annexgen.render.pdftext import flatten
from annexgen.render.uno_backend import UnoRenderer
from tests.conftest import CONTENT, STYLES, needs_uno, tree_digest

pytestmark = [pytest.mark.render, needs_uno]

COMMITTED = dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC)
ADDED = """
  - id: af-diff-added
    para: 120
    text: >-
      Participants asked that cooperation among coastal States against maritime piracy
      be strengthened.
    topics:
      declaration-concise: [maritime piracy]
"""


class Rendered(NamedTuple):
    """A diff between two commits of the shipped content, with its PDFs."""

    diffed: api.Diffed
    out: Path
    new: Corpus
    office_pages: dict[str, int]  # the pages LibreOffice said each file has


def _commit(repo: Path, message: str) -> None:
    stamp = COMMITTED.isoformat()
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "add", "."], check=True, env=env)
    subprocess.run([*git, "commit", "-qm", message], check=True, env=env)


def _edit(content: Path) -> None:
    """Every Africa outcome reworded ("firmly"), one outcome added, one renumbered."""
    africa = content / "outcomes" / "africa.yaml"
    text = africa.read_text().replace("Participants recommended",
                                      "Participants firmly recommended")
    africa.write_text(text.replace("    para: 10\n", "    para: 87\n", 1) + ADDED)


def _recording_pages(monkeypatch) -> dict[str, int]:
    """The page count LibreOffice reports for each job, by job name."""
    said: dict[str, int] = {}
    submit = UnoRenderer.submit

    def recording(self, jobs):
        futures = submit(self, jobs)
        for job, future in zip(jobs, futures, strict=True):
            future.add_done_callback(
                lambda done, name=job.name: said.setdefault(name, done.result().pages))
        return futures

    monkeypatch.setattr(UnoRenderer, "submit", recording)
    return said


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Rendered:
    repo = tmp_path_factory.mktemp("diff-repo")
    shutil.copytree(CONTENT, repo / "content")
    subprocess.run(["git", "-C", str(repo), "init", "-q"], check=True)
    _commit(repo, "old")
    _edit(repo / "content")
    _commit(repo, "new")
    out = repo.parent / f"{repo.name}-out"
    with pytest.MonkeyPatch.context() as monkeypatch:
        pages = _recording_pages(monkeypatch)
        diffed = api.diff("HEAD~1", "HEAD", repo / "content", STYLES, out)
    return Rendered(diffed, out, load_corpus(repo / "content", Report()), pages)


def _text(pdf: Path, *options: str) -> str:
    """The PDF's text, white space collapsed, a line broken after a hyphen joined again."""
    done = subprocess.run(["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return flatten(done.stdout).replace("- ", "-")


def _printed(text: str) -> str:
    """`text` as `_text` gives it back: without the word joiners (they print nothing)."""
    return flatten(text.replace("\u2060", "")).replace("- ", "-")


def _pdfinfo_pages(pdf: Path) -> int:
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    [line] = [line for line in done.stdout.splitlines() if line.startswith("Pages:")]
    return int(line.split()[1])


def test_both_pdfs_are_written_with_the_office_files(rendered):
    names = sorted(path.name for path in rendered.out.iterdir())
    assert names == ["annex-b-changes.pdf", "annex-b-changes.xlsx", "changes.docx",
                     "changes.pdf"]
    assert sorted(path.name for path in rendered.diffed.written) == names
    assert rendered.diffed.not_rendered is None and rendered.diffed.removed == ()


def test_the_change_report_pdf_names_the_report_and_both_versions(rendered):
    text = _text(rendered.out / "changes.pdf")
    said = rendered.new.words.changes
    assert _printed(fill(said.title, title=rendered.new.document.title)) in text
    day = rendered.new.words.dates.day(COMMITTED.date())
    for name in ("HEAD~1", "HEAD"):
        assert fill(said.revision, date=day, name=name) in text


def test_every_change_is_in_the_pdf_with_its_meeting_and_paragraphs(rendered):
    text = _text(rendered.out / "changes.pdf")
    words, changes = rendered.new.words, rendered.diffed.changes.changes
    meetings = {meeting.id: meeting.heading for meeting in rendered.new.meetings}
    assert len(changes) > 16  # every Africa outcome under each of its topics, and more
    for change in changes:
        label = fill(words.changes.label, kind=words.changes.labels.of(change.kind),
                     meeting=meetings[change.meeting_id],
                     paragraphs=words.paragraphs(change.outcome.first_para,
                                                 change.outcome.last_para))
        assert _printed(label) in text, label
    assert "maritime piracy" in text
    assert text.count("firmly") >= 16  # the inserted word of each rewording, shown


def test_page_counts_are_pdfinfos_and_libreoffices(rendered):
    facts = {pdf.name: pdf.pages for pdf in rendered.diffed.pdfs}
    for name in ("changes", "annex-b-changes"):
        pages = _pdfinfo_pages(rendered.out / f"{name}.pdf")
        assert facts[f"{name}.pdf"] == pages == rendered.office_pages[name]
    assert facts["changes.pdf"] > 1


def test_the_annex_b_pdf_holds_the_changed_cells(rendered):
    # In the content stream's order (-raw), Calc prints each cell's lines together.
    text = _text(rendered.out / "annex-b-changes.pdf", "-raw")
    assert _pdfinfo_pages(rendered.out / "annex-b-changes.pdf") > 1
    words = rendered.new.words
    for change in rendered.diffed.changes.changes:
        if change.kind not in ("removed", "moved out"):
            outcome = change.outcome
            cell = f"{outcome.text} {words.paragraphs(outcome.first_para, outcome.last_para)}"
            assert _printed(cell) in text, cell


def test_a_render_timeout_fails_the_diff_and_writes_nothing(rendered, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(rendered.out, out)
    before = tree_digest(out)
    repo = rendered.out.parent / rendered.out.name.removesuffix("-out")
    status = main(["diff", "HEAD~1", "HEAD", "--content", str(repo / "content"), "--styles",
                   str(STYLES), "--out", str(out), "--render-timeout", "0.001"])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "annexgen: rendering the change report failed: " in err, err
    assert err.rstrip().endswith("; nothing was written"), err
    assert tree_digest(out) == before
