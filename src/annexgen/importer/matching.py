"""Which paragraphs of a report each outcome already in the content is: by number and by
wording, the best matches first, each paragraph going to one outcome."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz

from annexgen.core.text import normalize

# How alike an outcome and a paragraph must be to be the same outcome (rapidfuzz ratio):
# at its own number, a corrected paragraph; elsewhere, one that was renumbered.
SAME_PLACE_RATIO = 55.0
MOVED_RATIO = 85.0
# Where a renumbered outcome may have gone is looked for only among the paragraphs that
# share most of its word triples (a shared triple common to more paragraphs than this
# says nothing): the search stays linear in the report's size.
_COMMON_TRIPLE = 50
_CANDIDATES = 6
# A range longer than this is not looked for elsewhere (no recommendation runs to more).
_LONGEST_MOVED_RANGE = 50
_WORD = re.compile(r"\w+")


class How(Enum):
    IN_PLACE = "in place"  # its own numbers, its wording
    REVISED = "revised"  # its own numbers, a corrected wording
    MOVED = "moved"  # its wording, under other numbers
    REPLACED = "replaced"  # its own numbers, but the report says something else there
    SHORTENED = "shortened"  # part of its own numbers (the rest withdrawn), its wording


@dataclass(frozen=True, slots=True)
class Known:
    """An outcome already in the content: its paragraph numbers and its text."""

    key: int
    first: int
    last: int
    text: str


@dataclass(frozen=True, slots=True)
class Match:
    first: int
    last: int
    how: How


@dataclass(frozen=True, slots=True)
class Matching:
    """Each known outcome's paragraphs (if found), and the paragraphs no outcome took."""

    matches: dict[int, Match]
    free: tuple[int, ...]  # paragraph numbers, in the report's order

    def holder(self, number: int) -> int | None:
        """The outcome that took paragraph `number`, if one did."""
        for key, match in self.matches.items():
            if match.first <= number <= match.last:
                return key
        return None


def match(known: Iterable[Known], paragraphs: dict[int, str]) -> Matching:
    """Outcomes at their own numbers with their wording first; then, best first, each
    remaining outcome at its own numbers (reworded) or at the run elsewhere it reads like
    (renumbered); then an outcome whose own paragraphs are still free takes them, though
    the report says something else there."""
    report = _Report(paragraphs)
    matches: dict[int, Match] = {}
    rest = []
    for outcome in known:
        text = report.joined(outcome.first, outcome.last)
        if text is not None and _alike(outcome.text, text) >= MOVED_RATIO:
            matches[outcome.key] = Match(outcome.first, outcome.last, How.IN_PLACE)
            report.claim(outcome.first, outcome.last)
        else:
            rest.append(outcome)
    candidates = sorted((c for outcome in rest for c in report.candidates(outcome)),
                        key=lambda c: (-c[0], c[1].key, c[2]))
    for _, outcome, first, how in candidates:
        last = first + outcome.last - outcome.first
        if outcome.key not in matches and report.is_free(first, last):
            matches[outcome.key] = Match(first, last, how)
            report.claim(first, last)
    for outcome in rest:
        if outcome.key not in matches and (found := report.what_is_left(outcome)):
            matches[outcome.key] = found
            report.claim(found.first, found.last)
    free = tuple(n for n in paragraphs if n not in report.claimed)
    return Matching(matches, free)


def _alike(old: str, new: str) -> float:
    return fuzz.ratio(normalize(old), normalize(new))


class _Report:
    """The report's paragraphs by number, those already taken, and an index of their word
    triples for finding where a renumbered outcome went."""

    def __init__(self, paragraphs: dict[int, str]):
        self.paragraphs = paragraphs
        self.claimed: set[int] = set()
        self._triples: dict[tuple[str, ...], list[int]] = {}
        for number, text in paragraphs.items():
            for triple in _triples(text):
                self._triples.setdefault(triple, []).append(number)

    def joined(self, first: int, last: int) -> str | None:
        """Paragraphs first..last as one text, or None when one is missing."""
        if any(n not in self.paragraphs for n in range(first, last + 1)):
            return None
        return " ".join(self.paragraphs[n] for n in range(first, last + 1))

    def is_free(self, first: int, last: int) -> bool:
        return all(n in self.paragraphs and n not in self.claimed
                   for n in range(first, last + 1))

    def claim(self, first: int, last: int) -> None:
        self.claimed.update(range(first, last + 1))

    def what_is_left(self, outcome: Known) -> Match | None:
        """The longest run of its own paragraphs still in the report and free: all of them
        (the report says something else there), or part of a range (the rest withdrawn)."""
        best: tuple[int, int] | None = None
        start = None
        for number in range(outcome.first, outcome.last + 2):
            if number <= outcome.last and self.is_free(number, number):
                start = number if start is None else start
                continue
            if start is not None and (best is None or number - start > best[1] - best[0] + 1):
                best = (start, number - 1)
            start = None
        if best is None:
            return None
        if best == (outcome.first, outcome.last):
            return Match(*best, How.REPLACED)
        part = self.joined(*best) or ""
        kept = fuzz.partial_ratio(normalize(part), normalize(outcome.text)) >= MOVED_RATIO
        return Match(*best, How.SHORTENED if kept else How.REPLACED)

    def candidates(self, outcome: Known) -> list[tuple[float, Known, int, How]]:
        """(ratio, outcome, first paragraph, how) for its own place (reworded, at least
        SAME_PLACE_RATIO) and for the runs elsewhere that read like it (MOVED_RATIO)."""
        found = []
        own = self.joined(outcome.first, outcome.last) if self.is_free(
            outcome.first, outcome.last) else None
        if own is not None and (ratio := _alike(outcome.text, own)) >= SAME_PLACE_RATIO:
            found.append((ratio, outcome, outcome.first, How.REVISED))
        span = outcome.last - outcome.first
        starts = self._likely_starts(outcome.text, span) if span <= _LONGEST_MOVED_RANGE else []
        for start in starts:
            if start == outcome.first or not self.is_free(start, start + span):
                continue
            text = self.joined(start, start + span) or ""
            if (ratio := _alike(outcome.text, text)) >= MOVED_RATIO:
                found.append((ratio, outcome, start, How.MOVED))
        return found

    def _likely_starts(self, text: str, span: int) -> list[int]:
        hits: Counter[int] = Counter()
        for triple in set(_triples(text)):
            numbers = self._triples.get(triple, ())
            if len(numbers) <= _COMMON_TRIPLE:
                hits.update(numbers)
        starts = {number - back for number, _ in hits.most_common(_CANDIDATES)
                  for back in range(span + 1)}
        return sorted(starts)


def _triples(text: str) -> list[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return [tuple(words[at:at + 3]) for at in range(max(len(words) - 2, 0))]
