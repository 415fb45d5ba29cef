"""A report's sub-items labelled in the scripts of the six languages: typed in a .docx, or
opening a line of a PDF, they are sub-items of the paragraph above; a word in brackets is not."""

from __future__ import annotations

import io
from collections import Counter

import docx
import pytest

from annexgen.core.diagnostics import Loc
from annexgen.importer.readers.blocks import Kind
from annexgen.importer.readers.docx_report import _body_block, read_docx
from annexgen.importer.readers.pdf_layout import _line, lay_out
from annexgen.importer.readers.pdf_report import _Reader
from annexgen.importer.readers.pdf_words import Page
from tests.unit.importer.test_pdf_reader import words

LOC = Loc("r.docx")

# (typed paragraph, its label, its text) by script.
TYPED = [
    ("(a)\tto cooperate;", "(a)", "to cooperate;"),
    ("b)\tcoopérer ;", "b)", "coopérer ;"),
    ("б)\tобмениваться данными.", "б)", "обмениваться данными."),
    ("(ب)\tتبادل البيانات.", "(ب)", "تبادل البيانات."),
    ("(هـ) تبادل البيانات.", "(هـ)", "تبادل البيانات."),
    ("（一）加强合作；", "（一）", "加强合作；"),
    ("（b）\t交流数据。", "（b）", "交流数据。"),
]


@pytest.mark.parametrize(("typed", "label", "text"), TYPED, ids=[
    "en", "fr", "ru", "ar", "ar-he", "zh", "zh-latin"])
def test_a_typed_label_makes_a_sub_item(typed, label, text):
    block = _body_block(typed, "", LOC, 0)
    assert (block.kind, block.label, block.text) == (Kind.SUBITEM, label, text)


@pytest.mark.parametrize("label", ["а)", "(أ)", "（一）"], ids=["ru", "ar", "zh"])
def test_a_label_numbered_by_word_makes_a_sub_item(label):
    assert _body_block("text", label, LOC, 0).kind is Kind.SUBITEM


@pytest.mark.parametrize("typed", ["Вопрос) остаётся открытым.", "(الأمم) المتحدة",
                                   "（会议）决定。", "й) нет"])
def test_a_word_in_brackets_is_no_label(typed):
    assert _body_block(typed, "", LOC, 0).kind is Kind.TEXT


def test_a_russian_report_s_sub_items_join_their_paragraph():
    document = docx.Document()
    document.add_heading("Итоги обсуждения", 2)
    for text in ("1.\tУчастники рекомендовали:", "а)\tукреплять сотрудничество;",
                 "б)\tобмениваться данными.", "2.\tВопрос) остаётся открытым."):
        document.add_paragraph(text)
    data = io.BytesIO()
    document.save(data)
    blocks = read_docx(data.getvalue(), "r.docx").blocks
    assert [(b.kind, b.label) for b in blocks[1:]] == [
        (Kind.PARAGRAPH, "1."), (Kind.SUBITEM, "а)"), (Kind.SUBITEM, "б)"),
        (Kind.PARAGRAPH, "2.")]


def test_a_chinese_label_its_text_touches_is_split_from_it():
    line = _line(1, (1, 0), words("（一）加强合作", 100, 500), [])
    assert (line.text, line.words[0].text) == ("（一） 加强合作", "（一）")


@pytest.mark.parametrize(("first", "second"), [("а)", "б)"), ("（一）", "（二）")],
                         ids=["ru", "zh"])
def test_pdf_lines_opening_with_a_label_are_sub_items(first, second):
    rows = [words("1. Outcome of deliberations", 60, 100, bold=True),
            words("12. The Meeting recommended the following measures to the States:", 60,
                  120),
            words(f"{first} cooperation between the central authorities;", 86, 132),
            words(f"{second} the exchange of data.", 86, 144),
            words("13. The Meeting closed its work on the same day, as it had planned.", 60,
                  160)]
    for row in rows[2:4]:
        row[1:] = words(" ".join(w.text for w in row[1:]), 110, row[0].bottom)
    layout = lay_out([Page(1, 595, 842, tuple(w for row in rows for w in row))])
    blocks = _Reader(layout, Counter(), "r.pdf").read()
    assert [(b.kind, b.label) for b in blocks] == [
        (Kind.HEADING, "1."), (Kind.PARAGRAPH, "12."), (Kind.SUBITEM, first),
        (Kind.SUBITEM, second), (Kind.PARAGRAPH, "13.")]
