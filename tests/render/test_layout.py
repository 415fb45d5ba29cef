"""Layout on the rendered pages: lists kept together, one status marking a page in Annex B,
sub-items with a hanging indent, no stretched lines."""

from __future__ import annotations

import itertools
import re
import shutil
import statistics
from pathlib import Path

import docx
import pytest

from annexgen.compose.check import compose_all, load_inputs
from annexgen.compose.keeps import list_runs
from annexgen.compose.paper import compose_paper
from annexgen.core.diagnostics import Report
from annexgen.core.richtext import Block, plain_text
from annexgen.load.corpus import load_corpus
from annexgen.pipeline.build import build, write_all
from annexgen.render.pdftext import flatten
from annexgen.render.soffice import convert_to_pdf
from tests.conftest import CONTENT, STYLES, make_case, needs_renderer
from tests.render.pdfwords import Line, page_texts, pdf_lines, printed_rows

pytestmark = [pytest.mark.render, needs_renderer]

# A list label at the start of a printed line: bullet, dash, number, or (a).
_LABEL = re.compile(r"^(?:[•–▪]|\d+\.|\([a-z]+\))\s+")
# One-line paragraphs before a short list in the test paper: with 31 of them and no keep
# rules, the list's last item is alone at the top of page 2 (the control test checks it).
FILLER = 31
SHORT_LIST = ("- First point of the short list\n- Second point of the short list\n"
              "- Third and last point of the short list\n")


# -- lists -------------------------------------------------------------------------------

def _start(block: Block) -> str:
    return flatten(plain_text(block.inlines))[:40]


def _last_items(blocks) -> list[str]:
    """The start of the last item of each list of two items or more."""
    return [_start(blocks[end - 1]) for first, end in list_runs(blocks) if end - first >= 2]


def _page_tops(pdf: Path, marking: str | None) -> list[str]:
    """The first line of the body of each page after the first, its list label dropped."""
    tops = []
    for lines in page_texts(pdf)[1:]:
        body = [line for line in lines if not (marking and line.startswith(marking))]
        tops.append(_LABEL.sub("", body[0]) if body else "")
    return tops


def lone_last_items(pdf: Path, blocks, marking: str | None) -> list[str]:
    """The pages' first lines that are a list's last item, its other items before the break."""
    lasts = _last_items(blocks)
    return [top for top in _page_tops(pdf, marking)
            if any(flatten(top).startswith(last) for last in lasts)]


def test_no_list_of_the_paper_leaves_its_last_item_alone_on_a_page(rendered_tree):
    """Before the keep rules, page 2 began with Methodology's last bullet alone."""
    corpus = load_corpus(CONTENT)
    blocks = compose_paper(corpus).blocks
    assert len(_last_items(blocks)) >= 5
    pdf = rendered_tree.out / "snapshot-paper.pdf"
    assert lone_last_items(pdf, blocks, corpus.document.marking) == []


def _short_list_content(target: Path) -> Path:
    content = make_case("_base", target)
    path = content / "templates" / "paper.md.j2"
    filler = "".join(f"Filler paragraph number {n}, one line long.\n\n" for n in range(FILLER))
    opening = (f"## I. Background\n\n{filler}The three points below close the list:\n\n"
               f"{SHORT_LIST}\nA paragraph after the list.\n\n")
    path.write_text(path.read_text("utf-8").replace("## I. Background\n", opening, 1), "utf-8")
    return content


def _paper_pdf(content: Path, folder: Path) -> Path:
    corpus, styles = load_inputs(content, STYLES, Report())
    files = write_all(corpus, styles, compose_all(corpus, styles, Report()))
    folder.mkdir()
    office = folder / "snapshot-paper.docx"
    office.write_bytes(files[office.name])
    return convert_to_pdf([office], folder, 120)[0]


@pytest.fixture(scope="module")
def short_list(tmp_path_factory) -> tuple[Path, Path, tuple[Block, ...], str | None]:
    """The test paper rendered with the keep rules, and without them (the control)."""
    folder = tmp_path_factory.mktemp("short-list")
    content = _short_list_content(folder)
    kept = _paper_pdf(content, folder / "kept")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr("annexgen.compose.paper.keep_lists_together", tuple)
        loose = _paper_pdf(content, folder / "loose")
    corpus = load_corpus(content)
    return kept, loose, compose_paper(corpus).blocks, corpus.document.marking


def test_a_short_list_is_kept_whole_with_its_lead_in(short_list):
    kept, loose, blocks, marking = short_list
    assert lone_last_items(loose, blocks, marking) == ["Third and last point of the short list"]
    assert lone_last_items(kept, blocks, marking) == []
    assert _page_tops(kept, marking)[0] == "The three points below close the list:"


# -- Annex B's status marking ----------------------------------------------------------------

