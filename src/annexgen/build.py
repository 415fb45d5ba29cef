"""The build pipeline: read and validate everything, compose each deliverable, write them all."""

from __future__ import annotations

import contextlib
import gc
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annexgen.diagnostics import ContentError, Report
from annexgen.load.corpus import load_corpus
from annexgen.manifest import MANIFEST, Manifest, input_hashes
from annexgen.model import Corpus
from annexgen.output import OutputError, check_out_dir, exclusive, publish
from annexgen.styles import Styles, load_styles

if TYPE_CHECKING:  # the composers and writers are imported when a command needs them
    from annexgen.doc.annex_b import Matrix
    from annexgen.doc.word import WordDocument

PAPER, ANNEX_A, ANNEX_B = "snapshot-paper.docx", "annex-a.docx", "annex-b.xlsx"
PDFS = {PAPER: "snapshot-paper.pdf", ANNEX_A: "annex-a.pdf", ANNEX_B: "annex-b.pdf"}


class BuildFailed(Exception):
    """The build could not finish for a reason outside the content (renderer, checks)."""


@dataclass
class BuildResult:
    """What a build wrote, and what the user should know about it."""

    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: dict = field(default_factory=dict)
    resolved: bool = False
    fonts: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True)
class Deliverables:
    """The paper and Annex B in the document model, kept for rendering.

    Annex A, the largest model, is composed only as it is written (`write_all`) and let
    go at once, so that the workbook reuses its memory.
    """

    paper: WordDocument
    matrix: Matrix


def load_inputs(content: Path, styles_dir: Path, report: Report) -> tuple[Corpus, Styles]:
    """The corpus and styles; every problem of both is reported before ContentError is raised."""
    corpus = styles = None
    with contextlib.suppress(ContentError):
        corpus = load_corpus(content, report)
    with contextlib.suppress(ContentError):
        styles = load_styles(styles_dir, report)
    if corpus is None or styles is None or report.errors:
        raise ContentError(report)
    return corpus, styles


def check_inputs(content: Path, styles_dir: Path, report: Report) -> tuple[Corpus, Styles]:
    """What `check` does: everything `build` checks before it writes, composition included
    (an outcome too long for a cell of Annex B is found only by laying it out), so that
    check and build report the same problems."""
    corpus, styles = load_inputs(content, styles_dir, report)
    compose_all(corpus, styles, report)
    return corpus, styles


def compose_all(corpus: Corpus, styles: Styles, report: Report) -> Deliverables:
    """The paper and Annex B in the document model (content errors can be found here too)."""
    from annexgen.doc.annex_b import compose as compose_annex_b
    from annexgen.doc.paper import compose_paper

    matrix = compose_annex_b(corpus, report, styles.sheet)
    if report.errors:
        raise ContentError(report)
    return Deliverables(compose_paper(corpus), matrix)


def write_all(corpus: Corpus, styles: Styles, documents: Deliverables) -> dict[str, bytes]:
    """The office files; the paper's page references unresolved (rendering fills them)."""
    from annexgen.doc.annex_a import compose_annex_a
    from annexgen.writers.docx.package import write_docx
    from annexgen.writers.xlsx.workbook import write_workbook

    writers = {
        PAPER: lambda: write_docx(documents.paper, styles, corpus.document),
        ANNEX_A: lambda: write_docx(compose_annex_a(corpus), styles, corpus.document),
        ANNEX_B: lambda: write_workbook(documents.matrix, corpus, styles),
    }
    files = {}
    for name, write in writers.items():
        files[name] = write()
        if len(files[name]) > _LARGE_PACKAGE_BYTES:
            # python-docx's and openpyxl's package objects form cycles that hold whole
            # parts (46 MB of document.xml at 100x the content): freed before the next writer.
            gc.collect()
    return files


_LARGE_PACKAGE_BYTES = 1_000_000


def build(content: Path, styles_dir: Path, out: Path, report: Report,
          render: bool = True, force: bool = False, office=None) -> BuildResult:
    """Everything into `out` at once, or nothing (ContentError, BuildFailed).

    Outputs whose bytes did not change are left as they are; PDFs are rendered again only
    when the file they are made from changed (or with `force`). `office` is a running
    `render.office.Office` to render with (watch mode keeps one); by default the build
    starts its own and stops it at the end.
    """
    check_out_dir(out, {"content": content, "styles": styles_dir})
    with _without_gc_pauses():
        return _build(content, styles_dir, out, report, render, force, office)


