"""From a PDF's words to its lines in reading order: columns found and read one after the
other, lines rebuilt by baseline within a column, footnote marks taken out (small raised
figures, figures raised at body size, a figure raised within a word), words that touch
joined without a space, running heads and feet and the footnotes under the text left out."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from annexgen.core.text import no_space_between
from annexgen.importer.readers.blocks import LINE_LABEL, SUBITEM_LABEL, SYMBOL
from annexgen.importer.readers.pdf_bidi import in_reading_order
from annexgen.importer.readers.pdf_words import TOUCH, Page, Word

# Running heads and feet stand in these bands of the page (shares of its height).
_BAND = 0.10
_JOB_NUMBER = re.compile(r"[A-Z]\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?")
_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d{1,4}(?:\s*/\s*\d{1,4}|\s+of\s+\d{1,4})?", re.I)
_MARK = re.compile(r"\d{1,3}|[*†‡]{1,3}")
# A word ending in a reference mark raised within it ("conflict2.", "people3", or "2." when
# poppler split the word before the mark): what stands before the mark, the mark, and the
# punctuation after it.
_MARK_INSIDE = re.compile(r"(.*?[^\d\s]|)(\d{1,3}|[*†‡])([.,;:!?)\]”’\"]*)")
# A label at the start of a line with no room between it and its text.
_GLUED_LABEL = re.compile(rf"(?:{SUBITEM_LABEL.pattern}|\d{{1,3}}\.)(?=[^\W\d_]|[“‘])")
# Chinese words closer than this (a share of the size) follow each other without a space:
# Word and LibreOffice set a narrow gap between Chinese and Latin letters or figures
# ("议程项目 3" printed for "议程项目3"); a tab is wider.
_CJK_GAP = 0.5
# A figure whose baseline stands this far (a share of the size) above the line's is raised.
_RAISED = 0.15


@dataclass(slots=True)
class Line:
    """A line of text as printed, footnote marks left out. `flow` is the page and the column
    run it stands in: lines of one flow follow each other; a new flow (a column, a page)
    may continue the paragraph of the last one."""

    page: int
    flow: tuple[int, int]
    words: tuple[Word, ...]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size in points (or the height of the words, when no font was read)
    bold: bool
    edge: float  # where the text of its column ends on the right
    marks: int = 0  # footnote marks left out of the line
    ordinal: int = 0  # its place among the lines read, from 1


@dataclass(frozen=True, slots=True)
class Layout:
    lines: tuple[Line, ...]  # in reading order, running heads and footnotes left out
    symbols: frozenset[str]  # document symbols printed near the top or foot of a page
    body_size: float
    two_column_pages: tuple[int, ...]
    bold_known: bool  # whether some text was read as bold (fonts were read)


def _body_size(pages: list[Page]) -> float:
    """The size most of the text is set in (characters counted, to half a point)."""
    counts: Counter[float] = Counter()
    for page in pages:
        for word in page.words:
            counts[round(word.size * 2) / 2] += len(word.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def lay_out(pages: list[Page]) -> Layout:
    """The lines of the pages in reading order."""
    pages = in_reading_order(pages)
    body = _body_size(pages)
    per_page: list[tuple[float, list[Line]]] = []
    two_columns = []
    for page in pages:
        flows = _flows(_segments(page.words), body)
        if any(kind for kind, _ in flows):
            two_columns.append(page.number)
        lines = []
        for index, (_, segments) in enumerate(flows):
            words = [w for segment in segments for w in segment]
            lines += _lines(page.number, (page.number, index), words, body)
        per_page.append((page.height, lines))
    symbols = frozenset(m.group(0) for _, lines in per_page for line in lines[:8] + lines[-8:]
                        for m in SYMBOL.finditer(line.text))
    kept = _drop_running_lines(per_page)
    body_lines = [line for lines in kept for line in _without_footnotes(lines, body)]
    for ordinal, line in enumerate(body_lines, start=1):
        line.ordinal = ordinal
    bold = any(w.bold for page in pages for w in page.words)
    return Layout(tuple(body_lines), symbols, body, tuple(two_columns), bold)


# Columns


def _segments(words: tuple[Word, ...]) -> list[list[Word]]:
    """The page's words as poppler grouped them into lines (within one column)."""
    segments: dict[int, list[Word]] = defaultdict(list)
    for word in words:
        segments[word.segment].append(word)
    return list(segments.values())


