"""A Word deliverable as the writers receive it: blocks, footnotes and running heads."""

from __future__ import annotations

from dataclasses import dataclass

from annexgen.core.richtext import Block


@dataclass(frozen=True, slots=True)
class WordDocument:
    """Blocks in reading order; footnotes by name, numbered in order of first reference."""

    name: str
    title: str
    blocks: tuple[Block, ...]
    footnotes: dict[str, tuple[Block, ...]]
    header_left: str
    header_right: str
    marking: str | None
    first_page: int = 1  # the number its first page prints (a part of a larger document)


def bookmark_name(kind: str, content_id: str) -> str:
    """A Word bookmark name from a content id: letters, digits and underscores, at most 40."""
    return f"{kind}_{content_id.replace('-', '_')}"
