"""Composes Annex B, the matrix: topics down, meetings across, split into rows Excel can hold."""

from __future__ import annotations

from dataclasses import dataclass

from annexgen.cell_metrics import (
    chars_per_line,
    fits,
    fitted_row_height,
    row_height,
    wrapped_lines,
)
from annexgen.diagnostics import Report
from annexgen.doc.annex_a import cluster_heading, topic_heading
from annexgen.doc.spans import outcome_spans
from annexgen.limits import EXCEL_MAX_CELL_CHARS, EXCEL_MAX_LINE_FEEDS, EXCEL_MAX_ROW_HEIGHT_PT
from annexgen.model import Cluster, Corpus, Outcome, Topic
from annexgen.richtext import BOLD, SUPERSCRIPT, Break, NoteRef, Span, plain_text
from annexgen.styles import Sheet

TOPIC_HEADER = "Main topic/issue"
CONTINUED = " (cont.)"
OUTCOME_SEPARATOR = "\n\n"

_SEPARATOR = Span(OUTCOME_SEPARATOR)
_BOLD = frozenset({BOLD})
_SUPER = frozenset({SUPERSCRIPT})


@dataclass(frozen=True, slots=True)
class CellLayout:
    """What fits in the matrix's cells: column widths in Excel characters, font size in pt.

    The defaults are those of the shipped styles; pass `CellLayout.of(styles.sheet)`.
    """

    topic_width: float = 32
    meeting_width: float = 22.5
    size: float = 9
    # Rows never break across printed pages, so a row taller than this is split (between
    # outcomes) to fill pages well; Excel's own limit still applies to a single outcome.
    split_height: float = 200

    @classmethod
    def of(cls, sheet: Sheet) -> CellLayout:
        return cls(sheet.topic_column_width, sheet.meeting_column_width, sheet.size,
                   sheet.row_split_height)

    def full_width(self, meetings: int) -> float:
        """The width of a row merged over the topic column and every meeting column."""
        return self.topic_width + meetings * self.meeting_width


@dataclass(frozen=True, slots=True)
class TopRow:
    """A row above the column headers: kind is "status", "title", "subtitle" or "note"."""

    kind: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """A cluster heading row (no cells) or one row of a topic, with a cell per meeting.

    A topic too long for one row continues in rows with `continuation` set; each cell holds
    whole outcomes separated by a blank line, or nothing (an empty tuple).
    """

    kind: str
    label: str
    cells: tuple[tuple[Span, ...], ...]
    continuation: bool
    cluster_id: str
    topic_id: str | None
    height_pt: float


@dataclass(frozen=True, slots=True)
class Matrix:
    """Annex B composed. Row numbers are sheet rows (from 1): the top rows, the column
    headers at `header_row`, then `rows[i]` at sheet row `first_row + i`.

    `cluster_rows` maps each cluster id to the sheet rows of its heading and its last topic row.
    """

    top: tuple[TopRow, ...]
    topic_header: str
    meeting_headers: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    cluster_rows: dict[str, tuple[int, int]]
    layout: CellLayout

    @property
    def header_row(self) -> int:
        return len(self.top) + 1

    @property
    def first_row(self) -> int:
        return self.header_row + 1


@dataclass(frozen=True, slots=True)
class _Entry:
    """An outcome ready to be put in a cell, with its size."""

    spans: tuple[Span, ...]
    chars: int
    line_feeds: int
    lines: int


def compose(corpus: Corpus, report: Report, sheet: Sheet | None = None) -> Matrix:
    """The matrix; an outcome too long for one Excel cell is reported as E206."""
    layout = CellLayout.of(sheet) if sheet is not None else CellLayout()
    top = _top_rows(corpus)
    rows = _body_rows(corpus, layout, report)
    first_row = len(top) + 2  # Matrix.first_row: the top rows, the column headers, then these
    return Matrix(
        top=top, topic_header=TOPIC_HEADER,
        meeting_headers=tuple(m.heading for m in corpus.meetings),
        rows=tuple(rows), cluster_rows=_cluster_rows(rows, first_row), layout=layout,
    )


# -- top rows --------------------------------------------------------------------------

def _top_rows(corpus: Corpus) -> tuple[TopRow, ...]:
    """The status marking, the opening blocks (notes numbered from 1), then the notes."""
    prose = corpus.prose["annex-b"]
    marking = corpus.document.marking
    rows = [TopRow("status", (Span(marking, _BOLD),))] if marking else []
    notes: list[str] = []
    for block in prose.blocks:
        kind = "title" if block.style == "title" else "subtitle"
        rows.append(TopRow(kind, tuple(_numbered_inlines(block.inlines, notes))))
    for number, name in enumerate(notes, start=1):
        text = "\n".join(plain_text(b.inlines) for b in prose.footnotes.get(name, ()))
        rows.append(TopRow("note", (Span(str(number), _SUPER), Span(f" {text}"))))
    return tuple(rows)


def _numbered_inlines(inlines, notes: list[str]) -> list[Span]:
    """Spans of the inlines, each note reference as its superscript number."""
    spans = []
    for item in inlines:
        if isinstance(item, Span):
            spans.append(item)
        elif isinstance(item, Break):
            spans.append(Span("\n"))
        elif isinstance(item, NoteRef):
            notes.append(item.name)
            spans.append(Span(str(len(notes)), _SUPER))
    return spans


# -- body rows --------------------------------------------------------------------------

def cluster_label(cluster: Cluster) -> str:
    """The cluster heading, then its theme in quotation marks if it has one."""
    heading = cluster_heading(cluster)
    return f"{heading} “{cluster.theme}”" if cluster.theme else heading


