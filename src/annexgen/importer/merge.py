"""Merges a report's paragraphs into a meeting's outcome files: each outcome remembers what
the report said, so a re-import updates what only the report changed, keeps what people
changed, and offers the report's wording where both did; nothing people wrote is removed."""

from __future__ import annotations

import bisect
import hashlib
import itertools
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from annexgen.core.diagnostics import Loc
from annexgen.core.text import normalize_lines
from annexgen.edit.outcomes import Outcome, paras_written
from annexgen.edit.yamlfile import Layout, YamlFile
from annexgen.importer.matching import How, Known, Match, Matching, match
from annexgen.importer.sections import FoundParagraph
from annexgen.importer.suggest import TopicModel


@dataclass(frozen=True, slots=True)
class ImportChange:
    """One thing the import did or found, about one outcome (and a key inside it)."""

    # added, updated, renumbered, unchanged, recorded, kept-edit, conflict, replaced,
    # phrase-lost, not-in-report, collision
    kind: str
    outcome_id: str
    message: str
    keys: tuple[str, ...] = ()
    file: str = ""  # the outcome file it is in (relative to the content folder)


@dataclass(frozen=True, slots=True)
class OutcomeFile:
    """One of the meeting's outcome files: where it is, its data (edited in place), and the
    bytes it was read from (None for a new file): it is written only over those."""

    relative: str
    file: YamlFile
    original: bytes | None = None


@dataclass(frozen=True, slots=True)
class Merged:
    files: tuple[OutcomeFile, ...]
    changes: tuple[ImportChange, ...]
    # The report paragraph each outcome written or changed from the report stands for.
    origins: dict[tuple[str, str], Loc]


def digest(text: str) -> str:
    """What the report said, in 12 hexadecimal digits (of its normalized text)."""
    return hashlib.sha256(normalize_lines(text).encode("utf-8")).hexdigest()[:12]


def merge(files: list[OutcomeFile], found: list[FoundParagraph], model: TopicModel,
          report_name: str, meeting_id: str, taken: set[str] | None = None) -> Merged:
    """The meeting's files (at least one, maybe new and empty) with the report's
    paragraphs in them: outcomes matched by number and wording and settled by the
    three-way rule (docs/import.md), new paragraphs added with suggestions under ids not
    in `taken` (the exercise's other outcome ids; the new ones are added to it)."""
    entries = [(f.relative, entry) for f in files for entry in _outcomes(f.file)]
    known = [Known(at, *Outcome(entry).paras, str(entry["text"]))
             for at, (_, entry) in enumerate(entries)]
    by_number = {p.number: p for p in found}
    matching = match(known, {n: p.text for n, p in by_number.items()})
    changes: list[ImportChange] = []
    origins: dict[tuple[str, str], Loc] = {}
    for at, (relative, entry) in enumerate(entries):
        settled = matching.matches.get(at)
        if settled is None:
            changes.extend(_not_found(entry, relative, matching, entries, by_number))
            continue
        paragraphs = [by_number[n] for n in range(settled.first, settled.last + 1)]
        settler = _Settler(entry, relative, paragraphs, model, report_name)
        changes.extend(settler.settle(settled))
        if settler.touched:
            origins[(relative, str(entry["id"]))] = paragraphs[0].loc
    taken = taken if taken is not None else set()
    taken.update(str(entry["id"]) for _, entry in entries)
    added = _new_entries([by_number[n] for n in matching.free], model, report_name,
                         meeting_id, taken)
    placed = _insert_in_order(files, added)
    for relative, entry, paragraph in placed:
        changes.append(ImportChange("added", str(entry["id"]), f"para. {paragraph.number} added",
                              file=relative))
        origins[(relative, str(entry["id"]))] = paragraph.loc
    return Merged(tuple(files), tuple(changes), origins)


def new_file(meeting_id: str, header: str) -> YamlFile:
    data = CommentedMap()
    data["meeting"] = meeting_id
    data["outcomes"] = CommentedSeq()
    data.yaml_set_start_comment(header)
    return YamlFile(data, Layout())


def _outcomes(file: YamlFile) -> CommentedSeq:
    entries = file.data.get("outcomes")
    if not isinstance(entries, CommentedSeq):
        entries = file.data["outcomes"] = CommentedSeq()
    return entries


