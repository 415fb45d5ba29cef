"""Word style ids made from style names, and the styles annexgen writes whatever the names."""

from __future__ import annotations

import string
import unicodedata

# The styles annexgen writes into word/styles.xml itself, name → id: no role's style may
# take the name or the id (Word compares names ignoring case). Word's built-in headings are
# the bases of the heading roles' styles, so that other readers know them as headings.
WRITTEN_STYLES = {"Normal": "Normal", "Default Paragraph Font": "DefaultParagraphFont",
                  "heading 1": "Heading1", "heading 2": "Heading2", "heading 3": "Heading3"}
# Each heading role's base among them: Word's heading at its outline level.
HEADING_BASES = {"hch": "heading 1", "h1": "heading 2", "h23": "heading 3"}
# Ids are made of these alone: nothing to escape in XML, and valid wherever an id goes.
STYLE_ID_CHARACTERS = frozenset(string.ascii_letters + string.digits)


def style_id(name: str, role: str) -> str:
    """A role's style id: its name's words capitalised, in ASCII letters and digits only
    (accents dropped); a name with none of those (in Cyrillic, say) gets one from the role.

    Ids of different names can be equal ("Key phrase", "Key-phrase"): styles.yaml is
    checked for that (style_checks), so the ids of the roles are unique.
    """
    return _capitalised_words(name) or "Role" + _capitalised_words(role.replace("-", " "))


def _capitalised_words(text: str) -> str:
    words = ("".join(char for char in word if char in STYLE_ID_CHARACTERS)
             for word in unicodedata.normalize("NFKD", text).split())
    return "".join(word[:1].upper() + word[1:] for word in words)
