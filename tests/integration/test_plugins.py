"""Deliverables that plug in: Annex C, from the tests, built, rendered, cited, rebuilt unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from annexgen.compose.headings import cluster_heading
from annexgen.compose.registry import STANDARD_COMPOSITIONS, registry_of
from annexgen.core.deliverables import STANDARD, Registry, RegistryError
from annexgen.core.diagnostics import Report
from annexgen.load.corpus import load_corpus
from annexgen.pipeline.build import build
from annexgen.pipeline.init import write_skeleton
from annexgen.pipeline.plugins import STANDARD_PLUGINS, Plugins
from annexgen.render.pdftext import flatten
from tests.annex_c import ANNEX_C, WITH_ANNEX_C, catalogues_naming_annex_c, content_with_annex_c
from tests.conftest import CONTENT, STYLES, needs_uno, record_office
from tests.fakes.renderer import FakeRenderer


@pytest.fixture(autouse=True)
def annex_c_named(tmp_path, monkeypatch):
    """The catalogues of words name Annex C (its printed name in each language)."""
    from annexgen.core import words

    monkeypatch.setattr(words, "CATALOGUES", catalogues_naming_annex_c(tmp_path / "words"))


@pytest.fixture
def content_c(tmp_path):
    return content_with_annex_c(CONTENT, tmp_path / "content")


def _pdf_pages(pdf) -> list[str]:
    """Each page's text as pdftotext reads it (pages end in a form feed)."""
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True)
    return [flatten(page) for page in done.stdout.split("\f")[:-1]]


def _see(registry: Registry) -> re.Pattern[str]:
    """A "See:" line citing every annex of the registry, in order, each page range a group."""
    each = [rf"{re.escape(annex.title)}, pages? (\d+(?:–\d+)?)" for annex in registry.annexes]
    return re.compile(r"See: " + r";\s*".join(each))


def _paper_text(out) -> str:
    return "\n".join(p.text for p in docx.Document(out / "snapshot-paper.docx").paragraphs)


def _sections(texts: list[str], corpus) -> list[list[str]]:
    """The paragraphs under each cluster's heading."""
    headings = {cluster_heading(cluster) for cluster in corpus.clusters}
    sections: list[list[str]] = []
    for text in texts:
        if text in headings:
            sections.append([])
        elif sections:
            sections[-1].append(text)
    return sections


def _snapshot(out) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.iterdir()}


def test_annex_c_is_written_with_the_others_and_cited_by_the_paper(content_c, tmp_path):
    out = tmp_path / "out"
    result = build(content_c, STYLES, out, Report(), render=False, plugins=WITH_ANNEX_C)
    assert [path.name for path in result.written] == list(WITH_ANNEX_C.registry.offices)
    corpus = load_corpus(content_c, registry=WITH_ANNEX_C.registry)
    annex = docx.Document(out / ANNEX_C.office)
    texts = [paragraph.text for paragraph in annex.paragraphs]
    assert texts[:2] == ["Annex C", corpus.document.annex_c.title]
    assert [text for text in texts if text in map(cluster_heading, corpus.clusters)] == \
        [cluster_heading(cluster) for cluster in corpus.clusters]
    marks = [mark.get(qn("w:name")) for mark in annex.element.body.iter(qn("w:bookmarkStart"))]
    assert marks == [f"c_{cluster.id.replace('-', '_')}" for cluster in corpus.clusters]
    outcomes = {f"{o.text} {corpus.words.paragraphs(o.first_para, o.last_para)}": o
                for o in corpus.outcomes}
    for cluster, section in zip(corpus.clusters, _sections(texts, corpus), strict=True):
        ids = {topic.id for topic in cluster.topics}  # each of its outcomes once, in order
        assert [outcomes[text] for text in section if text in outcomes] == [
            o for o in corpus.outcomes if any(p.topic_id in ids for p in o.placements)]
    assert _paper_text(out).count("Annex C, pages [?]") == len(corpus.clusters)


def test_annex_c_is_rendered_and_the_paper_prints_its_pages(content_c, tmp_path):
    out, renderer = tmp_path / "out", FakeRenderer()
    result = build(content_c, STYLES, out, Report(), renderer=renderer, plugins=WITH_ANNEX_C)
    registry = WITH_ANNEX_C.registry
    assert result.resolved
    assert renderer.submitted == [*(annex.office for annex in registry.annexes),
                                  *(item.office for item in registry.citing)]
    assert (out / ANNEX_C.pdf).read_bytes().startswith(b"%PDF")
    corpus = load_corpus(content_c, registry=registry)
    # The fake puts cluster n on page n + 1 of each annex: so says the paper, for Annex C too.
    printed = _see(registry).findall(" ".join(_pdf_pages(out / "snapshot-paper.pdf")))
    assert printed == [(str(n),) * 3 for n in range(2, len(corpus.clusters) + 2)]


@pytest.mark.parametrize("plugins", [STANDARD_PLUGINS, WITH_ANNEX_C],
                         ids=["standard", "with-annex-c"])
