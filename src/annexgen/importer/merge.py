"""Merges a report's paragraphs into a meeting's outcome files: each outcome remembers what
the report said, so a re-import updates what only the report changed, keeps what people
changed, and offers the report's wording where both did; nothing people wrote is removed."""

from __future__ import annotations

import bisect
import hashlib
import itertools
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from annexgen.core.diagnostics import Loc
from annexgen.core.text import find_phrase, normalize, normalize_lines
from annexgen.edit.yamlfile import Layout, YamlFile, flow_list, folded, remove_item
from annexgen.importer.matching import How, Known, Match, Matching, match
from annexgen.importer.sections import FoundParagraph
from annexgen.importer.suggest import Suggestion, TopicModel
from annexgen.load.outcomes import paragraph_range


@dataclass(frozen=True, slots=True)
class Change:
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
    changes: tuple[Change, ...]
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
    known = [Known(at, *_paras(entry["para"]), str(entry["text"]))
             for at, (_, entry) in enumerate(entries)]
    by_number = {p.number: p for p in found}
    matching = match(known, {n: p.text for n, p in by_number.items()})
    changes: list[Change] = []
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
        changes.append(Change("added", str(entry["id"]), f"para. {paragraph.number} added",
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


def _paras(value) -> tuple[int, int]:
    if isinstance(value, int):
        return value, value
    return paragraph_range(str(value)) or (0, 0)


def _para_value(first: int, last: int):
    return first if first == last else DoubleQuotedScalarString(f"{first}-{last}")


class _Settler:
    """Settles one outcome against the report's paragraphs it matched."""

    def __init__(self, entry: CommentedMap, relative: str, paragraphs: list[FoundParagraph],
                 model: TopicModel, report_name: str):
        self.entry, self.relative, self.model = entry, relative, model
        self.paragraphs, self.report_name = paragraphs, report_name
        self.id = str(entry["id"])
        self.touched = False  # whether the report's wording or numbers went into it

    def change(self, kind: str, message: str, *keys: str) -> Change:
        return Change(kind, self.id, message, keys, self.relative)

    def settle(self, found: Match) -> list[Change]:
        changes = self._renumber(found)
        theirs = normalize_lines(" ".join(p.text for p in self.paragraphs))
        ours = normalize_lines(str(self.entry["text"]))
        base = _recorded(self.entry)
        self._update_source()
        para = self.entry["para"]
        if ours == theirs:
            self._settle_offer()
            if base != digest(theirs):
                self._record(theirs)
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

    def _renumber(self, found: Match) -> list[Change]:
        old = _paras(self.entry["para"])
        if old == (found.first, found.last):
            return []
        self.entry["para"] = _para_value(found.first, found.last)
        self.touched = True
        was = _para_value(*old)
        why = " (the rest of it was withdrawn)" if found.how is How.SHORTENED else ""
        return [self.change("renumbered", f"outcome {self.id!r} is now para. "
                            f"{self.entry['para']} (was {was}){why}", "para")]

    def _update_source(self) -> None:
        path = " / ".join(self.paragraphs[0].path)
        if not path or str(self.entry.get("source", "")) == path:
            return
        if "source" in self.entry:
            self.entry["source"] = path
        elif "suggested" in self.entry:  # imported, still under review: where it stood
            self.entry.insert(list(self.entry).index("para") + 1, "source", path)

    def _record(self, theirs: str) -> None:
        provenance = CommentedMap([("report", self.report_name), ("digest", digest(theirs))])
        provenance.fa.set_flow_style()
        if "imported" in self.entry:
            self.entry["imported"] = provenance
            return
        keys = list(self.entry)
        after = "source" if "source" in keys else "para"
        self.entry.insert(keys.index(after) + 1, "imported", provenance)

    def _offer(self, theirs: str) -> None:
        _review_block(self.entry)["text"] = folded(theirs)
        self._record(theirs)
        self.touched = True

    def _settle_offer(self) -> None:
        """The report's wording offered earlier is the outcome's now (taken, or revised by
        the report again): the offer goes, and the block with it if nothing else waits."""
        block = self.entry.get("suggested")
        if isinstance(block, CommentedMap) and "text" in block:
            del block["text"]
            if not block and not _commented(self.entry, "suggested"):
                del self.entry["suggested"]

    def _update(self, theirs: str) -> list[Change]:
        self.entry["text"] = folded(theirs)
        self._settle_offer()
        self._record(theirs)
        self.touched = True
        changes = [self.change("updated", f"the text of {self.id!r} (para. "
                               f"{self.entry['para']}) was revised in the report", "text")]
        if isinstance(self.entry.get("suggested"), CommentedMap):
            refresh_block(self.entry, self.model.suggest(theirs, self.paragraphs[0].path))
        changes.extend(self._recheck_phrases(theirs))
        return changes

    def _recheck_phrases(self, text: str) -> list[Change]:
        """Accepted key phrases still found stay; each lost one is moved, with its comment,
        from `topics:` to `suggested: lost:`, and the nearest wording of the new text is
        offered under `suggested: topics:`."""
        changes = []
        topics = self.entry.get("topics")
        for topic_id, phrases in (topics or {}).items():
            if not isinstance(phrases, CommentedSeq):
                continue
            lost = [at for at, phrase in enumerate(phrases) if not _still_there(phrase, text)]
            if not lost:
                continue
            moved = [(phrases[at], remove_item(phrases, at)) for at in reversed(lost)]
            block = _review_block(self.entry)
            for phrase, comment in reversed(moved):
                _keep_lost(block, str(topic_id), phrase, comment)
            offers = (self.model.key_phrases(text, str(topic_id))
                      if topic_id in self.model.topics else ())
            offered = ""
            if offers:
                block.setdefault("topics", CommentedMap())
                if not isinstance(block["topics"], CommentedMap):
                    block["topics"] = CommentedMap()
                block["topics"][topic_id] = flow_list(list(offers))
                offered = f"; the revised text offers {offers[0]!r} under 'suggested: topics:'"
            for phrase, _ in reversed(moved):
                changes.append(self.change(
                    "phrase-lost", f"key phrase {_wording(phrase)!r} of topic {topic_id!r} is "
                    f"not in the revised text of {self.id!r}: moved to 'suggested: lost:'"
                    f"{offered}", "topics", str(topic_id)))
        return changes


def _recorded(entry: CommentedMap) -> str | None:
    imported = entry.get("imported")
    if isinstance(imported, dict) and isinstance(imported.get("digest"), str):
        return imported["digest"]
    return None


def _review_block(entry: CommentedMap) -> CommentedMap:
    """The outcome's `suggested:` block (what waits for review), made when missing."""
    block = entry.get("suggested")
    if not isinstance(block, CommentedMap):
        block = entry["suggested"] = CommentedMap()
    return block


def _keep_lost(block: CommentedMap, topic_id: str, phrase, comment: str) -> None:
    lost = block.get("lost")
    if not isinstance(lost, CommentedMap):
        lost = block["lost"] = CommentedMap()
    if not isinstance(lost.get(topic_id), CommentedSeq):
        lost[topic_id] = flow_list([])
    lost[topic_id].append(phrase)
    if comment:
        lost.yaml_add_eol_comment(comment, topic_id)


def _wording(phrase) -> str:
    return str(phrase.get("text", "")) if isinstance(phrase, dict) else str(phrase)


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


def _not_found(entry: CommentedMap, relative: str, matching: Matching,
               entries: list[tuple[str, CommentedMap]],
               by_number: dict[int, FoundParagraph]) -> list[Change]:
    """An outcome the report no longer has is kept (W602); if its number now stands for
    another outcome of the report, the import cannot write both (E606)."""
    outcome_id = str(entry["id"])
    first, last = _paras(entry["para"])
    changes = [Change("not-in-report", outcome_id, f"outcome {outcome_id!r} (para. "
                      f"{entry['para']}) is not in this report; it is kept as it was: delete "
                      "it if the report withdrew it", ("para",), relative)]
    for number in range(first, last + 1):
        if number not in by_number:
            continue
        holder = matching.holder(number)
        now = (f"outcome {entries[holder][1]['id']!r} (renumbered)" if holder is not None
               else "a new paragraph of the report")
        changes.append(Change(
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
        entry = CommentedMap()
        entry["id"] = _fresh_id(f"{meeting_id[:30]}-{paragraph.number}", taken)
        taken.add(entry["id"])
        entry["para"] = paragraph.number
        entry["source"] = " / ".join(paragraph.path)
        provenance = CommentedMap([("report", report_name), ("digest", digest(text))])
        provenance.fa.set_flow_style()
        entry["imported"] = provenance
        entry["text"] = folded(text)
        entry["topics"] = None
        entry["suggested"] = CommentedMap()
        refresh_block(entry, model.suggest(text, paragraph.path))
        made.append((entry, paragraph))
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
    before = sorted((_paras(entry["para"])[0], at) for at, f in enumerate(files)
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
        highest = max(highest, _paras(entry["para"])[0])
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


def refresh_block(entry: CommentedMap, suggestion: Suggestion) -> bool:
    """Brings the outcome's suggestions up to date in its `suggested:` block, in place: never
    a topic it already serves or one rejected; a suggested topic no longer suggested goes
    unless someone commented on it; `rejected:`, `lost:`, `text:` and comments stay. Whether
    any topic is suggested now."""
    block = _review_block(entry)
    accepted = set(entry.get("topics") or ())
    rejected = {str(t) for t in block.get("rejected") or ()}
    wanted = [(t, phrases) for t, phrases in suggestion.topics
              if t not in accepted and t not in rejected]
    if suggestion.cluster_id is not None:
        if "cluster" in block:
            block["cluster"] = suggestion.cluster_id
        else:
            block.insert(0, "cluster", suggestion.cluster_id)
    topics = block.get("topics")
    if not isinstance(topics, CommentedMap):
        topics = block["topics"] = CommentedMap()
    keep = {t for t, _ in wanted} | accepted
    for topic_id in [t for t in topics if t not in keep and not _commented(topics, t)]:
        del topics[topic_id]
    for topic_id, phrases in wanted:
        topics[topic_id] = flow_list(list(phrases)) if phrases else None
    return bool(wanted)


def _commented(mapping: CommentedMap, key) -> bool:
    return any(token is not None for token in mapping.ca.items.get(key, ()))


def refresh_suggestions(data: CommentedMap, model: TopicModel, every: bool) -> int:
    """New suggestions for the outcomes waiting for review (with `every`, for all), never
    naming a topic already accepted or rejected; how many outcomes got them."""
    count = 0
    for entry in data.get("outcomes") or ():
        accepted = set(entry.get("topics") or ())
        if not (every or "suggested" in entry or not accepted):
            continue
        path = tuple(str(entry.get("source", "")).split(" / "))
        suggestion = model.suggest(normalize_lines(str(entry["text"])), path)
        had_block = isinstance(entry.get("suggested"), CommentedMap)
        if refresh_block(entry, suggestion):
            count += 1
        elif not had_block:
            del entry["suggested"]  # nothing new to offer a reviewed outcome
    return count