def test_annex_b_prints_its_status_marking_once_on_every_page(rendered_tree):
    """The page header prints it; the sheet's own marking row is left out of the print area
    (page 1 printed both)."""
    marking = flatten(load_corpus(CONTENT).document.marking)
    pages = page_texts(rendered_tree.out / "annex-b.pdf")
    counts = [flatten(" ".join(lines)).count(marking) for lines in pages]
    assert len(counts) > 30 and set(counts) == {1}, counts[:3]


# -- sub-items ------------------------------------------------------------------------------

SUB_ITEMS = (
    "The Meeting recommended that the declaration be negotiated through an open, transparent "
    "and inclusive process, so that:\n"
    "(a) all Member States are able to participate fully in every stage of the negotiations, "
    "including the informal consultations held in Vienna and in the capitals of the regions;\n"
    "(b) the outcomes of all five regional preparatory meetings are taken into account, "
    "together with the contributions of intergovernmental organizations, civil society and "
    "academia;\n"
    "(c) the draft is circulated early.")


def with_sub_items(target: Path) -> Path:
    """The shipped content with one Europe outcome in three sub-items (a)-(c)."""
    shutil.copytree(CONTENT, target)
    path = target / "outcomes" / "europe.yaml"
    text = path.read_text("utf-8")
    start = text.index("    text: >-\n      The Meeting recommended that the declaration be")
    end = text.index("    topics:", start)
    block = "".join(f"      {line}\n" for line in SUB_ITEMS.split("\n"))
    path.write_text(f"{text[:start]}    text: |-\n{block}{text[end:]}", "utf-8")
    return target


@pytest.fixture(scope="module")
def sub_items(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sub-items")
    out = folder / "out"
    result = build(with_sub_items(folder / "content"), STYLES, out, Report())
    assert result.resolved
    return out


def _labelled(lines: list[Line], label: str) -> int:
    return next(i for i, line in enumerate(lines) if line.words[0].text == label)


def test_sub_items_hang_from_their_labels(sub_items):
    lines = printed_rows(sub_items / "annex-a.pdf")
    opening = next(line for line in lines if line.text.startswith("Europe")
                   and "declaration be negotiated" in line.text)
    edge = opening.words[0].left
    for label in ("(a)", "(b)"):
        index = _labelled(lines, label)
        first, wrapped = lines[index], lines[index + 1]
        text_x = first.words[1].left
        assert first.words[0].left > edge + 10  # the label indented from the outcome's edge
        assert text_x > first.words[0].right  # the text after it, at the tab
        assert wrapped.words[0].left == pytest.approx(text_x, abs=0.5)
    assert lines[_labelled(lines, "(c)")].words[1].left == pytest.approx(text_x, abs=0.5)


def test_sub_items_are_paragraphs_of_their_style(sub_items):
    document = docx.Document(str(sub_items / "annex-a.docx"))
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text.endswith("so that:"))
    lead, *items = paragraphs[index:index + 4]
    assert [p.style.name for p in items] == ["Subparagraph"] * 3
    assert [p.text.split("\t")[0] for p in items] == ["(a)", "(b)", "(c)"]
    assert items[2].text.endswith("circulated early. (para.\u00a010)")
    # A short list: its lead-in and every item but the last keep with the next paragraph.
    assert [p.paragraph_format.keep_with_next for p in (lead, *items)] == [
        True, True, True, None]


# -- stretched lines -------------------------------------------------------------------------

def _justified_gaps(lines: list[Line]) -> list[tuple[float, str]]:
    """The widest gap of each line that is justified: not a paragraph's last line, three
    words or more; a list label's gap (a tab) left out."""
    found = []
    for line in lines:
        gaps = line.gaps()
        if line.last or len(gaps) < 2:
            continue
        if _LABEL.match(line.text):
            gaps = gaps[1:]
        found.append((max(gaps), f"p{line.page}: {line.text}"))
    return found


def _normal_space(lines: list[Line]) -> float:
    """The space between words where lines are not stretched: paragraphs' last lines."""
    return statistics.median(gap for line in lines if line.last for gap in line.gaps())


@pytest.mark.parametrize("name", ["snapshot-paper.pdf", "annex-a.pdf"])
def test_no_justified_line_is_stretched_far(rendered_tree, name):
    """The widest gap is under 3.5 spaces: what justifying a line before a long word gives
    (8.5 pt at most, 3.4 spaces, measured); a line ending in a line break stretched to the
    margin gives 15 pt and more."""
    lines = pdf_lines(rendered_tree.out / name)
    space = _normal_space(lines)
    widest = max(_justified_gaps(lines))
    assert 2.2 < space < 2.8
    assert widest[0] < 3.5 * space, widest


def test_lines_ending_in_a_line_break_are_not_stretched(rendered_tree):
    """The paper's meetings: "symbol (region; place, dates)", a line break, then the URL."""
    lines = pdf_lines(rendered_tree.out / "snapshot-paper.pdf")
    broken = [line for line, after in itertools.pairwise(lines)
              if after.text.startswith("https://") and "(" in line.text]
    space = _normal_space(lines)
    assert len(broken) == 5
    assert max(max(line.gaps()[1:]) for line in broken) < 1.5 * space
