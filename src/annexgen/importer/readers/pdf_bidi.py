"""Right-to-left text read back in reading order. Poppler gives the words of a PDF as they are
printed, left to right, and the letters of an Arabic word in the same visual order ('ةمدقم'
for مقدمة). A line of such words is put back in its logical order here by the inverse of the
Unicode bidirectional algorithm's reordering: each character's embedding level is told from
its neighbours as printed, and the runs of each level are reversed again (the reordering is
its own inverse). Figures and Latin words inside Arabic text keep their own order
("A/CONF.234/RPM.2/1", "12"); a range's figures, a bracket or a full stop swap sides as
they were swapped in print ("9–6" back to "6–9", ".)" back to ")."); brackets need no
mirroring, as poppler gives a mirrored bracket as the character written.

The paragraph direction decides where a line starts and where its label stands: a document
whose letters are mostly Arabic (or Hebrew) is read right to left throughout, its pages
mirrored (x from the right edge), so that a line's start and its paragraph number ("1 -",
"2.", "(أ)", printed at the right) come first, and a right-hand column is read first; an
English line in it keeps its words in their order, its full stop moved back to its end.
A document in a left-to-right script reads its Arabic runs (a heading in Arabic, a quoted
name) right to left inside its left-to-right lines."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from annexgen.importer.readers.pdf_words import TOUCH, Page, Word

# Letters of the scripts written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko …, and
# the Arabic and Hebrew presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
                  "\U00010800-\U00010fff\U0001e800-\U0001efff]")
# Arabic presentation forms (a letter's initial, medial or final shape, a ligature), which a
# font without a map to Unicode may leave: read as the letters they show.
_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]+")
_LETTER = re.compile(r"[^\W\d_]")
# A paragraph number as Arabic UN documents print it, "1 -", its figure and dash two words.
_DASH = frozenset("-–")


def has_right_to_left(text: str) -> bool:
    """Whether the text holds a letter of a script written right to left."""
    return _RTL.search(text) is not None


def reads_right_to_left(pages: list[Page]) -> bool:
    """Whether the document is written right to left: more of its letters are of a right-to-
    left script than of the others."""
    rtl = letters = 0
    for page in pages:
        for word in page.words:
            if _RTL.search(word.text):
                rtl += len(_RTL.findall(word.text))
            letters += len(_LETTER.findall(word.text))
    return rtl > letters - rtl


def in_reading_order(pages: list[Page]) -> list[Page]:
    """The pages with their right-to-left text in logical order: in a right-to-left document
    every page mirrored and each of poppler's lines reordered; in another, each line that
    holds right-to-left letters reordered in place. Pages without any are returned as they
    are (an English document is not touched)."""
    if not any(_RTL.search("".join(word.text for word in page.words)) for page in pages):
        return pages
    rtl = reads_right_to_left(pages)
    return [replace(page, words=_page_words(page, rtl)) for page in pages]


def _page_words(page: Page, rtl: bool) -> tuple[Word, ...]:
    lines: dict[int, list[Word]] = {}
    for word in page.words:
        lines.setdefault(word.segment, []).append(word)
    out: list[Word] = []
    for words in lines.values():
        if rtl or any(_RTL.search(word.text) for word in words):
            out += logical_words(sorted(words, key=lambda w: w.x0), page.width, rtl)
        else:
            out += words
    return tuple(out)


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    source: int  # the printed word it comes from; -1 for the space between two words


def logical_words(words: list[Word], width: float, rtl: bool) -> list[Word]:
    """One printed line's words (left to right as printed) in logical order, as the words
    they are once read: words that touch are one (poppler cuts a word where its direction
    changes: "." and "2" of "2."), and a paragraph number "1 -" is one. A right-to-left
    line (`rtl`: its paragraph's direction) comes mirrored, x counted from the page's right
    edge (`width`), so that x grows in reading order in either direction; the boxes of a
    run read against the line's direction are mirrored within the run, so that x grows
    along every line."""
    chars: list[_Char] = []
    for index, word in enumerate(words):
        if index and word.x0 - words[index - 1].x1 >= TOUCH * word.size:
            chars.append(_Char(" ", words[index - 1].x1, word.x0, -1))
        step = (word.x1 - word.x0) / len(word.text)
        chars += [_Char(char, word.x0 + at * step, word.x0 + (at + 1) * step, index)
                  for at, char in enumerate(word.text)]
    levels = _levels([c.text for c in chars], 1 if rtl else 0)
    _reorder(chars, levels, width if rtl else None)
    out: list[Word] = []
    run: list[_Char] = []
    for char in [*chars, _Char(" ", 0, 0, -1)]:
        if char.source >= 0:
            run.append(char)
        elif run:
            out.append(_word(run, words))
            run = []
    if rtl and len(out) >= 2 and out[0].text.isdigit() and out[1].text in _DASH:
        number, dash = out[0], out[1]
        out[:2] = [replace(number, x1=dash.x1, text=f"{number.text} {dash.text}")]
    return out


def _word(chars: list[_Char], words: list[Word]) -> Word:
    """A logical word from its characters: the box they span, the font of the printed word
    most of them come from."""
    counts = Counter(char.source for char in chars)
    sources = [words[index] for index in counts]
    main = words[counts.most_common(1)[0][0]]
    text = _FORMS.sub(lambda forms: unicodedata.normalize("NFKC", forms.group()),
                      "".join(c.text for c in chars))
    return Word(min(c.x0 for c in chars), max(c.x1 for c in chars),
                min(w.top for w in sources), max(w.bottom for w in sources), text,
                main.segment, main.size, main.bold)


# The bidirectional types, folded: strong left-to-right (L), right-to-left (R), European and
# Arabic figures (EN, AN), separators within a number (CS), number terminators (ET), marks
# (NSM), and the neutrals (N: spaces and other punctuation).
_TYPES = {"L": "L", "R": "R", "AL": "R", "EN": "EN", "AN": "AN", "ES": "CS", "CS": "CS",
          "ET": "ET", "NSM": "NSM"}


def _levels(chars: list[str], base: int) -> list[int]:
    """The embedding level of each character of a line given in visual order, in a
    paragraph of level `base` (0 left to right, 1 right to left): the rules of the
    bidirectional algorithm (W4–W7, N1–N2, I1–I2) with neighbours taken as printed."""
    types = [_TYPES.get(unicodedata.bidirectional(c), "N") for c in chars]
    count = len(types)
    for at, kind in enumerate(types):  # a mark goes with the letter beside it
        if kind == "NSM":
            near = [types[i] for i in (at + 1, at - 1) if 0 <= i < count and types[i] in ("L", "R")]
            types[at] = near[0] if near else "N"
    for at in range(1, count - 1):  # W4: one separator between figures of one kind
        if types[at] == "CS" and types[at - 1] == types[at + 1] and types[at - 1] in ("EN", "AN"):
            types[at] = types[at - 1]
    for at, kind in enumerate(types):  # W5: terminators beside European figures
        if kind == "ET" and _beside(types, at, "EN"):
            types[at] = "EN"
    types = ["N" if kind in ("CS", "ET") else kind for kind in types]  # W6
    _figures_after_letters(types, "L" if base == 0 else "R")
    _brackets(chars, types, "L" if base == 0 else "R")
    resolved = _neutrals(types, "L" if base == 0 else "R")
    if base == 0:
        return [0 if kind == "L" else 1 if kind == "R" else 2 for kind in resolved]
    return [1 if kind == "R" else 2 for kind in resolved]


def _beside(types: list[str], at: int, kind: str) -> bool:
    """Whether a run of ET at `at` touches a character of `kind` on either side."""
    for step in (-1, 1):
        near = at
        while 0 <= near < len(types) and types[near] == "ET":
            near += step
        if 0 <= near < len(types) and types[near] == kind:
            return True
    return False


def _figures_after_letters(types: list[str], start: str) -> None:
    """W7, in place: a run of European figures whose nearest letter or figure before it is a
    left-to-right letter (or the line's start, in a left-to-right paragraph) is of it. As
    printed, "before" is to the left: true inside a run read left to right ("April 2019"),
    where it matters; "9 April 2019" after Arabic words is printed "April 2019 9", and its
    "9", after figures, stays a figure."""
    last = start
    at = 0
    while at < len(types):
        if types[at] != "EN":
            if types[at] != "N":
                last = types[at]
            at += 1
            continue
        end = at
        while end < len(types) and types[end] == "EN":
            end += 1
        if last == "L":
            types[at:end] = ["L"] * (end - at)
        last = "EN"
        at = end


_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSING = {closing: opening for opening, closing in _PAIRS.items()}


def _brackets(chars: list[str], types: list[str], embedding: str) -> None:
    """N0, in place: a pair of brackets takes the paragraph's direction when it holds text
    of that direction; else, holding text of the other only, it takes that one when the
    text before it does too ("… القانون (تابع)" in an English paragraph: both brackets
    are Arabic). As printed, a pair read left to right stands "(…)" and its text before
    it to the left; one read right to left stands ")…(" (poppler gives the character
    written, not the mirrored glyph), its text before it to the right."""
    at = 0
    while at < len(chars):
        char = chars[at]
        mate = _PAIRS.get(char) or _CLOSING.get(char)
        end = next((i for i in range(at + 1, len(chars))
                    if chars[i] in _PAIRS or chars[i] in _CLOSING), None)
        if mate is None or end is None or chars[end] != mate:
            at += 1
            continue
        inside = {_direction(kind) for kind in types[at + 1:end] if kind != "N"}
        if embedding in inside:
            kind = embedding
        elif inside:
            (kind,) = inside
            outside = types[end + 1:] if kind == "R" else types[at - 1::-1] if at else []
            context = next((_direction(k) for k in outside if k != "N"), embedding)
            kind = kind if context == kind else embedding
        else:
            at = end
            continue
        types[at] = types[end] = kind
        at = end + 1


def _neutrals(types: list[str], embedding: str) -> list[str]:
    """N1–N2: a run of neutrals between two characters of one direction (figures count as
    right to left) takes it; any other, the paragraph's."""
    out = list(types)
    at = 0
    while at < len(out):
        if out[at] != "N":
            at += 1
            continue
        end = at
        while end < len(out) and out[end] == "N":
            end += 1
        before = _direction(out[at - 1]) if at > 0 else embedding
        after = _direction(out[end]) if end < len(out) else embedding
        out[at:end] = [before if before == after else embedding] * (end - at)
        at = end
    return out


def _direction(kind: str) -> str:
    return "L" if kind == "L" else "R"


def _reorder(chars: list[_Char], levels: list[int], width: float | None) -> None:
    """L2 on the characters and their levels, in place: from the highest level down to the
    lowest odd one, every run at that level or higher reversed, its boxes mirrored within
    the run; a run that is the whole of a right-to-left line (`width` given) is mirrored
    within the page instead."""
    if not levels:
        return
    lowest = 1 if width is not None else min((lv for lv in levels if lv % 2), default=None)
    if lowest is None:
        return
    for level in range(max(levels), lowest - 1, -1):
        at = 0
        while at < len(chars):
            if levels[at] < level:
                at += 1
                continue
            end = at
            while end < len(chars) and levels[end] >= level:
                end += 1
            whole = width is not None and level == 1  # the whole line, as levels are 1 or more
            left = 0.0 if whole else min(c.x0 for c in chars[at:end])
            right = width if whole and width is not None else max(c.x1 for c in chars[at:end])
            for char in chars[at:end]:
                char.x0, char.x1 = left + right - char.x1, left + right - char.x0
            chars[at:end] = chars[at:end][::-1]
            levels[at:end] = levels[at:end][::-1]
            at = end
