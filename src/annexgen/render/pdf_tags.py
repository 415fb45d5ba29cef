"""Mends what LibreOffice leaves outside a tagged PDF's structure: untagged links and text."""

from __future__ import annotations

import io
import re

from annexgen.render.soffice import RenderError

# LibreOffice 7.4 tags every link but the footnotes' way back (the number in the footnote
# area pointing at its reference in the text): PDF/UA wants every annotation in the structure
# tree. Those links, and only those, are taken out; the references' own links stay, tagged.
_LINK = re.compile(rb"/Subtype\s*/Link\b")
# Calc 7.4 tags its cells but prints its running header and footer and the repeated title
# rows outside any marked content; PDF/UA wants them marked as artifacts (page furniture).
_CALC = re.compile(rb"/Creator ?(?:\(Calc\)|<FEFF00430061006C0063>)")
_SHOWS_TEXT = frozenset({"Tj", "TJ", "'", '"'})


def mend_tags(data: bytes) -> bytes:
    """The PDF without its internal link annotations outside the structure tree, and (made
    by Calc) its text outside marked content marked as artifacts; the same bytes when there
    is nothing to mend."""
    if b"/StructTreeRoot" not in data:
        return data
    data = _unlink_back_links(data)
    # links pikepdf must look at: only in a file not laid out as LibreOffice lays it out
    links = _LINK.search(data) is not None and _LO_LINK.search(data) is None
    calc = _CALC.search(data) is not None
    if not (links or calc):
        return data
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            mended = sum(_drop_on(page) for page in pdf.pages) if links else 0
            if calc:
                mended += sum(_mark_artifacts(pdf, page) for page in pdf.pages)
            return saved(pdf) if mended else data
    except pikepdf.PdfError as exc:
        raise RenderError(f"LibreOffice wrote a PDF pikepdf cannot read: {exc}") from exc


# LibreOffice writes each annotation as one line of its own object, and a page's /Annots as
# a list of references: an untagged internal link can be taken off its page by blanking its
# reference (same length: no offset moves, no rewrite). The object stays, unreferenced.
_UNTAGGED_LINK = re.compile(
    rb"\n(\d+) 0 obj\n<</Type/Annot(?:/F \d+)?/Subtype/Link(?:(?!>>\n)(?!/StructParent)"
    rb"(?!/A<<)[^\n])*/Dest\[(?:(?!>>\n)(?!/StructParent)(?!/A<<)[^\n])*>>\nendobj")
_LO_LINK = re.compile(rb"\n\d+ 0 obj\n<</Type/Annot(?:/F \d+)?/Subtype/Link")
_ANNOTS = re.compile(rb"/Annots\[([^\]]*)\]")


def _unlink_back_links(data: bytes) -> bytes:
    """The PDF with the references to its untagged internal links blanked in the pages'
    /Annots; the same bytes when there are none (or the file is not laid out as LibreOffice
    lays it out: pikepdf then does it)."""
    numbers = {match.group(1) for match in _UNTAGGED_LINK.finditer(data)}
    if not numbers:
        return data
    reference = re.compile(rb"\b(%s) 0 R\b" % b"|".join(sorted(numbers)))

    def blank(annots: re.Match) -> bytes:
        return reference.sub(lambda ref: b" " * len(ref.group(0)), annots.group(0))

    return _ANNOTS.sub(blank, data)


def saved(pdf) -> bytes:
    """The PDF's bytes, the same for the same objects; objects stay outside object streams,
    so that fonts and pages can be read from the bytes as in LibreOffice's own (pdftext.py)."""
    import pikepdf

    written = io.BytesIO()
    pdf.save(written, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return written.getvalue()


def _drop_on(page) -> int:
    import pikepdf

    annotations = page.obj.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        return 0
    kept = [item for item in annotations if not _untagged_back_link(item)]
    if len(kept) == len(annotations):
        return 0
    page.obj.Annots = pikepdf.Array(kept)
    return len(annotations) - len(kept)


def _untagged_back_link(annotation) -> bool:
    return (annotation.get("/Subtype") == "/Link" and "/StructParent" not in annotation
            and "/Dest" in annotation and "/A" not in annotation)


# The operators that open and close marked content and text objects, as whole words.
_MARKING = re.compile(rb"(?<![A-Za-z0-9*'\"])(BDC|BMC|EMC|BT|ET|Tj|TJ)(?![A-Za-z0-9*])")


def _mark_artifacts(pdf, page) -> int:
    """Wraps each text object (BT ... ET) that shows text outside marked content in an
    /Artifact sequence; how many were wrapped. Read from the stream's bytes where it holds
    no literal string (Calc writes its text as hex strings), else through pikepdf's parser."""
    contents = page.obj.get("/Contents")
    if contents is None:
        return 0
    data = page.obj.Contents.read_bytes() if not isinstance(contents, list) \
        and hasattr(contents, "read_bytes") else None
    if data is None or b"(" in data or b"'" in data or b'"' in data:
        return _mark_artifacts_parsed(pdf, page)
    spans = _untagged_text((token.group(1).decode(), token.start(), token.end())
                           for token in _MARKING.finditer(data))
    if not spans:
        return 0
    pieces, last = [], 0
    for start, end in spans:
        pieces += [data[last:start], b"/Artifact BMC\n", data[start:end], b"\nEMC"]
        last = end
    pieces.append(data[last:])
    page.obj.Contents = pdf.make_stream(b"".join(pieces))
    return len(spans)


def _untagged_text(operators) -> list[tuple[int, int]]:
    """(start, end) of each BT ... ET at depth 0 that shows text, from the stream's
    (operator, start, end) in order (only marking, text-object and text-showing ones matter)."""
    depth, start, shows, spans = 0, None, False, []
    for name, begins, ends in operators:
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif depth:
            continue
        elif name == "BT":
            start, shows = begins, False
        elif name == "ET" and start is not None:
            if shows:
                spans.append((start, ends))
            start = None
        elif start is not None and name in _SHOWS_TEXT:
            shows = True
    return spans


def _mark_artifacts_parsed(pdf, page) -> int:
    """Wraps each text object (BT ... ET) that shows text outside marked content in an
    /Artifact sequence; how many were wrapped."""
    import pikepdf

    operations = pikepdf.parse_content_stream(page)
    wrapped = _untagged_text((str(instruction.operator), index, index)
                             for index, instruction in enumerate(operations))
    if not wrapped:
        return 0
    marks = {start: "open" for start, _ in wrapped} | {end: "close" for _, end in wrapped}
    artifact = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
    close = pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))
    rewritten: list = []
    for index, instruction in enumerate(operations):
        if marks.get(index) == "open":
            rewritten.append(artifact)
        rewritten.append(instruction)
        if marks.get(index) == "close":
            rewritten.append(close)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))
    return len(wrapped)
