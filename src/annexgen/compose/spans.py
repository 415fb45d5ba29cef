"""An outcome for one topic: spans (key phrases, paragraph reference last), then paragraphs."""

from __future__ import annotations

import re
from dataclasses import replace

from annexgen.core.model import Outcome
from annexgen.core.richtext import KEY_PHRASE, NO_MARKS, PARA_REF, Block, Span
from annexgen.core.text import SUBITEM_LABEL
from annexgen.core.words import Words

_KEY = frozenset({KEY_PHRASE})
_REF = frozenset({PARA_REF})


def outcome_spans(outcome: Outcome, topic_id: str, words: Words) -> list[Span]:
    """The text split at that topic's key phrases, then its paragraph reference " (para. N)"
    in the document's words."""
    spans, pos, text = [], 0, outcome.text
    for phrase in outcome.phrases_for(topic_id):
        if phrase.start > pos:
            spans.append(Span(text[pos:phrase.start], NO_MARKS))
        spans.append(Span(text[phrase.start:phrase.end], _KEY))
        pos = phrase.end
    if pos < len(text):
        spans.append(Span(text[pos:], NO_MARKS))
    if words.before_reference:
        spans.append(Span(words.before_reference))
    spans.append(Span(words.paragraphs(outcome.first_para, outcome.last_para), _REF))
    return spans


# A sub-item's label at the start of a line of an outcome, in any of the six languages ((a),
# a), а), (أ), （一）: core.text.SUBITEM_LABEL), followed by a space (or by nothing, after a
# full-width bracket).
_SUBITEM_LABEL = re.compile(rf"({SUBITEM_LABEL})(?: |(?<=）))")


def outcome_blocks(lead: tuple[Span, ...], spans: list[Span]) -> list[Block]:
    """An outcome's paragraphs: its first line after the `lead` spans (the run-in label), then
    one paragraph a line: a sub-item, its label and text apart by a tab, or (a line without
    a label) an outcome paragraph of its own."""
    first, *rest = span_lines(spans)
    return [Block("outcome", (*lead, *first)), *(_line_block(line) for line in rest)]


def span_lines(spans: list[Span]) -> list[list[Span]]:
    """The spans cut at the line feeds of their text, each piece keeping its marks."""
    lines: list[list[Span]] = [[]]
    for span in spans:
        pieces = span.text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                lines.append([])
            if piece:
                lines[-1].append(replace(span, text=piece))
    return lines


def _line_block(line: list[Span]) -> Block:
    found = _SUBITEM_LABEL.match(line[0].text) if line else None
    if found is None:
        return Block("outcome", tuple(line))
    head = line[0]
    labelled = replace(head, text=f"{found.group(1)}\t{head.text[found.end():]}")
    return Block("subitem", (labelled, *line[1:]))