def _is_text(segment: list[Word], size: float) -> bool:
    """A segment of running text, not a label or a lone word of a spaced-out line."""
    return len(segment) >= 2 or segment[-1].x1 - segment[0].x0 >= 3 * size


def _flows(segments: list[list[Word]], size: float) -> list[tuple[int, list[list[Word]]]]:
    """The page's segments in reading order as flows, each (kind, segments): kind 0 for text
    across the page, 1 and 2 for the left and right column of a band set in two columns.

    A band in two columns is a run of segments (top to bottom) none of which crosses the
    middle of the text area, whose text segments leave an empty strip at least as wide as
    the body size in that middle (the gutter), with at least three lines of four words or
    more on each side of it, side by side over two lines at least. Short lines after the
    right column's end, apart from the left column, are read after both columns."""
    text = [s for s in segments if _is_text(s, size)]
    if len(text) < 6:
        return [(0, segments)]
    left = min(s[0].x0 for s in text)
    right = max(s[-1].x1 for s in text)
    zone = (left + 0.3 * (right - left), left + 0.7 * (right - left))
    bands: list[tuple[bool, list[list[Word]]]] = []
    for segment in sorted(segments, key=lambda s: min(w.top for w in s)):
        spans = _is_text(segment, size) and segment[0].x0 < zone[0] and segment[-1].x1 > zone[1]
        if bands and bands[-1][0] == spans:
            bands[-1][1].append(segment)
        else:
            bands.append((spans, [segment]))
    flows: list[tuple[int, list[list[Word]]]] = []
    for spans, band in bands:
        split = None if spans else _two_columns(band, size, zone)
        if split is None:
            _add_flow(flows, 0, band)
        else:
            for kind, part in split:
                _add_flow(flows, kind, part)
    return flows


def _add_flow(flows: list[tuple[int, list[list[Word]]]], kind: int,
              segments: list[list[Word]]) -> None:
    if not segments:
        return
    if kind == 0 and flows and flows[-1][0] == 0:
        flows[-1][1].extend(segments)
    else:
        flows.append((kind, segments))


def _two_columns(band: list[list[Word]], size: float, zone: tuple[float, float]):
    """The band as [(1, left), (2, right), (0, after)] when it is set in two columns."""
    spans = sorted((s[0].x0, s[-1].x1) for s in band if _is_text(s, size))
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(merged)
            if b[0] - a[1] >= size and zone[0] <= (a[1] + b[0]) / 2 <= zone[1]]
    if not gaps:
        return None
    gutter = max(gaps, key=lambda g: g[1] - g[0])[0]
    lefts = [s for s in band if (s[0].x0 + s[-1].x1) / 2 < gutter]
    rights = [s for s in band if (s[0].x0 + s[-1].x1) / 2 >= gutter]
    if min(sum(len(s) >= 4 for s in side) for side in (lefts, rights)) < 3:
        return None
    top = max(min(w.top for s in side for w in s) for side in (lefts, rights))
    bottom = min(max(w.bottom for s in side for w in s) for side in (lefts, rights))
    if bottom - top < 2 * size:
        return None
    lefts.sort(key=lambda s: min(w.top for w in s))
    right_end = max(w.bottom for s in rights for w in s)
    keep = len(lefts)
    for at in range(1, len(lefts)):
        above, below = lefts[at - 1], lefts[at]
        if min(w.top for w in below) > right_end and \
                min(w.top for w in below) - max(w.bottom for w in above) > 0.5 * size:
            keep = at
            break
    return [(1, lefts[:keep]), (2, rights), (0, lefts[keep:])]


# Lines


def _lines(page: int, flow: tuple[int, int], words: list[Word], body: float) -> list[Line]:
    """Visual lines of a flow's words (sharing a baseline, left to right); small raised
    figures are left out as footnote marks and counted on the line they stand beside."""
    small: list[Word] = []
    rest: list[Word] = []
    for word in words:
        (small if word.size < 0.8 * body and _MARK.fullmatch(word.text) else rest).append(word)
    rows: list[list[Word]] = []
    for word in sorted(rest, key=lambda w: (w.bottom, w.x0)):
        if rows and abs(rows[-1][-1].bottom - word.bottom) < 0.4 * (word.bottom - word.top):
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = [line for row in rows
             if (line := _line(page, flow, sorted(row, key=lambda w: w.x0), small)) is not None]
    edge = _right_edge(lines)
    for line in lines:
        line.edge = edge
    return lines


