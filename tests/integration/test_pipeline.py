"""The build pipeline with a fake renderer (no LibreOffice): what is sent, reused, published."""

from __future__ import annotations

import re
import subprocess

import docx
import pytest

from annexgen.core.deliverables import STANDARD
from annexgen.core.diagnostics import Report
from annexgen.pipeline.build import RenderFailed, build
from annexgen.publish.manifest import Manifest
from tests.conftest import SENT, STYLES, edit_one_outcome
from tests.fakes.renderer import FakeRenderer

_edit = edit_one_outcome


def _paper_text(out) -> str:
    return "\n".join(p.text for p in docx.Document(out / "snapshot-paper.docx").paragraphs)


def _pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_first_build_sends_both_annexes_at_once_then_the_paper_with_their_pages(content,
                                                                                 tmp_path):
    renderer = FakeRenderer()
    out = tmp_path / "out"
    result = build(content, STYLES, out, Report(), renderer=renderer)
    assert result.resolved
    assert renderer.submitted == list(SENT)
    # The fake puts cluster n on page n + 1 of each annex: so says the paper.
    assert result.pages[("annex-a", "political-message")] == (2, 2)
    assert re.search(r"See: Annex A, page 2;\s*Annex B, page 2", _pdf_text(
        out / "snapshot-paper.pdf"))
    assert "[?]" not in _paper_text(out)
    assert Manifest.read(out).page_map() == result.pages


def test_an_edit_renders_the_annexes_again_and_the_paper_guessed_with_the_last_pages(
        content, tmp_path):
    out = tmp_path / "out"
    build(content, STYLES, out, Report(), renderer=FakeRenderer())
    _edit(content)
    renderer = FakeRenderer()
    result = build(content, STYLES, out, Report(), renderer=renderer)
    # The paper, written with the last build's pages, is the same file: its PDF is reused.
    assert renderer.submitted == [item.office for item in STANDARD.annexes]
    assert set(result.changed) >= {"annex-a.docx", "annex-b.xlsx"}
    assert "snapshot-paper.docx" not in result.changed  # (the fake draws the headings only:
    assert "snapshot-paper.pdf" not in result.changed   # its annexes' PDFs are unchanged too)


def test_an_unchanged_rebuild_does_not_start_the_renderer(content, tmp_path):
    out = tmp_path / "out"
    build(content, STYLES, out, Report(), renderer=FakeRenderer())
    renderer = FakeRenderer()
    result = build(content, STYLES, out, Report(), renderer=renderer)
    assert result.unchanged and result.resolved
    assert renderer.started == 0 and renderer.submitted == []


def test_a_render_failure_publishes_nothing_and_keeps_the_last_pdfs(content, tmp_path):
    out = tmp_path / "out"
    build(content, STYLES, out, Report(), renderer=FakeRenderer())
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    _edit(content)
    with pytest.raises(RenderFailed, match=r"the fake renderer fails annex-b\.xlsx"):
        build(content, STYLES, out, Report(), renderer=FakeRenderer(fail="annex-b"))
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_paper_that_cites_other_pages_is_rendered_again(content, tmp_path):
    """The last build's pages are a guess: a renderer that now lays the clusters out
    elsewhere (here: none of the opening pages) makes the paper be written and sent again."""
    out = tmp_path / "out"
    build(content, STYLES, out, Report(), renderer=FakeRenderer())
    _edit(content)
    renderer = _Shifted()
    result = build(content, STYLES, out, Report(), renderer=renderer)
    # The guessed paper is the last build's (its PDF reused); the right one is sent after.
    assert renderer.submitted == list(SENT)
    assert result.pages[("annex-a", "political-message")] == (1, 1)
    assert re.search(r"See: Annex A, page 1;\s*Annex B, page 1", _pdf_text(
        out / "snapshot-paper.pdf"))


class _Shifted(FakeRenderer):
    """Every cluster one page earlier than the plain fake puts it (no opening page)."""

    def _render(self, job, future):
        if not job.anchors:
            return super()._render(job, future)
        from annexgen.render.renderer import Rendering
        from tests.fakes.renderer import pdf_of

        pages = [anchor.heading for anchor in job.anchors]
        anchors = {anchor.cluster_id: index + 1 for index, anchor in enumerate(job.anchors)}
        future.set_result(Rendering(pdf_of(pages), len(pages), anchors))
