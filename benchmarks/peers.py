"""The peers: openpyxl without annexgen, docxtpl from a small template, pandoc from a JSON AST."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

from annexgen.core.richtext import BOLD, KEY_PHRASE, LABEL
from benchmarks.direct import outcomes_by_topic, para_ref
from benchmarks.measure import run_process

_BOLD_MARKS = frozenset({BOLD, LABEL, KEY_PHRASE})
_SPACES = re.compile(r"( )")


class PeerMissing(Exception):
    """The peer is not installed; the message says how to install it."""


# -- openpyxl writing the same cells ------------------------------------------------------

def matrix_cells(matrix) -> list[tuple[str, str, float, list[list[tuple[str, bool]]]]]:
    """Annex B's rows as plain data: kind, label, height, cells of (text, is key phrase) runs."""
    header = ("header", matrix.topic_header, 30.0, [[(h, False)] for h in matrix.meeting_headers])
    rows = [header]
    for row in matrix.rows:
        rows.append((row.kind, row.label, row.height_pt, [_runs(spans) for spans in row.cells]))
    return rows


def _runs(spans) -> list[tuple[str, bool]]:
    """Spans as runs, plain neighbours merged (as any writer of rich text would)."""
    runs: list[tuple[str, bool]] = []
    for span in spans:
        bold = bool(span.marks & _BOLD_MARKS)
        if runs and not bold and not runs[-1][1]:
            runs[-1] = (runs[-1][0] + span.text, False)
        elif span.text:
            runs.append((span.text, bold))
    return runs


def openpyxl_matrix(rows, topic_width: float, meeting_width: float) -> bytes:
    """The cells with plain openpyxl: CellRichText, the same widths, heights and merges."""
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    ws = workbook.active
    ws.title = "Annex B"
    columns = len(rows[0][3]) + 1
    ws.column_dimensions["A"].width = topic_width
    for column in range(2, columns + 1):
        ws.column_dimensions[get_column_letter(column)].width = meeting_width
    plain = InlineFont(rFont="Times New Roman", sz=9)
    key = InlineFont(rFont="Times New Roman", sz=9, b=True, u="single")
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, (kind, label, height, cells) in enumerate(rows, start=1):
        ws.row_dimensions[number].height = height
        ws.cell(row=number, column=1, value=label).alignment = wrap
        if kind == "cluster":
            ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=columns)
        for column, runs in enumerate(cells, start=2):
            if runs:
                cell = ws.cell(row=number, column=column)
                cell.value = CellRichText([TextBlock(key if bold else plain, text)
                                           for text, bold in runs])
                cell.alignment = wrap
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- docxtpl --------------------------------------------------------------------------------

TEMPLATE_LINES = (
    ("{%p for c in clusters %}", None), ("{{ c.heading }}", "Heading 1"),
    ("{%p for t in c.topics %}", None), ("{{ t.heading }}", "Heading 3"),
    ("{%p for o in t.outcomes %}", None), ("{{r o }}", None),
    ("{%p endfor %}", None), ("{%p endfor %}", None), ("{%p endfor %}", None),
)


def docxtpl_template(path: Path) -> Path:
    """A small Annex-A-like template: clusters, topics, an outcome paragraph per placement."""
    require_docxtpl()
    import docx

    document = docx.Document()
    for text, style in TEMPLATE_LINES:
        document.add_paragraph(text, style)
    document.save(path)
    return path


def require_docxtpl() -> None:
    try:
        import docxtpl  # noqa: F401
    except ImportError:
        raise PeerMissing("docxtpl is not installed (.venv/bin/pip install docxtpl)") from None


