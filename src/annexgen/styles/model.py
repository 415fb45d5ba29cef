"""The style records the writers look up by role, and the ranges each number may take."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from annexgen.core.limits import (
    LINE_EXACT_TO_SIZE,
    PAGE_SIDE_MM,
    SHEET_TOPIC_SHARE,
    STYLE_FONT_PT,
    STYLE_SPACING_PT,
    WORD_MAX_PAGE_MM,
)
from annexgen.core.richtext import PARAGRAPH_ROLES

__all__ = ["PARAGRAPH_ROLES"]  # styles.yaml names a style for each of these roles

CHARACTER_ROLES = ("key", "pararef", "label", "link", "noteref")
ALIGNMENTS = ("left", "center", "right", "justify")
# ST_HighlightColor in wml.xsd.
HIGHLIGHTS = ("black", "blue", "cyan", "green", "magenta", "red", "yellow", "white", "darkBlue",
              "darkCyan", "darkGreen", "darkMagenta", "darkRed", "darkYellow", "darkGray",
              "lightGray")
HEX_COLOUR = re.compile(r"[0-9A-Fa-f]{6}")
# Each number's range and unit by field name; the fields not named are distances in mm.
_NUMBER_RANGES = {
    "size": (STYLE_FONT_PT, " pt"),
    "title_size": (STYLE_FONT_PT, " pt"),
    "line_exact": ((STYLE_FONT_PT[0] * LINE_EXACT_TO_SIZE[0],
                    STYLE_FONT_PT[1] * LINE_EXACT_TO_SIZE[1]), " pt"),
    "before": (STYLE_SPACING_PT, " pt"),
    "after": (STYLE_SPACING_PT, " pt"),
    "width_mm": (PAGE_SIDE_MM, " mm"),
    "height_mm": (PAGE_SIDE_MM, " mm"),
    "topic_column_share": (SHEET_TOPIC_SHARE, " (of the printable width)"),
}
_DISTANCE_MM = ((0, WORD_MAX_PAGE_MM), " mm")


@dataclass(frozen=True, slots=True)
class ParagraphStyle:
    name: str
    size: float = 10
    line_exact: float | None = None
    before: float = 0
    after: float = 0
    bold: bool = False
    italic: bool = False
    align: str = "left"
    indent_left_mm: float = 0
    hanging_mm: float = 0
    keep_next: bool = False
    color: str | None = None


@dataclass(frozen=True, slots=True)
class CharacterStyle:
    name: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    superscript: bool = False
    color: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    width_mm: float
    height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    header_mm: float
    footer_mm: float


@dataclass(frozen=True, slots=True)
class Sheet:
    font: str
    size: float
    title_size: float
    header_fill: str
    cluster_fill: str
    status_color: str
    topic_column_share: float = 0.15
    margin_mm: float = 15
    header_footer_mm: float = 7


@dataclass(frozen=True, slots=True)
class ScriptFonts:
    """A language's fonts for the script the Latin font lacks: Word's complex-script font
    (`cs`: Arabic) and East Asian font (`east_asia`: Chinese); None leaves the Latin font."""

    cs: str | None = None
    east_asia: str | None = None

    def script_font(self) -> str | None:
        """The font of the language's own script (a sheet cell has one font for all)."""
        return self.cs or self.east_asia


# The fonts the project's set-up installs (scripts/install-system-deps.sh), for a styles.yaml
# that names none for a language: Amiri (Naskh) and Noto Serif CJK SC (Simplified Chinese).
SCRIPT_FONTS = {"ar": ScriptFonts(cs="Amiri"), "zh": ScriptFonts(east_asia="Noto Serif CJK SC")}
# Languages written right to left (their paragraphs, sections and sheets are set so).
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "yi"})


def primary(language: str) -> str:
    """A tag's language subtag: "ar" of "ar-SA"."""
    return language.replace("_", "-").split("-", 1)[0].casefold()


def right_to_left(language: str) -> bool:
    return primary(language) in RIGHT_TO_LEFT


@dataclass(frozen=True, slots=True)
class Styles:
    page: Page
    font: str
    highlight: str
    list_level_indent_mm: float
    paragraph: dict[str, ParagraphStyle]
    character: dict[str, CharacterStyle]
    sheet: Sheet
    scripts: dict[str, ScriptFonts] = field(default_factory=lambda: dict(SCRIPT_FONTS))

    def script_fonts(self, language: str) -> ScriptFonts:
        """The script fonts of `language` (a tag, any region): none for Latin and Cyrillic."""
        return self.scripts.get(primary(language), ScriptFonts())

    def for_language(self, language: str) -> Styles:
        """The styles a document in `language` is written with: Annex B's cells in the font
        of its script, if it has one (the Latin font's metrics would not hold its text)."""
        font = self.script_fonts(language).script_font()
        if font is None:
            return self
        return dataclasses.replace(self, sheet=dataclasses.replace(self.sheet, font=font))


def number_range(name: str) -> tuple[tuple[float, float], str]:
    """The accepted range of a numeric style field, and its unit."""
    if name in _NUMBER_RANGES:
        return _NUMBER_RANGES[name]
    if name.endswith("_mm"):
        return _DISTANCE_MM
    raise KeyError(f"no range for the style field {name!r}")
