"""Deliverables that plug in: each one's composition, how it is written and how it is rendered."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic

from annexgen.compose.registry import (
    ANNEX_A_COMPOSITION,
    ANNEX_B_COMPOSITION,
    PAPER_COMPOSITION,
    Composition,
    Model,
)
from annexgen.core.deliverables import Deliverable, Pages, Registry
from annexgen.core.model import Cluster, Corpus
from annexgen.styles.model import Styles

if TYPE_CHECKING:  # the writers and the render stage are imported when a build needs them
    from annexgen.compose.annex_b import Matrix
    from annexgen.compose.word import WordDocument
    from annexgen.render.pipeline import Part


@dataclass(frozen=True)
class Printing:
    """What a deliverable's PDF is made from (the bytes the manifest keeps), and the parts
    it is rendered in when it is too large for one render (none: it is rendered whole)."""

    source: bytes
    parts: tuple[Part, ...] = ()


def whole(_corpus: Corpus, _styles: Styles, _model: object, office: bytes) -> Printing:
    """Rendered in one go from its office file."""
    return Printing(office)


@dataclass(frozen=True)
class Plugin(Generic[Model]):
    """A deliverable and what makes it: its `composition` (document model and anchors);
    `write`, its office file's bytes, with the annexes' pages when it cites them (None
    until they are rendered); `printing`, what its PDF is rendered from, if its
    declaration says it is rendered; `starter_title`, the title `annexgen init` writes
    under its `title_key` in document.yaml."""

    composition: Composition[Model]
    write: Callable[[Corpus, Styles, Model, Pages | None], bytes]
    printing: Callable[[Corpus, Styles, Model, bytes], Printing] = whole
    starter_title: str = ""

    @property
    def deliverable(self) -> Deliverable:
        return self.composition.deliverable


@dataclass(frozen=True)
class Plugins:
    """The deliverables a build makes, in order, with what makes each. A caller with other
    deliverables builds its own (`STANDARD_PLUGINS.adding(...)`): nothing process-wide
    changes."""

    plugins: tuple[Plugin[Any], ...]

    def __post_init__(self) -> None:
        _ = self.registry  # deliverables that cannot go together fail here (RegistryError)

    def __iter__(self) -> Iterator[Plugin[Any]]:
        return iter(self.plugins)

    @functools.cached_property
    def registry(self) -> Registry:
        """The declarations alone: what the loader, the manifest and init read."""
        return Registry(tuple(plugin.deliverable for plugin in self.plugins))

    @property
    def compositions(self) -> tuple[Composition[Any], ...]:
        return tuple(plugin.composition for plugin in self.plugins)

    def adding(self, *plugins: Plugin[Any]) -> Plugins:
        return Plugins((*self.plugins, *plugins))


# -- the paper, Annex A, Annex B -----------------------------------------------------------------

def write_word(corpus: Corpus, styles: Styles, document: WordDocument,
               pages: Pages | None) -> bytes:
    """The writer of any deliverable composed as a WordDocument (the paper's)."""
    from annexgen.writers.docx.package import write_docx

    return write_docx(document, styles, corpus.document, pages)


def _write_annex_a(corpus: Corpus, styles: Styles, _model: None, _pages: Pages | None) -> bytes:
    from annexgen.compose.annex_a import compose_annex_a
    from annexgen.writers.docx.package import write_docx

    return write_docx(compose_annex_a(corpus), styles, corpus.document)


def _print_annex_a(corpus: Corpus, styles: Styles, _model: None, office: bytes) -> Printing:
    return Printing(office, _annex_a_parts(corpus, styles))


def _annex_a_parts(corpus: Corpus, styles: Styles) -> tuple[Part, ...]:
    """Annex A in runs of whole clusters when it is too large to render in one go; none
    (rendered whole) otherwise."""
    from annexgen.compose.annex_a import anchors, cluster_sizes, compose_annex_a
    from annexgen.render.parts import pages_of_text, runs
    from annexgen.render.pipeline import Part
    from annexgen.writers.docx.package import write_docx

    groups = runs(pages_of_text(cluster_sizes(corpus)))
    if len(groups) < 2:
        return ()
    every = anchors(corpus)

    def writer(clusters: tuple[Cluster, ...]):
        return lambda first: write_docx(compose_annex_a(corpus, clusters, first), styles,
                                        corpus.document)

    return tuple(Part(tuple(every[i] for i in group),
                      writer(tuple(corpus.clusters[i] for i in group))) for group in groups)


def _write_annex_b(corpus: Corpus, styles: Styles, matrix: Matrix,
                   _pages: Pages | None) -> bytes:
    from annexgen.writers.xlsx.workbook import write_workbook

    return write_workbook(matrix, corpus, styles)


def _print_annex_b(corpus: Corpus, styles: Styles, matrix: Matrix, _office: bytes) -> Printing:
    """The matrix sheet alone, as it is printed; in parts, Annex B's PDF is made from its
    parts' files (the whole print copy, as long to write again, is not needed)."""
    from annexgen.writers.xlsx.workbook import write_print_copy

    parts = _annex_b_parts(corpus, styles, matrix)
    source = (b"".join(part.source(1) for part in parts) if parts
              else write_print_copy(matrix, corpus, styles))
    return Printing(source, parts)


def _written(data: bytes) -> Callable[[int], bytes]:
    """A part's source written ahead, its first page in it already."""
    return lambda _first: data


def _annex_b_parts(corpus: Corpus, styles: Styles, matrix: Matrix) -> tuple[Part, ...]:
    """Annex B in runs of whole clusters when it is too large to render in one go. The
    composer knows every page, so each part is numbered ahead ("Page 854 of 5328") and
    the parts can render side by side."""
    from annexgen.compose import annex_b
    from annexgen.render.parts import runs
    from annexgen.render.pipeline import Part
    from annexgen.writers.xlsx.workbook import write_print_copy

    ids = [cluster.id for cluster in corpus.clusters]
    counts = annex_b.cluster_pages(matrix)
    groups = runs([counts.get(cluster_id, 0) for cluster_id in ids])
    if len(groups) < 2:
        return ()
    found, first = [], 1
    for index, group in enumerate(groups):
        piece = annex_b.part_of(matrix, frozenset(ids[i] for i in group), first=index == 0)
        pages = sum(counts.get(ids[i], 0) for i in group)
        source = write_print_copy(piece, corpus, styles, first, matrix.pages)
        found.append(Part(annex_b.anchors(corpus, piece), _written(source),
                          first_page=first, pages=pages))
        first += pages
    return tuple(found)


PAPER_PLUGIN = Plugin(PAPER_COMPOSITION, write_word)
ANNEX_A_PLUGIN = Plugin(ANNEX_A_COMPOSITION, _write_annex_a, _print_annex_a, starter_title=(
    "Narrative presentation of the recommendations, grouped thematically"))
ANNEX_B_PLUGIN = Plugin(ANNEX_B_COMPOSITION, _write_annex_b, _print_annex_b, starter_title=(
    "Matrix of the recommendations, grouped thematically"))

STANDARD_PLUGINS = Plugins((PAPER_PLUGIN, ANNEX_A_PLUGIN, ANNEX_B_PLUGIN))
