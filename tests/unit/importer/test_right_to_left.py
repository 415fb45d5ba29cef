"""Arabic in a PDF read back in reading order, on made-up word boxes (no poppler, no
LibreOffice): poppler gives a line's words left to right as printed and an Arabic word's
letters in printed order ('ةمدقم' for مقدمة); the lines below are as poppler gave them for
a LibreOffice PDF (pdftotext -bbox-layout), figures, symbols and brackets included, its
lam-alef ligatures as read from the copy whose font maps are turned round. Also:
a font's map to Unicode with its lam-alef ligatures turned round, and the Arabic paragraph
number '1 -'."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace

import pikepdf

from annexgen.core.diagnostics import Loc
from annexgen.importer.readers.blocks import Kind
from annexgen.importer.readers.docx_report import _body_block
from annexgen.importer.readers.pdf_bidi import logical_words
from annexgen.importer.readers.pdf_check import PdfCheck
from annexgen.importer.readers.pdf_layout import lay_out
from annexgen.importer.readers.pdf_ligatures import turned
from annexgen.importer.readers.pdf_report import _Reader, _split_label
from annexgen.importer.readers.pdf_words import Page, Word
from tests.unit.importer.test_pdf_reader import words

WIDTH = 595.0


def printed(text: str, right: float, bottom: float, segment: int, **kwargs) -> list[Word]:
    """The words of `text` (as printed, left to right) set to end at `right`: Arabic lines
    are set flush right. One poppler line each (`segment`)."""
    row = words(text, 0, bottom, segment=segment, **kwargs)
    shift = right - row[-1].x1
    return [replace(w, x0=w.x0 + shift, x1=w.x1 + shift) for w in row]


def texts(row: list[Word], rtl: bool = True) -> list[str]:
    out = logical_words(sorted(row, key=lambda w: w.x0), WIDTH, rtl)
    assert all(a.x1 <= b.x0 for a, b in itertools.pairwise(out))  # x grows as read
    return [w.text for w in out]


def test_an_arabic_line_with_a_symbol_and_figures_is_read_right_to_left():
    """Each word's letters turned round, the words read from the right; a figure, a
    resolution number and a document symbol keep their order; the full stop and bracket
    after '12' (printed '.)', to its left) and the comma after 2019 come back after them;
    the paragraph number '1 -' standing at the right comes first, one word."""
    row = printed("،~ 2019 ماع يف 72/192 اهرارق يف .)~ 12 ةرقفلا( A/CONF.234/RPM.2/1 "
                  "ةقيثولا رظناو - 1", 522, 500, 1)
    assert texts(row) == ["1 -", "وانظر", "الوثيقة", "A/CONF.234/RPM.2/1", "(الفقرة", "12).",
                          "في", "قرارها", "72/192", "في", "عام", "2019،"]


def test_figures_brackets_and_latin_words_swap_sides_as_they_were_printed():
    assert texts(printed("9–6 تاحفصلا", 522, 500, 1)) == ["الصفحات", "6–9"]
    assert texts(printed(")أ(", 522, 500, 1)) == ["(أ)"]
    assert texts(printed("ﺔﻣﺪﻘﻣ", 522, 500, 1)) == ["مقدمة"]  # shapes, without a map
    assert texts(printed(".~ 2", 522, 500, 1)) == ["2."]
    # "من 9 April 2019": the bidirectional algorithm prints the lone figure apart
    assert texts(printed("April 2019 9 نم", 522, 500, 1)) == ["من", "9", "April", "2019"]
    # an English line of an Arabic paragraph: its words in order, its full stop at its end
    assert texts(printed(".~ Ababa and long text", 522, 500, 1)) == [
        "Ababa", "and", "long", "text."]


def test_an_arabic_run_in_an_english_line_is_read_right_to_left_in_place():
    """A heading in Arabic after its label A. in a left-to-right paragraph; the brackets of
    '(تابع)' at its end are Arabic too (printed at the left)."""
    row = words("A.", 60, 500, segment=1) + printed(
        ")عبات( ةيسايسلا ةلاسرلا :لامعألا لودج نم 3 دنبلا", 400, 500, 2)
    assert texts(row[1:], rtl=False) == ["البند", "3", "من", "جدول", "الأعمال:", "الرسالة",
                                         "السياسية", "(تابع)"]
    assert texts(words("8. The Meeting", 60, 500), rtl=False) == ["8.", "The", "Meeting"]


def _read(rows: list[list[Word]]) -> list:
    layout = lay_out([Page(1, WIDTH, 842, tuple(w for row in rows for w in row))])
    return _Reader(layout, Counter(), "r.pdf").read()


def test_an_arabic_report_gives_its_headings_paragraph_numbers_and_sub_items():
    """An Arabic page: its paragraph numbers ('1 -', '2.') and sub-item labels ('(أ)') at
    the right of their lines, hanging; a paragraph on two lines."""
    rows = [printed("ةمدقم - الوأ", 522, 100, 1, size=14, bold=True),
            printed("ةيميلقإلا تاعامتجالا دقعت نأ ةماعلا ةيعمجلا تررق", 480, 130, 2),
            printed("- 1", 522, 130, 3),
            printed(".~ 2019 ماع يف 72/192 اهرارق يف", 480, 142, 4),
            printed("عامتجالا دقعي ال", 480, 166, 5), printed(".~ 2", 522, 166, 6),
            printed("؛هرهاظمو هلاكشأ عيمجب باهرإلا", 480, 190, 7), printed(")أ(", 522, 190, 8),
            printed(".)~ 6 دنبلا( ةميرجلل", 480, 214, 9), printed(")ب(", 522, 214, 10)]
    blocks = _read(rows)
    assert [(b.kind, b.label, b.number, b.text) for b in blocks] == [
        (Kind.HEADING, "", None, "أولا - مقدمة"),
        (Kind.PARAGRAPH, "1 -", 1, "قررت الجمعية العامة أن تعقد الاجتماعات الإقليمية في "
         "قرارها 72/192 في عام 2019."),
        (Kind.PARAGRAPH, "2.", 2, "لا يعقد الاجتماع"),
        (Kind.SUBITEM, "(أ)", None, "الإرهاب بجميع أشكاله ومظاهره؛"),
        (Kind.SUBITEM, "(ب)", None, "للجريمة (البند 6).")]


def test_an_arabic_paragraph_number_with_a_dash_is_one_before_arabic_text_only():
    assert _split_label("1 - قررت الجمعية") == ("1 -", "قررت الجمعية")
    assert _split_label("2019 - 2020 was a year.") == ("", "2019 - 2020 was a year.")
    block = _body_block("12 -\tقررت الجمعية", "", Loc("r.docx"), 0)
    assert (block.kind, block.number, block.text) == (Kind.PARAGRAPH, 12, "قررت الجمعية")
    numbered = _body_block("قررت الجمعية", "3 -", Loc("r.docx"), 0)  # Word's own numbering
    assert (numbered.kind, numbered.number) == (Kind.PARAGRAPH, 3)


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
