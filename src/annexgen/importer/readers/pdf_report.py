"""Reads a meeting report from its PDF: the file's structure checked (pikepdf), words and
fonts from poppler, lines in reading order (pdf_layout), then headings and numbered
paragraphs told apart by what the print shows: bold type, sizes, hanging numbers, where
lines start and end, and the rule that UN paragraphs are numbered one after the other."""

from __future__ import annotations

import itertools
import os
import re
import statistics
import tempfile
from collections import Counter
from dataclasses import dataclass

import pikepdf

from annexgen.core.diagnostics import Loc
from annexgen.core.text import no_space_between
from annexgen.importer.readers.blocks import (
    LINE_LABEL,
    PARAGRAPH_LABEL,
    SUBITEM_LABEL,
    TYPED_HEADING,
    TYPED_PARAGRAPH,
    TYPED_SUBITEM,
    Kind,
    Notice,
    ReadReport,
    ReportBlock,
    UnreadableReport,
    heading_level_of_label,
)
from annexgen.importer.readers.pdf_bidi import has_right_to_left
from annexgen.importer.readers.pdf_check import Damage, PdfCheck
from annexgen.importer.readers.pdf_layout import Layout, Line, lay_out
from annexgen.importer.readers.pdf_words import Words, read_words

_TERMINAL = ".;:!?"
# Poppler's complaints about the file's cross-reference table, which it rebuilds: no text
# is lost by them.
_REPAIRED = re.compile(r"xref|trailer|reconstruct", re.I)


def read_pdf(path_on_disk: str, path: str) -> ReadReport:
    """The blocks of a PDF report, in reading order, and what is wrong with the file."""
    try:
        with PdfCheck(path_on_disk) as check, tempfile.TemporaryDirectory() as folder:
            damage = check.damaged_pages()
            # Arabic ligatures mapped in printed order (pdf_ligatures), when the file is whole
            copy = os.path.join(folder, "reading.pdf")
            read = copy if not damage and check.write_reading_copy(copy) else path_on_disk
            words = read_words(read, check.page_count,
                               frozenset(d.page for d in damage if d.oversized))
            if [e for e in words.errors if not _REPAIRED.search(e)] and not damage:
                damage = check.syntax_damage()  # where poppler's complaints come from
            layout = lay_out(list(words.pages))
            page_count = check.page_count
            with_text = {line.page for line in layout.lines} | {d.page for d in damage}
            pictures = [p.number for p in words.pages
                        if p.number not in with_text and check.draws_picture(p.number)]
    except pikepdf.PikepdfError as exc:
        raise UnreadableReport(f"cannot be read as a PDF ({str(exc).splitlines()[0]})") from None
    lines = list(layout.lines)
    vocabulary = Counter(w.text.lower().strip(",.;:()") for line in lines
                         for w in line.words[:-1])
    blocks = _Reader(layout, vocabulary, path).read()
    notices = _notices(path, layout, damage, words, page_count, pictures)
    return ReadReport(tuple(blocks), layout.symbols, tuple(notices))


# What is wrong with the file


def _notices(path: str, layout: Layout, damage: list[Damage], words: Words, page_count: int,
             pictures: list[int]) -> list[Notice]:
    first_line: dict[int, int] = {}
    for line in layout.lines:
        first_line.setdefault(line.page, line.ordinal)

    def at(page: int) -> Loc:
        later = [ordinal for number, ordinal in first_line.items() if number >= page]
        return Loc(path, min(later) if later else max(first_line.values(), default=1), 1)

    notices = [Notice(at(d.page), "E607", f"page {d.page} is damaged: {d.why}; what it holds "
                      "cannot be read in full (make the PDF again from the original, or "
                      "import the .docx)") for d in damage]
    read = len(words.pages) + sum(d.oversized for d in damage)
    if read != page_count:
        notices.append(Notice(Loc(path), "E607", f"its page tree is damaged: poppler finds "
                              f"{read} pages, qpdf {page_count}; pages may be missing (make "
                              "the PDF again from the original, or import the .docx)"))
    errors = [e for e in words.errors if not _REPAIRED.search(e)]
    if errors and not damage:
        more = f" and {len(errors) - 1} more" if len(errors) > 1 else ""
        notices.append(Notice(Loc(path), "E607", f"the PDF reader met errors in its text layer "
                              f"({errors[0]}{more}): text may be missing where they are; make "
                              "the PDF again from the original, or import the .docx"))
    if not layout.lines:
        notices.append(Notice(Loc(path), "E608", "no text layer: no page holds text (a scan?); "
                              "run OCR first, e.g. ocrmypdf, or import the .docx"))
    elif pictures:
        shown = ", ".join(map(str, pictures))
        notices.append(Notice(at(pictures[0]), "E608", f"page{'s' if len(pictures) > 1 else ''} "
                              f"{shown} {'have' if len(pictures) > 1 else 'has'} no text layer, "
                              "only an image (a scan?): what stands on "
                              f"{'them' if len(pictures) > 1 else 'it'} would be lost; run OCR "
                              "first, e.g. ocrmypdf, or import the .docx"))
    notices += [Notice(at(page), "W605", f"page {page} is set in two columns: it is read column "
                       "by column (left, then right); check the paragraphs of that page")
                for page in layout.two_column_pages]
    return notices


