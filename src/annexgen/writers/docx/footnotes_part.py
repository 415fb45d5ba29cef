"""word/footnotes.xml: the separators Word expects, then one `w:footnote` per reference."""

from __future__ import annotations

from annexgen.writers.docx.body import ParagraphWriter
from annexgen.writers.docx.xml import DECLARATION, ROOT_NS

_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote>"
)


def footnotes_xml(footnotes: dict, numbers: dict[str, int], writer: ParagraphWriter) -> bytes:
    """The notes in number order; each opens with its own mark, a tab, then its text."""
    notes = [_footnote(number, footnotes[name], writer)
             for name, number in sorted(numbers.items(), key=lambda item: item[1])]
    body = _SEPARATORS + "".join(notes)
    return f"{DECLARATION}<w:footnotes {ROOT_NS}>{body}</w:footnotes>".encode()


def _footnote(number: int, blocks, writer: ParagraphWriter) -> str:
    style = writer.runs.style_ids["noteref"]
    mark = (f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:footnoteRef/></w:r>'
            "<w:r><w:tab/></w:r>")
    paragraphs = [writer.paragraph(block, mark if index == 0 else "")
                  for index, block in enumerate(blocks)]
    return f'<w:footnote w:id="{number}">{"".join(paragraphs)}</w:footnote>'