class _Settler:
    """Settles one outcome against the report's paragraphs it matched."""

    def __init__(self, entry: CommentedMap, relative: str, paragraphs: list[FoundParagraph],
                 model: TopicModel, report_name: str):
        self.outcome, self.relative, self.model = Outcome(entry), relative, model
        self.paragraphs, self.report_name = paragraphs, report_name
        self.id = self.outcome.id
        self.touched = False  # whether the report's wording or numbers went into it

    def change(self, kind: str, message: str, *keys: str) -> ImportChange:
        return ImportChange(kind, self.id, message, keys, self.relative)

    def settle(self, found: Match) -> list[ImportChange]:
        outcome = self.outcome
        changes = self._renumber(found)
        theirs = normalize_lines(" ".join(p.text for p in self.paragraphs))
        ours, base = outcome.text, outcome.recorded
        outcome.set_source(" / ".join(self.paragraphs[0].path))
        para = paras_written(*outcome.paras)
        if ours == theirs:
            outcome.withdraw_offer()
            if base != digest(theirs):
                outcome.record_import(self.report_name, digest(theirs))
                changes.append(self.change("recorded", ""))
        elif found.how is How.REPLACED:
            self._offer(theirs)
            changes.append(self.change(
                "replaced", f"the report's para. {para} no longer reads like outcome "
                f"{self.id!r}: its text and topics are kept, and the report's wording is "
                "offered under 'suggested: text:'; if the report replaced the outcome, take "
                "that wording and review its topics", "text"))
        elif base == digest(ours):
            changes.extend(self._update(theirs))
        elif base == digest(theirs):
            changes.append(self.change("kept-edit", ""))
        else:
            self._offer(theirs)
            why = ("was edited here and revised in the report" if base is not None else
                   "differs from the report's and was never imported from it")
            changes.append(self.change(
                "conflict", f"the text of {self.id!r} (para. {para}) {why}: your text is "
                "kept, the report's is offered under 'suggested: text:'", "text"))
        if not any(c.kind not in ("kept-edit", "recorded") for c in changes):
            changes.append(self.change("unchanged", ""))
        return changes

    def _renumber(self, found: Match) -> list[ImportChange]:
        old = self.outcome.paras
        if old == (found.first, found.last):
            return []
        self.outcome.set_paras(found.first, found.last)
        self.touched = True
        why = " (the rest of it was withdrawn)" if found.how is How.SHORTENED else ""
        return [self.change("renumbered", f"outcome {self.id!r} is now para. "
                            f"{paras_written(found.first, found.last)} (was "
                            f"{paras_written(*old)}){why}", "para")]

    def _offer(self, theirs: str) -> None:
        self.outcome.offer_text(theirs)
        self.outcome.record_import(self.report_name, digest(theirs))
        self.touched = True

    def _update(self, theirs: str) -> list[ImportChange]:
        outcome = self.outcome
        outcome.set_text(theirs)
        outcome.withdraw_offer()
        outcome.record_import(self.report_name, digest(theirs))
        self.touched = True
        changes = [self.change("updated", f"the text of {self.id!r} (para. "
                               f"{paras_written(*outcome.paras)}) was revised in the report",
                               "text")]
        if outcome.waiting:
            suggestion = self.model.suggest(theirs, self.paragraphs[0].path)
            outcome.refresh_suggestions(suggestion.cluster_id, suggestion.topics)
        return changes + self._lost_phrases(theirs)

    def _lost_phrases(self, text: str) -> list[ImportChange]:
        """Accepted key phrases still found stay; each lost one is moved, with its comment,
        to `suggested: lost:`, and the nearest wording of the new text is offered."""
        changes: list[ImportChange] = []
        moved = self.outcome.lose_phrases(text)
        for topic_id in dict.fromkeys(topic for topic, _ in moved):
            offers = (self.model.key_phrases(text, topic_id)
                      if topic_id in self.model.topics else ())
            if offers:
                self.outcome.offer_phrases(topic_id, offers)
            offered = (f"; the revised text offers {offers[0]!r} under 'suggested: topics:'"
                       if offers else "")
            changes.extend(self.change(
                "phrase-lost", f"key phrase {phrase.text!r} of topic {topic_id!r} is not in "
                f"the revised text of {self.id!r}: moved to 'suggested: lost:'{offered}",
                "topics", topic_id) for topic, phrase in moved if topic == topic_id)
        return changes


