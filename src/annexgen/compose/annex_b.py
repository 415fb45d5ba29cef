"""Composes Annex B, the matrix: topics down, meetings across, split into rows Excel can hold."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from annexgen.compose.headings import cluster_heading, topic_heading
from annexgen.compose.spans import outcome_spans
from annexgen.core.deliverables import ANNEX_B, Anchor
from annexgen.core.diagnostics import Diagnostic, Report
from annexgen.core.limits import EXCEL_MAX_CELL_CHARS, EXCEL_MAX_LINE_FEEDS, EXCEL_MAX_ROW_HEIGHT_PT
from annexgen.core.model import Cluster, Corpus, DocumentSet, Outcome, Topic
from annexgen.core.richtext import BOLD, SUPERSCRIPT, Break, NoteRef, Span, plain_text
from annexgen.core.words import AnnexBWords, Words, fill
from annexgen.layout.cell_metrics import CellFont, cell_font, column_widths, span_runs
from annexgen.layout.sheet_page import body_height_pt
from annexgen.styles.model import Sheet

OUTCOME_SEPARATOR = "\n\n"

_SEPARATOR = Span(OUTCOME_SEPARATOR)
_BOLD = frozenset({BOLD})
_SUPER = frozenset({SUPERSCRIPT})


@dataclass(frozen=True, slots=True)
class CellLayout:
    """The matrix's page and cells: column widths in Excel's unit (whole pixels), the sheet's
    font and sizes, and the height a page holds between its header and footer, in pt.

    Pass `CellLayout.of(styles.sheet, meetings, header_full(document))`; the defaults are the
    shipped styles' for five meetings.
    """

    topic_width: float = 25.5
    meeting_width: float = 28.5
    size: float = 9
    font: str = "Times New Roman"
    title_size: float = 12
    page_height: float = 507.24

    @classmethod
    def of(cls, sheet: Sheet, meetings: int, full_header: bool = True) -> CellLayout:
        topic, meeting = column_widths(sheet.margin_mm, sheet.topic_column_share, meetings)
        body = body_height_pt(sheet.margin_mm, sheet.font, sheet.size, full_header)
        return cls(topic, meeting, sheet.size, sheet.font, sheet.title_size, round(body, 2))

    def full_width(self, meetings: int) -> float:
        """The width of a row merged over the topic column and every meeting column."""
        return self.topic_width + meetings * self.meeting_width

    @property
    def cells(self) -> CellFont:
        return cell_font(self.font, self.size)


@dataclass(frozen=True, slots=True)
class TopRow:
    """A row above the column headers: kind is "status", "title", "subtitle" or "note"."""

    kind: str
    spans: tuple[Span, ...]
    height_pt: float = 0


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """A cluster heading row (no cells) or one row of a topic, with a cell per meeting.

    A topic too long for the space left on a page continues in rows with `continuation`
    set; each cell holds whole outcomes separated by a blank line, or nothing (an empty
    tuple). `page_break` is set on the first row of each page after the first.
    """

    kind: str
    label: str
    cells: tuple[tuple[Span, ...], ...]
    continuation: bool
    cluster_id: str
    topic_id: str | None
    height_pt: float
    page_break: bool = False


@dataclass(frozen=True, slots=True)
class WorkbookWords:
    """The workbook's words besides its cells', in the document's language: its title in
    the file's properties, the running head, the sheet names, column headings and page
    numbers (`sheet`), and each meeting's dates as the Meetings sheet prints them."""

    title: str
    running_head: str
    sheet: AnnexBWords
    meeting_dates: tuple[str, ...]


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
    words: WorkbookWords
    header_height: float = 0

    @property
    def header_row(self) -> int:
        return len(self.top) + 1

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def first_printed_row(self) -> int:
        """The first row of the print area: the status marking's row is for the screen only
        (the page header prints the marking on every page, once)."""
        return 1 + sum(row.kind == "status" for row in self.top)

    @property
    def pages(self) -> int:
        """The pages the matrix prints on, as composed."""
        return 1 + sum(row.page_break for row in self.rows)


@dataclass(frozen=True, slots=True)
class _Entry:
    """An outcome ready to be put in a cell, with its size."""

    spans: tuple[Span, ...]
    chars: int
    line_feeds: int
    lines: int


