"""The agenda item a report's heading names, in the six languages: its number and its title."""

from __future__ import annotations

import re

# "Agenda item 3" as the reports of each language print it (UN terminology; the provisional
# agenda's words may stand between: "Point 3 de l'ordre du jour provisoire").
_ITEM = re.compile(
    r"agenda\s+item\s+(\d+)"  # en
    r"|point\s+(\d+)\s+de\s+l['’]\s*ordre\s+du\s+jour(?:\s+provisoire)?"  # fr
    r"|tema\s+(\d+)\s+del\s+programa(?:\s+provisional)?"  # es
    r"|пункт\s+(\d+)\s+(?:предварительной\s+)?повестки\s+дня"  # ru
    r"|(?:临时)?议程项目\s*(\d+)"  # zh
    r"|البند\s+(\d+)\s+من\s+جدول\s+الأعمال(?:\s+المؤقت)?",  # ar
    re.IGNORECASE)
# A heading's label: II., A., 3., 一、, (一), ألف- or أولا-.
_NUMERALS = "一二三四五六七八九十"
_LABEL = re.compile(rf"^\s*(?:[IVXLC]+\.|[A-Z]\.|\d+\.|[{_NUMERALS}]+、|（[{_NUMERALS}]+）"
                    r"|\S{1,6}\s*[-–])?\s*")
_LABEL_CHARS = 8  # what may stand before "Agenda item 3" in a heading that opens with it
_AFTER = re.compile(r"^\s*[.:：،,\-–—]?\s*")


def item_number(heading: str) -> int | None:
    """The agenda item number the heading names, in any of the six languages."""
    found = _ITEM.search(heading)
    if found is None:
        return None
    return int(next(group for group in found.groups() if group is not None))


def item_title(heading: str) -> str:
    """The heading without its label and its "Agenda item 3:" words."""
    found = _ITEM.search(heading)
    if found is not None and len(heading[:found.start()].strip()) <= _LABEL_CHARS:
        return _AFTER.sub("", heading[found.end():], count=1)
    return _LABEL.sub("", heading, count=1)
