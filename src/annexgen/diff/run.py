"""Runs a diff: loads both sides, compares, writes the change reports (Word, Excel) and PDFs."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annexgen.core.deliverables import Deliverable
from annexgen.core.diagnostics import ContentError, Loc, Report
from annexgen.core.errors import NothingWritten, refusals_as_cannot_write, temporary_folder
from annexgen.core.words import Words, fill
from annexgen.diff.changes import ChangeSet, compare
from annexgen.diff.sources import Side, materialize
from annexgen.load.corpus import load_corpus
from annexgen.publish.outfolder import check_out_dir, exclusive, publish
from annexgen.render.office import NotRendered, own_renderer, start_early
from annexgen.styles.load import load_styles

if TYPE_CHECKING:
    from annexgen.core.model import Corpus
    from annexgen.render.pipeline import PdfFacts, Rendered
    from annexgen.render.renderer import Renderer

# The change report and the Annex B copy: written, and rendered as Annex B is (its print
# copy, the matrix sheet alone).
CHANGES = Deliverable("changes", "changes", "docx", "the change report")
ANNEX_B_CHANGES = Deliverable("annex-b-changes", "annex-b-changes", "xlsx",
                              "the Annex B changes")
CHANGES_DOCX, CHANGES_XLSX = CHANGES.office, ANNEX_B_CHANGES.office
CHANGES_PDFS = frozenset({CHANGES.pdf, ANNEX_B_CHANGES.pdf})


class RenderFailed(NothingWritten):
    """LibreOffice (or poppler) failed on the change report."""


@dataclass
class DiffResult:
    """The changes, the files written, the PDFs rendered (or why none was), and the PDFs
    of an earlier diff removed because they no longer say what the office files do."""

    changes: ChangeSet
    written: list[Path] = field(default_factory=list)
    pdfs: tuple[PdfFacts, ...] = ()
    not_rendered: NotRendered | None = None
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Written:
    """The office files by name, and what each PDF is rendered from."""

    files: dict[str, bytes]
    printed: dict[Deliverable, bytes]


def diff(old: str, new: str, content_path: Path, styles_dir: Path, out: Path,
         report: Report, render: bool = True, renderer: Renderer | None = None,
         render_timeout: float | None = None) -> DiffResult:
    """Raises SourceError for a side that is neither a folder nor a revision, ContentError
    (with every problem of both sides in `report`) for invalid content, OutFolderRefused
    for an `out` that overlaps an input folder, OutFolderBusy while a build writes it,
    RenderFailed when LibreOffice fails, and CannotWrite when the file system refuses to
    write (the revisions' copies, the renderer's files or `out`). Without a renderer
    (`render` off, or LibreOffice missing) the office files are written alone and the
    PDFs of an earlier diff are removed."""
    check_out_dir(out, {"content": content_path, "styles": styles_dir})
    with own_renderer(renderer, render) as office:
        start_early(office)
        changes, corpus, written = _compared(old, new, content_path, styles_dir, report)
        with exclusive(out):
            with refusals_as_cannot_write(temporary_folder()):
                rendered = _render(office, written.printed, corpus, render_timeout)
            files, removed = _outputs(written.files, rendered, out)
            publish(out, files, frozenset(removed))
    pdfs = () if isinstance(rendered, NotRendered) else rendered.facts
    why = rendered if isinstance(rendered, NotRendered) else None
    return DiffResult(changes, [out / name for name in files], pdfs, why, removed)


def _compared(old: str, new: str, content_path: Path, styles_dir: Path,
              report: Report) -> tuple[ChangeSet, Corpus, _Written]:
    """Both sides loaded and compared, the reports written (in the new side's words)."""
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
    with refusals_as_cannot_write(temporary_folder()):  # openpyxl writes temporary files
        written = _write(changes, old_corpus, new_corpus, styles,
                         version_label(old_side, old, said), version_label(new_side, new, said),
                         report)
    return changes, new_corpus, written


def _render(office: Renderer | None, printed: dict[Deliverable, bytes], corpus: Corpus,
            timeout: float | None) -> Rendered | NotRendered:
    """The PDFs, made and normalised as a build makes the annexes'; or why there are none."""
    from annexgen.render.office import render_or_why_not
    from annexgen.render.pipeline import AnnexSource, RenderPlan
    from annexgen.render.soffice import RenderError
    from annexgen.writers.ooxml import build_time

    if office is None:
        return NotRendered("no-render")
    plan = RenderPlan(annexes=tuple(AnnexSource(item, data, ()) for item, data in printed.items()),
                      citing=(), page_words=corpus.words.pages,
                      when=build_time(corpus.document.date), timeout=timeout,
                      language=corpus.words.word_language)
    try:
        return render_or_why_not(office, plan)
    except RenderError as exc:
        raise RenderFailed(f"rendering the change report failed: {exc}") from exc


def _outputs(files: dict[str, bytes], rendered: Rendered | NotRendered,
             out: Path) -> tuple[dict[str, bytes], tuple[str, ...]]:
    """What goes into out/: the office files and the PDFs; without PDFs, those an earlier
    diff left are to be removed (they would describe other versions)."""
    if isinstance(rendered, NotRendered):
        return files, tuple(sorted(name for name in CHANGES_PDFS if (out / name).exists()))
    return {**files, **rendered.pdfs}, ()


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


def _write(changes, old_corpus, new_corpus, styles, old: str, new: str,
           report: Report) -> _Written:
    from annexgen.compose.annex_b import compose as compose_annex_b
    from annexgen.diff.document import compose_changes
    from annexgen.diff.workbook import mark_changes
    from annexgen.writers.docx.package import write_docx
    from annexgen.writers.xlsx.workbook import write_print_copy, write_workbook

    document = compose_changes(changes, old_corpus, new_corpus, old, new)
    matrix = compose_annex_b(new_corpus, report, styles.sheet)
    if report.errors:
        raise ContentError(report)
    workbook = write_workbook(matrix, new_corpus, styles)
    files = {CHANGES_DOCX: write_docx(document, styles, new_corpus.document),
             CHANGES_XLSX: mark_changes(workbook, matrix, new_corpus, changes)}
    print_copy = mark_changes(write_print_copy(matrix, new_corpus, styles), matrix, new_corpus,
                              changes)
    return _Written(files, {CHANGES: files[CHANGES_DOCX], ANNEX_B_CHANGES: print_copy})
