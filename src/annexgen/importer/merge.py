"""Merges the paragraphs of a report into a meeting's outcome file, keeping people's tagging."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from annexgen.importer.sections import FoundParagraph
from annexgen.importer.suggest import Suggestion, TopicModel
from annexgen.importer.yamlout import flow_list, folded
from annexgen.text import find_phrase, normalize, normalize_lines

# How alike an outcome and a paragraph must be to be the same outcome (rapidfuzz ratio):
# at its own number, a corrected paragraph; elsewhere, one that was renumbered.
SAME_PLACE_RATIO = 55.0
MOVED_RATIO = 85.0


@dataclass(frozen=True, slots=True)
class Change:
    """One thing the import did or found, about one outcome (and a key inside it)."""

    kind: str  # added, updated, renumbered, phrase-lost, not-in-report, unchanged
    outcome_id: str
    message: str
    keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Merged:
    data: CommentedMap
    changes: tuple[Change, ...]


def merge(existing: CommentedMap | None, meeting_id: str, found: list[FoundParagraph],
          model: TopicModel, header: str) -> Merged:
    """The outcome file with the report's paragraphs in it: existing outcomes matched by
    paragraph number and wording and updated; new paragraphs added with suggestions."""
    data = existing if existing is not None else _new_file(meeting_id, header)
    entries = data.setdefault("outcomes", CommentedSeq())
    if entries is None:
        entries = data["outcomes"] = CommentedSeq()
    by_number = {p.number: p for p in found}
    matcher = _Matcher(by_number, model)
    # Outcomes at their own numbers with their wording first; then, for the rest, the better
    # of their own numbers (reworded) and a run elsewhere (renumbered); then what is left.
    rest = [entry for entry in entries if not matcher.in_place(entry)]
    rest = [entry for entry in rest if not matcher.best_place(entry)]
    for entry in rest:
        matcher.rewritten_or_kept(entry)
    changes, claimed = matcher.changes, matcher.claimed
    taken_ids = {entry["id"] for entry in entries}
    for paragraph in found:
        if paragraph.number not in claimed:
            entry = _new_entry(meeting_id, paragraph, model, taken_ids)
            taken_ids.add(entry["id"])
            _insert_in_order(entries, entry)
            changes.append(Change("added", entry["id"], f"para. {paragraph.number} added"))
    return Merged(data, tuple(changes))


class _Matcher:
    """Matches outcomes to the report's paragraphs; each paragraph goes to one outcome."""

    def __init__(self, by_number: dict[int, FoundParagraph], model: TopicModel):
        self.by_number, self.model = by_number, model
        self.claimed: set[int] = set()
        self.changes: list[Change] = []

    def in_place(self, entry: CommentedMap) -> bool:
        first, last = _paras(entry["para"])
        text = _joined(self.by_number, first, last)
        if text is None or _alike(entry["text"], text) < MOVED_RATIO:
            return False
        self._take(entry, first, last)
        return True

    def best_place(self, entry: CommentedMap) -> bool:
        first, last = _paras(entry["para"])
        own = self._free_text(first, last)
        own_ratio = _alike(entry["text"], own) if own is not None else 0.0
        moved = _find_moved(entry, self.by_number, self.claimed)
        if moved is not None and moved[2] > own_ratio:
            first, last = moved[0], moved[1]
        elif own_ratio < SAME_PLACE_RATIO:
            return False
        self._take(entry, first, last)
        return True

    def rewritten_or_kept(self, entry: CommentedMap) -> None:
        first, last = _paras(entry["para"])
        if self._free_text(first, last) is not None:
            # Its paragraphs are there, reworded beyond recognition: still its paragraphs.
            self._take(entry, first, last)
            return
        self.changes.append(Change(
            "not-in-report", entry["id"], f"outcome {entry['id']!r} (para. {entry['para']}) "
            "is not in this report; it is kept as it was: delete it if the report withdrew "
            "it", ("para",)))
        if self.claimed & set(range(first, last + 1)):
            self.changes.append(Change(
                "collision", entry["id"], f"outcome {entry['id']!r} is not in this report, and "
                f"its para. {entry['para']} is now another outcome's: delete it (if the "
                "revision withdrew it) or correct its number, then import again", ("para",)))

    def _free_text(self, first: int, last: int) -> str | None:
        if self.claimed & set(range(first, last + 1)):
            return None
        return _joined(self.by_number, first, last)

    def _take(self, entry: CommentedMap, first: int, last: int) -> None:
        self.claimed.update(range(first, last + 1))
        text = _joined(self.by_number, first, last) or ""
        self.changes.extend(_update(entry, text, self.by_number[first], first, last,
                                    self.model))


def _new_file(meeting_id: str, header: str) -> CommentedMap:
    data = CommentedMap()
    data["meeting"] = meeting_id
    data["outcomes"] = CommentedSeq()
    data.yaml_set_start_comment(header)
    return data


def _paras(value) -> tuple[int, int]:
    if isinstance(value, int):
        return value, value
    first, _, last = str(value).replace("–", "-").partition("-")
    return int(first), int(last or first)


def _para_value(first: int, last: int):
    return first if first == last else DoubleQuotedScalarString(f"{first}-{last}")


def _joined(by_number: dict[int, FoundParagraph], first: int, last: int) -> str | None:
    """The text of paragraphs first..last as one outcome, or None when one is missing."""
    if any(n not in by_number for n in range(first, last + 1)):
        return None
    return " ".join(by_number[n].text for n in range(first, last + 1))


def _alike(old: str, new: str) -> float:
    return fuzz.ratio(normalize(str(old)), normalize(new))


