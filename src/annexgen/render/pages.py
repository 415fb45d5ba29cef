"""Where each cluster stands in the rendered annexes, and a check of what the paper printed."""

from __future__ import annotations

import re
from itertools import pairwise

from annexgen.core.deliverables import Pages
from annexgen.core.text import unspaced
from annexgen.core.words import PageWords
from annexgen.render.pdftext import flatten
from annexgen.render.soffice import RenderError

# How much of a heading identifies it on a page (long headings wrap and may be cut).
_PROBE_CHARS = 60


class PageResolutionError(RenderError):
    """A cluster could not be found, or the paper printed other numbers than the annexes have."""


def cluster_pages(title: str, annex: str, headings: list[tuple[str, str]],
                  pages: list[str]) -> Pages:
    """(annex, cluster id) → (first, last) page, found by each cluster's heading in the
    text of the annex's pages (`title` names the annex in an error)."""
    starts = [(cluster_id, _find(title, cluster_id, heading, pages)) for cluster_id, heading
              in headings]
    return spans(annex, starts, len(pages))


def spans(annex: str, starts: list[tuple[str, int]], total: int) -> Pages:
    """(annex, cluster id) → (first, last) page; each cluster runs until the next starts."""
    found: Pages = {}
    for index, (cluster_id, first) in enumerate(starts):
        following = starts[index + 1][1] if index + 1 < len(starts) else total + 1
        found[(annex, cluster_id)] = (first, max(first, following - 1))
    return found


def _find(title: str, cluster_id: str, heading: str, pages: list[str]) -> int:
    probe = flatten(heading)[:_PROBE_CHARS]
    for number, text in enumerate(pages, start=1):
        if probe in text:
            return number
    raise PageResolutionError(f"the heading of cluster {cluster_id!r} ({probe!r}) was not "
                              f"found in the rendered {title}")


# The marks pdftotext puts around right-to-left runs and the numbers inside them (U+202A–
# U+202E embeddings, U+2066–U+2069 isolates, U+200E/U+200F/U+061C marks): not the paper's
# text, so an Arabic reference is read without them.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _rtl_pattern(words: str) -> str:
    """A right-to-left reference as pdftotext may give it back, spaces left out: in logical
    order; in the visual order it prints an Arabic line in (its words from left to right as
    they stand on the page: "الصفحات 6–9" comes back as "9–6  الصفحات", and "و41" as
    "41و"); or, where the line holds direction marks, its words in logical order and the
    figures of each in visual order ("الصفحات 9–6"). Each word's letters in logical order."""
    tokens = words.split()
    visual = ["".join(reversed(re.findall(r"\d+|\D+", token))) for token in tokens]
    forms = ("".join(tokens), "".join(reversed(visual)), "".join(visual))
    return rf"(?<!\d)(?:{'|'.join(re.escape(form) for form in forms)})(?!\d)"


def printed_pattern(words: str) -> str:
    """A pattern of `words` as pdftotext gives them back: where a Chinese character meets
    another script (第1页), a space may stand between them, as word processors set a small
    gap there (Word's and LibreOffice's autospace) and pdftotext reads it as a space.
    Text of spaced scripts alone (English) is matched exactly as it is."""
    parts = [re.escape(words[0])] if words else []
    for left, right in pairwise(words):
        gap = unspaced(left) != unspaced(right) and not left.isspace() and not right.isspace()
        parts.append((" ?" if gap else "") + re.escape(right))
    return "".join(parts)


def check_printed(paper_text: str, references: list[tuple[str, str]], expected: Pages,
                  words: PageWords) -> None:
    """The paper's PDF prints the resolved pages of every reference the paper holds, in the
    order it holds them (annex, cluster id), in the words the paper was written with
    (`words`, its document model's), whatever words the template put around them."""
    text = " ".join(_BIDI_CONTROLS.sub("", paper_text).split())
    right_to_left = any(_RTL.search(words.range(*pages)) for pages in expected.values())
    if right_to_left:  # read without spaces: pdftotext spaces visual runs its own way
        text = "".join(text.split())
    at = 0
    for number, (annex, cluster_id) in enumerate(references, start=1):
        want = words.range(*expected[(annex, cluster_id)])
        pattern = _rtl_pattern(want) if right_to_left else printed_pattern(want) + r"(?!\d)"
        found = re.compile(pattern).search(text, at)
        if found is None:
            raise PageResolutionError(
                f"the paper's PDF does not print page reference {number} of "
                f"{len(references)} ({annex}, cluster {cluster_id!r}: {want!r})"
                + (" after the one before it" if number > 1 else ""))
        at = found.end()
