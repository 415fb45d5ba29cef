"""The PDF reader's rules on made-up words, without poppler or LibreOffice: footnote marks,
touching words, columns, bold lines, headings that wrap, and deflate data checked as it
inflates."""

from __future__ import annotations

import zlib
from collections import Counter

import pytest

from annexgen.core.limits import MAX_PDF_PAGE_CONTENT_BYTES
from annexgen.importer.readers.blocks import Kind
from annexgen.importer.readers.pdf_check import _OVERSIZED, _inflate_damage
from annexgen.importer.readers.pdf_layout import _flows, _line, _lines, lay_out
from annexgen.importer.readers.pdf_report import _join_words, _Reader
from annexgen.importer.readers.pdf_words import Page, Word

SIZE = 10.0


def words(text: str, x: float, bottom: float, *, size: float = SIZE, bold: bool = False,
          segment: int = 0, gap: float = 2.5) -> list[Word]:
    """The words of `text` set from x on one baseline, a space (`gap`) apart; a word
    written "^2" is a small raised mark, "~" joins a word to the next with no space."""
    out: list[Word] = []
    for token in text.split():
        touching = token.endswith("~")
        token = token.rstrip("~")
        small = token.startswith("^")
        height = 1.3 * (0.6 * size if small else size)
        width = 0.5 * (0.6 * size if small else size) * len(token.lstrip("^"))
        foot = bottom - (0.35 * size if small else 0)
        out.append(Word(x, x + width, foot - height, foot, token.lstrip("^"), segment,
                        0.6 * size if small else size, bold))
        x += width + (0 if touching or small else gap)
    return out


def test_small_and_raised_marks_are_left_out_and_touching_words_join():
    row = words("affected by conflict~ ^2~ . Several", 100, 500)
    small = [w for w in row if w.size < SIZE]
    line = _line(1, (1, 0), [w for w in row if w.size == SIZE], small)
    assert (line.text, line.marks) == ("affected by conflict. Several", 1)
    raised = words("mutually reinforcing~", 100, 500)
    mark = Word(raised[-1].x1, raised[-1].x1 + 5, 500 - 13 - 3, 500 - 3, "2", 0, SIZE)
    dot = Word(mark.x1, mark.x1 + 2.5, 500 - 13, 500, ".", 0, SIZE)
    line = _line(1, (1, 0), [*raised, mark, dot], [])
    assert (line.text, line.marks) == ("mutually reinforcing.", 1)


def test_a_mark_raised_within_a_word_is_left_out():
    row = words("affected by", 100, 500)
    inside = Word(row[-1].x1 + 2.5, row[-1].x1 + 40, 500 - 13 - 3.8, 500, "conflict2.", 0,
                  SIZE)
    line = _line(1, (1, 0), [*row, inside], [])
    assert (line.text, line.marks) == ("affected by conflict.", 1)
    plain = Word(row[-1].x1 + 2.5, row[-1].x1 + 30, 500 - 13, 500, "Goal16.", 0, SIZE)
    assert _line(1, (1, 0), [*row, plain], []).text == "affected by Goal16."


def test_a_label_its_text_touches_is_split_from_it():
    line = _line(1, (1, 0), words("(a)for instance", 100, 500), [])
    assert (line.text, line.words[0].text) == ("(a) for instance", "(a)")


def _column(x: float, top: float, rows: int, segment: int) -> list[list[Word]]:
    return [words("the words of a line in a column", x, top + 12 * k, segment=segment + k)
            for k in range(rows)]


