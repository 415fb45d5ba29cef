"""Rendering with LibreOffice: PDFs, true page references, the check, the missing-renderer path."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys

import docx
import pytest
import yaml

import annexgen.render.convert
import annexgen.render.uno_backend
from annexgen.cli import main
from annexgen.compose.annex_b import cluster_label
from annexgen.compose.headings import cluster_heading
from annexgen.core.deliverables import STANDARD
from annexgen.core.diagnostics import Report
from annexgen.load.corpus import load_corpus
from annexgen.pipeline.build import build
from annexgen.publish.manifest import MANIFEST, Manifest
from annexgen.render.pdftext import flatten
from annexgen.render.renderer import Job
from annexgen.render.soffice import RenderError
from annexgen.render.soffice import convert_to_pdf as _convert
from annexgen.render.uno_backend import UnoRenderer
from tests.conftest import CONTENT, SENT, STYLES, needs_renderer, needs_uno, record_office

SEE = re.compile(r"See: Annex A, pages? (\d+)(?:–(\d+))?; Annex B, pages? (\d+)(?:–(\d+))?")


def _page(pdf, number: int) -> str:
    """One page's text as `pdftotext -f N -l N` gives it, independently of annexgen's reader."""
    done = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return flatten(done.stdout)


def _page_count(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def _all_text(pdf) -> str:
    return " ".join(_page(pdf, n) for n in range(1, _page_count(pdf) + 1))


def _printed_references(pdf) -> list[tuple[int, int, int, int]]:
    return _references_in(_all_text(pdf))


def _references_in(text: str) -> list[tuple[int, int, int, int]]:
    """(Annex A first, last, Annex B first, last) of each "See:" line, in order."""
    return [(int(a), int(b or a), int(c), int(d or c)) for a, b, c, d in SEE.findall(text)]


def _assert_cluster_on_pages(pdf, heading: str, first: int, last: int) -> None:
    probe = flatten(heading)[:60]
    assert probe in _page(pdf, first), f"{probe!r} not on page {first} of {pdf.name}"
    if first > 1:
        assert probe not in _page(pdf, first - 1)
    assert last >= first
    if last < _page_count(pdf):
        following = _page(pdf, last + 1)
        assert probe not in following and following  # the next cluster starts there


def _check_references(content, out) -> list[tuple[int, int, int, int]]:
    corpus = load_corpus(content)
    printed = _printed_references(out / "snapshot-paper.pdf")
    assert len(printed) == len(corpus.clusters)
    for cluster, (a1, a2, b1, b2) in zip(corpus.clusters, printed, strict=True):
        _assert_cluster_on_pages(out / "annex-a.pdf", cluster_heading(cluster), a1, a2)
        _assert_cluster_on_pages(out / "annex-b.pdf", cluster_label(cluster, corpus.words), b1, b2)
    return printed


@needs_renderer
def test_build_writes_the_distribution_set(rendered_tree):
    out, result = rendered_tree.out, rendered_tree.result
    facts = {pdf.name: pdf for pdf in result.pdfs}
    for name in STANDARD.pdfs:
        assert (out / name).read_bytes().startswith(b"%PDF")
        assert facts[name].pages == _page_count(out / name)
    assert any("LiberationSerif" in font for font in result.fonts)


@needs_renderer
def test_paper_prints_the_pages_where_each_cluster_is(rendered_tree):
    out = rendered_tree.out
    printed = _check_references(CONTENT, out)
    assert printed[0][0] == 1 and printed[0][2] == 1
    # The Word file carries the same numbers, so it is right without a field update.
    paragraphs = docx.Document(io.BytesIO((out / "snapshot-paper.docx").read_bytes())).paragraphs
    text = " ".join(p.text.replace("\n", " ") for p in paragraphs)
    assert _references_in(text) == printed


@needs_renderer
def test_paper_footnote_one_is_on_page_one(rendered_tree):
    out = rendered_tree.out
    first = _page(out / "snapshot-paper.pdf", 1)
    assert "The present paper and its Annexes were prepared by the Secretariat (UNODC)" in first


@needs_renderer
def test_paper_headings_render_in_order(rendered_tree):
    out = rendered_tree.out
    corpus = load_corpus(CONTENT)
    text = _all_text(out / "snapshot-paper.pdf")
    headings = [corpus.document.title[:60], "I. BACKGROUND", "II. METHODOLOGY",
                "III. AN “INDEX” OF MAIN TOPICS",
                *(flatten(cluster_heading(c))[:60] for c in corpus.clusters)]
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions and positions == sorted(positions)


@needs_renderer
@pytest.mark.parametrize("name", ["annex-a.pdf", "annex-b.pdf"])
def test_no_paragraph_reference_breaks_across_lines(rendered_tree, name):
    """"(para. 12)" and "(paras. 12–14)" stay on one line: a no-break space after the
    abbreviation, word joiners around the dash (LibreOffice broke 2 in each annex after it)."""
    out = rendered_tree.out
    lines = _all_text(out / name).splitlines()
    references = sum(len(re.findall(r"\(paras?\.", line)) for line in lines)
    broken = [line for line in lines if re.search(r"\(paras?\.\s*$|\(paras?\.[^)]*$", line)]
    assert references > 300 and not broken, broken[:5]


@needs_renderer
def test_annex_a_headings_render_in_order(rendered_tree):
    out = rendered_tree.out
    corpus = load_corpus(CONTENT)
    text = _all_text(out / "annex-a.pdf")
    positions = [text.find(flatten(cluster_heading(c))[:60]) for c in corpus.clusters]
    assert -1 not in positions and positions == sorted(positions)
    assert text.startswith(corpus.document.status)


@pytest.mark.render
@needs_renderer
def test_a_grown_cluster_moves_the_references(tmp_path, rendered_tree):
    out = rendered_tree.out
    before = _printed_references(out / "snapshot-paper.pdf")
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    _grow_first_cluster(content, extra_outcomes=40)
    grown = tmp_path / "out"
    shutil.copytree(out, grown)  # the last build's manifest guesses the old pages: wrong now
    assert build(content, STYLES, grown, Report()).resolved
    after = _check_references(content, grown)
    assert after[0][1] >= before[0][1] + 2, "cluster A should have grown by two pages"
    assert all(a[0] >= b[0] + 2 for a, b in zip(after[1:], before[1:], strict=True))


@pytest.fixture
def office_log(monkeypatch):
    """Records what each build asks LibreOffice for, and how often LibreOffice is started."""
    return record_office(monkeypatch)


@needs_uno
def test_a_first_build_starts_each_libreoffice_once(rendered_tree):
    # Two LibreOffices render the annexes side by side; the paper's numbers exist only
    # after the annexes are laid out: it is sent last, to one of them.
    office = rendered_tree.office
    assert office["submitted"] == list(SENT)
    assert office["launches"] == 2 and office["fallback"] == [None, None]


@pytest.mark.render
@needs_renderer
def test_a_rebuild_that_keeps_the_pages_renders_once(tmp_path, rendered_tree, office_log):
    out = rendered_tree.out
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    outcomes = content / "outcomes" / "africa.yaml"
    outcomes.write_text(outcomes.read_text().replace("Participants", "The participants", 1))
    paper = content / "templates" / "paper.md.j2"
    paper.write_text(paper.read_text().replace("purposes of brevity", "purposes of concision"))
    again = tmp_path / "out"
    shutil.copytree(out, again)
    result = build(content, STYLES, again, Report())
    # One request for the two annexes and the paper, written with the last build's pages:
    # they did not move, so the paper is not rendered a second time.
    assert result.resolved
    assert office_log["submitted"] == list(SENT)
    assert "concision" in _all_text(again / "snapshot-paper.pdf")
    assert _check_references(content, again) == _printed_references(out / "snapshot-paper.pdf")


@pytest.mark.render
@needs_renderer
@pytest.mark.parametrize("edit_paper", [False, True])
def test_false_pages_in_the_manifest_are_never_published(tmp_path, rendered_tree, edit_paper):
    """A plausible hand edit of the manifest's pages (every cluster 30 pages on) with the
    annexes unchanged, so that their PDFs are reused: the pages still come from them."""
    out = rendered_tree.out
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    if edit_paper:
        paper = content / "templates" / "paper.md.j2"
        paper.write_text(paper.read_text().replace("purposes of brevity", "purposes of concision"))
    again = tmp_path / "out"
    shutil.copytree(out, again)
    manifest = again / ".annexgen-manifest.json"
    data = json.loads(manifest.read_text())
    data["pages"] = {key: [first + 30, last + 30] for key, (first, last) in data["pages"].items()}
    manifest.write_text(json.dumps(data))
    result = build(content, STYLES, again, Report())
    assert result.resolved
    assert _check_references(content, again) == _printed_references(out / "snapshot-paper.pdf")
    assert Manifest.read(again).pages == Manifest.read(out).pages


@needs_renderer
def test_an_unchanged_rebuild_does_not_start_libreoffice(tmp_path, rendered_tree, office_log):
    out = rendered_tree.out
    again = tmp_path / "out"
    shutil.copytree(out, again)
    before = {path.name: path.stat().st_mtime_ns for path in again.iterdir()}
    result = build(CONTENT, STYLES, again, Report())
    assert result.unchanged and result.resolved and result.changed == ()
    assert office_log["submitted"] == [] and office_log["launches"] == 0
    assert {path.name: path.stat().st_mtime_ns for path in again.iterdir()} == before


@pytest.mark.render
@needs_renderer
@pytest.mark.parametrize("python", [None, sys.executable], ids=["no-python", "no-uno-module"])
def test_without_uno_each_render_is_a_soffice_process(tmp_path, rendered_tree, monkeypatch,
                                                       office_log, python):
    out = rendered_tree.out
    monkeypatch.setattr(annexgen.render.uno_backend, "uno_python", lambda soffice: python)
    runs = []

    def counting(files, folder, timeout, started=None):
        runs.append([path.name for path in files])
        return _convert(files, folder, timeout, started)

    monkeypatch.setattr(annexgen.render.convert, "convert_to_pdf", counting)
    fresh = tmp_path / "out"
    assert build(CONTENT, STYLES, fresh, Report()).resolved
    # Side by side, one process each (two renderers, each fallen back), then the paper.
    assert sorted(runs[:2]) == [["annex-a.docx"], ["annex-b.xlsx"]]
    assert runs[2:] == [["snapshot-paper.docx"]]
    assert office_log["fallback"][0] and "uno" in office_log["fallback"][0]
    assert _printed_references(fresh / "snapshot-paper.pdf") == \
        _printed_references(out / "snapshot-paper.pdf")


@needs_renderer
def test_an_office_files_only_build_keeps_the_last_pages_as_the_next_guess(tmp_path,
                                                                          rendered_tree):
    out = rendered_tree.out
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    outcomes = content / "outcomes" / "africa.yaml"
    outcomes.write_text(outcomes.read_text().replace("Participants", "The participants", 1))
    again = tmp_path / "out"
    shutil.copytree(out, again)
    build(content, STYLES, again, Report(), render=False)
    assert Manifest.read(again).pages == Manifest.read(out).pages != {}


def test_without_a_renderer_out_of_date_pdfs_are_removed(tmp_path, rendered_tree, monkeypatch):
    out = rendered_tree.out
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    outcomes = content / "outcomes" / "africa.yaml"
    outcomes.write_text(outcomes.read_text().replace("Participants", "The participants", 1))
    again = tmp_path / "out"
    shutil.copytree(out, again)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = build(content, STYLES, again, Report())
    assert not result.resolved
    assert not (again / "annex-a.pdf").exists() and not (again / "annex-b.pdf").exists()
    listed = set(Manifest.read(again).outputs)
    assert {p.name for p in again.iterdir() if not p.name.startswith(".")} == listed


def _grow_first_cluster(content, extra_outcomes: int) -> None:
    """Adds outcomes under the first topic of cluster A, in a new outcome file."""
    index = yaml.safe_load((content / "index.yaml").read_text())
    topic = index["clusters"][0]["topics"][0]["id"]
    text = ("Participants recommended that the declaration reflect the views of all regions "
            "and be prepared through consultations open to every Member State, so that it "
            "would enjoy broad support and guide the work of practitioners for years to come.")
    outcomes = [{"id": f"grow-{n}", "para": 200 + n, "text": text,
                 "topics": {topic: ["consultations open to every Member State"]}}
                for n in range(extra_outcomes)]
    document = {"meeting": "europe", "outcomes": outcomes}
    (content / "outcomes" / "zz-growth.yaml").write_text(yaml.safe_dump(document))


def test_missing_renderer_still_writes_office_files(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    status = main(["build", "--content", str(CONTENT), "--styles", str(STYLES),
                   "--out", str(out)])
    printed = capsys.readouterr().out
    assert status == 0
    assert "page references UNRESOLVED" in printed
    assert "soffice was not found" in printed and "apt-get install" in printed
    assert sorted(p.name for p in out.iterdir()) == sorted([MANIFEST, *STANDARD.offices])
    paragraphs = docx.Document(out / "snapshot-paper.docx").paragraphs
    assert any("pages [?]" in p.text for p in paragraphs)


@pytest.mark.render
@needs_renderer
def test_a_file_libreoffice_cannot_read_is_a_named_render_error(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip")
    with UnoRenderer() as office:
        [future] = office.submit([Job("broken", "docx", broken.read_bytes())])
        with pytest.raises(RenderError, match=r"broken\.docx"):
            future.result()


@pytest.mark.render
@needs_renderer
def test_the_paper_may_word_its_page_references_as_it_likes(tmp_path):
    """The render check looks for the pages the tool wrote, not for the words around them."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    paper = content / "templates/paper.md.j2"
    paper.write_text(paper.read_text().replace(
        "{.see} *{{ see_pages(c) }}*",
        '(Annex A: {{ pages("annex-a", c.id) }}; Annex B: {{ pages("annex-b", c.id) }})'))
    result = build(content, STYLES, tmp_path / "out", Report())
    assert result.resolved
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "out/snapshot-paper.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert len(re.findall(r"\(Annex A: pages? [\d–]+; Annex B: pages? [\d–]+\)", text)) == 7
    assert "See: Annex A" not in text


