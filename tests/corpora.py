"""Small corpora made in the tests: one cluster of two topics over the shipped meetings, with
the outcomes a test needs."""

from __future__ import annotations

import dataclasses

from annexgen.core.diagnostics import Loc
from annexgen.core.model import Cluster, Corpus, KeyPhrase, Outcome, Placement, Topic

LOC = Loc("x.yaml", 3, 5)


def synthetic(base: Corpus, outcomes: list[Outcome], topic_title: str = "Topic one",
              cluster_title: str = "Cluster one", theme: str | None = None, **document) -> Corpus:
    """A corpus of one cluster with two topics, the shipped meetings and prose, these outcomes."""
    topics = (Topic("t1", 1, topic_title, "c1", LOC), Topic("t2", 2, "Topic two", "c1", LOC))
    cluster = Cluster("c1", "A", cluster_title, theme, "number", topics, LOC)
    doc = dataclasses.replace(base.document, **document)
    return Corpus(doc, base.meetings, (cluster,), tuple(outcomes), base.prose, base.words)


def outcome(number: int, text: str, meeting: str = "asia-pacific", topic: str = "t1",
            phrases: tuple[KeyPhrase, ...] = ()) -> Outcome:
    return Outcome(f"o{number}", meeting, number, number, text,
                   (Placement(topic, phrases, LOC),), loc=Loc("x.yaml", number, 5),
                   meeting_loc=LOC, para_loc=LOC)


def sentence_text(chars: int, seed: int) -> str:
    """Prose-like text of about `chars` characters (words of varied length)."""
    words = [f"word{seed}", "of", "the", "regional", "meetings", "recommended", "that"]
    out, length, i = [], 0, 0
    while length < chars:
        out.append(words[i % len(words)])
        length += len(out[-1]) + 1
        i += 1
    return " ".join(out) + "."