def compose(corpus: Corpus, report: Report, sheet: Sheet | None = None) -> Matrix:
    """The matrix, its rows filling each page; an outcome too long for one Excel cell is
    reported as E206."""
    meetings = len(corpus.meetings)
    full = header_full(corpus.document)
    layout = CellLayout.of(sheet, meetings, full) if sheet is not None else CellLayout()
    top = _top_rows(corpus, layout)
    topic_header = corpus.words.annex_b.topic
    headers = tuple(corpus.words.meeting_heading(m.region, m.symbol) for m in corpus.meetings)
    header_height = _header_height(topic_header, headers, layout)
    pager = _Pager(layout.page_height, header_height,
                   sum(row.height_pt for row in top if row.kind != "status"))
    rows = _body_rows(corpus, layout, pager, report)
    first_row = len(top) + 2  # Matrix.first_row: the top rows, the column headers, then these
    return Matrix(
        top=top, topic_header=topic_header, meeting_headers=headers, rows=tuple(rows),
        cluster_rows=_cluster_rows(rows, first_row), layout=layout,
        words=workbook_words(corpus), header_height=header_height,
    )


def workbook_words(corpus: Corpus) -> WorkbookWords:
    words, document = corpus.words, corpus.document
    name = words.deliverable[ANNEX_B.name]
    return WorkbookWords(
        title=fill(words.titled, deliverable=name, title=document.annex_b.title),
        running_head=name, sheet=words.annex_b,
        meeting_dates=tuple(words.dates.range(m.start, m.end) for m in corpus.meetings))


def header_full(document: DocumentSet) -> bool:
    """Whether the page header has text in all three parts: short title, marking, label."""
    return bool(document.short_title and document.marking)


def _header_height(topic_header: str, headers: tuple[str, ...], layout: CellLayout) -> float:
    """The column headers' row (bold), printed again at the top of every page."""
    cells = layout.cells
    lines = max([cells.text_lines(topic_header, layout.topic_width, bold=True),
                 *(cells.text_lines(text, layout.meeting_width, bold=True) for text in headers)])
    return cells.height(lines)


class _Pager:
    """The space left on the page being filled, in pt."""

    # Kept back on every page: LibreOffice keeps the page and margins in 1/100 mm.
    SLACK_PT = 0.5

    def __init__(self, page_height: float, header_height: float, first_page_top: float):
        self.full = page_height - header_height - self.SLACK_PT
        self.left = self.full - first_page_top
        self.fresh = True  # nothing of the body on this page yet

    def new_page(self) -> None:
        self.left, self.fresh = self.full, True

    def take(self, height: float) -> None:
        self.left -= height
        self.fresh = False


# -- top rows --------------------------------------------------------------------------

def _top_rows(corpus: Corpus, layout: CellLayout) -> tuple[TopRow, ...]:
    """The status marking, the opening blocks (notes numbered from 1), then the notes."""
    prose = corpus.prose[ANNEX_B.template]
    marking = corpus.document.marking
    rows: list[tuple[str, tuple[Span, ...]]] = (
        [("status", (Span(marking, _BOLD),))] if marking else [])
    notes: list[str] = []
    for block in prose.blocks:
        kind = "title" if block.style == "title" else "subtitle"
        rows.append((kind, tuple(_numbered_inlines(block.inlines, notes))))
    for number, name in enumerate(notes, start=1):
        text = "\n".join(plain_text(b.inlines) for b in prose.footnotes.get(name, ()))
        rows.append(("note", (Span(str(number), _SUPER), Span(f" {text}"))))
    width = layout.full_width(len(corpus.meetings))
    return tuple(TopRow(kind, spans, _top_height(kind, spans, width, layout))
                 for kind, spans in rows)


def top_row_look(kind: str, layout: CellLayout) -> tuple[float, bool]:
    """The size and boldness of a top row's text."""
    size = layout.title_size if kind in ("title", "subtitle") else layout.size
    return size, kind in ("status", "title", "subtitle")


def _top_height(kind: str, spans: tuple[Span, ...], width: float, layout: CellLayout) -> float:
    size, bold = top_row_look(kind, layout)
    cells = cell_font(layout.font, size)
    return min(cells.height(cells.lines(span_runs(spans, bold), width)),
               EXCEL_MAX_ROW_HEIGHT_PT)


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

def part_of(matrix: Matrix, cluster_ids: frozenset[str], first: bool) -> Matrix:
    """The matrix of those clusters alone, to be printed on its own: the top rows only in
    the `first` part, and no page break before its first row (it starts the part's page)."""
    rows = [row for row in matrix.rows if row.cluster_id in cluster_ids]
    if rows and rows[0].page_break:
        rows[0] = replace(rows[0], page_break=False)
    top = matrix.top if first else ()
    return replace(matrix, top=top, rows=tuple(rows),
                   cluster_rows=_cluster_rows(rows, len(top) + 2))


