"""Writes src/annexgen/layout/font_metrics.json: advance widths and line metrics of the fonts.

Usage: .venv/bin/pip install fonttools && .venv/bin/python scripts/font_metrics.py [FONT_DIR ...]

annexgen measures Annex B's cell text with this table, so that builds are the same whether
or not these fonts are installed. The table names each font file's version; run this again
when the fonts change, and commit the table with the change it makes to the golden files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import fontTools
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parents[1]
TABLE = REPO / "src" / "annexgen" / "layout" / "font_metrics.json"
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),
             Path("/usr/share/fonts/truetype/crosextra"),
             Path("/usr/share/fonts/opentype/fonts-hosny-amiri"),
             Path("/usr/share/fonts/opentype/noto"))
# Each family LibreOffice renders with, the names a style may give it (the fonts it is
# metric-compatible with), and its faces' files.
FAMILIES = {
    "Liberation Serif": (("Times New Roman", "Times"), "LiberationSerif"),
    "Liberation Sans": (("Arial", "Helvetica"), "LiberationSans"),
    "Liberation Mono": (("Courier New", "Courier"), "LiberationMono"),
    "Carlito": (("Calibri",), "Carlito"),
}
FACES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold italic": "BoldItalic"}
# The fonts of other scripts (styles' script_fonts), by file, face by face: Amiri's slanted
# faces are its italics; Noto Serif CJK has no italic (LibreOffice slants the upright face,
# same widths). In a collection (.ttc) the face is the one whose family is the family's name.
SCRIPT_FAMILIES = {
    "Amiri": {"regular": "Amiri-Regular.ttf", "bold": "Amiri-Bold.ttf",
              "italic": "Amiri-Slanted.ttf", "bold italic": "Amiri-BoldSlanted.ttf"},
    "Noto Serif CJK SC": {"regular": "NotoSerifCJK-Regular.ttc",
                          "bold": "NotoSerifCJK-Bold.ttc",
                          "italic": "NotoSerifCJK-Regular.ttc",
                          "bold italic": "NotoSerifCJK-Bold.ttc"},
}
# Latin (with Extended-A/B and Additional), Greek, Cyrillic, and general punctuation, currency,
# letterlike signs and number forms: the scripts of UN documents in Latin or Cyrillic letters.
RANGES = ((0x20, 0x24F), (0x370, 0x52F), (0x1E00, 0x1EFF), (0x2000, 0x215F))
# Arabic (with Supplement and presentation forms), CJK punctuation and full-width forms. CJK
# ideographs are left out: each is one em wide in Noto Serif CJK, which is what annexgen
# counts for a character the table lacks (layout/cell_metrics.py).
SCRIPT_RANGES = ((0x600, 0x6FF), (0x750, 0x77F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF),
                 (0x3000, 0x303F), (0xFF00, 0xFFEF))


def face_record(path: Path, family: str | None = None) -> dict:
    font = _open(path, family)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    ranges = RANGES + (SCRIPT_RANGES if family else ())
    hhea = font["hhea"]
    return {
        "file": path.name,
        "version": font["name"].getDebugName(5).split(";")[0],
        "units_per_em": font["head"].unitsPerEm,
        "ascent": hhea.ascent,
        "descent": -hhea.descent,
        "widths": _runs({code: metrics[cmap[code]][0] for low, high in ranges
                         for code in range(low, high + 1) if code in cmap}),
    }


def _open(path: Path, family: str | None) -> TTFont:
    """The font of a file, or of a collection the face of `family`."""
    if path.suffix != ".ttc":
        return TTFont(path)
    for number in range(16):
        font = TTFont(path, fontNumber=number)
        if font["name"].getDebugName(1) == family:
            return font
    raise SystemExit(f"{family} not found in {path}")


def _runs(widths: dict[int, int]) -> list[list[int]]:
    """Consecutive code points as [first, width, width, ...]: a compact, diffable table."""
    runs: list[list[int]] = []
    for code in sorted(widths):
        if runs and runs[-1][0] + len(runs[-1]) - 1 == code:
            runs[-1].append(widths[code])
        else:
            runs.append([code, widths[code]])
    return runs


def find(name: str, dirs: list[Path]) -> Path:
    """The file `name` (a stem means a .ttf) in the first folder that has it."""
    name = name if "." in name else f"{name}.ttf"
    for folder in dirs:
        path = folder / name
        if path.is_file():
            return path
    raise SystemExit(f"{name} not found in {', '.join(map(str, dirs))}")


def table(dirs: list[Path]) -> dict:
    families = {}
    for family, (aliases, stem) in FAMILIES.items():
        faces = {face: face_record(find(f"{stem}-{suffix}", dirs))
                 for face, suffix in FACES.items()}
        families[family] = {"aliases": list(aliases), "faces": faces}
    for family, files in SCRIPT_FAMILIES.items():
        faces = {face: face_record(find(file, dirs), family) for face, file in files.items()}
        families[family] = {"aliases": [], "faces": faces}
    return {"made_by": "scripts/font_metrics.py", "fonttools": fontTools.version,
            "families": families}


def main(argv: list[str]) -> int:
    dirs = [Path(arg) for arg in argv] or list(FONT_DIRS)
    text = json.dumps(table(dirs), separators=(",", ":"), sort_keys=True)
    # One line per face's widths keeps diffs readable without making the file large.
    TABLE.write_text(text.replace('"widths":', '\n"widths":') + "\n", encoding="utf-8")
    print(f"wrote {TABLE.relative_to(REPO)} ({TABLE.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
