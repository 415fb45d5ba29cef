"""Compares two corpora outcome by outcome (by id): added, removed, moved, reworded ..."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from annexgen.core.model import Corpus, Outcome
from annexgen.core.words import Words, english, fill

ADDED, REMOVED, MOVED_IN, MOVED_OUT = "added", "removed", "moved in", "moved out"
REWORDED, PHRASES, PARAGRAPHS = "reworded", "key phrases", "paragraphs"
KINDS = (ADDED, REMOVED, MOVED_IN, MOVED_OUT, REWORDED, PHRASES, PARAGRAPHS)
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Added:
    """An outcome only the new corpus has."""

    new: Outcome

    @property
    def outcome(self) -> Outcome:
        return self.new


@dataclass(frozen=True)
class Removed:
    """An outcome only the old corpus has."""

    old: Outcome

    @property
    def outcome(self) -> Outcome:
        return self.old


@dataclass(frozen=True)
class Kept:
    """An outcome both corpora have, as it was and as it is."""

    old: Outcome
    new: Outcome

    @property
    def outcome(self) -> Outcome:
        return self.new


Versions = Added | Removed | Kept


@dataclass(frozen=True)
class Change:
    """One change seen under one topic (`topic` is its title)."""

    kind: str
    topic_id: str
    topic: str
    versions: Versions
    detail: str = ""

    @property
    def outcome(self) -> Outcome:
        """The outcome as it is now, or as it was when removed."""
        return self.versions.outcome

    @property
    def meeting_id(self) -> str:
        return self.outcome.meeting_id

    @property
    def outcome_id(self) -> str:
        return self.outcome.id


@dataclass
class ChangeSet:
    """Every change, and the outcomes counted once per kind for the summary."""

    changes: list[Change] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    titles: dict[str, str] = field(default_factory=dict)  # topic id → title

    def by_topic(self) -> dict[str, list[Change]]:
        table: dict[str, list[Change]] = {}
        for change in self.changes:
            table.setdefault(change.topic_id, []).append(change)
        return table

    def summary(self, words: Words | None = None) -> str:
        """"2 outcomes changed: 1 added, 1 reworded", or "no changes", in `words` (by
        default English, as the command line says it). Outcomes are counted once per kind
        of change."""
        words = words or english()
        said, number = words.changes, words.numbers.grouped
        if not self.changes:
            return said.none
        parts = [fill(said.counted, count=number(count), kind=said.counted_kinds.of(kind))
                 for kind, count in self.counts.items() if count]
        changed = len({change.outcome_id for change in self.changes})
        return said.changed.of(changed, count=number(changed),
                               kinds=words.list_separator.join(parts))


def compare(old: Corpus, new: Corpus) -> ChangeSet:
    """The changes from `old` to `new`, their details in the new corpus's words."""
    versions = _versions(old, new)
    result = ChangeSet(titles={t.id: t.title for corpus in (old, new) for t in corpus.topics()})
    for outcome_id in sorted(versions, key=_order(old, new)):
        _compare_outcome(versions[outcome_id], result, new.words)
    return result


def _versions(old: Corpus, new: Corpus) -> dict[str, Versions]:
    """Each outcome id of either corpus, with the versions of that outcome there are."""
    before = {o.id: o for o in old.outcomes}
    versions: dict[str, Versions] = {o.id: Removed(o) for o in old.outcomes}
    for outcome in new.outcomes:
        was = before.get(outcome.id)
        versions[outcome.id] = Added(outcome) if was is None else Kept(was, outcome)
    return versions


def _order(old: Corpus, new: Corpus):
    position = {o.id: i for i, o in enumerate(old.outcomes)}
    position.update({o.id: i for i, o in enumerate(new.outcomes)})
    return lambda outcome_id: (position[outcome_id], outcome_id)


def _compare_outcome(versions: Versions, result: ChangeSet, words: Words) -> None:
    if not isinstance(versions, Kept):
        kind = ADDED if isinstance(versions, Added) else REMOVED
        for placement in versions.outcome.placements:
            _add(result, kind, placement.topic_id, versions)
        result.counts[kind] += 1
        return
    old, new = versions.old, versions.new
    old_topics = [p.topic_id for p in old.placements]
    new_topics = [p.topic_id for p in new.placements]
    _compare_placements(versions, old_topics, new_topics, result, words)
    if old.text != new.text:
        _each(result, REWORDED, new_topics, versions)
    if (old.first_para, old.last_para) != (new.first_para, new.last_para):
        _each(result, PARAGRAPHS, new_topics, versions,
              fill(words.changes.was_now, old=words.paragraphs(old.first_para, old.last_para),
                   new=words.paragraphs(new.first_para, new.last_para)))


def _compare_placements(versions: Kept, old_topics: list[str], new_topics: list[str],
                        result: ChangeSet, words: Words) -> None:
    old, new, said = versions.old, versions.new, words.changes
    gone = [t for t in old_topics if t not in new_topics]
    came = [t for t in new_topics if t not in old_topics]
    _each(result, MOVED_OUT, gone, versions,
          fill(said.now_under, topics=_named(result, new_topics, words)))
    _each(result, MOVED_IN, came, versions,
          fill(said.before_under, topics=_named(result, old_topics, words)))
    joined = said.phrase_separator.join
    for topic in new_topics:
        if topic in old_topics and _phrases(old, topic) != _phrases(new, topic):
            _add(result, PHRASES, topic, versions,
                 fill(said.was_now, old=joined(_phrases(old, topic)),
                      new=joined(_phrases(new, topic))))
            result.counts[PHRASES] += 1


def _named(result: ChangeSet, topic_ids: list[str], words: Words) -> str:
    return words.list_separator.join(fill(words.quoted, text=result.titles[topic_id])
                                     for topic_id in topic_ids)


def _each(result: ChangeSet, kind: str, topics: list[str], versions: Kept,
          detail: str = "") -> None:
    for topic in topics:
        _add(result, kind, topic, versions, detail)
    if topics:
        result.counts[kind] += 1


def _add(result: ChangeSet, kind: str, topic: str, versions: Versions, detail: str = "") -> None:
    result.changes.append(Change(kind=kind, topic_id=topic, topic=result.titles[topic],
                                 versions=versions, detail=detail))


def _phrases(outcome: Outcome, topic_id: str) -> list[str]:
    return [outcome.text[k.start:k.end] for k in outcome.phrases_for(topic_id)]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """("same" | "del" | "ins", text) pieces that turn `old` into `new`, word by word."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(b[j1:j2])))
    return pieces
