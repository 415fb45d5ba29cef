"""Runs a diff: loads both sides, compares, writes the Word and Excel change reports."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annexgen.core.diagnostics import ContentError, Loc, Report
from annexgen.core.errors import refusals_as_cannot_write, temporary_folder
from annexgen.core.words import Words, fill
from annexgen.diff.changes import ChangeSet, compare
from annexgen.diff.sources import Side, materialize
from annexgen.load.corpus import load_corpus
from annexgen.publish.outfolder import check_out_dir, exclusive, publish
from annexgen.styles.load import load_styles

CHANGES_DOCX, CHANGES_XLSX = "changes.docx", "annex-b-changes.xlsx"


@dataclass
class DiffResult:
    changes: ChangeSet
    written: list[Path] = field(default_factory=list)


def diff(old: str, new: str, content_path: Path, styles_dir: Path, out: Path,
         report: Report) -> DiffResult:
    """Raises SourceError for a side that is neither a folder nor a revision, ContentError
    (with every problem of both sides in `report`) for invalid content, OutFolderRefused
    for an `out` that overlaps an input folder, OutFolderBusy while a build writes it, and
    CannotWrite when the file system refuses to write (the revisions' copies or `out`)."""
    check_out_dir(out, {"content": content_path, "styles": styles_dir})
    with refusals_as_cannot_write(temporary_folder()), \
            tempfile.TemporaryDirectory(prefix="annexgen-diff-") as tmp:
        old_side = materialize(old, content_path, Path(tmp, "old"))
        new_side = materialize(new, content_path, Path(tmp, "new"))
        old_corpus, new_corpus = _load(old_side, report), _load(new_side, report)
    styles = load_styles(styles_dir, report)
    if old_corpus is None or new_corpus is None:
        raise ContentError(report)
    changes = compare(old_corpus, new_corpus)
    said = new_corpus.words
    files = _write(changes, old_corpus, new_corpus, styles, version_label(old_side, old, said),
                   version_label(new_side, new, said), report)
    with exclusive(out):
        publish(out, files)
    return DiffResult(changes, [out / name for name in files])


def version_label(side: Side, given: str, words: Words) -> str:
    """A version as the report names it: a revision by its commit's date (and the name it
    was given), a folder by its name."""
    if side.committed is not None:
        return fill(words.changes.revision, date=words.dates.day(side.committed), name=given)
    return fill(words.changes.folder, name=given)


def _load(side: Side, report: Report):
    for name in side.left_out:
        report.add(Loc(name), "E106", "a symbolic link (or special file) in the revision, not a "
                   "regular file; it is not read")
    if side.more_left_out:
        report.add(Loc(side.left_out[-1]), "E106", f"and {side.more_left_out:,} more links or "
                   "special files in the revision, none of them read")
    try:
        return load_corpus(side.folder, report, shown=side.shown)
    except ContentError:
        return None


def _write(changes, old_corpus, new_corpus, styles, old: str, new: str, report: Report):
    from annexgen.compose.annex_b import compose as compose_annex_b
    from annexgen.diff.document import compose_changes
    from annexgen.diff.workbook import mark_changes
    from annexgen.writers.docx.package import write_docx
    from annexgen.writers.xlsx.workbook import write_workbook

    document = compose_changes(changes, old_corpus, new_corpus, old, new)
    matrix = compose_annex_b(new_corpus, report, styles.sheet)
    if report.errors:
        raise ContentError(report)
    workbook = write_workbook(matrix, new_corpus, styles)
    return {
        CHANGES_DOCX: write_docx(document, styles, new_corpus.document),
        CHANGES_XLSX: mark_changes(workbook, matrix, new_corpus, changes),
    }
