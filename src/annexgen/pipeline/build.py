"""The build pipeline, read top to bottom: load → compose → write → render → resolve → publish."""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annexgen.compose.check import Composed, compose_all, load_inputs
from annexgen.core.deliverables import STANDARD, Pages, Registry
from annexgen.core.diagnostics import Diagnostic, Report, WarningsAsErrors
from annexgen.core.errors import (
    CannotWrite,
    NothingWritten,
    refusals_as_cannot_write,
    temporary_folder,
)
from annexgen.pipeline.plugins import STANDARD_PLUGINS, Plugin, Plugins
from annexgen.publish.manifest import MANIFEST, Manifest, input_hashes
from annexgen.publish.outfolder import OutputError, check_out_dir, exclusive, publish
from annexgen.render.office import NotRendered, own_renderer, start_early

if TYPE_CHECKING:  # the loaders, composers and writers are imported when a build needs them
    from annexgen.core.model import Corpus
    from annexgen.render.pipeline import PdfFacts, Previous, RenderPlan
    from annexgen.render.renderer import Renderer
    from annexgen.styles.model import Styles


class BuildFailed(NothingWritten):
    """The build could not finish for a reason outside the content (renderer, checks);
    nothing was written."""


class RenderFailed(BuildFailed):
    """LibreOffice (or poppler) failed, or the paper's PDF printed other pages."""


@dataclass(frozen=True)
class BuildResult:
    """What a build left in out/, and what the user should know about it."""

    written: tuple[Path, ...] = ()
    pages: Pages = field(default_factory=dict)
    resolved: bool = False
    pdfs: tuple[PdfFacts, ...] = ()  # the PDFs this build rendered
    not_rendered: NotRendered | None = None  # why the page references are unresolved
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()  # PDFs removed: the file each was made from changed
    seconds: float = 0.0
    unchanged: bool = False  # nothing was read or written: the inputs were those of out/
    earlier_warnings: tuple[Diagnostic, ...] = ()  # an unchanged build's, from its manifest
    # How many outcomes each meeting of meetings.yaml has in the outputs (none when unchanged:
    # nothing was read).
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def fonts(self) -> tuple[str, ...]:
        """Every font the rendered PDFs embed."""
        return tuple(sorted({font for pdf in self.pdfs for font in pdf.fonts}))


@dataclass(frozen=True)
class _Outputs:
    """What goes into out/: every file, what each PDF was made from, the pages."""

    files: dict[str, bytes]
    sources: dict[str, bytes]
    pages: Pages
    resolved: bool
    pdfs: tuple[PdfFacts, ...] = ()
    not_rendered: NotRendered | None = None
    removed: tuple[str, ...] = ()


