"""The content folder held for many small edits: each outcome file read once, an edit checked
and written by its own file alone, and what changed on disk picked up by a cheap look."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from annexgen.compose.annex_b import outcome_fit_problems
from annexgen.core.deliverables import STANDARD
from annexgen.core.diagnostics import ContentError, Diagnostic, Loc, Report
from annexgen.core.errors import AnnexgenError
from annexgen.core.model import Cluster, DocumentSet, Meeting, Outcome
from annexgen.core.words import Words
from annexgen.edit.outcomes import Operation
from annexgen.edit.outcomes import Outcome as EditableOutcome
from annexgen.edit.writes import Planned, write_all
from annexgen.edit.yamlfile import Layout, dump, layout_of, load
from annexgen.load.corpus import Mapping, load_mapping, read_words
from annexgen.load.fields import Ctx
from annexgen.load.files import OUTCOMES_DIR, open_folder, read_capped
from annexgen.load.outcomes import read_outcome_file
from annexgen.load.validate import check_corpus
from annexgen.load.yamlio import decode
from annexgen.styles.load import load_styles
from annexgen.styles.model import Styles

Stamp = tuple[int, int]  # a file's (mtime_ns, size): what a cheap look compares
_UNSEEN: Stamp = (-1, -1)  # a stamp no file has: read it again at the next look


class OutcomeChanged(AnnexgenError):
    """The outcome is no longer as the person saw it (another tab, another person or an
    editor changed it first): nothing was written."""

    exit_status = 1

    def __init__(self, outcome_id: str, shown: str):
        super().__init__(f"outcome {outcome_id!r} in {shown} was changed by someone else "
                         "since you saw it; nothing was written: look at it again")
        self.outcome_id = outcome_id


@dataclass(frozen=True, slots=True)
class Applied:
    """An edit written (or found to change nothing): the outcome as it now is, its version,
    and the file it is in."""

    outcome: Outcome
    version: str
    file: str
    changed: bool
    before: str = ""  # the outcome's own lines before the edit (what undo puts back)


@dataclass(slots=True)
class _File:
    """One outcome file as last read: its bytes, when it was read, its outcomes, and how it
    is laid out (found once an edit needs it)."""

    relative: str
    data: bytes
    stamp: Stamp
    outcomes: tuple[Outcome, ...]
    _layout: Layout | None = None

    @property
    def layout(self) -> Layout:
        if self._layout is None:
            self._layout = layout_of(self.data.decode("utf-8"))
        return self._layout


def edited_entry(entry: str, layout: Layout, operations: Sequence[Operation]) -> str:
    """One outcome's lines of its file after the operations, every other line of the file
    untouched: the entry is read and written back on its own, under the `outcomes:` key it
    stands under in the file and in the file's layout, so that an action costs what its
    outcome costs, not what its file does."""
    closed = entry.endswith("\n")  # the file's last entry, with the file's last line break
    part = load(f"outcomes:\n{entry if closed else entry + chr(10)}", replace(layout, bom=False))
    editable = EditableOutcome(part.data["outcomes"][0])
    for operation in operations:
        operation.apply(editable)
    written = dump(part).split("\n", 1)[1]
    return written if closed else written[:-1]


class Workspace:
    """The exercise as the workbench holds it. Every method is safe to call from several
    threads; edits are serialised, and each is written only over the bytes it was made from
    (edit/writes.py), so an editor saving in between is never overwritten."""

    def __init__(self, content: Path, styles: Path | None = None):
        self.content, self.styles_dir = content, styles
        self._lock = threading.RLock()
        self.generation = 0  # goes up whenever what the workspace holds changes
        # The errors of files on disk that no longer read cleanly (an editor's half-done
        # save): until they are fixed the workspace keeps what it last read and edits wait.
        self._broken: tuple[Diagnostic, ...] = ()
        self._mapping: Mapping
        self._words: Words | None
        self._styles: Styles | None
        self._stamps: dict[str, Stamp]
        self._files: dict[str, _File]
        self._diagnostics: tuple[Diagnostic, ...]
        self._load()

    # -- what is held ---------------------------------------------------------------------

    @property
    def document(self) -> DocumentSet:
        return self._mapping.document

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        return self._mapping.meetings

    @property
    def clusters(self) -> tuple[Cluster, ...]:
        return self._mapping.clusters

    @property
    def words(self) -> Words | None:
        return self._words

    def outcomes(self) -> list[Outcome]:
        """Every outcome in report order: meeting by meeting as meetings.yaml lists them,
        by paragraph number within each."""
        with self._lock:
            order = {meeting.id: index for index, meeting in enumerate(self.meetings)}
            every = [o for file in self._files.values() for o in file.outcomes]
        return sorted(every, key=lambda o: (order.get(o.meeting_id, len(order)),
                                            o.first_para, o.id))

    def outcome(self, outcome_id: str) -> Outcome | None:
        with self._lock:
            return next((o for file in self._files.values() for o in file.outcomes
                         if o.id == outcome_id), None)

    def version(self, outcome_id: str) -> str | None:
        """The outcome's version: the digest of its own lines of its file, so that an edit
        of another outcome of the same file does not make it stale."""
        with self._lock:
            file = self._file_holding(outcome_id)
            return None if file is None else _entry_version(file, outcome_id)

    def entry_text(self, outcome_id: str) -> str | None:
        """The outcome's own lines of its file, as they are now (what undo puts back)."""
        with self._lock:
            file = self._file_holding(outcome_id)
            if file is None:
                return None
            first, end = _entry_lines(file, outcome_id)
            return b"\n".join(file.data.split(b"\n")[first:end]).decode("utf-8")

    def source_of(self, outcome_id: str) -> str | None:
        """The headings of the report the outcome stands under (its `source:`), if given."""
        text = self.entry_text(outcome_id)
        try:
            data = yaml.safe_load(text or "")
        except yaml.YAMLError:
            return None
        entry = data[0] if isinstance(data, list) and data else None
        source = entry.get("source") if isinstance(entry, dict) else None
        return str(source) if source is not None else None

    def file_of(self, outcome_id: str) -> str | None:
        with self._lock:
            file = self._file_holding(outcome_id)
            return None if file is None else file.relative

    # -- following the disk ---------------------------------------------------------------

    def refresh(self) -> bool:
        """Picks up what changed on disk since the last look (an editor, `git pull`, an
        import): outcome files by their own, any other file by reading everything again.
        True when something changed."""
        with self._lock:
            stamps = _stamps(self.content)
            if stamps == self._stamps:
                return False
            try:
                if not self._reread_outcome_files(stamps):
                    self._load()
                self._broken = ()
            except ContentError as exc:
                # The stamps are not recorded: every look reads the files again until they
                # read cleanly, so a broken file is never hidden behind another's change.
                broken = tuple(d for d in exc.diagnostics if d.is_error)
                if broken == self._broken:
                    return False
                self._broken = broken
            self.generation += 1
            return True

    @property
    def broken(self) -> bool:
        return bool(self._broken)

    def problems(self) -> tuple[Diagnostic, ...]:
        """What `check` says about the YAML files as they are (templates apart)."""
        with self._lock:
            return self._broken or self._diagnostics

    # -- edits ----------------------------------------------------------------------------

    def apply(self, outcome_id: str, operations: Sequence[Operation],
              version: str | None) -> Applied:
        """Applies the operations to the outcome and writes its file, or nothing: OutcomeChanged
        when the outcome is not at `version`, EditRefused when an operation cannot apply,
        ContentError (located, as check says it) when the file as it would be written fails
        a check, FileChanged when another writer came between reading and writing."""
        with self._lock:
            file = self._current_file(outcome_id)
            if version is not None and _entry_version(file, outcome_id) != version:
                raise OutcomeChanged(outcome_id, self._show(file.relative))
            first, end = _entry_lines(file, outcome_id)
            lines = file.data.decode("utf-8").split("\n")
            before = "\n".join(lines[first:end])
            text = "\n".join([*lines[:first], edited_entry(before, file.layout, operations),
                              *lines[end:]])
            if text.encode("utf-8") == file.data:
                return self._applied(file, outcome_id, changed=False)
            return replace(self._write(file, text, outcome_id), before=before)

    def restore(self, outcome_id: str, entry: str, version: str) -> Applied:
        """Puts the outcome's lines back as `entry` (an earlier Applied.before): undo, only
        while the outcome is still at `version` (as that edit left it), so an undo never
        reverts what someone else did since (OutcomeChanged). Checked and written as an
        edit is."""
        with self._lock:
            file = self._current_file(outcome_id)
            if _entry_version(file, outcome_id) != version:
                raise OutcomeChanged(outcome_id, self._show(file.relative))
            first, end = _entry_lines(file, outcome_id)
            lines = file.data.split(b"\n")
            after = b"\n".join([*lines[:first], entry.encode("utf-8"), *lines[end:]])
            if after == file.data:
                return self._applied(file, outcome_id, changed=False)
            return self._write(file, after.decode("utf-8"), outcome_id)

    # -- inside ---------------------------------------------------------------------------

    def _current_file(self, outcome_id: str) -> _File:
        """The file holding the outcome, as it is on disk now; ContentError while a file
        does not read cleanly, or when there is no such outcome (E309)."""
        self.refresh()
        if self._broken:
            raise ContentError(_report_of(self._broken))
        file = self._file_holding(outcome_id)
        if file is None:
            report = Report()
            report.add(Loc(self._show(OUTCOMES_DIR)), "E309",
                       f"no outcome {outcome_id!r} in the content")
            raise ContentError(report)
        return file

    def _write(self, file: _File, text: str, outcome_id: str) -> Applied:
        outcomes = self._checked(file.relative, text, outcome_id)
        path = self.content / file.relative
        write_all(self.content, [Planned(path, self._show(file.relative), text, file.data)])
        written = _File(file.relative, text.encode("utf-8"), _stamp(path), outcomes)
        self._files[file.relative] = written
        # Not the stamp just read: an editor may have saved between the write and the stat,
        # so the next look reads this file again (one file) rather than trust it.
        self._stamps[file.relative] = _UNSEEN
        self.generation += 1
        return self._applied(written, outcome_id, changed=True)

    def _load(self) -> None:
        report = Report()
        stamps = _stamps(self.content)
        mapping = load_mapping(self.content, report)
        words = read_words(mapping.document, STANDARD, report)
        styles = load_styles(self.styles_dir, report) if self.styles_dir else None
        self._mapping, self._words, self._styles = mapping, words, styles
        self._stamps = stamps
        self._files = self._files_of(mapping)
        self._diagnostics = tuple(report.sorted())
        self.generation += 1

    def _files_of(self, mapping: Mapping) -> dict[str, _File]:
        by_file: dict[str, list[Outcome]] = {}
        for outcome in mapping.outcomes:
            by_file.setdefault(self._relative(outcome.loc.path), []).append(outcome)
        files = {}
        for relatives in mapping.files_by_meeting.values():
            for relative in relatives:
                path = self.content / relative
                files[relative] = _File(relative, read_capped(path), _stamp(path),
                                        tuple(by_file.get(relative, ())))
        return files

    def _reread_outcome_files(self, stamps: dict[str, Stamp]) -> bool:
        """Reads again the outcome files whose stamp changed; False when that is not enough
        (a file came or went); ContentError when one no longer reads cleanly."""
        changed = [name for name in stamps.keys() | self._stamps.keys()
                   if stamps.get(name) != self._stamps.get(name)]
        if any(name not in stamps or name not in self._files for name in changed):
            return False  # a file came or went, or one not of outcomes changed
        report = Report()
        fresh = {}
        for relative in changed:
            data = read_capped(self.content / relative)
            text = decode(data, self._show(relative), report)
            outcomes = self._parsed(relative, text, report) if text is not None else ()
            fresh[relative] = _File(relative, data, stamps[relative], outcomes)
        others = [o for name, f in self._files.items() if name not in fresh for o in f.outcomes]
        check_corpus(list(self.meetings), list(self.clusters),
                     others + [o for f in fresh.values() for o in f.outcomes], report)
        if report.errors:
            raise ContentError(report)
        self._files.update(fresh)
        self._stamps = stamps
        self._diagnostics = tuple(report.sorted())
        return True

    def _checked(self, relative: str, text: str, outcome_id: str) -> tuple[Outcome, ...]:
        """The file's outcomes as they would be written, or ContentError with every error
        check would report about them."""
        report = Report()
        outcomes = self._parsed(relative, text, report)
        others = [o for name, f in self._files.items() if name != relative for o in f.outcomes]
        check_corpus(list(self.meetings), list(self.clusters), others + list(outcomes), report)
        edited = [o for o in outcomes if o.id == outcome_id]
        if self._styles is not None and self._words is not None:
            order = [topic.id for cluster in self.clusters for topic in cluster.topics]
            for problem in outcome_fit_problems(edited, order, self.document,
                                                len(self.meetings), self._words,
                                                self._styles.sheet):
                report.add(problem.loc, problem.code, problem.message)
        if report.errors:
            raise ContentError(_report_of(report.errors))
        return outcomes

    def _parsed(self, relative: str, text: str, report: Report) -> tuple[Outcome, ...]:
        folder = open_folder(self.content, report, {relative: text})
        source = folder.yaml(relative, report) if folder is not None else None
        if source is None or source.root is None:
            return ()
        return tuple(read_outcome_file(Ctx(source, report), source.root))

    def _applied(self, file: _File, outcome_id: str, changed: bool) -> Applied:
        outcome = next(o for o in file.outcomes if o.id == outcome_id)
        return Applied(outcome, _entry_version(file, outcome_id), self._show(file.relative),
                       changed)

    def _file_holding(self, outcome_id: str) -> _File | None:
        return next((file for file in self._files.values()
                     if any(o.id == outcome_id for o in file.outcomes)), None)

    def _show(self, relative: str) -> str:
        return self._mapping.folder.show(relative)

    def _relative(self, shown: str) -> str:
        return shown.removeprefix(self._show(""))


