"""Escaping text for XML written as strings, in every part of every package."""

from __future__ import annotations

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(text: str) -> str:
    return text.translate(_TEXT)


def attr(text: str) -> str:
    return text.translate(_ATTR)
