"""Reads `styles/styles.yaml` into the style records, every problem located, the checks of
what a page and a cell can hold included."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import MISSING
from pathlib import Path
from typing import Any, TypeVar

import yaml

from annexgen.core.diagnostics import ContentError, Report
from annexgen.core.limits import MAX_FIELD_CHARS, WORD_MAX_STYLE_NAME
from annexgen.load import fields
from annexgen.load.fields import Ctx, Fields
from annexgen.load.files import open_folder
from annexgen.styles.checks import Located, style_problems
from annexgen.styles.model import (
    ALIGNMENTS,
    CHARACTER_ROLES,
    HEX_COLOUR,
    HIGHLIGHTS,
    PARAGRAPH_ROLES,
    SCRIPT_FONTS,
    CharacterStyle,
    Page,
    ParagraphStyle,
    ScriptFonts,
    Sheet,
    Styles,
    number_range,
    primary,
)

# The records styles.yaml is read into, field by field (see _read_record).
_Record = TypeVar("_Record", Page, Sheet, ParagraphStyle, CharacterStyle, ScriptFonts)


# The styles annexgen ships: used when neither --styles nor the exercise names others. In a
# checkout the file is a link to the repository's styles/styles.yaml (one copy of the house
# styles), so the folder is where the link leads; an installed package holds the file itself.
DEFAULT_STYLES = Path(os.path.realpath(Path(__file__).parent / "default" / "styles.yaml")).parent


def styles_for(content: Path, given: Path | None) -> Path:
    """The styles folder a command uses: the one given; else the exercise's own (a styles/
    with a styles.yaml inside the content folder, or beside it, as `annexgen init
    --with-styles` and a checkout of annexgen have it); else the styles annexgen ships."""
    if given is not None:
        return given
    for candidate in (content / "styles", content.absolute().parent / "styles"):
        if (candidate / "styles.yaml").is_file():
            return candidate
    return DEFAULT_STYLES


def load_styles(styles_dir: Path, report: Report | None = None) -> Styles:
    """The validated styles; raises ContentError carrying every problem found."""
    report = report if report is not None else Report()
    folder = open_folder(styles_dir, report, missing="styles folder not found (give it with "
                         "--styles, or leave --styles out to use the styles annexgen ships)")
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
    scripts = _read_scripts(ctx, f.node_of("script_fonts", required=False))
    f.done()
    problems = style_problems(Located(root), page, indent, paragraph, character, sheet)
    for problem in problems:
        ctx.error(problem.node, "E204", problem.message)
    if (problems or page is None or font is None or indent is None or paragraph is None
            or character is None or sheet is None or scripts is None):
        return None
    return Styles(page=page, font=font, highlight=highlight, list_level_indent_mm=indent,
                  paragraph=paragraph, character=character, sheet=sheet,
                  scripts={**SCRIPT_FONTS, **scripts})


def _read_scripts(ctx: Ctx, node: yaml.Node | None) -> dict[str, ScriptFonts] | None:
    """`script_fonts`: language → its script's fonts, over the shipped ones (optional)."""
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        ctx.error(node, "E204", "'script_fonts' must map languages (ar, zh) to their fonts")
        return None
    found = {fields.text(ctx, key, "a language of 'script_fonts'"): _read_record(
        ctx, value, ScriptFonts, "'script_fonts'", {}) for key, value in node.value}
    if any(tag is None or fonts is None for tag, fonts in found.items()):
        return None
    return {primary(tag): fonts for tag, fonts in found.items()
            if tag is not None and fonts is not None}


def _read_roles(ctx: Ctx, node: yaml.Node | None, roles: tuple[str, ...],
                kind: type[_Record]) -> dict[str, _Record] | None:
    if node is None:
        return None
    f = Fields(ctx, node, "the styles")
    found: dict[str, _Record | None] = {}
    for role in roles:
        item = f.node_of(role, required=role not in LATER_ROLES)
        if item is not None:
            found[role] = _read_record(ctx, item, kind, f"style {role!r}", {"name": ""})
        elif f.ok and role in LATER_ROLES:
            found[role] = _shipped_role(role, kind)
            ctx.error(node, "W511", f"the styles have no style {role!r} (a role annexgen "
                      f"added after these styles were written): the shipped one is used; "
                      f"copy it from {DEFAULT_STYLES / 'styles.yaml'} to restyle it")
    f.done()
    styles = {role: style for role, style in found.items() if style is not None}
    return styles if len(styles) == len(roles) else None


# Roles added after styles.yaml files were first copied out: a file without one still loads,
# with the shipped style and a warning, instead of being refused.
LATER_ROLES = frozenset({"subitem"})


def _shipped_role(role: str, kind: type[_Record]) -> _Record | None:
    """The style of `role` in the styles annexgen ships."""
    report = Report()
    folder = open_folder(DEFAULT_STYLES, report)
    source = folder.yaml("styles.yaml", report) if folder is not None else None
    if source is None or source.root is None:
        return None
    ctx = Ctx(source, report)
    section = Fields(ctx, source.root, "styles.yaml").node_of(
        "paragraph" if role in PARAGRAPH_ROLES else "character")
    item = Fields(ctx, section, "the styles").node_of(role) if section is not None else None
    return _read_record(ctx, item, kind, f"style {role!r}", {"name": ""}) if item else None


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
    if name in _COLOURS and not HEX_COLOUR.fullmatch(value):
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
