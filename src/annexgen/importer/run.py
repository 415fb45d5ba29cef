"""`annexgen import` and `annexgen suggest`: read every report, merge, check the content as
it would be written as a whole, then write every file or none."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from annexgen.core.diagnostics import ContentError, Loc, Report
from annexgen.core.text import counted
from annexgen.edit.apply import problems_as_written
from annexgen.edit.writes import Planned, write_all
from annexgen.edit.yamlfile import YamlFile, dump, load, position
from annexgen.importer.checks import (
    check_headings_read_as_text,
    check_numbering,
    check_paragraphs,
    check_size,
)
from annexgen.importer.merge import ImportChange, Merged, OutcomeFile, merge, new_file
from annexgen.importer.merge import refresh_suggestions as refresh_file
from annexgen.importer.readers.blocks import Kind, ReadReport
from annexgen.importer.readers.reading import read_report
from annexgen.importer.sections import FoundParagraph, outcome_paragraphs, sections_for
from annexgen.importer.suggest import TopicModel
from annexgen.load.corpus import Mapping, left_to_set, load_mapping
from annexgen.load.fields import suggest
from annexgen.load.files import OUTCOMES_DIR, read_capped

# Changes reported as located diagnostics; the others are counted in the summary.
_LOCATED = {"phrase-lost": "W601", "not-in-report": "W602", "conflict": "W607",
            "replaced": "W608", "collision": "E606"}


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import read and what it wrote (or would write, with --dry-run)."""

    source: str
    meeting_id: str
    targets: tuple[str, ...]  # the outcome files changed (as shown to the user)
    written: bool
    numbered: int  # numbered paragraphs in the whole report
    found: tuple[FoundParagraph, ...]
    footnotes: int
    changes: tuple[ImportChange, ...]
    suggested: int  # outcomes of the meeting carrying suggestions, after the import

    def count(self, kind: str) -> int:
        return sum(change.kind == kind for change in self.changes)

    def by_agenda_item(self) -> list[tuple[str, int]]:
        """How many outcome paragraphs each agenda item gave, in the report's order."""
        return list(Counter(p.agenda for p in self.found).items())


@dataclass(frozen=True, slots=True)
class _Read:
    """One report read and checked: whose it is and its outcome paragraphs."""

    report_file: Path
    read: ReadReport
    meeting_id: str
    found: list[FoundParagraph]
    name: str  # the report's identity: the symbol it prints, else its file name


def import_reports(report_files: list[Path], meeting_id: str | None, content_dir: Path,
                   report: Report, dry_run: bool = False, force: bool = False,
                   styles_dir: Path | None = None) -> list[Imported]:
    """Reads meeting reports into their outcome files (each report's meeting named, or told
    by the symbol it prints). Every report is read and checked, merged, and the content as
    it would be written checked as a whole, before any file is written; then every file is
    written or none. Raises ContentError with every problem when one cannot be imported;
    FileChanged or WriteFailed (edit.writes) when the files could not be written."""
    mapping = _load(content_dir, report)
    if meeting_id is not None:
        _check_meeting(mapping, meeting_id, report)
    reads = [r for f in report_files if (r := _read_one(mapping, f, meeting_id, force, report))]
    _check_one_report_each(reads, report)
    if report.errors:
        raise ContentError(report)
    model = TopicModel(mapping.clusters, mapping.outcomes)
    taken = {outcome.id for outcome in mapping.outcomes}
    merges = [_merge(mapping, model, read, taken, report) for read in reads]
    if report.errors:
        raise ContentError(report)
    files = {f.relative: f for merged in merges for f in merged.files}
    texts = {relative: dump(f.file) for relative, f in files.items()}
    changed = {relative: text for relative, text in texts.items()
               if text.encode("utf-8") != files[relative].original}
    _check_whole(mapping, changed, merges, styles_dir, report)
    _report_changes(mapping, merges, texts, report)
    if not dry_run and changed:
        write_all(mapping.folder.root, [
            Planned(mapping.folder.root / relative, mapping.folder.show(relative), text,
                    files[relative].original) for relative, text in changed.items()])
    return [_summary(mapping, read, merged, changed, dry_run)
            for read, merged in zip(reads, merges, strict=True)]


def _read_one(mapping: Mapping, report_file: Path, meeting_id: str | None, force: bool,
              report: Report) -> _Read | None:
    read = read_report(report_file, report)
    if read is None:
        return None
    for notice in read.notices:
        report.add(notice.loc, notice.code, notice.message)
    if any(notice.code.startswith("E") for notice in read.notices):
        return None  # what follows would only repeat it (no symbol, no headings seen)
    if meeting_id is not None:
        _check_symbol(mapping, read, report_file, meeting_id, force, report)
    meeting = meeting_id or _meeting_by_symbol(mapping, read, report_file, report)
    settings = mapping.document.report_sections
    sections = sections_for(mapping.document.language, settings.take, settings.skip)
    found = outcome_paragraphs(read.blocks, sections, str(report_file), report)
    check_numbering(read.blocks, found, report)
    check_headings_read_as_text(read.blocks, sections, report)
    check_paragraphs(found, report)
    if meeting is None:
        return None
    symbol = next((m.symbol for m in mapping.meetings if m.id == meeting), "")
    name = symbol if symbol in read.symbols else report_file.name
    return _Read(report_file, read, meeting, found, name)