def _body_rows(corpus: Corpus, layout: CellLayout, report: Report) -> list[MatrixRow]:
    table = corpus.outcomes_by_topic()
    entries: dict[str, _Entry] = {}
    full_width = layout.full_width(len(corpus.meetings))
    rows = []
    for cluster in corpus.clusters:
        label = cluster_label(cluster)
        height = fitted_row_height([(label, full_width)], layout.size)
        rows.append(MatrixRow("cluster", label, (), False, cluster.id, None, height))
        for topic in cluster.topics:
            chunks = [_chunks(by_meeting, topic, layout, entries, report)
                      for by_meeting in _meeting_lists(corpus, table.get(topic.id, {}))]
            rows.extend(_topic_rows(cluster, topic, chunks, layout))
    return rows


def _meeting_lists(corpus: Corpus, by_meeting: dict[str, list[Outcome]]) -> list[list[Outcome]]:
    return [by_meeting.get(meeting.id, []) for meeting in corpus.meetings]


def _topic_rows(cluster: Cluster, topic: Topic, chunks: list[list[list[_Entry]]],
                layout: CellLayout) -> list[MatrixRow]:
    """Row k holds every meeting's k-th chunk; rows after the first are continuations."""
    count = max((len(per_meeting) for per_meeting in chunks), default=1) or 1
    label = topic_heading(cluster, topic)
    rows = []
    for k in range(count):
        cells = [per_meeting[k] if k < len(per_meeting) else [] for per_meeting in chunks]
        row_label = label if k == 0 else label + CONTINUED
        rows.append(MatrixRow("topic", row_label, tuple(_cell_spans(c) for c in cells), k > 0,
                              cluster.id, topic.id, _topic_row_height(row_label, cells, layout)))
    return rows


def _cell_spans(entries: list[_Entry]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for index, entry in enumerate(entries):
        if index:
            spans.append(_SEPARATOR)
        spans.extend(entry.spans)
    return tuple(spans)


def _topic_row_height(label: str, cells: list[list[_Entry]], layout: CellLayout) -> float:
    label_lines = wrapped_lines(label, chars_per_line(layout.topic_width, layout.size))
    lines = max([label_lines, *(_chunk_lines(cell) for cell in cells)])
    return min(row_height(lines, layout.size), EXCEL_MAX_ROW_HEIGHT_PT)


def _chunk_lines(entries: list[_Entry]) -> int:
    """Lines of outcomes with a blank line between each two."""
    return sum(entry.lines for entry in entries) + max(0, len(entries) - 1)


# -- splitting between outcomes ---------------------------------------------------------

def _chunks(outcomes: list[Outcome], topic: Topic, layout: CellLayout,
            entries: dict[str, _Entry], report: Report) -> list[list[_Entry]]:
    """A meeting's outcomes for a topic, in as many cells as Excel needs, split between them."""
    chunks: list[list[_Entry]] = []
    current: list[_Entry] = []
    size = _Size()
    for outcome in outcomes:
        entry = _entry(outcome, topic.id, layout, entries, report)
        if current and not size.fits_after(entry, layout):
            chunks.append(current)
            current, size = [], _Size()
        current.append(entry)
        size.add(entry)
    if current:
        chunks.append(current)
    return chunks


class _Size:
    """The running size of a cell being filled."""

    __slots__ = ("chars", "line_feeds", "lines")

    def __init__(self) -> None:
        self.chars = self.line_feeds = self.lines = 0

    def fits_after(self, entry: _Entry, layout: CellLayout) -> bool:
        """Whether the entry still fits after a blank line."""
        gap = len(OUTCOME_SEPARATOR)
        lines = self.lines + 1 + entry.lines
        return (fits(self.chars + gap + entry.chars, self.line_feeds + gap + entry.line_feeds,
                     lines, layout.size)
                and row_height(lines, layout.size) <= layout.split_height)

    def add(self, entry: _Entry) -> None:
        gap = len(OUTCOME_SEPARATOR) if self.chars else 0
        self.chars += gap + entry.chars
        self.line_feeds += gap + entry.line_feeds
        self.lines += (1 if gap else 0) + entry.lines


def _entry(outcome: Outcome, topic_id: str, layout: CellLayout, entries: dict[str, _Entry],
           report: Report) -> _Entry:
    """The outcome's spans for the topic; its size is measured (and checked) once per outcome."""
    spans = tuple(outcome_spans(outcome, topic_id))
    known = entries.get(outcome.id)
    if known is None:
        known = _measure(spans, layout)
        entries[outcome.id] = known
        _check_fits(outcome, known, layout, report)
    return _Entry(spans, known.chars, known.line_feeds, known.lines)


def _measure(spans: tuple[Span, ...], layout: CellLayout) -> _Entry:
    text = plain_text(spans)
    per_line = chars_per_line(layout.meeting_width, layout.size)
    return _Entry(spans, len(text), text.count("\n"), wrapped_lines(text, per_line))


def _check_fits(outcome: Outcome, entry: _Entry, layout: CellLayout, report: Report) -> None:
    if fits(entry.chars, entry.line_feeds, entry.lines, layout.size):
        return
    report.add(outcome.loc, "E206",
               f"outcome {outcome.id!r} is too long for one Excel cell of Annex B: "
               f"{entry.chars:,} characters, {entry.line_feeds} line breaks, about "
               f"{row_height(entry.lines, layout.size):,.0f} pt high (Excel allows "
               f"{EXCEL_MAX_CELL_CHARS:,} characters, {EXCEL_MAX_LINE_FEEDS} line breaks and "
               f"{EXCEL_MAX_ROW_HEIGHT_PT} pt); split it into shorter outcomes")


def _cluster_rows(rows: list[MatrixRow], first_row: int) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for index, row in enumerate(rows, start=first_row):
        first = found.get(row.cluster_id, (index, index))[0]
        found[row.cluster_id] = (first, index)
    return found
