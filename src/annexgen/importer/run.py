"""`annexgen import` and `annexgen suggest`: read, merge, check, then write the outcome file."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from annexgen.diagnostics import ContentError, Loc, Report
from annexgen.importer.blocks import Kind, ReadReport
from annexgen.importer.docx_report import UnreadableReport, read_docx
from annexgen.importer.merge import Change, Merged, merge, refresh_suggestions
from annexgen.importer.pdf_report import read_pdf
from annexgen.importer.sections import FoundParagraph, outcome_paragraphs, sections_for
from annexgen.importer.suggest import TopicModel
from annexgen.importer.yamlout import dump, load_round_trip, position
from annexgen.limits import (
    MAX_OUTCOME_CHARS,
    MAX_PARAGRAPH_NUMBER,
    MAX_REPORT_BYTES,
    MAX_REPORT_MEMORY_BYTES,
    MAX_REPORT_SECONDS,
)
from annexgen.load.bounded import Bounds, Overrun, run_bounded
from annexgen.load.corpus import Mapping, load_mapping
from annexgen.load.fields import Ctx, suggest
from annexgen.load.files import OUTCOMES_DIR, FileTooLarge, NotRegularFile, read_capped
from annexgen.load.outcomes import read_outcome_file
from annexgen.load.yamlio import parse_yaml
from annexgen.text import normalize_lines

READERS = (".docx", ".pdf")
# Changes reported as located warnings; the others are counted in the summary.
_WARNINGS = {"phrase-lost": "W601", "not-in-report": "W602"}


class ImportFailed(Exception):
    """The import could not finish for a reason that is not the content's (a bug)."""


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import read and what it wrote (or would write, with --dry-run)."""

    source: str
    meeting_id: str
    target: str
    written: bool
    numbered: int  # numbered paragraphs in the whole report
    found: tuple[FoundParagraph, ...]
    footnotes: int
    changes: tuple[Change, ...]
    suggested: int  # outcomes carrying suggestions in the file written

    def count(self, kind: str) -> int:
        return sum(change.kind == kind for change in self.changes)


def import_reports(report_files: list[Path], meeting_id: str | None, content_dir: Path,
                   report: Report, dry_run: bool = False) -> list[Imported]:
    """Reads meeting reports into their outcome files (each report's meeting named, or told
    by the symbol it prints). Every report is read and checked before any file is written;
    raises ContentError, with every problem, when one cannot be imported."""
    mapping = _load(content_dir, report)
    if meeting_id is not None:
        _check_meeting(mapping, meeting_id, report)
    plans = []
    for report_file in report_files:
        read = _read_report(report_file, report)
        if read is None:
            continue
        for notice in read.notices:
            report.add(notice.loc, notice.code, notice.message)
        meeting = meeting_id or _meeting_by_symbol(mapping, read, report_file, report)
        settings = mapping.document.report_sections
        sections = sections_for(mapping.document.language, settings.take, settings.skip)
        found = outcome_paragraphs(read.blocks, sections, str(report_file), report)
        _check_paragraphs(found, report)
        if meeting is not None:
            plans.append((report_file, read, meeting, found))
    _check_one_report_each(plans, report)
    if report.errors:
        raise ContentError(report)
    model = _model(mapping)
    merges = [_merge_one(mapping, model, *plan, report) for plan in plans]
    if report.errors:
        raise ContentError(report)
    return [_publish(mapping, merged, report, dry_run) for merged in merges]


@dataclass(frozen=True, slots=True)
class _Merged:
    """One report merged into its outcome file, not yet written."""

    report_file: Path
    read: ReadReport
    meeting_id: str
    found: list[FoundParagraph]
    relative: str
    before: str | None
    merged: Merged
    text: str


def _merge_one(mapping: Mapping, model: TopicModel, report_file: Path, read: ReadReport,
               meeting_id: str, found: list[FoundParagraph], report: Report) -> _Merged:
    relative = _outcome_file(mapping, meeting_id)
    before = _read_text(mapping, relative, report)
    existing = load_round_trip(before) if before is not None else None
    header = (f"Outcomes of the {_meeting(mapping, meeting_id).name}, imported from "
              f"{report_file.name} by annexgen import.\nReview the suggestions: move each "
              "topic you accept from 'suggested:' to 'topics:', then delete 'suggested:'.")
    merged = merge(existing, meeting_id, found, model, header)
    shown = mapping.folder.show(relative)
    collisions = [c for c in merged.changes if c.kind == "collision"]
    as_it_stands = load_round_trip(before) if collisions and before else None
    for change in collisions:  # located in the file as it stands, which is not written
        line, col = position(as_it_stands, change.outcome_id, *change.keys) or (1, 1)
        report.add(Loc(shown, line, col), "E606", change.message)
    text = dump(merged.data) if not collisions else ""
    if not collisions:
        _verify(text, shown)
    return _Merged(report_file, read, meeting_id, found, relative, before, merged, text)


def _publish(mapping: Mapping, plan: _Merged, report: Report, dry_run: bool) -> Imported:
    shown = mapping.folder.show(plan.relative)
    # The same bytes are not written again: a watching build would rebuild for nothing.
    written = not dry_run and plan.text != plan.before
    if written:
        write_atomically(mapping.folder.root / plan.relative, plan.text)
    _report_changes(plan.merged.changes, plan.text, shown, report)
    return Imported(str(plan.report_file), plan.meeting_id, shown, written,
                    sum(b.kind is Kind.PARAGRAPH for b in plan.read.blocks), tuple(plan.found),
                    sum(p.footnotes for p in plan.found), plan.merged.changes,
                    sum(1 for item in plan.merged.data["outcomes"] if item.get("suggested")))


def _meeting_by_symbol(mapping: Mapping, read: ReadReport, report_file: Path,
                       report: Report) -> str | None:
    """The meeting whose report symbol the report prints, when exactly one does."""
    matching = [m.id for m in mapping.meetings if m.symbol in read.symbols]
    if len(matching) == 1:
        return matching[0]
    seen = ", ".join(sorted(read.symbols)) or "none"
    why = "prints the symbols of several meetings" if matching else "prints no meeting's symbol"
    report.add(Loc(str(report_file)), "E605", f"cannot tell whose report this is: it {why} "
               f"(symbols seen: {seen}); name the meeting with --meeting ID")
    return None


def _check_one_report_each(plans, report: Report) -> None:
    first: dict[str, Path] = {}
    for report_file, _, meeting_id, _ in plans:
        if meeting_id in first:
            report.add(Loc(str(report_file)), "E605", f"two reports for meeting {meeting_id!r} "
                       f"(also {first[meeting_id]}); import one at a time")
        first.setdefault(meeting_id, report_file)


def refresh(meeting_ids: list[str] | None, content_dir: Path, report: Report, every: bool,
            dry_run: bool = False) -> list[tuple[str, int]]:
    """`annexgen suggest`: new suggestions for the outcomes still waiting for review (with
    `every`, for all outcomes, never repeating an accepted topic); (file, outcomes) each."""
    mapping = _load(content_dir, report)
    for meeting_id in meeting_ids or ():
        _check_meeting(mapping, meeting_id, report)
    if report.errors:
        raise ContentError(report)
    done = []
    model = _model(mapping)
    for meeting in mapping.meetings:
        if meeting_ids and meeting.id not in meeting_ids:
            continue
        relative = _outcome_file(mapping, meeting.id)
        before = _read_text(mapping, relative, report)
        if before is None:
            continue
        existing = load_round_trip(before)
        count = refresh_suggestions(existing, model, every)
        text = dump(existing)
        _verify(text, mapping.folder.show(relative))
        if count and not dry_run:
            write_atomically(mapping.folder.root / relative, text)
        done.append((mapping.folder.show(relative), count))
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


def _meeting(mapping: Mapping, meeting_id: str):
    return next(m for m in mapping.meetings if m.id == meeting_id)


def _check_meeting(mapping: Mapping, meeting_id: str, report: Report) -> None:
    known = {m.id for m in mapping.meetings}
    if meeting_id not in known:
        report.add(Loc(mapping.folder.show("meetings.yaml")), "E302",
                   f"--meeting {meeting_id!r} is not a meeting of meetings.yaml"
                   f"{suggest(meeting_id, known)} (known: {', '.join(sorted(known))})")
        raise ContentError(report)


def _read_report(path: Path, report: Report) -> ReadReport | None:
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        hint = " (save it as .docx first)" if suffix in (".doc", ".odt", ".rtf") else ""
        report.add(Loc(shown), "E601", f"a report must be a .docx or .pdf file, not "
                   f"{suffix or 'a file without a suffix'}{hint}")
        return None
    try:
        data = read_capped(path, MAX_REPORT_BYTES)
    except FileNotFoundError:
        report.add(Loc(shown), "E601", "report not found")
        return None
    except NotRegularFile as exc:
        report.add(Loc(shown), "E601", f"this is {exc.strerror}, not a regular file")
        return None
    except FileTooLarge as exc:
        report.add(Loc(shown), "E601", f"the report is {exc.strerror} bytes; the limit is "
                   f"{MAX_REPORT_BYTES:,} (MAX_REPORT_BYTES)")
        return None
    except OSError as exc:
        report.add(Loc(shown), "E601", f"cannot read the report: {exc.strerror}")
        return None

    def read() -> ReadReport | str:
        try:
            if suffix == ".docx":
                return read_docx(data, shown)
            return read_pdf(str(path), shown)
        except UnreadableReport as exc:
            return str(exc)

    result = run_bounded(read, Bounds(MAX_REPORT_MEMORY_BYTES, MAX_REPORT_SECONDS))
    if isinstance(result, Overrun):
        report.add(Loc(shown), "E601", f"reading the report was stopped: {result.reason}")
        return None
    if isinstance(result, str):
        report.add(Loc(shown), "E601", result)
        return None
    return result


def _check_paragraphs(found: list[FoundParagraph], report: Report) -> None:
    """A paragraph number is used once (a repeat means the numbering restarted), and a
    paragraph fits in an outcome."""
    seen: dict[int, FoundParagraph] = {}
    for paragraph in found:
        if paragraph.number in seen:
            report.add(paragraph.loc, "E604", f"paragraph {paragraph.number} is numbered "
                       f"twice (first at {seen[paragraph.number].loc}): does the numbering "
                       "restart? UN reports number paragraphs through the whole document")
        else:
            seen[paragraph.number] = paragraph
        if paragraph.number > MAX_PARAGRAPH_NUMBER:
            report.add(paragraph.loc, "E204", f"paragraph number {paragraph.number:,} is over "
                       f"{MAX_PARAGRAPH_NUMBER:,} (MAX_PARAGRAPH_NUMBER)")
        length = len(normalize_lines(paragraph.text))
        if length > MAX_OUTCOME_CHARS:
            report.add(paragraph.loc, "E206", f"paragraph {paragraph.number} has {length:,} "
                       f"characters; an outcome holds at most {MAX_OUTCOME_CHARS:,} "
                       "(MAX_OUTCOME_CHARS)")


def _outcome_file(mapping: Mapping, meeting_id: str) -> str:
    """The file holding the meeting's outcomes (whatever its name), else outcomes/ID.yaml."""
    for outcome in mapping.outcomes:
        if outcome.meeting_id == meeting_id:
            prefix = mapping.folder.show("")
            return outcome.loc.path.removeprefix(prefix)
    return f"{OUTCOMES_DIR}/{meeting_id}.yaml"


