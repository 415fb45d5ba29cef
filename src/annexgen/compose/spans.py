"""An outcome as spans for one topic: its key phrases marked, its paragraph reference last."""

from __future__ import annotations

from annexgen.core.model import Outcome
from annexgen.core.richtext import KEY_PHRASE, NO_MARKS, PARA_REF, Span
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
    spans.append(Span(" "))
    spans.append(Span(words.paragraphs(outcome.first_para, outcome.last_para), _REF))
    return spans