def _merge(mapping: Mapping, model: TopicModel, read: _Read, taken: set[str],
           report: Report) -> Merged:
    files = _meeting_files(mapping, read, report)
    existing = sum(len(f.original or b"") for f in files)
    if not check_size(read.found, existing, mapping.folder.show(files[0].relative),
                      Loc(str(read.report_file)), report):
        return Merged(tuple(files), (), {})
    return merge(files, read.found, model, read.name, read.meeting_id, taken)


def _meeting_files(mapping: Mapping, read: _Read, report: Report) -> list[OutcomeFile]:
    """The files holding the meeting's outcomes (all of them), else a new outcomes/ID.yaml."""
    files = []
    for relative in mapping.files_by_meeting.get(read.meeting_id, ()):
        original = _bytes_now(mapping, relative)
        if original is None:
            raise ContentError(report)
        files.append(OutcomeFile(relative, load(original.decode("utf-8")), original))
    if files:
        return files
    meeting = next(m for m in mapping.meetings if m.id == read.meeting_id)
    header = (f"Outcomes of the {meeting.name}, imported from {read.report_file.name} by "
              "annexgen import.\nReview the suggestions: move each topic you accept from "
              "'suggested:' to 'topics:', then delete 'suggested:'.")
    relative = f"{OUTCOMES_DIR}/{read.meeting_id}.yaml"
    if (mapping.folder.root / relative).exists():  # taken by a file of another meeting
        relative = f"{OUTCOMES_DIR}/{read.meeting_id}-imported.yaml"
    return [OutcomeFile(relative, new_file(read.meeting_id, header))]


def _bytes_now(mapping: Mapping, relative: str) -> bytes | None:
    """The file's bytes as they are now (the loader has already checked it is readable)."""
    try:
        return read_capped(mapping.folder.root / relative)
    except FileNotFoundError:
        return None


def _check_whole(mapping: Mapping, changed: dict[str, str], merges: list[Merged],
                 styles_dir: Path | None, report: Report) -> None:
    """The content as it would be written, checked as `check` checks it (with the styles,
    when there are any): an error found there stops the import, located at the report's
    paragraph when it comes from one."""
    problems = problems_as_written(mapping, changed, styles_dir) if changed else []
    if not problems:
        return
    origins = {(mapping.folder.show(r), outcome_id): loc for merged in merges
               for (r, outcome_id), loc in merged.origins.items()}
    located = {mapping.folder.show(r): load(text).data for r, text in changed.items()}
    for problem in problems:
        where = _origin(problem.loc, located, origins)
        note = f" (in {problem.loc} as it would be written)" if where != problem.loc else ""
        report.add(where, problem.code, problem.message + note)
    raise ContentError(report)


def _origin(loc: Loc, located: dict, origins: dict[tuple[str, str], Loc]) -> Loc:
    """Where a problem found in a file about to be written comes from: the report paragraph
    of the outcome it is in, when the import wrote that outcome."""
    data = located.get(loc.path)
    if data is None:
        return loc
    holder = None
    for entry in data.get("outcomes") or ():
        if entry.lc.line + 1 > loc.line:
            break
        holder = entry
    if holder is None:
        return loc
    return origins.get((loc.path, str(holder.get("id"))), loc)


def _report_changes(mapping: Mapping, merges: list[Merged], texts: dict[str, str],
                    report: Report) -> None:
    """Lost phrases, conflicts, replaced paragraphs and outcomes not found, located in the
    files as they are written."""
    written: dict[str, YamlFile] = {}
    for merged in merges:
        for change in merged.changes:
            if change.kind not in _LOCATED:
                continue
            if change.file not in written:
                written[change.file] = load(texts[change.file])
            line, col = position(written[change.file].data, change.outcome_id,
                                 *change.keys) or (1, 1)
            report.add(Loc(mapping.folder.show(change.file), line, col), _LOCATED[change.kind],
                       change.message)


