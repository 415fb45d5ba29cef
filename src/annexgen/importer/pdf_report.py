"""Reads a meeting report from its PDF: lines rebuilt from poppler's word boxes, running
headers and footers removed, paragraphs found by their hanging numbers."""

from __future__ import annotations

import itertools
import re
import statistics
import subprocess
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from annexgen.diagnostics import Loc
from annexgen.importer.blocks import (
    PARAGRAPH_LABEL,
    SUBITEM_LABEL,
    SYMBOL,
    TYPED_HEADING,
    TYPED_PARAGRAPH,
    TYPED_SUBITEM,
    Block,
    Kind,
    ReadReport,
    heading_level_of_label,
)
from annexgen.importer.docx_report import UnreadableReport

PDFTOTEXT_SECONDS = 60
# Running heads and feet stand in these bands of the page (shares of its height).
_BAND = 0.10
_JOB_NUMBER = re.compile(r"[A-Z]\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?")
_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d{1,4}(?:\s*/\s*\d{1,4}|\s+of\s+\d{1,4})?", re.I)
_LABEL = re.compile(r"\(?(?:\d{1,4}|[ivxlc]{1,6}|[a-z]{1,2}|[IVXLC]{1,6}|[A-Z])[.)]")
_TERMINAL = ".;:!?"
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\u00ad": ""})


@dataclass(frozen=True, slots=True)
class Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    words: tuple[Word, ...]
    ordinal: int = 0
    marks: int = 0  # footnote marks left out of the line

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.bottom - w.top for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0


def read_pdf(path_on_disk: str, path: str) -> ReadReport:
    """The blocks of a PDF report, in reading order."""
    pages = _word_pages(path_on_disk)
    symbols = frozenset(m.group(0) for _, lines in pages for line in lines[:8] + lines[-8:]
                        for m in SYMBOL.finditer(line.text))
    lines = _drop_running_lines(pages)
    numbered = [Line(line.page, line.words, ordinal, line.marks) for ordinal, line in
                enumerate(lines, start=1)]
    vocabulary = Counter(w.text.lower().strip(",.;:()") for line in numbered
                         for w in line.words[:-1])
    return ReadReport(tuple(_blocks(numbered, vocabulary, path)), symbols)


def _word_pages(path_on_disk: str) -> list[tuple[float, list[Line]]]:
    """Each page's height and its visual lines (words sharing a baseline, left to right)."""
    try:
        done = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", path_on_disk, "-"],
                              capture_output=True, timeout=PDFTOTEXT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UnreadableReport(f"pdftotext could not read it ({exc})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableReport("cannot be read as a PDF"
                               + (f" ({message[-1]})" if message else ""))
    root = etree.fromstring(done.stdout, etree.XMLParser(recover=True, huge_tree=False))
    pages = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        words = [Word(float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")),
                      float(w.get("yMax")), (w.text or "").translate(_LIGATURES))
                 for w in page.iter("{*}word") if (w.text or "").strip()]
        pages.append((float(page.get("height", "842")), _lines(number, words)))
    return pages


def _lines(page: int, words: list[Word]) -> list[Line]:
    """Visual lines; footnote marks (small raised figures) are left out and counted."""
    if not words:
        return []
    height = statistics.median(w.bottom - w.top for w in words)
    marks = [w for w in words if _is_mark(w, height)]
    rows: list[list[Word]] = []
    for word in sorted((w for w in words if not _is_mark(w, height)),
                       key=lambda w: (w.bottom, w.x0)):
        if rows and abs(rows[-1][-1].bottom - word.bottom) < 0.4 * (word.bottom - word.top):
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = [Line(page, tuple(sorted(row, key=lambda w: w.x0))) for row in rows]
    return [Line(line.page, line.words, marks=sum(1 for m in marks if _beside(m, line)))
            for line in lines]


def _is_mark(word: Word, height: float) -> bool:
    return (word.bottom - word.top < 0.8 * height
            and re.fullmatch(r"\d{1,3}|[*†‡]", word.text) is not None)


def _beside(mark: Word, line: Line) -> bool:
    """A mark raised on this line: its foot within the line's upper part."""
    return line.top - 1 <= mark.bottom <= line.bottom and line.words[0].x0 <= mark.x0 \
        and mark.x0 <= line.words[-1].x1 + 2


def _drop_running_lines(pages: list[tuple[float, list[Line]]]) -> list[Line]:
    """Every line but the running heads and feet and the footnotes. A running line stands in
    the top or bottom band of a page and is a document symbol, job number or page number, or
    repeats at the same height on other pages without a label (a heading at the top of
    several pages has one). Footnotes are the small lines below the last line of text."""
    def shape(line: Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text), round(line.bottom / 3)

    in_band = [line for height, lines in pages for line in lines
               if line.bottom < _BAND * height or line.top > (1 - _BAND) * height]
    repeated = Counter(shape(line) for line in in_band)
    running = {id(line) for line in in_band
               if _is_running_text(line.text)
               or (repeated[shape(line)] > 1 and not _LABEL.match(line.words[0].text))}
    kept = [[line for line in lines if id(line) not in running] for _, lines in pages]
    body = _body_size(kept)
    return [line for lines in kept for line in _without_footnotes(lines, body)]


def _body_size(pages: list[list[Line]]) -> float:
    sizes = [line.size for lines in pages for line in lines]
    return statistics.median(sizes) if sizes else 10.0


