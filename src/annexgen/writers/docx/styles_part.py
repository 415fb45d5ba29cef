"""word/styles.xml: the named paragraph and character styles, from styles/styles.yaml."""

from __future__ import annotations

from annexgen.styles.ids import HEADING_BASES, WRITTEN_STYLES, style_id
from annexgen.styles.model import CharacterStyle, ParagraphStyle, Styles, right_to_left
from annexgen.writers.docx.xml import DECLARATION, ROOT_NS, attr, half_points, twips, twips_mm

_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
# Heading roles and their outline level (Word's navigation pane and PDF outline).
OUTLINE_LEVELS = {"title": 0, "hch": 0, "h1": 1, "h23": 2}
_NORMAL, _DEFAULT_FONT = "Normal", "Default Paragraph Font"  # names in WRITTEN_STYLES


def style_ids(styles: Styles) -> dict[str, str]:
    """Role → Word style id, for paragraph and character roles alike (unique: styles.yaml's
    names are checked for that as it is read)."""
    roles: dict[str, ParagraphStyle | CharacterStyle] = {**styles.paragraph, **styles.character}
    return {role: style_id(style.name, role) for role, style in roles.items()}


def styles_xml(styles: Styles, language: str) -> bytes:
    """The styles, their text marked as in `language` (w:lang: a tag Word knows, en-GB)."""
    ids = style_ids(styles)
    bidi = "<w:bidi/>" if right_to_left(language) else ""
    parts = [_defaults(styles, language), _normal(bidi), _default_font()]
    parts += [_heading_base(name, ids["body"]) for name in dict.fromkeys(HEADING_BASES.values())]
    parts += [_paragraph_style(role, s, ids, bidi) for role, s in styles.paragraph.items()]
    parts += [_character_style(role, s, styles, ids[role])
              for role, s in styles.character.items()]
    return f'{DECLARATION}<w:styles {ROOT_NS}>{"".join(parts)}</w:styles>'.encode()


def _defaults(styles: Styles, language: str) -> str:
    """The runs' defaults: the Latin font, the script's (w:eastAsia for Chinese, w:cs for
    Arabic, with their w:lang attributes) and size; a right-to-left language's runs are
    right to left (w:rtl) and its paragraphs too (w:bidi)."""
    font, scripts = attr(styles.font), styles.script_fonts(language)
    east_asia, cs = attr(scripts.east_asia or styles.font), attr(scripts.cs or styles.font)
    size = half_points(styles.paragraph["body"].size)
    rtl = right_to_left(language)
    return (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{east_asia}" w:cs="{cs}"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>{"<w:rtl/>" if rtl else ""}'
        f"{_lang(language, scripts.east_asia is not None, rtl)}"
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f'{"<w:bidi/>" if rtl else ""}'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )


def _lang(language: str, east_asian: bool, rtl: bool) -> str:
    """w:lang: the language for Latin text (w:val), and for East Asian or complex-script
    text when the language is written in one (w:eastAsia, w:bidi)."""
    tag = attr(language)
    extra = (f' w:eastAsia="{tag}"' if east_asian else "") + (f' w:bidi="{tag}"' if rtl else "")
    return f'<w:lang w:val="{tag}"{extra}/>'


def _normal(bidi: str = "") -> str:
    ppr = f"<w:pPr>{bidi}</w:pPr>" if bidi else ""
    return (f'<w:style w:type="paragraph" w:default="1" w:styleId="{WRITTEN_STYLES[_NORMAL]}">'
            f'<w:name w:val="{_NORMAL}"/><w:qFormat/>{ppr}</w:style>')


def _default_font() -> str:
    return ('<w:style w:type="character" w:default="1" '
            f'w:styleId="{WRITTEN_STYLES[_DEFAULT_FONT]}"><w:name w:val="{_DEFAULT_FONT}"/>'
            '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>')


def _heading_base(name: str, body_id: str) -> str:
    """Word's built-in heading `name` as the base of a UN heading style: only its outline
    level, hidden from the style gallery until used (Word's own way with unused headings),
    so that the gallery shows the UN names and the UN style alone decides the look."""
    level = int(name.rsplit(" ", 1)[1]) - 1
    return (f'<w:style w:type="paragraph" w:styleId="{WRITTEN_STYLES[name]}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="{WRITTEN_STYLES[_NORMAL]}"/>'
            f'<w:next w:val="{body_id}"/><w:uiPriority w:val="9"/><w:semiHidden/>'
            f'<w:unhideWhenUsed/><w:pPr><w:outlineLvl w:val="{level}"/></w:pPr>'
            "</w:style>")


def _base(role: str) -> str:
    """A heading role's style is based on Word's heading of its level (pandoc, mammoth and
    screen readers know a heading by it); any other paragraph style on Normal."""
    return WRITTEN_STYLES[HEADING_BASES.get(role, _NORMAL)]


def _paragraph_style(role: str, style: ParagraphStyle, ids: dict[str, str],
                     bidi: str = "") -> str:
    return (f'<w:style w:type="paragraph" w:customStyle="{_custom(style.name)}" '
            f'w:styleId="{ids[role]}"><w:name w:val="{attr(style.name)}"/>'
            f'<w:basedOn w:val="{_base(role)}"/>'
            f'<w:next w:val="{_next(role, ids)}"/><w:qFormat/>'
            f"{_ppr(role, style, bidi)}{_rpr(style)}</w:style>")


def _custom(name: str) -> str:
    """Word's built-in styles are named in lower case (or "Title", "Hyperlink")."""
    return "0" if name[:1].islower() or name in ("Title", "Hyperlink") else "1"


def _next(role: str, ids: dict[str, str]) -> str:
    """A heading is followed by body text; any other paragraph by one of its own style."""
    return ids["body"] if role in OUTLINE_LEVELS else ids[role]


def _ppr(role: str, style: ParagraphStyle, bidi: str = "") -> str:
    """A style's paragraph properties; `bidi` (<w:bidi/> for a right-to-left language) makes
    w:ind's left the start side (ECMA-376 1st ed.) and w:jc's left the start, so the same
    indents and alignments mirror."""
    parts = ["<w:keepNext/>"] if style.keep_next else []
    parts += [bidi] if bidi else []
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


def _character_style(role: str, style: CharacterStyle, styles: Styles, sid: str) -> str:
    parts = ["<w:b/><w:bCs/>"] if style.bold else []
    parts += ["<w:i/><w:iCs/>"] if style.italic else []
    parts += [f'<w:color w:val="{style.color}"/>'] if style.color else []
    parts += [f'<w:highlight w:val="{styles.highlight}"/>'] if role == "key" else []
    parts += ['<w:u w:val="single"/>'] if style.underline else []
    parts += ['<w:vertAlign w:val="superscript"/>'] if style.superscript else []
    return (f'<w:style w:type="character" w:customStyle="{_custom(style.name)}" '
            f'w:styleId="{sid}"><w:name w:val="{attr(style.name)}"/>'
            f'<w:basedOn w:val="{WRITTEN_STYLES[_DEFAULT_FONT]}"/><w:qFormat/>'
            f"<w:rPr>{''.join(parts)}</w:rPr></w:style>")
