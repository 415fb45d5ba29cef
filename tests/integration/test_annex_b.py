"""Annex B: the matrix composed from the content and written as an Excel workbook."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from annexgen.compose.annex_a import topic_heading
from annexgen.compose.annex_b import CellLayout, Matrix, compose
from annexgen.core.diagnostics import Loc, Report
from annexgen.core.limits import (
    EXCEL_MAX_CELL_CHARS,
    EXCEL_MAX_HEADER_FOOTER_CHARS,
    EXCEL_MAX_LINE_FEEDS,
    EXCEL_MAX_ROW_HEIGHT_PT,
)
from annexgen.core.model import Corpus, KeyPhrase, Outcome, Placement
from annexgen.core.richtext import Span
from annexgen.core.words import english
from annexgen.layout.cell_metrics import (
    PX_PER_WIDTH_UNIT,
    cell_font,
    printable_width_px,
    text_width_px,
)
from annexgen.load.corpus import load_corpus
from annexgen.styles.load import load_styles
from annexgen.writers.xlsx.cells import check_sheet_name
from annexgen.writers.xlsx.workbook import write_print_copy, write_workbook
from tests.conftest import needs_renderer
from tests.corpora import LOC, outcome, sentence_text, synthetic

ROOT = Path(__file__).resolve().parents[2]
TRIGGERS = ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1")
CONTINUED = " (cont.)"  # how the English words label a topic's further rows


# -- fixtures and helpers ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(ROOT / "content")


@pytest.fixture(scope="module")
def styles():
    return load_styles(ROOT / "styles")


@pytest.fixture(scope="module")
def built(corpus, styles, tmp_path_factory):
    """The shipped content's matrix, the workbook bytes, and the workbook reopened."""
    matrix = compose(corpus, Report(), styles.sheet)
    data = write_workbook(matrix, corpus, styles)
    path = tmp_path_factory.mktemp("annex-b") / "annex-b.xlsx"
    path.write_bytes(data)
    return matrix, data, load_workbook(path, rich_text=True)


def build(corpus: Corpus, styles, tmp_path: Path):
    report = Report()
    matrix = compose(corpus, report, styles.sheet)
    path = tmp_path / "annex-b.xlsx"
    path.write_bytes(write_workbook(matrix, corpus, styles))
    return matrix, report, load_workbook(path, rich_text=True)


def text_of(value) -> str:
    return "" if value is None else str(value)


def key_runs(value) -> list[str]:
    """The runs of a cell in bold and underline."""
    if not isinstance(value, CellRichText):
        return []
    return [run.text for run in value if isinstance(run, TextBlock) and run.font.b and run.font.u]


def entry(outcome: Outcome) -> str:
    return f"{outcome.text} {english().paragraphs(outcome.first_para, outcome.last_para)}"


def topic_groups(ws, matrix: Matrix) -> list[tuple[str, list[int]]]:
    """Read from the sheet: each topic's label with its rows (first row, then continuations)."""
    merged = {r.min_row for r in ws.merged_cells.ranges if r.min_row >= matrix.first_row}
    groups: list[tuple[str, list[int]]] = []
    for row in range(matrix.first_row, ws.max_row + 1):
        label = ws.cell(row=row, column=1).value
        if row in merged:
            continue
        if groups and label == groups[-1][0] + CONTINUED:
            groups[-1][1].append(row)
        else:
            groups.append((label, [row]))
    return groups


# -- the matrix sheet ----------------------------------------------------------------------------

def test_sheets_are_named_and_ordered(built):
    _, _, wb = built
    assert wb.sheetnames == ["Annex B", "Coverage", "Meetings"]


def test_header_row_names_topic_column_and_each_meeting(built, corpus):
    matrix, _, wb = built
    ws = wb["Annex B"]
    header = [ws.cell(row=matrix.header_row, column=c).value for c in range(1, 7)]
    assert header[0] == "Main topic/issue"
    assert header[1] == "Asia and the Pacific (A/CONF.234/RPM.1/1)"
    assert header[1:] == [f"{m.region} ({m.symbol})" for m in corpus.meetings]
    assert ws.cell(row=matrix.header_row, column=2).font.b