def _find_moved(entry, by_number: dict[int, FoundParagraph],
                claimed: set[int]) -> tuple[int, int, float] | None:
    """Where a renumbered outcome went: the best run of free paragraphs as long as its range."""
    first, last = _paras(entry["para"])
    span = last - first
    best, best_ratio = None, MOVED_RATIO
    for start in sorted(by_number):
        numbers = range(start, start + span + 1)
        if any(n in claimed or n not in by_number for n in numbers):
            continue
        ratio = _alike(entry["text"], _joined(by_number, start, start + span) or "")
        if ratio > best_ratio:
            best, best_ratio = (start, start + span, ratio), ratio
    return best


def _update(entry: CommentedMap, text: str, paragraph: FoundParagraph, first: int, last: int,
            model: TopicModel) -> list[Change]:
    outcome_id = entry["id"]
    changes = []
    old_first, old_last = _paras(entry["para"])
    if (old_first, old_last) != (first, last):
        entry["para"] = _para_value(first, last)
        changes.append(Change("renumbered", outcome_id, f"outcome {outcome_id!r} is now para. "
                              f"{entry['para']} (was {_para_value(old_first, old_last)})",
                              ("para",)))
    text = normalize_lines(text)
    if normalize_lines(str(entry["text"])) != text:
        entry["text"] = folded(text)
        changes.append(Change("updated", outcome_id, f"the text of {outcome_id!r} "
                              f"(para. {entry['para']}) was revised", ("text",)))
        changes.extend(_recheck_phrases(entry, text, model))
        if "suggested" in entry:
            entry["suggested"] = _suggested_block(model.suggest(text, paragraph.path))
    if "source" in entry or "suggested" in entry:
        entry["source"] = " / ".join(paragraph.path)
    if not changes:
        changes.append(Change("unchanged", outcome_id, ""))
    return changes


def _recheck_phrases(entry: CommentedMap, text: str, model: TopicModel) -> list[Change]:
    """Accepted key phrases still found stay; each lost one is taken out of `topics:`,
    reported, and its nearest wording in the new text offered under `suggested:`."""
    changes = []
    topics = entry.get("topics") or {}
    for topic_id, phrases in topics.items():
        if not phrases:
            continue
        kept = [p for p in phrases if _still_there(p, text)]
        lost = [p for p in phrases if not _still_there(p, text)]
        if not lost:
            continue
        phrases[:] = kept
        offers = model.key_phrases(text, topic_id) if topic_id in model.topics else ()
        if offers:
            suggested = entry.setdefault("suggested", CommentedMap())
            suggested.setdefault("topics", CommentedMap())[topic_id] = flow_list(list(offers))
        for phrase in lost:
            wording = phrase["text"] if isinstance(phrase, dict) else phrase
            offered = f"; offered instead under 'suggested:': {offers[0]!r}" if offers else ""
            changes.append(Change("phrase-lost", entry["id"],
                                  f"key phrase {wording!r} of topic {topic_id!r} is not in the "
                                  f"revised text of {entry['id']!r}: taken out{offered}",
                                  ("topics", topic_id)))
    return changes


def _still_there(phrase, text: str) -> bool:
    if isinstance(phrase, dict):
        wording, occurrence, every = (phrase.get("text", ""), phrase.get("occurrence"),
                                      phrase.get("all", False))
    else:
        wording, occurrence, every = phrase, None, False
    count = len(find_phrase(text, normalize(str(wording))))
    if every:
        return count >= 1
    if occurrence is not None:
        return count >= int(occurrence)
    return count == 1


def _new_entry(meeting_id: str, paragraph: FoundParagraph, model: TopicModel,
               taken: set[str]) -> CommentedMap:
    text = normalize_lines(paragraph.text)
    entry = CommentedMap()
    entry["id"] = _fresh_id(f"{meeting_id[:30]}-{paragraph.number}", taken)
    entry["para"] = paragraph.number
    entry["source"] = " / ".join(paragraph.path)
    entry["text"] = folded(text)
    entry["topics"] = None
    entry["suggested"] = _suggested_block(model.suggest(text, paragraph.path))
    return entry


def _suggested_block(suggestion: Suggestion) -> CommentedMap:
    block = CommentedMap()
    if suggestion.cluster_id is not None:
        block["cluster"] = suggestion.cluster_id
    topics = CommentedMap()
    for topic_id, phrases in suggestion.topics:
        topics[topic_id] = flow_list(list(phrases)) if phrases else None
    block["topics"] = topics
    return block


def _fresh_id(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def _insert_in_order(entries: CommentedSeq, entry: CommentedMap) -> None:
    number = entry["para"]
    for at, other in enumerate(entries):
        if _paras(other["para"])[0] > number:
            entries.insert(at, entry)
            return
    entries.append(entry)


def refresh_suggestions(data: CommentedMap, model: TopicModel, every: bool) -> int:
    """New suggestions for the outcomes waiting for review (with `every`, for all), never
    naming a topic already accepted; how many outcomes got them."""
    count = 0
    for entry in data.get("outcomes") or ():
        accepted = set(entry.get("topics") or ())
        if not (every or "suggested" in entry or not accepted):
            continue
        path = tuple(str(entry.get("source", "")).split(" / "))
        suggestion = model.suggest(normalize_lines(str(entry["text"])), path)
        fresh = Suggestion(suggestion.cluster_id,
                           tuple(t for t in suggestion.topics if t[0] not in accepted))
        if fresh.topics:
            entry["suggested"] = _suggested_block(fresh)
            count += 1
    return count
