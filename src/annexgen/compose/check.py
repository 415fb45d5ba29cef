"""What `check` does, and what build does before it writes: the content and the styles
read, and the deliverables composed, every problem of each reported."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from annexgen.compose.registry import STANDARD_COMPOSITIONS, Composition, registry_of
from annexgen.core.deliverables import STANDARD, Registry
from annexgen.core.diagnostics import ContentError, Report
from annexgen.core.model import Corpus
from annexgen.load.corpus import load_corpus
from annexgen.styles.load import load_styles
from annexgen.styles.model import Styles

# Each deliverable's document model, by deliverable name (None for one composed as it is
# written).
Composed = dict[str, Any]


def load_inputs(content: Path, styles_dir: Path, report: Report,
                overlay: dict[str, str] | None = None,
                registry: Registry = STANDARD) -> tuple[Corpus, Styles]:
    """The corpus and styles; every problem of both is reported before ContentError is raised."""
    corpus = styles = None
    with contextlib.suppress(ContentError):
        corpus = load_corpus(content, report, overlay, registry=registry)
    with contextlib.suppress(ContentError):
        styles = load_styles(styles_dir, report)
    if corpus is None or styles is None or report.errors:
        raise ContentError(report)
    return corpus, styles.for_language(corpus.document.language)


def check_inputs(content: Path, styles_dir: Path, report: Report,
                 overlay: dict[str, str] | None = None,
                 compositions: tuple[Composition[Any], ...] = STANDARD_COMPOSITIONS,
                 ) -> tuple[Corpus, Styles]:
    """What `check` does: everything `build` checks before it writes, composition included
    (an outcome too long for a cell of Annex B is found only by laying it out), so that
    check and build report the same problems. With an overlay, content files are checked
    with the text they are about to be written with."""
    corpus, styles = load_inputs(content, styles_dir, report, overlay,
                                 registry_of(compositions))
    compose_all(corpus, styles, report, compositions)
    return corpus, styles


def compose_all(corpus: Corpus, styles: Styles, report: Report,
                compositions: tuple[Composition[Any], ...] = STANDARD_COMPOSITIONS,
                ) -> Composed:
    """Every deliverable in the document model (content errors can be found here too)."""
    composed = {item.deliverable.name: item.compose(corpus, styles, report)
                for item in compositions}
    if report.errors:
        raise ContentError(report)
    return composed
