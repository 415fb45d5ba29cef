"""Renders the annexes, reads where each cluster fell, writes those pages into the paper."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annexgen.doc.annex_a import cluster_heading
from annexgen.doc.annex_b import cluster_label
from annexgen.manifest import Manifest
from annexgen.model import Corpus
from annexgen.render.office import Office
from annexgen.render.pages import Pages, check_printed, cluster_pages
from annexgen.render.pdfnorm import normalize_pdf
from annexgen.render.pdftext import fonts, page_count, page_texts
from annexgen.render.soffice import find_tool
from annexgen.styles import Styles
from annexgen.writers.ooxml import build_time

PAPER, ANNEX_A, ANNEX_B = "snapshot-paper", "annex-a", "annex-b"


@dataclass
class Rendered:
    """The PDFs and the resolved paper by output name, what each PDF was made from, notes."""

    files: dict[str, bytes] = field(default_factory=dict)
    sources: dict[str, bytes] = field(default_factory=dict)
    pages: Pages = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)


@dataclass
class _Job:
    """One render: office bytes in, PDF bytes out (reused from the last build when it can be)."""

    stem: str
    source: bytes
    suffix: str
    pdf: bytes | None = None
    texts: list[str] | None = None

    def rendered(self) -> bytes:
        """The PDF, which `_reuse` or `_render` has set by the time it is read."""
        if self.pdf is None:
            raise RuntimeError(f"{self.stem} has not been rendered")
        return self.pdf


def render_and_resolve(office: Office, corpus: Corpus, styles: Styles, documents,
                       files: dict[str, bytes],
                       previous: tuple[Manifest, Path] | None = None) -> Rendered:
    from annexgen.writers.docx.package import write_docx
    from annexgen.writers.xlsx.workbook import write_print_copy

    find_tool("soffice", "libreoffice")  # both, before LibreOffice works for nothing
    find_tool("pdftotext")
    when = build_time(corpus.document.date)
    annexes = [_Job(ANNEX_A, files[f"{ANNEX_A}.docx"], ".docx"),
               _Job(ANNEX_B, write_print_copy(documents.matrix, corpus, styles), ".xlsx")]
    with tempfile.TemporaryDirectory(prefix="annexgen-render-") as tmp:
        annexes_reused = _reuse(annexes, previous)
        if not annexes_reused:
            office.start()  # no-op when the build started it already
        # The paper is rendered with the pages of the last build, in the same run as the
        # annexes; only if the annexes' pages moved is it rendered a second time.
        guess = previous[0].page_map() if previous else None
        speculative = [_Job(PAPER, write_docx(documents.paper, styles, corpus.document, guess),
                            ".docx")] if guess else []
        if guess and _reuse([*annexes, *speculative], previous):
            return _result([*annexes, *speculative], guess)  # checked by the last build
        _render(office, [*annexes, *speculative], Path(tmp, "first"), previous, when)
        # Read from the PDFs also when they are reused: the manifest's pages are a guess,
        # never a source (out/ is anyone's to edit).
        pages = _resolve(corpus, *(_texts(job, Path(tmp)) for job in annexes))
        if speculative and pages == guess:
            paper = speculative[0]
        else:
            paper = _Job(PAPER, write_docx(documents.paper, styles, corpus.document, pages),
                         ".docx")
            _render(office, [paper], Path(tmp, "paper"), previous, when)
        printed = " ".join(_texts(paper, Path(tmp)))
        check_printed(printed, corpus.prose["paper"].page_references(), pages)
        return _result([*annexes, paper], pages)


def _reuse(jobs: list[_Job], previous) -> bool:
    """Takes each job's PDF from the last build where its source did not change; all taken?"""
    for job in jobs:
        if previous is not None and job.pdf is None:
            manifest, out_dir = previous
            job.pdf = manifest.reusable(out_dir, f"{job.stem}.pdf", job.source)
    return all(job.pdf is not None for job in jobs)


def _render(office: Office, jobs: list[_Job], folder: Path, previous, when) -> None:
    """PDFs of the jobs: LibreOffice gets every file that cannot be reused at once, and
    each new PDF is read while it renders the next."""
    _reuse(jobs, previous)
    todo = [job for job in jobs if job.pdf is None]
    requests = [office.submit([_put(folder / f"{job.stem}{job.suffix}", job.source)], folder)
                for job in todo]
    for job, request in zip(todo, requests, strict=True):
        [pdf] = request.pdfs()
        job.pdf = normalize_pdf(pdf.read_bytes(), when)
        _texts(job, folder)


def _texts(job: _Job, folder: Path) -> list[str]:
    """The job's page texts, read from its PDF once."""
    if job.texts is None:
        job.texts = page_texts(_put(folder / "read" / f"{job.stem}.pdf", job.rendered()))
    return job.texts


def _put(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _resolve(corpus: Corpus, texts_a: list[str], texts_b: list[str]) -> Pages:
    clusters = corpus.clusters
    pages = cluster_pages(ANNEX_A, [(c.id, cluster_heading(c)) for c in clusters], texts_a)
    pages |= cluster_pages(ANNEX_B, [(c.id, cluster_label(c)) for c in clusters], texts_b)
    return pages


def _result(jobs: list[_Job], pages: Pages) -> Rendered:
    rendered = Rendered(pages=pages)
    found_fonts: set[str] = set()
    for job in jobs:
        pdf = job.rendered()
        rendered.files[f"{job.stem}.pdf"] = pdf
        rendered.sources[f"{job.stem}.pdf"] = job.source
        names = fonts(pdf)
        found_fonts.update(names)
        rendered.notes.append(f"{job.stem}.pdf: {page_count(pdf)} pages, "
                              f"fonts {', '.join(names)}")
    rendered.files[f"{PAPER}.docx"] = jobs[-1].source
    rendered.fonts = sorted(found_fonts)
    return rendered
