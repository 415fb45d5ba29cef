"""Reads `styles/styles.yaml` into typed style records that the writers look up by role."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import MISSING, dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from annexgen.core.diagnostics import ContentError, Report
from annexgen.core.limits import (
    LINE_EXACT_TO_SIZE,
    MAX_FIELD_CHARS,
    PAGE_SIDE_MM,
    SHEET_TOPIC_SHARE,
    STYLE_FONT_PT,
    STYLE_SPACING_PT,
    WORD_MAX_PAGE_MM,
    WORD_MAX_STYLE_NAME,
)
from annexgen.load import fields
from annexgen.load.fields import Ctx, Fields
from annexgen.load.files import open_folder
from annexgen.styles.checks import Located, style_problems

PARAGRAPH_ROLES = ("body", "title", "hch", "h1", "h23", "theme", "see", "annex-title", "bullet",
                   "number", "outcome", "footnote", "header", "footer", "status")
CHARACTER_ROLES = ("key", "pararef", "label", "link", "noteref")
ALIGNMENTS = ("left", "center", "right", "justify")
# ST_HighlightColor in wml.xsd.
HIGHLIGHTS = ("black", "blue", "cyan", "green", "magenta", "red", "yellow", "white", "darkBlue",
              "darkCyan", "darkGreen", "darkMagenta", "darkRed", "darkYellow", "darkGray",
              "lightGray")
_HEX = re.compile(r"[0-9A-Fa-f]{6}")
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
class Styles:
    page: Page
    font: str
    highlight: str
    list_level_indent_mm: float
    paragraph: dict[str, ParagraphStyle]
    character: dict[str, CharacterStyle]
    sheet: Sheet


# The records styles.yaml is read into, field by field (see _read_record).
_Record = TypeVar("_Record", Page, Sheet, ParagraphStyle, CharacterStyle)


def load_styles(styles_dir: Path, report: Report | None = None) -> Styles:
    """The validated styles; raises ContentError carrying every problem found."""
    report = report if report is not None else Report()
    folder = open_folder(styles_dir, report)
    source = folder.yaml("styles.yaml", report) if folder else None
    # Without a root (unreadable, not YAML, or empty) the loader has said why: nothing to add.
    styles = None
    if source is not None and source.root is not None:
        styles = _read_styles(Ctx(source, report), source.root)
    if styles is None or report.errors:
        raise ContentError(report)
    return styles


def _read_styles(ctx: Ctx, root: yaml.Node) -> Styles | None:
    f = Fields(ctx, root, "styles.yaml")
    page = _read_record(ctx, f.node_of("page"), Page, "'page'", {})
    font = f.text("font")
    highlight = f.choice("highlight", HIGHLIGHTS, "yellow")
    indent = _number(ctx, f.node_of("list_level_indent_mm"), "list_level_indent_mm",
                     "'list_level_indent_mm'")
    paragraph = _read_roles(ctx, f.node_of("paragraph"), PARAGRAPH_ROLES, ParagraphStyle)
    character = _read_roles(ctx, f.node_of("character"), CHARACTER_ROLES, CharacterStyle)
    sheet = _read_record(ctx, f.node_of("sheet"), Sheet, "'sheet'", {})
    f.done()
    problems = style_problems(Located(root), page, indent, paragraph, character, sheet)
    for problem in problems:
        ctx.error(problem.node, "E204", problem.message)
    if (problems or page is None or font is None or indent is None or paragraph is None
            or character is None or sheet is None):
        return None
    return Styles(page=page, font=font, highlight=highlight, list_level_indent_mm=indent,
                  paragraph=paragraph, character=character, sheet=sheet)


def _read_roles(ctx: Ctx, node: yaml.Node | None, roles: tuple[str, ...],
                kind: type[_Record]) -> dict[str, _Record] | None:
    if node is None:
        return None
    f = Fields(ctx, node, "the styles")
    found: dict[str, _Record | None] = {}
    for role in roles:
        item = f.node_of(role)
        if item is not None:
            found[role] = _read_record(ctx, item, kind, f"style {role!r}", {"name": ""})
    f.done()
    styles = {role: style for role, style in found.items() if style is not None}
    return styles if len(styles) == len(roles) else None


def _read_record(ctx: Ctx, node: yaml.Node | None, kind: type[_Record], what: str,
                 defaults: dict[str, str]) -> _Record | None:
    """A dataclass record: each field read with the type of its default or annotation."""
    if node is None:
        return None
    f = Fields(ctx, node, what)
    values: dict[str, Any] = {}  # each of the type its field names (see _typed)
    ok = f.ok
    for spec in dataclasses.fields(kind):
        name = spec.name
        required = name in defaults or _has_no_default(spec)
        item = f.node_of(name, required=required)
        if item is None:
            ok = ok and not required
            continue
        value = _typed(ctx, item, name, spec.type, f"{name!r} in {what}")
        ok = ok and value is not None
        values[name] = value
    f.done()
    return kind(**values) if ok else None


def _has_no_default(spec: dataclasses.Field) -> bool:
    return spec.default is MISSING and spec.default_factory is MISSING


_COLOURS = frozenset({"color", "header_fill", "cluster_fill", "status_color"})


def _typed(ctx: Ctx, node: yaml.Node, name: str, annotation: object,
           what: str) -> bool | float | str | None:
    if annotation == "bool":
        return fields.boolean(ctx, node, what)
    if annotation in ("float", "float | None"):
        return _number(ctx, node, name, what)
    limit = WORD_MAX_STYLE_NAME if name == "name" else MAX_FIELD_CHARS
    value = fields.text(ctx, node, what, limit)
    if value is None:
        return None
    if name in _COLOURS and not _HEX.fullmatch(value):
        ctx.error(node, "E204", f"{what} must be a colour as six hex digits, like C00000")
        return None
    if name == "align" and value not in ALIGNMENTS:
        ctx.error(node, "E204", f"{what} must be one of {', '.join(ALIGNMENTS)}"
                  f"{fields.suggest(value, ALIGNMENTS)}")
        return None
    return value


def _number(ctx: Ctx, node: yaml.Node | None, name: str, what: str) -> float | None:
    if node is None:
        return None
    (low, high), unit = number_range(name)
    return fields.number(ctx, node, what, low, high, unit)


def number_range(name: str) -> tuple[tuple[float, float], str]:
    """The accepted range of a numeric style field, and its unit."""
    if name in _NUMBER_RANGES:
        return _NUMBER_RANGES[name]
    if name.endswith("_mm"):
        return _DISTANCE_MM
    raise KeyError(f"no range for the style field {name!r}")
