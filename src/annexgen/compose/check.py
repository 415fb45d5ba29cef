"""What `check` does, and what build does before it writes: the content and the styles
read, and the deliverables composed, every problem of each reported."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from annexgen.compose.annex_b import Matrix
from annexgen.compose.annex_b import compose as compose_annex_b
from annexgen.compose.paper import compose_paper
from annexgen.compose.word import WordDocument
from annexgen.core.diagnostics import ContentError, Report
from annexgen.core.model import Corpus
from annexgen.load.corpus import load_corpus
from annexgen.styles.load import load_styles
from annexgen.styles.model import Styles


@dataclass(frozen=True)
class Deliverables:
    """The paper and Annex B in the document model, kept for rendering.

    Annex A, the largest model, is composed only as it is written (`write_all`) and let
    go at once, so that the workbook reuses its memory.
    """

    paper: WordDocument
    matrix: Matrix


def load_inputs(content: Path, styles_dir: Path, report: Report,
                overlay: dict[str, str] | None = None) -> tuple[Corpus, Styles]:
    """The corpus and styles; every problem of both is reported before ContentError is raised."""
    corpus = styles = None
    with contextlib.suppress(ContentError):
        corpus = load_corpus(content, report, overlay)
    with contextlib.suppress(ContentError):
        styles = load_styles(styles_dir, report)
    if corpus is None or styles is None or report.errors:
        raise ContentError(report)
    return corpus, styles


def check_inputs(content: Path, styles_dir: Path, report: Report,
                 overlay: dict[str, str] | None = None) -> tuple[Corpus, Styles]:
    """What `check` does: everything `build` checks before it writes, composition included
    (an outcome too long for a cell of Annex B is found only by laying it out), so that
    check and build report the same problems. With an overlay, content files are checked
    with the text they are about to be written with."""
    corpus, styles = load_inputs(content, styles_dir, report, overlay)
    compose_all(corpus, styles, report)
    return corpus, styles


def compose_all(corpus: Corpus, styles: Styles, report: Report) -> Deliverables:
    """The paper and Annex B in the document model (content errors can be found here too)."""
    matrix = compose_annex_b(corpus, report, styles.sheet)
    if report.errors:
        raise ContentError(report)
    return Deliverables(compose_paper(corpus), matrix)
