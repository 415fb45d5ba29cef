"""The words of a PDF with their boxes and fonts, from poppler: `pdftotext -bbox-layout` gives
each word's box and the line poppler put it in; `pdftohtml -xml` gives runs of text with their
font (name, size, bold), which each word takes from the run it stands in. Both are read page
by page as they stream, so memory follows the largest page, not the document."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from annexgen.core.limits import MAX_PDF_WORDS
from annexgen.importer.readers.blocks import UnreadableReport

POPPLER_SECONDS = 60
# pdftohtml's zoom: positions and sizes come 3 times larger, sizes rounded to whole units,
# so a size is known to a third of a point (at zoom 1, to a point).
_ZOOM = 3
# A font is bold when poppler says so (its descriptor) or its name does: TimesNewRomanPS-
# BoldMT, LiberationSerif-Bold, "Times New Roman,Bold", Calibri-Semibold, Arial-Black.
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)
# Words closer than this (a share of the size) touch: poppler breaks words at gaps of a
# tenth of the size, so closer words were split by a change of font or of direction, not
# by a space.
TOUCH = 0.1
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\u00ad": ""})


@dataclass(frozen=True, slots=True)
class Word:
    """A word as printed: its box (points, from the page's top left), its text, the poppler
    line it belongs to (a number within its page), and its font when poppler told it."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    segment: int
    size: float  # font size in points (from its height, when no run of text covered it)
    bold: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # from 1
    width: float
    height: float
    words: tuple[Word, ...]


@dataclass(frozen=True, slots=True)
class Words:
    """Every page's words, and what poppler complained of while reading them."""

    pages: tuple[Page, ...]
    errors: tuple[str, ...]  # poppler's error lines (stderr), without repeats
    styled: bool  # whether the font runs could be read (pdftohtml) for this PDF


@dataclass(frozen=True, slots=True)
class _Run:
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


def read_words(path: str, page_count: int, skip: frozenset[int] = frozenset()) -> Words:
    """The words of every page but those in `skip` (left out: they are damaged); pages past
    `page_count` too when poppler finds more."""
    pages: list[Page] = []
    errors: list[str] = []
    styled = True
    for first, last in _ranges(page_count, skip):
        # The last run reads on to the end: a page tree poppler reads otherwise shows.
        text_pages, style_pages, messages, has_style = _run_poppler(
            path, first, last if last < page_count else None)
        errors += messages
        styled = styled and has_style
        pages += _styled(text_pages, style_pages, first)
    return Words(tuple(pages), tuple(dict.fromkeys(errors)), styled)


def _ranges(page_count: int, skip: frozenset[int]) -> list[tuple[int, int]]:
    """Runs of pages from 1 to `page_count` without those of `skip`."""
    ranges, start = [], 1
    for number in range(1, page_count + 2):
        if number in skip or number == page_count + 1:
            if start < number:
                ranges.append((start, number - 1))
            start = number + 1
    return ranges


def _run_poppler(path: str, first: int, last: int | None):
    """pdftotext and pdftohtml side by side over pages first..last (None: to the last page
    poppler finds), into temporary files."""
    pages = ["-f", str(first), *(["-l", str(last)] if last is not None else [])]
    text_command = ["pdftotext", "-bbox-layout", "-enc", "UTF-8", *pages, path, "-"]
    style_command = ["pdftohtml", "-xml", "-i", "-hidden", "-stdout", "-noroundcoord",
                     "-fontfullname", "-zoom", str(_ZOOM), "-enc", "UTF-8", *pages, path]
    with (tempfile.TemporaryFile() as text_out, tempfile.TemporaryFile() as text_err,
          tempfile.TemporaryFile() as style_out):
        try:
            text = subprocess.Popen(text_command, stdin=subprocess.DEVNULL, stdout=text_out,
                                    stderr=text_err)
        except OSError as exc:
            raise UnreadableReport(f"pdftotext could not be run ({exc})") from None
        try:
            style: subprocess.Popen | None = subprocess.Popen(
                style_command, stdin=subprocess.DEVNULL, stdout=style_out,
                stderr=subprocess.DEVNULL)
        except OSError:
            style = None  # without pdftohtml the words have no fonts: read by their boxes
        deadline = time.monotonic() + POPPLER_SECONDS
        try:
            text_code = text.wait(deadline - time.monotonic())
            text_err.seek(0)
            messages = text_err.read(1 << 20).decode("utf-8", "replace").splitlines()
            if text_code != 0:
                shown = next((m for m in reversed(messages) if m.strip()), "")
                raise UnreadableReport("cannot be read as a PDF"
                                       + (f" ({shown})" if shown else ""))
            text_out.seek(0)
            text_pages = list(_text_pages(text_out))  # while pdftohtml is still at work
            style_code = style.wait(max(deadline - time.monotonic(), 0.1)) if style else 1
        except subprocess.TimeoutExpired:
            raise UnreadableReport(f"poppler did not finish reading it within "
                                   f"{POPPLER_SECONDS} s") from None
        finally:
            for process in (text, style):
                if process is not None and process.poll() is None:
                    process.kill()
                    process.wait()
        style_pages: list[list[_Run]] = []
        if style_code == 0:
            style_out.seek(0)
            style_pages = list(_style_pages(style_out))
    errors = [m.strip() for m in messages if "Error" in m]
    if len(style_pages) != len(text_pages):
        style_pages = []  # another count of pages: no word could be matched to its run
    return text_pages, style_pages, errors, bool(style_pages) or not text_pages


# pdftotext's and pdftohtml's output, as their own code prints it (attributes in this order).
_TEXT_ITEMS = re.compile(
    r'<page width="([^"]*)" height="([^"]*)">|<line |'
    r'<word xMin="([^"]*)" yMin="([^"]*)" xMax="([^"]*)" yMax="([^"]*)">([^<]*)</word>|</page>')
_STYLE_ITEMS = re.compile(
    r'<fontspec id="([^"]*)" size="([^"]*)" family="([^"]*)"|'
    r'<text top="([^"]*)" left="([^"]*)" width="([^"]*)" height="([^"]*)" font="([^"]*)">'
    r"(.*?)</text>|(</page>)")


def _pieces(stream: IO[bytes]) -> Iterator[str]:
    """The stream's text in pieces that end where a page does (a megabyte or more each)."""
    rest = b""
    while chunk := stream.read(1 << 20):
        rest += chunk
        cut = rest.rfind(b"</page>")
        if cut >= 0:
            yield rest[:cut + 7].decode("utf-8", "replace")
            rest = rest[cut + 7:]
    if rest:
        yield rest.decode("utf-8", "replace")


def _text_pages(stream: IO[bytes]) -> Iterator[tuple[float, float, list[tuple]]]:
    """(width, height, words) of each page of pdftotext's XHTML; a word is a tuple of its
    box, text and poppler line number."""
    words: list[tuple] = []
    total, segment, width, height = 0, 0, 595.0, 842.0
    for piece in _pieces(stream):
        for match in _TEXT_ITEMS.finditer(piece):
            item = match.group(0)
            if item.startswith("<word"):
                text = match.group(7)
                if "&" in text:
                    text = html.unescape(text)
                text = text.translate(_LIGATURES).strip()
                if text:
                    words.append((float(match.group(3)), float(match.group(5)),
                                  float(match.group(4)), float(match.group(6)), text, segment))
            elif item == "<line ":
                segment += 1
            elif item.startswith("<page"):
                width, height = float(match.group(1)), float(match.group(2))
            else:
                total += len(words)
                if total > MAX_PDF_WORDS:
                    raise UnreadableReport(f"it holds more than {MAX_PDF_WORDS:,} words "
                                           "(MAX_PDF_WORDS): not a meeting report")
                yield width, height, words
                words, segment = [], 0


def _style_pages(stream: IO[bytes]) -> Iterator[list[_Run]]:
    """The runs of text of each page of pdftohtml's XML, in points."""
    fonts: dict[str, tuple[float, bool]] = {}
    runs: list[_Run] = []
    for piece in _pieces(stream):
        for match in _STYLE_ITEMS.finditer(piece):
            if match.group(1) is not None:
                fonts[match.group(1)] = (float(match.group(2)) / _ZOOM,
                                         bool(_BOLD_NAME.search(match.group(3))))
            elif match.group(4) is not None:
                size, bold = fonts.get(match.group(8), (0.0, False))
                top, left = float(match.group(4)), float(match.group(5))
                runs.append(_Run(left / _ZOOM, (left + float(match.group(6))) / _ZOOM,
                                 top / _ZOOM, (top + float(match.group(7))) / _ZOOM,
                                 size, bold or "<b>" in match.group(9)))
            else:
                yield runs
                runs = []


def _styled(text_pages, style_pages: list[list[_Run]], first: int) -> list[Page]:
    """The pages' words, each with the font of the run it stands in. A word no run covers
    is given the size its height implies, scaled as the words with runs are (their boxes are
    the font's height, a fixed share of its size); without any run, its height."""
    pages = []
    ratio = 1.0
    for offset, (width, height, raw) in enumerate(text_pages):
        find = _RunFinder(style_pages[offset] if offset < len(style_pages) else [])
        found = [find(x0, x1, top, bottom) for x0, x1, top, bottom, _, _ in raw]
        ratios = sorted((bottom - top) / run.size for (_, _, top, bottom, _, _), run
                        in zip(raw, found, strict=True) if run is not None and run.size > 0)
        if ratios:
            ratio = ratios[len(ratios) // 2]
        words = tuple(
            Word(x0, x1, top, bottom, text, segment,
                 run.size if run is not None and run.size > 0 else (bottom - top) / ratio,
                 run is not None and run.bold)
            for (x0, x1, top, bottom, text, segment), run in zip(raw, found, strict=True))
        pages.append(Page(first + offset, width, height, words))
    return pages


class _RunFinder:
    """The run of text a word stands in: the one holding the word's centre, found among the
    runs of the few bands of the page around it (the last one found first: neighbouring
    words share their run)."""

    _BAND = 6.0

    def __init__(self, runs: list[_Run]):
        self._bands: dict[int, list[_Run]] = defaultdict(list)
        for run in runs:
            for band in range(int(run.top // self._BAND), int(run.bottom // self._BAND) + 1):
                self._bands[band].append(run)
        self._last: _Run | None = None

    def __call__(self, x0: float, x1: float, top: float, bottom: float) -> _Run | None:
        x, y = (x0 + x1) / 2, (top + bottom) / 2
        last = self._last
        if last is not None and last.x0 - 0.5 <= x <= last.x1 + 0.5 and \
                abs((last.top + last.bottom) / 2 - y) < 0.1 * (last.bottom - last.top):
            return last
        best, distance = None, 0.0
        for run in self._bands.get(int(y // self._BAND), ()):
            if run.x0 - 0.5 <= x <= run.x1 + 0.5 and run.top - 1 <= y <= run.bottom + 1:
                off = abs((run.top + run.bottom) / 2 - y)
                if best is None or off < distance:
                    best, distance = run, off
        self._last = best
        return best