def _outline(pdf) -> list[tuple[int, str, int]]:
    """(depth, title, page) of every outline entry, read with pikepdf."""
    import pikepdf

    found = []
    with pikepdf.open(pdf) as document, document.open_outline() as outline:
        pages = {page.objgen: index + 1 for index, page in enumerate(document.pages)}

        def walk(items, depth):
            for item in items:
                found.append((depth, str(item.title), pages[item.destination[0].objgen]))
                walk(item.children, depth + 1)

        walk(outline.root, 0)
    return found


def _annex_b_outline(result) -> list[tuple[int, str, int]]:
    """What Annex B's outline must be: the sheet, then each cluster at its first page."""
    corpus = load_corpus(CONTENT)
    return [(0, "Annex B", 1), *((1, cluster_label(cluster, corpus.words),
                                  result.pages["annex-b", cluster.id][0])
                                 for cluster in corpus.clusters)]


@pytest.mark.render
@needs_renderer
def test_annex_b_has_a_bookmark_per_cluster_at_its_page(rendered_tree):
    outline = _outline(rendered_tree.out / "annex-b.pdf")
    assert outline == _annex_b_outline(rendered_tree.result)
    assert len(outline) == 1 + len(load_corpus(CONTENT).clusters)
    assert [page for _, _, page in outline[1:]] == sorted({page for _, _, page in outline[1:]})


