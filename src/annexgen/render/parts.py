"""Splits an annex too large for one render into runs of whole clusters."""

from __future__ import annotations

from collections.abc import Sequence

# LibreOffice's time per page grows past about 1,500 pages (Writer: 35-48 ms a page at
# 5,000 against 18-26 ms in parts of 550-1,000; Calc: 22 ms against 14 ms), most of it in
# loading; parts of up to about 800 pages keep it in the linear regime.
PART_PAGES = 800
WHOLE_PAGES = 1_200  # an annex up to this size is rendered in one go
# Annex A prints about 4,000 characters of outcomes a page (3,850 shipped, 5,300 at 100x).
CHARS_PER_PAGE = 4_000


def pages_of_text(chars: Sequence[int]) -> list[float]:
    """Each cluster's pages in Annex A, estimated from the characters it prints."""
    return [count / CHARS_PER_PAGE for count in chars]


def runs(pages: Sequence[float]) -> list[range]:
    """Consecutive clusters (indexes into `pages`, each cluster's pages) grouped so that no
    group passes PART_PAGES unless a single cluster does; one group when all fit
    WHOLE_PAGES."""
    if sum(pages) <= WHOLE_PAGES or len(pages) < 2:
        return [range(len(pages))]
    groups: list[range] = []
    start, filled = 0, 0.0
    for index, size in enumerate(pages):
        if index > start and filled + size > PART_PAGES:
            groups.append(range(start, index))
            start, filled = index, 0.0
        filled += size
    groups.append(range(start, len(pages)))
    return groups
