"""Text rules: normalisation, whole-phrase search, date and page ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from annexgen.core.text import date_range, date_range_prose, find_phrase, normalize, page_range

D = dt.date


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2019, 1, 22), D(2019, 1, 24), "22–24 January 2019"),
    (D(2019, 1, 30), D(2019, 2, 1), "30 January–1 February 2019"),
    (D(2019, 12, 30), D(2020, 1, 2), "30 December 2019–2 January 2020"),
    (D(2019, 4, 9), D(2019, 4, 9), "9 April 2019"),
])
def test_date_range_uses_an_en_dash(start, end, expected):
    assert date_range(start, end) == expected


def test_date_range_in_prose():
    assert date_range_prose(D(2019, 9, 9), D(2019, 9, 11)) == "from 9 to 11 September 2019"


def test_find_phrase_matches_whole_words_only():
    text = "the law and lawfulness, the law."
    assert find_phrase(text, "law") == [4, 28]
    assert find_phrase(text, "lawful") == []
    assert find_phrase(text, "Law") == []


def test_normalize_collapses_space_and_composes():
    assert normalize("  a\n b\t\tc ") == "a b c"
    assert normalize("e\u0301") == "\u00e9"


def test_page_range():
    assert page_range(3, 3) == "page 3"
    assert page_range(4, 8) == "pages 4–8"
