"""The registry of deliverables: each one's name, files, template, title, anchors and pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Where a cluster starts, per annex: {(annex name, cluster id): (first page, last page)}.
PageKey = tuple[str, str]
Pages = dict[PageKey, tuple[int, int]]

# A name as a page reference writes it (`[[pages:annex-a:…]]`, load/markup.py).
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Deliverable:
    """What a deliverable is called and declares; how it is composed, written and rendered
    is attached above (compose/registry.py, pipeline/plugins.py).

    `name` is what the content's page references and the manifest call it, `template` the
    template its prose comes from, `kind` its office format, `title` what messages call it.
    `title_key` is the key of document.yaml whose `title:` it prints (`doc.annex_a.title`
    in templates), None when it has none. `anchors` says how the pages of its clusters are
    found in its rendered layout: by the cluster's bookmark (Word), by the sheet row of its
    heading (a workbook), or not at all. `cites_pages`: its text refers to the pages of the
    anchored deliverables, so it is written again once they are rendered. `rendered`: it has
    a PDF.
    """

    name: str
    template: str
    kind: str  # "docx" or "xlsx"
    title: str
    anchors: str | None = None  # "bookmark", "row" or None
    title_key: str | None = None
    cites_pages: bool = False
    rendered: bool = True

    @property
    def office(self) -> str:
        return f"{self.name}.{self.kind}"

    @property
    def pdf(self) -> str:
        return f"{self.name}.pdf"

    @property
    def template_file(self) -> str:
        return f"{self.template}.md.j2"


class RegistryError(ValueError):
    """Deliverables that cannot be built together (a programming error, not the content's)."""


@dataclass(frozen=True)
class Registry:
    """The deliverables of a build, in the order they are written, rendered and cited."""

    deliverables: tuple[Deliverable, ...]

    def __post_init__(self) -> None:
        if problems := _problems(self.deliverables):
            raise RegistryError("; ".join(problems))

    def __iter__(self) -> Iterator[Deliverable]:
        return iter(self.deliverables)

    @property
    def annexes(self) -> tuple[Deliverable, ...]:
        """The anchored deliverables: what page references point into, in citing order."""
        return tuple(item for item in self.deliverables if item.anchors)

    @property
    def annex_names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.annexes)

    @property
    def citing(self) -> tuple[Deliverable, ...]:
        """The deliverables whose text refers to the annexes' pages."""
        return tuple(item for item in self.deliverables if item.cites_pages)

    @property
    def templates(self) -> tuple[str, ...]:
        return tuple(item.template for item in self.deliverables)

    @property
    def pdfs(self) -> tuple[str, ...]:
        """The PDF of every rendered deliverable: what a rendered build leaves in out/."""
        return tuple(item.pdf for item in self.deliverables if item.rendered)

    @property
    def offices(self) -> tuple[str, ...]:
        return tuple(item.office for item in self.deliverables)

    @property
    def title_keys(self) -> tuple[str, ...]:
        return tuple(item.title_key for item in self.deliverables if item.title_key)


def _problems(deliverables: tuple[Deliverable, ...]) -> list[str]:
    problems = [f"{item.name!r} is no name a page reference can hold" for item in deliverables
                if not _NAME.fullmatch(item.name)]
    for what in ("name", "template", "title_key"):
        values = [getattr(item, what) for item in deliverables if getattr(item, what)]
        problems += [f"two deliverables have the {what} {value!r}"
                     for value in sorted({v for v in values if values.count(v) > 1})]
    problems += [f"{item.name!r} is not rendered, so its pages cannot be found or checked"
                 for item in deliverables
                 if (item.anchors or item.cites_pages) and not item.rendered]
    problems += [f"{item.name!r} cannot both cite pages and hold anchors"
                 for item in deliverables if item.anchors and item.cites_pages]
    return problems


PAPER = Deliverable("snapshot-paper", "paper", "docx", "the snapshot paper", cites_pages=True)
ANNEX_A = Deliverable("annex-a", "annex-a", "docx", "Annex A", anchors="bookmark",
                      title_key="annex_a")
ANNEX_B = Deliverable("annex-b", "annex-b", "xlsx", "Annex B", anchors="row",
                      title_key="annex_b")

STANDARD = Registry((PAPER, ANNEX_A, ANNEX_B))


@dataclass(frozen=True)
class Anchor:
    """Where a cluster starts in a deliverable: its bookmark or sheet row (`mark`), and the
    heading text it prints (what a reader of the PDF's text looks for)."""

    cluster_id: str
    heading: str
    mark: str | int


def page_key(annex: str, cluster_id: str) -> str:
    """The manifest's spelling of a page key."""
    return f"{annex}:{cluster_id}"