def docxtpl_annex_a(corpus, template: Path) -> bytes:
    """Annex A rendered by docxtpl: run-in label bold, key phrases underlined and highlighted."""
    from docxtpl import DocxTemplate, RichText

    table = outcomes_by_topic(corpus)
    clusters = []
    for cluster in corpus.clusters:
        topics = [{"heading": f"{topic.number}. {topic.title}",
                   "outcomes": _rich_outcomes(corpus.meetings, table.get(topic.id, {}), RichText)}
                  for topic in cluster.topics]
        clusters.append({"heading": f"{cluster.letter}. {cluster.title}", "topics": topics})
    document = DocxTemplate(template)
    document.render({"clusters": clusters}, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rich_outcomes(meetings, by_meeting, rich_text) -> list:
    items = []
    for meeting in meetings:
        for index, (outcome, phrases) in enumerate(by_meeting.get(meeting.id, ())):
            rich = rich_text()
            if index == 0:
                rich.add(f"{meeting.region} ({meeting.symbol}): ", bold=True)
            for text, is_key in _pieces(outcome, phrases):
                if is_key:
                    rich.add(text, underline=True, highlight="yellow")
                else:
                    rich.add(text)
            items.append(rich)
    return items


def _pieces(outcome, phrases) -> list[tuple[str, bool]]:
    """The outcome's text cut at key phrases, then its paragraph reference."""
    pieces, pos, text = [], 0, outcome.text
    for phrase in phrases:
        if phrase.start > pos:
            pieces.append((text[pos:phrase.start], False))
        pieces.append((text[phrase.start:phrase.end], True))
        pos = phrase.end
    pieces.append((text[pos:] + " " + para_ref(outcome), False))
    return pieces


# -- pandoc -----------------------------------------------------------------------------------

def pandoc_binary() -> str:
    found = shutil.which("pandoc")
    if not found:
        raise PeerMissing("pandoc is not installed (apt-get install -y pandoc)")
    return found


def pandoc_api_version(pandoc: str) -> list[int]:
    done = subprocess.run([pandoc, "-f", "markdown", "-t", "json"], input=b"",
                          capture_output=True, check=True)
    return json.loads(done.stdout)["pandoc-api-version"]


def pandoc_annex_a(corpus, pandoc: str, api_version: list[int], target: Path) -> float:
    """Annex A as a JSON AST (in a file) converted by pandoc to .docx; returns pandoc's peak MB."""
    table = outcomes_by_topic(corpus)
    blocks = []
    for cluster in corpus.clusters:
        blocks.append(_header(1, f"{cluster.letter}. {cluster.title}"))
        for topic in cluster.topics:
            blocks.append(_header(3, f"{topic.number}. {topic.title}"))
            blocks += _ast_outcomes(corpus.meetings, table.get(topic.id, {}))
    document = {"pandoc-api-version": api_version, "meta": {}, "blocks": blocks}
    ast = target.with_suffix(".json")
    ast.write_text(json.dumps(document), encoding="utf-8")
    del document, blocks
    return run_process([pandoc, "-f", "json", "-t", "docx", "-o", str(target), str(ast)]).peak_mb


def _header(level: int, text: str) -> dict:
    return {"t": "Header", "c": [level, ["", [], []], _words(text)]}


def _words(text: str) -> list[dict]:
    return [{"t": "Space"} if part == " " else {"t": "Str", "c": part}
            for part in _SPACES.split(text) if part]


def _ast_outcomes(meetings, by_meeting) -> list[dict]:
    paragraphs = []
    for meeting in meetings:
        for index, (outcome, phrases) in enumerate(by_meeting.get(meeting.id, ())):
            inlines = []
            if index == 0:
                label = f"{meeting.region} ({meeting.symbol}):"
                inlines += [{"t": "Strong", "c": _words(label)}, {"t": "Space"}]
            for text, is_key in _pieces(outcome, phrases):
                inlines += [_key_phrase(text)] if is_key else _words(text)
            paragraphs.append({"t": "Para", "c": inlines})
    return paragraphs


def _key_phrase(text: str) -> dict:
    underlined = {"t": "Underline", "c": _words(text)}
    return {"t": "Span", "c": [["", [], [["custom-style", "Key phrase"]]], [underlined]]}
