"""A copy of Annex B with the cells that changed filled and annotated with what changed."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from annexgen.compose.annex_b import Matrix
from annexgen.compose.word import filed_under
from annexgen.core.model import Corpus
from annexgen.core.richtext import plain_text
from annexgen.core.words import ChangeWords, fill
from annexgen.diff.changes import ChangeSet
from annexgen.writers.xlsx.workbook import package_workbook

CHANGED_FILL = PatternFill(fill_type="solid", start_color="FFFFE699", end_color="FFFFE699")


def mark_changes(xlsx: bytes, matrix: Matrix, corpus: Corpus, changes: ChangeSet) -> bytes:
    """The new Annex B, each changed cell filled and carrying a note that lists its changes."""
    workbook = load_workbook(io.BytesIO(xlsx), rich_text=True)
    sheet = workbook[matrix.words.sheet.sheets.matrix]
    said = corpus.words.changes
    for (row, column), lines in sorted(_notes(matrix, corpus, changes, said).items()):
        cell = sheet.cell(row=row, column=column)
        cell.fill = CHANGED_FILL
        cell.comment = Comment("\n".join(lines), "annexgen", height=20 + 15 * len(lines),
                               width=320)
    return package_workbook(workbook, fill(said.workbook_title,
                                           title=corpus.document.annex_b.title),
                            corpus.document, filed_under(corpus))


def _notes(matrix: Matrix, corpus: Corpus, changes: ChangeSet,
           said: ChangeWords) -> dict[tuple[int, int], list]:
    columns = {m.id: index + 2 for index, m in enumerate(corpus.meetings)}
    notes: dict[tuple[int, int], list[str]] = {}
    for change in changes.changes:
        column = columns.get(change.meeting_id)
        if column is None:
            continue
        row = _row_of(matrix, change.topic_id, column, change.outcome.text)
        if row is None:
            continue
        note = fill(said.note_with_detail if change.detail else said.note,
                    kind=said.kinds.of(change.kind),
                    paragraphs=corpus.words.paragraphs(change.outcome.first_para,
                                                       change.outcome.last_para),
                    detail=change.detail)
        notes.setdefault((row, column), []).append(note)
    return notes


def _row_of(matrix: Matrix, topic_id: str, column: int, text: str) -> int | None:
    """The sheet row of the topic that holds the outcome's text, else the topic's first row."""
    first = None
    for index, row in enumerate(matrix.rows, start=matrix.first_row):
        if row.topic_id != topic_id:
            continue
        first = first or index
        if text in plain_text(row.cells[column - 2]):
            return index
    return first
