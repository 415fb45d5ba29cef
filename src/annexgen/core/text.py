"""Text rules shared by loading and composing: normalisation, phrase search, date ranges."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_SPACES = re.compile(r"\s+")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def normalize(text: str) -> str:
    """NFC, runs of white space as one space, no leading or trailing space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def normalize_lines(text: str) -> str:
    """As `normalize`, line by line: the line breaks of sub-items (a), (b) are kept, blank
    lines are not."""
    lines = (normalize(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


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


def day_month_year(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_range(start: dt.date, end: dt.date) -> str:
    """A compact range with an en dash, as in UN mastheads: 22–24 January 2019."""
    if start == end:
        return day_month_year(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day_month_year(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]}–{day_month_year(end)}"
    return f"{day_month_year(start)}–{day_month_year(end)}"


def date_range_prose(start: dt.date, end: dt.date) -> str:
    """A range for running text: from 9 to 11 September 2019."""
    if start == end:
        return f"on {day_month_year(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"from {start.day} to {day_month_year(end)}"
    if start.year == end.year:
        return f"from {start.day} {MONTHS[start.month - 1]} to {day_month_year(end)}"
    return f"from {day_month_year(start)} to {day_month_year(end)}"


def page_range(first: int, last: int) -> str:
    """'page 3' or 'pages 4–8'."""
    return f"page {first}" if first == last else f"pages {first}–{last}"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """'1 outcome', '2 outcomes', '1,000 outcomes'; `plural` where adding an s is wrong."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy",
         8: "eighty", 9: "ninety"}


def in_words(count: int) -> str:
    """A whole number in English words up to 99 ('five', 'twenty-one'), in digits above
    (UN editorial style writes large numbers in figures) or below zero."""
    if not 0 <= count < 100:
        return str(count)
    if count < 20:
        return _UNITS[count]
    tens, units = divmod(count, 10)
    return _TENS[tens] + (f"-{_UNITS[units]}" if units else "")
