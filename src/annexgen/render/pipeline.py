"""Renders the annexes, reads where each cluster fell, writes those pages into the paper."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annexgen.doc.annex_a import cluster_heading
from annexgen.doc.annex_b import cluster_label
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
    """The PDFs and the resolved paper, by output file name; the pages found; notes."""

    files: dict[str, bytes] = field(default_factory=dict)
    pages: Pages = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)


def render_and_resolve(corpus: Corpus, styles: Styles, documents, files: dict[str, bytes]
                       ) -> Rendered:
    from annexgen.writers.docx.package import write_docx
    from annexgen.writers.xlsx.workbook import write_print_copy

    rendered = Rendered()
    with tempfile.TemporaryDirectory(prefix="annexgen-render-") as tmp:
        annexes = Path(tmp, "annexes")
        annex_a = _put(annexes / f"{ANNEX_A}.docx", files[f"{ANNEX_A}.docx"])
        annex_b = _put(annexes / f"{ANNEX_B}.xlsx",
                       write_print_copy(documents.matrix, corpus, styles))
        pdf_a, pdf_b = convert_to_pdf([annex_a, annex_b], annexes)
        rendered.pages = _resolve(corpus, pdf_a, pdf_b)
        paper = write_docx(documents.paper, styles, corpus.document, rendered.pages)
        (pdf_paper,) = convert_to_pdf([_put(Path(tmp, "paper", f"{PAPER}.docx"), paper)],
                                      Path(tmp, "paper"))
        check_printed(" ".join(page_texts(pdf_paper)), rendered.pages,
                      [cluster.id for cluster in corpus.clusters])
        pdfs = {ANNEX_A: pdf_a, ANNEX_B: pdf_b, PAPER: pdf_paper}
        rendered.files = _outputs(paper, pdfs, build_time(corpus.document.date))
        rendered.notes = _notes(pdfs)
        rendered.fonts = sorted({name for pdf in pdfs.values() for name in fonts(pdf)})
    return rendered


def _put(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _resolve(corpus: Corpus, pdf_a: Path, pdf_b: Path) -> Pages:
    clusters = corpus.clusters
    pages = cluster_pages(ANNEX_A, [(c.id, cluster_heading(c)) for c in clusters],
                          page_texts(pdf_a))
    pages |= cluster_pages(ANNEX_B, [(c.id, cluster_label(c)) for c in clusters],
                           page_texts(pdf_b))
    return pages


def _outputs(paper: bytes, pdfs: dict[str, Path], when) -> dict[str, bytes]:
    outputs = {f"{PAPER}.docx": paper}
    for stem, pdf in pdfs.items():
        outputs[f"{stem}.pdf"] = normalize_pdf(pdf.read_bytes(), when)
    return outputs


def _notes(pdfs: dict[str, Path]) -> list[str]:
    notes = []
    for stem, pdf in pdfs.items():
        count = len(page_texts(pdf))
        notes.append(f"{stem}.pdf: {count} pages, fonts {', '.join(fonts(pdf))}")
    return notes
