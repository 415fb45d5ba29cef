"""Test helpers that read parts of generated packages directly (what python-docx does not model)."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def has_part(data: bytes, name: str) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return name in package.namelist()


def footnote_texts(data: bytes) -> list[str]:
    """The text of each real footnote (separators left out), in id order."""
    if not has_part(data, "word/footnotes.xml"):
        return []
    root = part(data, "word/footnotes.xml")
    notes = [note for note in root.findall("w:footnote", NS) if note.get(f"{{{W}}}type") is None]
    notes.sort(key=lambda note: int(note.get(f"{{{W}}}id")))
    return ["".join(note.itertext()).strip() for note in notes]


def footnote_ids(data: bytes) -> tuple[list[int], list[int]]:
    """The ids referred to in the body, and the ids of the real footnotes."""
    refs = [int(ref.get(f"{{{W}}}id"))
            for ref in part(data, "word/document.xml").iter(f"{{{W}}}footnoteReference")]
    if not has_part(data, "word/footnotes.xml"):
        return refs, []
    notes = [int(note.get(f"{{{W}}}id"))
             for note in part(data, "word/footnotes.xml").findall("w:footnote", NS)
             if note.get(f"{{{W}}}type") is None]
    return refs, notes
