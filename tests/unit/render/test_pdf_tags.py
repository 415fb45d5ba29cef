"""mend_tags: text outside marked content in Calc's PDFs becomes an artifact, untagged
internal links go, everything else stays; pdfnorm's language and XMP dates."""

from __future__ import annotations

import datetime as dt
import io

import pikepdf
import pytest

from annexgen.render.pdf_tags import mend_tags
from annexgen.render.pdfnorm import normalize_pdf

# An XMP packet as LibreOffice writes it: dates as elements, padding before its end.
XMP = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
       b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
       b'xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreateDate>2026-01-01T10:10:10+09:00'
       b'</xmp:CreateDate></rdf:Description></rdf:RDF></x:xmpmeta>\n'
       + b" " * 200 + b'\n<?xpacket end="w"?>')
TAGGED = b"/P<</MCID 0>>BDC\nBT\n10 10 Td /F1 8 Tf<01>Tj\nET\nEMC\n"


def _pdf(content: bytes, creator: str = "Calc", annotations=()) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(content)
    if annotations:
        page.obj.Annots = pdf.make_indirect(pikepdf.Array(annotations))
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary(Creator=creator,
                                                       CreationDate="D:20260101101010Z"))
    written = io.BytesIO()
    pdf.save(written, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return written.getvalue()


def _content(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return pdf.pages[0].Contents.read_bytes()


@pytest.mark.parametrize("shown", [b"<0102>Tj", b"(Page 1 of 9)Tj"])  # bytes, then the parser
def test_calc_text_outside_marked_content_becomes_an_artifact(shown):
    loose = b"BT\n20 800 Td /F1 8 Tf" + shown + b"\nET\n"
    mended = mend_tags(_pdf(TAGGED + loose + TAGGED))
    with pikepdf.open(io.BytesIO(mended)) as pdf:
        parsed = [str(instruction.operator) for instruction in
                  pikepdf.parse_content_stream(pdf.pages[0])]
    # the tagged text keeps its own marks; the loose one is wrapped in /Artifact
    assert parsed.count("BDC") == 2 and parsed.count("BMC") == 1
    at = parsed.index("BMC")
    assert parsed[at + 1] == "BT" and parsed[parsed.index("ET", at) + 1] == "EMC"
    assert b"/Artifact" in _content(mended)


def test_a_writer_pdf_and_a_fully_tagged_one_are_left_as_they_are():
    loose = b"BT\n20 800 Td /F1 8 Tf<01>Tj\nET\n"
    writer = _pdf(TAGGED + loose, creator="Writer")
    assert mend_tags(writer) == writer
    tagged = _pdf(TAGGED)
    assert mend_tags(tagged) == tagged


def test_only_untagged_internal_links_are_dropped():
    def link(**keys):
        return pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                  Rect=[0, 0, 10, 10], **keys)

    back = link(Dest=pikepdf.Array([0, pikepdf.Name.XYZ, 0, 0, 0]))
    tagged = link(Dest=pikepdf.Array([0, pikepdf.Name.XYZ, 0, 0, 0]), StructParent=3)
    web = link(A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://example.org"))
    data = mend_tags(_pdf(TAGGED, creator="Writer", annotations=[back, tagged, web]))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        kept = list(pdf.pages[0].Annots)
    assert len(kept) == 2 and int(kept[0].StructParent) == 3 and "/A" in kept[1]


def test_normalizing_sets_the_catalog_language_and_the_xmp_dates():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.Lang = pikepdf.String("en-US")
    pdf.Root.Metadata = pdf.make_stream(XMP, Type=pikepdf.Name.Metadata,
                                        Subtype=pikepdf.Name.XML)
    pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary(CreationDate="D:20260101101010Z"))
    written = io.BytesIO()
    pdf.save(written, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=False)
    when = dt.datetime(2019, 9, 2, tzinfo=dt.UTC)
    data = normalize_pdf(written.getvalue(), when, "zh-Hans-CN")
    with pikepdf.open(io.BytesIO(data)) as done:
        assert not done.check_pdf_syntax()  # the cross-reference offsets were moved right
        assert str(done.Root.Lang) == "zh-Hans-CN"
        assert done.open_metadata().get("xmp:CreateDate") == "2019-09-02T00:00:00Z"
        assert str(done.docinfo.CreationDate) == "D:20190902000000Z"


def test_a_catalog_without_a_language_is_given_one():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary(CreationDate="D:20260101101010Z"))
    written = io.BytesIO()
    pdf.save(written, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    assert b"/Lang" not in written.getvalue()
    data = normalize_pdf(written.getvalue(), dt.datetime(2019, 9, 2, tzinfo=dt.UTC), "ar-SA")
    with pikepdf.open(io.BytesIO(data)) as done:
        assert not done.check_pdf_syntax()
        assert str(done.Root.Lang) == "ar-SA"
