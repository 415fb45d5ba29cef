"""Where each piece of a rendered template came from: its template, line and column."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import jinja2

from annexgen.core.diagnostics import Loc

# Jinja marks a chunk with the line of the statement before it: literal text after a block
# tag may start a few lines further down (the blank lines are part of the text).
_NEAR_LINES = 10


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of output: where it starts there, and where it starts in its template.
    A literal piece is the template's own text, so positions inside it map one to one."""

    offset: int
    path: str
    index: int
    literal: bool


@dataclass
class SourceMap:
    """The pieces of one rendered template, in output order."""

    pieces: list[Piece] = field(default_factory=list)

    def loc(self, offset: int, sources: dict[str, str]) -> Loc | None:
        """The template position that wrote the output character at `offset`."""
        at = bisect.bisect_right(self.pieces, offset, key=lambda piece: piece.offset) - 1
        if at < 0:
            return None
        piece = self.pieces[at]
        source = sources[piece.path]
        index = piece.index + (offset - piece.offset if piece.literal else 0)
        return position(piece.path, source, min(index, len(source)))


def line_starts(text: str) -> list[int]:
    """Where each line of `text` starts."""
    return [0, *(match.end() for match in re.finditer("\n", text))]


def position(path: str, source: str, index: int) -> Loc:
    """The line and column of a character of a template's source."""
    line = source.count("\n", 0, index) + 1
    return Loc(path, line, index - (source.rfind("\n", 0, index) + 1) + 1)


class Tracker:
    """Follows a template's generator as it yields, placing each chunk in the sources.

    Jinja's compiled code knows only the line a chunk was written from; the chunk itself
    is found from there: literal text by searching for it, an expression as the next `{{`
    on that line. A cursor per template keeps several pieces of one line in order.
    """

    def __init__(self, sources: dict[str, str], compiled: Mapping[str, jinja2.Template]):
        self.sources = sources
        self.compiled = compiled  # by path, for get_corresponding_lineno
        self.line_starts = {path: line_starts(source) for path, source in sources.items()}
        self.cursors: dict[str, int] = {}
        self.lines: dict[tuple[str, int], int] = {}
        self.map = SourceMap()

    def place(self, generator, chunk: str, offset: int) -> None:
        """Records where `chunk`, just yielded by `generator` at `offset`, came from."""
        frame = _innermost(generator)
        path = frame.f_code.co_filename if frame is not None else None
        if path not in self.sources:
            return
        starts = self.line_starts[path]
        line = min(self._line(path, frame.f_lineno), len(starts))
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.sources[path])
        cursor = self.cursors.get(path, -1)
        begin = cursor if start <= cursor < end else start
        found = self._literal(path, chunk, begin, line)
        if found is not None:
            self.cursors[path] = found + len(chunk)
            self.map.pieces.append(Piece(offset, path, found, True))
        else:
            index, after = self._expression(path, begin, end)
            self.cursors[path] = after
            self.map.pieces.append(Piece(offset, path, index, False))

    def _line(self, path: str, code_line: int) -> int:
        """The template line of a line of its compiled code (Jinja looks it up linearly)."""
        key = (path, code_line)
        if key not in self.lines:
            self.lines[key] = self.compiled[path].get_corresponding_lineno(code_line)
        return self.lines[key]

    def _literal(self, path: str, chunk: str, begin: int, line: int) -> int | None:
        """Where the chunk stands as template text, near its line; None if it is not there."""
        if not chunk:
            return None
        found = self.sources[path].find(chunk, begin)
        if found < 0:
            return None
        found_line = bisect.bisect_right(self.line_starts[path], found)
        return found if found_line - line <= _NEAR_LINES else None

    def _expression(self, path: str, begin: int, end: int) -> tuple[int, int]:
        """The next `{{` of the line (else its next tag or first word), and where it ends."""
        source = self.sources[path]
        for opening, closing in (("{{", "}}"), ("{%", "%}")):
            at = source.find(opening, begin, end)
            if at >= 0:
                after = source.find(closing, at, end)
                return at, (after + 2 if after >= 0 else end)
        text = source[begin:end]
        return begin + len(text) - len(text.lstrip()), end


def _innermost(generator):
    """The frame of the template code that yielded last: through `yield from` (blocks)
    and through the `gen` an `{% include %}` loops over."""
    current = generator
    for _ in range(1000):  # more than any nesting of includes and blocks
        inner = getattr(current, "gi_yieldfrom", None)
        if inner is None:
            frame = getattr(current, "gi_frame", None)
            including = frame is not None and "gen" in frame.f_code.co_varnames
            local = frame.f_locals.get("gen") if including else None
            inner = local if getattr(local, "gi_frame", None) is not None else None
        if inner is None:
            break
        current = inner
    return getattr(current, "gi_frame", None)
