"""A Word deliverable as the writers receive it: blocks, footnotes, running heads, its words."""

from __future__ import annotations

from dataclasses import dataclass

from annexgen.core.model import Corpus
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
    keywords: tuple[str, ...] = ()  # its properties' keywords (filed_under)


def filed_under(corpus: Corpus) -> tuple[str, ...]:
    """The symbols a deliverable of the set is found by: the set's own (when it has one) and
    each meeting's report's, words without spaces or punctuation that would split them."""
    own = (corpus.document.symbol,) if corpus.document.symbol else ()
    return own + tuple(meeting.symbol for meeting in corpus.meetings)


def bookmark_name(kind: str, content_id: str) -> str:
    """A Word bookmark name from a content id: letters, digits and underscores, at most 40."""
    return f"{kind}_{content_id.replace('-', '_')}"
