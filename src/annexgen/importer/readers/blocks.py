"""What a report reader yields: headings and paragraphs in reading order, with their numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from annexgen.core.diagnostics import Loc
from annexgen.core.text import SUBITEM_LABEL as _SUBITEM


class UnreadableReport(Exception):
    """The file is not a report a reader can open; the message says why."""


class Kind(Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"  # a numbered paragraph: 12.
    SUBITEM = "subitem"  # (a), (i): belongs to the paragraph above it
    TEXT = "text"  # anything else: titles, masthead, unnumbered text


@dataclass(frozen=True, slots=True)
class ReportBlock:
    """One heading or paragraph of a report; `label` is its printed number ("II.", "12.", "(a)")."""

    kind: Kind
    text: str
    loc: Loc
    label: str = ""
    number: int | None = None  # a paragraph's number
    level: int = 0  # a heading's depth, from 1
    footnotes: int = 0  # footnote references left out of `text`

    @property
    def title(self) -> str:
        """A heading as printed: its label and text."""
        return f"{self.label} {self.text}".strip()


@dataclass(frozen=True, slots=True)
class Notice:
    """A problem a reader found in the report itself (a damaged page, a page without text):
    reported as a located diagnostic with its code."""

    loc: Loc
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ReadReport:
    """A report as read: its blocks, and what its reader noticed."""

    blocks: tuple[ReportBlock, ...]
    symbols: frozenset[str] = frozenset()  # document symbols printed anywhere, heads included
    notices: tuple[Notice, ...] = ()


SYMBOL = re.compile(r"\b[A-Z]{1,6}(?:/[A-Z0-9.]+)+\b")


# 12. or, in Arabic documents, 12 - (the dash after the figure, both printed at the right).
PARAGRAPH_LABEL = re.compile(r"(\d{1,4})(?:\.| [-–])")
# (a), a), (iv), а), (أ), （一）: a sub-item's label in any of the six languages.
SUBITEM_LABEL = re.compile(_SUBITEM)
ROMAN_LABEL = re.compile(r"[IVXLC]{1,6}\.")
LETTER_LABEL = re.compile(r"[A-Z]\.")
# A typed number or sub-item at the start of a paragraph, and the space after it.
# (12 - only before Arabic text: in English "2019 - 2020" opens a sentence, not a paragraph.)
TYPED_PARAGRAPH = re.compile(
    r"(\d{1,4})(?:\.(?:\t|\s{1,8})(?=\S)| [-–](?:\t|\s{1,8})(?=[\u0600-\u06ff\u0750-\u077f]))")
TYPED_SUBITEM = re.compile(rf"({_SUBITEM})(?:\t|\s{{1,8}}|(?<=）))(?=\S)")
TYPED_HEADING = re.compile(r"([IVXLC]{1,6}\.|[A-Z]\.|\d{1,2}\.)(?:\t|\s{1,8})(?=\S)")
# Any label a line may open with: a heading's, a paragraph's number, a sub-item's.
LINE_LABEL = re.compile(
    rf"\(?(?:\d{{1,4}}|[ivxlc]{{1,6}}|[a-z]{{1,2}}|[IVXLC]{{1,6}}|[A-Z])[.)]|{_SUBITEM}"
    r"|\d{1,4} [-–]")  # 12 -: one word in a right-to-left line (pdf_bidi), never in others


def heading_level_of_label(label: str, last_letter: str = "") -> int | None:
    """The UN heading depth a label implies: I. (chapter) 1, A. 2, 1. 3. A single letter that
    is also a roman numeral (C., I., V.) is a letter when it follows the last letter used."""
    single = LETTER_LABEL.fullmatch(label)
    if single and last_letter and ord(label[0]) == ord(last_letter) + 1:
        return 2
    if ROMAN_LABEL.fullmatch(label) and not (single and label[0] not in "IVX"):
        return 1
    if single:
        return 2
    if PARAGRAPH_LABEL.fullmatch(label):
        return 3
    return None
