"""Reads rendered PDFs back with poppler: the text of each page and the fonts embedded."""

from __future__ import annotations

import re
from pathlib import Path

from annexgen.render.soffice import run_tool

_SPACE = re.compile(r"\s+")


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, white space collapsed (pdftotext ends every page with a form feed)."""
    text = run_tool(["pdftotext", "-enc", "UTF-8", str(pdf), "-"])
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [flatten(page) for page in pages]


def flatten(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def fonts(pdf: Path) -> list[str]:
    """The font names embedded in a PDF, without the subset prefix (ABCDEF+)."""
    lines = run_tool(["pdffonts", str(pdf)]).splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in lines if line.strip()}
    return sorted(names)
