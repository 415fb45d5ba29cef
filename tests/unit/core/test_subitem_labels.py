"""Sub-item labels in the scripts of the six languages (core.text.SUBITEM_LABEL), and an
outcome's lines that open with one composed as sub-items of Annex A."""

from __future__ import annotations

import re

import pytest

from annexgen.compose.spans import outcome_blocks
from annexgen.core.richtext import Span, plain_text
from annexgen.core.text import SUBITEM_LABEL

LABEL = re.compile(SUBITEM_LABEL)

# script -> (labels, words in brackets that are no label)
SCRIPTS = {
    "latin": (["(a)", "(b)", "a)", "(iv)", "iv)", "(aa)"], ["(A)", "1)", "(1)", "(see)"]),
    # Russian letters a sub-item with a Cyrillic letter and a bracket: а) б) в) (no й, ъ, ы, ь).
    "cyrillic": (["а)", "б)", "в)", "г)", "д)", "я)", "(а)"],
                 ["Вопрос)", "(Вопрос)", "й)", "ы)", "Б)"]),
    # Arabic letters them in abjad order, in brackets: (أ) (ب) (ج) (د) (هـ) (و) …
    "arabic": (["(أ)", "(ب)", "(ج)", "(د)", "(هـ)", "(ه)", "(و)", "(ز)", "(ح)", "(ط)", "(ي)"],
               ["(الأمم)", "(و", "أ)", "(انظر)"]),
    # Chinese: Latin letters or Chinese numerals, in half- or full-width brackets.
    "chinese": (["(a)", "（a）", "（iv）", "(一)", "（一）", "（十二）"],
                ["（会议）", "(一些)", "(a）", "（一)"]),
}


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_a_label_is_recognised_and_a_word_in_brackets_is_not(script):
    labels, words = SCRIPTS[script]
    assert [label for label in labels if not LABEL.fullmatch(label)] == []
    assert [word for word in words if LABEL.fullmatch(word)] == []


def _composed(text: str) -> list[tuple[str, str]]:
    return [(block.style, plain_text(block.inlines))
            for block in outcome_blocks((Span("Run-in. "),), [Span(text)])]


@pytest.mark.parametrize(("text", "items"), [
    ("Участники рекомендовали:\nа) укреплять сотрудничество;\nб) обмениваться данными.",
     ["а)\tукреплять сотрудничество;", "б)\tобмениваться данными."]),
    ("أوصى المشاركون بما يلي:\n(أ) تعزيز التعاون؛\n(ب) تبادل البيانات.",
     ["(أ)\tتعزيز التعاون؛", "(ب)\tتبادل البيانات."]),
    ("与会者建议：\n（一）加强合作；\n(二) 交流数据。", ["（一）\t加强合作；", "(二)\t交流数据。"]),
    ("Participants recommended:\n(a) cooperation;\nb) data.", ["(a)\tcooperation;", "b)\tdata."]),
], ids=["ru", "ar", "zh", "en"])
def test_an_outcome_line_opening_with_a_label_is_a_sub_item(text, items):
    lead, *rest = _composed(text)
    assert lead[0] == "outcome" and lead[1].startswith("Run-in. ")
    assert rest == [("subitem", item) for item in items]


@pytest.mark.parametrize("line", ["Вопрос) не решён.", "(الأمم) المتحدة", "（会议）决定。",
                                  "й) нет"])
def test_a_line_opening_with_a_word_in_brackets_is_an_outcome_paragraph(line):
    assert _composed(f"Lead.\n{line}")[1] == ("outcome", line)

