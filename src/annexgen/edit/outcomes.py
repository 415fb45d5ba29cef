"""One outcome of an outcome file, changed through typed operations — the same for the
import, `suggest` and the workbench: its text and numbers, what the report said, its topics
and key phrases, and what waits for review; every comment and the file's layout kept."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from annexgen.core.errors import Refused
from annexgen.core.text import (
    continues_a_phrase,
    find_phrase,
    normalize,
    normalize_lines,
    whole_words,
)
from annexgen.edit.yamlfile import add_key_comment, flow_list, folded, remove_item, remove_key
from annexgen.load.outcomes import paragraph_range


class EditRefused(Refused):
    """An edit that would make an outcome the checks refuse; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """A key phrase as outcome files write it: its words, and which occurrence (or all)."""

    text: str
    occurrence: int | None = None
    every: bool = False

    @classmethod
    def read(cls, value) -> Phrase:
        if isinstance(value, dict):
            occurrence = value.get("occurrence")
            return cls(str(value.get("text", "")),
                       int(occurrence) if occurrence is not None else None,
                       bool(value.get("all", False)))
        return cls(str(value))

    def written(self):
        """The phrase as written in a file: plain words (in quotes when they open like the
        continuation of the phrase before, which check would take for a slip), or a small
        mapping."""
        if self.occurrence is None and not self.every:
            return DoubleQuotedScalarString(self.text) if continues_a_phrase(self.text) \
                else self.text
        spec = CommentedMap([("text", self.text)])
        if self.every:
            spec["all"] = True
        else:
            spec["occurrence"] = self.occurrence
        spec.fa.set_flow_style()
        return spec

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where it stands in the text, as check reads it (empty: not found as written)."""
        starts = find_phrase(text, normalize(self.text))
        if self.every:
            chosen = starts
        elif self.occurrence is not None:
            chosen = starts[self.occurrence - 1:self.occurrence]
        else:
            chosen = starts if len(starts) == 1 else []
        return [(start, start + len(normalize(self.text))) for start in chosen]


def phrase_at(text: str, start: int, end: int) -> Phrase:
    """The key phrase a selection of the outcome's text stands for: widened to whole words,
    trimmed of spaces and punctuation at its ends, with its occurrence when its words come
    more than once. EditRefused when nothing is left of it."""
    start, end = whole_words(text, max(0, start), min(len(text), end))
    words = text[start:end]
    if not words or "\n" in words:
        raise EditRefused("the selection holds no words of one line of the outcome's text")
    starts = find_phrase(text, words)
    if len(starts) <= 1:
        return Phrase(words)
    return Phrase(words, occurrence=starts.index(start) + 1)


def paras_written(first: int, last: int):
    """Paragraph numbers as an outcome file writes them: 25, or "12-14"."""
    return first if first == last else DoubleQuotedScalarString(f"{first}-{last}")


class Outcome:
    """One outcome entry of a file, read and changed in place."""

    def __init__(self, entry: CommentedMap):
        self.entry = entry

    @classmethod
    def new(cls, outcome_id: str, first: int, last: int, text: str,
            source: str = "") -> Outcome:
        """A new outcome waiting for review: no topic yet, an empty `suggested:` block."""
        entry = CommentedMap([("id", outcome_id), ("para", paras_written(first, last))])
        if source:
            entry["source"] = source
        entry["text"] = folded(normalize_lines(text))
        entry["topics"] = None
        entry["suggested"] = CommentedMap()
        return cls(entry)

    # -- reading -------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return str(self.entry["id"])

    @property
    def paras(self) -> tuple[int, int]:
        value = self.entry["para"]
        if isinstance(value, int):
            return value, value
        return paragraph_range(str(value)) or (0, 0)

    @property
    def text(self) -> str:
        return normalize_lines(str(self.entry["text"]))

    @property
    def recorded(self) -> str | None:
        """The digest of what the report said when it was last imported, if it was."""
        imported = self.entry.get("imported")
        if isinstance(imported, dict) and isinstance(imported.get("digest"), str):
            return imported["digest"]
        return None

    @property
    def accepted(self) -> tuple[str, ...]:
        return tuple(str(t) for t in self.entry.get("topics") or ())

    def phrases(self, topic_id: str) -> list[Phrase]:
        return [Phrase.read(value) for value in self._phrase_list(topic_id) or ()]

    @property
    def waiting(self) -> bool:
        """Whether it waits for review (it carries a `suggested:` block)."""
        return "suggested" in self.entry

    @property
    def suggested_topics(self) -> tuple[str, ...]:
        topics = self._block().get("topics") if self.waiting else None
        return tuple(str(t) for t in topics or ())

    @property
    def rejected(self) -> frozenset[str]:
        return frozenset(str(t) for t in (self._block().get("rejected") if self.waiting
                                          else None) or ())

    # -- text, numbers, provenance ----------------------------------------------------------

    def set_text(self, text: str) -> None:
        self.entry["text"] = folded(normalize_lines(text))

    def set_paras(self, first: int, last: int) -> None:
        self.entry["para"] = paras_written(first, last)

    def set_source(self, path: str) -> None:
        """Where it stood in the report (its headings); added only to an outcome still under
        review, updated wherever it is."""
        if not path or str(self.entry.get("source", "")) == path:
            return
        if "source" in self.entry:
            self.entry["source"] = path
        elif self.waiting:
            self.entry.insert(list(self.entry).index("para") + 1, "source", path)

    def record_import(self, report: str, digest: str) -> None:
        provenance = CommentedMap([("report", report), ("digest", digest)])
        provenance.fa.set_flow_style()
        if "imported" in self.entry:
            self.entry["imported"] = provenance
            return
        keys = list(self.entry)
        after = "source" if "source" in keys else "para"
        self.entry.insert(keys.index(after) + 1, "imported", provenance)

    def offer_text(self, text: str) -> None:
        """The report's wording, offered beside the outcome's own (`suggested: text:`)."""
        self._block(make=True)["text"] = folded(normalize_lines(text))

    def withdraw_offer(self) -> None:
        """The wording offered is taken, or superseded: it goes, and the block with it when
        nothing else waits there."""
        block = self._block()
        if "text" in block:
            del block["text"]
            self._drop_empty_block()

    # -- topics and key phrases ---------------------------------------------------------------

    def add_topic(self, topic_id: str) -> None:
        topics = self.entry.get("topics")
        if not isinstance(topics, CommentedMap):
            topics = self.entry["topics"] = CommentedMap()
        if topic_id not in topics:
            topics[topic_id] = flow_list([])

    def remove_topic(self, topic_id: str) -> None:
        topics = self.entry.get("topics")
        if isinstance(topics, CommentedMap) and topic_id in topics:
            del topics[topic_id]
            if not topics and self.waiting:
                self.entry["topics"] = None

    def accept_topic(self, topic_id: str) -> None:
        """A suggested topic accepted, with the suggested key phrases its text holds."""
        offered = self._block().get("topics") if self.waiting else None
        phrases = [Phrase.read(p) for p in (offered or {}).get(topic_id) or ()]
        self.add_topic(topic_id)
        for phrase in phrases:
            if phrase.spans(self.text) and not self._overlaps(topic_id, phrase):
                self._topic_phrases(topic_id).append(phrase.written())
        if isinstance(offered, CommentedMap) and topic_id in offered:
            # what someone wrote beside the suggestion goes with the accepted topic
            own, below = remove_key(offered, topic_id)
            add_key_comment(self.entry["topics"], topic_id, own, below)

    def reject_topic(self, topic_id: str) -> None:
        """A suggested topic rejected for good: never offered again while the review lasts."""
        block = self._block(make=True)
        offered = block.get("topics")
        own = below = ""
        if isinstance(offered, CommentedMap) and topic_id in offered:
            own, below = remove_key(offered, topic_id)
        rejected = block.get("rejected")
        if not isinstance(rejected, CommentedSeq):
            rejected = block["rejected"] = flow_list([])
        if topic_id not in rejected:
            rejected.append(topic_id)
        add_key_comment(block, "rejected", own, below)  # kept beside the rejection

    def add_phrase(self, topic_id: str, phrase: Phrase) -> None:
        """A key phrase for a topic the outcome serves; EditRefused when the text does not
        hold it as written or it overlaps one of the topic's phrases (as check says)."""
        if topic_id not in self.accepted:
            raise EditRefused(f"outcome {self.id!r} does not serve topic {topic_id!r}")
        if not phrase.spans(self.text):
            raise EditRefused(f"key phrase {phrase.text!r} is not in the text of {self.id!r} "
                              "as written")
        if self._overlaps(topic_id, phrase):
            raise EditRefused(f"key phrase {phrase.text!r} overlaps another key phrase of "
                              f"topic {topic_id!r}")
        self._topic_phrases(topic_id).append(phrase.written())

    def remove_phrase(self, topic_id: str, index: int) -> tuple[Phrase, str]:
        """Takes a topic's key phrase out; it and its own comment."""
        phrases = self._phrase_list(topic_id)
        if phrases is None or not 0 <= index < len(phrases):
            raise EditRefused(f"topic {topic_id!r} of {self.id!r} has no key phrase {index}")
        phrase = Phrase.read(phrases[index])
        return phrase, remove_item(phrases, index)

    def lose_phrases(self, text: str) -> list[tuple[str, Phrase]]:
        """After a new text: each key phrase it no longer holds moves, with its comment, to
        `suggested: lost:`; what moved, by topic."""
        moved = []
        for topic_id in self.accepted:
            phrases: list = self._phrase_list(topic_id) or []
            lost = [at for at, p in enumerate(phrases) if not Phrase.read(p).spans(text)]
            removed = [self.remove_phrase(topic_id, at) for at in reversed(lost)]
            for phrase, comment in reversed(removed):
                self._keep_lost(topic_id, phrase, comment)
                moved.append((topic_id, phrase))
        return moved

    def offer_phrases(self, topic_id: str, phrases: Iterable[str]) -> None:
        """Key phrases offered for a topic (its wording in a new text)."""
        offered = self._suggested_topics_map()
        offered[topic_id] = flow_list(list(phrases))

    def refresh_suggestions(self, cluster_id: str | None,
                            topics: Iterable[tuple[str, tuple[str, ...]]]) -> bool:
        """The suggestions brought up to date in place: never a topic it serves or one
        rejected; a suggested topic no longer suggested goes unless someone commented on
        it; `rejected:`, `lost:`, `text:` and comments stay. Whether any topic is offered."""
        block = self._block(make=True)
        accepted, rejected = set(self.accepted), self.rejected
        wanted = [(t, p) for t, p in topics if t not in accepted and t not in rejected]
        if cluster_id is not None:
            if "cluster" in block:
                block["cluster"] = cluster_id
            else:
                block.insert(0, "cluster", cluster_id)
        offered = self._suggested_topics_map()
        keep = {t for t, _ in wanted} | accepted
        for topic_id in [t for t in offered if t not in keep and not _commented(offered, t)]:
            del offered[topic_id]
        for topic_id, phrases in wanted:
            offered[topic_id] = flow_list(list(phrases)) if phrases else None
        return bool(wanted)

    def finish_review(self) -> None:
        """Reviewed: the `suggested:` block goes, and the outcome is in the annexes."""
        if "suggested" in self.entry:
            del self.entry["suggested"]

    # -- inside --------------------------------------------------------------------------------

    def _block(self, make: bool = False) -> CommentedMap:
        block = self.entry.get("suggested")
        if not isinstance(block, CommentedMap):
            if not make:
                return CommentedMap()
            block = self.entry["suggested"] = CommentedMap()
        return block

    def _drop_empty_block(self) -> None:
        block = self.entry.get("suggested")
        if isinstance(block, CommentedMap) and not block and not _commented(self.entry,
                                                                              "suggested"):
            del self.entry["suggested"]

    def _suggested_topics_map(self) -> CommentedMap:
        block = self._block(make=True)
        if not isinstance(block.get("topics"), CommentedMap):
            block["topics"] = CommentedMap()
        return block["topics"]

    def _phrase_list(self, topic_id: str) -> CommentedSeq | None:
        topics = self.entry.get("topics")
        if not isinstance(topics, CommentedMap) or not isinstance(topics.get(topic_id),
                                                                  CommentedSeq):
            return None
        return topics[topic_id]

    def _topic_phrases(self, topic_id: str) -> CommentedSeq:
        """The key phrases of a topic it serves, as a list to add to (made when empty)."""
        self.add_topic(topic_id)
        topics = self.entry["topics"]
        if not isinstance(topics[topic_id], CommentedSeq):
            topics[topic_id] = flow_list([])
        return topics[topic_id]

    def _overlaps(self, topic_id: str, phrase: Phrase) -> bool:
        text = self.text
        taken = [span for other in self.phrases(topic_id) for span in other.spans(text)]
        return any(start < other_end and other_start < end
                   for start, end in phrase.spans(text) for other_start, other_end in taken)

    def _keep_lost(self, topic_id: str, phrase: Phrase, comment: str) -> None:
        block = self._block(make=True)
        lost = block.get("lost")
        if not isinstance(lost, CommentedMap):
            lost = block["lost"] = CommentedMap()
        if not isinstance(lost.get(topic_id), CommentedSeq):
            lost[topic_id] = flow_list([])
        lost[topic_id].append(phrase.written())
        if comment:
            lost.yaml_add_eol_comment(comment, topic_id)


