"""The paper's and Annex A's PDFs carry the Word files' subject and keywords."""

from __future__ import annotations

import pikepdf
import pytest

from tests.conftest import needs_uno

pytestmark = [pytest.mark.render, needs_uno]


@pytest.mark.parametrize("name", ["snapshot-paper.pdf", "annex-a.pdf"])
def test_pdf_has_the_subject_and_the_reports_as_keywords(rendered_tree, shipped, name):
    corpus = shipped[0]
    with pikepdf.open(rendered_tree.out / name) as pdf:
        info = pdf.docinfo
        assert str(info["/Subject"]) == corpus.document.short_title
        assert str(info["/Keywords"]) == ", ".join(m.symbol for m in corpus.meetings)
        with pdf.open_metadata() as xmp:
            assert xmp["pdf:Keywords"] == str(info["/Keywords"])
