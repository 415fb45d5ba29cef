"""Joins the PDFs of an annex rendered part by part into one, outline and all (pikepdf)."""

from __future__ import annotations

import datetime as dt
import io

from annexgen.render.pdf_tags import saved
from annexgen.render.soffice import RenderError


def join_pdfs(parts: list[bytes], when: dt.datetime) -> bytes:
    """One PDF of the parts' pages in order, with the same bytes for the same parts.

    The outline is rebuilt from the parts' outlines with their pages moved on: the first
    part's outline is the annex's top ("Annex A" > its clusters > topics), so the entries
    of each later part, which begin at a cluster, go under its last top-level entry; a
    later part's own top entry of the same title (Calc's sheet, "Annex B") gives way to its
    children. The structure tree (tagged PDF) is joined too: one Document element holding
    each part's elements in order, the parent-tree keys of the later parts moved on. The
    document information, language, XMP packet, output intent and viewer preferences are the
    first part's, dated `when`.
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
        _join_structure(joined, sources)
        first = sources[0]
        for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/OutputIntents", "/Metadata"):
            if key in first.Root:  # copied from an indirect object, as pikepdf copies them
                value = first.Root[key]
                joined.Root[key] = joined.copy_foreign(
                    value if value.is_indirect else first.make_indirect(value))
        _date_xmp(joined, when)
        stamp = pikepdf.String(when.strftime("D:%Y%m%d%H%M%SZ"))
        # LibreOffice's document information holds strings only (direct objects).
        info = {key: value for key, value in first.docinfo.items()
                if isinstance(value, pikepdf.String)}
        joined.docinfo = joined.make_indirect(pikepdf.Dictionary(
            {**info, "/CreationDate": stamp, "/ModDate": stamp}))
        return saved(joined)
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


def _join_structure(joined, sources: list) -> None:
    """The parts' structure trees as one, when every part has one: the elements of each part
    in order (under the first part's Document element when it has one, as Writer's; at the
    root, as Calc's), each later part's parent-tree keys (pages' StructParents, annotations'
    StructParent, the tree's numbers) moved past the earlier parts' keys."""
    import pikepdf

    roots = [source.Root.get("/StructTreeRoot") for source in sources]
    if not all(isinstance(root, pikepdf.Dictionary) for root in roots):
        return
    offset, first_page = 0, 0
    numbers: list = []
    top: list = []
    document = None
    role_map = pikepdf.Dictionary()
    for source, root in zip(sources, roots, strict=True):
        copied = joined.copy_foreign(root)
        for index in range(first_page, first_page + len(source.pages)):
            _move_keys(joined.pages[index].obj, offset)
        first_page += len(source.pages)
        keys = _parent_tree(copied.ParentTree)
        numbers.extend(item for key, value in keys for item in (key + offset, value))
        offset += max((key for key, _ in keys), default=-1) + 1
        for role, standard in dict(copied.get("/RoleMap", {})).items():
            role_map[role] = standard
        elements = _children(copied)
        if len(elements) == 1 and elements[0].get("/S") == "/Document":
            if document is None:
                document = elements[0]
                top.append(document)
                continue
            elements = _children(elements[0])
        for element in elements:
            if isinstance(element, pikepdf.Dictionary) and document is not None:
                element.P = document
            (document.K.append(element) if document is not None else top.append(element))
    tree = joined.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array(top),
        ParentTree=joined.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers))),
        ParentTreeNextKey=offset, RoleMap=role_map))
    for element in top:
        if isinstance(element, pikepdf.Dictionary):
            element.P = tree
    joined.Root.StructTreeRoot = tree


def _move_keys(page, offset: int) -> None:
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + offset
    for annotation in page.get("/Annots", ()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _parent_tree(node) -> list[tuple[int, object]]:
    """A number tree's (key, value) pairs, its kids' included."""
    pairs: list[tuple[int, object]] = []
    numbers = node.get("/Nums", ())
    pairs.extend((int(numbers[i]), numbers[i + 1]) for i in range(0, len(numbers), 2))
    for kid in node.get("/Kids", ()):
        pairs.extend(_parent_tree(kid))
    return pairs


def _children(element) -> list:
    import pikepdf

    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []


def _date_xmp(pdf, when: dt.datetime) -> None:
    """The XMP dates equal to the document information's (PDF/A)."""
    if "/Metadata" not in pdf.Root:
        return
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            meta[key] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
