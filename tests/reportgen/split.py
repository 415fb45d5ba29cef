"""Splits a text at sentence (else word) ends, so that the parts joined by spaces give it back."""

from __future__ import annotations

import itertools
import re

SENTENCE_END = re.compile(r"(?<=[.!?])[”’]? (?=[“‘(]?[A-Z0-9])")
CLAUSE_END = re.compile(r"(?<=[;:,]) ")


def split_text(text: str, parts: int) -> list[str]:
    """`parts` non-empty pieces of `text`, cut at single spaces, sentence ends first."""
    if parts < 1 or "  " in text or text != text.strip():
        raise ValueError("need a positive count and a text with single spaces")
    cuts = _choose(text, parts - 1)
    bounds = [-1, *cuts, len(text)]
    pieces = [text[start + 1:end] for start, end in itertools.pairwise(bounds)]
    assert " ".join(pieces) == text and all(pieces)
    return pieces


def _choose(text: str, wanted: int) -> list[int]:
    """Positions of `wanted` spaces to cut at: sentence ends, then clause ends, then any space."""
    chosen: list[int] = []
    for candidates in (_spaces(SENTENCE_END, text), _spaces(CLAUSE_END, text),
                       [i for i, ch in enumerate(text) if ch == " "]):
        free = [c for c in candidates if c not in chosen]
        chosen += _spread(free, wanted - len(chosen), len(text))
        if len(chosen) == wanted:
            return sorted(chosen)
    raise ValueError(f"cannot cut {text[:40]!r} into {wanted + 1} parts")


def _spaces(pattern: re.Pattern, text: str) -> list[int]:
    return [m.end() - 1 for m in pattern.finditer(text)]


def _spread(candidates: list[int], count: int, length: int) -> list[int]:
    """Up to `count` of `candidates`, each the nearest to an evenly spaced target."""
    picked: list[int] = []
    for k in range(1, count + 1):
        pool = [c for c in candidates if c not in picked]
        if not pool:
            break
        target = length * k / (count + 1)
        picked.append(min(pool, key=lambda c: abs(c - target)))
    return picked


def sentence_end(text: str) -> int:
    """The offset just after the first sentence's full stop (or the text's end)."""
    match = SENTENCE_END.search(text)
    return match.end() - 1 if match else len(text)


def sentences(text: str) -> int:
    """How many sentences `text` has, by the boundaries split_text prefers."""
    return len(SENTENCE_END.findall(text)) + 1
