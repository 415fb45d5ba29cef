"""annexgen as a library: check, build, a long-lived build session, diff, import, suggest,
init and outcome edits, each returning structured results; the command line and the
workbench call only this. A failure is an AnnexgenError carrying its exit status and the
diagnostics found on the way; nothing here changes process-wide state unless asked."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annexgen.core.diagnostics import ContentError, Diagnostic, Report, WarningsAsErrors
from annexgen.core.errors import AnnexgenError, CannotWrite, Refused

if TYPE_CHECKING:  # each call imports what it needs: `annexgen check` starts fast
    from annexgen.core.model import Corpus
    from annexgen.diff.changes import ChangeSet
    from annexgen.edit.apply import Edited
    from annexgen.edit.outcomes import AcceptTopic as AcceptTopic
    from annexgen.edit.outcomes import AddPhrase as AddPhrase
    from annexgen.edit.outcomes import AddTopic as AddTopic
    from annexgen.edit.outcomes import EditRefused as EditRefused
    from annexgen.edit.outcomes import FinishReview as FinishReview
    from annexgen.edit.outcomes import Operation
    from annexgen.edit.outcomes import RejectTopic as RejectTopic
    from annexgen.edit.outcomes import RemovePhrase as RemovePhrase
    from annexgen.edit.outcomes import RemovePhraseAt as RemovePhraseAt
    from annexgen.edit.outcomes import RemoveTopic as RemoveTopic
    from annexgen.edit.outcomes import SetParas as SetParas
    from annexgen.edit.outcomes import SetText as SetText
    from annexgen.edit.workspace import Applied as Applied
    from annexgen.edit.workspace import OutcomeChanged as OutcomeChanged
    from annexgen.edit.workspace import Workspace as Workspace
    from annexgen.edit.writes import FileChanged as FileChanged
    from annexgen.importer.run import Imported
    from annexgen.pipeline.build import BuildResult
    from annexgen.pipeline.watch import Session
    from annexgen.render.office import NotRendered
    from annexgen.render.pipeline import PdfFacts

# The outcome edits and the workspace, imported when first asked for (ruamel is slow to load).
_LAZY = {
    **dict.fromkeys(("AcceptTopic", "AddPhrase", "AddTopic", "EditRefused", "FinishReview",
                     "RejectTopic", "RemovePhrase", "RemovePhraseAt", "RemoveTopic",
                     "SetParas", "SetText"),
                    "annexgen.edit.outcomes"),
    **dict.fromkeys(("Applied", "OutcomeChanged", "Workspace"), "annexgen.edit.workspace"),
    "FileChanged": "annexgen.edit.writes",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'annexgen.api' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "AnnexgenError", "Built", "CannotWrite", "Checked", "ContentError", "Counts", "Diffed",
    "ImportedReports", "Refused", "Suggested", "WarningsAsErrors", "build", "check",
    "check_out_folder", "diff", "edit", "import_reports", "init", "published_pages",
    "right_to_left", "session", "styles_for", "suggest", "workspace",
]


@dataclass(frozen=True, slots=True)
class Counts:
    """What an exercise holds."""

    meetings: int
    clusters: int
    topics: int
    outcomes: int
    placements: int

    @classmethod
    def of(cls, corpus: Corpus) -> Counts:
        return cls(len(corpus.meetings), len(corpus.clusters), len(corpus.topics()),
                   len(corpus.outcomes), corpus.placements())


@dataclass(frozen=True, slots=True)
class Checked:
    """The content and styles passed every check: what they hold, and their warnings."""

    counts: Counts
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class Built:
    """What a build left in the output folder, and its warnings."""

    result: BuildResult
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class Diffed:
    """The changes between two versions of the content, the reports written, the PDFs
    rendered (or why none was) and those of an earlier diff removed, and the warnings."""

    changes: ChangeSet
    written: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]
    pdfs: tuple[PdfFacts, ...] = ()
    not_rendered: NotRendered | None = None
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportedReports:
    """What each report gave and what the import wrote (or would write)."""

    reports: tuple[Imported, ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class Suggested:
    """For each outcome file looked at (as shown), how many outcomes got suggestions."""

    files: tuple[tuple[str, int], ...]
    diagnostics: tuple[Diagnostic, ...]


@contextlib.contextmanager
def _reporting() -> Iterator[Report]:
    """A report for the call; a failure leaves with the diagnostics found before it."""
    report = Report()
    try:
        yield report
    except AnnexgenError as exc:
        if not exc.diagnostics:
            exc.found_with(report.sorted())
        raise


def check(content: Path, styles: Path, *, strict: bool = False) -> Checked:
    """Everything build checks before it writes, composition included; with `strict`,
    warnings refuse too (WarningsAsErrors), as `build --strict` would."""
    from annexgen.compose.check import check_inputs

    with _reporting() as report:
        corpus, _ = check_inputs(content, styles, report)
        if strict and report.warnings:
            raise WarningsAsErrors(report.sorted())
    return Checked(Counts.of(corpus), tuple(report.sorted()))


def build(content: Path, styles: Path, out: Path, *, render: bool = True, force: bool = False,
          render_timeout: float | None = None, tune_gc: bool = False,
          strict: bool = False, progress: Callable[[str], None] | None = None) -> Built:
    """The deliverables into `out`, all at once or not at all; with `strict` (the build
    that is distributed), none while the content has warnings."""
    from annexgen.pipeline.build import build as run_build

    with _reporting() as report:
        result = run_build(content, styles, out, report, render=render, force=force,
                           render_timeout=render_timeout, tune_gc=tune_gc, strict=strict,
                           progress=progress)
    return Built(result, tuple(report.sorted()))


def session(content: Path, styles: Path, out: Path, *, render: bool = True,
            render_timeout: float | None = None, tune_gc: bool = False) -> Session:
    """A long-lived build of one content folder (warm LibreOffices): `rebuild()` for one
    round, `watch(on_event, stop)` for a round on every save; close it when done."""
    from annexgen.pipeline.watch import Session

    return Session(content, styles, out, render, render_timeout, tune_gc=tune_gc)


def diff(old: str, new: str, content: Path, styles: Path, out: Path, *, render: bool = True,
         render_timeout: float | None = None) -> Diffed:
    """What changed between two content folders or git revisions of `content`: the change
    report and the Annex B copy, with their PDFs unless `render` is off (or LibreOffice is
    missing: `not_rendered` says why), all at once or not at all."""
    from annexgen.diff.run import diff as run_diff

    with _reporting() as report:
        result = run_diff(old, new, content, styles, out, report, render=render,
                          render_timeout=render_timeout)
    return Diffed(result.changes, tuple(result.written), tuple(report.sorted()), result.pdfs,
                  result.not_rendered, result.removed)


def import_reports(reports: list[Path], content: Path, *, meeting: str | None = None,
                   force: bool = False, dry_run: bool = False,
                   styles: Path | None = None) -> ImportedReports:
    """Meeting reports into their outcome files, every file written or none."""
    from annexgen.importer.run import import_reports as run_import

    with _reporting() as report:
        done = run_import(reports, meeting, content, report, dry_run=dry_run, force=force,
                          styles_dir=styles)
    return ImportedReports(tuple(done), tuple(report.sorted()))


def suggest(content: Path, *, meetings: list[str] | None = None, every: bool = False,
            dry_run: bool = False) -> Suggested:
    """New suggestions for the outcomes under review (with `every`, for all)."""
    from annexgen.importer.run import refresh

    with _reporting() as report:
        done = refresh(meetings, content, report, every, dry_run)
    return Suggested(tuple(done), tuple(report.sorted()))


def check_out_folder(out: Path, content: Path, styles: Path) -> None:
    """Refuses (OutFolderRefused) an output folder that is, holds or lies inside the
    content or styles folder: publishing swaps the whole output folder."""
    from annexgen.publish.outfolder import check_out_dir

    check_out_dir(out, {"content": content, "styles": styles})


def init(folder: Path, meetings: int = 5, with_styles: bool = False,
         language: str = "en") -> tuple[Path, ...]:
    """A small valid content folder for a new exercise, in a new or empty folder, its
    templates and examples in `language`."""
    from annexgen.pipeline.init import write_skeleton

    return tuple(write_skeleton(folder, meetings, with_styles=with_styles, language=language))


def edit(content: Path, outcome_id: str, *operations: Operation, version: str | None = None,
         styles: Path | None = None) -> Edited:
    """A person's edit of one outcome (operations of annexgen.edit.outcomes: accept or
    reject a suggested topic, add or remove a topic, a key phrase from a selection of the
    text, the text, the paragraph numbers, the end of its review), written over `version`
    (the file's version the person saw, as a previous Edited gave it) or refused."""
    from annexgen.edit.apply import edit_outcome

    with _reporting() as report:
        return edit_outcome(content, outcome_id, operations, report, version, styles)


def workspace(content: Path, styles: Path | None = None) -> Workspace:
    """The content held for many small edits (the workbench's): outcomes in report order,
    each edit checked by its own file and written over the version it was made from;
    ContentError when the content's YAML files do not read cleanly."""
    from annexgen.edit.workspace import Workspace

    return Workspace(content, styles)


def published_pages(out: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """Where each cluster's pages are in the annexes out/ holds now, by (annex, cluster id),
    as the last build found them in the PDFs; empty when out/ has no resolved build."""
    from annexgen.core.deliverables import STANDARD
    from annexgen.publish.manifest import Manifest

    manifest = Manifest.read(out, STANDARD)
    if manifest is None or not manifest.resolved(STANDARD):
        return {}
    return manifest.page_map()


def exercise_content(folder: Path) -> Path:
    """The content folder a --content names: the folder, or the content/ of an exercise
    folder that `annexgen init` wrote."""
    from annexgen.load.files import exercise_content as resolve

    return resolve(folder)


def styles_for(content: Path, given: Path | None = None) -> Path:
    """The styles folder to use: `given`, else the exercise's own styles/ (in the content
    folder, or beside it), else the styles annexgen ships."""
    from annexgen.styles.load import styles_for as resolve

    return resolve(content, given)


def right_to_left(language: str) -> bool:
    """Whether a language tag ("ar", "ar-EG", "he") is written right to left, as the
    deliverables set its paragraphs."""
    from annexgen.styles.model import right_to_left as written_so

    return written_so(language)