@contextlib.contextmanager
def _without_gc_pauses():
    """A build makes millions of small objects and almost no cycles: the cyclic collector
    would scan them thousands of times (a fifth of the time at 100× the content)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()  # the collector, enabled again, takes it from here
        if enabled:
            gc.enable()


def _build(content: Path, styles_dir: Path, out: Path, report: Report, render: bool,
           force: bool, office) -> BuildResult:
    started = time.perf_counter()
    corpus, styles = load_inputs(content, styles_dir, report)
    with _holding(out):  # from reading the last build's manifest to publishing
        # Hashed only now: the loader has checked that every file stays inside its folder.
        previous = None if force else Manifest.read(out)
        manifest = Manifest(inputs=input_hashes({"content": content, "styles": styles_dir}))
        result = BuildResult()
        with contextlib.ExitStack() as stack:
            documents = compose_all(corpus, styles, report)
            office = _office(stack, office, previous, manifest) if render else None
            gc.freeze()  # all of it lives to the end of the build: later collections skip it
            files = write_all(corpus, styles, documents)
            rendered = office is not None and _render(office, corpus, styles, documents, files,
                                                      result, manifest, previous, out)
        if not rendered:
            if not render:
                result.notes.append("not rendered (--no-render): page references unresolved")
            sources = _pdf_sources(corpus, styles, documents, files, previous)
            _keep_valid_pdfs(files, sources, previous, out, manifest, result)
        _verify(files)
        for name, data in files.items():
            if name not in manifest.outputs:
                manifest.record(name, data)
        files[MANIFEST] = manifest.to_bytes()
        result.changed = _publish(out, files, frozenset(result.removed), force)
        result.written = [out / name for name in files if name != MANIFEST]
        result.seconds = time.perf_counter() - started
        return result


@contextlib.contextmanager
def _holding(out: Path):
    """The output folder's lock; a folder that cannot be locked (another build holds it,
    or it is no folder) is a plain BuildFailed."""
    try:
        with exclusive(out):
            yield
    except OutputError as exc:  # the body's own become BuildFailed where they arise
        raise BuildFailed(str(exc)) from None


def _verify(files: dict[str, bytes]) -> None:
    """The office files check out (relationships, content types, notes, bookmarks, no
    formulas) before anything is published; a failure here is a bug, reported as such."""
    from annexgen.verify import verify_package

    problems = [problem for name, data in files.items() if name.endswith((".docx", ".xlsx"))
                for problem in verify_package(name, data)]
    if problems:
        raise BuildFailed("output self-check failed: " + "; ".join(problems))


def _publish(out: Path, files: dict[str, bytes], remove: frozenset[str],
             force: bool) -> list[str]:
    try:
        return publish(out, files, remove, rewrite=force)
    except (OutputError, OSError) as exc:
        raise BuildFailed(f"cannot write the outputs: {exc}") from exc


def _pdf_sources(corpus, styles, documents, files, previous) -> dict[str, bytes]:
    """The bytes each PDF is rendered from (Annex B's is its matrix-only print copy)."""
    sources = {PDFS[PAPER]: files[PAPER], PDFS[ANNEX_A]: files[ANNEX_A]}
    if previous is not None and PDFS[ANNEX_B] in previous.outputs:
        from annexgen.writers.xlsx.workbook import write_print_copy
        sources[PDFS[ANNEX_B]] = write_print_copy(documents.matrix, corpus, styles)
    return sources


def _keep_valid_pdfs(files, sources, previous, out, manifest, result) -> None:
    """Without rendering, a PDF stays only if the file it was made from is unchanged."""
    kept = []
    for pdf, source in sources.items():
        data = previous.reusable(out, pdf, source) if previous else None
        if data is not None:
            files[pdf] = data
            manifest.outputs[pdf] = previous.outputs[pdf]
            kept.append(pdf)
    if previous is not None:
        manifest.pages = previous.pages  # the last layout: the next render's first guess
    stale = [pdf for pdf in PDFS.values() if pdf not in kept and (out / pdf).exists()]
    result.removed = stale
    if stale:
        result.notes.append(f"removed out-of-date {', '.join(stale)}")


def _office(stack: contextlib.ExitStack, given, previous: Manifest | None,
            manifest: Manifest):
    """LibreOffice for this build; started now, while the office files are written, when
    the inputs changed since the last build (so PDFs will surely be rendered)."""
    from annexgen.render.office import Office
    from annexgen.render.soffice import RendererMissing

    office = given if given is not None else stack.enter_context(Office())
    if previous is None or previous.inputs != manifest.inputs:
        with contextlib.suppress(RendererMissing):  # reported when rendering is attempted
            office.start()
    return office


def _render(office, corpus: Corpus, styles: Styles, documents: Deliverables,
            files: dict[str, bytes], result: BuildResult, manifest, previous, out: Path) -> bool:
    """PDFs and resolved pages into `files` and `manifest`; False when there is no renderer."""
    from annexgen.render.pipeline import render_and_resolve
    from annexgen.render.soffice import RendererMissing, RenderError

    try:
        rendered = render_and_resolve(office, corpus, styles, documents, files,
                                      (previous, out) if previous else None)
    except RendererMissing as exc:
        result.notes.append(f"not rendered: {exc}; page references unresolved")
        return False
    except RenderError as exc:
        raise BuildFailed(f"rendering failed: {exc}") from exc
    files.update(rendered.files)
    for name, source in rendered.sources.items():
        manifest.record(name, rendered.files[name], source)
    result.pages, result.resolved, result.fonts = rendered.pages, True, rendered.fonts
    manifest.set_pages(rendered.pages)
    result.notes.extend(rendered.notes)
    return True
