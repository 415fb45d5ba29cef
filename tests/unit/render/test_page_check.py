"""The render check of the paper: every page reference it wrote is printed, in order."""

from __future__ import annotations

import pytest

from annexgen.core.words import english
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
