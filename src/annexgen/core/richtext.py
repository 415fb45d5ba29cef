"""The rich-text vocabulary shared by content, document model and writers: inlines and blocks."""

from __future__ import annotations

from dataclasses import dataclass

# Character marks a Span may carry.
BOLD, ITALIC, SUPERSCRIPT = "bold", "italic", "sup"
KEY_PHRASE, PARA_REF, LABEL = "key", "pararef", "label"
# Tracked changes (Word's w:ins / w:del), used by the change report.
INSERTED, DELETED = "ins", "del"
NO_MARKS: frozenset[str] = frozenset()
# Marks that Annex B's cells set in bold.
BOLD_MARKS = frozenset({BOLD, LABEL, KEY_PHRASE})
# The roles a paragraph may play; styles.yaml gives each its style, and a template picks one
# with {.role}.
PARAGRAPH_ROLES = ("body", "title", "hch", "h1", "h23", "theme", "see", "annex-title", "bullet",
                   "number", "outcome", "subitem", "footnote", "header", "footer", "status")


@dataclass(frozen=True, slots=True)
class Span:
    """Text with character marks, optionally a hyperlink and its title (the tooltip)."""

    text: str
    marks: frozenset[str] = NO_MARKS
    link: str | None = None
    tip: str | None = None


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A reference to a footnote by its name; numbered per document when composed."""

    name: str


@dataclass(frozen=True, slots=True)
class PageRef:
    """The pages of a cluster in an annex ("pages 4–8"), known only after layout."""

    annex: str
    cluster_id: str
    marks: frozenset[str] = NO_MARKS


@dataclass(frozen=True, slots=True)
class Break:
    """A line break inside a paragraph."""


Inline = Span | NoteRef | PageRef | Break


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of a given semantic style (body, bullet, h1 ...), with its inlines.

    `list_id` groups list items that number together; `bookmarks` are opened before the
    paragraph's text and `bookmark_ends` closed after it; `keep_next` keeps it on the page of
    the paragraph after it (its style may already do so).
    """

    style: str
    inlines: tuple[Inline, ...]
    level: int = 0
    list_id: int | None = None
    page_break_before: bool = False
    bookmarks: tuple[str, ...] = ()
    bookmark_ends: tuple[str, ...] = ()
    line: int = 0
    keep_next: bool = False


def plain_text(inlines) -> str:
    """The text of inlines, without marks (page references and notes left out)."""
    parts = []
    for item in inlines:
        if isinstance(item, Span):
            parts.append(item.text)
        elif isinstance(item, Break):
            parts.append("\n")
    return "".join(parts)
