"""What a document set says about itself in a package's properties (core, custom, app)."""

from __future__ import annotations

from annexgen.core.model import DocumentSet
from annexgen.writers.ooxml import CustomValue


def described(meta: DocumentSet, keywords: tuple[str, ...]) -> dict[str, str]:
    """The core properties beyond title, author and language: the set's short title as the
    subject, the keywords (LibreOffice splits them at spaces and , ; : when it exports the
    PDF's), the status as document.yaml writes it."""
    return {"subject": meta.short_title, "keywords": ", ".join(keywords), "status": meta.status}


def custom(meta: DocumentSet) -> dict[str, CustomValue]:
    """docProps/custom.xml's values: the symbol (when there is one), the status, whether it
    is final, and the meeting the set supports: its name, venue and dates."""
    supports = meta.supports
    symbol: dict[str, CustomValue] = {"Document symbol": meta.symbol} if meta.symbol else {}
    return {**symbol, "Status": meta.status, "Final": meta.is_final,
            "Supported meeting": supports.name,
            "Supported meeting venue": f"{supports.city}, {supports.country}",
            "Supported meeting start": supports.start, "Supported meeting end": supports.end}