@pytest.mark.render
@needs_uno
def test_a_large_annex_rendered_in_parts_is_the_annex_rendered_whole(tmp_path, rendered_tree,
                                                                       monkeypatch):
    """The path that lets 100x the content render, at a size CI affords: Annex A in runs of
    whole clusters (sizes lowered so the shipped content takes four parts), each numbered
    on from the last and rendered on its own, then joined. Page by page, the joined PDF
    reads as the whole one; its outline and the paper's pages are the same."""
    import annexgen.render.parts as parts
    from annexgen.compose.annex_a import cluster_sizes

    monkeypatch.setattr(parts, "CHARS_PER_PAGE", 1)
    monkeypatch.setattr(parts, "WHOLE_PAGES", 50_000)
    monkeypatch.setattr(parts, "PART_PAGES", 40_000)
    corpus = load_corpus(CONTENT)
    assert len(parts.runs(cluster_sizes(corpus))) >= 3  # Annex B (39 pages) stays whole
    submitted = record_office(monkeypatch)["submitted"]
    out = tmp_path / "out"
    result = build(CONTENT, STYLES, out, Report())
    assert result.resolved
    assert [name for name in submitted if name.startswith("annex-a")] == \
        [f"annex-a.{n}.docx" for n in range(1, len(parts.runs(cluster_sizes(corpus))) + 1)]
    assert "annex-b.xlsx" in submitted
    whole = rendered_tree.out / "annex-a.pdf"
    assert _page_count(out / "annex-a.pdf") == _page_count(whole)
    assert [_page(out / "annex-a.pdf", n) for n in range(1, _page_count(whole) + 1)] == \
        [_page(whole, n) for n in range(1, _page_count(whole) + 1)]  # footers' numbers too
    assert _outline(out / "annex-a.pdf") == _outline(whole)
    assert result.pages == rendered_tree.result.pages
    assert _printed_references(out / "snapshot-paper.pdf") == \
        _printed_references(rendered_tree.out / "snapshot-paper.pdf")
    again = build(CONTENT, STYLES, tmp_path / "again", Report())
    assert again.resolved
    assert (tmp_path / "again" / "annex-a.pdf").read_bytes() == (out / "annex-a.pdf").read_bytes()