def _report_of(problems) -> Report:
    report = Report()
    for problem in problems:
        report.add(problem.loc, problem.code, problem.message)
    return report


def _entry_lines(file: _File, outcome_id: str) -> tuple[int, int]:
    """The outcome's own lines of its file (0-based, end excluded): from its entry to the
    next entry (or the end of the file)."""
    own = next(o.loc.line for o in file.outcomes if o.id == outcome_id)
    following = [o.loc.line for o in file.outcomes if o.loc.line > own]
    end = min(following) - 1 if following else file.data.count(b"\n") + 1
    return own - 1, end


def _entry_version(file: _File, outcome_id: str) -> str:
    """The digest of the outcome's own lines."""
    first, end = _entry_lines(file, outcome_id)
    return hashlib.sha256(b"\n".join(file.data.split(b"\n")[first:end])).hexdigest()[:16]


def _stamp(path: Path) -> Stamp:
    info = os.stat(path)
    return info.st_mtime_ns, info.st_size


def _stamps(content: Path) -> dict[str, Stamp]:
    """The stamp of every file the workspace reads: the YAML files at the top and in
    outcomes/ (templates and styles are the build's business)."""
    stamps = {}
    for folder in (content, content / OUTCOMES_DIR):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                info = entry.stat()
                relative = os.path.relpath(entry.path, content)
                stamps[relative] = (info.st_mtime_ns, info.st_size)
    return stamps


__all__ = ["Applied", "OutcomeChanged", "Workspace"]
