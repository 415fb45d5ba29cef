"""Reads rendered PDFs back: the text of each page (with poppler) and the fonts embedded."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from annexgen.render.soffice import run_tool

_SPACE = re.compile(r"\s+")
_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()]+)")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_NAME_ESCAPE = re.compile(r"#([0-9A-Fa-f]{2})")


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, white space collapsed (pdftotext ends every page with a form feed)."""
    text = run_tool(["pdftotext", "-enc", "UTF-8", str(pdf), "-"])
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [flatten(page) for page in pages]


def pdf_page_texts(pdf: bytes) -> list[str]:
    """`page_texts` of a PDF held in memory. The copy poppler reads has its output intent
    (PDF/A's ICC colour profile) renamed away, same length: poppler spends a quarter of a
    second setting up colour management for it, which text does not need."""
    with tempfile.NamedTemporaryFile(prefix="annexgen-", suffix=".pdf") as file:
        file.write(pdf.replace(b"/OutputIntents", b"/OutputIntentX"))
        file.flush()
        return page_texts(Path(file.name))


def flatten(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has: its page objects (LibreOffice writes them uncompressed)."""
    return len(_PAGE.findall(pdf))


def fonts(pdf: bytes) -> list[str]:
    """The font names a PDF embeds, without the subset prefix (ABCDEF+).

    LibreOffice writes font dictionaries uncompressed, so their /BaseFont names can be read
    from the bytes; this spares a pdffonts process per file.
    """
    names = {_unescape(match.group(1)).split("+")[-1] for match in _BASE_FONT.finditer(pdf)}
    return sorted(names)


def _unescape(name: bytes) -> str:
    """A PDF name's text: #xx stands for the byte xx."""
    return _NAME_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), name.decode("latin-1"))