def cluster_pages(matrix: Matrix) -> dict[str, int]:
    """How many pages each cluster prints on, as composed (each starts a page)."""
    found: dict[str, int] = {}
    for index, row in enumerate(matrix.rows):
        found[row.cluster_id] = found.get(row.cluster_id, 0) + (index == 0 or row.page_break)
    return found


def anchors(corpus: Corpus, matrix: Matrix) -> tuple[Anchor, ...]:
    """Where each cluster starts: the sheet row of its heading, and the heading's text."""
    return tuple(Anchor(cluster.id, cluster_label(cluster, corpus.words),
                        matrix.cluster_rows[cluster.id][0])
                 for cluster in corpus.clusters if cluster.id in matrix.cluster_rows)


def cluster_label(cluster: Cluster, words: Words) -> str:
    """The cluster heading, then its theme in quotation marks if it has one."""
    heading = cluster_heading(cluster)
    return f"{heading} {fill(words.quoted, text=cluster.theme)}" if cluster.theme else heading


def _body_rows(corpus: Corpus, layout: CellLayout, pager: _Pager,
               report: Report) -> list[MatrixRow]:
    table = corpus.outcomes_by_topic()
    entries: dict[str, _Entry] = {}
    full_width = layout.full_width(len(corpus.meetings))
    rows: list[MatrixRow] = []
    for index, cluster in enumerate(corpus.clusters):
        if index:  # each cluster starts a page
            pager.new_page()
        label = cluster_label(cluster, corpus.words)
        cells = layout.cells
        height = cells.height(cells.text_lines(label, full_width, bold=True))
        rows.append(MatrixRow("cluster", label, (), False, cluster.id, None, height,
                              page_break=index > 0))
        pager.take(height)
        for topic in cluster.topics:
            queues = [[_entry(outcome, topic.id, corpus.words, layout, entries, report)
                       for outcome in outcomes]
                      for outcomes in _meeting_lists(corpus, table.get(topic.id, {}))]
            rows.extend(_topic_rows(cluster, topic, queues, layout, pager,
                                    corpus.words.annex_b.continued))
    return rows


def _meeting_lists(corpus: Corpus, by_meeting: dict[str, list[Outcome]]) -> list[list[Outcome]]:
    return [by_meeting.get(meeting.id, []) for meeting in corpus.meetings]


def _topic_rows(cluster: Cluster, topic: Topic, queues: list[list[_Entry]],
                layout: CellLayout, pager: _Pager, continued: str) -> list[MatrixRow]:
    """Rows of the topic, each as tall as the page leaves room for: each meeting's cell
    takes its next outcomes while they fit, and what is left goes on in a continuation row
    (labelled as `continued` words it), on the next page unless the row was cut short by
    Excel's limits."""
    label = topic_heading(cluster, topic)
    rows: list[MatrixRow] = []
    while not rows or any(queues):
        row_label = fill(continued, topic=label) if rows else label
        label_lines = layout.cells.text_lines(row_label, layout.topic_width)
        cells = (_fill_fresh_row(queues, layout, pager.left) if pager.fresh
                 else _fill_row(queues, label_lines, layout, pager.left))
        page_break = cells is None
        if cells is None:
            pager.new_page()
            cells = _fill_fresh_row(queues, layout, pager.left)
        height = _row_height(label_lines, cells, layout)
        rows.append(MatrixRow("topic", row_label, tuple(_cell_spans(c) for c in cells),
                              bool(rows), cluster.id, topic.id, height, page_break))
        pager.take(height)
    return rows


def _fill_row(queues: list[list[_Entry]], label_lines: int, layout: CellLayout,
              space: float) -> list[list[_Entry]] | None:
    """Each meeting's next outcomes that fit a row no taller than `space` (or Excel allows),
    taken off the queues; None, taking nothing, when the label or no outcome fits."""
    cap = min(space, EXCEL_MAX_ROW_HEIGHT_PT)
    counts = [_fitting(queue, layout.cells, cap) for queue in queues]
    if layout.cells.height(label_lines) > cap or (any(queues) and not any(counts)):
        return None
    return _take(queues, counts)


def _fill_fresh_row(queues: list[list[_Entry]], layout: CellLayout,
                    space: float) -> list[list[_Entry]]:
    """As _fill_row on a fresh page, where something is always taken, so that every topic
    ends: an outcome taller than the page goes alone in a row (clipped)."""
    cap = min(space, EXCEL_MAX_ROW_HEIGHT_PT)
    counts = [_fitting(queue, layout.cells, cap) for queue in queues]
    if any(queues) and not any(counts):
        counts[next(i for i, queue in enumerate(queues) if queue)] = 1
    return _take(queues, counts)


