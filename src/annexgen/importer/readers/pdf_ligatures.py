"""A font's map to Unicode (its ToUnicode CMap) with its right-to-left ligatures turned round.
An Arabic font draws lam and alef as one glyph (لا, لأ), which the map gives as its two
letters in logical order, lam first. Poppler gives an Arabic word's letters in the order they
are printed, left to right, a ligature's letters as the map gives them, so that reversing the
word (pdf_bidi) turns those two round ('الأعمال' came back 'األعمال', 'المداولات'
'المداوالت'). Which pair of letters was one glyph cannot be told from the text ('سالم' and
'سلام' are both words), so the map itself is read: a ligature of right-to-left letters is
written in printed order in a copy of the PDF, which poppler reads instead."""

from __future__ import annotations

import re
import unicodedata

_SECTION = re.compile(rb"beginbf(char|range)(.*?)endbf(?:char|range)", re.S)
_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[|\]")
_RIGHT_TO_LEFT = frozenset(("R", "AL"))


def turned(data: bytes) -> bytes | None:
    """The CMap with every target of two or more right-to-left letters (and their marks)
    reversed, or None when it has none."""
    edits: list[tuple[int, int, bytes]] = []
    for section in _SECTION.finditer(data):
        tokens = list(_TOKEN.finditer(data, section.start(2), section.end(2)))
        targets = _char_targets(tokens) if section.group(1) == b"char" else _range_targets(tokens)
        for token in targets:
            reversed_hex = _reversed(token.group(1))
            if reversed_hex is not None:
                edits.append((token.start(1), token.end(1), reversed_hex))
    if not edits:
        return None
    out, at = [], 0
    for start, end, text in edits:
        out += [data[at:start], text]
        at = end
    out.append(data[at:])
    return b"".join(out)


def _char_targets(tokens: list[re.Match[bytes]]) -> list[re.Match[bytes]]:
    """bfchar: <code> <target> pairs."""
    hexes = [t for t in tokens if t.group(1) is not None]
    return hexes[1::2]


def _range_targets(tokens: list[re.Match[bytes]]) -> list[re.Match[bytes]]:
    """bfrange: <low> <high> <target> (a target for a single code, else one counted up,
    left alone) or <low> <high> [<target> …]."""
    targets, at = [], 0
    while at + 2 < len(tokens):
        low, high, third = tokens[at:at + 3]
        if third.group(0) == b"[":
            end = next((i for i in range(at + 3, len(tokens)) if tokens[i].group(0) == b"]"),
                       len(tokens))
            targets += [t for t in tokens[at + 3:end] if t.group(1) is not None]
            at = end + 1
            continue
        if low.group(1) is not None and low.group(1) == high.group(1):
            targets.append(third)
        at += 3
    return targets


def _reversed(hex_text: bytes) -> bytes | None:
    """UTF-16BE hex of two or more right-to-left letters and marks, reversed; else None."""
    try:
        text = bytes.fromhex(hex_text.decode("ascii")).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return None
    kinds = [unicodedata.bidirectional(char) for char in text]
    if len(text) < 2 or not any(k in _RIGHT_TO_LEFT for k in kinds) or \
            not all(k in _RIGHT_TO_LEFT or k == "NSM" for k in kinds):
        return None
    return text[::-1].encode("utf-16-be").hex().upper().encode("ascii")
