"""Text rules: normalisation, whole-phrase search (dates and page ranges: test_words.py)."""

from __future__ import annotations

from annexgen.core.text import find_phrase, normalize


def test_find_phrase_matches_whole_words_only():
    text = "the law and lawfulness, the law."
    assert find_phrase(text, "law") == [4, 28]
    assert find_phrase(text, "lawful") == []
    assert find_phrase(text, "Law") == []


def test_normalize_collapses_space_and_composes():
    assert normalize("  a\n b\t\tc ") == "a b c"
    assert normalize("e\u0301") == "\u00e9"


def test_find_phrase_in_chinese_where_no_space_parts_the_words():
    text = "与会者建议将法律援助扩大到农村地区。"
    assert find_phrase(text, "法律援助") == [6]
    assert find_phrase("法律援助", "法律援助") == [0]
    assert find_phrase("Legal aidé", "Legal aid") == []  # a Latin word still needs its edge
