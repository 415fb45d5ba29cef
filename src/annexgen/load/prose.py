"""Turns rendered templates into prose blocks and checks their notes and page references."""

from __future__ import annotations

import re

from annexgen.core.diagnostics import Loc, Report
from annexgen.core.links import link_problem
from annexgen.core.model import Prose
from annexgen.core.richtext import PARAGRAPH_ROLES, Block, NoteRef, PageRef, Span
from annexgen.load import markup
from annexgen.load.fields import suggest
from annexgen.load.sourcemap import line_starts
from annexgen.load.templates import Rendered, Template


def parse_prose(name: str, rendered: Rendered, templates: dict[str, Template],
                cluster_ids: set[str], annexes: tuple[str, ...], report: Report) -> Prose:
    parsed = markup.parse(rendered.text)
    where = _Locator(rendered, templates, templates[name])
    for problem in parsed.problems:
        report.add(where.at(problem.offset), "E405", problem.message)
    _check_styles(parsed.blocks, where, report)
    used = _check_references(parsed.blocks, parsed.footnotes, cluster_ids, annexes, where,
                             report)
    for note, offset in parsed.note_offsets.items():
        if note not in used:
            report.add(where.at(offset), "W503", f"footnote [^{note}] is never referred to")
    return Prose(name, tuple(parsed.blocks), dict(parsed.footnotes))


def check_cluster_references(paper: Prose, clusters, annexes: tuple[str, ...],
                             template_path: str, report: Report) -> None:
    """A cluster the paper gives no page reference to, in any annex, is a warning: the
    reader of the paper would not find it in the annexes."""
    found = set(paper.page_references())
    found |= {(item.annex, item.cluster_id) for notes in paper.footnotes.values()
              for block in notes for item in block.inlines if isinstance(item, PageRef)}
    for cluster in clusters:
        missing = [annex for annex in annexes if (annex, cluster.id) not in found]
        if missing:
            report.add(cluster.loc, "W508", f"the paper ({template_path}) gives cluster "
                       f"{cluster.id!r} no page reference to {' or '.join(missing)}: write "
                       f"{{{{ see_pages(c) }}}} in its loop, or pages(\"{missing[0]}\", "
                       f"\"{cluster.id}\")")


def _check_styles(blocks: list[Block], where: _Locator, report: Report) -> None:
    for block in blocks:
        if block.style not in PARAGRAPH_ROLES:
            report.add(where.find(block.line, f"{{.{block.style}}}"), "E405", f"unknown "
                       f"paragraph style {block.style!r}{suggest(block.style, PARAGRAPH_ROLES)}")


def _check_references(blocks: list[Block], notes: dict, cluster_ids: set[str],
                      annexes: tuple[str, ...], where: _Locator, report: Report) -> set[str]:
    used: set[str] = set()
    for block in [*blocks, *(b for bs in notes.values() for b in bs)]:
        for item in block.inlines:
            if isinstance(item, NoteRef):
                used.add(item.name)
                if item.name not in notes:
                    report.add(where.find(block.line, f"[^{item.name}]"), "E308",
                               f"footnote [^{item.name}] is referred to but never defined")
            elif isinstance(item, PageRef):
                _check_page_ref(item, block.line, cluster_ids, annexes, where, report)
            elif isinstance(item, Span) and item.link and (why := link_problem(item.link)):
                report.add(where.find(block.line, item.link), "E405",
                           f"link {item.link!r} refused: it {why}")
    return used


def _check_page_ref(ref: PageRef, line: int, cluster_ids: set[str],
                    annexes: tuple[str, ...], where: _Locator, report: Report) -> None:
    marker = f"[[pages:{ref.annex}:{ref.cluster_id}]]"
    if ref.annex not in annexes:
        report.add(where.find(line, marker, *_quoted(ref.annex)), "E309", f"page reference to "
                   f"unknown annex {ref.annex!r} (use {' or '.join(annexes)})")
    if ref.cluster_id not in cluster_ids:
        report.add(where.find(line, marker, *_quoted(ref.cluster_id)), "E309",
                   f"page reference to unknown cluster {ref.cluster_id!r}")


def _quoted(word: str) -> tuple[str, str]:
    """A word as a template writes it in a call."""
    return f"'{word}'", f'"{word}"'


class _Locator:
    """Finds the template line and column that wrote a piece of the rendered text."""

    def __init__(self, rendered: Rendered, templates: dict[str, Template], main: Template):
        self.rendered, self.main = rendered, main
        self.sources = {t.path: t.source for t in templates.values()}
        self.line_starts = line_starts(rendered.text)

    def at(self, offset: int) -> Loc:
        """Where the rendered character at `offset` was written."""
        return self.rendered.origins.loc(offset, self.sources) or Loc(self.main.path)

    def find(self, line: int, snippet: str, *words: str) -> Loc:
        """Where `snippet`, rendered in the block starting on `line`, was written (the
        block's start when the snippet is not there as such, e.g. when it was escaped);
        at the first of `words` found on that template line from there, when given."""
        text = self.rendered.text
        start = self.line_starts[min(line, len(self.line_starts)) - 1]
        end = _BLANK_LINE.search(text, start)
        found = text.find(snippet, start, end.start() if end else len(text))
        loc = self.at(found if found >= 0 else start)
        return _word_on_line(loc, self.sources.get(loc.path, ""), words)


_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")


def _word_on_line(loc: Loc, source: str, words: tuple[str, ...]) -> Loc:
    """The first of `words` on the line of `loc`, at or after its column (else `loc`)."""
    lines = source.splitlines()
    text = lines[loc.line - 1] if 0 < loc.line <= len(lines) else ""
    found = [at for word in words if (at := text.find(word, loc.col - 1)) >= 0]
    return Loc(loc.path, loc.line, min(found) + 1) if found else loc
