"""Words of a rendered PDF with their boxes, line by line (`pdftotext -bbox-layout`)."""

from __future__ import annotations

import itertools
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree


@dataclass(frozen=True)
class Word:
    left: float
    right: float
    top: float
    text: str


@dataclass(frozen=True)
class Line:
    """A line of a text block; `last` when it is its block's last line (a paragraph's last
    line is not justified)."""

    page: int
    words: tuple[Word, ...]
    last: bool

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    def gaps(self) -> list[float]:
        """The space between each word and the next, in pt."""
        return [b.left - a.right for a, b in itertools.pairwise(self.words)]


def pdf_lines(pdf: Path) -> list[Line]:
    """Every line of every page, in reading order, pages numbered from 1."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True).stdout
    root = etree.fromstring(xml, etree.HTMLParser())
    return [line for number, page in enumerate(root.iter("page"), start=1)
            for block in page.iter("block") for line in _block_lines(number, block)]


def printed_rows(pdf: Path) -> list[Line]:
    """The words at each height of each page, left to right, whatever blocks pdftotext made
    of them (a label followed by a tab is a block of its own)."""
    rows: dict[tuple[int, float], list[Word]] = {}
    for line in pdf_lines(pdf):
        for word in line.words:
            rows.setdefault((line.page, round(word.top, 1)), []).append(word)
    return [Line(page, tuple(sorted(words, key=lambda word: word.left)), False)
            for (page, _top), words in sorted(rows.items())]


def _block_lines(page: int, block) -> list[Line]:
    lines = [tuple(Word(float(w.get("xmin")), float(w.get("xmax")), float(w.get("ymin")),
                        w.text or "") for w in line.iter("word"))
             for line in block.iter("line")]
    return [Line(page, words, index == len(lines) - 1) for index, words in enumerate(lines)]


def page_texts(pdf: Path) -> list[list[str]]:
    """Each page's non-empty lines as `pdftotext -layout` prints them, stripped."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages
            if page.strip()]
