"""Inline content as runs: marks to character styles and properties, notes, breaks, links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from annexgen.core.richtext import (
    BOLD,
    DELETED,
    INSERTED,
    ITALIC,
    KEY_PHRASE,
    LABEL,
    PARA_REF,
    SUPERSCRIPT,
    Break,
    Inline,
    NoteRef,
    PageRef,
    Span,
)
from annexgen.core.words import PageWords
from annexgen.writers.docx.xml import attr, text_run

_REVISIONS = frozenset({INSERTED, DELETED})
# Revision ids share a number space with bookmark ids; these start well above those.
_REVISION_IDS = 1_000_000
# Which mark gives a run its character style, strongest first (a run has one style).
_STYLE_MARKS = ((KEY_PHRASE, "key"), (LABEL, "label"), (PARA_REF, "pararef"))


@dataclass
class Notes:
    """Footnote numbers by name, given in order of first reference."""

    numbers: dict[str, int] = field(default_factory=dict)

    def number(self, name: str) -> int:
        return self.numbers.setdefault(name, len(self.numbers) + 1)


@dataclass
class RunWriter:
    """Turns inlines into `w:r` / `w:hyperlink` XML for one part; page references in the
    document's `page_words`."""

    style_ids: dict[str, str]
    link_rid: Callable[[str], str]
    notes: Notes
    pages: dict[tuple[str, str], tuple[int, int]]
    page_words: PageWords
    highlight: str
    revision_date: str = "2000-01-01T00:00:00Z"
    _rpr_cache: dict = field(default_factory=dict)
    _revisions: int = 0

    def inlines(self, inlines: tuple[Inline, ...]) -> str:
        return "".join(self._inline(item) for item in inlines)

    def _inline(self, item: Inline) -> str:
        if isinstance(item, Span):
            return self._span(item)
        if isinstance(item, NoteRef):
            return self.note_reference(self.notes.number(item.name))
        if isinstance(item, PageRef):
            return text_run(self.page_text(item), self.rpr(item.marks, False))
        if isinstance(item, Break):
            return "<w:r><w:br/></w:r>"
        raise TypeError(f"unknown inline {item!r}")

    def _span(self, span: Span) -> str:
        rpr = self.rpr(span.marks - _REVISIONS, span.link is not None)
        if DELETED in span.marks:
            return self._revision("w:del", text_run(span.text, rpr, "w:delText"))
        run = text_run(span.text, rpr)
        if span.link is not None:
            tip = f' w:tooltip="{attr(span.tip)}"' if span.tip else ""
            run = f'<w:hyperlink r:id="{self.link_rid(span.link)}"{tip}>{run}</w:hyperlink>'
        return self._revision("w:ins", run) if INSERTED in span.marks else run

    def _revision(self, tag: str, run: str) -> str:
        """A tracked change that Word's Review pane can accept or reject."""
        self._revisions += 1
        return (f'<{tag} w:id="{_REVISION_IDS + self._revisions}" w:author="annexgen" '
                f'w:date="{self.revision_date}">{run}</{tag}>')

    def note_reference(self, number: int) -> str:
        style = self.style_ids["noteref"]
        return (f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
                f'<w:footnoteReference w:id="{number}"/></w:r>')

    def page_text(self, ref: PageRef) -> str:
        found = self.pages.get((ref.annex, ref.cluster_id))
        return self.page_words.range(*found) if found else self.page_words.unresolved

    def rpr(self, marks: frozenset[str], linked: bool) -> str:
        key = (marks, linked)
        if key not in self._rpr_cache:
            self._rpr_cache[key] = self._build_rpr(marks, linked)
        return self._rpr_cache[key]

    def _build_rpr(self, marks: frozenset[str], linked: bool) -> str:
        role = next((role for mark, role in _STYLE_MARKS if mark in marks), None)
        role = role or ("link" if linked else None)
        parts = [f'<w:rStyle w:val="{attr(self.style_ids[role])}"/>'] if role else []
        parts += ["<w:b/>"] if BOLD in marks else []
        parts += ["<w:i/>"] if ITALIC in marks else []
        # The key-phrase style carries the highlight too, but LibreOffice only shows a
        # highlight set on the run itself, and the PDFs are the distributed copies.
        parts += [f'<w:highlight w:val="{self.highlight}"/>'] if role == "key" else []
        parts += ['<w:vertAlign w:val="superscript"/>'] if SUPERSCRIPT in marks else []
        return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""