def _not_found(entry: CommentedMap, relative: str, matching: Matching,
               entries: list[tuple[str, CommentedMap]],
               by_number: dict[int, FoundParagraph]) -> list[ImportChange]:
    """An outcome the report no longer has is kept (W602); if its number now stands for
    another outcome of the report, the import cannot write both (E606)."""
    outcome_id = str(entry["id"])
    first, last = Outcome(entry).paras
    changes = [ImportChange("not-in-report", outcome_id, f"outcome {outcome_id!r} (para. "
                      f"{entry['para']}) is not in this report; it is kept as it was: delete "
                      "it if the report withdrew it", ("para",), relative)]
    for number in range(first, last + 1):
        if number not in by_number:
            continue
        holder = matching.holder(number)
        now = (f"outcome {entries[holder][1]['id']!r} (renumbered)" if holder is not None
               else "a new paragraph of the report")
        changes.append(ImportChange(
            "collision", outcome_id, f"outcome {outcome_id!r} is not in this report, and its "
            f"para. {number} is now {now}: delete {outcome_id!r} if the revision withdrew it, "
            "or correct its number, then import again", ("para",), relative))
        break
    return changes


def _new_entries(paragraphs: list[FoundParagraph], model: TopicModel, report_name: str,
                 meeting_id: str, taken: set[str]) -> list[tuple[CommentedMap, FoundParagraph]]:
    made = []
    for paragraph in paragraphs:
        text = normalize_lines(paragraph.text)
        outcome_id = _fresh_id(f"{meeting_id[:30]}-{paragraph.number}", taken)
        taken.add(outcome_id)
        outcome = Outcome.new(outcome_id, paragraph.number, paragraph.number, text,
                              " / ".join(paragraph.path))
        outcome.record_import(report_name, digest(text))
        suggestion = model.suggest(text, paragraph.path)
        outcome.refresh_suggestions(suggestion.cluster_id, suggestion.topics)
        made.append((outcome.entry, paragraph))
    return made


def _fresh_id(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    return next(f"{wanted}-{n}" for n in itertools.count(2) if f"{wanted}-{n}" not in taken)


def _insert_in_order(files: list[OutcomeFile], added: list[tuple[CommentedMap, FoundParagraph]]
                     ) -> list[tuple[str, CommentedMap, FoundParagraph]]:
    """Each new outcome goes into the file of the outcome numbered just before it (the
    first file if none is), before the first outcome there numbered after it; each file's
    list is rebuilt once, so that adding stays linear."""
    before = sorted((Outcome(entry).paras[0], at) for at, f in enumerate(files)
                    for entry in _outcomes(f.file))
    firsts = [first for first, _ in before]
    by_file: dict[int, list[tuple[CommentedMap, FoundParagraph]]] = {}
    for entry, paragraph in added:
        at = bisect.bisect_left(firsts, paragraph.number)
        target = before[at - 1][1] if at else 0
        by_file.setdefault(target, []).append((entry, paragraph))
    placed: list[tuple[str, CommentedMap, FoundParagraph]] = []
    for at, items in by_file.items():
        _insert_into(_outcomes(files[at].file), [entry for entry, _ in items])
        placed.extend((files[at].relative, entry, paragraph) for entry, paragraph in items)
    return placed


def _insert_into(entries: CommentedSeq, new: list[CommentedMap]) -> None:
    """Puts each new entry before the first entry numbered after it (entries in any order),
    keeping every comment with its entry."""
    reach, highest = [], 0  # the highest first paragraph up to each position
    for entry in entries:
        highest = max(highest, Outcome(entry).paras[0])
        reach.append(highest)
    slots: dict[int, list[CommentedMap]] = {}
    for entry in new:
        slots.setdefault(bisect.bisect_right(reach, entry["para"]), []).append(entry)
    old, old_comments = list(entries), dict(entries.ca.items)
    rebuilt: list[CommentedMap] = []
    comments = {}
    for at in range(len(old) + 1):
        rebuilt.extend(slots.get(at, ()))
        if at < len(old):
            if at in old_comments:
                comments[len(rebuilt)] = old_comments[at]
            rebuilt.append(old[at])
    list.__delitem__(entries, slice(None))
    list.extend(entries, rebuilt)
    entries.ca.items.clear()
    entries.ca.items.update(comments)


def refresh_suggestions(data: CommentedMap, model: TopicModel, every: bool) -> int:
    """New suggestions for the outcomes waiting for review (with `every`, for all), never
    naming a topic already accepted or rejected; how many outcomes got them."""
    count = 0
    for entry in data.get("outcomes") or ():
        outcome = Outcome(entry)
        if not (every or outcome.waiting or not outcome.accepted):
            continue
        path = tuple(str(entry.get("source", "")).split(" / "))
        suggestion = model.suggest(outcome.text, path)
        had_block = outcome.waiting
        if outcome.refresh_suggestions(suggestion.cluster_id, suggestion.topics):
            count += 1
        elif not had_block:
            outcome.finish_review()  # nothing new to offer a reviewed outcome
    return count
