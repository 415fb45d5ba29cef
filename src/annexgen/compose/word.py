"""A Word deliverable as the writers receive it: blocks, footnotes, running heads, its words."""

from __future__ import annotations

from dataclasses import dataclass

from annexgen.core.richtext import Block
from annexgen.core.words import PageWords


@dataclass(frozen=True, slots=True)
class WordDocument:
    """Blocks in reading order; footnotes by name, numbered in order of first reference.
    `page_words` word its page references, `language` is the language its text is marked
    with (w:lang): both are the document's language's, as every word of it is."""

    name: str
    title: str
    blocks: tuple[Block, ...]
    footnotes: dict[str, tuple[Block, ...]]
    header_left: str
    header_right: str
    marking: str | None
    page_words: PageWords
    language: str
    first_page: int = 1  # the number its first page prints (a part of a larger document)


def bookmark_name(kind: str, content_id: str) -> str:
    """A Word bookmark name from a content id: letters, digits and underscores, at most 40."""
    return f"{kind}_{content_id.replace('-', '_')}"