def _without_footnotes(lines: list[Line], body: float) -> list[Line]:
    """A page's lines without the footnotes under its text (smaller type, below the last
    line of body size)."""
    last_body = max((at for at, line in enumerate(lines) if line.size >= 0.92 * body),
                    default=len(lines) - 1)
    tail = lines[last_body + 1:]
    if tail and all(line.size < 0.92 * body for line in tail):
        return lines[:last_body + 1]
    return lines


def _is_running_text(text: str) -> bool:
    """A line made only of symbols, job numbers, page numbers and language marks."""
    tokens = text.split()
    return bool(tokens) and all(
        SYMBOL.fullmatch(t) or _JOB_NUMBER.fullmatch(t) or _PAGE_NUMBER.fullmatch(t)
        or re.fullmatch(r"\([A-Z]\)|\*\d+\*", t) for t in tokens)


def _blocks(lines: list[Line], vocabulary: Counter[str], path: str) -> list[Block]:
    body = statistics.median(line.size for line in lines) if lines else 10.0
    pitch = _line_pitch(lines)
    groups: list[list[Line]] = []
    for line in lines:
        if not groups or _starts_block(groups[-1][-1], line, body, pitch):
            groups.append([line])
        else:
            groups[-1].append(line)
    placed: list[tuple[Block, int]] = []  # each block and the page it ends on
    state = _State()
    for group in groups:
        block = _classify(group, body, vocabulary, path, state)
        previous = placed[-1] if placed else None
        if (previous is not None and block.kind is Kind.TEXT and not block.label
                and previous[0].kind in (Kind.PARAGRAPH, Kind.SUBITEM)
                and group[0].page != previous[1]):
            placed[-1] = (_continued(previous[0], block), group[-1].page)  # across a page
        else:
            placed.append((block, group[-1].page))
    return [block for block, _ in placed]


@dataclass
class _State:
    """What reading so far tells about the next block: the last paragraph number and the
    last letter heading (so that C. after B. is a letter, not a roman hundred)."""

    last_number: int = 0
    last_letter: str = ""


def _continued(block: Block, more: Block) -> Block:
    return Block(block.kind, _join_words(block.text, more.text), block.loc, block.label,
                 block.number, block.level, block.footnotes + more.footnotes)


def _line_pitch(lines: list[Line]) -> float:
    gaps = [b.bottom - a.bottom for a, b in itertools.pairwise(lines)
            if a.page == b.page and 0 < b.bottom - a.bottom < 3 * a.size]
    return statistics.median(gaps) if gaps else 14.0


def _starts_block(previous: Line, line: Line, body: float, pitch: float) -> bool:
    if line.page != previous.page:
        return True
    if line.bottom - previous.bottom > 1.3 * pitch:
        return True
    if abs(line.size - previous.size) > 0.15 * body:
        return True
    return _has_label(line)


def _has_label(line: Line) -> bool:
    """A line that opens with a label standing apart from its text (a hanging number)."""
    first = line.words[0].text
    if not _LABEL.fullmatch(first) or len(line.words) < 2:
        return False
    gap = line.words[1].x0 - line.words[0].x1
    return gap > 0.6 * line.size


def _classify(group: list[Line], body: float, vocabulary: Counter[str], path: str,
              state: _State) -> Block:
    text = _join_lines(group, vocabulary)
    loc = Loc(path, group[0].ordinal, 1)
    marks = sum(line.marks for line in group)
    label, rest = _split_label(text)
    single_line = len(group) == 1
    looks_heading = (single_line and rest and rest[-1] not in _TERMINAL
                     and len(rest.split()) <= 16)
    larger = group[0].size > 1.12 * body
    if label and PARAGRAPH_LABEL.fullmatch(label):
        number = int(label[:-1])
        consecutive = number == state.last_number + 1
        if not (looks_heading and (larger or not consecutive)):
            state.last_number = number
            return Block(Kind.PARAGRAPH, rest, loc, label=label, number=number,
                         footnotes=marks)
    if label and SUBITEM_LABEL.fullmatch(label) and not larger:
        return Block(Kind.SUBITEM, rest, loc, label=label, footnotes=marks)
    if label and (larger or looks_heading):
        level = heading_level_of_label(label, state.last_letter) or 1
        if level == 2:
            state.last_letter = label[0]
        return Block(Kind.HEADING, rest, loc, label=label, level=level)
    if larger and single_line:
        return Block(Kind.HEADING, text, loc, level=1)
    return Block(Kind.TEXT, text, loc, footnotes=marks)


def _split_label(text: str) -> tuple[str, str]:
    """A line's typed label (heading, paragraph number or sub-item) and the rest."""
    for pattern in (TYPED_HEADING, TYPED_PARAGRAPH, TYPED_SUBITEM):
        if match := pattern.match(text):
            return text[:match.end()].strip(), text[match.end():]
    return "", text


def _join_lines(group: list[Line], vocabulary: Counter[str]) -> str:
    text = group[0].text
    for line in group[1:]:
        text = _join_words(text, line.text, vocabulary)
    return text


def _join_words(left: str, right: str, vocabulary: Counter[str] | None = None) -> str:
    """Two lines as one text. A hyphen at the end of a line stays when the word is a
    compound (capacity-building); it goes when it only broke the word (imple-mentation):
    the report's own other words decide, else the hyphen stays."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].isupper():
        return left + right  # South-East: a hyphen before a capital is never a break
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        head = left.rsplit(" ", 1)[-1][:-1].lower()
        tail = re.match(r"[\w'’]+", right)
        joined = head + (tail.group(0).lower() if tail else "")
        hyphenated = f"{head}-{tail.group(0).lower() if tail else ''}"
        if vocabulary and vocabulary[joined] > vocabulary[hyphenated]:
            return left[:-1] + right
        return left + right
    return f"{left} {right}"