def _right_edge(lines: list[Line]) -> float:
    """Where the flow's text ends on the right: where most of its full lines end (justified
    lines end at one place; a wider title or table does not move it), else the furthest."""
    full = [line.x1 for line in lines if len(line.words) >= 4]
    if not full:
        return max((line.x1 for line in lines), default=0.0)
    common, count = Counter(round(x1) for x1 in full).most_common(1)[0]
    if count < 3:
        return max(full)
    return max(x1 for x1 in full if abs(x1 - common) <= 1.5)


def _line(page: int, flow: tuple[int, int], row: list[Word], small: list[Word]) -> Line | None:
    """The row's words as a line: footnote marks out, touching words joined."""
    middle = len(row) // 2
    base = sorted(w.bottom for w in row)[middle]
    top = sorted(w.top for w in row)[middle]
    reach = 1.2 * row[middle].size
    beside = [m for m in small if base - reach <= m.bottom <= base + 1
              and row[0].x0 <= m.x0 <= row[-1].x1 + 2]
    sequence = sorted(row + beside, key=lambda w: w.x0) if beside else row
    kept: list[Word] = []
    parts: list[str] = []
    marks = 0
    previous: Word | None = None
    for word in sequence:
        size = word.size
        glued = previous is not None and word.x0 - previous.x1 < TOUCH * size
        if (beside and word in beside) or (
                glued and kept and base - word.bottom > _RAISED * size
                and _MARK.fullmatch(word.text)):
            marks += 1  # a footnote mark, small or raised at the line's size
            previous = word
            continue
        text = word.text
        if not kept and (glued_label := _GLUED_LABEL.match(text)):
            # "(a)for", "9.Participants": a label its text touches, as two words
            label, word = _split_word(word, glued_label.end())
            parts.append(label.text)
            kept.append(label)
            text = word.text
        if top - word.top > _RAISED * size and abs(word.bottom - base) < _RAISED * size and \
                (inside := _MARK_INSIDE.fullmatch(text)) and (inside.group(1) or glued):
            text = inside.group(1) + inside.group(3)  # a mark raised within the word
            marks += 1
        joined = glued or (
            previous is not None and bool(parts) and word.x0 - previous.x1 < _CJK_GAP * size
            and no_space_between(parts[-1], text)
            and not (len(kept) == 1 and LINE_LABEL.fullmatch(kept[0].text)))
        parts.append(text if joined or not parts else " " + text)
        kept.append(word)
        previous = word
    if not kept:
        return None
    sizes: dict[float, int] = defaultdict(int)
    chars = bold = 0
    for word in kept:
        sizes[word.size] += len(word.text)
        chars += len(word.text)
        bold += len(word.text) if word.bold else 0
    return Line(page, flow, tuple(kept), "".join(parts), kept[0].x0, max(w.x1 for w in kept),
                min(w.top for w in kept), max(w.bottom for w in kept),
                max(sizes, key=sizes.__getitem__), 2 * bold >= chars, 0.0, marks)


def _split_word(word: Word, at: int) -> tuple[Word, Word]:
    """The word as two touching words, its box shared in proportion to their letters."""
    middle = word.x0 + (word.x1 - word.x0) * at / len(word.text)
    return (Word(word.x0, middle, word.top, word.bottom, word.text[:at], word.segment,
                 word.size, word.bold),
            Word(middle, word.x1, word.top, word.bottom, word.text[at:], word.segment,
                 word.size, word.bold))


# Running heads and feet, footnotes


def _drop_running_lines(pages: list[tuple[float, list[Line]]]) -> list[list[Line]]:
    """Every page's lines but the running heads and feet. A running line stands in the top
    or bottom band of a page and is a document symbol, job number or page number, or
    repeats at the same height on other pages without a label (a heading at the top of
    several pages has one, and the lines it wraps to are kept with it: they stand right
    under it, a line apart)."""
    def shape(line: Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text), round(line.bottom / 3)

    in_band = [line for height, lines in pages for line in lines
               if line.bottom < _BAND * height or line.top > (1 - _BAND) * height]
    repeated = Counter(shape(line) for line in in_band)
    running = {id(line) for line in in_band
               if _is_running_text(line.text)
               or (repeated[shape(line)] > 1 and not LINE_LABEL.match(line.words[0].text))}
    for height, lines in pages:
        for above, line in itertools.pairwise(lines):
            if (id(line) in running and id(above) not in running and line.bottom < _BAND * height
                    and not _is_running_text(line.text)
                    and line.bottom - above.bottom <= 1.6 * line.size):
                running.discard(id(line))
    return [[line for line in lines if id(line) not in running] for _, lines in pages]


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
