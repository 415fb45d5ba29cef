"""Joins the PDFs of an annex rendered part by part into one, outline and all (pikepdf)."""

from __future__ import annotations

import datetime as dt
import io

from annexgen.render.soffice import RenderError


def join_pdfs(parts: list[bytes], when: dt.datetime) -> bytes:
    """One PDF of the parts' pages in order, with the same bytes for the same parts.

    The outline is rebuilt from the parts' outlines with their pages moved on: the first
    part's outline is the annex's top ("Annex A" > its clusters > topics), so the entries
    of each later part, which begin at a cluster, go under its last top-level entry; a
    later part's own top entry of the same title (Calc's sheet, "Annex B") gives way to its
    children. The document information and language are the first part's, dated `when`.
    """
    import pikepdf

    try:
        sources = [pikepdf.open(io.BytesIO(data)) for data in parts]
        joined = pikepdf.new()
        tree: list[pikepdf.OutlineItem] = []
        for source in sources:
            items = _outline(source, len(joined.pages))
            if tree:
                items = [child for item in items for child in
                         (item.children if item.title == tree[-1].title else [item])]
                tree[-1].children.extend(items)
            else:
                tree.extend(items)
            joined.pages.extend(source.pages)
        with joined.open_outline() as outline:
            outline.root.extend(tree)
        first = sources[0]
        if "/Lang" in first.Root:
            joined.Root.Lang = first.Root.Lang
        stamp = pikepdf.String(when.strftime("D:%Y%m%d%H%M%SZ"))
        # LibreOffice's document information holds strings only (direct objects).
        info = {key: value for key, value in first.docinfo.items()
                if isinstance(value, pikepdf.String)}
        joined.docinfo = joined.make_indirect(pikepdf.Dictionary(
            {**info, "/CreationDate": stamp, "/ModDate": stamp}))
        written = io.BytesIO()
        # Objects stay outside object streams, so that the fonts' and pages' dictionaries
        # can be read from the bytes as in LibreOffice's own PDFs (pdftext.py).
        joined.save(written, deterministic_id=True, compress_streams=True,
                    object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return written.getvalue()
    except pikepdf.PdfError as exc:
        raise RenderError(f"the parts' PDFs could not be joined: {exc}") from exc


def _outline(pdf, offset: int) -> list:
    """The part's outline entries, each pointing at its page in the joined PDF."""
    import pikepdf

    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

    def moved(item: pikepdf.OutlineItem) -> pikepdf.OutlineItem:
        destination = item.destination
        target = destination[0] if isinstance(destination, pikepdf.Array) else None
        index = pages.get(target.objgen, 0) if target is not None else 0
        copy = pikepdf.OutlineItem(item.title, offset + index)
        copy.children.extend(moved(child) for child in item.children)
        return copy

    with pdf.open_outline() as outline:
        return [moved(item) for item in outline.root]
