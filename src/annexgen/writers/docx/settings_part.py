"""word/settings.xml: footnote separators, tab stops and Word's compatibility mode."""

from __future__ import annotations

from annexgen.writers.docx.xml import DECLARATION, ROOT_NS


def settings_xml(language: str) -> bytes:
    return (
        f"{DECLARATION}<w:settings {ROOT_NS}>"
        '<w:defaultTabStop w:val="567"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        f'<w:themeFontLang w:val="{language}"/>'
        "</w:settings>"
    ).encode()
