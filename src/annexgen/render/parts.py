"""Splits an annex too large for one render into runs of whole clusters."""

from __future__ import annotations

# LibreOffice's Writer takes about 40 ms a page up to 1,500 pages and far more past it (73
# ms at 5,000, most of it loading); parts of about 800 pages keep it in the linear regime.
# Annex A prints about 4,000 characters of outcomes a page (3,850 shipped, 5,300 at 100x).
CHARS_PER_PAGE = 4_000
PART_PAGES = 800
WHOLE_PAGES = 1_200  # an annex up to this size is rendered in one go


def runs(sizes: list[int]) -> list[range]:
    """Consecutive clusters (indexes into `sizes`, each cluster's characters) grouped so
    that no group passes PART_PAGES unless a single cluster does; one group when all fit
    WHOLE_PAGES."""
    whole, part = WHOLE_PAGES * CHARS_PER_PAGE, PART_PAGES * CHARS_PER_PAGE
    if sum(sizes) <= whole or len(sizes) < 2:
        return [range(len(sizes))]
    groups: list[range] = []
    start, filled = 0, 0
    for index, size in enumerate(sizes):
        if index > start and filled + size > part:
            groups.append(range(start, index))
            start, filled = index, 0
        filled += size
    groups.append(range(start, len(sizes)))
    return groups
