"""with_cluster_bookmarks: a bookmark per cluster under the sheet's own, reproducibly."""

from __future__ import annotations

import io

import pikepdf

from annexgen.render.bookmarks import cluster_outline, with_cluster_bookmarks

CLUSTERS = [("A. First", 1), ("B. Second", 3), ("C. Third", 4)]


def _pdf(pages: int, sheet: str | None = "Annex B") -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    if sheet is not None:
        with pdf.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem(sheet, 0))
    written = io.BytesIO()
    pdf.save(written, deterministic_id=True)
    return written.getvalue()


def test_each_cluster_is_bookmarked_at_its_page_under_the_sheet():
    marked = with_cluster_bookmarks(_pdf(5), "Annex B", CLUSTERS)
    assert cluster_outline(marked) == [("Annex B", CLUSTERS)]


def test_the_sheet_keeps_its_name_and_a_pdf_without_bookmarks_gets_the_title():
    assert cluster_outline(with_cluster_bookmarks(_pdf(5, "Matrix"), "Annex B", CLUSTERS)) == \
        [("Matrix", CLUSTERS)]
    assert cluster_outline(with_cluster_bookmarks(_pdf(5, None), "Annex B", CLUSTERS)) == \
        [("Annex B", CLUSTERS)]


def test_same_input_same_bytes_and_bookmarked_twice_unchanged():
    marked = with_cluster_bookmarks(_pdf(5), "Annex B", CLUSTERS)
    assert with_cluster_bookmarks(_pdf(5), "Annex B", CLUSTERS) == marked
    assert with_cluster_bookmarks(marked, "Annex B", CLUSTERS) is marked


def test_other_pages_replace_the_bookmarks():
    marked = with_cluster_bookmarks(_pdf(5), "Annex B", CLUSTERS)
    moved = [("A. First", 1), ("B. Second", 2), ("C. Third", 5)]
    assert cluster_outline(with_cluster_bookmarks(marked, "Annex B", moved)) == \
        [("Annex B", moved)]
