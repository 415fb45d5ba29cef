"""The change report as a Word document: rewordings as tracked changes, per cluster and topic."""

from __future__ import annotations

from annexgen.compose.headings import cluster_heading, topic_heading
from annexgen.compose.word import WordDocument
from annexgen.core.model import Corpus, Outcome
from annexgen.core.richtext import DELETED, INSERTED, LABEL, PARA_REF, Block, Span
from annexgen.core.words import Words, fill
from annexgen.diff.changes import PARAGRAPHS, REWORDED, Added, Change, ChangeSet, Removed, word_diff

_MARKS = {"same": frozenset(), "ins": frozenset({INSERTED}), "del": frozenset({DELETED})}


def compose_changes(changes: ChangeSet, old: Corpus, new: Corpus, old_label: str,
                    new_label: str) -> WordDocument:
    """The report, in the new corpus's words."""
    words = new.words
    said = words.changes
    opening = fill(said.introduction, old=old_label, new=new_label,
                   summary=changes.summary(words))
    title = fill(said.title, title=new.document.title)
    blocks = [Block("title", (Span(title),)), Block("body", (Span(opening),))]
    by_topic = changes.by_topic()
    meetings = {m.id: m for m in (*old.meetings, *new.meetings)}
    for cluster in _clusters(old, new):
        topics = [t for t in cluster.topics if t.id in by_topic]
        if not topics:
            continue
        blocks.append(Block("h1", (Span(cluster_heading(cluster)),)))
        for topic in topics:
            blocks.append(Block("h23", (Span(topic_heading(cluster, topic)),)))
            blocks.extend(_change_block(change, meetings, words)
                          for change in by_topic.pop(topic.id))
    return WordDocument(name="changes", title=fill(said.document_title, old=old_label,
                                                   new=new_label),
                        blocks=tuple(blocks), footnotes={}, header_left=new.document.short_title,
                        header_right=said.running_head, marking=None, page_words=words.pages,
                        language=words.word_language)


def _clusters(old: Corpus, new: Corpus):
    """The new index, then clusters that only the old one had."""
    seen = {c.id for c in new.clusters}
    return [*new.clusters, *(c for c in old.clusters if c.id not in seen)]


def _change_block(change: Change, meetings, words: Words) -> Block:
    said = words.changes
    label = fill(said.label, kind=said.labels.of(change.kind),
                 meeting=words.meeting_heading(meetings[change.meeting_id].region,
                                               meetings[change.meeting_id].symbol),
                 paragraphs=_reference(change.outcome, words))
    return Block("outcome", (Span(label, frozenset({LABEL})), *_body(change, words)))


def _body(change: Change, words: Words) -> list[Span]:
    versions = change.versions
    if isinstance(versions, Added):
        return _whole(versions.new, "ins", words)
    if isinstance(versions, Removed):
        return _whole(versions.old, "del", words)
    old, new = versions.old, versions.new
    if change.kind == REWORDED:
        pieces = [Span(text, _MARKS[kind]) for kind, text in word_diff(old.text, new.text)]
        return [*pieces, Span(" "), Span(_reference(new, words), frozenset({PARA_REF}))]
    if change.kind == PARAGRAPHS:
        return [Span(_reference(old, words), _MARKS["del"]),
                Span(_reference(new, words), _MARKS["ins"])]
    return [Span(f"{change.detail}. "), *_whole(new, "same", words)]


def _whole(outcome: Outcome, mark: str, words: Words) -> list[Span]:
    """The outcome's text, marked as inserted, deleted or neither, and its paragraphs."""
    return [Span(outcome.text, _MARKS[mark]), Span(" "),
            Span(_reference(outcome, words), frozenset({PARA_REF}))]


def _reference(outcome: Outcome, words: Words) -> str:
    return words.paragraphs(outcome.first_para, outcome.last_para)
