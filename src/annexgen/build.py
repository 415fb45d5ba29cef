"""The build pipeline: read and validate everything, compose each deliverable, write them all."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from annexgen.diagnostics import ContentError, Report
from annexgen.load.corpus import load_corpus
from annexgen.model import Corpus
from annexgen.output import write_atomic
from annexgen.styles import Styles, load_styles

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
    seconds: float = 0.0


@dataclass(frozen=True)
class Deliverables:
    """The three deliverables in the document model."""

    paper: object
    annex_a: object
    matrix: object


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


def compose_all(corpus: Corpus, styles: Styles, report: Report) -> Deliverables:
    """The deliverables in the document model (content errors can be found here too)."""
    from annexgen.doc.annex_a import compose_annex_a
    from annexgen.doc.annex_b import compose as compose_annex_b
    from annexgen.doc.paper import compose_paper

    matrix = compose_annex_b(corpus, report, styles.sheet)
    if report.errors:
        raise ContentError(report)
    return Deliverables(compose_paper(corpus), compose_annex_a(corpus), matrix)


def write_all(corpus: Corpus, styles: Styles, documents: Deliverables,
              pages=None) -> dict[str, bytes]:
    from annexgen.writers.docx.package import write_docx
    from annexgen.writers.xlsx.workbook import write_workbook

    return {
        PAPER: write_docx(documents.paper, styles, corpus.document, pages),
        ANNEX_A: write_docx(documents.annex_a, styles, corpus.document),
        ANNEX_B: write_workbook(documents.matrix, corpus, styles),
    }


def build(content: Path, styles_dir: Path, out: Path, report: Report,
          render: bool = True) -> BuildResult:
    """Everything into `out`, all files at once, or nothing (ContentError, BuildFailed)."""
    started = time.perf_counter()
    corpus, styles = load_inputs(content, styles_dir, report)
    documents = compose_all(corpus, styles, report)
    files = write_all(corpus, styles, documents)
    result = BuildResult()
    if render:
        _render(corpus, styles, documents, files, result)
    else:
        result.notes.append("not rendered (--no-render): no PDFs, page references unresolved")
    result.written = write_atomic(out, files)
    result.seconds = time.perf_counter() - started
    return result


def _render(corpus: Corpus, styles: Styles, documents: Deliverables, files: dict[str, bytes],
            result: BuildResult) -> None:
    from annexgen.render.pipeline import render_and_resolve
    from annexgen.render.soffice import RendererMissing, RenderError

    try:
        rendered = render_and_resolve(corpus, styles, documents, files)
    except RendererMissing as exc:
        result.notes.append(f"not rendered: {exc}; no PDFs, page references unresolved")
        return
    except RenderError as exc:
        raise BuildFailed(f"rendering failed: {exc}") from exc
    files.update(rendered.files)
    result.pages, result.resolved, result.fonts = rendered.pages, True, rendered.fonts
    result.notes.extend(rendered.notes)