# Headings and paragraphs


@dataclass
class _State:
    """What reading so far tells about the next block: the last paragraph number and the
    last letter heading (so that C. after B. is a letter, not a roman hundred)."""

    last_number: int = 0
    last_letter: str = ""


class _Reader:
    def __init__(self, layout: Layout, vocabulary: Counter[str], path: str):
        self.lines = list(layout.lines)
        self.body = layout.body_size
        self.bold_known = layout.bold_known
        self.vocabulary, self.path = vocabulary, path
        self.pitch = _line_pitch(self.lines, self.body)
        self.state = _State()
        self.levels: dict[float, int] = {}  # the level of labelled headings of each size

    def read(self) -> list[ReportBlock]:
        placed: list[tuple[ReportBlock, tuple[int, int]]] = []  # each block and the flow it ends in
        group: list[Line] = []
        for line in [*self.lines, None]:
            if line is not None and group and not self._starts_block(group, line):
                group.append(line)
                continue
            if group:
                block = self._classify(group)
                previous = placed[-1] if placed else None
                if (previous is not None and block.kind is Kind.TEXT and not block.label
                        and previous[0].kind in (Kind.PARAGRAPH, Kind.SUBITEM)
                        and group[0].flow != previous[1]):
                    # a paragraph going on in the next column or on the next page
                    placed[-1] = (_continued(previous[0], block), group[-1].flow)
                else:
                    placed.append((block, group[-1].flow))
            group = [line] if line is not None else []
        return [block for block, _ in placed]

    # Where a block starts

    def _heading_like(self, line: Line) -> bool:
        return (self.bold_known and line.bold) or line.size > 1.12 * self.body

    def _starts_block(self, group: list[Line], line: Line) -> bool:
        previous = group[-1]
        if line.flow != previous.flow:
            return True
        if abs(line.size - previous.size) > 0.1 * max(line.size, previous.size):
            return True
        label, gap = _label_of(line)
        if self._heading_like(group[0]):
            return not self._continues_heading(group, line, label)
        if line.bottom - previous.bottom > 1.3 * self.pitch * line.size / self.body:
            return True
        ended = previous.text[-1:] in _TERMINAL
        if self.bold_known and line.bold and not previous.bold and ended \
                and _fits(previous, line):
            return True  # a heading right under the end of a paragraph (a bold line within
            # a paragraph goes on with it)
        if not label:
            return False
        if gap > 0.6 * line.size or line.x0 < previous.x0 - 0.3 * line.size:
            return True  # a hanging label, or a first line set out of the lines above it
        number = PARAGRAPH_LABEL.fullmatch(label)
        own = PARAGRAPH_LABEL.fullmatch(_label_of(group[0])[0])
        last = int(own.group(1)) if own else self.state.last_number  # the group's, if any
        consecutive = number is not None and int(number.group(1)) == last + 1
        if consecutive and ended:
            return True
        # The line above ended short of its column: the label's line starts a paragraph.
        return _fits(previous, line) and (ended or consecutive
                                          or SUBITEM_LABEL.fullmatch(label) is not None)

    def _continues_heading(self, group: list[Line], line: Line, label: str) -> bool:
        """A heading's next line: same type, no label, at most a line and a half below (at
        the heading's own size), starting where the heading's text starts (or centred on
        the same middle, for a centred heading). A line of right-to-left text may stand a
        space off: LibreOffice sets the space a line breaks at on the side the run ends, the
        left of an Arabic heading in a left-to-right paragraph."""
        first, previous = group[0], group[-1]
        first_label, _ = _label_of(first)
        start = first.words[1].x0 if first_label and len(first.words) > 1 else first.x0
        slack = 0.5 if has_right_to_left(first.text) else 0.3
        aligned = (abs(line.x0 - start) <= slack * line.size
                   or abs(line.x0 + line.x1 - previous.x0 - previous.x1) <= line.size)
        return not label and line.bottom - previous.bottom <= 1.6 * line.size and aligned

    # What a block is

    def _classify(self, group: list[Line]) -> ReportBlock:
        text = _join_lines(group, self.vocabulary)
        loc = Loc(self.path, group[0].ordinal, 1)
        marks = sum(line.marks for line in group)
        label, rest = _split_label(text)
        size = group[0].size
        larger = size > 1.12 * self.body
        bold = self.bold_known and self._bold(group)
        if (bold or larger) and len(group) <= 4 and text[-1] not in _TERMINAL:
            return self._heading(label, rest if label else text, loc, size)
        if (len(group) == 1 and rest[-1:] not in _TERMINAL and len(rest.split()) <= 16
                and heading_level_of_label(label, self.state.last_letter) is not None):
            # A short labelled line is a heading unless its number follows the last
            # paragraph's (for headings bold type does not tell: no fonts were read, or
            # the bold was drawn, not a bold font).
            number = PARAGRAPH_LABEL.fullmatch(label)
            if not (number and int(number.group(1)) == self.state.last_number + 1):
                return self._heading(label, rest, loc, size)
        if label and (number := PARAGRAPH_LABEL.fullmatch(label)):
            self.state.last_number = int(number.group(1))
            return ReportBlock(Kind.PARAGRAPH, rest, loc, label=label, number=int(number.group(1)),
                         footnotes=marks)
        if label and SUBITEM_LABEL.fullmatch(label):
            return ReportBlock(Kind.SUBITEM, rest, loc, label=label, footnotes=marks)
        return ReportBlock(Kind.TEXT, text, loc, footnotes=marks)

    def _bold(self, group: list[Line]) -> bool:
        chars = sum(len(line.text) for line in group)
        return 2 * sum(len(line.text) for line in group if line.bold) >= chars

    def _heading(self, label: str, text: str, loc: Loc, size: float) -> ReportBlock:
        level = heading_level_of_label(label, self.state.last_letter) if label else None
        if level is not None:
            self.levels.setdefault(round(size, 1), level)
        else:
            level = self._level_of_size(size)
        if level == 2 and label:
            self.state.last_letter = label[0]
        return ReportBlock(Kind.HEADING, text, loc, label=label, level=level)

    def _level_of_size(self, size: float) -> int:
        """A heading without a label: the level of labelled headings of its size, else 1
        when it is larger than the body and 3 when it is not."""
        if round(size, 1) in self.levels:
            return self.levels[round(size, 1)]
        return 1 if size > 1.12 * self.body else 3


