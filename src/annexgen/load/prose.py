"""Turns rendered templates into prose blocks and checks their notes and page references."""

from __future__ import annotations

from annexgen import markup
from annexgen.diagnostics import Loc, Report
from annexgen.load.fields import suggest
from annexgen.load.links import link_problem
from annexgen.load.templates import Template
from annexgen.model import Prose
from annexgen.richtext import Block, NoteRef, PageRef, Span
from annexgen.styles import PARAGRAPH_ROLES

ANNEXES = ("annex-a", "annex-b")


def parse_prose(name: str, rendered: str, templates: dict[str, Template],
                cluster_ids: set[str], report: Report) -> Prose:
    parsed = markup.parse(rendered)
    where = _Locator(templates, templates[name])
    for problem in parsed.problems:
        report.add(where.find(problem.snippet), "E405", problem.message)
    _check_styles(parsed.blocks, where, report)
    used = _check_references(parsed.blocks, parsed.footnotes, cluster_ids, where, report)
    for note, line in parsed.note_lines.items():
        if note not in used:
            report.add(where.find(f"[^{note}]:"), "W503", f"footnote [^{note}] is never "
                       f"referred to (rendered line {line})")
    return Prose(name, tuple(parsed.blocks), dict(parsed.footnotes))


def _check_styles(blocks: list[Block], where: _Locator, report: Report) -> None:
    for block in blocks:
        if block.style not in PARAGRAPH_ROLES:
            report.add(where.find(f"{{.{block.style}}}"), "E405", f"unknown paragraph style "
                       f"{block.style!r}{suggest(block.style, PARAGRAPH_ROLES)}")


def _check_references(blocks: list[Block], notes: dict, cluster_ids: set[str],
                      where: _Locator, report: Report) -> set[str]:
    used: set[str] = set()
    for block in [*blocks, *(b for bs in notes.values() for b in bs)]:
        for item in block.inlines:
            if isinstance(item, NoteRef):
                used.add(item.name)
                if item.name not in notes:
                    report.add(where.find(f"[^{item.name}]"), "E308",
                               f"footnote [^{item.name}] is referred to but never defined")
            elif isinstance(item, PageRef):
                _check_page_ref(item, cluster_ids, where, report)
            elif isinstance(item, Span) and item.link and (why := link_problem(item.link)):
                report.add(where.find(item.link), "E405", f"link {item.link!r} refused: it {why}")
    return used


def _check_page_ref(ref: PageRef, cluster_ids: set[str], where: _Locator, report: Report) -> None:
    if ref.annex not in ANNEXES:
        report.add(where.find(*_quoted(ref.annex)), "E309", f"page reference to unknown annex "
                   f"{ref.annex!r} (use {' or '.join(ANNEXES)})")
    if ref.cluster_id not in cluster_ids:
        report.add(where.find(*_quoted(ref.cluster_id)), "E309",
                   f"page reference to unknown cluster {ref.cluster_id!r}")


def _quoted(word: str) -> tuple[str, ...]:
    """A word as a template writes it in a call, most specific first."""
    return f"'{word}'", f'"{word}"', f":{word}]]", word


class _Locator:
    """Finds the template line a piece of rendered text came from, by searching the sources."""

    def __init__(self, templates: dict[str, Template], main: Template):
        self.ordered = [main, *(t for t in templates.values() if t is not main)]

    def find(self, *snippets: str) -> Loc:
        """Where the first of the snippets found stands (the start of the main template if
        none is)."""
        for snippet in filter(None, snippets):
            for template in self.ordered:
                at = template.source.find(snippet)
                if at >= 0:
                    line = template.source.count("\n", 0, at) + 1
                    col = at - (template.source.rfind("\n", 0, at) + 1) + 1
                    return Loc(template.path, line, col)
        return Loc(self.ordered[0].path)