def test_two_columns_are_read_one_after_the_other_and_a_table_is_not():
    left, right = _column(60, 100, 6, 0), _column(320, 100, 5, 100)
    flows = _flows(left + right, SIZE)
    assert [(kind, len(segments)) for kind, segments in flows] == [(1, 6), (2, 5)]
    across = [words("a line across the whole page " * 6, 60, 160 + 12 * k, segment=200 + k)
              for k in range(6)]
    assert [kind for kind, _ in _flows(across, SIZE)] == [0]
    table = [words("United Nations", 60, 100, segment=300),
             words("Distr.: General", 400, 100, segment=301),
             words("Fourteenth Congress on Crime Prevention", 60, 112, segment=302),
             words("5 May 2019", 400, 112, segment=303),
             words("Original: English", 400, 136, segment=304), *across]
    assert [kind for kind, _ in _flows(table, SIZE)] == [0]


def _read(rows: list[list[Word]]) -> list:
    layout = lay_out([Page(1, 595, 842, tuple(w for row in rows for w in row))])
    return _Reader(layout, Counter(), "r.pdf").read()


def test_a_bold_line_within_a_paragraph_goes_on_with_it():
    rows = [words("1. Outcome of deliberations", 60, 100, bold=True),
            words("12. The Meeting recommended that the words of this line go on", 60, 120),
            words("to the end of the line, and this line too goes on to its end", 86, 132),
            words("and a line in bold type follows, that is no heading at all", 86, 144,
                  bold=True),
            words("and the paragraph ends on a line of its own here.", 86, 156)]
    rows[2][-1] = Word(rows[2][-1].x0, rows[1][-1].x1, *(rows[2][-1].top, rows[2][-1].bottom),
                       rows[2][-1].text, 0, SIZE)
    blocks = _read(rows)
    assert [b.kind for b in blocks] == [Kind.HEADING, Kind.PARAGRAPH]
    assert blocks[1].text.endswith("no heading at all and the paragraph ends on a line of "
                                   "its own here.")


def test_a_heading_that_wraps_is_one_heading_also_when_centred():
    rows = [words("A. Agenda item 3: Political message and thematic orientation", 60, 100,
                  size=14, bold=True),
            words("of the Fourteenth Congress", 96, 117, size=14, bold=True),
            words("Annex", 280, 160, size=14, bold=True),
            words("List of participants and observers", 187.5, 177, size=14, bold=True),
            words("The Meeting was attended by many.", 86, 200)]
    rows[0][1:] = words("Agenda item 3: Political message and thematic orientation", 96, 100,
                        size=14, bold=True)
    headings = [b.title for b in _read(rows) if b.kind is Kind.HEADING]
    assert headings == ["A. Agenda item 3: Political message and thematic orientation of the "
                        "Fourteenth Congress", "Annex List of participants and observers"]


def test_lines_are_rebuilt_within_a_flow_only():
    left = words("left column words", 60, 100)
    right = words("right column words", 320, 100)
    assert [line.text for line in _lines(1, (1, 0), left, SIZE)] == ["left column words"]
    assert len(_lines(1, (1, 0), left + right, SIZE)) == 1  # one flow: one baseline, one line


def _overwritten(data: bytes) -> bytes:
    """The second half of `data` overwritten, as tests/reportgen/damage.py breaks a page."""
    half = len(data) // 2
    return data[:half] + bytes((i * 37 + 11) % 256 for i in range(len(data) - half))


@pytest.mark.parametrize(("data", "damage"), [
    (zlib.compress(b"BT (text) Tj ET " * 100), None),
    (zlib.compress(b"BT (text) Tj ET " * 100)[:-4], None),  # no checksum: readers ignore it
    (zlib.compress(b"BT (text) Tj ET " * 100)[:-10], "breaks off"),
    (zlib.compress(b"BT (text) Tj ET " * 100)[:-4] + b"\0\0\0\0", "checksum does not match"),
    (_overwritten(zlib.compress(bytes(range(256)) * 40)), "does not inflate"),
])
def test_deflate_data_is_checked_as_it_inflates(data, damage):
    found = _inflate_damage(data)
    assert (found is None) if damage is None else (damage in found)