def _commented(mapping: CommentedMap, key) -> bool:
    return any(token is not None for token in mapping.ca.items.get(key, ()))


# -- the typed operations a person's edit is made of ----------------------------------------

@dataclass(frozen=True, slots=True)
class AcceptTopic:
    topic_id: str

    def apply(self, outcome: Outcome) -> None:
        outcome.accept_topic(self.topic_id)


@dataclass(frozen=True, slots=True)
class RejectTopic:
    topic_id: str

    def apply(self, outcome: Outcome) -> None:
        outcome.reject_topic(self.topic_id)


@dataclass(frozen=True, slots=True)
class AddTopic:
    topic_id: str

    def apply(self, outcome: Outcome) -> None:
        outcome.add_topic(self.topic_id)


@dataclass(frozen=True, slots=True)
class RemoveTopic:
    topic_id: str

    def apply(self, outcome: Outcome) -> None:
        outcome.remove_topic(self.topic_id)


@dataclass(frozen=True, slots=True)
class AddPhrase:
    """A key phrase from a selection of the outcome's text (code point offsets)."""

    topic_id: str
    start: int
    end: int

    def apply(self, outcome: Outcome) -> None:
        outcome.add_phrase(self.topic_id, phrase_at(outcome.text, self.start, self.end))


@dataclass(frozen=True, slots=True)
class RemovePhrase:
    topic_id: str
    index: int

    def apply(self, outcome: Outcome) -> None:
        outcome.remove_phrase(self.topic_id, self.index)


