"""A small Markdown-like markup for the prose templates: headings, lists, bold, links, notes."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from annexgen.core.richtext import (
    BOLD,
    ITALIC,
    SUPERSCRIPT,
    Block,
    Break,
    Inline,
    NoteRef,
    PageRef,
    Span,
)

HEADING_STYLES = {1: "title", 2: "hch", 3: "h1", 4: "h23"}
_HEADING = re.compile(r"#{1,4}(?=\s)")
_BULLET = re.compile(r"( *)[-•] +")
_NUMBER = re.compile(r"( *)\d{1,3}[.)] +")
_NOTE_DEF = re.compile(r"\[\^([A-Za-z0-9_-]+)\]:\s*")
_STYLE = re.compile(r"\{\.([a-z][a-z0-9-]*)\}\s*")
_INLINE = re.compile(
    r"\\(?P<esc>.)"
    r"|\[\[pages:(?P<annex>[a-z0-9-]+):(?P<cluster>[A-Za-z0-9_-]+)\]\]"
    r"|\[\^(?P<note>[A-Za-z0-9_-]+)\]"
    r'|\[(?P<ltext>[^\]]+)\]\((?P<lurl>[^)\s]+)(?: "(?P<ltitle>(?:[^"\\]|\\.)*)")?\)'
    r"|<(?P<auto>(?:https?://|mailto:)[^>\s]+)>"
    r"|(?P<bold>\*\*)|(?P<italic>\*)|(?P<sup>\^)",
    re.DOTALL,
)
# The marks an inline delimiter turns on and off.
_DELIMITERS = {BOLD: "**", ITALIC: "*", SUPERSCRIPT: "^"}
_MARK_OF = {delimiter: mark for mark, delimiter in _DELIMITERS.items()}


@dataclass(frozen=True, slots=True)
class MarkupProblem:
    """A problem in the rendered markup, at the offset of its cause in the rendered text."""

    offset: int
    message: str


@dataclass
class Parsed:
    """The blocks and footnote definitions of one rendered template."""

    blocks: list[Block] = field(default_factory=list)
    footnotes: dict[str, tuple[Block, ...]] = field(default_factory=dict)
    note_offsets: dict[str, int] = field(default_factory=dict)
    problems: list[MarkupProblem] = field(default_factory=list)


@dataclass
class _Pending:
    style: str
    line: int
    level: int = 0
    kind: str = "para"
    note: str | None = None
    parts: list[str] = field(default_factory=list)
    # Where each part starts in the rendered text, and where the block's line does.
    starts: list[int] = field(default_factory=list)
    offset: int = 0

    def add(self, part: str, offset: int) -> None:
        self.parts.append(part)
        self.starts.append(offset)


def parse(text: str) -> Parsed:
    """Parse rendered markup into blocks; problems are collected, never raised."""
    parser = _Parser()
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        parser.feed((line.splitlines() or [""])[0], number, offset)
        offset += len(line)
    parser.flush()
    return parser.result


class _Parser:
    def __init__(self) -> None:
        self.result = Parsed()
        self.pending: _Pending | None = None
        self.list_ids: dict[tuple[str, int], int] = {}
        self.next_list = 1

    def feed(self, line: str, number: int, offset: int) -> None:
        if not line.strip():
            self.flush()
            return
        started = self._block_start(line, number)
        if started is None and self.pending is not None:
            self.pending.add(line.strip(), offset + len(line) - len(line.lstrip()))
            return
        self.flush()
        self.pending, rest = started or (_Pending("body", number), line.strip())
        self.pending.offset = offset + len(line) - len(line.lstrip())
        self.pending.add(rest, offset + _suffix_start(line, rest))

    def _block_start(self, line: str, number: int) -> tuple[_Pending, str] | None:
        """The block a line opens, with the rest of the line; None for a continuation."""
        style = None
        if m := _STYLE.match(line):
            style, line = m.group(1), line[m.end():]
        started = _match_block(line, number)
        if started is None and style:
            started = (_Pending("body", number), line.strip())
        if started is not None and style:
            started[0].style = style
        return started

    def flush(self) -> None:
        pending, self.pending = self.pending, None
        if pending is None:
            return
        inlines = self._inlines(pending)
        if pending.kind == "note":
            self._add_note(pending, inlines)
            return
        list_id = self._list_id(pending)
        self.result.blocks.append(
            Block(pending.style, inlines, level=pending.level, list_id=list_id, line=pending.line)
        )

    def _add_note(self, pending: _Pending, inlines: tuple[Inline, ...]) -> None:
        name = pending.note or ""
        if name in self.result.footnotes:
            self.result.problems.append(MarkupProblem(
                pending.offset, f"footnote [^{name}] is defined twice (first at rendered "
                f"line {self.result.footnotes[name][0].line})"))
        self.result.footnotes[name] = (Block("footnote", inlines, line=pending.line),)
        self.result.note_offsets[name] = pending.offset

    def _list_id(self, pending: _Pending) -> int | None:
        if pending.kind not in ("bullet", "number"):
            self.list_ids.clear()
            return None
        key = (pending.kind, pending.level)
        for other in [k for k in self.list_ids if k[1] > pending.level]:
            del self.list_ids[other]
        if key not in self.list_ids:
            self.list_ids[key] = self.next_list
            self.next_list += 1
        return self.list_ids[key]

    def _inlines(self, pending: _Pending) -> tuple[Inline, ...]:
        """Inline markup over the whole block; a line ending in a backslash breaks the line."""
        pieces = []
        for index, part in enumerate(pending.parts):
            hard_break = part.endswith("\\") and index < len(pending.parts) - 1
            pieces.append(part[:-1].rstrip() + "\n" if hard_break else part + " ")
        text = "".join(pieces).rstrip()
        problems: list[MarkupProblem] = []
        inlines = parse_inlines(text, problems)
        begins = list(itertools.accumulate((len(piece) for piece in pieces[:-1]), initial=0))
        for problem in problems:  # from the block's joined text to the rendered text
            line = bisect.bisect_right(begins, problem.offset) - 1
            at = pending.starts[line] + problem.offset - begins[line]
            self.result.problems.append(MarkupProblem(at, problem.message))
        return tuple(_merge(_split_breaks(inlines)))


def _split_breaks(inlines: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for item in inlines:
        if isinstance(item, Span) and "\n" in item.text:
            for index, piece in enumerate(item.text.split("\n")):
                if index:
                    out.append(Break())
                out.append(Span(piece, item.marks, item.link))
        else:
            out.append(item)
    return out


def _match_block(line: str, number: int) -> tuple[_Pending, str] | None:
    if m := _NOTE_DEF.match(line):
        return _Pending("footnote", number, kind="note", note=m.group(1)), line[m.end():]
    if m := _HEADING.match(line):
        style = HEADING_STYLES[len(m.group())]
        return _Pending(style, number, kind="heading"), line[m.end():].strip()
    if m := _BULLET.match(line):
        level = len(m.group(1)) // 2
        return _Pending("bullet", number, level=level, kind="bullet"), line[m.end():]
    if m := _NUMBER.match(line):
        level = len(m.group(1)) // 2
        return _Pending("number", number, level=level, kind="number"), line[m.end():]
    return None


def _suffix_start(line: str, rest: str) -> int:
    """Where `rest`, the line's text after a block marker, starts in the line."""
    if line.endswith(rest):
        return len(line) - len(rest)
    return len(line.rstrip()) - len(rest)


