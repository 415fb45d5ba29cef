"""XML text helpers and units for WordprocessingML parts written as strings."""

from __future__ import annotations

from annexgen.writers.xml import attr, esc

__all__ = ["attr", "esc"]  # the parts of this package take them from here

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROOT_NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

def twips(points: float) -> int:
    """Points to twentieths of a point (Word's spacing unit)."""
    return round(points * 20)


def twips_mm(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def half_points(points: float) -> int:
    return round(points * 2)


def text_run(text: str, rpr: str = "", tag: str = "w:t") -> str:
    """A run holding text (`w:delText` for deleted text); spaces at the edges are kept, and
    a line feed (an outcome's sub-items) is a line break."""
    pieces = [_text_element(line, tag) for line in text.split("\n")]
    return f"<w:r>{rpr}{'<w:br/>'.join(pieces)}</w:r>"


def _text_element(text: str, tag: str) -> str:
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<{tag}{space}>{esc(text)}</{tag}>"