def test_top_rows_have_title_note_and_marking(built, corpus, styles):
    matrix, _, wb = built
    ws = wb["Annex B"]
    texts = [text_of(ws.cell(row=r, column=1).value) for r in range(1, matrix.header_row)]
    assert texts[0] == corpus.document.marking
    assert texts[1] == "Annex B1"
    title = ws.cell(row=2, column=1).value
    assert [run.font.vertAlign for run in title] == [None, "superscript"]
    assert texts[2] == corpus.document.annex_b.title
    assert texts[3].startswith("1 Annex B was prepared by the Secretariat (UNODC)")
    assert "held in Kyoto, Japan, from 9 to 11 September 2019" in texts[3]
    status = ws.cell(row=1, column=1)
    assert status.font.b and status.font.color.rgb == f"FF{styles.sheet.status_color}"
    assert all(run.font.b for run in status.value)


def test_final_document_has_no_marking_row(corpus, styles, tmp_path):
    final = dataclasses.replace(corpus, document=dataclasses.replace(corpus.document,
                                                                     status="final"))
    matrix, _, wb = build(final, styles, tmp_path)
    assert matrix.header_row == 4
    assert text_of(wb["Annex B"]["A1"].value) == "Annex B1"


def test_one_row_group_per_topic_in_index_order(built, corpus):
    matrix, _, wb = built
    groups = topic_groups(wb["Annex B"], matrix)
    expected = [topic_heading(cl, t) for cl in corpus.clusters for t in cl.topics]
    assert [label for label, _ in groups] == expected
    assert expected[0] == "Inclusive and open formulation of the future Kyoto declaration"
    assert any(label.startswith("1. ") for label in expected)  # numbered clusters