def test_deflate_data_inflating_past_the_bound_is_stopped_early():
    packer = zlib.compressobj(9)
    block = b" " * 2**20
    data = b"".join(packer.compress(block) for _ in range(
        MAX_PDF_PAGE_CONTENT_BYTES // 2**20 + 2)) + packer.flush()
    assert _inflate_damage(data) == _OVERSIZED


def test_bold_is_read_from_font_names_as_word_and_libreoffice_embed_them():
    """pdftohtml's fontspec names a bold font; its <b> is not needed."""
    import io

    from annexgen.importer.readers.pdf_words import _style_pages

    fonts = ["ABCDEF+TimesNewRomanPS-BoldMT", "Times New Roman,Bold", "Arial-BoldItalicMT",
             "CAAAAA+LiberationSerif-Bold", "NotoSerif-SemiBold", "TimesNewRomanPSMT",
             "BAAAAA+LiberationSerif", "Calibri", "Arial-ItalicMT"]
    xml = "".join(f'<fontspec id="{n}" size="30" family="{f}" color="#000000"/>'
                  f'<text top="{100 * n}" left="30" width="90" height="39" font="{n}">x</text>'
                  for n, f in enumerate(fonts))
    (runs,) = _style_pages(io.BytesIO(f'<pdf2xml><page number="1">{xml}</page>'.encode()))
    assert [run.bold for run in runs] == [True] * 5 + [False] * 4
    assert {run.size for run in runs} == {10.0}


def _page(number: int, first: int) -> Page:
    """A page under a running head of two lines (the symbol, then a title), whose text opens
    with a heading that wraps, then paragraphs `first` and on."""
    heading = words("G.", 60, 68, size=12, bold=True) + words(
        "Agenda item 7: Multidimensional approaches by Governments to", 96, 68, size=12,
        bold=True)
    rows = [words("A/CONF.234/RPM.4/1", 400, 40, size=9),
            words("Report of the Meeting", 400, 52, size=9), heading,
            words("promoting the rule of law (continued)", 96, 84, size=12, bold=True),
            *(words(f"{first + k}. The Meeting recommended that these words end here.", 60,
                    110 + 24 * k) for k in range(4))]
    return Page(number, 595, 842, tuple(w for row in rows for w in row))


def test_a_heading_wrapped_at_the_top_of_pages_keeps_its_lines_a_running_head_does_not():
    """Its second line repeats at the same height on both pages, as a running line does:
    it stands right under the heading's first line, which is kept (it has a label)."""
    layout = lay_out([_page(1, 80), _page(2, 84)])
    blocks = _Reader(layout, Counter(), "r.pdf").read()
    assert [b.title for b in blocks if b.kind is Kind.HEADING] == [
        "G. Agenda item 7: Multidimensional approaches by Governments to promoting the rule "
        "of law (continued)"] * 2
    assert not [line for line in layout.lines if "Report of the Meeting" in line.text]


def test_chinese_words_follow_each_other_without_a_space_a_label_keeps_its_own():
    """Word and LibreOffice set a narrow gap between Chinese and figures; the number of a
    paragraph typed with a space keeps the space, so that it is still read as a number."""
    assert _line(1, (1, 0), words("议程项目 3：第十四届大会 （续）", 100, 500, gap=2),
                 []).text == "议程项目3：第十四届大会（续）"
    assert _line(1, (1, 0), words("8. 会议建议 UNODC 加强", 100, 500, gap=2.5),
                 []).text == "8. 会议建议UNODC加强"
    assert _line(1, (1, 0), words("A. 议程项目", 100, 500, gap=24), []).text == "A. 议程项目"
    assert _line(1, (1, 0), words("the words of 3 lines", 100, 500, gap=2),
                 []).text == "the words of 3 lines"


def test_chinese_lines_join_without_a_space():
    assert _join_words("促进社会和经济", "发展的综合战略") == "促进社会和经济发展的综合战略"
    assert _join_words("会议建议，", "UNODC") == "会议建议，UNODC"
    assert _join_words("the end of", "the line") == "the end of the line"