def _label_of(line: Line) -> tuple[str, float]:
    """The label a line opens with ("12.", "(a)", "II.") and the gap after it, or ("", 0)."""
    first = line.words[0].text
    if not LINE_LABEL.fullmatch(first) or len(line.words) < 2:
        return "", 0.0
    return first, line.words[1].x0 - line.words[0].x1


def _fits(previous: Line, line: Line) -> bool:
    """Whether the line's first two words would have fitted at the end of the line above:
    the line above then ended its paragraph."""
    room = previous.edge - previous.x1
    width = line.words[min(1, len(line.words) - 1)].x1 - line.x0
    return room > width + 0.5 * line.size


def _continued(block: ReportBlock, more: ReportBlock) -> ReportBlock:
    return ReportBlock(block.kind, _join_words(block.text, more.text), block.loc, block.label,
                 block.number, block.level, block.footnotes + more.footnotes)


def _line_pitch(lines: list[Line], body: float) -> float:
    """How far apart the baselines of body lines are within a paragraph (the commonest
    distance between neighbours of one flow)."""
    gaps = [b.bottom - a.bottom for a, b in itertools.pairwise(lines)
            if a.flow == b.flow and abs(a.size - body) < 0.1 * body
            and 0 < b.bottom - a.bottom < 3 * a.size]
    return statistics.median(gaps) if gaps else 1.4 * body


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
    the report's own other words decide, else the hyphen stays. Chinese lines join
    without a space."""
    if no_space_between(left, right):
        return left + right
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
