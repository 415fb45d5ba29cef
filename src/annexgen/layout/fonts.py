"""The committed metrics of the fonts LibreOffice renders with, found by the names styles give."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

FACES = ("regular", "bold", "italic", "bold italic")


@dataclass(frozen=True, slots=True, eq=False)  # one object per face: hashed by identity
class Face:
    """One face: advance widths by code point and vertical metrics, in font units."""

    family: str
    file: str
    version: str
    units_per_em: int
    ascent: int
    descent: int
    widths: dict[int, int]

    def pixel_widths(self, ppem: float) -> dict[int, int]:
        """Each advance rounded to whole pixels at `ppem`, as a screen at 96 dpi lays it out."""
        return _pixel_widths(self, ppem)

    def line_em(self) -> float:
        """A line's height unrounded, in em: ascent and descent."""
        return (self.ascent + self.descent) / self.units_per_em

    def line_pixels(self, ppem: float) -> int:
        """A line's height in whole pixels: ascent and descent, each rounded."""
        scale = ppem / self.units_per_em
        return round(self.ascent * scale) + round(self.descent * scale)


@functools.cache
def _pixel_widths(face: Face, ppem: float) -> dict[int, int]:
    scale = ppem / face.units_per_em
    return {code: round(units * scale) for code, units in face.widths.items()}


@functools.cache
def _table() -> dict:
    text = resources.files("annexgen.layout").joinpath("font_metrics.json").read_text("utf-8")
    return json.loads(text)


@functools.cache
def _families() -> dict[str, str]:
    """Every name a style may give, folded, to the family measured for it."""
    names = {}
    for family, record in _table()["families"].items():
        for name in (family, *record["aliases"]):
            names[name.casefold()] = family
    return names


def measured_fonts() -> tuple[str, ...]:
    """The names a style may give a measured font, as the table spells them."""
    return tuple(name for family, record in _table()["families"].items()
                 for name in (*record["aliases"], family))


def is_measured(name: str) -> bool:
    return name.casefold() in _families()


@functools.cache
def face(name: str, bold: bool = False, italic: bool = False) -> Face:
    """The face LibreOffice renders `name` with; KeyError for a font the table lacks."""
    family = _families()[name.casefold()]
    kind = FACES[int(bold) + 2 * int(italic)]
    record = _table()["families"][family]["faces"][kind]
    widths = {run[0] + index: width for run in record["widths"]
              for index, width in enumerate(run[1:])}
    return Face(family, record["file"], record["version"], record["units_per_em"],
                record["ascent"], record["descent"], widths)
