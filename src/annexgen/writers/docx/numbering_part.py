"""word/numbering.xml: bullets, and decimal lists that restart at 1 for each list."""

from __future__ import annotations

from annexgen.core.limits import LIST_LEVELS
from annexgen.core.richtext import Block
from annexgen.styles.model import Styles
from annexgen.writers.docx.xml import DECLARATION, ROOT_NS, twips_mm

BULLET, DECIMAL = 1, 2
_BULLET_TEXT = ("•", "–", "▪")


def list_numbers(blocks) -> dict[int, int]:
    """list id → w:num id: all bullets share one; each numbered list gets its own."""
    num_ids: dict[int, int] = {}
    for block in blocks:
        if block.list_id is None or block.list_id in num_ids:
            continue
        num_ids[block.list_id] = BULLET if block.style == "bullet" else len(num_ids) + 2
    return num_ids


def numbering_xml(styles: Styles, blocks: list[Block], num_ids: dict[int, int]) -> bytes:
    kinds = {block.list_id: block.style for block in blocks if block.list_id is not None}
    nums = [_num(BULLET, BULLET, None)]
    nums += [_num(num, DECIMAL, _level_of(blocks, list_id))
             for list_id, num in sorted(num_ids.items(), key=lambda item: item[1])
             if kinds[list_id] != "bullet"]
    abstract = _abstract(BULLET, styles, "bullet") + _abstract(DECIMAL, styles, "decimal")
    return f'{DECLARATION}<w:numbering {ROOT_NS}>{abstract}{"".join(nums)}</w:numbering>'.encode()


def _level_of(blocks: list[Block], list_id: int) -> int:
    return next(block.level for block in blocks if block.list_id == list_id)


def _abstract(abstract_id: int, styles: Styles, kind: str) -> str:
    levels = "".join(_level(styles, kind, level) for level in range(LIST_LEVELS))
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>')


def _level(styles: Styles, kind: str, level: int) -> str:
    role = "bullet" if kind == "bullet" else "number"
    base = styles.paragraph[role]
    left = twips_mm(base.indent_left_mm + level * styles.list_level_indent_mm)
    hanging = twips_mm(base.hanging_mm)
    text = _BULLET_TEXT[level] if kind == "bullet" else f"%{level + 1}."
    return (f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>')


def _num(num_id: int, abstract_id: int, level: int | None) -> str:
    restart = (f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="1"/></w:lvlOverride>'
               if level is not None else "")
    return (f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{restart}</w:num>")
