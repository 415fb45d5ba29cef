"""Blocks as `w:p` paragraphs: style, list numbering, page breaks, bookmarks and runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from annexgen.core.richtext import Block
from annexgen.writers.docx.runs import RunWriter
from annexgen.writers.docx.xml import attr


@dataclass
class Bookmarks:
    """Bookmark ids by name, so a range closes with the id it opened with."""

    ids: dict[str, int] = field(default_factory=dict)

    def start(self, name: str) -> str:
        number = self.ids.setdefault(name, len(self.ids))
        return f'<w:bookmarkStart w:id="{number}" w:name="{attr(name)}"/>'

    def end(self, name: str) -> str:
        return f'<w:bookmarkEnd w:id="{self.ids[name]}"/>'


@dataclass
class ParagraphWriter:
    """Writes blocks of one story (the body or the footnotes) as paragraphs."""

    runs: RunWriter
    num_ids: dict[int, int]
    bookmarks: Bookmarks = field(default_factory=Bookmarks)

    def paragraphs(self, blocks) -> bytes:
        """The paragraphs as UTF-8, encoded one by one (one str of a large body would take
        two or four bytes a character as soon as one character is not Latin-1)."""
        return b"".join(self.paragraph(block).encode() for block in blocks)

    def paragraph(self, block: Block, prefix: str = "") -> str:
        opened = "".join(self.bookmarks.start(name) for name in block.bookmarks)
        closed = "".join(self.bookmarks.end(name) for name in block.bookmark_ends)
        body = self.runs.inlines(block.inlines)
        return f"<w:p>{self.ppr(block)}{opened}{prefix}{body}{closed}</w:p>"

    def ppr(self, block: Block) -> str:
        parts = [f'<w:pStyle w:val="{self.runs.style_ids[block.style]}"/>']
        if block.keep_next:
            parts.append("<w:keepNext/>")
        if block.page_break_before:
            parts.append("<w:pageBreakBefore/>")
        if block.list_id is not None and block.list_id in self.num_ids:
            parts.append(f'<w:numPr><w:ilvl w:val="{block.level}"/>'
                         f'<w:numId w:val="{self.num_ids[block.list_id]}"/></w:numPr>')
        return f"<w:pPr>{''.join(parts)}</w:pPr>"