@pytest.mark.render
@needs_uno
def test_annex_b_rendered_in_parts_is_annex_b_rendered_whole(tmp_path, rendered_tree,
                                                             monkeypatch):
    """Annex B in parts (sizes lowered so the shipped 39 pages take several), each numbered
    ahead from the composer's pages ("Page 16 of 39") and all sent at once: page by page,
    footers included, the joined PDF reads as the whole one, and the paper's pages hold."""
    import annexgen.render.parts as parts

    monkeypatch.setattr(parts, "WHOLE_PAGES", 12)
    monkeypatch.setattr(parts, "PART_PAGES", 14)
    monkeypatch.setattr(parts, "CHARS_PER_PAGE", 10**9)  # Annex A stays whole
    submitted = record_office(monkeypatch)["submitted"]
    out = tmp_path / "out"
    result = build(CONTENT, STYLES, out, Report())
    assert result.resolved
    b_parts = [name for name in submitted if name.startswith("annex-b.")]
    assert len(b_parts) >= 3 and "annex-a.docx" in submitted
    whole = rendered_tree.out / "annex-b.pdf"
    count = _page_count(whole)
    assert _page_count(out / "annex-b.pdf") == count
    assert [_page(out / "annex-b.pdf", n) for n in range(1, count + 1)] == \
        [_page(whole, n) for n in range(1, count + 1)]
    assert f"Page {count} of {count}" in _page(out / "annex-b.pdf", count)
    assert _outline(out / "annex-b.pdf") == _outline(whole) == _annex_b_outline(result)
    assert result.pages == rendered_tree.result.pages


@pytest.mark.render
@needs_uno
def test_both_annexes_pages_come_from_libreoffices_layout(tmp_path, monkeypatch):
    """Over UNO LibreOffice says where each cluster starts, in Writer and in Calc (whose
    print area may start below the sheet's first row): the build never falls back to
    reading the annexes' pages from their text."""
    import annexgen.render.pipeline as pipeline

    told, untold = pipeline._told_starts, []

    def noting(annex, pdf):
        starts = told(annex, pdf)
        if starts is None:
            untold.append(annex.deliverable.name)
        return starts

    monkeypatch.setattr(pipeline, "_told_starts", noting)
    result = build(CONTENT, STYLES, tmp_path / "out", Report())
    assert result.resolved and not untold
