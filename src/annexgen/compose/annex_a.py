"""Composes Annex A: cluster → topic → meeting, each outcome in full under each of its topics."""

from __future__ import annotations

from dataclasses import replace

from annexgen.compose.headings import cluster_heading, topic_heading
from annexgen.compose.keeps import keep_lists_together
from annexgen.compose.spans import outcome_blocks, outcome_spans
from annexgen.compose.word import WordDocument, bookmark_name, filed_under
from annexgen.core.deliverables import ANNEX_A, Anchor
from annexgen.core.model import Cluster, Corpus, Meeting, Outcome, Topic
from annexgen.core.richtext import BOLD, LABEL, Block, Span
from annexgen.core.words import Words, fill


def compose_annex_a(corpus: Corpus, part: tuple[Cluster, ...] | None = None,
                    first_page: int = 1) -> WordDocument:
    """Annex A, or the `part` of it that holds those clusters (a run of them, in order),
    numbered from `first_page`: the part that holds the first cluster opens with the
    annex's prose; every other begins at its first cluster's page break."""
    prose = corpus.prose[ANNEX_A.template]
    table = corpus.outcomes_by_topic()
    clusters = corpus.clusters if part is None else part
    opening = not clusters or clusters[0] is corpus.clusters[0]
    blocks = list(prose.blocks) if opening else []
    for index, cluster in enumerate(clusters):
        blocks.extend(_cluster_blocks(cluster, corpus, table, first=index == 0))
    document, words = corpus.document, corpus.words
    name = words.deliverable[ANNEX_A.name]
    return WordDocument(
        name=ANNEX_A.name, title=fill(words.titled, deliverable=name, title=document.annex_a.title),
        blocks=keep_lists_together(blocks), footnotes=prose.footnotes if opening else {},
        header_left=document.short_title, header_right=name, marking=document.marking,
        page_words=words.pages, language=words.word_language, first_page=first_page,
        keywords=filed_under(corpus),
    )


def anchors(corpus: Corpus) -> tuple[Anchor, ...]:
    """Where each cluster starts: the bookmark on its heading, and the heading's text."""
    return tuple(Anchor(cluster.id, cluster_heading(cluster), bookmark_name("c", cluster.id))
                 for cluster in corpus.clusters)


def cluster_sizes(corpus: Corpus) -> list[int]:
    """How much text each cluster prints: its outcomes' characters, each time placed."""
    table = corpus.outcomes_by_topic()
    return [sum(len(outcome.text) for topic in cluster.topics
                for outcomes in table.get(topic.id, {}).values() for outcome in outcomes)
            for cluster in corpus.clusters]


def _cluster_blocks(cluster: Cluster, corpus: Corpus, table, first: bool) -> list[Block]:
    mark = bookmark_name("c", cluster.id)
    blocks = [Block("h1", (Span(cluster_heading(cluster)),), page_break_before=not first,
                    bookmarks=(mark,))]
    if cluster.theme:
        theme = fill(corpus.words.quoted, text=cluster.theme)
        blocks.append(Block("theme", (Span(theme, frozenset({BOLD})),)))
    for topic in cluster.topics:
        blocks.extend(_topic_blocks(cluster, topic, corpus, table.get(topic.id, {})))
    return _close(blocks, mark)


def _topic_blocks(cluster: Cluster, topic: Topic, corpus: Corpus,
                  by_meeting: dict[str, list[Outcome]]) -> list[Block]:
    mark = bookmark_name("t", topic.id)
    blocks = [Block("h23", (Span(topic_heading(cluster, topic)),), bookmarks=(mark,))]
    for meeting in corpus.meetings:
        for index, outcome in enumerate(by_meeting.get(meeting.id, ())):
            label = (_label(meeting, corpus.words),) if index == 0 else ()
            spans = outcome_spans(outcome, topic.id, corpus.words)
            blocks.extend(outcome_blocks(label, spans))
    return _close(blocks, mark)


def _label(meeting: Meeting, words: Words) -> Span:
    """The run-in label that opens a meeting's first outcome under a topic."""
    heading = words.meeting_heading(meeting.region, meeting.symbol)
    return Span(fill(words.run_in, meeting=heading), frozenset({LABEL}))


def _close(blocks: list[Block], mark: str) -> list[Block]:
    """Ends a bookmark after the last block of a range."""
    blocks[-1] = replace(blocks[-1], bookmark_ends=(*blocks[-1].bookmark_ends, mark))
    return blocks