def _read_text(mapping: Mapping, relative: str, report: Report) -> str | None:
    """The outcome file's text as it is now, or None when there is none yet."""
    if not (mapping.folder.root / relative).exists():
        return None
    text = mapping.folder.read(relative, report)
    if text is None:
        raise ContentError(report)
    return text


def _model(mapping: Mapping) -> TopicModel:
    """Learnt from every outcome someone has tagged, this meeting's reviewed ones included
    (an outcome still under review has no topics, so it teaches nothing)."""
    return TopicModel(mapping.clusters, mapping.outcomes)


def _verify(text: str, shown: str) -> None:
    """The file about to be written reads back without a problem, or nothing is written."""
    check = Report()
    source = parse_yaml(text, shown, check)
    if source.root is not None:
        read_outcome_file(Ctx(source, check), source.root)
    if check.errors or source.root is None:
        problems = "; ".join(str(d) for d in check.errors[:3])
        raise ImportFailed(f"the merged file would not read back ({problems})")


def _report_changes(changes: tuple[Change, ...], text: str, shown: str, report: Report) -> None:
    """Lost phrases and outcomes not found, located in the file as written."""
    located = [change for change in changes if change.kind in _WARNINGS]
    written = load_round_trip(text) if located else None
    for change in located:
        line, col = position(written, change.outcome_id, *change.keys) or (1, 1)
        report.add(Loc(shown, line, col), _WARNINGS[change.kind], change.message)


def write_atomically(path: Path, text: str) -> None:
    """Replaces the file in one step: a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
