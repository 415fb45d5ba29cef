"""The registry of deliverables: each one's name, files, template, kind and page anchors."""

from __future__ import annotations

from dataclasses import dataclass

# Where a cluster starts, per annex: {(annex name, cluster id): (first page, last page)}.
PageKey = tuple[str, str]
Pages = dict[PageKey, tuple[int, int]]


@dataclass(frozen=True)
class Deliverable:
    """One deliverable: `name` is what the content's page references and the manifest call
    it, `template` the template its prose comes from, `kind` its office format.

    `anchors` says how the pages of its clusters are found in its rendered layout: by the
    cluster's bookmark (Word), by the sheet row of its heading (a workbook), or not at all.
    """

    name: str
    template: str
    kind: str  # "docx" or "xlsx"
    title: str
    anchors: str | None = None  # "bookmark", "row" or None

    @property
    def office(self) -> str:
        return f"{self.name}.{self.kind}"

    @property
    def pdf(self) -> str:
        return f"{self.name}.pdf"


PAPER = Deliverable("snapshot-paper", "paper", "docx", "the snapshot paper")
ANNEX_A = Deliverable("annex-a", "annex-a", "docx", "Annex A", anchors="bookmark")
ANNEX_B = Deliverable("annex-b", "annex-b", "xlsx", "Annex B", anchors="row")

DELIVERABLES = (PAPER, ANNEX_A, ANNEX_B)
ANNEXES = tuple(item for item in DELIVERABLES if item.anchors)
ANNEX_NAMES = tuple(item.name for item in ANNEXES)
TEMPLATES = tuple(f"{item.template}.md.j2" for item in DELIVERABLES)


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