def _take(queues: list[list[_Entry]], counts: list[int]) -> list[list[_Entry]]:
    cells = [queue[:count] for queue, count in zip(queues, counts, strict=True)]
    for queue, count in zip(queues, counts, strict=True):
        del queue[:count]
    return cells


def _fitting(queue: list[_Entry], metrics: CellFont, cap: float) -> int:
    """How many of the queue's first outcomes fit one cell of a row `cap` pt tall; an outcome
    too long for any cell (E206) is put alone in one."""
    chars = line_feeds = lines = count = 0
    for entry in queue:
        gap = len(OUTCOME_SEPARATOR) if count else 0
        more = (chars + gap + entry.chars, line_feeds + gap + entry.line_feeds,
                lines + (1 if count else 0) + entry.lines)
        if not metrics.fits(*more) or metrics.height(more[2]) > cap:
            alone = metrics.fits(entry.chars, entry.line_feeds, entry.lines)
            return 1 if count == 0 and not alone else count
        (chars, line_feeds, lines), count = more, count + 1
    return count


def _cell_spans(entries: list[_Entry]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for index, entry in enumerate(entries):
        if index:
            spans.append(_SEPARATOR)
        spans.extend(entry.spans)
    return tuple(spans)


def _row_height(label_lines: int, cells: list[list[_Entry]], layout: CellLayout) -> float:
    lines = max([label_lines, *(_chunk_lines(cell) for cell in cells)])
    return min(layout.cells.height(lines), EXCEL_MAX_ROW_HEIGHT_PT)


def _chunk_lines(entries: list[_Entry]) -> int:
    """Lines of outcomes with a blank line between each two."""
    return sum(entry.lines for entry in entries) + max(0, len(entries) - 1)


# -- outcomes measured and checked ------------------------------------------------------

def _entry(outcome: Outcome, topic_id: str, words: Words, layout: CellLayout,
           entries: dict[str, _Entry], report: Report) -> _Entry:
    """The outcome's spans for the topic, measured with its key phrases in bold; it is
    checked against Excel's limits once per outcome."""
    spans = tuple(outcome_spans(outcome, topic_id, words))
    entry = _measure(spans, layout)
    if outcome.id not in entries:
        entries[outcome.id] = entry
        _check_fits(outcome, entry, layout, report)
    return entry


def outcome_fit_problems(outcomes: Iterable[Outcome], topic_order: Sequence[str],
                         document: DocumentSet, meetings: int, words: Words,
                         sheet: Sheet) -> list[Diagnostic]:
    """What compose says (E206) of these outcomes alone: each measured as it is under its
    first topic in the index's order, as the matrix measures it."""
    layout = CellLayout.of(sheet, meetings, header_full(document))
    rank = {topic_id: index for index, topic_id in enumerate(topic_order)}
    report = Report()
    for outcome in outcomes:
        placed = sorted((p.topic_id for p in outcome.placements if p.topic_id in rank),
                        key=rank.__getitem__)
        if placed:
            spans = tuple(outcome_spans(outcome, placed[0], words))
            _check_fits(outcome, _measure(spans, layout), layout, report)
    return report.items


def _measure(spans: tuple[Span, ...], layout: CellLayout) -> _Entry:
    text = plain_text(spans)
    return _Entry(spans, len(text), text.count("\n"),
                  layout.cells.lines(span_runs(spans), layout.meeting_width))


def _check_fits(outcome: Outcome, entry: _Entry, layout: CellLayout, report: Report) -> None:
    if layout.cells.fits(entry.chars, entry.line_feeds, entry.lines):
        return
    report.add(outcome.loc, "E206",
               f"outcome {outcome.id!r} is too long for one Excel cell of Annex B: "
               f"{entry.chars:,} characters, {entry.line_feeds} line breaks, "
               f"{layout.cells.height(entry.lines):,.0f} pt high (Excel allows "
               f"{EXCEL_MAX_CELL_CHARS:,} characters, {EXCEL_MAX_LINE_FEEDS} line breaks and "
               f"{EXCEL_MAX_ROW_HEIGHT_PT} pt); split it into shorter outcomes")


def _cluster_rows(rows: list[MatrixRow], first_row: int) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for index, row in enumerate(rows, start=first_row):
        first = found.get(row.cluster_id, (index, index))[0]
        found[row.cluster_id] = (first, index)
    return found
