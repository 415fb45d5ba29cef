"""A person's edit of one outcome, applied to its file: every operation through the outcome
model, the content as it would be written checked as a whole, then written only over the
version the person saw (no lost update between two writers)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from annexgen.compose.check import check_inputs
from annexgen.core.diagnostics import ContentError, Diagnostic, Loc, Report
from annexgen.edit.outcomes import EditRefused, Operation, Outcome
from annexgen.edit.writes import FileChanged, Planned, write_all
from annexgen.edit.yamlfile import dump, load
from annexgen.load.corpus import Mapping, load_mapping
from annexgen.load.files import read_capped


@dataclass(frozen=True, slots=True)
class Edited:
    """The file an edit changed (as shown), its new version, and whether it changed."""

    file: str
    version: str
    changed: bool
    diagnostics: tuple[Diagnostic, ...]


def version_of(data: bytes) -> str:
    """A file's version as an editor holds it: the SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def edit_outcome(content: Path, outcome_id: str, operations: Sequence[Operation],
                 report: Report, version: str | None = None,
                 styles: Path | None = None) -> Edited:
    """Applies the operations to the outcome, in order, and writes its file, or nothing:
    ContentError when the content as it would be written fails a check (with `styles`, as
    `check` does), EditRefused when an operation cannot apply, FileChanged when the file is
    no longer at `version` (another writer came first)."""
    mapping = load_mapping(content, report)
    relative = _file_of(mapping, outcome_id, report)
    shown = mapping.folder.show(relative)
    before = read_capped(mapping.folder.root / relative)
    if version is not None and version_of(before) != version:
        raise FileChanged(shown)
    file = load(before.decode("utf-8"))
    entry = next(e for e in file.data["outcomes"] if str(e.get("id")) == outcome_id)
    outcome = Outcome(entry)
    for operation in operations:
        operation.apply(outcome)
    text = dump(file)
    _check_whole(mapping, {relative: text}, styles, report)
    after = text.encode("utf-8")
    if after != before:
        write_all(mapping.folder.root, [Planned(mapping.folder.root / relative, shown, text,
                                                before)])
    return Edited(shown, version_of(after), after != before, tuple(report.sorted()))


def _file_of(mapping: Mapping, outcome_id: str, report: Report) -> str:
    found = next((o for o in mapping.outcomes if o.id == outcome_id), None)
    if found is None:
        report.add(Loc(mapping.folder.show("outcomes")), "E309",
                   f"no outcome {outcome_id!r} in the content")
        raise ContentError(report)
    return found.loc.path.removeprefix(mapping.folder.show(""))


def problems_as_written(mapping: Mapping, changed: dict[str, str],
                        styles: Path | None) -> list[Diagnostic]:
    """The errors `check` would report with these content files (relative path: text) as
    they are about to be written; with `styles`, the composition's too."""
    found = Report()
    try:
        if styles is not None and styles.is_dir():
            check_inputs(mapping.folder.root, styles, found, changed)
        else:
            load_mapping(mapping.folder.root, found, changed)
    except ContentError:
        pass
    return found.errors


def _check_whole(mapping: Mapping, changed: dict[str, str], styles: Path | None,
                 report: Report) -> None:
    problems = problems_as_written(mapping, changed, styles)
    for problem in problems:
        report.add(problem.loc, problem.code, problem.message)
    if problems:
        raise ContentError(report)


__all__ = ["EditRefused", "Edited", "edit_outcome", "problems_as_written", "version_of"]
