"""How each deliverable is composed: its document model from the corpus, and its anchors in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from annexgen.compose import annex_a, annex_b
from annexgen.compose.paper import compose_paper
from annexgen.core.deliverables import ANNEX_A, ANNEX_B, PAPER, Anchor, Deliverable, Registry
from annexgen.core.diagnostics import Report
from annexgen.core.model import Corpus
from annexgen.styles.model import Styles

Model = TypeVar("Model")


def _no_anchors(_corpus: Corpus, _model: object) -> tuple[Anchor, ...]:
    return ()


@dataclass(frozen=True)
class Composition(Generic[Model]):
    """A deliverable's document model: `compose` makes it (reporting content errors only
    a composer finds), `anchors` says where each cluster starts in it."""

    deliverable: Deliverable
    compose: Callable[[Corpus, Styles, Report], Model]
    anchors: Callable[[Corpus, Model], tuple[Anchor, ...]] = _no_anchors


def registry_of(compositions: tuple[Composition[Any], ...]) -> Registry:
    return Registry(tuple(item.deliverable for item in compositions))


def _paper(corpus: Corpus, _styles: Styles, _report: Report):
    return compose_paper(corpus)


def _composed_when_written(_corpus: Corpus, _styles: Styles, _report: Report) -> None:
    """Annex A, the largest model, is composed only as it is written and let go at once,
    so that the workbook written after it reuses its memory."""


def _annex_a_anchors(corpus: Corpus, _model: None) -> tuple[Anchor, ...]:
    return annex_a.anchors(corpus)


def _annex_b(corpus: Corpus, styles: Styles, report: Report) -> annex_b.Matrix:
    return annex_b.compose(corpus, report, styles.sheet)


PAPER_COMPOSITION = Composition(PAPER, _paper)
ANNEX_A_COMPOSITION = Composition(ANNEX_A, _composed_when_written, _annex_a_anchors)
ANNEX_B_COMPOSITION = Composition(ANNEX_B, _annex_b, annex_b.anchors)

STANDARD_COMPOSITIONS: tuple[Composition[Any], ...] = (
    PAPER_COMPOSITION, ANNEX_A_COMPOSITION, ANNEX_B_COMPOSITION)
