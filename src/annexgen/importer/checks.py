"""Checks of a report as read, before anything is merged: its numbering, headings read as
text, and paragraphs that no outcome file could hold. A gap is never imported quietly."""

from __future__ import annotations

import re

from annexgen.core.diagnostics import Loc, Report
from annexgen.core.limits import MAX_CONTENT_FILE_BYTES, MAX_OUTCOME_CHARS, MAX_PARAGRAPH_NUMBER
from annexgen.core.text import normalize_lines
from annexgen.importer.readers.blocks import Kind, ReportBlock
from annexgen.importer.sections import FoundParagraph, Sections, matches

# What an outcome written by the import costs in its file beyond its text: its keys, its
# heading path and its suggestions (the shipped imports average about 330 bytes).
_BYTES_PER_OUTCOME = 400
_LABEL = r"(?:[IVXLC]{1,6}|[A-Z]|\d{1,2})\."


def check_numbering(blocks: tuple[ReportBlock, ...], found: list[FoundParagraph],
                    report: Report) -> None:
    """UN reports number their paragraphs 1, 2, 3… through the document. Up to the last
    outcome paragraph (an annex after it may start again), a number used again or lower
    than one before is an error and a gap a located warning; a list that counts from 1
    inside a paragraph (the agenda, say) and after which the paragraphs go on is no error."""
    numbered = _numbered_until(blocks, found[-1].loc if found else None)
    highest: ReportBlock | None = None
    at = 0
    while at < len(numbered):
        block = numbered[at]
        if highest is not None and block.number == 1 and _is_inner_list(numbered, at, highest):
            at = _end_of_run(numbered, at)
            continue
        if highest is not None:
            _compare(highest, block, report)
        if highest is None or _number(highest) < _number(block):
            highest = block
        at += 1


def _numbered_until(blocks: tuple[ReportBlock, ...], last: Loc | None) -> list[ReportBlock]:
    numbered = []
    for block in blocks:
        if block.kind is Kind.PARAGRAPH and block.number is not None:
            numbered.append(block)
        if block.loc == last:
            break
    return numbered


def _number(block: ReportBlock) -> int:
    return block.number if block.number is not None else 0


def _end_of_run(numbered: list[ReportBlock], start: int) -> int:
    """The position after a run of numbers counting up by one from `start`."""
    at = start + 1
    while at < len(numbered) and _number(numbered[at]) == _number(numbered[at - 1]) + 1:
        at += 1
    return at


def _is_inner_list(numbered: list[ReportBlock], start: int, highest: ReportBlock) -> bool:
    after = _end_of_run(numbered, start)
    return after == len(numbered) or _number(numbered[after]) == _number(highest) + 1


def _compare(before: ReportBlock, block: ReportBlock, report: Report) -> None:
    high, number = _number(before), _number(block)
    if number == high:
        report.add(block.loc, "E604", f"paragraph {number} is numbered twice (first at "
                   f"{before.loc}): UN reports number paragraphs once through the whole "
                   "document; is this the right report, or two reports in one file?")
    elif number < high:
        what = "starts again at 1" if number == 1 else f"goes back to {number}"
        report.add(block.loc, "E609", f"the paragraph numbering {what} after paragraph "
                   f"{high} ({before.loc}): the outcomes cannot be matched by number; "
                   "correct the report's numbering (or import the report it came from)")
    elif number > high + 1:
        missing = f"{high + 1}" if number == high + 2 else f"{high + 1}–{number - 1}"
        report.add(block.loc, "W604", f"paragraph {number} follows paragraph {high}: "
                   f"{'paragraph' if number == high + 2 else 'paragraphs'} {missing} "
                   "could not be read (or the report skips them); check that no outcome is "
                   "missing")


def check_headings_read_as_text(blocks: tuple[ReportBlock, ...], sections: Sections,
                                report: Report) -> None:
    """An outcome heading that stands inside a paragraph, or was read as one: the
    paragraphs under it may not have been taken."""
    glued = re.compile(rf"{_LABEL}\s+({'|'.join(map(re.escape, sections.take))})\s+\d{{1,4}}\.\s")
    for block in blocks:
        if block.kind is Kind.HEADING:
            continue
        if block.kind is Kind.PARAGRAPH and matches(block.text, sections.take):
            report.add(block.loc, "W606", f"paragraph {block.number} reads {block.text!r}, "
                       "the words of an outcome heading: if it is one, the paragraphs under "
                       "it were not taken as outcomes; check the report's headings")
        elif match := glued.search(block.text):
            report.add(block.loc, "W606", f"the outcome heading {match.group(1)!r} stands "
                       "inside the text of a paragraph: the paragraphs under it may not have "
                       "been taken as outcomes; check the report's headings")


def check_paragraphs(found: list[FoundParagraph], report: Report) -> None:
    """Each outcome paragraph has a number of its own, one a content file may hold, and
    fits in an outcome."""
    seen: dict[int, FoundParagraph] = {}
    for paragraph in found:
        if paragraph.number in seen:
            report.add(paragraph.loc, "E604", f"paragraph {paragraph.number} is numbered "
                       f"twice under outcome headings (first at {seen[paragraph.number].loc}):"
                       " does the numbering restart? UN reports number paragraphs through "
                       "the whole document")
        seen.setdefault(paragraph.number, paragraph)
        if paragraph.number > MAX_PARAGRAPH_NUMBER:
            report.add(paragraph.loc, "E204", f"paragraph number {paragraph.number:,} is over "
                       f"{MAX_PARAGRAPH_NUMBER:,} (MAX_PARAGRAPH_NUMBER)")
        length = len(normalize_lines(paragraph.text))
        if length > MAX_OUTCOME_CHARS:
            report.add(paragraph.loc, "E206", f"paragraph {paragraph.number} has {length:,} "
                       f"characters; an outcome holds at most {MAX_OUTCOME_CHARS:,} "
                       "(MAX_OUTCOME_CHARS)")


def check_size(found: list[FoundParagraph], existing_bytes: int, shown: str, where: Loc,
               report: Report) -> bool:
    """Whether the report's outcomes fit in the meeting's outcome file; refused before any
    merging when they would not (an outcome file holds at most MAX_CONTENT_FILE_BYTES)."""
    estimate = existing_bytes + sum(len(p.text.encode("utf-8")) + len(" / ".join(p.path))
                                    + _BYTES_PER_OUTCOME for p in found)
    if estimate <= MAX_CONTENT_FILE_BYTES:
        return True
    report.add(where, "E611", f"the report's {len(found):,} outcome paragraphs would make "
               f"{shown} about {estimate / 1e6:.1f} MB, over the {MAX_CONTENT_FILE_BYTES:,} "
               "bytes a content file may hold (MAX_CONTENT_FILE_BYTES); a meeting report has "
               "a few hundred paragraphs: is this the right file?")
    return False
