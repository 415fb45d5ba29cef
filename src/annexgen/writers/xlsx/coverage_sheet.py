"""The Coverage sheet: how many outcomes each meeting gave each topic, with totals."""

from __future__ import annotations

from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from annexgen.compose.headings import topic_heading
from annexgen.core.model import Corpus
from annexgen.core.words import AnnexBWords
from annexgen.layout.cell_metrics import PX_PER_WIDTH_UNIT, fitted_row_height
from annexgen.styles.model import Sheet
from annexgen.writers.xlsx.cells import (
    COUNT,
    HEADER,
    TEXT,
    TOTAL,
    name_headers,
    write_number,
    write_text,
)

# 56 and 98 px (Excel's pixels at 96 dpi), the widths these columns were first given.
CLUSTER_WIDTH, COUNT_WIDTH = 56 / PX_PER_WIDTH_UNIT, 98 / PX_PER_WIDTH_UNIT
_LOW, _HIGH = "FFFFFFFF", "FF5B9BD5"


def coverage_counts(corpus: Corpus) -> list[list[int]]:
    """Outcomes per topic (rows, index order) and meeting (columns, corpus order)."""
    table = corpus.outcomes_by_topic()
    return [[len(table.get(topic.id, {}).get(meeting.id, ())) for meeting in corpus.meetings]
            for topic in corpus.topics()]


def add_coverage_sheet(workbook: Workbook, title: str, corpus: Corpus, sheet: Sheet,
                       topic_width: float, words: AnnexBWords) -> Worksheet:
    """The counts as numbers; the topic column as wide as the matrix's."""
    ws = workbook.create_sheet(title)
    counts = coverage_counts(corpus)
    _write_header(ws, corpus, sheet, topic_width, words)
    _write_topics(ws, corpus, counts, sheet, topic_width)
    _write_totals(ws, counts, len(counts) + 2, words.total)
    _add_colour_scale(ws, len(counts), len(corpus.meetings))
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    name_headers(ws, 1, "ColumnTitle")  # the topics are in column B, after the clusters
    return ws


def _write_header(ws: Worksheet, corpus: Corpus, sheet: Sheet, topic_width: float,
                  words: AnnexBWords) -> None:
    texts = (words.cluster, words.topic, *(m.region for m in corpus.meetings), words.total)
    widths = (CLUSTER_WIDTH, topic_width, *(COUNT_WIDTH for _ in texts[2:]))
    for column, (text, width) in enumerate(zip(texts, widths, strict=True), start=1):
        write_text(ws.cell(row=1, column=column), text, HEADER)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[1].height = fitted_row_height(zip(texts, widths, strict=True), sheet.font,
                                                    sheet.size, bold=True)


def _write_topics(ws: Worksheet, corpus: Corpus, counts: list[list[int]], sheet: Sheet,
                  topic_width: float) -> None:
    topics = [(cluster, topic) for cluster in corpus.clusters for topic in cluster.topics]
    for row, ((cluster, topic), numbers) in enumerate(zip(topics, counts, strict=True), start=2):
        label = topic_heading(cluster, topic)
        write_text(ws.cell(row=row, column=1), cluster.letter, TEXT)
        write_text(ws.cell(row=row, column=2), label, TEXT)
        for column, number in enumerate([*numbers, sum(numbers)], start=3):
            write_number(ws.cell(row=row, column=column), number, COUNT)
        ws.row_dimensions[row].height = fitted_row_height([(label, topic_width)], sheet.font,
                                                          sheet.size)


def _write_totals(ws: Worksheet, counts: list[list[int]], row: int, label: str) -> None:
    """Totals as numbers, not formulas: the file stays deterministic and needs no calculation."""
    write_text(ws.cell(row=row, column=2), label, TOTAL)
    columns = [sum(column) for column in zip(*counts, strict=True)] if counts else []
    for column, number in enumerate([*columns, sum(columns)], start=3):
        write_number(ws.cell(row=row, column=column), number, TOTAL)


def _add_colour_scale(ws: Worksheet, topics: int, meetings: int) -> None:
    if not topics or not meetings:
        return
    area = f"C2:{get_column_letter(2 + meetings)}{topics + 1}"
    ws.conditional_formatting.add(area, ColorScaleRule(
        start_type="min", start_color=_LOW, end_type="max", end_color=_HIGH))