@dataclass(frozen=True, slots=True)
class RemovePhraseAt:
    """The key phrase of a topic that marks this stretch of the text (code point offsets),
    as a person clicks it."""

    topic_id: str
    start: int
    end: int

    def apply(self, outcome: Outcome) -> None:
        text = outcome.text
        for index, phrase in enumerate(outcome.phrases(self.topic_id)):
            if any(start < self.end and self.start < end for start, end in phrase.spans(text)):
                outcome.remove_phrase(self.topic_id, index)
                return
        raise EditRefused(f"no key phrase of topic {self.topic_id!r} marks that part of "
                          f"{outcome.id!r}")


@dataclass(frozen=True, slots=True)
class SetText:
    text: str

    def apply(self, outcome: Outcome) -> None:
        outcome.set_text(self.text)


@dataclass(frozen=True, slots=True)
class SetParas:
    first: int
    last: int

    def apply(self, outcome: Outcome) -> None:
        outcome.set_paras(self.first, self.last)


@dataclass(frozen=True, slots=True)
class FinishReview:
    def apply(self, outcome: Outcome) -> None:
        outcome.finish_review()


Operation = (AcceptTopic | RejectTopic | AddTopic | RemoveTopic | AddPhrase | RemovePhrase
             | RemovePhraseAt | SetText | SetParas | FinishReview)