def test_cluster_rows_are_merged_bold_filled(built, corpus, styles):
    matrix, _, wb = built
    ws = wb["Annex B"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    for cluster in corpus.clusters:
        first, _ = matrix.cluster_rows[cluster.id]
        cell = ws.cell(row=first, column=1)
        theme = f" “{cluster.theme}”" if cluster.theme else ""
        assert cell.value == f"{cluster.letter}. {cluster.title}{theme}"
        assert f"A{first}:F{first}" in merged
        assert cell.font.b and cell.fill.fgColor.rgb == f"FF{styles.sheet.cluster_fill}"
    first = matrix.cluster_rows["political-message"][0]
    assert ws.cell(row=first, column=1).value == (
        "A. Political message and thematic orientation of the Congress")
    first = matrix.cluster_rows["main-theme"][0]
    assert ws.cell(row=first, column=1).value.endswith("“Advancing crime prevention, "
                                                       "criminal justice and the rule of law: "
                                                       "towards the achievement of the 2030 "
                                                       "Agenda”")


def test_cluster_rows_record_first_and_last_sheet_row(built, corpus):
    matrix, _, wb = built
    ws = wb["Annex B"]
    spans = [matrix.cluster_rows[c.id] for c in corpus.clusters]
    assert spans[0][0] == matrix.first_row
    for (_, last), (next_first, _) in itertools.pairwise(spans):
        assert next_first == last + 1
    assert spans[-1][1] == ws.max_row
    for cluster, (first, last) in zip(corpus.clusters, spans, strict=True):
        labels = {ws.cell(row=r, column=1).value for r in range(first + 1, last + 1)}
        expected = {topic_heading(cluster, t) for t in cluster.topics}
        assert {label.removesuffix(CONTINUED) for label in labels} == expected


def test_each_meetings_outcomes_fill_its_cells_in_paragraph_order(built, corpus):
    matrix, _, wb = built
    ws = wb["Annex B"]
    table = corpus.outcomes_by_topic()
    topics = corpus.topics()
    groups = topic_groups(ws, matrix)
    for topic, (_, rows) in zip(topics, groups, strict=True):
        for column, meeting in enumerate(corpus.meetings, start=2):
            cells = [text_of(ws.cell(row=r, column=column).value) for r in rows]
            pieces = [p for cell in cells if cell for p in cell.split("\n\n")]
            assert pieces == [entry(o) for o in table.get(topic.id, {}).get(meeting.id, [])]


def test_an_empty_cell_says_nothing(built, corpus):
    matrix, _, wb = built
    ws = wb["Annex B"]
    groups = dict(topic_groups(ws, matrix))
    cluster = corpus.clusters[-1]
    topic = next(t for t in cluster.topics if t.id == "oi-organization")
    column = 2 + [m.id for m in corpus.meetings].index("western-asia")
    for row in groups[topic_heading(cluster, topic)]:
        assert ws.cell(row=row, column=column).value is None


def test_key_phrases_are_exactly_the_bold_underlined_runs(built, corpus):
    matrix, _, wb = built
    ws = wb["Annex B"]
    table = corpus.outcomes_by_topic()
    checked = 0
    for topic, (_, rows) in zip(corpus.topics(), topic_groups(ws, matrix), strict=True):
        for column, meeting in enumerate(corpus.meetings, start=2):
            queue = list(table.get(topic.id, {}).get(meeting.id, []))
            for row in rows:
                value = ws.cell(row=row, column=column).value
                here = [queue.pop(0) for _ in text_of(value).split("\n\n")] if value else []
                expected = [o.text[p.start:p.end] for o in here for p in o.phrases_for(topic.id)]
                assert key_runs(value) == expected
                checked += len(expected)
    assert checked > 100


def test_paragraph_references_and_plain_text_are_not_emphasised(built):
    matrix, _, wb = built
    ws = wb["Annex B"]
    for row in ws.iter_rows(min_row=matrix.first_row, min_col=2):
        for cell in row:
            if isinstance(cell.value, CellRichText):
                for run in cell.value:
                    assert bool(run.font.b) == bool(run.font.u)
                    if "(para" in run.text:
                        assert not run.font.b


def test_cells_wrap_top_aligned_in_sheet_font(built, styles):
    matrix, _, wb = built
    ws = wb["Annex B"]
    cell = ws.cell(row=matrix.first_row + 1, column=2)
    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    assert cell.font.name == styles.sheet.font and cell.font.sz == styles.sheet.size
    runs = [run for run in cell.value if isinstance(run, TextBlock)]
    assert {(run.font.rFont, run.font.sz) for run in runs} == {
        (styles.sheet.font, styles.sheet.size)}


def test_column_widths_fill_the_page_and_row_heights_hold_the_lines(built, styles):
    matrix, _, wb = built
    ws = wb["Annex B"]
    assert ws.column_dimensions["A"].width == pytest.approx(matrix.layout.topic_width, 1e-12)
    for letter in "BCDEF":
        assert ws.column_dimensions[letter].width == pytest.approx(matrix.layout.meeting_width,
                                                                   1e-12)
    pixels = sum(ws.column_dimensions[letter].width for letter in "ABCDEF") * PX_PER_WIDTH_UNIT
    assert pixels == pytest.approx(printable_width_px(styles.sheet.margin_mm), 1e-12)
    share = matrix.layout.topic_width * PX_PER_WIDTH_UNIT / pixels
    assert abs(share - styles.sheet.topic_column_share) < 0.01
    line = cell_font(styles.sheet.font, styles.sheet.size).line_px * 0.75
    for row in range(1, ws.max_row + 1):
        height = ws.row_dimensions[row].height
        assert height is not None and height <= EXCEL_MAX_ROW_HEIGHT_PT
        longest = max(text_of(c.value).count("\n") + 1 for c in ws[row])
        assert height >= longest * line  # at least one line per line feed


def test_row_heights_grow_with_the_text(corpus, styles, tmp_path):
    short = synthetic(corpus, [outcome(1, "Short.")])
    long = synthetic(corpus, [outcome(1, sentence_text(1500, 1))])
    short_matrix, _, _ = build(short, styles, tmp_path)
    long_matrix, _, _ = build(long, styles, tmp_path)
    assert long_matrix.rows[1].height_pt > 5 * short_matrix.rows[1].height_pt


def test_print_setup(built, corpus):
    matrix, _, wb = built
    ws = wb["Annex B"]
    setup = ws.page_setup
    assert setup.orientation == "landscape"
    assert int(setup.paperSize) == 9
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == f"{matrix.header_row}:{matrix.header_row}"
    assert ws.oddHeader.left.text == corpus.document.short_title
    assert ws.oddHeader.right.text == "Annex B"
    assert corpus.document.marking in ws.oddHeader.center.text
    assert ws.oddFooter.center.text == "Page &P of &N"


def test_panes_frozen_below_header_right_of_topics(built):
    matrix, _, wb = built
    assert wb["Annex B"].freeze_panes == f"B{matrix.first_row}"


def test_each_cluster_after_the_first_starts_a_page(built, corpus):
    matrix, _, wb = built
    breaks = [b.id for b in wb["Annex B"].row_breaks.brk]
    firsts = [matrix.cluster_rows[c.id][0] for c in corpus.clusters]
    assert {first - 1 for first in firsts[1:]} <= set(breaks)
    starts = [number for number, row in enumerate(matrix.rows, start=matrix.first_row)
              if row.page_break]
    assert breaks == [start - 1 for start in starts] and len(breaks) == matrix.pages - 1


def test_pages_fill_before_the_next_begins(built):
    """A row starts a page only when no outcome it holds would have fitted the page before,
    and no continuation row holds one meeting's cell that would have fitted the row above."""
    matrix, _, _ = built
    layout = matrix.layout
    cells = layout.cells
    space = layout.page_height - matrix.header_height - sum(t.height_pt for t in matrix.top)
    previous = None
    for row in matrix.rows:
        if row.page_break:
            if row.kind == "topic":
                smallest = min(_cell_height(cells, c[:_first_outcome(c)], layout)
                               for c in row.cells if c)
                assert smallest > space - 2, row.label
            space = layout.page_height - matrix.header_height
        if row.continuation and sum(map(bool, row.cells)) == 1:
            column = next(i for i, c in enumerate(row.cells) if c)
            above, filled = previous.cells[column], row.cells[column]
            joined = (*above, Span("\n\n"), *filled[:_first_outcome(filled)]) if above else (
                filled[:_first_outcome(filled)])
            assert _cell_height(cells, joined, layout) > previous.height_pt, row.label
        space -= row.height_pt
        previous = row
    assert space >= 0


def _first_outcome(spans) -> int:
    """The number of spans of a cell's first outcome (up to its paragraph reference)."""
    return next(i for i, span in enumerate(spans, start=1) if "pararef" in span.marks)


def _cell_height(cells, spans, layout) -> float:
    from annexgen.layout.cell_metrics import span_runs
    return cells.height(cells.lines(span_runs(spans), layout.meeting_width))


def test_theme_follows_cluster_title_in_quotes(corpus, styles, tmp_path):
    themed = synthetic(corpus, [outcome(1, "Text.")], theme="Advancing the rule of law")
    matrix, _, wb = build(themed, styles, tmp_path)
    assert wb["Annex B"].cell(row=matrix.first_row, column=1).value == (
        "A. Cluster one “Advancing the rule of law”")


@pytest.mark.parametrize("status", ["DRAFT & " * 40, "final"])
def test_header_stays_within_excel_limit(corpus, styles, tmp_path, status):
    long = synthetic(corpus, [outcome(1, "Text.")], short_title="R&D " * 80, status=status)
    _, _, wb = build(long, styles, tmp_path)
    ws = wb["Annex B"]
    length = len(str(ws.oddHeader))
    assert EXCEL_MAX_HEADER_FOOTER_CHARS - 3 <= length <= EXCEL_MAX_HEADER_FOOTER_CHARS
    assert ws.oddHeader.left.text.startswith("R&&D R&&D") and "…" in ws.oddHeader.left.text
    assert (ws.oddHeader.center.text is None) == (status == "final")


# -- coverage and meetings sheets -----------------------------------------------------------------

def test_coverage_counts_totals_and_colour_scale(built, corpus):
    _, _, wb = built
    ws = wb["Coverage"]
    table = corpus.outcomes_by_topic()
    topics = corpus.topics()
    assert [c.value for c in ws[1]][2:] == [m.region for m in corpus.meetings] + ["Total"]
    for row, topic in enumerate(topics, start=2):
        counts = [len(table.get(topic.id, {}).get(m.id, [])) for m in corpus.meetings]
        cells = ws[row][2:8]
        assert [c.value for c in cells] == [*counts, sum(counts)]
        assert {c.data_type for c in cells} == {"n"}
    totals = [c.value for c in ws[len(topics) + 2][2:8]]
    assert totals[-1] == corpus.placements()
    assert totals[:-1] == [sum(1 for o in corpus.outcomes if o.meeting_id == m.id
                               for _ in o.placements) for m in corpus.meetings]
    rules = [(str(cf.sqref), rule.type) for cf in ws.conditional_formatting for rule in cf.rules]
    assert rules == [(f"C2:G{len(topics) + 1}", "colorScale")]


def test_meetings_sheet_lists_meetings_with_report_links(built, corpus):
    _, _, wb = built
    ws = wb["Meetings"]
    for row, meeting in enumerate(corpus.meetings, start=2):
        values = [c.value for c in ws[row]]
        assert values == [meeting.region, meeting.name, meeting.symbol,
                          f"{meeting.city}, {meeting.country}",
                          english().dates.range(meeting.start, meeting.end), meeting.url]
        assert ws.cell(row=row, column=6).hyperlink.target == meeting.url
    assert ws["E2"].value == "22–24 January 2019"


def test_unsafe_urls_are_not_hyperlinks(corpus, styles, tmp_path):
    meetings = list(corpus.meetings)
    meetings[0] = dataclasses.replace(meetings[0], url="javascript:alert(1)")
    meetings[1] = dataclasses.replace(meetings[1], url="mailto:rpm@un.org")
    base = dataclasses.replace(corpus, meetings=tuple(meetings))
    _, _, wb = build(synthetic(base, [outcome(1, "Text.")]), styles, tmp_path)
    ws = wb["Meetings"]
    assert ws["F2"].value == "javascript:alert(1)" and ws["F2"].hyperlink is None
    assert ws["F3"].hyperlink.target == "mailto:rpm@un.org"


# -- safety -------------------------------------------------------------------------------------

@pytest.mark.parametrize("trigger", TRIGGERS)
def test_text_starting_with_a_formula_trigger_stays_text(corpus, styles, tmp_path, trigger):
    outcomes = [outcome(1, f"{trigger} outcome"),
                outcome(2, f"{trigger} keyed", topic="t2", phrases=(KeyPhrase(0, len(trigger)),))]
    meetings = (dataclasses.replace(corpus.meetings[0], region=trigger, city=trigger),
                *corpus.meetings[1:])
    base = dataclasses.replace(corpus, meetings=meetings)
    bad = synthetic(base, outcomes, topic_title=trigger, cluster_title=trigger)
    matrix, report, wb = build(bad, styles, tmp_path)
    assert not report.items
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                text = text_of(cell.value)
                if text.startswith(trigger):
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                texts.append(text)
    first = matrix.first_row
    ws = wb["Annex B"]
    assert ws.cell(row=first + 1, column=1).value == f"1. {trigger}"
    assert text_of(ws.cell(row=first + 1, column=2).value) == f"{trigger} outcome (para.\u00a01)"
    assert text_of(ws.cell(row=first + 2, column=2).value) == f"{trigger} keyed (para.\u00a02)"
    assert key_runs(ws.cell(row=first + 2, column=2).value) == [trigger]
    assert ws.cell(row=first + 1, column=2).quotePrefix
    assert trigger in texts and f"{trigger}, Thailand" in texts
    assert ws.cell(row=matrix.header_row, column=2).value == f"{trigger} (A/CONF.234/RPM.1/1)"


def test_no_formula_anywhere_in_the_package(built):
    _, data, _ = built
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in package.read(name) and b"<f " not in package.read(name)


def test_excel_escape_lookalikes_survive(corpus, styles, tmp_path):
    matrix, _, wb = build(synthetic(corpus, [outcome(1, "Code _x0041_ stays.")]), styles,
                          tmp_path)
    assert text_of(wb["Annex B"].cell(row=matrix.first_row + 1, column=2).value) == (
        "Code _x0041_ stays. (para.\u00a01)")


# -- Excel's limits: continuation rows and E206 -------------------------------------------------

def test_long_topic_continues_in_rows_split_between_outcomes(corpus, styles, tmp_path):
    many = [outcome(n, sentence_text(600, n)) for n in range(1, 61)]
    few = [outcome(100 + n, f"Africa said {n}.", meeting="africa") for n in range(2)]
    assert sum(len(o.text) for o in many) > EXCEL_MAX_CELL_CHARS
    matrix, report, wb = build(synthetic(corpus, many + few), styles, tmp_path)
    assert not report.items
    ws = wb["Annex B"]
    rows = dict(topic_groups(ws, matrix))["1. Topic one"]
    assert len(rows) > 2
    assert [ws.cell(row=r, column=1).value for r in rows[1:]] == ["1. Topic one (cont.)"] * (
        len(rows) - 1)
    cells = [text_of(ws.cell(row=r, column=2).value) for r in rows]
    assert all(cells)
    assert [p for c in cells for p in c.split("\n\n")] == [entry(o) for o in many]
    for text in cells:
        assert len(text) <= EXCEL_MAX_CELL_CHARS and text.count("\n") <= EXCEL_MAX_LINE_FEEDS
    africa = [text_of(ws.cell(row=r, column=5).value) for r in rows]
    assert africa[0] == "Africa said 0. (para.\u00a0100)\n\nAfrica said 1. (para.\u00a0101)"
    assert not any(africa[1:])
    assert all(ws.row_dimensions[r].height <= EXCEL_MAX_ROW_HEIGHT_PT for r in rows)
    assert matrix.cluster_rows["c1"] == (matrix.first_row, ws.max_row)


def test_an_outcome_too_long_for_one_cell_is_e206(corpus, styles):
    huge = outcome(7, "x " * 20_000)
    report = Report()
    matrix = compose(synthetic(corpus, [outcome(1, "Fine."), huge]), report, styles.sheet)
    assert [(d.code, d.loc) for d in report.items] == [("E206", Loc("x.yaml", 7, 5))]
    assert "'o7'" in report.items[0].message and "40,010 characters" in report.items[0].message
    cells = [row.cells[0] for row in matrix.rows if row.topic_id == "t1"]
    assert "".join(s.text for s in cells[1]).startswith("x x")  # kept whole, never cut


def test_an_outcome_too_tall_for_one_row_is_e206(corpus, styles):
    tall = outcome(3, sentence_text(3_000, 3))  # far below 32,767 characters, above 409 pt
    report = Report()
    compose(synthetic(corpus, [tall]), report, styles.sheet)
    assert [(d.code, d.loc) for d in report.items] == [("E206", Loc("x.yaml", 3, 5))]


def test_e206_is_reported_once_per_outcome(corpus, styles):
    huge = dataclasses.replace(outcome(7, "y " * 20_000), placements=(
        Placement("t1", (), LOC), Placement("t2", (), LOC)))
    report = Report()
    compose(synthetic(corpus, [huge]), report, styles.sheet)
    assert [d.code for d in report.items] == ["E206"]


def test_fits_checks_each_excel_limit():
    metrics = cell_font("Times New Roman", 9)
    assert metrics.fits(EXCEL_MAX_CELL_CHARS, EXCEL_MAX_LINE_FEEDS, 1)
    assert not metrics.fits(EXCEL_MAX_CELL_CHARS + 1, 0, 1)
    assert not metrics.fits(10, EXCEL_MAX_LINE_FEEDS + 1, 1)
    assert not metrics.fits(10, 0, 100)
    assert metrics.height(38) <= EXCEL_MAX_ROW_HEIGHT_PT < metrics.height(39)  # 14 px a line


# At 9 pt (12 px) in Liberation Serif: "n" 6 px, space 3, "-" 4, "i" 3.
SIXTY_PX = (60 + 4.05) / 0.9716 / PX_PER_WIDTH_UNIT


@pytest.mark.parametrize(("text", "lines"), [
    ("", 1),
    ("n" * 10, 1),  # 60 px: exactly the line
    ("n" * 11, 2),  # a word longer than a line is broken
    ("n" * 25, 3),
    ("nnnn nnnn", 1),
    ("nnnn nnnn nnnn", 2),
    ("nnnn nnnn     ", 1),  # spaces at the end of a line take no room
    ("nnnn\u00a0nnnn\u00a0nnnn", 2),  # no break at a no-break space: the word is broken
    ("one\ntwo\n\nthree", 4),
    ("nnnnnnn-nnnnnn", 2),  # a break after the hyphen
    ("nnnnnnnnn-nn", 2),
    ("iiiiiiiiiiiiiiiiiiii", 1),
])
def test_lines_are_laid_out_in_whole_pixels(text, lines):
    assert text_width_px(SIXTY_PX) == pytest.approx(60)
    assert cell_font("Times New Roman", 9).text_lines(text, SIXTY_PX) == lines


def test_bold_is_measured_in_the_bold_face():
    metrics = cell_font("Times New Roman", 9)
    text = "Member States " * 3
    width = next(w / 6 for w in range(60, 400) if metrics.text_lines(text, w / 6) == 1)
    assert metrics.lines([(text, True, False)], width) == 2


def test_writer_refuses_a_matrix_composed_for_other_widths(corpus, styles):
    matrix = compose(corpus, Report(), styles.sheet)
    other = dataclasses.replace(matrix, layout=CellLayout(10, 10, 9))
    with pytest.raises(ValueError, match="compose it with the sheet styles"):
        write_workbook(other, corpus, styles)


# -- sheet names and determinism ----------------------------------------------------------------

@pytest.mark.parametrize(("name", "reason"), [
    ("", "blank"), ("   ", "blank"), ("x" * 32, "longer than 31"),
    ("a[b", "contains '\\['"), ("a]b", "contains '\\]'"), ("a:b", "contains ':'"),
    ("a*b", "contains '\\*'"), ("a?b", "contains '\\?'"), ("a/b", "contains '/'"),
    ("a\\b", "contains"), ("'ab", "apostrophe"), ("ab'", "apostrophe"),
    ("History", "reserved"), ("HISTORY", "reserved"),
])
def test_bad_sheet_names_are_refused(name, reason):
    with pytest.raises(ValueError, match=reason):
        check_sheet_name(name)


def test_sheet_names_are_unique_ignoring_case():
    with pytest.raises(ValueError, match="already used"):
        check_sheet_name("ANNEX b", ["Annex B", "Coverage"])


@pytest.mark.parametrize("name", ["Annex B", "x" * 31, "O'Brien", "Coverage (2019)"])
def test_good_sheet_names_pass(name):
    assert check_sheet_name(name, ["Other"]) == name


def test_two_builds_are_byte_identical(built, corpus, styles):
    _, data, _ = built
    again = write_workbook(compose(corpus, Report(), styles.sheet), corpus, styles)
    assert again == data


BUILD_SCRIPT = """
import sys
from pathlib import Path
from annexgen.core.diagnostics import Report
from annexgen.compose.annex_b import compose
from annexgen.load.corpus import load_corpus
from annexgen.styles.load import load_styles
from annexgen.writers.xlsx.workbook import write_print_copy, write_workbook
corpus, styles = load_corpus(Path("content")), load_styles(Path("styles"))
sys.stdout.buffer.write(write_workbook(compose(corpus, Report(), styles.sheet), corpus, styles))
"""


def test_builds_in_other_processes_are_byte_identical(built):
    """Another process has another string hash seed: set and dict orders must not leak."""
    _, data, _ = built
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", BUILD_SCRIPT], cwd=ROOT, check=True,
                              capture_output=True, env={"PYTHONHASHSEED": seed})
        assert done.stdout == data