def parse_inlines(text: str, problems: list[MarkupProblem],
                  marks: frozenset[str] = frozenset(), link: str | None = None,
                  base: int = 0, tip: str | None = None) -> list[Inline]:
    """Inline markup to spans: **bold**, *italic*, ^sup^, [^note], [text](url "title"), <url>.
    Problems are placed at their offset in `text` plus `base`."""
    out: list[Inline] = []
    active = set(marks)
    opened_at: dict[str, int] = {}
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(Span(text[pos:m.start()], frozenset(active), link, tip))
        pos = m.end()
        kind = m.lastgroup
        if kind == "esc":
            out.append(Span(m.group("esc"), frozenset(active), link, tip))
        elif kind == "cluster":
            out.append(PageRef(m.group("annex"), m.group("cluster"), frozenset(active)))
        elif kind == "note":
            out.append(NoteRef(m.group("note")))
        elif kind in ("lurl", "ltitle"):
            out.extend(parse_inlines(m.group("ltext"), problems, frozenset(active),
                                     m.group("lurl"), base + m.start("ltext"),
                                     link_title(m.group("ltitle"))))
        elif kind == "auto":
            out.append(Span(m.group("auto"), frozenset(active), m.group("auto")))
        else:
            mark = _MARK_OF[m.group()]
            active ^= {mark}
            opened_at[mark] = m.start()
    if pos < len(text):
        out.append(Span(text[pos:], frozenset(active), link, tip))
    unclosed = active - set(marks)
    if unclosed:
        mark = min(unclosed, key=lambda m: opened_at.get(m, 0))
        at = opened_at.get(mark, 0)
        problems.append(MarkupProblem(base + at, f"{_DELIMITERS[mark]!r} opened but not closed in "
                                      "this paragraph (write \\* for a literal asterisk)"))
    return out


def link_title(written: str | None) -> str | None:
    """A link's title as written between its quotes, escapes (\\x) read; none if absent."""
    return None if written is None else re.sub(r"\\(.)", r"\1", written, flags=re.DOTALL)


def _merge(inlines: list[Inline]) -> list[Inline]:
    """Join neighbouring spans with the same marks, link and link title."""
    out: list[Inline] = []
    for item in inlines:
        if isinstance(item, Span) and not item.text:
            continue
        last = out[-1] if out else None
        if (isinstance(item, Span) and isinstance(last, Span)
                and last.marks == item.marks and last.link == item.link
                and last.tip == item.tip):
            out[-1] = Span(last.text + item.text, item.marks, item.link, item.tip)
        else:
            out.append(item)
    return out