@pytest.mark.parametrize("rendered", [False, True], ids=["no-render", "rendered"])
def test_a_rebuild_with_nothing_changed_takes_the_fast_path(plugins, rendered, tmp_path):
    """Nothing read, nothing written, no renderer started; out/ holds what the registry
    makes (the PDFs too when rendered), byte for byte and time for time."""
    content = (content_with_annex_c(CONTENT, tmp_path / "content") if plugins is WITH_ANNEX_C
               else shutil.copytree(CONTENT, tmp_path / "content"))
    out = tmp_path / "out"
    build(content, STYLES, out, Report(), render=rendered,
          renderer=FakeRenderer() if rendered else None, plugins=plugins)
    before, renderer = _snapshot(out), FakeRenderer()
    result = build(content, STYLES, out, Report(), render=rendered,
                   renderer=renderer if rendered else None, plugins=plugins)
    assert result.unchanged and result.changed == () and _snapshot(out) == before
    assert result.resolved == rendered and renderer.started == 0
    expected = {*plugins.registry.offices, *(plugins.registry.pdfs if rendered else ())}
    assert {path.name for path in result.written} == expected


_REORDERED = Plugins(tuple(reversed(STANDARD_PLUGINS.plugins)))


@pytest.mark.parametrize(("first", "then"), [(STANDARD_PLUGINS, _REORDERED),
                                             (_REORDERED, STANDARD_PLUGINS)],
                         ids=["standard-then-other", "other-then-standard"])
def test_other_deliverables_from_the_same_inputs_are_built_again(first, then, content,
                                                                 tmp_path):
    """Annex B cited before Annex A: the same files from the same content folder, but the
    paper says something else; a build that took the fast path would not."""
    out = tmp_path / "out"
    build(content, STYLES, out, Report(), render=False, plugins=first)
    result = build(content, STYLES, out, Report(), render=False, plugins=then)
    assert not result.unchanged and "snapshot-paper.docx" in result.changed
    cited = re.findall(r"Annex [AB]", _paper_text(out).partition("See:")[2])[:2]
    assert cited == [annex.title for annex in then.registry.annexes]


def test_init_writes_annex_c_its_template_and_title(tmp_path, capsys):
    exercise, out = tmp_path / "exercise", tmp_path / "out"
    write_skeleton(exercise, 2, WITH_ANNEX_C)
    content = exercise / "content"
    assert (content / "templates" / ANNEX_C.template_file).is_file()
    result = build(content, STYLES, out, Report(), render=False, plugins=WITH_ANNEX_C)
    texts = [p.text for p in docx.Document(out / ANNEX_C.office).paragraphs]
    assert texts[:2] == ["Annex C", "The outcomes of each cluster, meeting by meeting"]
    assert "Annex C, pages [?]" in _paper_text(out) and ANNEX_C.office in {
        path.name for path in result.written}


def test_the_standard_deliverables_are_one_list_in_each_layer():
    assert registry_of(STANDARD_COMPOSITIONS) == STANDARD == STANDARD_PLUGINS.registry


def test_a_registry_of_deliverables_that_cannot_go_together_is_refused():
    with pytest.raises(RegistryError, match="two deliverables have the name 'annex-c'"):
        WITH_ANNEX_C.adding(WITH_ANNEX_C.plugins[-1])


@pytest.mark.render
@needs_uno
def test_annex_c_renders_in_libreoffice_which_says_where_its_clusters_are(content_c, tmp_path,
                                                                          monkeypatch):
    office = record_office(monkeypatch)
    out = tmp_path / "out"
    result = build(content_c, STYLES, out, Report(), plugins=WITH_ANNEX_C)
    assert result.resolved and ANNEX_C.office in office["submitted"]
    assert office["fallback"] and not any(office["fallback"])  # over UNO: LibreOffice's layout
    corpus = load_corpus(content_c, registry=WITH_ANNEX_C.registry)
    pages = _pdf_pages(out / ANNEX_C.pdf)
    for cluster in corpus.clusters:
        first, last = result.pages[(ANNEX_C.name, cluster.id)]
        probe = flatten(cluster_heading(cluster))[:60]
        assert probe in pages[first - 1] and (first == 1 or probe not in pages[first - 2])
        assert last == len(pages) or probe not in pages[last]
    printed = _see(WITH_ANNEX_C.registry).findall(" ".join(_pdf_pages(out / "snapshot-paper.pdf")))
    assert [found[-1] for found in printed] == [
        _range(result.pages[(ANNEX_C.name, cluster.id)]) for cluster in corpus.clusters]
    launches = office["launches"]
    again = build(content_c, STYLES, out, Report(), plugins=WITH_ANNEX_C)
    assert again.unchanged and again.resolved and office["launches"] == launches


def _range(span: tuple[int, int]) -> str:
    first, last = span
    return str(first) if first == last else f"{first}–{last}"


def test_a_deliverable_plugged_in_without_its_printed_name_is_refused_where_the_language_is(
        content_c, monkeypatch):
    """Its name is a fixed word like any other: never printed in a language that lacks it."""
    from annexgen.core import words
    from annexgen.core.diagnostics import ContentError

    monkeypatch.setattr(words, "CATALOGUES", words.resources.files("annexgen.core")
                        .joinpath("languages"))
    report = Report()
    with pytest.raises(ContentError):
        load_corpus(content_c, report, registry=WITH_ANNEX_C.registry)
    (problem,) = report.errors
    assert problem.code == "E310" and "'deliverable.annex-c'" in problem.message
    line = (content_c / "document.yaml").read_text().splitlines()[problem.loc.line - 1]
    assert line.startswith("language:")
