"""The PDF export settings given to LibreOffice: tagged PDF/UA-1 on PDF/A-2b."""

from __future__ import annotations

import json
from pathlib import Path

# LibreOffice's PDF export filter data (names as its filter reads them). SelectPdfVersion 2 is
# PDF/A-2b; PDFUACompliance adds the PDF/UA-1 claim and the checks that go with it (document
# title shown, tagged structure, alternative texts).
EXPORT_OPTIONS: dict[str, bool | int] = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "SelectPdfVersion": 2,
    "ExportBookmarks": True,
    "DisplayPDFDocumentTitle": True,
}

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".ods", ".xls"})


def filter_name(source: Path) -> str:
    """The export filter of the LibreOffice module that opens `source`."""
    return "calc_pdf_Export" if source.suffix.lower() in SPREADSHEET_SUFFIXES \
        else "writer_pdf_Export"


def convert_to_argument(source: Path) -> str:
    """`soffice --convert-to`'s argument for a tagged PDF of `source`: the filter and its
    data in the JSON form LibreOffice 7.4 reads."""
    typed = {name: {"type": "boolean" if isinstance(value, bool) else "long",
                    "value": str(value).lower() if isinstance(value, bool) else str(value)}
             for name, value in EXPORT_OPTIONS.items()}
    return f"pdf:{filter_name(source)}:{json.dumps(typed, separators=(',', ':'))}"
