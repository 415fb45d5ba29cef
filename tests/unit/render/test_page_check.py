"""The render check of the paper: every page reference it wrote is printed, in order."""

from __future__ import annotations

import pytest

from annexgen.core.words import english, load_words
from annexgen.render.pages import PageResolutionError, check_printed

PAGES = {("annex-a", "a"): (1, 3), ("annex-b", "a"): (1, 1), ("annex-a", "b"): (4, 12),
         ("annex-b", "b"): (2, 5)}
REFS = [("annex-a", "a"), ("annex-b", "a"), ("annex-a", "b"), ("annex-b", "b")]


def test_any_wording_around_the_pages_passes():
    printed = "(Annex A: pages 1–3; Annex B: page 1) … later (A: pages\n4–12, B: pages 2–5)"
    check_printed(printed, REFS, PAGES, english().pages)


@pytest.mark.parametrize("printed", [
    "pages 1–3 page 1 pages 4–12",  # the last reference is missing
    "pages 1–3 page 1 pages 2–5 pages 4–12",  # out of order
    "pages 1–3 page 12 pages 4–12 pages 2–5",  # "page 1" is only the start of "page 12"
    "pages 1–3 page 1 pages 4–120 pages 2–5",
])
def test_a_missing_wrong_or_misplaced_reference_fails(printed):
    with pytest.raises(PageResolutionError):
        check_printed(printed, REFS, PAGES, english().pages)


def test_arabic_references_are_read_without_pdftotexts_direction_marks():
    """pdftotext wraps right-to-left runs and the numbers in them in embedding marks."""
    pages = load_words("ar").pages
    printed = "\u202bانظر\u202a: المرفق ألف، الصفحة \u202a1\u202c؛\u202c".replace("\u202a:", ":")
    check_printed(printed, [("annex-a", "a")], {("annex-a", "a"): (1, 1)}, pages)


def test_arabic_ranges_are_read_in_the_visual_order_pdftotext_prints_them():
    """pdftotext gives an Arabic line's words as they stand on the page, left to right:
    "الصفحات 6–9" comes back as "9–6  الصفحات", the dual "الصفحتان 40 و41" as "41 و40"."""
    pages = load_words("ar").pages
    refs = [("annex-a", "a"), ("annex-b", "a")]
    printed = "؛9–6  الصفحات، المرفق ألف:انظر\n41 و40  الصفحتان،المرفق باء"
    check_printed(printed, refs, {refs[0]: (6, 9), refs[1]: (40, 41)}, pages)
    with pytest.raises(PageResolutionError):  # the wrong pages are still wrong
        check_printed(printed, refs, {refs[0]: (6, 8), refs[1]: (40, 41)}, pages)
    with pytest.raises(PageResolutionError):
        check_printed(printed, refs, {refs[0]: (9, 6), refs[1]: (40, 41)}, pages)


def test_a_chinese_reference_may_have_the_gap_set_between_scripts():
    """第1页 is printed with a small gap on each side of the digit: pdftotext reads spaces."""
    pages = load_words("zh").pages
    check_printed("附件A，第 4 至 8 页；", [("annex-a", "a")], {("annex-a", "a"): (4, 8)}, pages)
    with pytest.raises(PageResolutionError):  # a space is allowed only where scripts meet
        check_printed("第4至8 8页", [("annex-a", "a")], {("annex-a", "a"): (4, 8)}, pages)


def test_english_is_matched_as_written():
    with pytest.raises(PageResolutionError):
        check_printed("pages 1 –3", [("annex-a", "a")], {("annex-a", "a"): (1, 3)},
                      english().pages)


def test_an_arabic_line_with_direction_marks_keeps_its_words_logical_and_its_figures_visual():
    """In an Arabic paragraph whose text came with embedding marks, pdftotext gives the words
    in logical order and a range's figures as they stand on the page: "الصفحات 8–1"."""
    pages = load_words("ar").pages
    refs = [("annex-a", "a"), ("annex-b", "a")]
    printed = ("\u202bانظر\u202a: المرفق ألف، الصفحات \u202a8–1\u202c؛\u202c "
               "\u202bالمرفق باء، الصفحات \u202a24–1\u202c\u202c")
    check_printed(printed, refs, {refs[0]: (1, 8), refs[1]: (1, 24)}, pages)
    with pytest.raises(PageResolutionError):
        check_printed(printed, refs, {refs[0]: (1, 8), refs[1]: (1, 23)}, pages)
