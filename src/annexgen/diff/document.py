"""The change report as a Word document: rewordings as tracked changes, per cluster and topic."""

from __future__ import annotations

from annexgen.compose.headings import cluster_heading, topic_heading
from annexgen.compose.word import WordDocument
from annexgen.core.model import Corpus, Outcome
from annexgen.core.richtext import DELETED, INSERTED, LABEL, PARA_REF, Block, Span
from annexgen.diff.changes import PARAGRAPHS, REWORDED, Added, Change, ChangeSet, Removed, word_diff

_MARKS = {"same": frozenset(), "ins": frozenset({INSERTED}), "del": frozenset({DELETED})}


def compose_changes(changes: ChangeSet, old: Corpus, new: Corpus, old_label: str,
                    new_label: str) -> WordDocument:
    blocks = [Block("title", (Span("Changes in the outcomes of the regional meetings"),)),
              Block("body", (Span(f"From {old_label} to {new_label}: {changes.summary()}. "
                                  "Rewordings are tracked changes: review them in Word."),))]
    by_topic = changes.by_topic()
    meetings = {m.id: m for m in (*old.meetings, *new.meetings)}
    for cluster in _clusters(old, new):
        topics = [t for t in cluster.topics if t.id in by_topic]
        if not topics:
            continue
        blocks.append(Block("h1", (Span(cluster_heading(cluster)),)))
        for topic in topics:
            blocks.append(Block("h23", (Span(topic_heading(cluster, topic)),)))
            blocks.extend(_change_block(change, meetings) for change in by_topic.pop(topic.id))
    return WordDocument(name="changes", title=f"Changes from {old_label} to {new_label}",
                        blocks=tuple(blocks), footnotes={}, header_left=new.document.short_title,
                        header_right="Changes", marking=None)


def _clusters(old: Corpus, new: Corpus):
    """The new index, then clusters that only the old one had."""
    seen = {c.id for c in new.clusters}
    return [*new.clusters, *(c for c in old.clusters if c.id not in seen)]


def _change_block(change: Change, meetings) -> Block:
    meeting = meetings[change.meeting_id]
    label = Span(f"{change.kind.capitalize()}: {meeting.heading}, "
                 f"{change.outcome_id}: ", frozenset({LABEL}))
    return Block("outcome", (label, *_body(change)))


def _body(change: Change) -> list[Span]:
    versions = change.versions
    if isinstance(versions, Added):
        return _whole(versions.new, "ins")
    if isinstance(versions, Removed):
        return _whole(versions.old, "del")
    old, new = versions.old, versions.new
    if change.kind == REWORDED:
        pieces = [Span(text, _MARKS[kind]) for kind, text in word_diff(old.text, new.text)]
        return [*pieces, Span(" "), Span(new.para_ref, frozenset({PARA_REF}))]
    if change.kind == PARAGRAPHS:
        return [Span(old.para_ref, _MARKS["del"]), Span(new.para_ref, _MARKS["ins"])]
    return [Span(f"{change.detail}. "), *_whole(new, "same")]


def _whole(outcome: Outcome, mark: str) -> list[Span]:
    """The outcome's text, marked as inserted, deleted or neither, and its paragraphs."""
    return [Span(outcome.text, _MARKS[mark]), Span(" "),
            Span(outcome.para_ref, frozenset({PARA_REF}))]
