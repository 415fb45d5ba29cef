"""Bookmarks of a sheet's PDF: one per cluster, under the sheet's own, at the cluster's page."""

from __future__ import annotations

import io
from collections.abc import Sequence

from annexgen.render.pdf_tags import saved
from annexgen.render.soffice import RenderError


def with_cluster_bookmarks(data: bytes, title: str, clusters: Sequence[tuple[str, int]]) -> bytes:
    """The PDF with one top bookmark (Calc's, the sheet's name; `title` where it made none)
    holding a bookmark per cluster: its heading, at its first page (from 1). The same bytes
    when the PDF has those bookmarks already (a PDF reused from the last build)."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            with pdf.open_outline() as outline:
                if _outline_of(pdf, outline.root) == _wanted(outline.root, title, clusters):
                    return data
                top = outline.root[0] if len(outline.root) == 1 else pikepdf.OutlineItem(title, 0)
                top.children[:] = [pikepdf.OutlineItem(heading, page - 1)
                                   for heading, page in clusters]
                outline.root[:] = [top]
            return saved(pdf)
    except pikepdf.PdfError as exc:
        raise RenderError(f"the bookmarks could not be added to the PDF: {exc}") from exc


def _wanted(root, title: str, clusters: Sequence[tuple[str, int]]) -> list:
    top = root[0].title if len(root) == 1 else title
    return [(top, [(heading, page) for heading, page in clusters])]


def _outline_of(pdf, root) -> list:
    """(title, [(child title, page from 1)]) of each top bookmark."""
    pages = {page.objgen: index + 1 for index, page in enumerate(pdf.pages)}
    return [(item.title, [(child.title, _page(child, pages)) for child in item.children])
            for item in root]


def _page(item, pages: dict) -> int | None:
    import pikepdf

    destination = item.destination
    if isinstance(destination, pikepdf.Array) and len(destination):
        return pages.get(destination[0].objgen)
    return None


def cluster_outline(data: bytes) -> list[tuple[str, list[tuple[str, int | None]]]]:
    """The PDF's bookmarks as (title, [(child title, page from 1)]), top level only."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        return _outline_of(pdf, outline.root)
