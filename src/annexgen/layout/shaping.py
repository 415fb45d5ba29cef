"""Arabic text in the contextual forms a font draws it with, for measuring its width."""

from __future__ import annotations

import functools
import re
import typing

if typing.TYPE_CHECKING:
    from arabic_reshaper import ArabicReshaper

# Arabic letters and marks, with the Supplement: the text that joins.
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f]")


@functools.cache
def _reshaper() -> ArabicReshaper:
    # Imported on the first Arabic text (20 ms): a document in another script never pays it.
    from arabic_reshaper import ArabicReshaper

    # Marks kept: they are drawn over the letters, zero-width in the fonts' tables.
    return ArabicReshaper({"delete_harakat": False})


def contextual_forms(text: str) -> str:
    """The text with each Arabic letter as its initial, medial, final or isolated form (and
    lam-alef as one), whose advances are the joined text's; other text unchanged. A letter
    measured by its base code point would be its isolated form, about a third wider."""
    if _ARABIC.search(text) is None:
        return text
    # Letters join only within a word: each word shaped once, however often it is used.
    return " ".join(map(_shaped_word, text.split(" ")))


@functools.lru_cache(maxsize=1 << 16)
def _shaped_word(word: str) -> str:
    return _reshaper().reshape(word)
