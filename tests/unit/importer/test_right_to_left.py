"""A font's map to Unicode with its right-to-left ligatures turned round: poppler gives an
Arabic word's letters in printed order, a lam-alef ligature's two letters as the map gives
them (logical order), so that the word read back turned them round ('األعمال')."""

from __future__ import annotations

import pikepdf

from annexgen.importer.readers.pdf_check import PdfCheck
from annexgen.importer.readers.pdf_ligatures import turned

CMAP = b"""/CIDInit/ProcSet findresource begin
begincmap
1 begincodespacerange <00> <FF> endcodespacerange
4 beginbfchar
<09> <06440623>
<0A> <0627>
<0B> <00660069>
<0C> <0634 0651>
endbfchar
2 beginbfrange
<20> <21> [<06440622> <0041>]
<30> <32> <06440627>
endbfrange
endcmap"""
LATIN = CMAP.replace(b"06", b"00")  # the same codes, mapped to Latin letters


def test_a_fonts_lam_alef_ligatures_are_mapped_in_printed_order():
    """Two Arabic letters drawn as one glyph (lam-alef; a letter and its shadda) come in
    the order they are printed; a Latin ligature (fi), a single letter and a range counted
    up stay as they are."""
    data = turned(CMAP)
    assert data is not None
    assert b"<09> <06230644>" in data and b"<0C> <06510634>" in data
    assert b"[<06220644> <0041>]" in data
    assert b"<0A> <0627>" in data and b"<0B> <00660069>" in data
    assert b"<30> <32> <06440627>" in data
    assert turned(LATIN) is None


def test_a_reading_copy_is_written_only_for_a_pdf_with_such_a_ligature(tmp_path):
    def pdf_with(cmap: bytes) -> str:
        pdf = pikepdf.new()
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType,
                                  BaseFont=pikepdf.Name("/DejaVuSans"),
                                  ToUnicode=pdf.make_stream(cmap))
        pdf.add_blank_page()
        pdf.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        path = tmp_path / f"{len(list(tmp_path.iterdir()))}.pdf"
        pdf.save(path)
        return str(path)

    copy = str(tmp_path / "copy.pdf")
    with PdfCheck(pdf_with(CMAP)) as check:
        assert check.write_reading_copy(copy)
    with pikepdf.open(copy) as pdf:
        font = pdf.pages[0].obj.Resources.Font.F1
        assert b"<09> <06230644>" in font.ToUnicode.read_bytes()
    with PdfCheck(pdf_with(LATIN)) as check:
        assert not check.write_reading_copy(str(tmp_path / "none.pdf"))
    assert not (tmp_path / "none.pdf").exists()
