"""Text rules shared by loading and composing: normalisation, phrase search, counts."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# A sub-item's label as UN documents print it in the six languages (a regular expression,
# without anchors): (a), (iv), a), iv) in Latin letters (English, French, Spanish); а), б)
# in Cyrillic letters (Russian, no й ъ ы ь); (أ), (ب), (هـ) in abjad order (Arabic); (a) or
# (一) in half- or full-width brackets (Chinese: no space need follow a full-width one).
_ABJAD = "أبجدوزحطيكلمنسعفصقرشتثخذضظغ"
_CYRILLIC = "абвгдежзиклмнопрстуфхцчшщэюя"
_CHINESE = "一二三四五六七八九十"
SUBITEM_LABEL = (
    r"\((?:[a-z]{1,2}|[ivxlc]{1,6})\)|(?:[a-z]|[ivxlc]{1,6})\)"
    rf"|\(?[{_CYRILLIC}]\)"
    rf"|\((?:[{_ABJAD}]|هـ?)\)"
    rf"|\([{_CHINESE}]{{1,3}}\)|（(?:[a-z]{{1,2}}|[ivxlc]{{1,6}}|[{_CHINESE}]{{1,3}})）")


def normalize(text: str) -> str:
    """NFC, runs of white space as one space, no leading or trailing space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def normalize_lines(text: str) -> str:
    """As `normalize`, line by line: the line breaks of sub-items (a), (b) are kept, blank
    lines are not."""
    lines = (normalize(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _is_word_char(char: str) -> bool:
    """A letter, digit or underscore (whether its script parts words with spaces is
    `_unspaced`'s business)."""
    return char.isalnum() or char == "_"


def find_phrase(text: str, phrase: str) -> list[int]:
    """Where `phrase` starts in `text`: whole phrases only (never inside a word of a script
    that spaces its words), case-sensitive."""
    starts = []
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        clean_start = at == 0 or not _joined(text[at - 1], phrase[0])
        clean_end = end == len(text) or not _joined(phrase[-1], text[end])
        if clean_start and clean_end:
            starts.append(at)
        at = text.find(phrase, at + 1)
    return starts


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A stretch of the text trimmed of spaces and punctuation at its ends, then widened to
    the whole words it touches (how a selection becomes a key phrase). Scripts written
    without spaces (Chinese, Japanese kana, Thai …) are not widened: their words are told by
    a dictionary, which the workbench's browser has (Intl.Segmenter) and sends aligned."""
    while start < end and not _in_word(text[start]):
        start += 1
    while end > start and not _in_word(text[end - 1]):
        end -= 1
    while start > 0 and _widens(text[start - 1]) and _widens(text[start]):
        start -= 1
    while end < len(text) and _widens(text[end]) and _widens(text[end - 1]):
        end += 1
    return start, end


# Scripts written without spaces between words: CJK ideographs, kana, Thai, Lao, Myanmar,
# Khmer (code point ranges).
_UNSPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF),
             (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


_UNSPACED_CHAR = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _UNSPACED)
                            + "]")


def _unspaced(char: str) -> bool:
    return unspaced(char)


def has_unspaced(text: str) -> bool:
    """Whether the text holds a character of a script written without spaces (Chinese)."""
    return _UNSPACED_CHAR.search(text) is not None


def _joined(left: str, right: str) -> bool:
    """Whether the two characters stand inside one word (as far as spaces tell)."""
    return (_is_word_char(left) and _is_word_char(right)
            and not _unspaced(left) and not _unspaced(right))


def unspaced(char: str) -> bool:
    """Whether `char` is of a script written without spaces between words (Chinese)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _UNSPACED)


def no_space_between(left: str, right: str) -> bool:
    """Whether two texts side by side are written without a space between them: the
    character facing the other on either side is of a script written without spaces, or a
    CJK or full-width punctuation mark or form ("议程项目" and "3：", "会议" and "（续）")."""
    return bool(left and right) and (_wide(left[-1]) or _wide(right[0]))


def _wide(char: str) -> bool:
    code = ord(char)
    return unspaced(char) or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def _in_word(char: str) -> bool:
    """A letter, a digit or a mark on one (Arabic vowel signs are marks)."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _widens(char: str) -> bool:
    """Whether a selection touching the character grows to take it: part of a word of a
    script that spaces its words."""
    return _in_word(char) and not _unspaced(char)


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
