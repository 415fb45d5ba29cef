"""Measures the import's suggestions against the shipped tagging, one meeting held out at a time."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from annexgen.importer.suggest import TopicModel, terms
from annexgen.load.corpus import load_corpus
from annexgen.model import Corpus


@dataclass(frozen=True)
class Scores:
    outcomes: int
    cluster_accuracy: float
    top1: float  # share of outcomes whose best suggestion is one of their topics
    top3_recall: float  # share of placements among the three suggestions
    phrase_overlap: float  # word overlap (F1) of suggested and tagged phrases, topics found


def held_out(corpus: Corpus, headings_of=None) -> Scores:
    """Suggest for each meeting from the other meetings' tagging; compare with its own."""
    clusters_of = {t.id: c.id for c in corpus.clusters for t in c.topics}
    title_of = {c.id: c.title for c in corpus.clusters}
    n = cluster_hits = top1 = placements = found = 0
    overlaps: list[float] = []
    for meeting in corpus.meetings:
        others = [o for o in corpus.outcomes if o.meeting_id != meeting.id]
        model = TopicModel(corpus.clusters, others)
        for outcome in (o for o in corpus.outcomes if o.meeting_id == meeting.id):
            truth = [p.topic_id for p in outcome.placements]
            cluster = clusters_of[truth[0]]
            headings = headings_of(outcome) if headings_of else [title_of[cluster]]
            suggestion = model.suggest(outcome.text, headings)
            suggested = [topic for topic, _ in suggestion.topics]
            n += 1
            cluster_hits += suggestion.cluster_id == cluster
            top1 += suggested[0] in truth
            placements += len(truth)
            found += sum(t in suggested for t in truth)
            for topic, phrases in suggestion.topics:
                if topic in truth:
                    tagged = [outcome.text[p.start:p.end] for p in outcome.phrases_for(topic)]
                    overlaps.append(_f1(phrases, tagged))
    return Scores(n, cluster_hits / n, top1 / n, found / placements,
                  sum(overlaps) / len(overlaps) if overlaps else 0.0)


def _f1(suggested, tagged) -> float:
    left = {w for p in suggested for w in terms(p)}
    right = {w for p in tagged for w in terms(p)}
    if not left or not right:
        return float(left == right)
    common = len(left & right)
    return 2 * common / (len(left) + len(right))


def main(content: str = "content") -> None:
    scores = held_out(load_corpus(Path(content)))
    print(scores)


if __name__ == "__main__":
    main(*sys.argv[1:])
