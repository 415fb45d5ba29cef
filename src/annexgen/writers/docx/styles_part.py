"""word/styles.xml: the named paragraph and character styles, from styles/styles.yaml."""

from __future__ import annotations

from annexgen.styles import CharacterStyle, ParagraphStyle, Styles
from annexgen.writers.docx.xml import (
    DECLARATION,
    ROOT_NS,
    attr,
    half_points,
    style_id,
    twips,
    twips_mm,
)

_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
# Heading roles and their outline level (Word's navigation pane and PDF outline).
OUTLINE_LEVELS = {"title": 0, "hch": 0, "h1": 1, "h23": 2}


def style_ids(styles: Styles) -> dict[str, str]:
    """Role → Word style id, for paragraph and character roles alike."""
    roles = {**styles.paragraph, **styles.character}
    return {role: style_id(style.name) for role, style in roles.items()}


def styles_xml(styles: Styles) -> bytes:
    parts = [_defaults(styles), _normal(), _default_font()]
    parts += [_paragraph_style(role, s) for role, s in styles.paragraph.items()]
    parts += [_character_style(role, s, styles) for role, s in styles.character.items()]
    return f'{DECLARATION}<w:styles {ROOT_NS}>{"".join(parts)}</w:styles>'.encode()


def _defaults(styles: Styles) -> str:
    font = attr(styles.font)
    size = half_points(styles.paragraph["body"].size)
    return (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:val="en-GB"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )


def _normal() -> str:
    return ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
            '<w:name w:val="Normal"/><w:qFormat/></w:style>')


def _default_font() -> str:
    return ('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
            "<w:semiHidden/><w:unhideWhenUsed/></w:style>")


def _paragraph_style(role: str, style: ParagraphStyle) -> str:
    sid = style_id(style.name)
    return (f'<w:style w:type="paragraph" w:customStyle="{_custom(style.name)}" '
            f'w:styleId="{sid}"><w:name w:val="{attr(style.name)}"/>'
            f'<w:basedOn w:val="Normal"/><w:next w:val="{_next(role, sid)}"/><w:qFormat/>'
            f"{_ppr(role, style)}{_rpr(style)}</w:style>")


def _custom(name: str) -> str:
    """Word's built-in styles are named in lower case (or "Title", "Hyperlink")."""
    return "0" if name[:1].islower() or name in ("Title", "Hyperlink") else "1"


def _next(role: str, sid: str) -> str:
    return "SingleTxt" if role in OUTLINE_LEVELS else sid


def _ppr(role: str, style: ParagraphStyle) -> str:
    parts = ["<w:keepNext/>"] if style.keep_next else []
    line = (f' w:line="{twips(style.line_exact)}" w:lineRule="exact"'
            if style.line_exact else "")
    parts.append(f'<w:spacing w:before="{twips(style.before)}" '
                 f'w:after="{twips(style.after)}"{line}/>')
    if style.indent_left_mm or style.hanging_mm:
        parts.append(f'<w:ind w:left="{twips_mm(style.indent_left_mm)}" '
                     f'w:hanging="{twips_mm(style.hanging_mm)}"/>')
    parts.append(f'<w:jc w:val="{_JC[style.align]}"/>')
    if role in OUTLINE_LEVELS:
        parts.append(f'<w:outlineLvl w:val="{OUTLINE_LEVELS[role]}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def _rpr(style: ParagraphStyle) -> str:
    parts = ["<w:b/><w:bCs/>"] if style.bold else []
    parts += ["<w:i/><w:iCs/>"] if style.italic else []
    parts += [f'<w:color w:val="{style.color}"/>'] if style.color else []
    size = half_points(style.size)
    parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>"


def _character_style(role: str, style: CharacterStyle, styles: Styles) -> str:
    parts = ["<w:b/><w:bCs/>"] if style.bold else []
    parts += ["<w:i/><w:iCs/>"] if style.italic else []
    parts += [f'<w:color w:val="{style.color}"/>'] if style.color else []
    parts += [f'<w:highlight w:val="{styles.highlight}"/>'] if role == "key" else []
    parts += ['<w:u w:val="single"/>'] if style.underline else []
    parts += ['<w:vertAlign w:val="superscript"/>'] if style.superscript else []
    return (f'<w:style w:type="character" w:customStyle="{_custom(style.name)}" '
            f'w:styleId="{style_id(style.name)}"><w:name w:val="{attr(style.name)}"/>'
            f'<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
            f"<w:rPr>{''.join(parts)}</w:rPr></w:style>")
