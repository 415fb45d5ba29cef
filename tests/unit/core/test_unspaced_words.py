"""Selections and key phrases in scripts written without spaces (Chinese) and in Arabic."""

from __future__ import annotations

from annexgen.core.text import find_phrase, whole_words

CHINESE = "会议建议宣言应简明扼要。"
ARABIC = "أوصى المشاركون بأن يكون الإعلان وثيقة موجزة"


def test_a_chinese_selection_is_taken_at_the_bounds_the_browser_sent():
    start = CHINESE.index("宣言")
    assert whole_words(CHINESE, start, start + 5) == (start, start + 5)
    assert find_phrase(CHINESE, "宣言应简明") == [start]


def test_an_arabic_selection_still_grows_to_whole_words():
    start = ARABIC.index("ثيقة")
    widened = whole_words(ARABIC, start, start + 8)
    assert ARABIC[slice(*widened)] == "وثيقة موجزة"
    assert find_phrase(ARABIC, "ثيقة") == []


def test_english_is_as_before():
    text = "Participants recommended that"
    assert text[slice(*whole_words(text, 3, 10))] == "Participants"
    assert find_phrase(text, "commended") == []