def build(content: Path, styles_dir: Path, out: Path, report: Report, render: bool = True,
          force: bool = False, renderer: Renderer | None = None,
          render_timeout: float | None = None, plugins: Plugins = STANDARD_PLUGINS,
          tune_gc: bool = False, strict: bool = False,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    """Everything into `out` at once, or nothing (ContentError, BuildFailed, CannotWrite
    when the file system refuses to write).

    A build whose inputs are those out/ was built from, with out/ intact, reads and writes
    nothing. Otherwise outputs whose bytes did not change are left as they are, and a PDF
    is rendered again only when the file it is made from changed (or with `force`).
    `renderer` renders (watch keeps warm ones); by default the build starts its own
    LibreOffice first thing and stops it once the outputs are published. `plugins` are the
    deliverables it makes (by default the paper, Annex A and Annex B). `tune_gc` (the
    command line asks for it; a long-lived process should not) pauses Python's cyclic
    collector for the build, which a build of millions of short-lived objects does not need.
    `strict` (the build that is distributed) refuses content with warnings
    (WarningsAsErrors) before anything is written. `progress` is told each phase as it
    begins ("reading", "composing", "writing", "rendering", "publishing").
    """
    said = progress or (lambda phase: None)
    started = time.perf_counter()
    folders = {"content": content, "styles": styles_dir}
    check_out_dir(out, folders)
    with _holding(out), own_renderer(renderer, render) as office:
        registry = plugins.registry
        previous = None if force else Manifest.read(out, registry)
        inputs = _inputs(folders, registry)
        if previous is not None and previous.current(out, inputs, registry, render):
            if strict and previous.warnings:
                raise WarningsAsErrors(previous.warnings)
            resolved = previous.resolved(registry)
            return BuildResult(unchanged=True, written=_listed(out, previous),
                               resolved=resolved, pages=previous.page_map() if resolved else {},
                               seconds=_since(started),
                               earlier_warnings=tuple(previous.warnings))
        start_early(office)
        # openpyxl and LibreOffice write temporary files: a full or read-only temporary
        # folder is CannotWrite, as out/ is.
        with _without_gc_pauses() if tune_gc else contextlib.nullcontext():
            said("reading")
            corpus, styles = load_inputs(content, styles_dir, report, registry=registry)
            said("composing")
            documents = compose_all(corpus, styles, report, plugins.compositions)
            if strict and report.warnings:
                raise WarningsAsErrors(report.sorted())
            with refusals_as_cannot_write(temporary_folder()):
                said("writing")
                files = write_all(corpus, styles, documents, plugins, freeze=tune_gc)
        with refusals_as_cannot_write(temporary_folder()):
            plan = render_plan(corpus, styles, documents, files, render_timeout, plugins)
            if office:
                said("rendering")
            outputs = _rendered(office, plan, files, previous, out) if office else None
            outputs = outputs or _unrendered(plan, files, previous, out, NotRendered("no-render"))
        _verify(outputs.files)
        manifest = Manifest.of(inputs or {}, outputs.files, outputs.sources, outputs.pages,
                               report.warnings)
        said("publishing")
        changed = _publish(out, {**outputs.files, MANIFEST: manifest.to_bytes()},
                           frozenset(outputs.removed), force)
    return BuildResult(written=tuple(out / name for name in outputs.files),
                       resolved=outputs.resolved,
                       pages=outputs.pages if outputs.resolved else {},
                       pdfs=outputs.pdfs, not_rendered=outputs.not_rendered,
                       changed=tuple(changed), removed=outputs.removed,
                       seconds=_since(started), outcomes=_outcomes_per_meeting(corpus))


def _outcomes_per_meeting(corpus: Corpus) -> dict[str, int]:
    counts = dict.fromkeys((meeting.id for meeting in corpus.meetings), 0)
    for outcome in corpus.outcomes:
        counts[outcome.meeting_id] += 1
    return counts


# -- load, compose, write ----------------------------------------------------------------------

def write_all(corpus: Corpus, styles: Styles, documents: Composed,
              plugins: Plugins = STANDARD_PLUGINS, freeze: bool = False) -> dict[str, bytes]:
    """The office files; page references unresolved (rendering fills them). With
    `freeze`, what lives now is moved out of the cyclic collector's sight."""
    if freeze:
        gc.freeze()  # what lives now (the corpus, the models) lives to the end: never scanned
    files = {}
    for plugin in plugins:
        name = plugin.deliverable.office
        files[name] = plugin.write(corpus, styles, documents[plugin.deliverable.name], None)
        if len(files[name]) > _LARGE_PACKAGE_BYTES:
            # python-docx's and openpyxl's package objects form cycles that hold whole
            # parts (46 MB of document.xml at 100x the content): freed before the next writer.
            gc.collect()
    return files


_LARGE_PACKAGE_BYTES = 1_000_000


def render_plan(corpus: Corpus, styles: Styles, documents: Composed, files: dict[str, bytes],
                timeout: float | None = None,
                plugins: Plugins = STANDARD_PLUGINS) -> RenderPlan:
    """What the render stage needs: what each rendered deliverable's PDF is made from and
    its anchors, and how to write again those that cite the annexes' pages."""
    from annexgen.render.pipeline import AnnexSource, Citing, RenderPlan
    from annexgen.writers.ooxml import build_time

    annexes, citing = [], []
    for plugin in plugins:
        item, model = plugin.deliverable, documents[plugin.deliverable.name]
        if item.cites_pages:
            citing.append(Citing(item, _writer(plugin, corpus, styles, model),
                                 tuple(corpus.prose[item.template].page_references())))
        elif item.rendered:
            printing = plugin.printing(corpus, styles, model, files[item.office])
            annexes.append(AnnexSource(item, printing.source,
                                       plugin.composition.anchors(corpus, model),
                                       printing.parts))
    return RenderPlan(annexes=tuple(annexes), citing=tuple(citing),
                      page_words=corpus.words.pages, when=build_time(corpus.document.date),
                      timeout=timeout, language=corpus.words.word_language)


def _writer(plugin: Plugin[Any], corpus: Corpus, styles: Styles,
            model: object) -> Callable[[Pages | None], bytes]:
    return lambda pages: plugin.write(corpus, styles, model, pages)


# -- render and resolve --------------------------------------------------------------------------

def _rendered(office: Renderer, plan: RenderPlan, files: dict[str, bytes],
              previous: Manifest | None, out: Path) -> _Outputs | None:
    """The office files with the PDFs and the resolved paper; None without a renderer."""
    from annexgen.render.office import render_or_why_not
    from annexgen.render.soffice import RenderError

    try:
        rendered = render_or_why_not(office, plan, _previous(previous, out))
    except RenderError as exc:
        raise RenderFailed(f"rendering failed: {exc}") from exc
    if isinstance(rendered, NotRendered):
        return _unrendered(plan, files, previous, out, rendered)
    return _Outputs({**files, **rendered.resolved, **rendered.pdfs}, rendered.sources,
                    rendered.pages, True, rendered.facts)


def _unrendered(plan: RenderPlan, files: dict[str, bytes], previous: Manifest | None,
                out: Path, why: NotRendered) -> _Outputs:
    """The office files, with the last build's PDFs that are still true (the file each was
    made from is unchanged); the others are removed from out/."""
    sources = {item.deliverable.pdf: files[item.deliverable.office] for item in plan.citing}
    sources |= {annex.deliverable.pdf: annex.source for annex in plan.annexes}
    kept = {pdf: data for pdf, source in sources.items()
            if previous is not None
            and (data := previous.reusable(out, pdf, source)) is not None}
    stale = tuple(pdf for pdf in sources if pdf not in kept and (out / pdf).exists())
    return _Outputs({**files, **kept}, {pdf: sources[pdf] for pdf in kept},
                    previous.page_map() if previous else {},  # the next render's first guess
                    False, not_rendered=why, removed=stale)


def _previous(manifest: Manifest | None, out: Path) -> Previous | None:
    from annexgen.render.pipeline import Previous

    return None if manifest is None else Previous(manifest, out)


# -- the renderer's life, checks, publishing -----------------------------------------------------

@contextlib.contextmanager
def _without_gc_pauses() -> Iterator[None]:
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


@contextlib.contextmanager
def _holding(out: Path) -> Iterator[None]:
    """The output folder's lock; a folder that cannot be locked (another build holds it,
    or it is no folder) is a plain BuildFailed, one the file system refuses CannotWrite."""
    try:
        with exclusive(out):
            yield
    except CannotWrite:
        raise
    except OutputError as exc:  # the body's own become BuildFailed where they arise
        raise BuildFailed(str(exc)) from None


def _verify(files: dict[str, bytes]) -> None:
    """The office files check out (relationships, content types, notes, bookmarks, no
    formulas) before anything is published; a failure here is a bug, reported as such."""
    from annexgen.writers.verify import verify_package

    problems = [problem for name, data in files.items() if name.endswith((".docx", ".xlsx"))
                for problem in verify_package(name, data)]
    if problems:
        raise BuildFailed("output self-check failed: " + "; ".join(problems))


def _publish(out: Path, files: dict[str, bytes], remove: frozenset[str],
             force: bool) -> list[str]:
    try:
        return publish(out, files, remove, rewrite=force)
    except CannotWrite:
        raise
    except (OutputError, OSError) as exc:
        raise BuildFailed(f"cannot write the outputs: {exc}") from exc


def _inputs(folders: dict[str, Path], registry: Registry) -> dict[str, str] | None:
    """What the outputs are made from: every file of the folders, SOURCE_DATE_EPOCH (it
    sets the time stamped into every output), and deliverables other than the standard
    ones (those are part of annexgen's version), as they are declared."""
    import os

    from annexgen.publish.manifest import sha256

    hashes = input_hashes(folders)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if hashes is not None and epoch is not None:
        hashes["env/SOURCE_DATE_EPOCH"] = sha256(epoch.encode())
    if hashes is not None and registry != STANDARD:
        hashes["deliverables"] = sha256(repr(registry).encode())
    return hashes


def _listed(out: Path, manifest: Manifest) -> tuple[Path, ...]:
    return tuple(out / name for name in manifest.outputs if name != MANIFEST)


def _since(started: float) -> float:
    return time.perf_counter() - started
