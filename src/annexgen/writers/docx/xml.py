"""XML text helpers and units for WordprocessingML parts written as strings."""

from __future__ import annotations

import re

from annexgen.writers.xml import attr, esc

__all__ = ["attr", "esc"]  # the parts of this package take them from here

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROOT_NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_BREAK_OR_TAB = re.compile(r"(\n|\t)")
_BREAKS = {"\n": "<w:br/>", "\t": "<w:tab/>"}


def twips(points: float) -> int:
    """Points to twentieths of a point (Word's spacing unit)."""
    return round(points * 20)


def twips_mm(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def half_points(points: float) -> int:
    return round(points * 2)


def text_run(text: str, rpr: str = "", tag: str = "w:t") -> str:
    """A run holding text (`w:delText` for deleted text); spaces at the edges are kept, a
    line feed is a line break and a tab (after a sub-item's label) a tab."""
    pieces = (_BREAKS.get(piece) or _text_element(piece, tag)
              for piece in _BREAK_OR_TAB.split(text))
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def _text_element(text: str, tag: str) -> str:
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<{tag}{space}>{esc(text)}</{tag}>"