def test_print_copy_is_the_matrix_sheet_alone(built, corpus, styles):
    matrix, data, _ = built
    copy = write_print_copy(matrix, corpus, styles)
    assert load_workbook(io.BytesIO(copy)).sheetnames == ["Annex B"]
    with zipfile.ZipFile(io.BytesIO(copy)) as printed, zipfile.ZipFile(io.BytesIO(data)) as full:
        sheet = "xl/worksheets/sheet1.xml"
        assert printed.read(sheet) == full.read(sheet)
    assert write_print_copy(matrix, corpus, styles) == copy


def test_package_times_and_core_properties_are_fixed(built, corpus):
    _, data, _ = built
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {(2019, 9, 2, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert "2019-09-02T00:00:00Z" in core and "<dc:title>Annex B: " in core
    assert dt.date(2019, 9, 2) == corpus.document.date


@pytest.mark.render
@needs_renderer
def test_libreoffice_prints_every_outcome_uncut(built, corpus, tmp_path):
    """Rows too short would clip the ends of cells, where the paragraph references are."""
    _, data, _ = built
    (tmp_path / "annex-b.xlsx").write_bytes(data)
    subprocess.run(["soffice", "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "annex-b.xlsx")], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "annex-b.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert text.count("(para") == corpus.placements()


def test_each_sheet_names_its_header_row_for_screen_readers(built):
    """The title-row convention (a sheet-local name "Title" or "ColumnTitle" on the first
    header cell): the matrix's cluster rows span its width, which an Excel table forbids."""
    matrix, _, wb = built
    found = {(ws.title, name): ws.defined_names[name].attr_text.replace("$", "")
             for ws in wb for name in ("Title", "ColumnTitle") if name in ws.defined_names}
    assert found == {("Annex B", "Title"): f"'Annex B'!A{matrix.header_row}",
                     ("Coverage", "ColumnTitle"): "'Coverage'!A1",
                     ("Meetings", "Title"): "'Meetings'!A1"}
    assert wb["Annex B"].cell(row=matrix.header_row, column=1).value == matrix.topic_header
