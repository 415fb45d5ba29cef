"""Text rules shared by loading and composing: normalisation, phrase search, counts."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFC, runs of white space as one space, no leading or trailing space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def normalize_lines(text: str) -> str:
    """As `normalize`, line by line: the line breaks of sub-items (a), (b) are kept, blank
    lines are not."""
    lines = (normalize(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _is_word_char(char: str) -> bool:
    """A letter, digit or underscore of a script that parts its words with spaces: Chinese
    characters (wide) are each a word's edge, so a phrase may start or end beside one."""
    return (char.isalnum() or char == "_") and unicodedata.east_asian_width(char) not in ("W", "F")


def find_phrase(text: str, phrase: str) -> list[int]:
    """Where `phrase` starts in `text`: whole phrases only (never inside a word), case-sensitive."""
    starts = []
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        clean_start = at == 0 or not (_is_word_char(text[at - 1]) and _is_word_char(phrase[0]))
        clean_end = end == len(text) or not (_is_word_char(text[end]) and _is_word_char(phrase[-1]))
        if clean_start and clean_end:
            starts.append(at)
        at = text.find(phrase, at + 1)
    return starts


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A stretch of the text trimmed of spaces and punctuation at its ends, then widened to
    the whole words it touches (how a selection becomes a key phrase)."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """'1 outcome', '2 outcomes', '1,000 outcomes'; `plural` where adding an s is wrong."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


# Words that open the continuation of a phrase, not a phrase of its own.
_CONTINUING = re.compile(
    r"(?:and|or|nor|but|in particular|including|such as|notably|especially|namely|"
    r"as well as|inter alia|i\.e\.|e\.g\.|which|that|who|whom|whose|where|while|whereas)\b")


def continues_a_phrase(words: str) -> bool:
    """Whether `words` open as the continuation of a phrase ("in particular ...", "which
    ..."): in a list of key phrases, most likely cut from the one before by a comma."""
    return _CONTINUING.match(words) is not None
