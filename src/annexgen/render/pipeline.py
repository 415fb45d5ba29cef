"""Renders the annexes, reads where each cluster fell, writes those pages into the paper."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annexgen.doc.annex_a import cluster_heading
from annexgen.doc.annex_b import cluster_label
from annexgen.manifest import Manifest
from annexgen.model import Corpus
from annexgen.output import build_time
from annexgen.render.pages import Pages, check_printed, cluster_pages
from annexgen.render.pdfnorm import normalize_pdf
from annexgen.render.pdftext import fonts, page_texts
from annexgen.render.soffice import convert_to_pdf
from annexgen.styles import Styles

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


def render_and_resolve(corpus: Corpus, styles: Styles, documents, files: dict[str, bytes],
                       previous: tuple[Manifest, Path] | None = None) -> Rendered:
    from annexgen.writers.docx.package import write_docx
    from annexgen.writers.xlsx.workbook import write_print_copy

    when = build_time(corpus.document.date)
    annexes = [_Job(ANNEX_A, files[f"{ANNEX_A}.docx"], ".docx"),
               _Job(ANNEX_B, write_print_copy(documents.matrix, corpus, styles), ".xlsx")]
    # The paper is rendered with the pages of the last build, in the same LibreOffice run
    # as the annexes; only if the annexes' pages moved is it rendered a second time.
    guess = previous[0].page_map() if previous else None
    speculative = [_Job(PAPER, write_docx(documents.paper, styles, corpus.document, guess),
                        ".docx")] if guess else []
    with tempfile.TemporaryDirectory(prefix="annexgen-render-") as tmp:
        _run([*annexes, *speculative], Path(tmp, "first"), previous, when)
        texts = {job.stem: _texts(job, Path(tmp)) for job in annexes}
        pages = _resolve(corpus, texts[ANNEX_A], texts[ANNEX_B])
        if speculative and pages == guess:
            paper = speculative[0]
        else:
            paper = _Job(PAPER, write_docx(documents.paper, styles, corpus.document, pages),
                         ".docx")
            _run([paper], Path(tmp, "paper"), previous, when)
        check_printed(" ".join(_texts(paper, Path(tmp))), pages,
                      [cluster.id for cluster in corpus.clusters])
        return _result([*annexes, paper], pages, Path(tmp))


def _run(jobs: list[_Job], folder: Path, previous, when) -> None:
    """Renders, in one LibreOffice process, the jobs whose PDF cannot be reused."""
    for job in jobs:
        if previous is not None:
            manifest, out_dir = previous
            job.pdf = manifest.reusable(out_dir, f"{job.stem}.pdf", job.source)
    todo = [job for job in jobs if job.pdf is None]
    if not todo:
        return
    sources = [_put(folder / f"{job.stem}{job.suffix}", job.source) for job in todo]
    for job, pdf in zip(todo, convert_to_pdf(sources, folder), strict=True):
        job.pdf = normalize_pdf(pdf.read_bytes(), when)


def _texts(job: _Job, folder: Path) -> list[str]:
    if job.texts is None:
        job.texts = page_texts(_put(folder / "read" / f"{job.stem}.pdf", job.pdf))
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


def _result(jobs: list[_Job], pages: Pages, folder: Path) -> Rendered:
    rendered = Rendered(pages=pages)
    found_fonts: set[str] = set()
    for job in jobs:
        rendered.files[f"{job.stem}.pdf"] = job.pdf
        rendered.sources[f"{job.stem}.pdf"] = job.source
        path = folder / "read" / f"{job.stem}.pdf"
        names = fonts(path)
        found_fonts.update(names)
        rendered.notes.append(f"{job.stem}.pdf: {len(_texts(job, folder))} pages, "
                              f"fonts {', '.join(names)}")
    rendered.files[f"{PAPER}.docx"] = jobs[-1].source
    rendered.fonts = sorted(found_fonts)
    return rendered