def _summary(mapping: Mapping, read: _Read, merged: Merged, changed: dict[str, str],
             dry_run: bool) -> Imported:
    targets = tuple(mapping.folder.show(f.relative) for f in merged.files
                    if f.relative in changed)
    waiting = sum(1 for f in merged.files for entry in f.file.data.get("outcomes") or ()
                  if "suggested" in entry)
    return Imported(str(read.report_file), read.meeting_id, targets,
                    bool(targets) and not dry_run,
                    sum(b.kind is Kind.PARAGRAPH for b in read.read.blocks), tuple(read.found),
                    sum(p.footnotes for p in read.found), merged.changes, waiting)


def _meeting_by_symbol(mapping: Mapping, read: ReadReport, report_file: Path,
                       report: Report) -> str | None:
    """The meeting whose report symbol the report prints, when exactly one does."""
    matching = [m.id for m in mapping.meetings if m.symbol in read.symbols]
    if len(matching) == 1:
        return matching[0]
    seen = ", ".join(sorted(read.symbols)) or "none"
    why = "prints the symbols of several meetings" if matching else "prints no meeting's symbol"
    samples = [m for m in mapping.meetings if left_to_set(m.symbol)]
    sample = (f"; meetings.yaml still has {counted(len(samples), 'meeting')} as annexgen init "
              f"wrote them (symbol {samples[0].symbol!r} at {samples[0].loc}): write each "
              "meeting's name and the symbol its report prints there" if samples else "")
    report.add(Loc(str(report_file)), "E605", f"cannot tell whose report this is: it {why} "
               f"(symbols seen: {seen}){sample}; or name the meeting with --meeting ID")
    return None


def _check_symbol(mapping: Mapping, read: ReadReport, report_file: Path, meeting_id: str,
                  force: bool, report: Report) -> None:
    """A report that prints another meeting's symbol, and not the named meeting's, is
    refused unless --force says it is meant."""
    named = next(m for m in mapping.meetings if m.id == meeting_id)
    others = [m for m in mapping.meetings if m.id != meeting_id and m.symbol in read.symbols]
    if force or named.symbol in read.symbols or not others:
        return
    report.add(Loc(str(report_file)), "E610", f"--meeting {meeting_id} names the "
               f"{named.name} ({named.symbol}), but this report prints {others[0].symbol}, "
               f"the symbol of {others[0].id!r}: is it the right file? To import it as "
               f"{meeting_id!r}'s all the same, add --force")


def _check_one_report_each(reads: list[_Read], report: Report) -> None:
    first: dict[str, Path] = {}
    for read in reads:
        if read.meeting_id in first:
            report.add(Loc(str(read.report_file)), "E605", f"two reports for meeting "
                       f"{read.meeting_id!r} (also {first[read.meeting_id]}); import one at "
                       "a time")
        first.setdefault(read.meeting_id, read.report_file)


def refresh(meeting_ids: list[str] | None, content_dir: Path, report: Report, every: bool,
            dry_run: bool = False) -> list[tuple[str, int]]:
    """`annexgen suggest`: new suggestions for the outcomes still waiting for review (with
    `every`, for all outcomes, never repeating an accepted or rejected topic); (file,
    outcomes) each. Every file is written or none."""
    mapping = _load(content_dir, report)
    for meeting_id in meeting_ids or ():
        _check_meeting(mapping, meeting_id, report)
    if report.errors:
        raise ContentError(report)
    model = TopicModel(mapping.clusters, mapping.outcomes)
    done, changed, before = [], {}, {}
    for meeting in mapping.meetings:
        if meeting_ids and meeting.id not in meeting_ids:
            continue
        for relative in mapping.files_by_meeting.get(meeting.id, ()):
            before[relative] = _bytes_now(mapping, relative) or b""
            file = load(before[relative].decode("utf-8"))
            count = refresh_file(file.data, model, every)
            text = dump(file)
            if text != before[relative].decode("utf-8"):
                changed[relative] = text
            done.append((mapping.folder.show(relative), count))
    _check_whole(mapping, changed, [], None, report)
    if changed and not dry_run:
        write_all(mapping.folder.root, [
            Planned(mapping.folder.root / relative, mapping.folder.show(relative), text,
                    before[relative]) for relative, text in changed.items()])
    return done


def _load(content_dir: Path, report: Report) -> Mapping:
    """The exercise, with its errors; its warnings (coverage, unreviewed suggestions) are
    `check`'s business, not the import's."""
    loaded = Report()
    try:
        return load_mapping(content_dir, loaded)
    except ContentError:
        for item in loaded.errors:
            report.add(item.loc, item.code, item.message)
        raise ContentError(report) from None


def _check_meeting(mapping: Mapping, meeting_id: str, report: Report) -> None:
    known = {m.id for m in mapping.meetings}
    if meeting_id not in known:
        report.add(Loc(mapping.folder.show("meetings.yaml")), "E302",
                   f"--meeting {meeting_id!r} is not a meeting of meetings.yaml"
                   f"{suggest(meeting_id, known)} (known: {', '.join(sorted(known))})")
        raise ContentError(report)
